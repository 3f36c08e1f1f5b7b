#!/usr/bin/env bash
# How many workshop sandboxes fit on one machine: starts N sandboxes side by side (each its own state directory and
# port offset, as LEADERS.md tells a leader to), takes every learner through the same exercise at once, then
# measures each sandbox's resident memory (its supervisor and every process) and how the exercise went.
# Prints RSS per sandbox and in total, and how many sandboxes 16 GiB holds at that size with 2 GiB kept for the system.
# Stops every sandbox at the end, also on failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${SANDBOXES:-3}
states=()
offsets=()
for i in $(seq 1 "$n"); do
  states+=("$(mktemp -d /tmp/faultline-class-XXXXXX)")
  offsets+=($(( 20000 + i * 200 )))
done
faultline() { local i=$1; shift; "$root/faultline" "$@" --state-dir "${states[$i]}" --port-offset "${offsets[$i]}"; }
cleanup() {
  for i in $(seq 0 $(( n - 1 ))); do faultline "$i" down >/dev/null 2>&1 || true; rm -rf "${states[$i]}"; done
}
trap cleanup EXIT

echo "# Workshop sandboxes side by side — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "# $(date -u +%FT%TZ), $n sandboxes, each learner takes first-order at the same moment"
for i in $(seq 0 $(( n - 1 ))); do faultline "$i" up >/dev/null; done

# first-order's predictions (the grades do not matter here, only that each learner's run happens)
predictions=(--predict payments-called=yes@80 --predict order-p50=30@50 --predict against-browsing=up@70)
pids=()
for i in $(seq 0 $(( n - 1 ))); do
  faultline "$i" workshop run first-order "${predictions[@]}" --learner "learner-$i" > "${states[$i]}/run.log" 2>&1 &
  pids+=($!)
done
passed=0
for i in $(seq 0 $(( n - 1 ))); do
  if wait "${pids[$i]}"; then passed=$(( passed + 1 )); fi
done

total=0
for i in $(seq 0 $(( n - 1 ))); do
  kb=$(python3 - "${states[$i]}/sandbox.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
pids = [state["supervisorPid"]] + [p["pid"] for p in state["processes"]]
total = 0
for pid in pids:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
print(total, len(pids) - 1)
PY
)
  read -r kb count <<<"$kb"
  total=$(( total + kb ))
  printf '   sandbox %d: %4d MB RSS (supervisor + %d processes), exercise %s\n' "$i" $(( kb / 1024 )) "$count" \
    "$(grep -o 'Verdict: [A-Z]*' "${states[$i]}/run.log" || echo 'no verdict')"
done
per=$(( total / n / 1024 ))
echo "## $n sandboxes: $(( total / 1024 )) MB RSS in all, $per MB each on average; $passed of $n exercises passed"
echo "## at $per MB each, 16 GiB less 2 GiB for the system holds $(( (14 * 1024) / per )) sandboxes by memory"
