#!/usr/bin/env bash
# One JVM against a JVM per process: the same sandbox started both ways (`./faultline up` and `up --one-jvm`), each
# warm (class-data archives made by a first start), then the same load through the gateway. Prints, for each way and
# as ratios measured in this one run: time to ready, the CPU its processes spent to get there, the CPU the load cost
# them, resident memory (RSS) after the load, and `./faultline down`.
# Runs its own sandboxes (temporary state directories, ports shifted by 23600) and stops them at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
offset=${PORT_OFFSET:-23600}  # every port below 32768, where Linux's ephemeral range starts
rate=${RATE:-50}
duration=${DURATION:-30s}
state=$(mktemp -d /tmp/faultline-one-jvm-XXXXXX)
faultline() { "$root/faultline" "$@" --state-dir "$state" --port-offset "$offset"; }
trap 'faultline down >/dev/null 2>&1 || true; rm -rf "$state"' EXIT

# the sandbox's processes: the supervisor and every pid in its state file
pids() { python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(" ".join(sorted({str(s["supervisorPid"])} | {str(p["pid"]) for p in s["processes"]})))' "$state/sandbox.json"; }
# CPU seconds (user + system) the given processes spent so far
cpu() { local ticks=0; for p in "$@"; do ticks=$(( ticks + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.1f", $1 / $2}'; }
rss() { local kb=0; for p in "$@"; do kb=$(( kb + $(awk '/VmRSS/{print $2}' "/proc/$p/status") )); done; echo $(( kb / 1024 )); }

echo "# One JVM against a JVM per process — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "# $(date -u +%FT%TZ), load $rate/s for $duration through the gateway after each start"
faultline up >/dev/null && faultline down >/dev/null  # the archives, so both ways start warm
declare -A up cpu_up cpu_load mem down
for way in own one; do
  flag=(); [ "$way" = one ] && flag=(--one-jvm)
  t0=$(date +%s%N); faultline up "${flag[@]}" >/dev/null; t1=$(date +%s%N)
  up[$way]=$(( (t1 - t0) / 1000000 ))
  read -r -a running <<< "$(pids)"
  cpu_up[$way]=$(cpu "${running[@]}")
  faultline load --rate "$rate" --duration "$duration" --quiet >/dev/null
  cpu_load[$way]=$(awk -v a="$(cpu "${running[@]}")" -v b="${cpu_up[$way]}" 'BEGIN {printf "%.1f", a - b}')
  mem[$way]=$(rss "${running[@]}")
  t0=$(date +%s%N); faultline down >/dev/null; t1=$(date +%s%N)
  down[$way]=$(( (t1 - t0) / 1000000 ))
  printf '%-22s up %6d ms  CPU to ready %6.1f s  CPU of the load %6.1f s  RSS %5d MB  down %5d ms  (%d OS processes)\n' \
    "$([ "$way" = own ] && echo 'a JVM per process' || echo 'one JVM (--one-jvm)')" "${up[$way]}" "${cpu_up[$way]}" \
    "${cpu_load[$way]}" "${mem[$way]}" "${down[$way]}" "${#running[@]}"
done
awk -v u1="${up[one]}" -v u0="${up[own]}" -v c1="${cpu_up[one]}" -v c0="${cpu_up[own]}" -v l1="${cpu_load[one]}" \
    -v l0="${cpu_load[own]}" -v m1="${mem[one]}" -v m0="${mem[own]}" -v d1="${down[one]}" -v d0="${down[own]}" \
    'BEGIN { printf "one JVM / a JVM per process: up %.2f, CPU to ready %.2f, CPU of the load %.2f, RSS %.2f, down %.2f\n",
             u1 / u0, c1 / c0, l1 / l0, m1 / m0, d1 / d0 }'
