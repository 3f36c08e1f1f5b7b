#!/usr/bin/env bash
# Sandbox stop: how long `./faultline down` takes for the whole local sandbox (ten processes: the shop, the broker,
# the token issuer and the console, whose receiver takes the others' last telemetry as they exit). Starts its own sandbox (port
# offset 23500) three times in a row over one state directory and times each `down`, the CLI's own start included.
# Target: at most 2 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
offset=${PORT_OFFSET:-23500}
state=$(mktemp -d /tmp/faultline-stop-XXXXXX)
trap '"$root/faultline" down --state-dir "$state" --port-offset "$offset" >/dev/null 2>&1 || true' EXIT
echo "# Faultline sandbox stop — $(nproc) cores, $(uname -sr)"
for round in 1 2 3; do
  "$root/faultline" up --state-dir "$state" --port-offset "$offset" >/dev/null
  start=$(date +%s%N)
  stopped=$("$root/faultline" down --state-dir "$state" --port-offset "$offset")
  end=$(date +%s%N)
  echo "$stopped"
  awk -v r="$round" -v ns=$((end - start)) 'BEGIN { printf "round %d: ./faultline down took %.2f s\n", r, ns / 1e9 }'
done
