#!/usr/bin/env bash
# Reverse proxy: Pier against nginx and HAProxy, each in front of the same origin, same CPU, same client.
#
#   bench/proxy.sh            full run (about 4 minutes): 5 rounds of 10 s per server, 5,000 WebSockets
#   bench/proxy.sh --quick    a check that everything works (about 1 minute): 3 rounds of 3 s, 1,000 WebSockets
#   bench/run.sh --proxy ...  the same (run.sh hands over to this script)
#   options: --rounds N  --duration SECONDS  --warmup SECONDS  --ws-conns N  --keep (keep the temp prefix)
#
# What runs where (CPU numbers can be changed with BENCH_SERVER_CPU / BENCH_CLIENT_CPU):
#   CPU 0  the server under test, one at a time (the other two stopped with SIGSTOP):
#            nginx    /usr/sbin/nginx, master_process off, worker_processes 1
#            haproxy  haproxy -db, nbthread 1
#            pier     bin/pier, worker_processes 1 (one event loop); the JVM's JIT and GC threads share the CPU
#   CPU 1  everything else: the origin (nginx answering a fixed 1 KiB body from memory, no log), the WebSocket
#          echo origin (bench/lib/ws.py serve), and the clients (wrk -t1 -c50 --latency; ws.py hold)
# The server under test has a CPU of its own, as in bench/run.sh; the origin's work per request (read a
# request, write a fixed answer) is a fraction of a proxy's (two connections, parsing both ways, headers
# rewritten), and it is the same origin and the same client for the three. The table shows how busy the origin
# was: when the proxy's `busy` is well under 100%, CPU 1 was the limit and CPU us/req is the number to compare.
#
# nginx and Pier read the same file, proxy.conf (upstream keepalive 32, proxy_http_version 1.1, Connection ""),
# HAProxy the equivalent haproxy.cfg (http mode, http-reuse always, same timeouts, no log). A Pier that cannot
# load proxy.conf or does not proxy (the proxy module not in this build) is left out with a message; nginx and
# HAProxy still run.
#
# Results: bench/results/<UTC time>-proxy[-quick]/ (raw wrk output, configs, summary.txt, summary.json)
# and stdout. Every process started here is stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
bench="$here/bench"
. "$bench/lib/common.sh"
. "$bench/lib/proxy_prefix.sh"

servers=(nginx) conns_option=--ws-conns conns=5000 quick_conns=1000 label=-proxy
bench_options "$@"
ws_conns=$conns

# --- what must be installed -------------------------------------------------------------------
require_tools
haproxy_bin=${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}
if [ -x "$haproxy_bin" ]; then
  servers+=(haproxy)
else
  log "HAProxy not found at $haproxy_bin (apt-get install haproxy, or set HAPROXY=/path/to/haproxy): running without it"
fi
require_cpus "proxies on $server_cpu, origin and clients on $client_cpu"
# Each WebSocket holds a descriptor in the client and the origin, and two in the proxy.
require_open_files $((2 * ws_conns + 200))
build_pier

# --- the prefix ---------------------------------------------------------------------------------
start_run /tmp/pier-bench-proxy.XXXXXX

mapfile -t ports < <(python3 "$bench/lib/probe.py" free-ports 5)
declare -A port=([origin]=${ports[0]} [ws]=${ports[1]} [nginx]=${ports[2]} [pier]=${ports[3]} [haproxy]=${ports[4]})
write_proxy_prefix "$tmp" "${port[origin]}" "${port[ws]}" "${port[nginx]}" "${port[pier]}" "${port[haproxy]}" "$ws_conns"

# --- the origins, on the client CPU -------------------------------------------------------------
"$nginx_bin" -t -q -p "$tmp/origin/" -c conf/origin.conf -e logs/error.log 2>"$tmp/origin.test" ||
  { cat "$tmp/origin.test" >&2; die "nginx rejects the origin's config"; }
taskset -c "$client_cpu" "$nginx_bin" -p "$tmp/origin/" -c conf/origin.conf -e logs/error.log >"$tmp/origin/logs/stdout" 2>&1 &
pid[origin]=$!
taskset -c "$client_cpu" python3 "$bench/lib/ws.py" serve "${port[ws]}" >"$tmp/ws-origin.out" 2>&1 &
pid[ws_origin]=$!
python3 "$bench/lib/probe.py" wait "${port[origin]}" / 10 || die "the origin did not start: $(cat "$tmp/origin/logs/stdout")"
python3 "$bench/lib/probe.py" wait "${port[ws]}" / 10 || die "the WebSocket origin did not start: $(cat "$tmp/ws-origin.out")"

# --- the proxies, on the server CPU -------------------------------------------------------------
"$nginx_bin" -t -q -p "$tmp/nginx/" -c conf/proxy.conf -e logs/error.log 2>"$tmp/nginx.test" ||
  { cat "$tmp/nginx.test" >&2; die "nginx rejects proxy.conf"; }
if [[ " ${servers[*]} " == *" haproxy "* ]]; then
  "$haproxy_bin" -c -q -f "$tmp/haproxy/haproxy.cfg" >"$tmp/haproxy.test" 2>&1 ||
    { cat "$tmp/haproxy.test" >&2; die "HAProxy rejects haproxy.cfg"; }
fi
pier_skip="" pier_ignores=""
if "$here/bin/pier" -t -q -p "$tmp/pier/" -c conf/proxy.conf -e logs/error.log >"$tmp/pier.test" 2>&1; then
  # planned-but-missing directives load with a warning; without proxy_pass or upstream there is nothing to measure
  pier_ignores=$(grep -o '"[a-z_]*" is not supported yet' "$tmp/pier.test" | cut -d'"' -f2 | sort -u | tr '\n' ' ' || true)
  if [[ " $pier_ignores " == *" proxy_pass "* || " $pier_ignores " == *" upstream "* ]]; then
    pier_skip="Pier loads proxy.conf but does not proxy yet (ignored: $pier_ignores)"
  elif [ -n "$pier_ignores" ]; then
    log "warning: Pier ignores part of proxy.conf: $pier_ignores(measured anyway; see env.txt)"
  fi
else
  pier_skip="Pier rejects proxy.conf: $(grep -v '^$' "$tmp/pier.test" | tail -1)"
fi

start_server() {  # start_server NAME: on the server CPU
  case "$1" in
    nginx) taskset -c "$server_cpu" "$nginx_bin" -p "$tmp/nginx/" -c conf/proxy.conf -e logs/error.log \
             >"$tmp/nginx/logs/stdout" 2>&1 & ;;
    haproxy) taskset -c "$server_cpu" "$haproxy_bin" -db -f "$tmp/haproxy/haproxy.cfg" >"$tmp/haproxy/stdout" 2>&1 & ;;
    pier) taskset -c "$server_cpu" "$here/bin/pier" -p "$tmp/pier/" -c conf/proxy.conf -e logs/error.log \
            >"$tmp/pier/logs/stdout" 2>&1 & ;;
  esac
  pid[$1]=$!
}
proxies_correctly() {  # proxies_correctly NAME: GET / through it gives the origin's body
  python3 - "${port[$1]}" "$tmp/origin/body.bin" <<'EOF'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
c.request("GET", "/")
r = c.getresponse()
body = r.read()
ok = r.status == 200 and body == open(sys.argv[2], "rb").read()
if not ok:
    print("status %d, %d bytes: %r" % (r.status, len(body), body[:80]), file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}
for s in "${servers[@]}"; do
  start_server "$s"
  python3 "$bench/lib/probe.py" wait "${port[$s]}" / 10 || die "$s did not start: $(cat "$tmp/$s/logs/stdout" "$tmp/$s/stdout" 2>/dev/null)"
  proxies_correctly "$s" 2>"$tmp/$s.check" || die "$s does not pass the origin's body on: $(cat "$tmp/$s.check")"
done
if [ -z "$pier_skip" ]; then
  start_server pier
  t0=$(date +%s.%N)
  if python3 "$bench/lib/probe.py" listen "${port[pier]}" 30 2>"$tmp/pier.wait"; then
    pid[pier]=$(pgrep -P "${pid[pier]}" || echo "${pid[pier]}")   # bin/pier relays signals: measure the JVM
    pier_ready=$(python3 -c "print('%.2f' % ($(date +%s.%N) - $t0))")
    if proxies_correctly pier 2>"$tmp/pier.check"; then
      servers+=(pier)
    else
      pier_skip="Pier does not pass the origin's body on: $(cat "$tmp/pier.check")"
    fi
  else
    pier_skip="Pier did not start: $(cat "$tmp/pier.wait") $(tail -1 "$tmp/pier/logs/stdout")"
  fi
  if [ -n "$pier_skip" ]; then
    kill -TERM "${pid[pier]}" 2>/dev/null || true
    wait "${pid[pier]}" 2>/dev/null || true
    unset 'pid[pier]'
  fi
fi
[ -z "$pier_skip" ] || log "SKIPPING PIER (is the proxy module in this build?): $pier_skip"

# --- what was run, for the record -------------------------------------------------------------
cp "$tmp/shared/proxy.conf" "$results/proxy.conf"
cp "$tmp/nginx/conf/server.conf" "$results/server.conf.nginx"
cp "$tmp/pier/conf/server.conf" "$results/server.conf.pier"
cp "$tmp/haproxy/haproxy.cfg" "$results/haproxy.cfg"
cp "$tmp/origin/conf/origin.conf" "$results/origin.conf"
{
  run_header
  [[ " ${servers[*]} " == *" haproxy "* ]] && echo "haproxy: $("$haproxy_bin" -v 2>&1 | head -1)"
  if [ -n "$pier_skip" ]; then echo "pier: skipped: $pier_skip"; else
    echo "pier: $(tr '\0' ' ' < "/proc/${pid[pier]}/cmdline")"
    echo "pier: first response $pier_ready s after start"
    [ -z "$pier_ignores" ] || echo "pier: ignores (not supported yet): $pier_ignores"
  fi
  echo "proxies on CPU $server_cpu, one at a time; origin (nginx, fixed 1 KiB), WebSocket origin and clients on CPU $client_cpu"
  echo "wrk: taskset -c $client_cpu wrk -t1 -c50 -d${duration}s --latency; rounds: $rounds per server, alternating"
  echo "websockets: $ws_conns through each proxy, one message echoed on each, then held idle"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/env.txt"
cat "$results/env.txt" >&2

# --- WebSockets: N open through each proxy, one message echoed on each, RSS with them open --------
hold_websockets() {
  local s=$1 out="$tmp/ws-$1.out" line
  measure_idle "$s"
  start_holder "$out" '^result' python3 "$bench/lib/ws.py" hold "${port[$s]}" /ws "$ws_conns" 120
  line=$(grep '^result' "$out" || echo "result requested=$ws_conns established=0 echoed=0 error=$(tr ' \n' '__' < "$out")")
  measure_held "$s" "ws$ws_conns"
  printf '%s\t%s\n' "$s" "${line#result }" >> "$results/ws.tsv"
  log "$s: ${line#result }, RSS $(($(rss_kb "$s") / 1024)) MB, $(fd_count "$s") descriptors"
  stop_holder
  sleep 2  # the proxy closes both sides of every tunnel
}
log "websockets: $ws_conns through each proxy"
for s in "${servers[@]}"; do hold_websockets "$s"; done

# --- throughput -------------------------------------------------------------------------------
load() {  # load SERVER SECONDS OUT: wrk's output in OUT; the proxy's and the origin's CPU time next to it
  local before origin_before
  before=$(cpu_ticks "$1"); origin_before=$(cpu_ticks origin)
  taskset -c "$client_cpu" wrk -t1 -c50 -d"$2"s --timeout 5s --latency "http://127.0.0.1:${port[$1]}/" > "$3" 2>&1
  cpu_twin cpu "$1" "$before" "$3"
  cpu_twin origin origin "$origin_before" "$3"
}
if [ "$warmup" -gt 0 ]; then
  log "warm-up, not counted: pier ${warmup}s, nginx and haproxy 2s each"
  for s in "${servers[@]}"; do
    only "$s"
    if [ "$s" = pier ]; then load "$s" "$warmup" "$results/warmup-proxy1k-$s.txt"; else load "$s" 2 "$results/warmup-proxy1k-$s.txt"; fi
  done
fi
for r in $(seq "$rounds"); do
  for s in "${servers[@]}"; do
    only "$s"
    load "$s" "$duration" "$results/wrk-proxy1k-$s-$r.txt"
    log "proxy1k round $r $s: $(sed -n 's/^Requests\/sec:\s*//p' "$results/wrk-proxy1k-$s-$r.txt") req/s"
  done
done
resume_all
sleep 1
for s in "${servers[@]}"; do record_rss "$s" after-load; done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/env.txt"
if command -v ss >/dev/null 2>&1; then  # upstream keep-alive at work: a small pool each, not one per request
  for s in "${servers[@]}"; do
    echo "$s: $(ss -Htnp state established "( dport = :${port[origin]} )" 2>/dev/null | grep -c "pid=${pid[$s]}," || true) connections open to the origin after the rounds"
  done >> "$results/env.txt"
fi
for s in "${servers[@]}"; do cp "$tmp/$s/logs/error.log" "$results/error.log.$s" 2>/dev/null || true; done
cp "$tmp/haproxy/stdout" "$results/stdout.haproxy" 2>/dev/null || true

{
  cat "$results/env.txt"
  echo
  python3 "$bench/lib/summarize_proxy.py" "$results"
  [ -z "$pier_skip" ] || echo "PIER SKIPPED: $pier_skip"
} | tee "$results/summary.txt"
ln -sfn "$stamp$label" "$bench/results/latest-proxy"
log "results in ${results#$here/}"
