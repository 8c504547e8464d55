#!/usr/bin/env bash
# The project's test command (`npm test -- <jest args>`): makes sure Kafka, Redis and PostgreSQL are
# up for the integration specs, then runs Jest with the given arguments. Servers already named by
# KAFKA_BROKERS, REDIS_URL and DATABASE_URL are used as they are.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z "${KAFKA_BROKERS:-}" || -z "${REDIS_URL:-}" || -z "${DATABASE_URL:-}" ]]; then
  infra_env="$(bash deploy/local/infra.sh up)"
  eval "$infra_env"
fi
export KAFKA_BROKERS REDIS_URL DATABASE_URL

exec npx jest "$@"
