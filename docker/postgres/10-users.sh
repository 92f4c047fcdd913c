#!/bin/sh
# First start of the PostgreSQL volume only: one role per consumer, each owning only its databases.
# The app (role yiyang) cannot read Temporal's histories; Temporal (role temporal) cannot read cases.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v yiyang_pw="$YIYANG_DB_PASSWORD" -v temporal_pw="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE yiyang LOGIN PASSWORD :'yiyang_pw';
CREATE ROLE temporal LOGIN PASSWORD :'temporal_pw';
CREATE DATABASE yiyang OWNER yiyang;
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
REVOKE ALL ON DATABASE yiyang FROM PUBLIC;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
SQL
