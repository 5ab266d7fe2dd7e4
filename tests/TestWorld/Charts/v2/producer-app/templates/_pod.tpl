{{/* The pod template shared by the Job and CronJob forms. */}}
{{- define "producer-app-v2.podTemplate" -}}
metadata:
  {{- with (include "kafka-app-v2.podAnnotations" . | trim) }}
  annotations:
    {{- . | nindent 4 }}
  {{- end }}
  labels:
    {{- include "kafka-app-v2.labels" . | nindent 4 }}
spec:
  restartPolicy: {{ .Values.restartPolicy }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ include "kafka-app-v2.name" . }}-container
      image: "{{ .Values.image }}:{{ .Values.imageTag }}"
      imagePullPolicy: {{ .Values.imagePullPolicy }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      env:
        {{- include "kafka-app-v2.env" . | nindent 8 }}
      {{- with .Values.ports }}
      ports:
        {{- range . }}
        - containerPort: {{ .containerPort }}
          name: {{ .name | quote }}
          protocol: {{ default "TCP" .schema }}
        {{- end }}
      {{- end }}
{{- end }}
