{{/*
The operator's permissions, all of them and only here (the Roles in operator-rbac.yaml include these lists).

debugd.operator.rules: in each namespace it reconciles, exactly the requests it makes (OperatorRbacTest compares them):
the custom resources are watched and patched (finalizers; status through its subresource), a Tenant is read by the
resources that name it, and one deleted under the Delete policy deletes its AgentProfiles and Integrations; the
Deployments and ConfigMaps it makes are created and updated (drift put back), never deleted (their owner references
let the garbage collector do it); its workloads' credential Secrets are created and patched once the broker has their
password, and the Secrets a resource names are read. It makes no Services and needs nothing cluster-wide.
*/}}
{{- define "debugd.operator.rules" -}}
- apiGroups: ["debugd.dev"]
  resources: ["tenants"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["debugd.dev"]
  resources: ["integrations", "agentprofiles"]
  verbs: ["list", "watch", "patch", "delete"]
- apiGroups: ["debugd.dev"]
  resources: ["tenants/status", "integrations/status", "agentprofiles/status"]
  verbs: ["patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch"]
{{- end }}

{{/* debugd.operator.leaderElectionRules: in the release namespace only, for the Lease that picks one leader (JOSDK checks
get, create and update before it starts; renewals patch), and with kafka.perRoleUsers the shared roles' credential
Secrets it makes there. */}}
{{- define "debugd.operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- if .Values.kafka.perRoleUsers }}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "patch"]
{{- end }}
{{- end }}
