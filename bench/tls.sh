#!/usr/bin/env bash
# TLS and HTTP/2: Pier against nginx on the same certificate, the same configuration, the same CPU, the same clients.
#
#   bench/tls.sh            full run (about 4 minutes): 5 rounds of 10 s per server and workload
#   bench/tls.sh --quick    a check that everything works (about 1 minute): 3 rounds of 3 s
#   bench/run.sh --tls ...  the same (run.sh hands over to this script)
#   options: --rounds N  --duration SECONDS  --warmup SECONDS  --keep (keep the temp prefix)
#
# Workloads, each a 1 KiB static file over TLS 1.3 with an ECDSA P-256 certificate (no session cache, no tickets):
#   handshake  wrk -t1 -c50 with "Connection: close": every request a new connection and a full handshake
#   https1k    wrk -t1 -c50 over kept-alive HTTPS/1.1 connections
#   h2         h2load -c50 -m10 over HTTP/2 (ALPN h2), 10 streams at a time per connection
# What runs where (BENCH_SERVER_CPU / BENCH_CLIENT_CPU): the server under test alone on CPU 0 (the other stopped
# with SIGSTOP), the clients on CPU 1. nginx: master_process off, worker_processes 1; Pier: one event loop.
#
# Results: bench/results/<UTC time>-tls[-quick]/ (raw client output, config, summary.txt, summary.json) and
# stdout. Every process started here is stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
bench="$here/bench"
. "$bench/lib/common.sh"

servers=(nginx) conns_option=--conns conns=50 quick_conns=50 label=-tls
bench_options "$@"

require_tools
command -v h2load >/dev/null 2>&1 || die "missing: h2load (apt-get install nghttp2-client)"
command -v openssl >/dev/null 2>&1 || die "missing: openssl (apt-get install openssl)"
require_cpus "servers on $server_cpu, clients on $client_cpu"
require_open_files 4096
build_pier

start_run /tmp/pier-bench-tls.XXXXXX
mapfile -t ports < <(python3 "$bench/lib/probe.py" free-ports 2)
declare -A port=([nginx]=${ports[0]} [pier]=${ports[1]})

# --- the prefix: one certificate, one configuration -------------------------------------------------
mkdir -p "$tmp/shared/html" "$tmp/nginx/conf" "$tmp/nginx/logs" "$tmp/nginx/temp" "$tmp/pier/conf" "$tmp/pier/logs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$tmp/shared/key.pem" -out "$tmp/shared/cert.pem" 2>/dev/null
head -c 768 /dev/urandom | base64 -w0 > "$tmp/shared/html/1k.txt"
cat > "$tmp/shared/tls.conf" <<EOF
# One configuration for nginx and Pier. Paths are relative to each server's prefix (-p).
worker_processes 1;
master_process off;
daemon off;
error_log logs/error.log warn;
pid logs/tls.pid;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_timeout 75s;
    keepalive_requests 100000000;
    include server.conf;
    server {
        listen 127.0.0.1:@PORT@ ssl http2;
        ssl_certificate cert.pem;
        ssl_certificate_key key.pem;
        ssl_protocols TLSv1.3;
        ssl_session_cache off;
        ssl_session_tickets off;
        root html;
        http2_max_concurrent_streams 128;
    }
}
EOF
for s in nginx pier; do
  sed "s/@PORT@/${port[$s]}/" "$tmp/shared/tls.conf" > "$tmp/$s/conf/tls.conf"
  cp "$tmp/shared/cert.pem" "$tmp/shared/key.pem" "$tmp/$s/conf/"
  ln -s "$tmp/shared/html" "$tmp/$s/html"
done
cat > "$tmp/nginx/conf/server.conf" <<EOF
client_body_temp_path temp/body;
proxy_temp_path temp/proxy;
fastcgi_temp_path temp/fastcgi;
uwsgi_temp_path temp/uwsgi;
scgi_temp_path temp/scgi;
EOF
: > "$tmp/pier/conf/server.conf"

"$nginx_bin" -t -q -p "$tmp/nginx/" -c conf/tls.conf -e logs/error.log 2>"$tmp/nginx.test" ||
  { cat "$tmp/nginx.test" >&2; die "nginx rejects tls.conf"; }
"$here/bin/pier" -t -q -p "$tmp/pier/" -c conf/tls.conf -e logs/error.log >"$tmp/pier.test" 2>&1 ||
  { cat "$tmp/pier.test" >&2; die "Pier rejects tls.conf"; }
if grep -q 'is not supported yet' "$tmp/pier.test"; then
  die "Pier ignores part of tls.conf (TLS or HTTP/2 not in this build): $(grep -o '"[a-z_0-9]*" is not supported yet' "$tmp/pier.test" | sort -u | tr '\n' ' ')"
fi

start_server() {  # start_server NAME: on the server CPU
  case "$1" in
    nginx) taskset -c "$server_cpu" "$nginx_bin" -p "$tmp/nginx/" -c conf/tls.conf -e logs/error.log >"$tmp/nginx/logs/stdout" 2>&1 & ;;
    pier) taskset -c "$server_cpu" "$here/bin/pier" -p "$tmp/pier/" -c conf/tls.conf -e logs/error.log >"$tmp/pier/logs/stdout" 2>&1 & ;;
  esac
  pid[$1]=$!
}
serves_correctly() {  # serves_correctly NAME: the file over HTTPS/1.1 and over h2, both byte for byte
  local url="https://127.0.0.1:${port[$1]}/1k.txt"
  curl -sk --http1.1 "$url" | cmp -s - "$tmp/shared/html/1k.txt" || return 1
  curl -sk --http2 "$url" -o /dev/null -w '%{http_version}' | grep -qx 2 || return 1
}
start_server nginx
python3 "$bench/lib/probe.py" listen "${port[nginx]}" 10 || die "nginx did not start: $(cat "$tmp/nginx/logs/stdout")"
serves_correctly nginx || die "nginx does not serve the file over HTTPS and h2"
start_server pier
python3 "$bench/lib/probe.py" listen "${port[pier]}" 30 2>"$tmp/pier.wait" || die "Pier did not start: $(cat "$tmp/pier.wait" "$tmp/pier/logs/stdout")"
pid[pier]=$(pgrep -P "${pid[pier]}" || echo "${pid[pier]}")   # bin/pier relays signals: measure the JVM
serves_correctly pier || die "Pier does not serve the file over HTTPS and h2"
servers+=(pier)

cp "$tmp/shared/tls.conf" "$results/tls.conf"
{
  run_header
  echo "openssl: $(openssl version)"
  echo "pier: $(tr '\0' ' ' < "/proc/${pid[pier]}/cmdline")"
  echo "servers on CPU $server_cpu, one at a time; clients on CPU $client_cpu"
  echo "handshake, https1k: taskset -c $client_cpu wrk -t1 -c$conns -d${duration}s --latency (handshake: Connection: close)"
  echo "h2: taskset -c $client_cpu h2load -c$conns -m10 -D $duration; rounds: $rounds per server and workload, alternating"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/env.txt"
cat "$results/env.txt" >&2

load() {  # load WORKLOAD SERVER SECONDS OUT: the client's output in OUT, the server's CPU time in its twin
  local before url="https://127.0.0.1:${port[$2]}/1k.txt"
  before=$(cpu_ticks "$2")
  case "$1" in
    handshake) taskset -c "$client_cpu" wrk -t1 -c"$conns" -d"$3"s --timeout 5s --latency -H 'Connection: close' "$url" > "$4" 2>&1 ;;
    https1k) taskset -c "$client_cpu" wrk -t1 -c"$conns" -d"$3"s --timeout 5s --latency "$url" > "$4" 2>&1 ;;
    h2) taskset -c "$client_cpu" h2load -c"$conns" -m10 -D "$3" "$url" > "$4" 2>&1 || true ;;
  esac
  cpu_twin cpu "$2" "$before" "$4"
}
workloads=(handshake https1k h2)
if [ "$warmup" -gt 0 ]; then
  log "warm-up, not counted: pier ${warmup}s per workload, nginx 2s"
  for w in "${workloads[@]}"; do
    for s in "${servers[@]}"; do
      only "$s"
      if [ "$s" = pier ]; then load "$w" "$s" "$warmup" "$results/warmup-$w-$s.txt"; else load "$w" "$s" 2 "$results/warmup-$w-$s.txt"; fi
    done
  done
fi
for r in $(seq "$rounds"); do
  for w in "${workloads[@]}"; do
    for s in "${servers[@]}"; do
      only "$s"
      if [ "$w" = h2 ]; then out="$results/h2load-$w-$s-$r.txt"; else out="$results/wrk-$w-$s-$r.txt"; fi
      load "$w" "$s" "$duration" "$out"
      log "$w round $r $s: $(sed -n 's/^Requests\/sec:\s*//p; s/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$out") req/s"
    done
  done
done
resume_all
python3 "$bench/lib/summarize_tls.py" "$results" | tee "$results/summary.txt"
log "results: $results"
