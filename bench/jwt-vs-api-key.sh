#!/usr/bin/env bash
# Access tokens against API keys at the gateway: the gateway (C2, as the sandbox runs it) in front of catalog (GET one
# product), saturated with wrk on loopback by callers presenting the demo API key, then an access token (ES256,
# RFC 9068) from the real issuer (auth), in alternating rounds of one run. jwt: the gateway as configured, which
# remembers a token it verified until it expires (a client reuses its token for minutes); jwt-every-time: a second
# gateway with gateway.auth.verified-cache 0, which checks the signature of every request (the cost of a new token
# per request, the floor). Median of ROUNDS rounds; prints the throughput ratios to api-key (target for jwt >= 0.9)
# and the p50/p99 of each.
# Needs wrk (a Debian package; installed when missing and running as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
offset=${PORT_OFFSET:-23700}  # every port below 32768, where Linux's ephemeral range starts
services_jvm="-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
gateway_jvm="-Xms16m -Xmx64m -XX:+UseSerialGC"

source "$root/bench/common.sh"
need_tools wrk
JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"
for jar in gateway/target/gateway.jar services/catalog/target/catalog.jar auth/target/auth.jar; do
  [ -f "$root/$jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)
done

work=$(mktemp -d /tmp/faultline-jwt-bench-XXXXXX)
backend=$((8082 + offset)) issuer=$((8087 + offset)) gateway=$((8080 + offset)) uncached=$((8090 + offset))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

SERVER_PORT=$backend ADMIN_PORT=$((backend + 1000)) DATA_DIR="$work/catalog" \
  "$java" $services_jvm --enable-native-access=ALL-UNNAMED -jar "$root/services/catalog/target/catalog.jar" \
  > "$work/catalog.log" 2>&1 &
pids+=($!)
SERVER_PORT=$issuer ADMIN_PORT=$((issuer + 1000)) DATA_DIR="$work/auth" AUTH_ISSUER="http://127.0.0.1:$issuer" \
  "$java" $services_jvm -jar "$root/auth/target/auth.jar" > "$work/auth.log" 2>&1 &
pids+=($!)
upstream="http://127.0.0.1:$backend"
start_gateway() { # port verified-cache
  SERVER_PORT=$1 ADMIN_PORT=$(($1 + 1000)) GATEWAY_UPSTREAMS_CATALOG=$upstream \
    GATEWAY_UPSTREAMS_USERS=$upstream GATEWAY_UPSTREAMS_ORDERS=$upstream GATEWAY_UPSTREAMS_SHIPPING=$upstream \
    GATEWAY_AUTH_DISCOVERY="http://127.0.0.1:$issuer/.well-known/oauth-authorization-server" \
    GATEWAY_AUTH_VERIFIED_DASH_CACHE=$2 \
    GATEWAY_PLANS_DEMO_RATE=10000000 GATEWAY_PLANS_DEMO_BURST=10000000 \
    GATEWAY_GLOBAL_RATE=10000000 GATEWAY_GLOBAL_BURST=10000000 \
    "$java" $gateway_jvm -jar "$root/gateway/target/gateway.jar" > "$work/gateway-$1.log" 2>&1 &
  pids+=($!)
}
start_gateway "$gateway" 4096
start_gateway "$uncached" 0
ready "http://127.0.0.1:$((backend + 1000))/health/ready"
ready "http://127.0.0.1:$((issuer + 1000))/health/ready"
ready "http://127.0.0.1:$((gateway + 1000))/health/ready"
ready "http://127.0.0.1:$((uncached + 1000))/health/ready"

# one token for the whole run (5 minutes; the run takes about two), never printed
token=$(curl -sf -u catalog-reader:catalog-reader-secret -d grant_type=client_credentials \
  "http://127.0.0.1:$issuer/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
declare -A url=([api-key]="http://127.0.0.1:$gateway/api/products/webcam"
  [jwt]="http://127.0.0.1:$gateway/api/products/webcam" [jwt-every-time]="http://127.0.0.1:$uncached/api/products/webcam")
declare -A header=([api-key]="X-API-Key: faultline-demo-key" [jwt]="Authorization: Bearer $token"
  [jwt-every-time]="Authorization: Bearer $token")
modes=(api-key jwt jwt-every-time)
for mode in "${modes[@]}"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "${header[$mode]}" "${url[$mode]}")" = 200 ] \
    || { echo "$mode is refused" >&2; exit 1; }
done

run() { wrk -t2 -c64 -d"$2"s --latency -H "${header[$1]}" "${url[$1]}"; }

echo "# JWT against API key at the gateway — $(nproc) cores, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "# $(date -u +%FT%TZ); catalog GET /products/webcam through the gateway ($gateway_jvm), 64 connections; $rounds rounds of ${seconds}s"
for _ in 1 2 3; do for mode in "${modes[@]}"; do run "$mode" 4 >/dev/null; done; done   # warm-up (C2 takes a while)
declare -A sat
for round in $(seq 1 "$rounds"); do
  for mode in "${modes[@]}"; do sat[$mode,$round]=$(run "$mode" "$seconds" | parse); done
done
pick() { for round in $(seq 1 "$rounds"); do echo "${sat[$1,$round]}" | cut -d' ' -f"$2"; done | median; }
printf '\n%-15s %10s %9s %9s %8s\n' mode rps "p50 ms" "p99 ms" "non-2xx"
for mode in "${modes[@]}"; do
  printf '%-15s %10s %9s %9s %8s\n' "$mode" "$(pick "$mode" 1)" "$(pick "$mode" 2)" "$(pick "$mode" 3)" "$(pick "$mode" 4)"
done
python3 -c "print('\nthroughput jwt/api-key = %.2f   (target >= 0.90); jwt-every-time/api-key = %.2f (every signature checked)' \
  % ($(pick jwt 1) / $(pick api-key 1), $(pick jwt-every-time 1) / $(pick api-key 1)))"
