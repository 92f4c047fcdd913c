#!/usr/bin/env bash
# The test suite on the real Temporal cluster (PostgreSQL persistence, four server processes)
# instead of the dev server:
#   1. starts the system in cluster mode (`YIYANG_TEMPORAL=cluster`: 2 workers, 2 APIs) on its own
#      ports, databases and data directory;
#   2. test/cluster/*.cluster-spec.ts against it: nothing assumes a single worker or API process;
#   3. the workflow + e2e suite (test/**/*.e2e-spec.ts) with TEST_TEMPORAL_ADDRESS pointing at the
#      cluster, in its own namespace (TEST_CLUSTER_NAMESPACE, yiyang-e2e); each spec runs its own
#      in-process worker on its own task queue;
# then stops everything. Prints how long each part took.
#
# Ports and names (override with the variables): frontend gRPC TEST_CLUSTER_TEMPORAL_PORT (27233;
# the cluster uses P..P+3, P+10, P+100..P+103, P+200..P+203, app metrics P+300..P+311), APIs
# TEST_CLUSTER_API_PORT and +1 (27100), databases TEST_CLUSTER_DB_PREFIX (yiyang_test_cluster):
# <prefix> for the running system, <prefix>_e2e for the suite, <prefix>_temporal and
# <prefix>_temporal_visibility for Temporal.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
source scripts/use-node.sh
bash scripts/bootstrap.sh
started=$(date +%s)

source scripts/cluster-lib.sh

cluster_port="${TEST_CLUSTER_TEMPORAL_PORT:-27233}"
cluster_api_port="${TEST_CLUSTER_API_PORT:-27100}"
prefix="${TEST_CLUSTER_DB_PREFIX:-yiyang_test_cluster}"
cluster_db="$prefix"
cluster_temporal_db="${TEST_CLUSTER_TEMPORAL_DB_NAME:-${prefix}_temporal}"
cluster_data_dir="$PWD/.data/test-cluster-$cluster_port"
data_dir="$cluster_data_dir"
port="$cluster_port"

cluster_build_if_stale
cluster_start
ready=$(date +%s)

status=0
YIYANG_DATA_DIR="$data_dir" npx jest --selectProjects cluster --runInBand --ci || status=1
multi=$(date +%s)
if [ "${TEST_CLUSTER_E2E:-true}" = false ]; then
  # For iterating on the multi-process specs only; CI and `make test-cluster` run everything.
  printf '\ntest-cluster: cluster start %ss, multi-process specs %ss (e2e suite skipped: TEST_CLUSTER_E2E=false)\n' \
    $((ready - started)) $((multi - ready)) >&2
  exit $status
fi
# The suite gets a namespace of its own (registered like production's, search attributes
# included): schedule ids are per namespace, and the running system above owns the default
# namespace's schedules, encrypted with its own payload key.
e2e_namespace="${TEST_CLUSTER_NAMESPACE:-yiyang-e2e}"
TEMPORAL_ADDRESS="127.0.0.1:$port" TEMPORAL_NAMESPACE="$e2e_namespace" TEMPORAL_RETENTION_DAYS=1 LOG_LEVEL=warn \
  node dist/apps/cli/main.js temporal-setup
TEST_TEMPORAL_ADDRESS="127.0.0.1:$port" TEST_DB_NAME="${prefix}_e2e" TEST_TEMPORAL_PORT="$port" TEMPORAL_NAMESPACE="$e2e_namespace" \
  npx jest --selectProjects e2e --runInBand --ci "$@" || status=1
done_at=$(date +%s)

printf '\ntest-cluster: cluster start %ss, multi-process specs %ss, e2e suite %ss, total %ss\n' \
  $((ready - started)) $((multi - ready)) $((done_at - multi)) $((done_at - started)) >&2
exit $status
