#!/usr/bin/env bash
# The console's typed API client comes from the API's own OpenAPI document (built without a
# database by `node dist/apps/api/main.js openapi`). `bash scripts/api-client.sh` regenerates it; `--check` fails when the
# committed file differs from what the current API declares (run after `npm run build`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/use-node.sh
target=apps/console/src/api/schema.d.ts
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
[ -f dist/apps/api/main.js ] || npx nest build api >/dev/null
node dist/apps/api/main.js openapi "$tmp/openapi.json"
npx openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" --root-types --root-types-no-schema-prefix --default-non-nullable false >/dev/null 2>&1
if [ "${1:-}" = "--check" ]; then
  if ! diff -u "$target" "$tmp/schema.d.ts" >"$tmp/diff"; then
    head -n 60 "$tmp/diff" >&2
    echo "api-client: $target is stale; run: bash scripts/api-client.sh" >&2
    exit 1
  fi
else
  cp "$tmp/schema.d.ts" "$target"
  echo "api-client: wrote $target" >&2
fi
