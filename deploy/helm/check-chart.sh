#!/usr/bin/env bash
# Lints, renders and validates the Helm chart helm/voltlane against the Kubernetes schemas,
# offline (see docs/adr/0003-offline-kubernetes-schema-validation.md):
#
#   bash deploy/helm/check-chart.sh
#
# Tools come from the Go module proxy with `go install` (needs Go >= 1.24 on PATH) and are cached
# with the schemas under ${VOLTLANE_CACHE:-~/.cache/voltlane}/helm-check, so later runs take
# seconds. Kubernetes JSON schemas are generated from the OpenAPI v3 documents that the
# k8s.io/kubernetes module ships (api/openapi-spec/v3), fetched with `go mod download`.
#
# Checks: helm lint (defaults and ci/values-*.yaml), helm template of each values file (and of
# every security profile), kubeconform -strict on every rendered object, values that must be
# refused (schema and template guards), the first admin API key's Secret and env (adminKey), a
# manifest that must fail kubeconform (proves the schemas are strict and used), and the
# Dockerfile's static checks. Exit 1 if any check fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
K8S_VERSION=1.34.4            # schemas: Kubernetes release whose OpenAPI the manifests must match
CHART=helm/voltlane
CACHE="${VOLTLANE_CACHE:-${HOME:-/root}/.cache/voltlane}/helm-check"
BIN="$CACHE/bin"
SCHEMAS="$CACHE/schemas/v$K8S_VERSION-standalone-strict"
OUT="${TMPDIR:-/tmp}/voltlane-chart-check.$$"
export PATH="$BIN:$PATH" GOFLAGS=-mod=mod GOTOOLCHAIN=local
mkdir -p "$BIN" "$OUT"
trap 'rm -rf "$OUT"' EXIT

passed=0 failed=0 failures=()
log() { printf '[chart] %s\n' "$*" >&2; }
ok() { passed=$((passed + 1)); printf '[chart] ok    %s\n' "$1" >&2; }
ko() { failed=$((failed + 1)); failures+=("$1"); printf '[chart] FAIL  %s\n' "$1" >&2; }
check() { # check NAME CMD...: run CMD, output to a log shown on failure
  local name="$1"; shift
  local logf="$OUT/log.$((passed + failed))"
  if "$@" >"$logf" 2>&1; then ok "$name"; else ko "$name"; sed 's/^/        /' "$logf" | tail -n 40 >&2; fi
}

# --- tools -------------------------------------------------------------------------------------
ensure_tool() { # ensure_tool NAME MODULE/PATH VERSION
  local name="$1" pkg="$2" version="$3" t0=$SECONDS
  if [[ -x "$BIN/$name" && "$(cat "$BIN/.$name.version" 2>/dev/null)" == "$version" ]]; then return 0; fi
  command -v go >/dev/null || { ko "install $name: no Go toolchain on PATH"; return 1; }
  log "installing $name $version with go install (first run only)"
  if GOBIN="$BIN" go install "$pkg@$version" >"$OUT/install-$name.log" 2>&1; then
    printf '%s\n' "$version" >"$BIN/.$name.version"
    log "$name installed in $((SECONDS - t0))s"
  else
    tail -n 20 "$OUT/install-$name.log" >&2
    ko "install $name $version"
    return 1
  fi
}

ensure_schemas() {
  local stamp="$K8S_VERSION $(sha256sum deploy/helm/openapi-to-jsonschema.js | cut -c1-16)"
  if [[ -f "$SCHEMAS/.complete" && "$(cat "$SCHEMAS/.complete")" == "$stamp" ]]; then return 0; fi
  log "generating Kubernetes $K8S_VERSION JSON schemas from k8s.io/kubernetes api/openapi-spec/v3"
  local dir
  dir="$(cd "$OUT" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" 2>"$OUT/schemas.log" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')" ||
    { cat "$OUT/schemas.log" >&2; ko "download k8s.io/kubernetes@v$K8S_VERSION"; return 1; }
  rm -rf "$SCHEMAS.tmp"
  if node deploy/helm/openapi-to-jsonschema.js "$dir/api/openapi-spec/v3" "$SCHEMAS.tmp" >&2; then
    rm -rf "$SCHEMAS" && mv "$SCHEMAS.tmp" "$SCHEMAS" && printf '%s\n' "$stamp" >"$SCHEMAS/.complete"
  else
    ko "generate JSON schemas"; return 1
  fi
}

start=$SECONDS
tools_ok=1
ensure_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" || tools_ok=0
ensure_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" || tools_ok=0
ensure_schemas || tools_ok=0
log "tools and schemas ready after $((SECONDS - start))s"

if ((tools_ok)); then
  kubeconform_args=(-strict -summary -output text -kubernetes-version "$K8S_VERSION"
    -schema-location "$SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json"
    -schema-location "deploy/helm/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json")
  validate() { kubeconform "${kubeconform_args[@]}" "$@"; }
  # go-installed helm has no Kubernetes version linked in (it would claim v1.20): pass ours.
  render() { helm template voltlane "$CHART" --namespace voltlane --kube-version "$K8S_VERSION" "$@"; }
  # render_validate NAME HELM-ARGS...: helm template, then kubeconform on the result
  render_validate() {
    local name="$1"; shift
    local file="$OUT/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_').yaml"
    if render "$@" >"$file" 2>"$file.err"; then
      check "kubeconform: $name ($(grep -c '^kind:' "$file") objects)" validate "$file"
    else
      ko "helm template: $name"; sed 's/^/        /' "$file.err" >&2
    fi
  }
  # must_refuse NAME PATTERN HELM-ARGS...: the chart must refuse these values with PATTERN in the error
  must_refuse() {
    local name="$1" pattern="$2"; shift 2
    if render "$@" >/dev/null 2>"$OUT/refuse.err"; then ko "refuses $name (rendered anyway)"
    elif grep -Eq "$pattern" "$OUT/refuse.err"; then ok "refuses $name"
    else ko "refuses $name (other error)"; sed 's/^/        /' "$OUT/refuse.err" >&2; fi
  }

  check "helm lint (default values)" helm lint --strict --kube-version "$K8S_VERSION" "$CHART"
  for values in "$CHART"/ci/*.yaml; do
    check "helm lint ($values)" helm lint --strict --kube-version "$K8S_VERSION" "$CHART" -f "$values"
  done

  render_validate "default values"
  for values in "$CHART"/ci/*.yaml; do render_validate "$values" -f "$values"; done
  render_validate "profile 0, lab" --set gateway.securityProfile=0 --set gateway.allowUnknownStations=true
  render_validate "profile 2, ingress re-encrypt, HPA" --set gateway.securityProfile=2 --set gateway.tls.existingSecret=gw-tls \
    --set gateway.ingress.enabled=true --set gateway.ingress.tls.secretName=ocpp-tls --set gateway.autoscaling.enabled=true
  render_validate "profile 3, passthrough, ServiceMonitor, plain URLs" --set gateway.securityProfile=3 \
    --set gateway.tls.existingSecret=gw-tls --set gateway.ingress.enabled=true --set gateway.ingress.mode=passthrough \
    --set serviceMonitor.enabled=true --set infra.existingSecret= --set infra.database.url=postgres://u:p@db:5432/v \
    --set infra.redis.url=redis://redis:6379 --set infra.kafka.brokers=kafka:9092 --set services.billing-service.enabled=true
  render_validate "profiles 2 and 3 on one URL, RSA and ECDSA chains, passthrough" --set-json 'gateway.securityProfile="2,3"' \
    --set gateway.tls.existingSecret=gw-tls --set-json 'gateway.tls.additionalChains=[{"certKey":"rsa.crt","keyKey":"rsa.key"}]' \
    --set gateway.ingress.enabled=true --set gateway.ingress.mode=passthrough
  render_validate "services with HTTP probes" \
    --set-json 'serviceDefaults.livenessProbe={"httpGet":{"path":"/health/live","port":"http"}}' \
    --set-json 'serviceDefaults.readinessProbe={"httpGet":{"path":"/health/ready","port":"http"}}'

  must_refuse "securityProfile 4 (values.schema.json)" "securityProfile.*(must be one of|value must be)" --set gateway.securityProfile=4
  must_refuse "profile 2 without a TLS secret" "need gateway.tls.existingSecret" --set gateway.securityProfile=2
  must_refuse "profile 3 behind a TLS-terminating ingress" "needs gateway.ingress.mode=passthrough" --set gateway.securityProfile=3 \
    --set gateway.tls.existingSecret=gw-tls --set gateway.ingress.enabled=true
  must_refuse "profiles 2,3 behind a TLS-terminating ingress" "needs gateway.ingress.mode=passthrough" --set-json 'gateway.securityProfile="2,3"' \
    --set gateway.tls.existingSecret=gw-tls --set gateway.ingress.enabled=true
  must_refuse "profiles 1,2 on one listener (values.schema.json)" "securityProfile.*(must be one of|value must be)" --set-json 'gateway.securityProfile="1,2"'
  must_refuse "terminationGracePeriodSeconds shorter than the drain" "shorter than preStop" --set gateway.terminationGracePeriodSeconds=10
  must_refuse "no server configuration at all" "DATABASE_URL is not configured" --set infra.existingSecret=
  must_refuse "an unknown top-level value" "gatway.*not allowed|Additional property gatway" --set gatway.replicaCount=3
  must_refuse "an adminKey.secretKey that is no Secret key" "adminKey/secretKey.*does not match" --set 'adminKey.secretKey=a b'

  # First admin API key: by default a Secret the chart makes (kept on uninstall) holding a
  # well-formed key; every service container reads it as API_BOOTSTRAP_ADMIN_KEY.
  # admin_key NAME OWN-SECRET ENV-SECRET HELM-ARGS...: OWN-SECRET is the chart's Secret that must be
  # rendered ("" = none may be), ENV-SECRET the Secret every service's env must name ("" = no env).
  admin_key() {
    local name="$1" own="$2" from="$3"; shift 3
    local file="$OUT/admin-key.yaml" problems=() services refs key
    if ! render "$@" >"$file" 2>"$file.err"; then ko "adminKey: $name (helm template failed)"; sed 's/^/        /' "$file.err" >&2; return; fi
    services="$(grep -c '^# Source: voltlane/templates/services/deployment.yaml' "$file")"
    refs="$(grep -A4 -- '- name: API_BOOTSTRAP_ADMIN_KEY$' "$file" | grep -c "^ *name: \"$from\"$")"
    if [[ -n "$from" ]]; then
      ((services > 0 && refs == services)) || problems+=("API_BOOTSTRAP_ADMIN_KEY from \"$from\" in $refs of $services services")
    elif grep -q 'API_BOOTSTRAP_ADMIN_KEY' "$file"; then problems+=("API_BOOTSTRAP_ADMIN_KEY is set")
    fi
    if [[ -n "$own" ]]; then
      render --show-only templates/admin-key-secret.yaml "$@" >"$file.secret" 2>/dev/null
      grep -q "^  name: $own$" "$file.secret" || problems+=("no Secret $own")
      grep -q '^    helm.sh/resource-policy: keep$' "$file.secret" || problems+=("Secret $own not kept on uninstall")
      key="$(sed -n 's/^  key: "\(.*\)"$/\1/p' "$file.secret" | base64 -d 2>/dev/null)"
      [[ "$key" =~ ^vl_[a-f0-9]{12}_[A-Za-z0-9_-]{32,64}$ ]] || problems+=("key \"${key:0:16}…\" is not vl_<12 hex>_<32-64 base64url>")
    elif grep -q '^# Source: voltlane/templates/admin-key-secret.yaml' "$file"; then problems+=("the chart's admin-key Secret is rendered")
    fi
    if ((${#problems[@]} == 0)); then ok "adminKey: $name"; else ko "adminKey: $name: $(printf '%s; ' "${problems[@]}" | sed 's/; $//')"; fi
  }
  admin_key "default: chart-made Secret, env on every service" voltlane-admin-key voltlane-admin-key
  admin_key "existingSecret=mine: no Secret, env from mine" "" mine --set adminKey.existingSecret=mine
  admin_key "enabled=false: neither Secret nor env" "" "" --set adminKey.enabled=false
  render_validate "adminKey from an existing Secret, all services" --set adminKey.existingSecret=mine \
    --set services.billing-service.enabled=true --set services.report-service.enabled=true

  # Operator API (issue #16): every operation of docs/openapi.json arrives at the service that owns
  # it, through the API ingress and the api-edge (deploy/helm/check-api-routes.ts follows Ingress →
  # Service → Deployment → the edge's own route table → API_EDGE_UPSTREAMS → Service → Deployment).
  # It runs on node_modules, which .ci/run installs while this script starts: wait for them.
  all_services=(--set services.billing-service.enabled=true --set services.report-service.enabled=true)
  render_validate "api-edge with HPA, API ingress with TLS, all services" --set apiIngress.enabled=true \
    --set apiIngress.tls.secretName=api-tls --set apiEdge.autoscaling.enabled=true "${all_services[@]}"
  must_refuse "an API ingress without the api-edge" "needs apiEdge.enabled" --set apiIngress.enabled=true --set apiEdge.enabled=false
  api_routes() { # api_routes NAME ok|fail HELM-ARGS...
    local name="$1" expect="$2"; shift 2
    local file="$OUT/api-routes.yaml" status=0
    if ! render "$@" >"$file" 2>"$file.err"; then ko "api routes: $name (helm template failed)"; sed 's/^/        /' "$file.err" >&2; return; fi
    npx --no-install tsx deploy/helm/check-api-routes.ts "$file" docs/openapi.json >"$file.out" 2>&1 || status=$?
    if [[ "$expect" == ok && "$status" -eq 0 ]]; then ok "api routes: $name: $(tail -n 1 "$file.out")"
    elif [[ "$expect" == fail && "$status" -eq 1 ]]; then ok "api routes: $name: refused ($(tail -n 1 "$file.out"))"
    else ko "api routes: $name (exit $status, expected $expect)"; sed 's/^/        /' "$file.out" | tail -n 30 >&2; fi
  }
  for ((i = 0; i < 1200; i++)); do [[ -f node_modules/.package-lock.json && -x node_modules/.bin/tsx ]] && break; sleep 1; done
  if [[ -x node_modules/.bin/tsx ]]; then
    api_routes "every operation reaches its owner (all services, ingress)" ok --set apiIngress.enabled=true "${all_services[@]}"
    # Negative controls: the check must fail when an owner is missing or the ingress bypasses the edge.
    api_routes "billing-service disabled" fail --set apiIngress.enabled=true --set services.report-service.enabled=true
    # … and when the ingress sends /api past the edge (the rendered manifests edited).
    render --set apiIngress.enabled=true "${all_services[@]}" | sed '/^kind: Ingress/,/^---/ s/name: voltlane-api-edge$/name: voltlane-session-service/' >"$OUT/bypass.yaml"
    if npx --no-install tsx deploy/helm/check-api-routes.ts "$OUT/bypass.yaml" docs/openapi.json >"$OUT/bypass.out" 2>&1; then ko "api routes: an ingress that bypasses the edge is refused (it passed)"
    else ok "api routes: an ingress that bypasses the edge is refused ($(tail -n 1 "$OUT/bypass.out"))"; fi
  else
    ko "api routes: node_modules/.bin/tsx did not appear within 20 minutes (npm ci)"
  fi

  # The gateway's grace period covers preStop + reply grace + drain window.
  grace="$(render --show-only templates/gateway/deployment.yaml | sed -n 's/^ *terminationGracePeriodSeconds: //p')"
  if [[ "$grace" =~ ^[0-9]+$ ]] && ((grace > 5 + 15)); then ok "gateway terminationGracePeriodSeconds=$grace > preStop 5 s + drain 15 s"
  else ko "gateway terminationGracePeriodSeconds=$grace"; fi
  if render | grep -A8 '^kind: ConfigMap' | grep -Eqi 'DATABASE_URL|REDIS_URL|password'; then ko "no URLs with passwords in the ConfigMap"
  else ok "no database/Redis URLs in the ConfigMap"; fi

  # Negative control: a typo'd field must fail, or the schemas are not strict / not used.
  cat >"$OUT/broken.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: broken}
spec:
  replicas: "two"
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: x, image: x, imagePullPolicy: Sometimes, livenessProbe: {httpGett: {port: 1}}}]
YAML
  if validate "$OUT/broken.yaml" >"$OUT/broken.log" 2>&1; then ko "kubeconform rejects a broken Deployment (it accepted it)"
  else ok "kubeconform rejects a broken Deployment ($(grep -c 'is invalid\|additional properties\|expected' "$OUT/broken.log") findings)"; fi
fi

check "Dockerfile static checks" node deploy/helm/check-dockerfile.js

printf '\n[chart] summary: %d checks ok, %d failed (%ds)\n' "$passed" "$failed" "$((SECONDS - start))" >&2
for f in "${failures[@]}"; do printf '[chart]   failed: %s\n' "$f" >&2; done
((failed == 0))
