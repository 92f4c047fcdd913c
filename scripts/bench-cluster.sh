#!/usr/bin/env bash
# Starts the system in cluster mode (2 workers, 2 APIs, the Temporal server's four services as
# separate processes), then:
#   bench/cluster-failover.bench.ts    kill -9 a worker, an API, history, matching in turn while
#                                      officers move cases; lost / duplicated / stuck / longest pause
#   bench/cluster-throughput.bench.ts  intake and step throughput, cluster vs dev server, one run
# and stops everything. Ports and names as scripts/test-cluster.sh (BENCH_CLUSTER_* variables).
# `--failover-only` / `--throughput-only` run one of them.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
source scripts/use-node.sh
bash scripts/bootstrap.sh
source scripts/cluster-lib.sh

cluster_port="${BENCH_CLUSTER_TEMPORAL_PORT:-28233}"
cluster_api_port="${BENCH_CLUSTER_API_PORT:-28100}"
cluster_db="${BENCH_CLUSTER_DB_NAME:-yiyang_bench_cluster}"
cluster_temporal_db="${BENCH_CLUSTER_TEMPORAL_DB_NAME:-${cluster_db}_temporal}"
cluster_data_dir="$PWD/.data/bench-cluster-$cluster_port"

cluster_build_if_stale
cluster_start
export YIYANG_DATA_DIR="$cluster_data_dir" TS_NODE_TRANSPILE_ONLY=true TS_NODE_PROJECT=tsconfig.json
status=0
if [ "${1:-}" != "--throughput-only" ]; then
  node -r ts-node/register -r tsconfig-paths/register bench/cluster-failover.bench.ts || status=1
fi
if [ "${1:-}" != "--failover-only" ]; then
  node -r ts-node/register -r tsconfig-paths/register bench/cluster-throughput.bench.ts || status=1
fi
exit $status
