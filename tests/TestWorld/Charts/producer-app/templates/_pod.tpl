{{/* The pod template shared by the Job, CronJob and Deployment forms. */}}
{{- define "producer-app.podTemplate" -}}
metadata:
  {{- with .Values.podAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  labels:
    {{- include "kafka-app.selectorLabels" . | nindent 4 }}
    streams-bootstrap/kind: {{ .Chart.Name }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- if not .Values.deployment }}
  restartPolicy: {{ .Values.restartPolicy }}
  {{- end }}
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
    - name: {{ .Chart.Name }}
      image: "{{ .Values.image }}:{{ .Values.imageTag }}"
      imagePullPolicy: {{ .Values.imagePullPolicy }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      env:
        {{- include "kafka-app.env" . | nindent 8 }}
      {{- with .Values.ports }}
      ports:
        {{- range . }}
        - containerPort: {{ .containerPort }}
          name: {{ .name | quote }}
          protocol: {{ default "TCP" .protocol }}
        {{- end }}
      {{- end }}
{{- end }}
