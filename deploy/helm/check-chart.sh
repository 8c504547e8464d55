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
# manifest that must fail kubeconform (proves the schemas are strict and used), every component
# probed on /health/* and scraped on a port it declares (deploy/helm/check-probes-and-monitors.ts,
# with negative controls), the PrometheusRule and Grafana dashboards (deploy/helm/check-monitoring.ts),
# the release workflow (actionlint), and the Dockerfile's static checks.
# Exit 1 if any check fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
ACTIONLINT_VERSION=v1.7.12
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
actionlint_ok=1
ensure_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION" || actionlint_ok=0
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
  # OCPI (opt-in): the ocpi-service needs the URL partners reach it at, else the chart refuses it.
  ocpi_on=(--set services.ocpi-service.enabled=true --set services.ocpi-service.env.OCPI_SERVICE_PUBLIC_URL=https://ocpi.example.com)
  render_validate "ocpi-service with its public URL" "${ocpi_on[@]}"
  ocpi_env() { # ocpi_env EXPECTED-URL HELM-ARGS...: the ocpi-service's OCPI_SERVICE_PUBLIC_URL, and /ocpi routed to the edge when an ingress exists
    local want="$1" got; shift
    render "$@" >"$OUT/ocpi.yaml" || return 1
    got="$(grep -A1 -- '- name: OCPI_SERVICE_PUBLIC_URL$' "$OUT/ocpi.yaml" | sed -n 's/^ *value: "\(.*\)"$/\1/p')"
    [[ "$got" == "$want" ]] || { echo "OCPI_SERVICE_PUBLIC_URL is '$got', not '$want'"; return 1; }
    if grep -q '^kind: Ingress' "$OUT/ocpi.yaml" && ! grep -q '^          - path: /ocpi$' "$OUT/ocpi.yaml"; then echo "the API ingress has no /ocpi path"; return 1; fi
  }
  check "ocpi-service: its own public URL" ocpi_env https://ocpi.example.com "${ocpi_on[@]}"
  check "ocpi-service: the public URL from the API ingress (TLS), /ocpi through the api-edge" ocpi_env https://api.example.com \
    --set services.ocpi-service.enabled=true --set apiIngress.enabled=true --set apiIngress.tls.secretName=api-tls
  check "ocpi-service: the public URL from apiEdge.publicUrl" ocpi_env https://edge.example.com \
    --set services.ocpi-service.enabled=true --set apiEdge.publicUrl=https://edge.example.com
  no_ocpi_path() { render --set apiIngress.enabled=true >"$OUT/no-ocpi.yaml" && ! grep -q 'path: /ocpi$' "$OUT/no-ocpi.yaml"; }
  check "ocpi-service off by default: no /ocpi on the API ingress" no_ocpi_path
  must_refuse "the ocpi-service without a URL partners can reach" "ocpi-service needs the URL OCPI partners reach it at" \
    --set services.ocpi-service.enabled=true
  # Real-time authorization: the customer-service gets the ocpi-service's in-cluster URL and a write key (its Secret, else the admin key's).
  roaming_auth() { # roaming_auth EXPECTED-SECRET/KEY HELM-ARGS...
    local want="$1"; shift
    render "$@" >"$OUT/roaming.yaml" || return 1
    awk '/^kind: Deployment/{d=0} /name: voltlane-customer-service$/{d=1} d' "$OUT/roaming.yaml" >"$OUT/customer.yaml"
    grep -A1 -- '- name: CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL$' "$OUT/customer.yaml" | grep -q 'value: "http://voltlane-ocpi-service:8080"' \
      || { echo "the customer-service has no CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_URL of the ocpi-service's Service"; return 1; }
    local got
    got="$(grep -A4 -- '- name: CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY$' "$OUT/customer.yaml" | sed -n 's/^ *\(name\|key\): "\(.*\)"$/\2/p' | paste -sd/)"
    [[ "$got" == "$want" ]] || { echo "CUSTOMER_SERVICE_ROAMING_AUTHORIZATION_API_KEY from '$got', not '$want'"; return 1; }
  }
  check "customer-service: real-time authorization with the ocpi-service, the admin key by default" roaming_auth voltlane-admin-key/key "${ocpi_on[@]}"
  check "customer-service: real-time authorization with the key of services.ocpi-service.authorizationApiKeySecret" roaming_auth roaming-key/write-key \
    "${ocpi_on[@]}" --set services.ocpi-service.authorizationApiKeySecret.name=roaming-key --set services.ocpi-service.authorizationApiKeySecret.key=write-key
  no_roaming_auth() { render >"$OUT/no-roaming.yaml" && ! grep -q 'CUSTOMER_SERVICE_ROAMING_AUTHORIZATION' "$OUT/no-roaming.yaml"; }
  check "ocpi-service off by default: no real-time authorization for the customer-service" no_roaming_auth
  must_refuse "real-time authorization without a key (no authorizationApiKeySecret, adminKey disabled)" "needs an API key for the customer-service" \
    "${ocpi_on[@]}" --set adminKey.enabled=false
  must_refuse "an authorizationApiKeySecret that is not a Secret name (values.schema.json)" "authorizationApiKeySecret.*(does not match|pattern)|name.*(does not match|pattern)" \
    "${ocpi_on[@]}" --set services.ocpi-service.authorizationApiKeySecret.name=Not_A_Name
  must_refuse "an OCPI party id that is not 3 upper-case characters (values.schema.json)" "OCPI_SERVICE_PARTY_ID.*(does not match|pattern)" \
    --set services.ocpi-service.env.OCPI_SERVICE_PARTY_ID=vl
  must_refuse "an OCPI country code that is not ISO alpha-2 (values.schema.json)" "OCPI_SERVICE_COUNTRY_CODE.*(does not match|pattern)" \
    --set services.ocpi-service.env.OCPI_SERVICE_COUNTRY_CODE=NLD
  render_validate "profiles 2 and 3 on one URL, RSA and ECDSA chains, passthrough" --set-json 'gateway.securityProfile="2,3"' \
    --set gateway.tls.existingSecret=gw-tls --set-json 'gateway.tls.additionalChains=[{"certKey":"rsa.crt","keyKey":"rsa.key"}]' \
    --set gateway.ingress.enabled=true --set gateway.ingress.mode=passthrough
  render_validate "services with HTTP probes" \
    --set-json 'serviceDefaults.livenessProbe={"httpGet":{"path":"/health/live","port":"http"}}' \
    --set-json 'serviceDefaults.readinessProbe={"httpGet":{"path":"/health/ready","port":"http"}}'

  # Behind proxies (docs/deployment.md, "Behind a proxy"): the gateway's env and the shared ConfigMap.
  proxy_args=(--set gateway.securityProfile=2 --set gateway.tls.existingSecret=gw-tls --set gateway.proxyProtocol=true
    --set-json 'gateway.trustedProxies=["10.0.0.0/16","fd00::/8"]' --set-json 'trustedProxies=["10.244.0.0/16"]')
  render_validate "gateway behind a PROXY protocol balancer, profile 2, trusted proxies" "${proxy_args[@]}"
  proxy_env() {
    render "${proxy_args[@]}" >"$OUT/proxy.yaml" || return 1
    grep -A1 -- '- name: OCPP_PROXY_PROTOCOL$' "$OUT/proxy.yaml" | grep -q 'value: "true"' || { echo "no OCPP_PROXY_PROTOCOL=true"; return 1; }
    grep -A1 -- '- name: TRUSTED_PROXIES$' "$OUT/proxy.yaml" | grep -q 'value: "10.0.0.0/16,fd00::/8"' || { echo "no gateway TRUSTED_PROXIES"; return 1; }
    grep -q '^  TRUSTED_PROXIES: "10.244.0.0/16"$' "$OUT/proxy.yaml" || { echo "no TRUSTED_PROXIES in the ConfigMap"; return 1; }
  }
  check "gateway env: OCPP_PROXY_PROTOCOL, its own TRUSTED_PROXIES; the ConfigMap: the shared list" proxy_env
  must_refuse "the PROXY protocol without trusted proxies" "gateway.proxyProtocol needs" --set gateway.proxyProtocol=true
  must_refuse "the PROXY protocol behind the gateway ingress" "proxyProtocol is for a TCP load balancer" --set gateway.proxyProtocol=true \
    --set-json 'trustedProxies=["10.0.0.0/8"]' --set gateway.ingress.enabled=true
  must_refuse "a trusted proxy that is a host name (values.schema.json)" "trustedProxies.*(does not match|pattern)" \
    --set-json 'trustedProxies=["lb.example.com"]'
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
    --set services.billing-service.enabled=true --set services.report-service.enabled=true "${ocpi_on[@]}"

  # Operator API (issue #16): every operation of docs/openapi.json arrives at the service that owns
  # it, through the API ingress and the api-edge (deploy/helm/check-api-routes.ts follows Ingress →
  # Service → Deployment → the edge's own route table → API_EDGE_UPSTREAMS → Service → Deployment).
  # It runs on node_modules, which .ci/run installs while this script starts: wait for them.
  all_services=(--set services.billing-service.enabled=true --set services.report-service.enabled=true "${ocpi_on[@]}")
  render_validate "api-edge with HPA, API ingress with TLS, all services" --set apiIngress.enabled=true \
    --set apiIngress.tls.secretName=api-tls --set apiEdge.autoscaling.enabled=true "${all_services[@]}"
  must_refuse "an API ingress without the api-edge" "needs apiEdge.enabled" --set apiIngress.enabled=true --set apiEdge.enabled=false
  # The edge lists the services in the order every mode uses (apps/distributed SERVICES, apps/e2e
  # EDGE_ORDER; an operation several declare goes to the first), and the migration Job migrates each.
  edge_order() {
    local order svc
    render "${all_services[@]}" >"$OUT/edge-order.yaml" || return 1
    order="$(grep -A1 -- '- name: API_EDGE_UPSTREAMS$' "$OUT/edge-order.yaml" | sed -n 's/^ *value: "\(.*\)"$/\1/p' | tr ',' '\n' | cut -d= -f1 | paste -sd' ')"
    [[ "$order" == "station customer session metering billing report energy ocpi" ]] || { echo "API_EDGE_UPSTREAMS lists: $order"; return 1; }
    for svc in station customer session metering billing report energy ocpi; do
      grep -q "^        - name: migrate-$svc-service$" "$OUT/edge-order.yaml" || { echo "no migration init container for the $svc-service"; return 1; }
    done
  }
  check "api-edge upstreams in the edge order (ocpi-service last, opt-in); every service migrated by the Job" edge_order
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
    api_routes "the console switched off (apiEdge.console.enabled=false)" fail --set apiIngress.enabled=true --set apiEdge.console.enabled=false "${all_services[@]}"
    # … and when the ingress sends /api past the edge (the rendered manifests edited).
    render --set apiIngress.enabled=true "${all_services[@]}" | sed '/^kind: Ingress/,/^---/ s/name: voltlane-api-edge$/name: voltlane-session-service/' >"$OUT/bypass.yaml"
    if npx --no-install tsx deploy/helm/check-api-routes.ts "$OUT/bypass.yaml" docs/openapi.json >"$OUT/bypass.out" 2>&1; then ko "api routes: an ingress that bypasses the edge is refused (it passed)"
    else ok "api routes: an ingress that bypasses the edge is refused ($(tail -n 1 "$OUT/bypass.out"))"; fi
  else
    ko "api routes: node_modules/.bin/tsx did not appear within 20 minutes (npm ci)"
  fi

  # Probes and scraping (issue #19): every Deployment answers its readiness probe on GET
  # /health/ready and its liveness probe on GET /health/live, on a port its container declares,
  # and — with serviceMonitor.enabled — a ServiceMonitor scrapes /metrics on that same port
  # (ServiceMonitor → Service → targetPort → containerPort), on every security profile.
  probes() { # probes NAME ok|fail FILE [--monitors]
    local name="$1" expect="$2" file="$3" status=0
    shift 3
    npx --no-install tsx deploy/helm/check-probes-and-monitors.ts "$file" "$@" >"$file.out" 2>&1 || status=$?
    if [[ "$expect" == ok && "$status" -eq 0 ]]; then ok "probes: $name: $(tail -n 1 "$file.out")"
    elif [[ "$expect" == fail && "$status" -eq 1 ]]; then ok "probes: $name: refused ($(grep -v ': ready and live on\|problem(s)$' "$file.out" | head -n 1))"
    else ko "probes: $name (exit $status, expected $expect)"; sed 's/^/        /' "$file.out" | tail -n 30 >&2; fi
  }
  # edit_manifests IN OUT JS: the rendered objects, JS run on each object `o` (returning false
  # drops it): the negative controls' broken charts.
  edit_manifests() {
    node -e 'const yaml = require("yaml"), fs = require("node:fs");
      const [, input, output, js] = process.argv;
      const edit = new Function("o", js);
      const objects = yaml.parseAllDocuments(fs.readFileSync(input, "utf8")).map((d) => d.toJS()).filter(Boolean);
      fs.writeFileSync(output, objects.filter((o) => edit(o) !== false).map((o) => yaml.stringify(o)).join("---\n"));' "$@"
  }
  if [[ -x node_modules/.bin/tsx ]]; then
    monitored=(--set serviceMonitor.enabled=true "${all_services[@]}")
    for profile in 0 1 2 3 2,3; do
      tls=(); [[ "$profile" != 0 && "$profile" != 1 ]] && tls=(--set gateway.tls.existingSecret=gw-tls)
      lab=(); [[ "$profile" == 0 ]] && lab=(--set gateway.allowUnknownStations=true)
      chosen=(--set "gateway.securityProfile=$profile"); [[ "$profile" == *,* ]] && chosen=(--set-json "gateway.securityProfile=\"$profile\"")
      if render "${chosen[@]}" "${tls[@]}" "${lab[@]}" "${monitored[@]}" >"$OUT/probes-$profile.yaml" 2>"$OUT/probes.err"; then
        probes "profile $profile, all services, ServiceMonitors" ok "$OUT/probes-$profile.yaml" --monitors
      else ko "probes: profile $profile (helm template failed)"; sed 's/^/        /' "$OUT/probes.err" >&2; fi
    done
    render >"$OUT/probes-default.yaml" && probes "default values (no ServiceMonitor)" ok "$OUT/probes-default.yaml"
    # Negative controls: each broken chart must be refused.
    base="$OUT/probes-1.yaml"
    edit_manifests "$base" "$OUT/neg-exec.yaml" 'if (o.kind === "Deployment" && o.metadata.name.endsWith("-ocpp-gateway")) o.spec.template.spec.containers[0].readinessProbe = { exec: { command: ["node", "-e", "0"] } };'
    probes "a gateway readiness probe that only checks node runs" fail "$OUT/neg-exec.yaml" --monitors
    edit_manifests "$base" "$OUT/neg-port.yaml" 'if (o.kind === "Deployment" && o.metadata.name.endsWith("-session-service")) o.spec.template.spec.containers[0].livenessProbe.httpGet.port = "metrics";'
    probes "a liveness probe on a port the container does not declare" fail "$OUT/neg-port.yaml" --monitors
    edit_manifests "$base" "$OUT/neg-monitor.yaml" 'return !(o.kind === "ServiceMonitor" && o.metadata.name.endsWith("-report-service"));'
    probes "a component without a ServiceMonitor" fail "$OUT/neg-monitor.yaml" --monitors
    edit_manifests "$base" "$OUT/neg-ocpp.yaml" 'if (o.kind === "ServiceMonitor" && o.metadata.name.endsWith("-ocpp-gateway")) o.spec.endpoints[0].port = "ocpp";'
    probes "the gateway scraped on its OCPP port" fail "$OUT/neg-ocpp.yaml" --monitors
  else
    ko "probes: node_modules/.bin/tsx did not appear within 20 minutes (npm ci)"
  fi

  # Kafka client security (issue #19, infra.kafka.security): every Kafka client (gateway, each
  # service) gets the SASL/TLS variables, the password by secretKeyRef and the TLS files from a
  # read-only Secret mount; the api-edge and the migration Job get none (check-kafka-security.js).
  sec=infra.kafka.security
  kafka_sasl_ssl=(--set "$sec.protocol=SASL_SSL" --set "$sec.sasl.mechanism=SCRAM-SHA-512" --set "$sec.sasl.existingSecret=kafka-sasl"
    --set "$sec.sasl.usernameKey=username" --set "$sec.tls.existingSecret=kafka-user" --set "$sec.tls.caSecret=kafka-cluster-ca" --set "$sec.tls.caKey=ca.crt"
    --set "$sec.tls.certKey=tls.crt" --set "$sec.tls.keyKey=tls.key" --set "$sec.tls.keyPasswordKey=key-password"
    --set services.billing-service.enabled=true --set services.report-service.enabled=true "${ocpi_on[@]}")
  kafka_vars=(KAFKA_SECURITY_PROTOCOL KAFKA_SASL_MECHANISM KAFKA_SASL_USERNAME KAFKA_SASL_PASSWORD KAFKA_SSL_CA_FILE
    KAFKA_SSL_CERT_FILE KAFKA_SSL_KEY_FILE KAFKA_SSL_KEY_PASSWORD_FILE)
  kafka_security() { # kafka_security NAME ok|fail "VARIABLES" HELM-ARGS...
    local name="$1" expect="$2" vars="$3" file="$OUT/kafka-security.yaml" status=0
    shift 3
    if ! render "$@" >"$file" 2>"$file.err"; then ko "kafka security: $name (helm template failed)"; sed 's/^/        /' "$file.err" >&2; return; fi
    # shellcheck disable=SC2086 # VARIABLES is a list
    node deploy/helm/check-kafka-security.js "$file" $vars >"$file.out" 2>&1 || status=$?
    if [[ "$expect" == ok && "$status" -eq 0 ]]; then ok "kafka security: $name: $(tail -n 1 "$file.out")"
    elif [[ "$expect" == fail && "$status" -eq 1 ]]; then ok "kafka security: $name: refused ($(head -n 1 "$file.out"))"
    else ko "kafka security: $name (exit $status, expected $expect)"; sed 's/^/        /' "$file.out" | tail -n 20 >&2; fi
  }
  render_validate "Kafka SASL_SSL (SCRAM), CA and client certificate from two Secrets, all services" "${kafka_sasl_ssl[@]}"
  kafka_security "SASL_SSL, SCRAM, CA, client certificate, all services" ok "${kafka_vars[*]}" "${kafka_sasl_ssl[@]}"
  kafka_security "SSL with a private CA only" ok "KAFKA_SECURITY_PROTOCOL KAFKA_SSL_CA_FILE" --set "$sec.protocol=SSL" \
    --set "$sec.tls.existingSecret=kafka-ca" --set "$sec.tls.caKey=ca.pem"
  kafka_security "SASL_PLAINTEXT with PLAIN, user and password from one Secret" ok "KAFKA_SECURITY_PROTOCOL KAFKA_SASL_MECHANISM KAFKA_SASL_PASSWORD" \
    --set "$sec.protocol=SASL_PLAINTEXT" --set "$sec.sasl.mechanism=PLAIN" --set "$sec.sasl.existingSecret=kafka" --set "$sec.sasl.username=voltlane"
  kafka_security "default values: plaintext, no security variables" ok ""
  # Negative control: the default chart lacks the SASL_SSL variables, so the check must refuse it.
  kafka_security "the default chart checked for SASL_SSL" fail "${kafka_vars[*]}"
  must_refuse "Kafka SASL_SSL without a mechanism" "sasl.mechanism is required with protocol SASL_SSL" --set "$sec.protocol=SASL_SSL" \
    --set "$sec.sasl.existingSecret=kafka" --set "$sec.sasl.username=u"
  must_refuse "Kafka SASL without the password's Secret" "sasl.existingSecret .* is required with protocol SASL_PLAINTEXT" \
    --set "$sec.protocol=SASL_PLAINTEXT" --set "$sec.sasl.mechanism=PLAIN" --set "$sec.sasl.username=u"
  must_refuse "Kafka SASL settings with PLAINTEXT" "protocol PLAINTEXT does not use SASL" --set "$sec.sasl.mechanism=PLAIN"
  must_refuse "Kafka TLS files with SASL_PLAINTEXT" "protocol SASL_PLAINTEXT does not use TLS" --set "$sec.protocol=SASL_PLAINTEXT" \
    --set "$sec.sasl.mechanism=PLAIN" --set "$sec.sasl.existingSecret=kafka" --set "$sec.sasl.username=u" --set "$sec.tls.existingSecret=kafka-tls"
  must_refuse "a Kafka client certificate without its key" "certKey and keyKey" --set "$sec.protocol=SSL" --set "$sec.tls.existingSecret=t" \
    --set "$sec.tls.certKey=tls.crt"
  must_refuse "a Kafka CA key without a Secret" "caKey names a key of tls.caSecret or tls.existingSecret" --set "$sec.protocol=SSL" \
    --set "$sec.tls.caKey=ca.crt"
  must_refuse "an unknown Kafka SASL mechanism (values.schema.json)" "mechanism.*(must be one of|value must be)" --set "$sec.sasl.mechanism=GSSAPI"

  # Alerts and dashboards (issue #19): the PrometheusRule and the Grafana dashboard ConfigMaps
  # render and pass kubeconform (deploy/helm/schemas/prometheusrule-monitoring-v1.json); every
  # alert of monitoring/alerts.yaml is there with severity, summary, description and runbook_url,
  # and every PromQL expression parses (deploy/helm/check-monitoring.ts, Prometheus' grammar).
  monitoring_args=(--set prometheusRule.enabled=true --set grafanaDashboards.enabled=true --set serviceMonitor.enabled=true "${all_services[@]}")
  render_validate "PrometheusRule and Grafana dashboards, all services" "${monitoring_args[@]}" --set grafanaDashboards.folder=Voltlane
  monitoring() { # monitoring NAME ok|fail FILE [check-monitoring args]
    local name="$1" expect="$2" file="$3" status=0
    shift 3
    npx --no-install tsx deploy/helm/check-monitoring.ts "$file" "$@" >"$file.out" 2>&1 || status=$?
    if [[ "$expect" == ok && "$status" -eq 0 ]]; then ok "monitoring: $name: $(tail -n 1 "$file.out")"
    elif [[ "$expect" == fail && "$status" -eq 1 ]]; then ok "monitoring: $name: refused ($(head -n 1 "$file.out"))"
    else ko "monitoring: $name (exit $status, expected $expect)"; sed 's/^/        /' "$file.out" | tail -n 20 >&2; fi
  }
  if [[ -x node_modules/.bin/tsx ]]; then
    if render "${monitoring_args[@]}" >"$OUT/monitoring.yaml" 2>"$OUT/monitoring.err"; then
      monitoring "alerts and dashboards as rendered" ok "$OUT/monitoring.yaml"
      # Negative controls: a broken expression and a missing dashboard must be refused.
      sed 's/expr: up{job="ocpp-gateway"} == 0/expr: up{job="ocpp-gateway" == 0/' "$OUT/monitoring.yaml" >"$OUT/monitoring-broken.yaml"
      monitoring "a rule whose PromQL does not parse" fail "$OUT/monitoring-broken.yaml"
      sed 's/^    grafana_dashboard: "1"$/    grafana_dashboard: "0"/' "$OUT/monitoring.yaml" >"$OUT/monitoring-unlabelled.yaml"
      monitoring "dashboards without the sidecar's label" fail "$OUT/monitoring-unlabelled.yaml"
    else ko "monitoring: helm template failed"; sed 's/^/        /' "$OUT/monitoring.err" >&2; fi
    if render "${monitoring_args[@]}" --set-json 'prometheusRule.disabledAlerts=["VoltlaneOperatorApiErrors"]' \
      --set prometheusRule.runbookBaseUrl=https://wiki.example.com/voltlane >"$OUT/monitoring-custom.yaml" 2>"$OUT/monitoring.err"; then
      monitoring "an alert disabled, runbooks elsewhere" ok "$OUT/monitoring-custom.yaml" --without VoltlaneOperatorApiErrors \
        --runbook-base https://wiki.example.com/voltlane
    else ko "monitoring: helm template (custom) failed"; sed 's/^/        /' "$OUT/monitoring.err" >&2; fi
  else
    ko "monitoring: node_modules/.bin/tsx did not appear within 20 minutes (npm ci)"
  fi
  must_refuse "a runbook base that is no URL (values.schema.json)" "runbookBaseUrl.*(does not match|pattern)" --set prometheusRule.runbookBaseUrl=operations.md
  # Negative control: the PrometheusRule schema is strict (a misspelt rule field is refused).
  cat >"$OUT/broken-rule.yaml" <<'YAML'
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: broken}
spec:
  groups:
    - name: g
      rules: [{alert: A, expr: up == 0, fore: 5m}]
YAML
  if validate "$OUT/broken-rule.yaml" >"$OUT/broken-rule.log" 2>&1; then ko "kubeconform rejects a PrometheusRule with a misspelt field (it accepted it)"
  elif grep -q "'fore' not allowed" "$OUT/broken-rule.log"; then ok "kubeconform rejects a PrometheusRule with a misspelt field"
  else ko "kubeconform rejects a PrometheusRule with a misspelt field (for another reason)"; sed 's/^/        /' "$OUT/broken-rule.log" >&2; fi

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

# The release workflow (images and chart on a v* tag): actionlint, which type-checks expressions,
# the `on`/`permissions` schema and the actions' inputs.
if ((actionlint_ok)); then
  check "actionlint: .github/workflows" actionlint -no-color .github/workflows/*.yml
  # Negative control: a misspelt input of docker/build-push-action must be refused.
  sed 's/^\( *\)provenance: mode=max$/\1provenanse: mode=max/' .github/workflows/release.yml >"$OUT/release-broken.yml"
  if ! grep -q 'provenanse' "$OUT/release-broken.yml"; then ko "actionlint negative control: no 'provenance: mode=max' to break"
  elif actionlint -no-color "$OUT/release-broken.yml" >"$OUT/actionlint-broken.log" 2>&1; then ko "actionlint rejects an unknown action input (it accepted it)"
  else ok "actionlint rejects an unknown action input ($(grep -c 'provenanse' "$OUT/actionlint-broken.log") finding)"; fi
fi
release_promises() { # what the release workflow publishes, beyond what actionlint can know
  local wf=.github/workflows/release.yml problems=()
  grep -Eq "^    tags: \['v\*'\]" "$wf" || problems+=("not triggered by v* tags")
  grep -q 'jq -c .images deploy/images.json' "$wf" || problems+=("image matrix not read from deploy/images.json")
  grep -q 'app: \${{ fromJSON(needs.plan.outputs.images) }}' "$wf" || problems+=("no matrix over the images")
  grep -q 'provenance: mode=max' "$wf" || problems+=("no provenance")
  grep -q 'platforms: \${{ needs.plan.outputs.platforms }}' "$wf" || problems+=("not multi-platform")
  grep -q 'helm package helm/voltlane --version "$VERSION" --app-version "$VERSION"' "$wf" || problems+=("chart version not from the tag")
  grep -q 'helm push .*"oci://ghcr.io/' "$wf" || problems+=("chart not pushed as an OCI artefact to ghcr.io")
  ((${#problems[@]} == 0)) || { printf '%s\n' "${problems[@]}"; return 1; }
}
check "release workflow: v* tags, every image of deploy/images.json multi-platform with provenance, chart to oci://ghcr.io" release_promises
check "Dockerfile static checks" node deploy/helm/check-dockerfile.js

printf '\n[chart] summary: %d checks ok, %d failed (%ds)\n' "$passed" "$failed" "$((SECONDS - start))" >&2
for f in "${failures[@]}"; do printf '[chart]   failed: %s\n' "$f" >&2; done
((failed == 0))
