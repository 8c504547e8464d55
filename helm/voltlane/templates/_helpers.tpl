{{/* vim: set filetype=mustache: */}}

{{- define "voltlane.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "voltlane.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>, e.g. voltlane-ocpp-gateway. Call with (dict "root" $ "component" "x"). */}}
{{- define "voltlane.componentName" -}}
{{- printf "%s-%s" (include "voltlane.fullname" .root | trunc 40 | trimSuffix "-") .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "voltlane.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. Call with the root context. */}}
{{- define "voltlane.labels" -}}
helm.sh/chart: {{ include "voltlane.chart" . }}
{{ include "voltlane.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: voltlane
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "voltlane.selectorLabels" -}}
app.kubernetes.io/name: {{ include "voltlane.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one app's objects. Call with (dict "root" $ "component" "ocpp-gateway"). */}}
{{- define "voltlane.componentLabels" -}}
{{ include "voltlane.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "voltlane.componentSelectorLabels" -}}
{{ include "voltlane.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "voltlane.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "voltlane.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image of an app. Call with (dict "root" $ "app" "ocpp-gateway" "image" $appImageOverrides). */}}
{{- define "voltlane.image" -}}
{{- $g := .root.Values.image -}}
{{- $o := .image | default dict -}}
{{- $registry := $o.registry | default $g.registry -}}
{{- $repository := $o.repository | default $g.repository -}}
{{- $name := $o.name | default .app -}}
{{- $tag := $o.tag | default $g.tag | default .root.Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s/%s:%s" $registry $repository $name $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" $repository $name $tag -}}
{{- end -}}
{{- end -}}

{{- define "voltlane.imagePullPolicy" -}}
{{- (.image | default dict).pullPolicy | default .root.Values.image.pullPolicy -}}
{{- end -}}

{{- define "voltlane.configMapName" -}}
{{- include "voltlane.componentName" (dict "root" . "component" "config") -}}
{{- end -}}

{{- define "voltlane.secretName" -}}
{{- include "voltlane.componentName" (dict "root" . "component" "infra") -}}
{{- end -}}

{{/* True when the chart must own a Secret for URLs given as plain values. */}}
{{- define "voltlane.ownsSecret" -}}
{{- $i := .Values.infra -}}
{{- if or (and $i.database.url (not $i.database.secretRef.name)) (and $i.redis.url (not $i.redis.secretRef.name)) -}}true{{- end -}}
{{- end -}}

{{/*
One env entry for a server address. Call with
(dict "root" $ "env" "DATABASE_URL" "server" $.Values.infra.database "value" <plain url> "key" <key in existingSecret> "plainInConfigMap" bool "ownSecret" <secret name>).
*/}}
{{- define "voltlane.serverEnv" -}}
{{- $i := .root.Values.infra -}}
- name: {{ .env }}
{{- if .server.secretRef.name }}
  valueFrom:
    secretKeyRef:
      name: {{ .server.secretRef.name | quote }}
      key: {{ required (printf "infra: secretRef.key is required for %s" .env) .server.secretRef.key | quote }}
{{- else if and .value .plainInConfigMap }}
  valueFrom:
    configMapKeyRef:
      name: {{ include "voltlane.configMapName" .root }}
      key: {{ .env }}
{{- else if .value }}
  valueFrom:
    secretKeyRef:
      name: {{ .ownSecret | quote }}
      key: {{ .env }}
{{- else if $i.existingSecret }}
  valueFrom:
    secretKeyRef:
      name: {{ $i.existingSecret | quote }}
      key: {{ .key | quote }}
{{- else }}
{{- fail (printf "infra: %s is not configured: set infra.existingSecret, a secretRef, or the plain value (see the chart README)" .env) }}
{{- end }}
{{- end -}}

{{/* Env entries for DATABASE_URL, REDIS_URL, KAFKA_BROKERS. Call with (dict "root" $ "ownSecret" name). */}}
{{- define "voltlane.infraEnv" -}}
{{- $i := .root.Values.infra -}}
{{ include "voltlane.serverEnv" (dict "root" .root "env" "DATABASE_URL" "server" $i.database "value" $i.database.url "key" $i.secretKeys.databaseUrl "plainInConfigMap" false "ownSecret" .ownSecret) }}
{{ include "voltlane.serverEnv" (dict "root" .root "env" "REDIS_URL" "server" $i.redis "value" $i.redis.url "key" $i.secretKeys.redisUrl "plainInConfigMap" false "ownSecret" .ownSecret) }}
{{ include "voltlane.serverEnv" (dict "root" .root "env" "KAFKA_BROKERS" "server" $i.kafka "value" $i.kafka.brokers "key" $i.secretKeys.kafkaBrokers "plainInConfigMap" true "ownSecret" .ownSecret) }}
{{- include "voltlane.kafkaSecurityEnv" .root }}
{{- end -}}

{{/*
Kafka client security (infra.kafka.security → KAFKA_SECURITY_PROTOCOL & co., docs/configuration.md):
the SASL password (and user name, with usernameKey) from a Secret by secretKeyRef; the TLS files,
only the keys named, projected read-only under /etc/voltlane/kafka-tls (ca/ and client/, see
"voltlane.kafkaTlsVolume"). Part of "voltlane.infraEnv", so every Kafka client (gateway, services)
gets it. Root context.
*/}}
{{- define "voltlane.kafkaSecurityEnv" -}}
{{- $s := .Values.infra.kafka.security -}}
{{- $p := $s.protocol -}}
{{- $sasl := $s.sasl -}}
{{- $tls := $s.tls -}}
{{- $dir := "/etc/voltlane/kafka-tls" -}}
{{- if ne $p "PLAINTEXT" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $p | quote }}
{{- end }}
{{- if hasPrefix "SASL_" $p }}
{{- if not $sasl.mechanism }}{{ fail (printf "infra.kafka.security.sasl.mechanism is required with protocol %s (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)" $p) }}{{ end }}
{{- if not $sasl.existingSecret }}{{ fail (printf "infra.kafka.security.sasl.existingSecret (the Secret holding the password) is required with protocol %s" $p) }}{{ end }}
{{- if not (or $sasl.username $sasl.usernameKey) }}{{ fail (printf "infra.kafka.security.sasl.username or usernameKey is required with protocol %s" $p) }}{{ end }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
{{- if $sasl.usernameKey }}
  valueFrom:
    secretKeyRef:
      name: {{ $sasl.existingSecret | quote }}
      key: {{ $sasl.usernameKey | quote }}
{{- else }}
  value: {{ $sasl.username | quote }}
{{- end }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $sasl.existingSecret | quote }}
      key: {{ $sasl.passwordKey | quote }}
{{- else if or $sasl.mechanism $sasl.username $sasl.usernameKey $sasl.existingSecret }}
{{- fail (printf "infra.kafka.security.sasl is set, but protocol %s does not use SASL (SASL_SSL or SASL_PLAINTEXT do)" $p) }}
{{- end }}
{{- if hasSuffix "SSL" $p }}
{{- if and $tls.caKey (not (or $tls.caSecret $tls.existingSecret)) }}{{ fail "infra.kafka.security.tls.caKey names a key of tls.caSecret or tls.existingSecret; neither is set" }}{{ end }}
{{- if and $tls.caSecret (not $tls.caKey) }}{{ fail "infra.kafka.security.tls.caSecret needs caKey (the key of the CA certificate in it)" }}{{ end }}
{{- if ne (empty $tls.certKey) (empty $tls.keyKey) }}{{ fail "infra.kafka.security.tls: certKey and keyKey (the client certificate and its key) go together" }}{{ end }}
{{- if and $tls.keyPasswordKey (not $tls.keyKey) }}{{ fail "infra.kafka.security.tls.keyPasswordKey needs keyKey" }}{{ end }}
{{- if and $tls.certKey (not $tls.existingSecret) }}{{ fail "infra.kafka.security.tls.certKey and keyKey name keys of tls.existingSecret, which is not set" }}{{ end }}
{{- if and $tls.existingSecret (not (or $tls.certKey (and $tls.caKey (not $tls.caSecret)))) }}{{ fail "infra.kafka.security.tls.existingSecret is set, but neither certKey/keyKey nor caKey name a key of it" }}{{ end }}
{{- with $tls.caKey }}
- name: KAFKA_SSL_CA_FILE
  value: {{ printf "%s/ca/%s" $dir . | quote }}
{{- end }}
{{- if $tls.certKey }}
- name: KAFKA_SSL_CERT_FILE
  value: {{ printf "%s/client/%s" $dir $tls.certKey | quote }}
- name: KAFKA_SSL_KEY_FILE
  value: {{ printf "%s/client/%s" $dir $tls.keyKey | quote }}
{{- end }}
{{- with $tls.keyPasswordKey }}
- name: KAFKA_SSL_KEY_PASSWORD_FILE
  value: {{ printf "%s/client/%s" $dir . | quote }}
{{- end }}
{{- with $tls.servername }}
- name: KAFKA_SSL_SERVERNAME
  value: {{ . | quote }}
{{- end }}
{{- if not $tls.rejectUnauthorized }}
- name: KAFKA_SSL_REJECT_UNAUTHORIZED
  value: "false"
{{- end }}
{{- else if or $tls.existingSecret $tls.caSecret $tls.caKey $tls.certKey $tls.keyKey $tls.keyPasswordKey $tls.servername (not $tls.rejectUnauthorized) }}
{{- fail (printf "infra.kafka.security.tls is set, but protocol %s does not use TLS (SSL or SASL_SSL do)" $p) }}
{{- end }}
{{- end -}}

{{/*
The volumeMount and the volume of the Kafka TLS files (nothing when there are none): the CA key
of tls.caSecret (or tls.existingSecret) at ca/<caKey>, the client certificate's keys of
tls.existingSecret at client/<key>; only those keys, read-only. Root context; in a pod spec:
{{- with include "voltlane.kafkaTlsVolume" $ }}{{- . | nindent 8 }}{{- end }}
*/}}
{{- define "voltlane.kafkaTlsVolumeMount" -}}
{{- $s := .Values.infra.kafka.security -}}
{{- if and (hasSuffix "SSL" $s.protocol) (or $s.tls.caKey $s.tls.certKey) -}}
- name: kafka-tls
  mountPath: /etc/voltlane/kafka-tls
  readOnly: true
{{- end }}
{{- end -}}

{{- define "voltlane.kafkaTlsVolume" -}}
{{- $s := .Values.infra.kafka.security -}}
{{- $t := $s.tls -}}
{{- if and (hasSuffix "SSL" $s.protocol) (or $t.caKey $t.certKey) -}}
- name: kafka-tls
  projected:
    defaultMode: 0440
    sources:
      {{- if $t.caKey }}
      - secret:
          name: {{ $t.caSecret | default $t.existingSecret | quote }}
          items:
            - {key: {{ $t.caKey | quote }}, path: {{ printf "ca/%s" $t.caKey | quote }}}
      {{- end }}
      {{- if $t.certKey }}
      - secret:
          name: {{ $t.existingSecret | quote }}
          items:
            {{- range $key := compact (list $t.certKey $t.keyKey $t.keyPasswordKey) }}
            - {key: {{ $key | quote }}, path: {{ printf "client/%s" $key | quote }}}
            {{- end }}
      {{- end }}
{{- end }}
{{- end -}}

{{/* Seconds the gateway needs after SIGTERM, plus the preStop sleep before it. */}}
{{- define "voltlane.gateway.terminationGrace" -}}
{{- $g := .Values.gateway -}}
{{- $drain := div (add (int $g.drainWindowMs) (int $g.drainReplyGraceMs) 999) 1000 -}}
{{- $needed := add (int .Values.preStopSleepSeconds) $drain 2 (int $g.shutdownMarginSeconds) -}}
{{- if kindIs "invalid" $g.terminationGracePeriodSeconds -}}
{{- $needed -}}
{{- else if lt (int $g.terminationGracePeriodSeconds) (int (sub $needed (int $g.shutdownMarginSeconds))) -}}
{{- fail (printf "gateway.terminationGracePeriodSeconds=%v is shorter than preStop + drain window + reply grace (%d s)" $g.terminationGracePeriodSeconds (sub $needed (int $g.shutdownMarginSeconds))) -}}
{{- else -}}
{{- int $g.terminationGracePeriodSeconds -}}
{{- end -}}
{{- end -}}

{{/* Resolved values of one service: serviceDefaults overridden by services.<name>. */}}
{{- define "voltlane.serviceValues" -}}
{{- $own := .values | default dict -}}
{{- $merged := mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own) -}}
{{- /* whole-object values: a service's probe or affinity replaces the default, never merges */ -}}
{{- range $key := list "livenessProbe" "readinessProbe" "startupProbe" "affinity" "resources" -}}
{{- if hasKey $own $key -}}{{- $_ := set $merged $key (get $own $key) -}}{{- end -}}
{{- end -}}
{{- toYaml $merged -}}
{{- end -}}

{{/* Env var prefix of a service: station-service → STATION_SERVICE. */}}
{{- define "voltlane.envPrefix" -}}
{{- . | upper | replace "-" "_" -}}
{{- end -}}

{{/* HorizontalPodAutoscaler. Call with (dict "root" $ "component" name "autoscaling" values). */}}
{{- define "voltlane.hpa" -}}
{{- $a := .autoscaling -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "voltlane.componentName" $ctx }}
  labels:
    {{- include "voltlane.componentLabels" $ctx | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "voltlane.componentName" $ctx }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    {{- with $a.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
    {{- with $a.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . }}
    {{- end }}
  {{- with $a.behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* PodDisruptionBudget. Call with (dict "root" $ "component" name "pdb" values). */}}
{{- define "voltlane.pdb" -}}
{{- $ctx := dict "root" .root "component" .component -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "voltlane.componentName" $ctx }}
  labels:
    {{- include "voltlane.componentLabels" $ctx | nindent 4 }}
spec:
  {{- if not (kindIs "invalid" .pdb.minAvailable) }}
  minAvailable: {{ .pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .pdb.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "voltlane.componentSelectorLabels" $ctx | nindent 6 }}
{{- end -}}

{{/* The Secret holding the first admin API key: adminKey.existingSecret, or the one the chart makes. */}}
{{- define "voltlane.adminKeySecretName" -}}
{{- .Values.adminKey.existingSecret | default (include "voltlane.componentName" (dict "root" . "component" "admin-key")) -}}
{{- end -}}

{{/*
API_EDGE_UPSTREAMS of the api-edge: name=url of every enabled service, station-service first
(an operation several services serve, such as dead letters, goes to the first listed).
*/}}
{{- define "voltlane.apiEdge.upstreams" -}}
{{- $root := . -}}
{{- $order := list "station-service" "customer-service" "session-service" "metering-service" "billing-service" "report-service" "energy-service" "ocpi-service" -}}
{{- range $name := keys .Values.services | sortAlpha }}{{ if not (has $name $order) }}{{ $order = append $order $name }}{{ end }}{{ end -}}
{{- $entries := list -}}
{{- range $name := $order -}}
{{- $values := get $root.Values.services $name -}}
{{- if and $values $values.enabled -}}
{{- $s := include "voltlane.serviceValues" (dict "root" $root "values" $values) | fromYaml -}}
{{- $entries = append $entries (printf "%s=http://%s:%v" (trimSuffix "-service" $name) (include "voltlane.componentName" (dict "root" $root "component" $name)) $s.service.port) -}}
{{- end -}}
{{- end -}}
{{- join "," $entries -}}
{{- end -}}

{{/* servers[0].url of the merged OpenAPI document. */}}
{{- define "voltlane.apiEdge.publicUrl" -}}
{{- if .Values.apiEdge.publicUrl -}}
{{- .Values.apiEdge.publicUrl -}}
{{- else if .Values.apiIngress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" (not (empty .Values.apiIngress.tls.secretName))) .Values.apiIngress.host -}}
{{- else -}}
/
{{- end -}}
{{- end -}}

{{/*
OCPI_SERVICE_PUBLIC_URL of the ocpi-service: the base URL partners reach /ocpi/versions at. Its
env value, else apiEdge.publicUrl (when it is a URL), else the API ingress' URL; none: refused.
*/}}
{{- define "voltlane.ocpi.publicUrl" -}}
{{- $ocpi := get .Values.services "ocpi-service" | default dict -}}
{{- $set := get ($ocpi.env | default dict) "OCPI_SERVICE_PUBLIC_URL" | default "" | toString -}}
{{- if $set -}}
{{- $set -}}
{{- else if hasPrefix "http" (.Values.apiEdge.publicUrl | default "") -}}
{{- .Values.apiEdge.publicUrl -}}
{{- else if .Values.apiIngress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" (not (empty .Values.apiIngress.tls.secretName))) .Values.apiIngress.host -}}
{{- else -}}
{{- fail "services.ocpi-service needs the URL OCPI partners reach it at: set services.ocpi-service.env.OCPI_SERVICE_PUBLIC_URL, apiEdge.publicUrl or apiIngress.enabled" -}}
{{- end -}}
{{- end -}}

{{/*
The customer-service's real-time authorization of roaming tokens, when the ocpi-service is
enabled: its in-cluster Service as CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL (unless the
customer-service's env names one) and the write API key from
services.ocpi-service.authorizationApiKeySecret, else the first admin key's Secret (adminKey).
*/}}
{{- define "voltlane.customer.roamingAuthorizationEnv" -}}
{{- $ocpi := get .Values.services "ocpi-service" | default dict -}}
{{- $customer := get .Values.services "customer-service" | default dict -}}
{{- if $ocpi.enabled -}}
{{- $own := get ($customer.env | default dict) "CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL" | default "" | toString -}}
{{- $secret := $ocpi.authorizationApiKeySecret | default dict -}}
{{- if not $own -}}
{{- $s := include "voltlane.serviceValues" (dict "root" . "values" $ocpi) | fromYaml }}
- name: CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL
  value: {{ printf "http://%s:%v" (include "voltlane.componentName" (dict "root" . "component" "ocpi-service")) $s.service.port | quote }}
{{- end }}
{{- if $secret.name }}
- name: CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name | quote }}
      key: {{ $secret.key | default "key" | quote }}
{{- else if .Values.adminKey.enabled }}
- name: CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "voltlane.adminKeySecretName" . | quote }}
      key: {{ .Values.adminKey.secretKey | quote }}
{{- else -}}
{{- fail "services.ocpi-service needs an API key for the customer-service's real-time authorization: set services.ocpi-service.authorizationApiKeySecret.name (a Secret holding a write API key) or enable adminKey" -}}
{{- end -}}
{{- end -}}
{{- end -}}
