#!/usr/bin/env bash
# `npm run start:distributed`: builds Voltlane (`npm run build`, into dist/) and runs
# apps/distributed: Kafka, Redis and PostgreSQL from deploy/local/infra.sh (unless KAFKA_BROKERS,
# REDIS_URL and DATABASE_URL name servers already), then the OCPP gateway, the six services and the
# api-edge, each its own process, their output prefixed with their names. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "Building…" >&2
npm run build --silent
exec node -r ./scripts/register-paths.js dist/apps/distributed/src/main.js
