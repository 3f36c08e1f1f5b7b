#!/usr/bin/env bash
# The asynchronous path under load: the local sandbox (./faultline up, production flags) takes RATE orders/s through
# the gateway for WARMUP (not measured: the JVMs run C1 only and the first seconds of a cold sandbox back up), then for
# DURATION. Printed: the delay from each order's confirmation (its outbox event's time) to its shipment's creation,
# exact from shipping's own rows (p50, p99, max over every order of the measured run; the warm-up's worst apart); the broker's
# CPU share of one core over the run and its RSS after it; the broker's ready time; and ./faultline check (every
# confirmed order shipped once). One run, one machine: the figures are ratios of nothing, so read them with the
# machine's line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rate=${RATE:-100}
duration=${DURATION:-60s}
warmup=${WARMUP:-20s}
offset=${OFFSET:-600}
state=$(mktemp -d /tmp/faultline-messaging-bench-XXXXXX)
fl() { "$root/faultline" "$@" --state-dir "$state" --port-offset "$offset"; }
cleanup() { fl down >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT
echo "# Faultline messaging under load — $(nproc) cores, $(uname -sr), $rate orders/s for $duration after $warmup of warm-up"
# a first start writes each process's class-data archive when it exits; a sandbox's every later start uses it (the
# figures are the warm sandbox's, as a learner has it from the second ./faultline up on)
fl up >/dev/null
field() { python3 -c "import json; s=json.load(open('$state/sandbox.json')); print(next(p['$2'] for p in s['processes'] if p['name']=='$1'))"; }
cold=$(field broker readyMillis)
fl down >/dev/null
fl up >/dev/null
pid=$(field broker pid)
ready=$(field broker readyMillis)
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
fl load --rate "$rate" --duration "$warmup" --mix place-order=1 --quiet >/dev/null
before=$(ticks); start=$(date +%s.%N)
fl load --rate "$rate" --duration "$duration" --mix place-order=1 --quiet | grep -vE '^ +[0-9:]+ +place-order ' | tail -n 4
after=$(ticks); end=$(date +%s.%N)
[ "$(field broker pid)" = "$pid" ] || { echo "the broker was restarted during the run"; exit 1; }
fl check --wait 60s
echo "relay and consumer warnings (a failed send or receive, then a backoff):"
grep -hE "Outbox relay cannot publish|Cannot consume|failed on delivery" "$state"/logs/orders.log "$state"/logs/shipping.log \
  | sed -E 's/^[^ ]+ +//' | cut -c1-220 | sort | uniq -c | sort -rn | head -n 5 || true
python3 - "$((8085 + offset))" "$before" "$after" "$start" "$end" "$hz" "$pid" "$ready" "$cold" <<'PY'
import json, sys, urllib.request
from datetime import datetime
port, before, after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
seconds = float(sys.argv[5]) - float(sys.argv[4]); hz = int(sys.argv[6]); pid = sys.argv[7]; ready = sys.argv[8]
delays, warm, page = [], [0.0], 1
t = lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp()
while True:
    body = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/shipments?size=100&page={page}"))
    for s in body["items"]:
        delay = (t(s["createdAt"]) - t(s["confirmedAt"])) * 1000
        (delays if t(s["confirmedAt"]) >= float(sys.argv[4]) else warm).append(delay)
    if len(body["items"]) < 100:
        break
    page += 1
delays.sort()
q = lambda p: delays[min(len(delays) - 1, int(p * len(delays)))]
rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")) / 1024
print(f"order confirmed -> shipment created over {len(delays):,} shipments: p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms, "
      f"max {delays[-1]:.1f} ms (target p99 < 100 ms); during the warm-up at worst {max(warm):.0f} ms")
print(f"broker: CPU {100 * (after - before) / hz / seconds:.1f} % of one core over {seconds:.0f} s; RSS {rss:.0f} MB after "
      f"the run (budget 150 MB); ready {ready} ms after its start (target < 3 s; {sys.argv[9]} ms on the very first start)")
PY
