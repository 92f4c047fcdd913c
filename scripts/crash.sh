#!/usr/bin/env bash
# Crash suite (issue 9): its own PostgreSQL, Temporal dev server, worker and API; kill -9 of each at
# seeded random points while officers move cases; then PostgreSQL against Temporal (lost,
# duplicated, stuck) and the longest pause a client saw. See bench/crash/crash.bench.ts for the
# variables (CRASH_SEED, CRASH_SECONDS, CRASH_USERS, CRASH_PORT …).
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
source scripts/use-node.sh
bash scripts/bootstrap.sh
source scripts/cluster-lib.sh
cluster_build_if_stale
export TS_NODE_TRANSPILE_ONLY=true TS_NODE_PROJECT=tsconfig.json
exec node -r ts-node/register -r tsconfig-paths/register bench/crash/crash.bench.ts
