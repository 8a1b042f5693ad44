{{- define "shop.labels" -}}
app.kubernetes.io/part-of: {{ .Chart.Name }}
{{- end }}
