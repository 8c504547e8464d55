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

# A run that names suites or projects is one Jest run, as asked.
whole_run() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --selectProjects | --selectProjects=* | --testPathPattern* | --runTestsByPath) return 1 ;;
      -*) ;;
      *) return 1 ;;
    esac
  done
}

if ! whole_run "$@"; then
  exec npx jest "$@"
fi

# The whole suite: every project side by side, then the `quiet` project (specs that judge latency)
# one suite at a time on an otherwise idle machine (jest.config.js, ADR 0031). With
# --outputFile=F, each run writes its own file and F gets both, merged; the exit status is the
# worse of the two.
output=""
args=()
for arg in "$@"; do
  case "$arg" in
    --outputFile=*) output="${arg#--outputFile=}" ;;
    *) args+=("$arg") ;;
  esac
done
first=(--selectProjects unit console medium integration)
second=(--selectProjects quiet --runInBand)
if [[ -n "$output" ]]; then
  first+=("--outputFile=$output.main.json")
  second+=("--outputFile=$output.quiet.json")
fi
set +e
npx jest "${args[@]}" "${first[@]}"
first_status=$?
npx jest "${args[@]}" "${second[@]}"
second_status=$?
set -e
if [[ -n "$output" ]]; then
  node scripts/merge-jest-results.js "$output" "$output.main.json" "$output.quiet.json"
fi
exit $((first_status > second_status ? first_status : second_status))
