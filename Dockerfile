# syntax=docker/dockerfile:1.7
# Voltlane images: one file, one image per app, chosen with --build-arg APP.
#
#   docker build --target runtime --build-arg APP=ocpp-gateway    -t voltlane/ocpp-gateway:dev .
#   docker build --target runtime --build-arg APP=station-service -t voltlane/station-service:dev .
#
# Stages: `deps` (full npm ci, for the compiler), `build` (tsc → dist/), `prod-deps` (npm ci
# --omit=dev), `runtime` (node:20-bookworm-slim, non-root uid 10001, dist/ + prod node_modules).
# The compiled code imports `@voltlane/*` aliases; scripts/register-paths.js maps them to dist/
# at run time (`node -r`), so no bundler and no tsconfig-paths at run time.
#
# PID 1 is tini (Debian package), which forwards SIGTERM to node and reaps zombies; `docker run
# --init` is therefore not needed (harmless if used). The gateway drains on SIGTERM: give it
# `docker stop -t 30` (Kubernetes: terminationGracePeriodSeconds, set by the Helm chart).

ARG NODE_IMAGE=node:20-bookworm-slim
# The npm the lockfile is maintained with (npm 11 honours package.json "allowScripts").
ARG NPM_VERSION=11.19.1

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
RUN npm install -g "npm@${NPM_VERSION}" && npm --version
WORKDIR /app

# ---------------------------------------------------------------------------------------------
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --loglevel=error

# ---------------------------------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.base.json tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts/register-paths.js ./scripts/register-paths.js
RUN npm run build \
 && test -f dist/apps/ocpp-gateway/src/main.js

# ---------------------------------------------------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --loglevel=error

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# Which app this image runs: ocpp-gateway, station-service, session-service, metering-service,
# customer-service, billing-service, report-service (each has dist/apps/<app>/src/main.js).
ARG APP=ocpp-gateway
ARG VERSION=dev
LABEL org.opencontainers.image.title="voltlane-${APP}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.description="Voltlane OCPP CSMS: ${APP}"

RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 voltlane \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin voltlane

WORKDIR /app
# HEALTHCHECK_MODE: auto | http | tcp | none. auto: the gateway is probed with GET /health on
# OCPP_PORT (HTTPS for security profile 2, a TCP connect for profile 3, whose TLS handshake needs
# a client certificate); a service with HTTP GET HEALTHCHECK_PATH on HEALTHCHECK_PORT when that is
# set (the operator API and /health/* come in a later issue), else the check passes while the
# process runs. Kubernetes ignores HEALTHCHECK: the Helm chart sets its own probes.
ENV NODE_ENV=production \
    APP=${APP} \
    VOLTLANE_APP_VERSION=${VERSION} \
    NODE_OPTIONS="--enable-source-maps" \
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
const profile = Number(e.OCPP_SECURITY_PROFILE || 1);
const mode = e.HEALTHCHECK_MODE || 'auto';
const port = Number(e.HEALTHCHECK_PORT || (gateway ? e.OCPP_PORT || 9000 : 0));
const fail = () => process.exit(1);
setTimeout(fail, 4000).unref();
if (mode === 'none' || !port) process.exit(0);
if (mode === 'tcp' || (mode === 'auto' && gateway && profile === 3)) {
  const socket = require('node:net').connect(port, '127.0.0.1', () => { socket.end(); process.exit(0); });
  socket.on('error', fail);
} else {
  const tls = gateway && profile >= 2;
  const path = gateway && !e.HEALTHCHECK_PORT ? '/health' : e.HEALTHCHECK_PATH || '/health/live';
  require(tls ? 'node:https' : 'node:http')
    .get({ host: '127.0.0.1', port, path, rejectUnauthorized: false, timeout: 3000 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1))
    .on('error', fail);
}
EOF
# Fail the build early when APP names an app that was not compiled.
RUN test -f "dist/apps/${APP}/src/main.js" || { echo "no dist/apps/${APP}/src/main.js: unknown APP '${APP}'" >&2; exit 1; }

USER 10001:10001
# ocpp-gateway: OCPP WebSocket (and GET /health). Services: operator API / metrics (later issue).
EXPOSE 9000 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/scripts/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# Shell form only to expand ${APP}; `exec` makes node tini's direct child (signals reach it).
CMD ["/bin/sh", "-c", "exec node -r ./scripts/register-paths.js \"dist/apps/${APP}/src/main.js\""]
