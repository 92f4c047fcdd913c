#!/usr/bin/env bash
# `bash scripts/npm-ci-locked.sh DIR`: installs DIR's npm packages from DIR/package-lock.json with
# `npm ci`, when they are missing or older than package.json or the lockfile. Fails if the install
# would change the lockfile: two machines must build the same tree. Packages already in npm's cache
# are taken from it (same lockfile integrity, fewer downloads); a download that stalls is cut off
# and the install tried again, rather than hanging CI.
set -euo pipefail
dir="$1"
[ "$dir" = . ] && what="the project's npm packages" || what="$dir's npm packages"
stamp="$dir/node_modules/.yiyang-install-stamp"
if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ] && [ ! "$dir/package.json" -nt "$stamp" ]; then
  exit 0
fi
echo "npm-ci-locked: installing $what from $dir/package-lock.json (npm ci)..." >&2
before="$(sha256sum "$dir/package-lock.json")"
installed=false
for attempt in 1 2 3; do
  if timeout 900 npm ci --prefix "$dir" --prefer-offline --fetch-timeout=120000 --fetch-retries=4 --no-audit --no-fund --loglevel=error; then
    installed=true
    break
  fi
  echo "npm-ci-locked: npm ci attempt $attempt in $dir failed or stalled; trying again..." >&2
done
[ "$installed" = true ] || { echo "npm-ci-locked: npm ci in $dir failed three times" >&2; exit 1; }
if [ "$(sha256sum "$dir/package-lock.json")" != "$before" ]; then
  echo "npm-ci-locked: the install changed $dir/package-lock.json; commit a lockfile that npm ci accepts unchanged" >&2
  exit 1
fi
touch "$stamp"
