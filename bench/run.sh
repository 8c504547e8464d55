#!/usr/bin/env bash
# npm run bench -- [--scenarios 1,2,3,6] [--quick] [--fleet-duration 180] [--profile] [--help]
# Raises the file-descriptor limit, makes sure Kafka/Redis/PostgreSQL run, compiles the apps into
# tmp/bench-dist (a snapshot, so a concurrent `npm run build` cannot change them mid-run) and runs
# the scenarios. Not part of `npm test`. All traffic stays on 127.0.0.0/8.
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then exec npx tsx bench/src/main.ts --help; fi
done

# One process holds one descriptor per connection: raise the soft limit to the hard one, and try
# higher (works only with CAP_SYS_RESOURCE).
hard="$(ulimit -Hn)"
ulimit -n 1048576 2>/dev/null || ulimit -n "$hard"
export BENCH_HARD_NOFILE="$(ulimit -Hn)"
echo "bench: open files limit $(ulimit -n) (hard $(ulimit -Hn))" >&2

# Scenario 6 (the allocator) runs in process: asked for alone, it needs no infrastructure and no build.
scenarios=""
prev=""
for arg in "$@"; do
  if [[ "$prev" == "--scenarios" ]]; then scenarios="$arg"; fi
  if [[ "$arg" == --scenarios=* ]]; then scenarios="${arg#--scenarios=}"; fi
  prev="$arg"
done
if [[ "$scenarios" =~ ^[[:space:]]*6[[:space:]]*$ ]]; then
  echo "bench: scenario 6 only: no infrastructure, no build" >&2
else
  if [[ -z "${KAFKA_BROKERS:-}" || -z "${REDIS_URL:-}" || -z "${DATABASE_URL:-}" ]]; then
    eval "$(bash deploy/local/infra.sh up | grep '^export ')"
  fi
  echo "bench: KAFKA_BROKERS=$KAFKA_BROKERS REDIS_URL=$REDIS_URL" >&2

  if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
    echo "bench: compiling the apps into tmp/bench-dist" >&2
    npx tsc -p tsconfig.build.json --outDir tmp/bench-dist
  fi
fi

exec node --max-old-space-size=4096 --import tsx bench/src/main.ts "$@"
