#!/usr/bin/env bash
# Gateway overhead: the same backend (catalog, GET one product) measured three ways in one run with wrk on
# loopback: direct, through the Faultline gateway (on C1, as the sandbox runs the services, and on C2), through the
# floor of its HTTP stack (bench/BareHelidonProxy.java: Helidon's server and client and nothing else), and through
# nginx set up as a plain keep-alive reverse proxy.
# At saturation (64 connections, as fast as they go) and at half load: half of the lowest saturation rate of the
# modes, the same rate for all, so each is below its saturation (a wrk Lua script paces each connection).
# Median of ROUNDS rounds. Prints ratios and latency deltas.
# Needs wrk and nginx (Debian packages; installed when missing and running as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
offset=${PORT_OFFSET:-23600}  # every port below 32768, where Linux's ephemeral range starts
c1_jvm="-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
c2_jvm="-Xms16m -Xmx64m -XX:+UseSerialGC"
modes=(direct gateway-c1 gateway-c2 helidon nginx)

source "$root/bench/common.sh"
need_tools wrk nginx
JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"
[ -f "$root/gateway/target/gateway.jar" ] && [ -f "$root/services/catalog/target/catalog.jar" ] || \
  (cd "$root" && ./mvnw -B -q -DskipTests package)

work=$(mktemp -d /tmp/faultline-gw-bench-XXXXXX)
backend=$((8082 + offset)) gateway=$((8080 + offset)) gateway2=$((8090 + offset)) bare=$((8060 + offset)) proxy=$((8070 + offset))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_nginx "$work"
  wait 2>/dev/null || true
}
trap cleanup EXIT


SERVER_PORT=$backend ADMIN_PORT=$((backend + 1000)) DATA_DIR="$work/catalog" \
  "$java" -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
  -jar "$root/services/catalog/target/catalog.jar" > "$work/catalog.log" 2>&1 &
pids+=($!)
upstream="http://127.0.0.1:$backend"
start_gateway() { # port jvm-flags
  SERVER_PORT=$1 ADMIN_PORT=$(($1 + 1000)) GATEWAY_UPSTREAMS_CATALOG=$upstream \
    GATEWAY_UPSTREAMS_USERS=$upstream GATEWAY_UPSTREAMS_ORDERS=$upstream GATEWAY_UPSTREAMS_SHIPPING=$upstream \
    GATEWAY_PLANS_DEMO_RATE=10000000 GATEWAY_PLANS_DEMO_BURST=10000000 \
    GATEWAY_GLOBAL_RATE=10000000 GATEWAY_GLOBAL_BURST=10000000 \
    "$java" $2 -jar "$root/gateway/target/gateway.jar" > "$work/gateway-$1.log" 2>&1 &
  pids+=($!)
}
start_gateway "$gateway" "$c1_jvm"
start_gateway "$gateway2" "$c2_jvm"
"$java" $c2_jvm -cp "$root/gateway/target/libs/*" "$root/bench/BareHelidonProxy.java" "$bare" "$upstream" > "$work/bare.log" 2>&1 &
pids+=($!)
start_nginx "$work" auto "
  upstream catalog { server 127.0.0.1:$backend; keepalive 64; }
  server {
    listen 127.0.0.1:$proxy;
    location /api/products {
      proxy_pass http://catalog/products;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"
ready "http://127.0.0.1:$((backend + 1000))/health/ready"
ready "http://127.0.0.1:$((gateway + 1000))/health/ready"
ready "http://127.0.0.1:$((gateway2 + 1000))/health/ready"
ready "http://127.0.0.1:$bare/api/products/webcam"
ready "http://127.0.0.1:$proxy/api/products/webcam"

declare -A url=(
  [direct]="http://127.0.0.1:$backend/products/webcam"
  [gateway-c1]="http://127.0.0.1:$gateway/api/products/webcam"
  [gateway-c2]="http://127.0.0.1:$gateway2/api/products/webcam"
  [helidon]="http://127.0.0.1:$bare/api/products/webcam"
  [nginx]="http://127.0.0.1:$proxy/api/products/webcam"
)
write_paced_lua "$work"


echo "# Gateway overhead — $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2), $(nginx -v 2>&1)"
echo "# $(date -u +%FT%TZ); backend: catalog GET /products/webcam; $rounds rounds of ${seconds}s; C1: $c1_jvm; C2 (gateway-c2, helidon): $c2_jvm"
for _ in 1 2; do for mode in "${modes[@]}"; do run "$mode" 16 4 >/dev/null; done; done   # warm-up (JIT; C2 takes longer)

declare -A sat half
for round in $(seq 1 "$rounds"); do
  for mode in "${modes[@]}"; do sat[$mode,$round]=$(run "$mode" 64 "$seconds" | parse); done
done
lowest=$(for mode in "${modes[@]}"; do pick sat "$mode" 1; done | sort -n | head -n 1)
target=$(python3 -c "print(int($lowest / 2))")
for round in $(seq 1 "$rounds"); do
  for mode in "${modes[@]}"; do half[$mode,$round]=$(run "$mode" "$(paced_connections "$target")" "$seconds" "$target" | parse); done
done

printf '\n%-10s %12s %9s %9s %8s   %12s %9s %9s %8s\n' mode "sat rps" "p50 ms" "p99 ms" "non-2xx" "half rps" "p50 ms" "p99 ms" "non-2xx"
for mode in "${modes[@]}"; do
  printf '%-10s %12s %9s %9s %8s   %12s %9s %9s %8s\n' "$mode" \
    "$(pick sat "$mode" 1)" "$(pick sat "$mode" 2)" "$(pick sat "$mode" 3)" "$(pick sat "$mode" 4)" \
    "$(pick half "$mode" 1)" "$(pick half "$mode" 2)" "$(pick half "$mode" 3)" "$(pick half "$mode" 4)"
done
fields() { for mode in "${modes[@]}"; do for f in 1 2 3; do echo -n "$(pick sat "$mode" $f) $(pick half "$mode" $f) "; done; done; }
python3 - "$target" $(fields) <<'PY'
import sys
modes = ["direct", "gateway-c1", "gateway-c2", "helidon", "nginx"]
target = float(sys.argv[1])
values = list(map(float, sys.argv[2:]))
sat, half = {}, {}
for i, mode in enumerate(modes):
    v = values[6 * i: 6 * i + 6]
    sat[mode] = {"rps": v[0], "p50": v[2], "p99": v[4]}
    half[mode] = {"rps": v[1], "p50": v[3], "p99": v[5]}
print(f"\nhalf load = {target:.0f} req/s for all (half of the lowest saturation)")
for gw in ("gateway-c1", "gateway-c2"):
    print(f"throughput {gw}/nginx   = {sat[gw]['rps'] / sat['nginx']['rps']:.2f}   (target >= 0.70); "
          f"/helidon {sat[gw]['rps'] / sat['helidon']['rps']:.2f}; /direct {sat[gw]['rps'] / sat['direct']['rps']:.2f}")
print(f"throughput helidon/nginx      = {sat['helidon']['rps'] / sat['nginx']['rps']:.2f}   (the stack's floor)")
for gw in ("gateway-c1", "gateway-c2", "helidon", "nginx"):
    print(f"added p50 at half load, {gw:<10} = {half[gw]['p50'] - half['direct']['p50']:+.3f} ms (target <= 1 ms for the gateway); "
          f"p99 {half[gw]['p99'] - half['direct']['p99']:+.3f} ms")
PY
