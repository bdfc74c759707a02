#!/usr/bin/env bash
# Pier against nginx on one nginx configuration, same CPU, same client, alternating rounds.
#
#   bench/run.sh            full run (about 4-5 minutes): 5 rounds of 10 s per server and file
#   bench/run.sh --quick    a check that everything works (about 1 minute): 3 rounds of 3 s
#   bench/run.sh --proxy [--quick ...]   the reverse-proxy benchmark instead (bench/proxy.sh, against nginx and HAProxy)
#   bench/run.sh --tls [--quick ...]     TLS handshakes, HTTPS and HTTP/2 instead (bench/tls.sh, against nginx)
#   options: --rounds N  --duration SECONDS  --warmup SECONDS  --idle-conns N  --keep (keep the temp prefix)
#
# What runs where (CPU numbers can be changed with BENCH_SERVER_CPU / BENCH_CLIENT_CPU):
#   nginx   /usr/sbin/nginx, master_process off, daemon off, worker_processes 1, taskset -c 0
#   pier    bin/pier, worker_processes 1 (one event loop), taskset -c 0; the JVM's own threads
#           (JIT compilers, GC) share that CPU, as nginx's one worker would have to.
#           JVM options: PIER_JAVA_OPTS if set, else bin/pier's defaults
#           (bin/pier's defaults); the effective command line is
#           printed and saved with the results.
#   wrk     taskset -c 1 wrk -t1 -c50 -d<duration>s --latency, keep-alive, 127.0.0.1 only
#
# Both servers read the same file, bench.conf (symlinked into each prefix's conf/). It includes a
# per-server server.conf holding the listen port (the two run side by side), `access_log off` for
# both, and for nginx only `sendfile on` (Pier always sends files with sendfile; nginx's built-in
# default is off). The 1klog workload asks for the same 1 KB file under /logged/, a location where
# both write a `combined` access-log line per request, as a default nginx configuration does.
# While one server is measured the other is stopped with SIGSTOP, so it cannot take CPU time.
#
# Results: bench/results/<UTC time>[-quick]/ (raw wrk output, configs, summary.txt, summary.json)
# and stdout. Every process started here is stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
bench="$here/bench"
[ "${1:-}" != --proxy ] || { shift; exec "$bench/proxy.sh" "$@"; }
[ "${1:-}" != --tls ] || { shift; exec "$bench/tls.sh" "$@"; }
. "$bench/lib/common.sh"
. "$bench/lib/prefix.sh"

servers=(nginx pier) conns_option=--idle-conns conns=5000 quick_conns=5000 label=""
bench_options "$@"
idle_conns=$conns

require_tools
require_cpus "server on $server_cpu, wrk on $client_cpu"
# 5,000 idle connections need as many descriptors in each server and in the client.
require_open_files $((idle_conns + 200))
build_pier

# --- the prefix: files, one config, a per-server include ---------------------------------------
start_run /tmp/pier-bench.XXXXXX

mapfile -t ports < <(python3 "$bench/lib/probe.py" free-ports 2)
declare -A port=([nginx]=${ports[0]} [pier]=${ports[1]})
write_prefix "$tmp" "${port[nginx]}" "${port[pier]}" $((idle_conns + 1000))

start_nginx() {
  taskset -c "$server_cpu" "$nginx_bin" -p "$tmp/nginx/" -c "$tmp/nginx/conf/bench.conf" -e "$tmp/nginx/logs/error.log" \
    >"$tmp/nginx/logs/stdout" 2>&1 &
  pid[nginx]=$!
}
start_pier() {
  taskset -c "$server_cpu" "$here/bin/pier" -p "$tmp/pier/" -c "$tmp/pier/conf/bench.conf" -e "$tmp/pier/logs/error.log" \
    >"$tmp/pier/logs/stdout" 2>&1 &
  pid[pier]=$!
}

for s in nginx pier; do
  if [ $s = nginx ]; then
    "$nginx_bin" -t -q -p "$tmp/nginx/" -c "$tmp/nginx/conf/bench.conf" -e "$tmp/nginx/logs/error.log" 2>"$tmp/$s.test" ||
      { cat "$tmp/$s.test" >&2; die "nginx rejects the benchmark config"; }
  else
    "$here/bin/pier" -t -q -p "$tmp/pier/" -c "$tmp/pier/conf/bench.conf" -e "$tmp/pier/logs/error.log" 2>"$tmp/$s.test" ||
      { cat "$tmp/$s.test" >&2; die "Pier rejects the benchmark config"; }
  fi
done
start_nginx
start_pier
t0=$(date +%s.%N)
python3 "$bench/lib/probe.py" wait "${port[pier]}" /1k.bin 30 || { cat "$tmp/pier/logs/stdout" >&2; die "Pier did not start"; }
# bin/pier stays as a parent that relays signals: measure (and signal) the JVM, its only child
pid[pier]=$(pgrep -P "${pid[pier]}" || echo "${pid[pier]}")
pier_ready=$(python3 -c "import sys; print('%.2f' % ($(date +%s.%N) - $t0))")
python3 "$bench/lib/probe.py" wait "${port[nginx]}" /1k.bin 10 || { cat "$tmp/nginx/logs/stdout" >&2; die "nginx did not start"; }
for s in nginx pier; do
  for f in 1k 1m; do
    python3 - "${port[$s]}" "/$f.bin" "$tmp/html/$f.bin" <<'EOF' || die "$s does not serve /$f.bin correctly"
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
c.request("GET", sys.argv[2])
body = c.getresponse().read()
sys.exit(0 if body == open(sys.argv[3], "rb").read() else 1)
EOF
  done
done

# --- what was run, for the record -------------------------------------------------------------
cp "$tmp/shared/bench.conf" "$results/bench.conf"
cp "$tmp/nginx/conf/server.conf" "$results/server.conf.nginx"
cp "$tmp/pier/conf/server.conf" "$results/server.conf.pier"
{
  run_header
  echo "pier: $(tr '\0' ' ' < "/proc/${pid[pier]}/cmdline")"
  echo "pier: first response $pier_ready s after start"
  echo "wrk: taskset -c $client_cpu wrk -t1 -c50 -d${duration}s --latency; rounds: $rounds per server and file, alternating"
  echo "servers on CPU $server_cpu, wrk on CPU $client_cpu; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/env.txt"
cat "$results/env.txt" >&2

# --- memory: idle, then with N idle keep-alive connections ------------------------------------
hold_conns() {  # hold_conns SERVER: open idle_conns connections, record RSS, close them
  local s=$1 out="$tmp/conns-$1.out"
  measure_idle "$s"
  start_holder "$out" '^open\|^failed' python3 "$bench/lib/idle_conns.py" "${port[$s]}" /1k.bin "$idle_conns" 60
  if grep -q '^open' "$out"; then
    measure_held "$s" "conns$idle_conns"
    log "$s: $idle_conns idle connections open, RSS $(($(rss_kb "$s") / 1024)) MB, $(fd_count "$s") descriptors"
  else
    log "$s: could not hold $idle_conns connections: $(cat "$out")"
  fi
  stop_holder
  sleep 1
}
log "memory: idle and with $idle_conns idle keep-alive connections"
hold_conns nginx
hold_conns pier

# --- throughput -------------------------------------------------------------------------------
workloads="1k 1m 1klog"
url() {  # url SERVER WORKLOAD: 1klog is the 1 KB file under /logged/, where both write an access log line
  case "$2" in
    1klog) echo "http://127.0.0.1:${port[$1]}/logged/1k.bin" ;;
    *) echo "http://127.0.0.1:${port[$1]}/$2.bin" ;;
  esac
}
load() {  # load SERVER FILE SECONDS OUT: wrk's output in OUT, the server's CPU time in OUT's cpu- twin
  local before
  before=$(cpu_ticks "$1")
  taskset -c "$client_cpu" wrk -t1 -c50 -d"$3"s --timeout 5s --latency "$(url "$1" "$2")" > "$4" 2>&1
  cpu_twin cpu "$1" "$before" "$4"
}
if [ "$warmup" -gt 0 ]; then
  log "warm-up, not counted: pier ${warmup}s on 1k and $((warmup / 2 + 1))s on 1m and 1klog; nginx 2s each"
  only pier
  load pier 1k "$warmup" "$results/warmup-1k-pier.txt"
  load pier 1m $((warmup / 2 + 1)) "$results/warmup-1m-pier.txt"
  load pier 1klog $((warmup / 2 + 1)) "$results/warmup-1klog-pier.txt"
  only nginx
  load nginx 1k 2 "$results/warmup-1k-nginx.txt"
  load nginx 1m 2 "$results/warmup-1m-nginx.txt"
  load nginx 1klog 2 "$results/warmup-1klog-nginx.txt"
fi
for f in $workloads; do
  for r in $(seq "$rounds"); do
    for s in nginx pier; do
      only "$s"
      load "$s" "$f" "$duration" "$results/wrk-$f-$s-$r.txt"
      log "$f round $r $s: $(sed -n 's/^Requests\/sec:\s*//p' "$results/wrk-$f-$s-$r.txt") req/s"
    done
  done
done
resume_all
sleep 1
record_rss nginx after-load
record_rss pier after-load
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/env.txt"
for s in nginx pier; do  # every 1klog request must have left its line (Pier's writer drops rather than blocks)
  sent=$(cat "$results"/w*-1klog-"$s"*.txt | awk '/ requests in / { n += $1 } END { print n + 0 }')
  echo "$s: $(wc -l < "$tmp/$s/logs/access.log" 2>/dev/null || echo 0) access log lines for $sent 1klog requests wrk counted" >> "$results/env.txt"
done
cp "$tmp/nginx/logs/error.log" "$results/error.log.nginx" 2>/dev/null || true
cp "$tmp/pier/logs/error.log" "$results/error.log.pier" 2>/dev/null || true

{
  cat "$results/env.txt"
  echo "both (server.conf): access_log off, except /logged/ (1klog): combined to logs/access.log; nginx only: sendfile on"
  echo
  python3 "$bench/lib/summarize.py" "$results"
} | tee "$results/summary.txt"
ln -sfn "$stamp$label" "$bench/results/latest"
log "results in ${results#$here/}"
