#!/usr/bin/env bash
# Starts the whole system on embedded defaults: database, Temporal (with its UI), migrations,
# worker and API. Data persists in .data/ (or YIYANG_DATA_DIR). Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
source scripts/use-node.sh
bash scripts/bootstrap.sh
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find apps libs workflows activities package-lock.json tsconfig.json nest-cli.json -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; then
  echo "start: building API, worker, CLI and the workflow bundle..." >&2
  npm run --silent build >/dev/null 2>&1 || npm run build
  touch "$stamp"
fi
export YIYANG_DEMO_DATA="${YIYANG_DEMO_DATA:-true}"
exec node dist/apps/cli/main.js up
