#!/usr/bin/env bash
# Gateway flood: what one client's half-sent requests cost the gateway (production JVM flags, -Xmx64m), with
# the connection guard as shipped (connections.max=512) and with it lifted (connections.max=4000). For each:
# the live heap (after a full GC, jcmd) before and while FLOOD connections each hold a request stopped inside
# its headers, how many connections were refused, and whether the process survived and serves afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flood=${FLOOD:-3500}
port=${PORT:-28080}
JAVA_HOME="$("$root/bin/find-jdk")"
java="$JAVA_HOME/bin/java"; jcmd="$JAVA_HOME/bin/jcmd"
[ -f "$root/gateway/target/gateway.jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)
work=$(mktemp -d /tmp/faultline-flood-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
live_heap_mb() { "$jcmd" "$1" GC.run >/dev/null 2>&1; "$jcmd" "$1" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | sed 's/[^0-9]//g' | awk '{ kb += $1 } END { printf "%.1f", kb / 1024 }'; }
echo "# Faultline gateway flood — $(nproc) cores, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $flood half-sent requests"
for max in 512 4000; do
  SERVER_PORT=$port ADMIN_PORT=$((port + 1000)) OTEL_SDK_DISABLED=true CONNECTIONS_MAX=$max CONNECTIONS_REQUEST_DEADLINE=PT60S \
    GATEWAY_UPSTREAMS_USERS=http://127.0.0.1:1 GATEWAY_UPSTREAMS_CATALOG=http://127.0.0.1:1 GATEWAY_UPSTREAMS_ORDERS=http://127.0.0.1:1 \
    DATA_DIR="$work/data" "$java" -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=32m \
    -XX:MaxMetaspaceSize=64m -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED \
    -jar "$root/gateway/target/gateway.jar" > "$work/gateway-$max.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$((port + 1000))/health/live" && break; sleep 0.1; done
  before=$(live_heap_mb "$pid")
  # one client: FLOOD connections, each sends a request line and two headers, never the blank line; held 5 s
  python3 - "$port" "$flood" > "$work/flood-$max.txt" <<'PY' &
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
held = []
for _ in range(n):
    s = socket.socket()
    try:
        s.settimeout(1); s.connect(("127.0.0.1", port))
        s.sendall(b"GET /api/products HTTP/1.1\r\nHost: x\r\nX-API-Key: faultline-demo-key\r\n")
        held.append(s)
    except OSError:
        s.close()
time.sleep(5)
alive = 0
for s in held:
    s.settimeout(0.001)
    try:
        alive += 1 if s.recv(1) else 0
    except socket.timeout:
        alive += 1
    except OSError:
        pass
    s.close()
print(alive)
PY
  client=$!
  sleep 3
  during=$(live_heap_mb "$pid" || echo "")
  wait "$client"
  held=$(cat "$work/flood-$max.txt")
  sleep 1
  if kill -0 "$pid" 2>/dev/null; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-API-Key: faultline-demo-key' "http://127.0.0.1:$port/api/products" || true)
    refused=$(curl -s "http://127.0.0.1:$((port + 1000))/metrics" | sed -n 's/^faultline_connections_refused_total{listener="api"} //p')
    printf 'connections.max=%-5s live heap %s MB -> %s MB while %s connections held; refused %s; afterwards alive, answers %s (no upstream: 502)\n' \
      "$max" "$before" "${during:-0}" "$held" "${refused%.0}" "$code"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  else
    printf 'connections.max=%-5s live heap %s MB before; the flood ran it out of heap (%s), the JVM exited (-XX:+ExitOnOutOfMemoryError)\n' \
      "$max" "$before" "$(grep -m1 -o 'OutOfMemoryError[^"]*' "$work/gateway-$max.log" | head -c 60)"
  fi
  pid=""
done
