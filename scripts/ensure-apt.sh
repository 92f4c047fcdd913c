#!/usr/bin/env bash
# Installs Debian packages the test suite needs when they are missing (as root, with apt-get).
# Usage: ensure-apt.sh COMMAND:PACKAGE [COMMAND:PACKAGE ...]   e.g. faketime:faketime
# A COMMAND that starts with / is a file that must exist instead (e.g. a font file).
set -euo pipefail
missing=()
for spec in "$@"; do
  probe="${spec%%:*}"
  pkg="${spec#*:}"
  if [[ "$probe" == /* ]]; then
    [ -e "$probe" ] || missing+=("$pkg")
  else
    command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure-apt: installing ${missing[*]} (apt-get)..." >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
