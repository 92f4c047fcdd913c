#!/usr/bin/env bash
# The whole test suite: static checks, the production build (including the workflow bundle),
# unit specs, then workflow and end-to-end specs against a real Temporal dev server and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
source scripts/use-node.sh
bash scripts/bootstrap.sh
echo "test: on Node $(node --version) ($(command -v node))"

step() { printf '\n== %s\n' "$*"; }
step "typecheck";        npx tsc --noEmit -p tsconfig.json && npx tsc -p apps/console/tsconfig.json
step "lint";             npx eslint . --max-warnings 0
step "import boundaries"; npx depcruise apps libs workflows activities --config .dependency-cruiser.cjs
step "format";           npx prettier --check . --log-level warn
step "compose file";     bash scripts/check-compose.sh
step "build";            npm run --silent build >/dev/null
step "api client";       bash scripts/api-client.sh --check
step "unit";             npx jest --selectProjects unit --ci
step "unit on other days"; bash scripts/unit-on-other-days.sh
step "workflow + e2e";   npx jest --selectProjects e2e --runInBand --ci
