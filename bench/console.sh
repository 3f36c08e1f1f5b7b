#!/usr/bin/env bash
# The console under load: the local sandbox (./faultline up, production flags) at RATE requests/s through the gateway
# for DURATION, every process exporting its traces and logs to the console's OTLP receiver. Printed: how many spans
# and log records arrived and how many the stores let go (beyond their capacity, by design) or the processes could
# not export (faultline_telemetry_dropped_total: the console refused or was too slow), the console's CPU share of one
# core over the run, and its RSS with the store as full as the run made it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rate=${RATE:-200}
duration=${DURATION:-60s}
offset=${OFFSET:-500}
state=$(mktemp -d /tmp/faultline-console-bench-XXXXXX)
fl() { "$root/faultline" "$@" --state-dir "$state" --port-offset "$offset"; }
cleanup() { fl down >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT
console=$((3030 + offset))
echo "# Faultline console under load — $(nproc) cores, $(uname -sr), $rate requests/s for $duration"
fl up >/dev/null
pid=$(python3 -c "import json,sys; s=json.load(open('$state/sandbox.json')); print(next(p['pid'] for p in s['processes'] if p['name']=='console'))")
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks); start=$(date +%s.%N)
fl load --rate "$rate" --duration "$duration" --quiet | tail -n 3
sleep 6   # the processes' batch exporters send what they still hold every 5 s
now=$(python3 -c "import json,sys; s=json.load(open('$state/sandbox.json')); print(next(p['pid'] for p in s['processes'] if p['name']=='console'))")
[ "$now" = "$pid" ] || { echo "the console was restarted during the run (out of memory?): $(grep -h console "$state/logs/supervisor.log" | tail -n 2)"; exit 1; }
after=$(ticks); end=$(date +%s.%N)
telemetry=$(curl -fs "http://127.0.0.1:$console/api/telemetry")
dropped=0
for port in $(python3 -c "import json; s=json.load(open('$state/sandbox.json')); print(' '.join(str(p['adminPort']) for p in s['processes'] if p['name']!='console'))"); do
  d=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^faultline_telemetry_dropped_total/ { s += $2 } END { print s + 0 }')
  dropped=$(python3 -c "print(int($dropped + $d))")
done
JAVA_HOME="$("$root/bin/find-jdk")"
live=$("$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null 2>&1; "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | sed 's/[^0-9]//g' | awk '{ kb += $1 } END { printf "%.0f", kb / 1024 }')
python3 - "$telemetry" "$before" "$after" "$start" "$end" "$hz" "$pid" "$dropped" "$live" <<'PY'
import json, sys
t = json.loads(sys.argv[1]); before, after = int(sys.argv[2]), int(sys.argv[3])
seconds = float(sys.argv[5]) - float(sys.argv[4]); hz = int(sys.argv[6]); pid = sys.argv[7]; dropped = int(sys.argv[8])
rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")) / 1024
traces, logs = t["traces"], t["logs"]
print(f"spans received {traces['spans'] + traces['evictedSpans']:,} (held {traces['spans']:,} of {traces['capacity']:,}, "
      f"let go {traces['evictedSpans']:,}); log records {logs['records'] + logs['evicted']:,} (let go {logs['evicted']:,})")
print(f"not exported (faultline_telemetry_dropped_total over all processes): {dropped}")
live = sys.argv[9]
print(f"console CPU: {100 * (after - before) / hz / seconds:.1f} % of one core over {seconds:.0f} s; RSS {rss:.0f} MB "
      f"(read before a full collection); live heap after one {live} MB")
PY
