#!/usr/bin/env bash
# The test suite on the real Temporal cluster (PostgreSQL persistence, four server processes)
# instead of the dev server:
#   1. starts the system in cluster mode (`YIYANG_TEMPORAL=cluster`: 2 workers, 2 APIs) on its own
#      ports, databases and data directory;
#   2. test/cluster/*.cluster-spec.ts against it: nothing assumes a single worker or API process;
#   3. the workflow + e2e suite (test/**/*.e2e-spec.ts) with TEST_TEMPORAL_ADDRESS pointing at the
#      cluster (each spec runs its own in-process worker on its own task queue);
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
bash scripts/bootstrap.sh
started=$(date +%s)

port="${TEST_CLUSTER_TEMPORAL_PORT:-27233}"
api_port="${TEST_CLUSTER_API_PORT:-27100}"
prefix="${TEST_CLUSTER_DB_PREFIX:-yiyang_test_cluster}"
data_dir="$PWD/.data/test-cluster-$port"
mkdir -p "$data_dir"

stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find apps libs workflows activities package-lock.json tsconfig.json nest-cli.json -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; then
  echo "test-cluster: building API, worker, CLI and the workflow bundle..." >&2
  npm run --silent build >/dev/null
  touch "$stamp"
fi

log="$data_dir/up.log"
: >"$log"
rm -f "$data_dir/cluster.json"
env -u DATABASE_URL -u TEMPORAL_ADDRESS YIYANG_TEMPORAL=cluster TEMPORAL_PORT="$port" PORT="$api_port" \
  YIYANG_DB_NAME="$prefix" TEMPORAL_DB_NAME="${prefix}_temporal" TEMPORAL_VISIBILITY_DB_NAME="${prefix}_temporal_visibility" \
  YIYANG_DATA_DIR="$data_dir" YIYANG_DEMO_DATA=true LOG_LEVEL=warn \
  node dist/apps/cli/main.js up >>"$log" 2>&1 &
up_pid=$!
cleanup() {
  if kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$up_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

echo "test-cluster: starting the cluster (log: $log)..." >&2
until grep -q '"ready": true' "$data_dir/cluster.json" 2>/dev/null; do
  if ! kill -0 "$up_pid" 2>/dev/null; then
    echo "test-cluster: the cluster did not start:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  sleep 1
done
ready=$(date +%s)
grep -E "Started in|Temporal (frontend|databases)" "$log" >&2 || true

status=0
YIYANG_DATA_DIR="$data_dir" npx jest --selectProjects cluster --runInBand --ci || status=1
multi=$(date +%s)
TEST_TEMPORAL_ADDRESS="127.0.0.1:$port" TEST_DB_NAME="${prefix}_e2e" TEST_TEMPORAL_PORT="$port" \
  npx jest --selectProjects e2e --runInBand --ci "$@" || status=1
done_at=$(date +%s)

printf '\ntest-cluster: cluster start %ss, multi-process specs %ss, e2e suite %ss, total %ss\n' \
  $((ready - started)) $((multi - ready)) $((done_at - multi)) $((done_at - started)) >&2
exit $status
