#!/bin/sh
# Creates (optionally) and migrates Temporal's two PostgreSQL databases with temporal-sql-tool.
# Idempotent: safe to run on every start. `setup-schema -v 0.0` only adds the version tables
# (CREATE TABLE IF NOT EXISTS, and it never lowers a recorded version); `update-schema` applies
# whatever versioned migrations the database has not had yet, which is how a server upgrade
# upgrades the schema.
#
# Used by the local cluster (libs/runtime/src/temporal-cluster.ts) and by the admin-tools
# one-shot in docker/compose.yaml; plain POSIX sh for the latter's image.
#
# Environment: SQL_TOOL (path of temporal-sql-tool), SCHEMA_DIR (<module>/schema/postgresql/v12),
# DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, TEMPORAL_DB_NAME, TEMPORAL_VISIBILITY_DB_NAME,
# CREATE_DATABASES (true: create them first; needs a role allowed to create databases).
set -eu

: "${SQL_TOOL:?SQL_TOOL}" "${SCHEMA_DIR:?SCHEMA_DIR}" "${DB_HOST:?DB_HOST}" "${DB_USER:?DB_USER}"
export SQL_HOST="$DB_HOST" SQL_PORT="${DB_PORT:-5432}" SQL_USER="$DB_USER" SQL_PASSWORD="${DB_PASSWORD:-}"

migrate() {
  db="$1"
  dir="$2"
  if [ "${CREATE_DATABASES:-false}" = "true" ]; then
    "$SQL_TOOL" --plugin postgres12 --db "$db" create-database
  fi
  "$SQL_TOOL" --plugin postgres12 --db "$db" setup-schema -v 0.0
  "$SQL_TOOL" --plugin postgres12 --db "$db" update-schema -d "$SCHEMA_DIR/$dir/versioned"
  echo "temporal-schema: $db is at the newest $dir schema" >&2
}

migrate "${TEMPORAL_DB_NAME:-temporal}" temporal
migrate "${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}" visibility
