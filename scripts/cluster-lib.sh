# Sourced by scripts/test-cluster.sh and scripts/bench-cluster.sh: builds the app if stale, starts
# `up` in cluster mode in the background with the given ports, databases and data directory,
# waits until <data dir>/cluster.json says ready, and stops it on exit. Every start begins from
# nothing (cluster_reset): the databases are the machine's, the data directory with the payload key
# is the clone's, and a new key cannot read what an earlier clone's run left in Temporal.
# Needs: cluster_port, cluster_api_port, cluster_db, cluster_temporal_db, cluster_data_dir.

cluster_build_if_stale() {
  local stamp=dist/.build-stamp
  if [ ! -f "$stamp" ] || [ -n "$(find apps libs workflows activities package-lock.json tsconfig.json nest-cli.json -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; then
    echo "cluster: building API, worker, CLI and the workflow bundle..." >&2
    npm run --silent build >/dev/null
    touch "$stamp"
  fi
}

# `env` arguments for `up` (and for the reset, which reads the same names). An array, not a
# function: `up` must be the background job itself, so that cluster_stop signals it.
cluster_env_args() {
  cluster_env=(-u DATABASE_URL -u TEMPORAL_ADDRESS YIYANG_TEMPORAL=cluster TEMPORAL_PORT="$cluster_port" PORT="$cluster_api_port"
    YIYANG_DB_NAME="$cluster_db" TEMPORAL_DB_NAME="$cluster_temporal_db" TEMPORAL_VISIBILITY_DB_NAME="${cluster_temporal_db}_visibility"
    YIYANG_DATA_DIR="$cluster_data_dir" YIYANG_DEMO_DATA=true LOG_LEVEL="${LOG_LEVEL:-warn}")
}

# Drops the run's three databases, then empties its data directory (an embedded PostgreSQL lives there).
cluster_reset() {
  cluster_env_args
  env "${cluster_env[@]}" TS_NODE_TRANSPILE_ONLY=true TS_NODE_PROJECT=tsconfig.json \
    node -r ts-node/register -r tsconfig-paths/register test/cluster/reset-cluster-state.ts
  rm -rf "$cluster_data_dir"
}

cluster_start() {
  cluster_reset
  mkdir -p "$cluster_data_dir"
  cluster_log="$cluster_data_dir/up.log"
  : >"$cluster_log"
  env "${cluster_env[@]}" node dist/apps/cli/main.js up >>"$cluster_log" 2>&1 &
  cluster_pid=$!
  trap cluster_stop EXIT
  echo "cluster: starting (log: $cluster_log)..." >&2
  until grep -q '"ready": true' "$cluster_data_dir/cluster.json" 2>/dev/null; do
    if ! kill -0 "$cluster_pid" 2>/dev/null; then
      echo "cluster: did not start:" >&2
      tail -n 40 "$cluster_log" >&2
      exit 1
    fi
    sleep 1
  done
  grep -E "Started in|Temporal (frontend|databases)" "$cluster_log" >&2 || true
}

cluster_stop() {
  if [ -n "${cluster_pid:-}" ] && kill -0 "$cluster_pid" 2>/dev/null; then
    kill -TERM "$cluster_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$cluster_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$cluster_pid" 2>/dev/null || true
  fi
}
