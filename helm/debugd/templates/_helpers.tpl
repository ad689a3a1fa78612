{{/* The chart's name, or nameOverride. */}}
{{- define "debugd.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every object's name: the release's, with the chart's unless the release already says it. */}}
{{- define "debugd.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels of every object; call with (dict "root" $ "component" "…"). */}}
{{- define "debugd.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "debugd.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: debugd
{{- end }}

{{/* The labels a Deployment selects its pods by; call with (dict "root" $ "component" "…"). */}}
{{- define "debugd.selectorLabels" -}}
app.kubernetes.io/name: {{ include "debugd.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* An image reference; call with (dict "root" $ "image" .Values.images.worker). */}}
{{- define "debugd.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* The namespaces the operator reconciles, comma-separated: the release namespace unless watchNamespaces lists others. */}}
{{- define "debugd.watchNamespaces" -}}
{{- if .Values.operator.watchNamespaces }}
{{- .Values.operator.watchNamespaces | uniq | join "," }}
{{- else }}
{{- .Release.Namespace }}
{{- end }}
{{- end }}

{{/*
Where the servers are, as the workers and the operator read them (workers' config.Endpoints); credentials only as
secretKeyRefs. Call with (dict "root" $ "kafkaCredentials" <an override of kafka.credentials, or empty>).
*/}}
{{- define "debugd.serverEnv" -}}
{{- $values := .root.Values }}
{{- $kafka := merge (deepCopy (default (dict) .kafkaCredentials)) $values.kafka.credentials -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $values.kafka.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $values.kafka.securityProtocol | quote }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.secretName }}
      key: {{ $kafka.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.secretName }}
      key: {{ $kafka.passwordKey }}
{{- if $values.kafka.truststore.secretName }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "/etc/debugd/kafka-truststore/%s" $values.kafka.truststore.key | quote }}
{{- end }}
- name: SQS_ENDPOINT
  value: {{ $values.sqs.endpoint | quote }}
- name: AWS_REGION
  value: {{ $values.sqs.region | quote }}
- name: CLICKHOUSE_URL
  value: {{ $values.clickhouse.url | quote }}
{{- if $values.clickhouse.user }}
- name: CLICKHOUSE_USER
  value: {{ $values.clickhouse.user | quote }}
{{- end }}
{{- if $values.clickhouse.passwordSecret.name }}
- name: CLICKHOUSE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $values.clickhouse.passwordSecret.name }}
      key: {{ $values.clickhouse.passwordSecret.key }}
{{- end }}
- name: PGHOST
  value: {{ $values.postgres.host | quote }}
- name: PGPORT
  value: {{ $values.postgres.port | quote }}
- name: PGDATABASE
  value: {{ $values.postgres.database | quote }}
- name: PGUSER
  value: {{ $values.postgres.user | quote }}
{{- if $values.postgres.passwordSecret.name }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $values.postgres.passwordSecret.name }}
      key: {{ $values.postgres.passwordSecret.key }}
{{- end }}
- name: DEBUGD_TOPIC_PREFIX
  value: {{ $values.kafka.topicPrefix | quote }}
- name: DEBUGD_QUEUE_PREFIX
  value: {{ $values.sqs.queuePrefix | quote }}
{{- end }}

{{/* Volumes every pod has: a writable /tmp (the root file system is read-only) and the Kafka truststore when named. */}}
{{- define "debugd.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.kafka.truststore.secretName }}
- name: kafka-truststore
  secret:
    secretName: {{ .Values.kafka.truststore.secretName }}
    items:
      - key: {{ .Values.kafka.truststore.key }}
        path: {{ .Values.kafka.truststore.key }}
{{- end }}
{{- end }}

{{- define "debugd.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.kafka.truststore.secretName }}
- name: kafka-truststore
  mountPath: /etc/debugd/kafka-truststore
  readOnly: true
{{- end }}
{{- end }}

{{/* Scheduling and security settings of every pod. */}}
{{- define "debugd.podSettings" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.images.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The API as providers reach it: operator.apiUrl, else the Ingress's host, else the API Service in the cluster. */}}
{{- define "debugd.apiUrl" -}}
{{- if .Values.operator.apiUrl -}}
{{ .Values.operator.apiUrl }}
{{- else if .Values.ingress.enabled -}}
{{ ternary "https" "http" (ne .Values.ingress.tls.secretName "") }}://{{ .Values.ingress.host }}
{{- else -}}
http://{{ include "debugd.fullname" . }}-api.{{ .Release.Namespace }}.svc:{{ .Values.service.port }}
{{- end -}}
{{- end }}
