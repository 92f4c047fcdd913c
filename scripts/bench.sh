#!/usr/bin/env bash
# Inbox and supervisor-dashboard latency on 1,000,000 tasks (bench/inbox-and-summary.bench.ts).
# Its own database (yiyang_bench), loaded once and reused; `--reload` loads it again,
# `--load-only` stops after loading. The API runs in-process; Temporal on 127.0.0.1:19233
# unless TEMPORAL_ADDRESS is set.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
source scripts/use-node.sh
bash scripts/bootstrap.sh
export TS_NODE_TRANSPILE_ONLY=true
export TS_NODE_PROJECT=tsconfig.json
exec node -r ts-node/register -r tsconfig-paths/register bench/inbox-and-summary.bench.ts "$@"
