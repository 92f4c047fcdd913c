#!/usr/bin/env bash
# Installs what the project needs, from its own lockfile and scripts: npm packages (when missing
# or out of date, with `npm ci`) and the Temporal CLI (built once into a cache outside the
# repository). Fails if the install would change package-lock.json: two machines must build the
# same tree.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.yiyang-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "bootstrap: installing npm packages from package-lock.json (npm ci)..." >&2
  before="$(sha256sum package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  if [ "$(sha256sum package-lock.json)" != "$before" ]; then
    echo "bootstrap: the install changed package-lock.json; commit a lockfile that npm ci accepts unchanged" >&2
    exit 1
  fi
  touch "$stamp"
fi

bash scripts/ensure-temporal.sh >/dev/null
