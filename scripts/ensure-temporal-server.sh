#!/usr/bin/env bash
# Builds the real Temporal server (v1.29.1, the version the CLI bundles) and its schema tool
# (temporal-sql-tool, built as `sql`) from the Go module proxy into the same cache as the CLI
# (scripts/ensure-temporal.sh), so every clone on this machine reuses them.
# Prints the directory holding `server` and `sql` on stdout; progress goes to stderr.
# The module's source (schema files, sample configs) lands in the cache's GOPATH; print its
# directory with `--module-dir`.
set -euo pipefail

VERSION="1.29.1"
CACHE_DIR="${YIYANG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/yiyang}"
BIN_DIR="$CACHE_DIR/temporal-server-$VERSION"
GOPATH_DIR="$CACHE_DIR/gopath"
MODULE_DIR="$GOPATH_DIR/pkg/mod/go.temporal.io/server@v$VERSION"

done_already() { [ -x "$BIN_DIR/server" ] && [ -x "$BIN_DIR/sql" ] && [ -d "$MODULE_DIR/schema" ]; }
print() {
  if [ "${1:-}" = "--module-dir" ]; then echo "$MODULE_DIR"; else echo "$BIN_DIR"; fi
}

if done_already; then print "${1:-}"; exit 0; fi

GO="$(command -v go || true)"
[ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
if [ -z "$GO" ]; then
  echo "ensure-temporal-server: Go is required to build the Temporal server (looked in PATH and /usr/local/go/bin)" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"
# Own lock (not the CLI's): the two builds may run at once; Go's module and build caches are
# safe for concurrent use, the lock only stops two clones building the same binaries.
LOCK="$CACHE_DIR/temporal-server-build.lock"
exec 9>"$LOCK"
flock 9
if done_already; then print "${1:-}"; exit 0; fi

echo "ensure-temporal-server: building Temporal server + temporal-sql-tool v$VERSION from the Go module proxy (first time only, ~6 minutes)..." >&2
build() {
  GOBIN="$BIN_DIR" GOFLAGS="-mod=mod" GOPATH="$GOPATH_DIR" GOCACHE="$CACHE_DIR/gocache" \
    "$GO" install "go.temporal.io/server/cmd/server@v$VERSION" "go.temporal.io/server/cmd/tools/sql@v$VERSION"
}
started=$(date +%s)
if ! build >&2; then
  echo "ensure-temporal-server: retrying with GOSUMDB=off (checksum database unreachable; the module's own go.sum still applies)" >&2
  GOSUMDB=off build >&2
fi
echo "ensure-temporal-server: built in $(( $(date +%s) - started ))s" >&2
print "${1:-}"
