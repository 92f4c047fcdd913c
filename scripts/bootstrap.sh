#!/usr/bin/env bash
# Installs what the project needs, from its own lockfile and scripts: npm packages (when missing
# or out of date) and the Temporal CLI (built once into a cache outside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.yiyang-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "bootstrap: installing npm packages from package-lock.json..." >&2
  # `npm ci` refuses this lockfile here: the registry leaves other platforms' optional packages
  # (@swc/core-darwin-*) unresolved. `npm install` installs the same locked versions.
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

bash scripts/ensure-temporal.sh >/dev/null
