#!/usr/bin/env bash
# `npm start`: builds Voltlane and runs every app in one process on embedded defaults — an
# embedded PostgreSQL with its data in ./.voltlane, in-process bus and reply channel, the OCPP
# gateway on ws://127.0.0.1:9000/ocpp/<station-id>. No Kafka, Redis or database server needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "Building…" >&2
npm run build --silent
exec node -r ./scripts/register-paths.js dist/apps/allinone/src/main.js
