# Sourced by scripts/test-cluster.sh and scripts/bench-cluster.sh: builds the app if stale, starts
# `up` in cluster mode in the background with the given ports, databases and data directory,
# waits until <data dir>/cluster.json says ready, and stops it on exit.
# Needs: cluster_port, cluster_api_port, cluster_db, cluster_temporal_db, cluster_data_dir.

cluster_build_if_stale() {
  local stamp=dist/.build-stamp
  if [ ! -f "$stamp" ] || [ -n "$(find apps libs workflows activities package-lock.json tsconfig.json nest-cli.json -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; then
    echo "cluster: building API, worker, CLI and the workflow bundle..." >&2
    npm run --silent build >/dev/null
    touch "$stamp"
  fi
}

cluster_start() {
  mkdir -p "$cluster_data_dir"
  cluster_log="$cluster_data_dir/up.log"
  : >"$cluster_log"
  rm -f "$cluster_data_dir/cluster.json"
  env -u DATABASE_URL -u TEMPORAL_ADDRESS YIYANG_TEMPORAL=cluster TEMPORAL_PORT="$cluster_port" PORT="$cluster_api_port" \
    YIYANG_DB_NAME="$cluster_db" TEMPORAL_DB_NAME="$cluster_temporal_db" TEMPORAL_VISIBILITY_DB_NAME="${cluster_temporal_db}_visibility" \
    YIYANG_DATA_DIR="$cluster_data_dir" YIYANG_DEMO_DATA=true LOG_LEVEL="${LOG_LEVEL:-warn}" \
    node dist/apps/cli/main.js up >>"$cluster_log" 2>&1 &
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
