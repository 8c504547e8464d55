#!/usr/bin/env bash
# `npm start`: until the all-in-one process lands (issue 7), this brings up the local
# infrastructure (Kafka, Redis, PostgreSQL on loopback) and runs the OCPP gateway against it,
# accepting any station on security profile 0 (lab use only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
eval "$(bash deploy/local/infra.sh up)"
export KAFKA_BROKERS REDIS_URL DATABASE_URL
export OCPP_SECURITY_PROFILE="${OCPP_SECURITY_PROFILE:-0}"
export OCPP_ALLOW_UNKNOWN_STATIONS="${OCPP_ALLOW_UNKNOWN_STATIONS:-true}"
export OCPP_HOST="${OCPP_HOST:-127.0.0.1}"
echo "Voltlane OCPP gateway: ws://${OCPP_HOST}:${OCPP_PORT:-9000}/ocpp/<station-id> (profile ${OCPP_SECURITY_PROFILE})" >&2
exec npx tsx apps/ocpp-gateway/src/main.ts
