#!/usr/bin/env bash
# Telemetry tax: the same service (catalog, GET one product) with telemetry on (always-on sampling, its spans and
# log records exported over OTLP/HTTP to a local receiver) and off (OTEL_SDK_DISABLED=true), and two variants that
# show what pieces cost, measured in one run with wrk on loopback, rounds taking the modes in turn; median of
# ROUNDS. Target: throughput on/off >= 0.9.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-5}   # five: between processes the same mode varies by up to 10 % (bench/RESULTS.md)
seconds=${SECONDS_PER_RUN:-8}
offset=${PORT_OFFSET:-23650}  # every port below 32768, where Linux's ephemeral range starts
source "$root/bench/common.sh"
need_tools wrk
JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"
[ -f "$root/services/catalog/target/catalog.jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)

work=$(mktemp -d /tmp/faultline-tax-XXXXXX)
receiver=$((4318 + offset))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_nginx "$work"
  wait 2>/dev/null || true
}
trap cleanup EXIT

# An OTLP/HTTP receiver that accepts every export (200, empty body, as a collector answers). nginx by default: the
# receiver shares the two cores with the service and wrk, and its cost is the backend's, not the service's tax (a
# collector runs elsewhere); RECEIVER=python is the small Python server the figures before 2026-12-01 used, which
# took a good part of a core itself.
if [ "${RECEIVER:-nginx}" = python ]; then
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
else
  need_tools nginx
  start_nginx "$work" 1 "
  client_max_body_size 64m;
  client_body_buffer_size 4m;
  server {
    listen 127.0.0.1:$receiver;
    location / { default_type application/x-protobuf; return 200 \"\"; }
  }"
fi
# off: OTEL_SDK_DISABLED; on: as the sandbox runs (spans for requests, writes and slow reads; logs exported);
# all-sql: every SQL statement traced, as before FastSqlReadFilter; no-logs: on, but log records not exported
start() { # mode port -> pid
  local extra=()
  case "$1" in
    off) extra=(OTEL_SDK_DISABLED=true) ;;
    all-sql) extra=(FAULTLINE_SQL_SLOW_READ=0ms) ;;
    no-logs) extra=(OTEL_LOGS_EXPORTER=none) ;;
  esac
  env "${extra[@]}" SERVER_PORT=$2 ADMIN_PORT=$(($2 + 1000)) DATA_DIR="$work/catalog-$1" \
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$receiver" OTEL_TRACES_SAMPLER=always_on OTEL_SERVICE_NAME=catalog \
    "$java" -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    -jar "$root/services/catalog/target/catalog.jar" > "$work/catalog-$1.log" 2>&1 &
  echo $!
}
modes=(on off all-sql no-logs)
declare -A port=([on]=$((8082 + offset)) [off]=$((8092 + offset)) [all-sql]=$((8072 + offset)) [no-logs]=$((8062 + offset)))
for mode in "${modes[@]}"; do pids+=("$(start "$mode" "${port[$mode]}")"); ready "http://127.0.0.1:$((${port[$mode]} + 1000))/health/ready"; done

run() { wrk -t2 -c32 -d"$2"s --latency "http://127.0.0.1:${port[$1]}/products/webcam"; }

echo "# Telemetry tax — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "# $(date -u +%FT%TZ); catalog GET /products/webcam, 32 connections, $rounds rounds of ${seconds}s, modes in turn; receiver: ${RECEIVER:-nginx}"
for mode in "${modes[@]}"; do run "$mode" 3 >/dev/null; done   # warm-up
declare -A result
for round in $(seq 1 "$rounds"); do
  for mode in "${modes[@]}"; do result[$mode,$round]=$(run "$mode" "$seconds" | parse); done
done
pick() { for round in $(seq 1 "$rounds"); do echo "${result[$1,$round]}" | cut -d' ' -f"$2"; done | median; }
printf '\n%-8s %10s %9s %9s\n' mode "req/s" "p50 ms" "p99 ms"
for mode in "${modes[@]}"; do printf '%-8s %10s %9s %9s\n' "$mode" "$(pick "$mode" 1)" "$(pick "$mode" 2)" "$(pick "$mode" 3)"; done
curl -s "http://127.0.0.1:$((${port[on]} + 1000))/metrics" > "$work/metrics-on.txt"
exports=$(grep -E '^faultline_telemetry_dropped_total' "$work/metrics-on.txt" || true)
# what the receiver accepted from "on": a full export queue would drop spans silently and make "on" look cheaper
python3 - "$work/metrics-on.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def total(pattern): return sum(float(v) for v in re.findall(r"^" + pattern + r" ([0-9.eE+]+)$", text, re.M))
requests = total(r"http_server_request_duration_seconds_count\{[^\n]*\}")
spans, logs = (total(r'faultline_telemetry_exported_total\{signal="' + s + r'"\}') for s in ("traces", "logs"))
print(f"accepted from 'on': {spans:.0f} spans and {logs:.0f} log records for {requests:.0f} requests "
      f"({spans / max(requests, 1):.2f} spans a request)")
PY
python3 - "$(pick on 1)" "$(pick off 1)" "$(pick on 2)" "$(pick off 2)" "$(pick all-sql 1)" "$(pick no-logs 1)" <<'PY'
import sys
on, off, p50on, p50off, allsql, nologs = map(float, sys.argv[1:])
print(f"\nthroughput on/off      = {on / off:.2f}   (target >= 0.90)")
print(f"p50 on - off           = {p50on - p50off:+.3f} ms")
print(f"every SQL read traced  = {allsql / off:.2f} of off (what the read filter saves)")
print(f"log records not sent   = {nologs / off:.2f} of off (what exporting the logs costs: {(nologs - on) / off:.2f})")
PY
echo "spans and logs dropped by the exporter during the run: ${exports:-none}"
