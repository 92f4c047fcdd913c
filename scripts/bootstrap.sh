#!/usr/bin/env bash
# Installs what the project needs, from its own lockfile and scripts: npm packages (when missing
# or out of date, with `npm ci`, failing if the install would change package-lock.json) and the
# Temporal CLI (built once into a cache outside the repository). The entry scripts source
# scripts/use-node.sh first, so this runs on the project's Node.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/npm-ci-locked.sh .
bash scripts/ensure-temporal.sh >/dev/null
