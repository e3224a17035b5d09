{{/* The release's name prefix for every object, at most 63 characters. */}}
{{- define "chimera.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "chimera.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "gateway"). */}}
{{- define "chimera.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* <registry>/<name>:<tag>; call with (dict "root" $ "name" "api-gateway" "suffix" ""). */}}
{{- define "chimera.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s%s" .root.Values.image.registry .name $tag (.suffix | default "") -}}
{{- end -}}

{{- define "chimera.workerName" -}}
{{- printf "%s-worker-%s" (include "chimera.fullname" .root) .pool.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "chimera.workerGroup" -}}
{{- printf "%s-%s" .root.Values.workers.shareGroupPrefix .pool.name -}}
{{- end -}}

{{/*
The methods the gateway accepts while no worker serves them, comma-separated: with KEDA every pool scales from zero,
and a pool at zero replicas has no live worker to announce its methods, yet only work waiting for it starts one. So:
the methods the worker image implements for the pools' kinds (keep in step with gpu-worker's pipelines). Pools of a
fixed size (KEDA off) list nothing: their workers announce themselves.
*/}}
{{- define "chimera.scaleFromZeroMethods" -}}
{{- $implemented := dict "transfer" (list "splice" "cross-image-attention") "synthesis" (list "clvae") "morphing" (list "crossbreed") -}}
{{- $methods := list -}}
{{- if .Values.workers.keda.enabled -}}
{{- range $pool := .Values.workers.pools -}}
{{- range $kind := $pool.kinds -}}
{{- with get $implemented $kind -}}
{{- $methods = concat $methods . -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- join "," $methods -}}
{{- end -}}

{{/* Credentials, always from the operator's Secrets. */}}
{{- define "chimera.databaseCredentials" -}}
- name: CHIMERA_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.userKey }}
- name: CHIMERA_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
{{- end -}}

{{- define "chimera.objectStorageCredentials" -}}
- name: CHIMERA_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.objectStorage.existingSecret }}
      key: {{ .Values.objectStorage.accessKeyKey }}
- name: CHIMERA_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.objectStorage.existingSecret }}
      key: {{ .Values.objectStorage.secretKeyKey }}
{{- end -}}

{{/* Pod annotations: scrape hints and a checksum that rolls the pods when the shared configuration changes. */}}
{{- define "chimera.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /q/metrics
{{- end }}
{{- end -}}

{{/* Liveness, readiness and startup probes on Quarkus's SmallRye Health endpoints, on the named port given. */}}
{{- define "chimera.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: {{ . }}
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /q/health/live
    port: {{ . }}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: {{ . }}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{- define "chimera.preStop" -}}
lifecycle:
  preStop:
    exec:
      command: ["sleep", "{{ . }}"]
{{- end -}}

{{- define "chimera.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}
