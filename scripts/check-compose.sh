#!/usr/bin/env bash
# Validates docker/compose.yaml without a Docker engine: docker/compose-check (a Go program on
# compose-spec/compose-go, the library Docker Compose itself uses) loads it as `docker compose`
# would, then checks what Yiyang needs (see docker/README.md). The checker is built once per
# source version into the same cache as the Temporal binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_DIR="${YIYANG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/yiyang}"
SRC=docker/compose-check
HASH="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-12)"
BIN_DIR="$CACHE_DIR/compose-check-$HASH"
BIN="$BIN_DIR/compose-check"

if [ ! -x "$BIN" ]; then
  GO="$(command -v go || true)"
  [ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
  if [ -z "$GO" ]; then
    echo "check-compose: Go is required to build docker/compose-check" >&2
    exit 1
  fi
  mkdir -p "$BIN_DIR"
  exec 9>"$CACHE_DIR/compose-check-build.lock"
  flock 9
  if [ ! -x "$BIN" ]; then
    echo "check-compose: building docker/compose-check (compose-go v2.16.2; first time only)..." >&2
    build() {
      (cd "$SRC" && GOPATH="$CACHE_DIR/gopath" GOCACHE="$CACHE_DIR/gocache" GOFLAGS="-mod=readonly" "$GO" build -o "$BIN.tmp" .)
    }
    build || GOSUMDB=off build
    mv "$BIN.tmp" "$BIN"
  fi
fi

# The checker itself must catch what made the old compose file unusable.
unsafe_out="$("$BIN" docker/compose-check/testdata/unsafe.yaml 2>&1 || true)"
for expected in "secret JWT_SECRET is not required" "auto-setup, which is deprecated" "the Temporal UI (temporal-ui) is published" \
  "no service registers the namespace and search attributes" 'image "postgres" is not pinned' "api: fewer than 2 replicas"; do
  if ! grep -qF "$expected" <<<"$unsafe_out"; then
    echo "check-compose: compose-check accepted docker/compose-check/testdata/unsafe.yaml without reporting: $expected" >&2
    exit 1
  fi
done

# Placeholder secrets: the checker proves the file refuses to load without each of them.
# A real docker/.env (never committed) is read too, as `docker compose` would read it.
POSTGRES_PASSWORD=check TEMPORAL_DB_PASSWORD=check YIYANG_DB_PASSWORD=check \
  JWT_SECRET=check YIYANG_PAYLOAD_KEY=check "$BIN" docker/compose.yaml
