#!/usr/bin/env bash
# npm run test:faults: compiles the apps into tmp/faults-dist (the stack runs from there as real
# processes) and runs the fault-injection test (apps/faults/src/main.ts). Not part of `npm test`.
# FAULTS_ONLY=kafka-restart,redis-restart runs some faults; FAULTS_STATIONS_PER_VERSION (30).
set -euo pipefail
cd "$(dirname "$0")/../.."
hard="$(ulimit -Hn)"
ulimit -n "$hard" 2>/dev/null || true
echo "faults: compiling the apps into tmp/faults-dist" >&2
rm -rf tmp/faults-dist
npx tsc -p tsconfig.build.json --outDir tmp/faults-dist
exec node --import tsx apps/faults/src/main.ts
