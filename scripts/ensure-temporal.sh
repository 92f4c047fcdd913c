#!/usr/bin/env bash
# Builds the official Temporal CLI (v1.5.1, bundling server 1.29.1) from the Go module proxy
# into a cache outside the repository, so every clone on this machine reuses it.
# Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail

VERSION="1.5.1"
CACHE_DIR="${YIYANG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/yiyang}"
BIN_DIR="$CACHE_DIR/temporal-cli-$VERSION"
BIN="$BIN_DIR/temporal"

if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -x "$TEMPORAL_CLI_PATH" ]; then
  echo "$TEMPORAL_CLI_PATH"
  exit 0
fi

if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

GO="$(command -v go || true)"
[ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
if [ -z "$GO" ]; then
  echo "ensure-temporal: Go is required to build the Temporal CLI (looked in PATH and /usr/local/go/bin)" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"
LOCK="$CACHE_DIR/temporal-build.lock"
exec 9>"$LOCK"
flock 9
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

echo "ensure-temporal: building Temporal CLI v$VERSION from the Go module proxy (first time only, takes minutes)..." >&2
build() {
  GOBIN="$BIN_DIR" GOFLAGS="-mod=mod" GOPATH="$CACHE_DIR/gopath" GOCACHE="$CACHE_DIR/gocache" \
    "$GO" install -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$VERSION" \
    "github.com/temporalio/cli/cmd/temporal@v$VERSION"
}
if ! build >&2; then
  echo "ensure-temporal: retrying with GOSUMDB=off (checksum database unreachable; the module's own go.sum still applies)" >&2
  GOSUMDB=off build >&2
fi
echo "$BIN"
