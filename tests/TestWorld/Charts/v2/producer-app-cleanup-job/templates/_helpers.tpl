{{/*
Helpers shared by the streams-bootstrap 2.x-shaped charts of the test world (kept identical in every v2 chart; a test
checks that). As in streams-bootstrap 2.x: the resource name is the nameOverride (default bakdata-<chart>), the
release name is not part of it, and resources carry the labels app, release and chart.
*/}}

{{- define "kafka-app-v2.name" -}}
{{- default (printf "bakdata-%s" .Chart.Name) .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kafka-app-v2.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kafka-app-v2.selectorLabels" -}}
app: {{ include "kafka-app-v2.name" . }}
release: {{ .Release.Name }}
{{- end }}

{{- define "kafka-app-v2.labels" -}}
{{ include "kafka-app-v2.selectorLabels" . }}
chart: {{ include "kafka-app-v2.chart" . }}
{{- range $key, $value := .Values.labels }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/*
Pod annotations: the annotations value, plus consumerGroup from autoscaling.consumerGroup unless the annotations name
one (the application id of a 2.x app is chosen in its code; this is where the chart makes it visible).
*/}}
{{- define "kafka-app-v2.podAnnotations" -}}
{{- $annotations := deepCopy (default (dict) .Values.annotations) }}
{{- if and .Values.autoscaling .Values.autoscaling.consumerGroup (not (hasKey $annotations "consumerGroup")) }}
{{- $_ := set $annotations "consumerGroup" .Values.autoscaling.consumerGroup }}
{{- end }}
{{- range $key, $value := $annotations }}
{{ $key | quote }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{/*
Container env as streams-bootstrap 2.x apps read it: APP_* (prefix from configurationEnvPrefix) from streams.*, with
extra instead of labeled topics, STREAMS_* from streams.config, commandLine entries, chart secrets, secret references
and plain env.
*/}}
{{- define "kafka-app-v2.env" -}}
{{- $prefix := .Values.configurationEnvPrefix -}}
- name: ENV_PREFIX
  value: {{ printf "%s_" $prefix | quote }}
{{- with .Values.streams }}
{{- range $key, $value := .config }}
- name: {{ printf "STREAMS_%s" $key | replace "." "_" | upper | quote }}
  value: {{ $value | quote }}
{{- end }}
- name: {{ $prefix }}_BROKERS
  value: {{ .brokers | quote }}
- name: {{ $prefix }}_SCHEMA_REGISTRY_URL
  value: {{ .schemaRegistryUrl | default "" | quote }}
{{- if hasKey . "productive" }}
- name: {{ $prefix }}_PRODUCTIVE
  value: {{ .productive | quote }}
{{- end }}
{{- if .inputTopics }}
- name: {{ $prefix }}_INPUT_TOPICS
  value: {{ .inputTopics | join "," | quote }}
{{- end }}
{{- if .inputPattern }}
- name: {{ $prefix }}_INPUT_PATTERN
  value: {{ .inputPattern | quote }}
{{- end }}
{{- if .extraInputTopics }}
- name: {{ $prefix }}_EXTRA_INPUT_TOPICS
  value: "{{ range $label, $topics := .extraInputTopics }}{{ $label }}={{ $topics | join ";" }},{{ end }}"
{{- end }}
{{- if .extraInputPatterns }}
- name: {{ $prefix }}_EXTRA_INPUT_PATTERNS
  value: "{{ range $label, $pattern := .extraInputPatterns }}{{ $label }}={{ $pattern }},{{ end }}"
{{- end }}
{{- if .outputTopic }}
- name: {{ $prefix }}_OUTPUT_TOPIC
  value: {{ .outputTopic | quote }}
{{- end }}
{{- if .extraOutputTopics }}
- name: {{ $prefix }}_EXTRA_OUTPUT_TOPICS
  value: "{{ range $label, $topic := .extraOutputTopics }}{{ $label }}={{ $topic }},{{ end }}"
{{- end }}
{{- if .errorTopic }}
- name: {{ $prefix }}_ERROR_TOPIC
  value: {{ .errorTopic | quote }}
{{- end }}
{{- end }}
{{- if hasKey .Values "debug" }}
- name: {{ $prefix }}_DEBUG
  value: {{ .Values.debug | quote }}
{{- end }}
{{- range $key, $value := .Values.commandLine }}
- name: {{ printf "%s_%s" $prefix $key | quote }}
  value: {{ $value | quote }}
{{- end }}
{{- range $key, $value := .Values.secrets }}
- name: {{ $key | quote }}
  valueFrom:
    secretKeyRef:
      name: {{ include "kafka-app-v2.name" $ }}
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

{{/*
The env of a cleanup job: the app's env, then the switches streams-bootstrap 2.x cleanup jobs pass instead of a
command: CLEAN_UP=true and, when streams.deleteOutput is set, DELETE_OUTPUT.
*/}}
{{- define "kafka-app-v2.cleanupEnv" -}}
{{ include "kafka-app-v2.env" . }}
- name: {{ .Values.configurationEnvPrefix }}_CLEAN_UP
  value: "true"
{{- if hasKey .Values.streams "deleteOutput" }}
- name: {{ .Values.configurationEnvPrefix }}_DELETE_OUTPUT
  value: {{ .Values.streams.deleteOutput | quote }}
{{- end }}
{{- end }}
