{{/*
The operator's permissions, all of them and only here (the Roles in operator-rbac.yaml include these lists).

debugd.operator.rules: in each namespace it reconciles. The custom resources are read and written (status through its
subresource, finalizers on delete); the Deployments, ConfigMaps and Secrets it makes of them are managed in full;
Events record what it did. A Tenant deleted under the Delete policy deletes its AgentProfiles and Integrations. It makes
no Services and needs nothing cluster-wide.
*/}}
{{- define "debugd.operator.rules" -}}
- apiGroups: ["debugd.dev"]
  resources: ["tenants", "integrations", "agentprofiles"]
  verbs: ["get", "list", "watch", "patch", "update", "delete"]
- apiGroups: ["debugd.dev"]
  resources: ["tenants/status", "integrations/status", "agentprofiles/status"]
  verbs: ["patch", "update"]
- apiGroups: ["debugd.dev"]
  resources: ["tenants/finalizers", "integrations/finalizers", "agentprofiles/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["configmaps", "secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* debugd.operator.leaderElectionRules: in the release namespace only, for the Lease that picks one leader. */}}
{{- define "debugd.operator.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
{{- end }}
