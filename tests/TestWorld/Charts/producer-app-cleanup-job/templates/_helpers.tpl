{{/*
Helpers shared by the Kafka app charts of the test world (kept identical in every chart; a test checks that).
*/}}

{{/* App name: nameOverride, else the chart name. */}}
{{- define "kafka-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name: fullnameOverride, else nameOverride, else <release>-<chart>. */}}
{{- define "kafka-app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if .Values.nameOverride }}
{{- .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "kafka-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kafka-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafka-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kafka-app.labels" -}}
helm.sh/chart: {{ include "kafka-app.chart" . }}
{{ include "kafka-app.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- range $key, $value := .Values.labels }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/*
Container env: the APP_* variables streams-bootstrap apps read (prefix from configurationEnvPrefix), KAFKA_* from
kafka.config, commandLine entries, chart secrets, secret references and plain env.
*/}}
{{- define "kafka-app.env" -}}
{{- $prefix := .Values.configurationEnvPrefix -}}
- name: ENV_PREFIX
  value: {{ printf "%s_" $prefix | quote }}
{{- with .Values.kafka }}
{{- if .bootstrapServers }}
- name: {{ $prefix }}_BOOTSTRAP_SERVERS
  value: {{ .bootstrapServers | quote }}
{{- end }}
{{- if .schemaRegistryUrl }}
- name: {{ $prefix }}_SCHEMA_REGISTRY_URL
  value: {{ .schemaRegistryUrl | quote }}
{{- end }}
{{- if .inputTopics }}
- name: {{ $prefix }}_INPUT_TOPICS
  value: {{ .inputTopics | join "," | quote }}
{{- end }}
{{- if .inputPattern }}
- name: {{ $prefix }}_INPUT_PATTERN
  value: {{ .inputPattern | quote }}
{{- end }}
{{- if .labeledInputTopics }}
- name: {{ $prefix }}_LABELED_INPUT_TOPICS
  value: "{{ range $label, $topics := .labeledInputTopics }}{{ $label }}={{ $topics | join ";" }},{{ end }}"
{{- end }}
{{- if .labeledInputPatterns }}
- name: {{ $prefix }}_LABELED_INPUT_PATTERNS
  value: "{{ range $label, $pattern := .labeledInputPatterns }}{{ $label }}={{ $pattern }},{{ end }}"
{{- end }}
{{- if .outputTopic }}
- name: {{ $prefix }}_OUTPUT_TOPIC
  value: {{ .outputTopic | quote }}
{{- end }}
{{- if .labeledOutputTopics }}
- name: {{ $prefix }}_LABELED_OUTPUT_TOPICS
  value: "{{ range $label, $topic := .labeledOutputTopics }}{{ $label }}={{ $topic }},{{ end }}"
{{- end }}
{{- if .errorTopic }}
- name: {{ $prefix }}_ERROR_TOPIC
  value: {{ .errorTopic | quote }}
{{- end }}
{{- if .applicationId }}
- name: {{ $prefix }}_APPLICATION_ID
  value: {{ .applicationId | quote }}
{{- end }}
{{- if .groupId }}
- name: {{ $prefix }}_GROUP_ID
  value: {{ .groupId | quote }}
{{- end }}
{{- range $key, $value := .config }}
- name: {{ printf "KAFKA_%s" $key | replace "." "_" | upper | quote }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.commandLine }}
- name: {{ printf "%s_%s" $prefix $key | quote }}
  value: {{ $value | quote }}
{{- end }}
{{- range $key, $value := .Values.secrets }}
- name: {{ $key | quote }}
  valueFrom:
    secretKeyRef:
      name: {{ include "kafka-app.fullname" $ }}
      key: {{ $key | quote }}
{{- end }}
{{- range $key, $value := .Values.secretRefs }}
- name: {{ $key | quote }}
  valueFrom:
    secretKeyRef:
      name: {{ $value.name }}
      key: {{ $value.key | quote }}
{{- end }}
{{- range $key, $value := .Values.env }}
- name: {{ $key | quote }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}
