# Sourced by the benches: the tools they need, and a private nginx in a work directory (its pid, logs and temp files
# there, no access log), listening on loopback only.

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
