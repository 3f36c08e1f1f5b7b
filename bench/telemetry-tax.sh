#!/usr/bin/env bash
# Telemetry tax: the same service (catalog, GET one product) with telemetry on (always-on sampling, every span
# and log record exported over OTLP/HTTP to a local receiver) and off (OTEL_SDK_DISABLED=true), measured in one
# run with wrk on loopback, rounds alternating on/off; median of ROUNDS. Target: throughput on/off >= 0.9.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
offset=${PORT_OFFSET:-41000}
command -v wrk >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is missing" >&2; exit 3; }
JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"
[ -f "$root/services/catalog/target/catalog.jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)

work=$(mktemp -d /tmp/faultline-tax-XXXXXX)
receiver=$((4318 + offset))
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# An OTLP/HTTP receiver that accepts and counts every export (200, empty body, as a collector answers).
python3 - "$receiver" > "$work/receiver.log" 2>&1 <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
PY
pids+=($!)

start() { # mode port -> pid
  local disabled=false; [ "$1" = off ] && disabled=true
  SERVER_PORT=$2 ADMIN_PORT=$(($2 + 1000)) DATA_DIR="$work/catalog-$1" OTEL_SDK_DISABLED=$disabled \
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$receiver" OTEL_TRACES_SAMPLER=always_on OTEL_SERVICE_NAME=catalog \
    "$java" -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    -jar "$root/services/catalog/target/catalog.jar" > "$work/catalog-$1.log" 2>&1 &
  echo $!
}
ready() { for _ in $(seq 1 200); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }
declare -A port=([on]=$((8082 + offset)) [off]=$((8092 + offset)))
for mode in on off; do pids+=("$(start "$mode" "${port[$mode]}")"); ready "http://127.0.0.1:$((${port[$mode]} + 1000))/health/ready"; done

run() { wrk -t2 -c32 -d"$2"s --latency "http://127.0.0.1:${port[$1]}/products/webcam"; }
parse() { python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50, p99 = (ms(*re.search(r"\s" + q + r"%\s+([\d.]+)(us|ms|s)", text).groups()) for q in ("50", "99"))
print("%.0f %.3f %.3f" % (rps, p50, p99))'; }

echo "# Telemetry tax — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "# $(date -u +%FT%TZ); catalog GET /products/webcam, 32 connections, $rounds rounds of ${seconds}s, on/off alternating"
for mode in on off; do run "$mode" 3 >/dev/null; done   # warm-up
declare -A result
for round in $(seq 1 "$rounds"); do
  for mode in on off; do result[$mode,$round]=$(run "$mode" "$seconds" | parse); done
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pick() { for round in $(seq 1 "$rounds"); do echo "${result[$1,$round]}" | cut -d' ' -f"$2"; done | median; }
printf '\n%-4s %10s %9s %9s\n' mode "req/s" "p50 ms" "p99 ms"
for mode in on off; do printf '%-4s %10s %9s %9s\n' "$mode" "$(pick "$mode" 1)" "$(pick "$mode" 2)" "$(pick "$mode" 3)"; done
exports=$(curl -s "http://127.0.0.1:$((${port[on]} + 1000))/metrics" | grep -E '^faultline_telemetry_dropped_total' || true)
python3 - "$(pick on 1)" "$(pick off 1)" "$(pick on 2)" "$(pick off 2)" <<'PY'
import sys
on, off, p50on, p50off = map(float, sys.argv[1:])
print(f"\nthroughput on/off = {on / off:.2f}   (target >= 0.90)")
print(f"p50 on - off      = {p50on - p50off:+.3f} ms")
PY
echo "spans and logs dropped by the exporter during the run: ${exports:-none}"
