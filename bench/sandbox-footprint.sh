#!/usr/bin/env bash
# Measures the foundation's figures on this machine, in one run:
#   - how long each service takes from process start to ready, and `./faultline up` in all
#     (cold: no class-data archives yet; warm: the second start);
#   - each process's resident memory (RSS) after 1,000 orders placed through the saga.
# Runs its own sandbox (temporary state directory, ports shifted by 23000) and stops it at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
orders=${ORDERS:-1000}
offset=${PORT_OFFSET:-23000}  # every port below 32768, where Linux's ephemeral range starts
state=$(mktemp -d /tmp/faultline-bench-XXXXXX)
faultline() { "$root/faultline" "$@" --state-dir "$state" --port-offset "$offset"; }
trap 'faultline down >/dev/null 2>&1 || true' EXIT

port() { echo $(( $1 + offset )); }
users=$(port 8081) catalog=$(port 8082) orders_port=$(port 8083)

echo "# Faultline sandbox footprint — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$("$root/bin/find-jdk")/bin/java" -version 2>&1 | head -n 1)"
echo "# $(date -u +%FT%TZ), $orders orders"

for start in cold warm; do
  t0=$(date +%s%N)
  faultline up >/dev/null
  t1=$(date +%s%N)
  echo "## $start start: ./faultline up ready in $(( (t1 - t0) / 1000000 )) ms (the CLI's own JVM start included)"
  python3 - "$state/sandbox.json" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1]))["processes"]:
    print(f"   {p['name']:<11} ready {p['readyMillis']:>5} ms after its process started")
PY
  [ "$start" = cold ] && faultline down >/dev/null
done

products=(mechanical-keyboard wireless-mouse usb-c-hub noise-cancelling-headphones 4k-monitor webcam laptop-stand desk-lamp)
user_ids=()
for i in $(seq 1 20); do
  user_ids+=("$(curl -sf -X POST "http://127.0.0.1:$users/users" -H 'Content-Type: application/json' \
    -d "{\"name\": \"Bench $i\", \"email\": \"bench-$i-$RANDOM$RANDOM@example.com\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
done
t0=$(date +%s%N)
confirmed=0
for i in $(seq 1 "$orders"); do
  user=${user_ids[$(( i % ${#user_ids[@]} ))]}
  product=${products[$(( i % ${#products[@]} ))]}
  status=$(curl -sf -X POST "http://127.0.0.1:$orders_port/orders" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: bench-$i-$t0" \
    -d "{\"userId\": \"$user\", \"items\": [{\"productId\": \"$product\", \"quantity\": 1}]}" | grep -o '"status":"[A-Z]*"' | tail -n 1)
  [ "$status" = '"status":"CONFIRMED"' ] && confirmed=$((confirmed + 1))
done
t1=$(date +%s%N)
echo "## $confirmed of $orders orders CONFIRMED in $(( (t1 - t0) / 1000000 )) ms (one curl at a time)"
echo "## memory after the orders: RSS, PSS (shared pages such as libjvm and the JDK's class-data archive divided among"
echo "## the processes that map them), and what the JVM commits (from each process's /metrics)"
python3 - "$state/sandbox.json" <<'PY'
import json, re, sys, urllib.request
def metric(text, name, **labels):
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total / 1024 / 1024
rows, mb = [], lambda kb: kb / 1024
print(f"   {'process':<11} {'RSS':>7} {'PSS':>7} {'heap':>6} {'meta':>6} {'code':>6}  (MB; heap, metaspace, code cache committed)")
for p in json.load(open(sys.argv[1]))["processes"]:
    status = open(f"/proc/{p['pid']}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    pss = int(re.search(r"^Pss:\s+(\d+)", open(f"/proc/{p['pid']}/smaps_rollup").read(), re.M).group(1))
    text = urllib.request.urlopen(f"http://127.0.0.1:{p['adminPort']}/metrics", timeout=5).read().decode()
    heap = metric(text, "jvm_memory_committed_bytes", area="heap")
    meta = metric(text, "jvm_memory_committed_bytes", id="Metaspace")
    code = metric(text, "jvm_memory_committed_bytes", id="CodeCache") + sum(
        metric(text, "jvm_memory_committed_bytes", id=i) for i in ("CodeHeap 'non-nmethods'", "CodeHeap 'profiled nmethods'", "CodeHeap 'non-profiled nmethods'"))
    rows.append((p["name"], mb(rss), mb(pss)))
    print(f"   {p['name']:<11} {mb(rss):7.1f} {mb(pss):7.1f} {heap:6.1f} {meta:6.1f} {code:6.1f}")
shop = [r for r in rows if r[0] not in ("console", "broker")]
for label, part in (("all", rows), ("without console and broker", shop)):
    print(f"## {label}: {len(part)} processes, RSS {sum(r[1] for r in part):.0f} MB, PSS {sum(r[2] for r in part):.0f} MB")
PY
