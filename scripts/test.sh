#!/usr/bin/env bash
# The project's test command (`npm test -- <jest args>`): makes sure Kafka, Redis and PostgreSQL are
# up for the integration specs, then runs Jest with the given arguments. Servers already named by
# KAFKA_BROKERS, REDIS_URL and DATABASE_URL are used as they are. A run of medium (and unit) specs
# alone — `npm test -- --selectProjects medium`, or only *.medium-spec.ts / *.spec.ts paths —
# needs PostgreSQL only, and starts only that.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

postgres_only() {
  local arg selecting=0 projects=0 paths=0
  for arg in "$@"; do
    if ((selecting)) && [[ "$arg" != -* ]]; then
      [[ "$arg" == medium || "$arg" == unit ]] || return 1
      projects=1
      continue
    fi
    selecting=0
    case "$arg" in
      --selectProjects) selecting=1 ;;
      --selectProjects=medium | --selectProjects=unit) projects=1 ;;
      --selectProjects=*) return 1 ;;
      -*) ;;
      *.int-spec.ts) return 1 ;;
      *.medium-spec.ts | *.spec.ts) paths=1 ;;
      *) return 1 ;;
    esac
  done
  ((projects || paths))
}

if postgres_only "$@"; then
  if [[ -z "${DATABASE_URL:-}" ]]; then
    bash deploy/local/infra.sh start postgres >&2 || bash deploy/local/infra.sh up >/dev/null
    eval "$(bash deploy/local/infra.sh env | grep DATABASE_URL)"
  fi
elif [[ -z "${KAFKA_BROKERS:-}" || -z "${REDIS_URL:-}" || -z "${DATABASE_URL:-}" ]]; then
  infra_env="$(bash deploy/local/infra.sh up)"
  eval "$infra_env"
fi
export KAFKA_BROKERS REDIS_URL DATABASE_URL

exec npx jest "$@"
