# Sourced by the benches: the tools they need, a private nginx in a work directory (its pid, logs and temp files
# there, no access log) listening on loopback only, wrk's figures read from its output, a median, and a wait for a process to be ready.

need_tools() { # tool... (each a Debian package of the same name; installed when missing and running as root)
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    [ "$(id -u)" = 0 ] || { echo "$tool is missing: apt-get install $tool" >&2; exit 3; }
    apt-get install -y -qq "$tool" >/dev/null
  done
}

start_nginx() { # work-dir worker-processes http-block-body (its server and upstream blocks)
  local work=$1
  cat > "$work/nginx.conf" <<NGINX
worker_processes $2;
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
$3
}
NGINX
  nginx -c "$work/nginx.conf"
}

stop_nginx() { # work-dir
  [ -f "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null || true
}

parse() { # wrk --latency output on stdin -> "requests/s p50-ms p99-ms non-2xx"
  python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50, p99 = (ms(*re.search(r"\s" + q + r"%\s+([\d.]+)(us|ms|s)", text).groups()) for q in ("50", "99"))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print("%.0f %.3f %.3f %s" % (rps, p50, p99, errors.group(1) if errors else 0))'; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ready() { # url: waits up to 30 s for a 2xx, else stops the bench
  for _ in $(seq 1 300); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }

# Saturation and half-load runs of wrk, shared by the overhead benches. The caller sets work (a directory), rounds,
# and url (an associative array: mode -> URL), and calls write_paced_lua once.
write_paced_lua() { # work-dir: a wrk script that paces each connection so that all of them send RATE requests/s
  cat > "$1/paced.lua" <<'LUA'
-- Paces each connection so that all of them together send RATE requests per second.
local interval
function init(args) interval = 1000 * tonumber(args[1]) / tonumber(args[2]) end
function delay() return interval end
LUA
}

paced_connections() { # rate -> connections so that each waits >= 2 ms between requests (wrk paces in whole ms)
  python3 -c "import math; print(max(4, math.ceil(2 * $1 / 1000)))"; }

run() { # mode connections duration [rate]
  local args=(-t2 -c"$2" -d"$3"s --latency -H "X-API-Key: faultline-demo-key")
  [ -n "${4:-}" ] && args+=(-s "$work/paced.lua")
  if [ -n "${4:-}" ]; then wrk "${args[@]}" "${url[$1]}" -- "$2" "$4"; else wrk "${args[@]}" "${url[$1]}"; fi
}

pick() { # table mode field -> median over rounds
  local -n table=$1
  for round in $(seq 1 "$rounds"); do echo "${table[$2,$round]}" | cut -d' ' -f"$3"; done | median; }
