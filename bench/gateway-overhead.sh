#!/usr/bin/env bash
# Gateway overhead: the same backend (catalog, GET one product) measured three ways in one run with wrk on
# loopback: direct, through the Faultline gateway, and through nginx set up as a plain keep-alive reverse proxy.
# At saturation (64 connections, as fast as they go) and at half load: half of the lowest saturation rate of the
# three, the same rate for all, so each is below its saturation (a wrk Lua script paces each connection).
# Median of ROUNDS rounds. Prints ratios and latency deltas.
# Needs wrk and nginx (Debian packages; installed when missing and running as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
offset=${PORT_OFFSET:-40000}
gateway_jvm=${GATEWAY_JVM:-"-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"}

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { echo "$tool is missing: apt-get install wrk nginx" >&2; exit 3; }
    apt-get install -y -qq wrk nginx >/dev/null
  fi
done
JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"
[ -f "$root/gateway/target/gateway.jar" ] && [ -f "$root/services/catalog/target/catalog.jar" ] || \
  (cd "$root" && ./mvnw -B -q -DskipTests package)

work=$(mktemp -d /tmp/faultline-gw-bench-XXXXXX)
backend=$((8082 + offset)) gateway=$((8080 + offset)) proxy=$((8070 + offset))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

ready() { for _ in $(seq 1 200); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }

SERVER_PORT=$backend ADMIN_PORT=$((backend + 1000)) DATA_DIR="$work/catalog" \
  "$java" -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
  -jar "$root/services/catalog/target/catalog.jar" > "$work/catalog.log" 2>&1 &
pids+=($!)
upstream="http://127.0.0.1:$backend"
SERVER_PORT=$gateway ADMIN_PORT=$((gateway + 1000)) GATEWAY_UPSTREAMS_CATALOG=$upstream \
  GATEWAY_UPSTREAMS_USERS=$upstream GATEWAY_UPSTREAMS_ORDERS=$upstream \
  GATEWAY_PLANS_DEMO_RATE=10000000 GATEWAY_PLANS_DEMO_BURST=10000000 \
  GATEWAY_GLOBAL_RATE=10000000 GATEWAY_GLOBAL_BURST=10000000 \
  "$java" $gateway_jvm -jar "$root/gateway/target/gateway.jar" > "$work/gateway.log" 2>&1 &
pids+=($!)
cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  upstream catalog { server 127.0.0.1:$backend; keepalive 64; }
  server {
    listen 127.0.0.1:$proxy;
    location /api/products {
      proxy_pass http://catalog/products;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
nginx -c "$work/nginx.conf"
ready "http://127.0.0.1:$((backend + 1000))/health/ready"
ready "http://127.0.0.1:$((gateway + 1000))/health/ready"
ready "http://127.0.0.1:$proxy/api/products/webcam"

declare -A url=(
  [direct]="http://127.0.0.1:$backend/products/webcam"
  [gateway]="http://127.0.0.1:$gateway/api/products/webcam"
  [nginx]="http://127.0.0.1:$proxy/api/products/webcam"
)
cat > "$work/paced.lua" <<'LUA'
-- Paces each connection so that all of them together send RATE requests per second.
local interval
function init(args) interval = 1000 * tonumber(args[1]) / tonumber(args[2]) end
function delay() return interval end
LUA

paced_connections() { # rate -> connections so that each waits >= 2 ms between requests (wrk paces in whole ms)
  python3 -c "import math; print(max(4, math.ceil(2 * $1 / 1000)))"; }
run() { # mode connections duration [rate]
  local args=(-t2 -c"$2" -d"$3"s --latency -H "X-API-Key: faultline-demo-key")
  [ -n "${4:-}" ] && args+=(-s "$work/paced.lua")
  if [ -n "${4:-}" ]; then wrk "${args[@]}" "${url[$1]}" -- "$2" "$4"; else wrk "${args[@]}" "${url[$1]}"; fi
}
parse() { python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50, p99 = (ms(*re.search(r"\s" + q + r"%\s+([\d.]+)(us|ms|s)", text).groups()) for q in ("50", "99"))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print("%.0f %.3f %.3f %s" % (rps, p50, p99, errors.group(1) if errors else 0))'; }

echo "# Gateway overhead — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2), $(nginx -v 2>&1)"
echo "# $(date -u +%FT%TZ); backend: catalog GET /products/webcam; $rounds rounds of ${seconds}s; gateway JVM: $gateway_jvm"
for mode in direct gateway nginx; do run "$mode" 16 3 >/dev/null; done   # warm-up (JIT)

declare -A sat half
for round in $(seq 1 "$rounds"); do
  for mode in direct gateway nginx; do sat[$mode,$round]=$(run "$mode" 64 "$seconds" | parse); done
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pick() { # table mode field -> median over rounds
  local -n table=$1
  for round in $(seq 1 "$rounds"); do echo "${table[$2,$round]}" | cut -d' ' -f"$3"; done | median; }
lowest=$(for mode in direct gateway nginx; do pick sat "$mode" 1; done | sort -n | head -n 1)
target=$(python3 -c "print(int($lowest / 2))")
for round in $(seq 1 "$rounds"); do
  for mode in direct gateway nginx; do half[$mode,$round]=$(run "$mode" "$(paced_connections "$target")" "$seconds" "$target" | parse); done
done

printf '\n%-8s %12s %9s %9s %8s   %12s %9s %9s %8s\n' mode "sat rps" "p50 ms" "p99 ms" "non-2xx" "half rps" "p50 ms" "p99 ms" "non-2xx"
for mode in direct gateway nginx; do
  printf '%-8s %12s %9s %9s %8s   %12s %9s %9s %8s\n' "$mode" \
    "$(pick sat "$mode" 1)" "$(pick sat "$mode" 2)" "$(pick sat "$mode" 3)" "$(pick sat "$mode" 4)" \
    "$(pick half "$mode" 1)" "$(pick half "$mode" 2)" "$(pick half "$mode" 3)" "$(pick half "$mode" 4)"
done
python3 - "$(pick sat gateway 1)" "$(pick sat nginx 1)" "$(pick sat direct 1)" \
  "$(pick half gateway 2)" "$(pick half direct 2)" "$(pick half nginx 2)" "$(pick sat gateway 2)" "$(pick sat direct 2)" \
  "$(pick half gateway 3)" "$(pick half direct 3)" "$target" <<'PY'
import sys
gw, ng, di, gw50h, di50h, ng50h, gw50s, di50s, gw99h, di99h, target = map(float, sys.argv[1:])
print(f"\nhalf load = {target:.0f} req/s for all three (half of the lowest saturation)")
print(f"throughput gateway/nginx  = {gw / ng:.2f}   (target >= 0.70)")
print(f"throughput gateway/direct = {gw / di:.2f}")
print(f"added p50 at half load    = {gw50h - di50h:+.3f} ms (target <= 1 ms); nginx adds {ng50h - di50h:+.3f} ms")
print(f"added p99 at half load    = {gw99h - di99h:+.3f} ms; added p50 at saturation = {gw50s - di50s:+.3f} ms")
PY
