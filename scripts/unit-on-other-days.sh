#!/usr/bin/env bash
# Runs the unit project (every spec that needs no server) with the clock moved by faketime to the
# instants where date code breaks: already 1 December in Shanghai while still 30 November in UTC,
# New Year in Shanghai, the end of February, and a leap day. Go binaries ignore faketime, so the
# e2e specs rely on deriving their dates from today (test/support/today.ts) instead.
# Extra instants: UNIT_FAKE_INSTANTS="2029-06-30 16:00:00;2030-01-01 00:00:00".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-apt.sh faketime:faketime

IFS=';' read -r -a instants <<< "${UNIT_FAKE_INSTANTS:-2026-11-30 16:30:00;2026-12-31 16:30:00;2027-02-28 12:00:00;2028-02-29 12:00:00}"
export TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1
for instant in "${instants[@]}"; do
  # The clock must really have moved, or this step would prove nothing.
  seen="$(faketime -f "@$instant" node -e 'process.stdout.write(new Date().toISOString().slice(0, 16))')"
  want="$(date -u -d "$instant" +%Y-%m-%dT%H:%M)"
  if [ "$seen" != "$want" ]; then
    echo "unit-on-other-days: faketime did not move Node's clock to $instant (saw $seen)" >&2
    exit 1
  fi
  echo "-- unit specs at $instant UTC" >&2
  faketime -f "@$instant" npx jest --selectProjects unit --ci --silent
done
