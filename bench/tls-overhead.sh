#!/usr/bin/env bash
# TLS overhead at the gateway: the same backend (catalog, GET one product) through the gateway over plain HTTP, over
# HTTPS (tls edge: TLS 1.3 from the client to the gateway) and under mtls (HTTPS to the gateway, then mutual TLS from
# the gateway to catalog), measured in one run with wrk on loopback. The gateway runs on C1 as in the sandbox, and on
# C2; under C1 once more with ChaCha20-Poly1305 preferred (C1 lacks the AES-GCM intrinsics, BUILD-NOTES).
# At saturation (64 connections) and at half load (half of the lowest saturation rate, the same for all).
# Median of ROUNDS rounds. Prints each mode's ratio to plain HTTP on the same JIT and the p50 it adds at half load.
# Needs wrk (Debian package; installed when missing and running as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_RUN:-8}
offset=${PORT_OFFSET:-23800}  # every port below 32768, where Linux's ephemeral range starts
c1_jvm="-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
c2_jvm="-Xms16m -Xmx64m -XX:+UseSerialGC"
chacha="TLS_CHACHA20_POLY1305_SHA256"
modes=(http-c1 https-c1 https-c1-chacha mtls-c1 http-c2 https-c2 mtls-c2)

source "$root/bench/common.sh"
need_tools wrk
JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"
[ -f "$root/gateway/target/gateway.jar" ] && [ -f "$root/services/catalog/target/catalog.jar" ] || \
  (cd "$root" && ./mvnw -B -q -DskipTests package)

work=$(mktemp -d /tmp/faultline-tls-bench-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$java" -cp "$root/cli/target/libs/*" "$root/bench/BenchPki.java" "$work/pki" catalog=catalog gateway=gateway

plain=$((8082 + offset)) mutual=$((8182 + offset))
start_catalog() { # port extra-env...
  env SERVER_PORT=$1 ADMIN_PORT=$(($1 + 1000)) DATA_DIR="$work/catalog-$1" "${@:2}" \
    "$java" $c1_jvm --enable-native-access=ALL-UNNAMED -jar "$root/services/catalog/target/catalog.jar" \
    > "$work/catalog-$1.log" 2>&1 &
  pids+=($!)
}
start_catalog "$plain"
start_catalog "$mutual" TLS_MODE=mtls TLS_DIR="$work/pki/catalog"

declare -A port
start_gateway() { # mode index jvm-flags upstream extra-env...
  local p=$((8080 + offset + 10 * $2))
  port[$1]=$p
  env SERVER_PORT=$p ADMIN_PORT=$((p + 1000)) TLS_HTTPS_PORT=$((p + 5)) GATEWAY_UPSTREAMS_CATALOG="$4" \
    GATEWAY_UPSTREAMS_USERS="$4" GATEWAY_UPSTREAMS_ORDERS="$4" GATEWAY_UPSTREAMS_SHIPPING="$4" \
    GATEWAY_PLANS_DEMO_RATE=10000000 GATEWAY_PLANS_DEMO_BURST=10000000 \
    GATEWAY_GLOBAL_RATE=10000000 GATEWAY_GLOBAL_BURST=10000000 "${@:5}" \
    "$java" $3 -jar "$root/gateway/target/gateway.jar" > "$work/gateway-$1.log" 2>&1 &
  pids+=($!)
}
edge=(TLS_MODE=edge TLS_DIR="$work/pki/gateway")
mtls=(TLS_MODE=mtls TLS_DIR="$work/pki/gateway")
start_gateway http-c1 0 "$c1_jvm" "http://127.0.0.1:$plain"
start_gateway https-c1 1 "$c1_jvm" "http://127.0.0.1:$plain" "${edge[@]}"
start_gateway https-c1-chacha 2 "$c1_jvm" "http://127.0.0.1:$plain" "${edge[@]}" TLS_CIPHERS=$chacha
start_gateway mtls-c1 3 "$c1_jvm" "https://127.0.0.1:$mutual" "${mtls[@]}"
start_gateway http-c2 4 "$c2_jvm" "http://127.0.0.1:$plain"
start_gateway https-c2 5 "$c2_jvm" "http://127.0.0.1:$plain" "${edge[@]}"
start_gateway mtls-c2 6 "$c2_jvm" "https://127.0.0.1:$mutual" "${mtls[@]}"

declare -A url
for mode in "${modes[@]}"; do
  ready "http://127.0.0.1:$((port[$mode] + 1000))/health/ready"
  case $mode in
    http-*) url[$mode]="http://127.0.0.1:${port[$mode]}/api/products/webcam" ;;
    *) url[$mode]="https://127.0.0.1:$((port[$mode] + 5))/api/products/webcam" ;;
  esac
done
# every mode answers before anything is measured (under mtls: the gateway's first call to catalog over mutual TLS)
for mode in "${modes[@]}"; do
  curl -sk -o /dev/null -w "%{http_code}" -H "X-API-Key: faultline-demo-key" "${url[$mode]}" | grep -q 200 \
    || { echo "$mode does not answer 200 at ${url[$mode]}" >&2; exit 1; }
done
write_paced_lua "$work"

echo "# TLS overhead at the gateway — $(nproc) cores, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "# $(date -u +%FT%TZ); backend: catalog GET /products/webcam (C1; plain, or mutual TLS for the mtls modes); $rounds rounds of ${seconds}s"
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

printf '\n%-16s %10s %8s %8s %8s   %10s %8s %8s %8s\n' mode "sat rps" "p50 ms" "p99 ms" "non-2xx" "half rps" "p50 ms" "p99 ms" "non-2xx"
for mode in "${modes[@]}"; do
  printf '%-16s %10s %8s %8s %8s   %10s %8s %8s %8s\n' "$mode" \
    "$(pick sat "$mode" 1)" "$(pick sat "$mode" 2)" "$(pick sat "$mode" 3)" "$(pick sat "$mode" 4)" \
    "$(pick half "$mode" 1)" "$(pick half "$mode" 2)" "$(pick half "$mode" 3)" "$(pick half "$mode" 4)"
done
fields() { for mode in "${modes[@]}"; do echo -n "$mode $(pick sat "$mode" 1) $(pick half "$mode" 2) "; done; }
python3 - "$target" $(fields) <<'PY'
import sys
target, rest = float(sys.argv[1]), sys.argv[2:]
rps = {rest[i]: float(rest[i + 1]) for i in range(0, len(rest), 3)}
p50 = {rest[i]: float(rest[i + 2]) for i in range(0, len(rest), 3)}
print(f"\nhalf load = {target:.0f} req/s for all (half of the lowest saturation)")
for mode in rps:
    if mode.startswith("http-"):
        continue
    base = "http-c2" if mode.endswith("c2") else "http-c1"
    print(f"{mode:<16} throughput / {base} = {rps[mode] / rps[base]:.2f} (target >= 0.60); "
          f"added p50 at half load {p50[mode] - p50[base]:+.3f} ms (target < 1 ms)")
print(f"https-c2 / http-c1 = {rps['https-c2'] / rps['http-c1']:.2f}: HTTPS on C2 against the plain gateway the sandbox runs")
PY
