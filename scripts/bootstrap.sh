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
  # Packages already in npm's cache are taken from it (same lockfile integrity, fewer downloads);
  # a download that stalls is cut off and the install tried again, rather than hanging CI.
  installed=false
  for attempt in 1 2 3; do
    if timeout 900 npm ci --prefer-offline --fetch-timeout=120000 --fetch-retries=4 --no-audit --no-fund --loglevel=error; then
      installed=true
      break
    fi
    echo "bootstrap: npm ci attempt $attempt failed or stalled; trying again..." >&2
  done
  [ "$installed" = true ] || { echo "bootstrap: npm ci failed three times" >&2; exit 1; }
  if [ "$(sha256sum package-lock.json)" != "$before" ]; then
    echo "bootstrap: the install changed package-lock.json; commit a lockfile that npm ci accepts unchanged" >&2
    exit 1
  fi
  touch "$stamp"
fi

bash scripts/ensure-temporal.sh >/dev/null
