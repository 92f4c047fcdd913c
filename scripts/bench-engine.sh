#!/usr/bin/env bash
# Yiyang against the raw Temporal engine, side by side (bench/engine.bench.ts): `make bench-engine`,
# or with sections: `bash scripts/bench-engine.sh tuning engine dashboards`. Its own Temporal dev
# server on BENCH_TEMPORAL_PORT (19233), databases BENCH_DB_NAME (yiyang_bench_engine, recreated each
# run) and BENCH_DB_NAME_dash (1,000,000 tasks, loaded once). Knobs: BENCH_ROUNDS, BENCH_CONCURRENCY,
# BENCH_OPEN, BENCH_TUNING_STEPS, BENCH_DASHBOARD_REQUESTS.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
source scripts/use-node.sh
bash scripts/bootstrap.sh
# The API and worker run from the production build, as make start runs them (BENCH_TS_NODE=true: sources).
[ "${BENCH_TS_NODE:-false}" = true ] || npm run --silent build >/dev/null
export TS_NODE_TRANSPILE_ONLY=true
export TS_NODE_PROJECT=tsconfig.json
exec node -r ts-node/register -r tsconfig-paths/register bench/engine.bench.ts "$@"
