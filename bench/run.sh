#!/usr/bin/env bash
# Pier against nginx on one nginx configuration, same CPU, same client, alternating rounds.
#
#   bench/run.sh            full run (about 4-5 minutes): 5 rounds of 10 s per server and file
#   bench/run.sh --quick    a check that everything works (about 1 minute): 3 rounds of 3 s
#   bench/run.sh --proxy [--quick ...]   the reverse-proxy benchmark instead (bench/proxy.sh, against nginx and HAProxy)
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
. "$bench/lib/prefix.sh"

rounds=5 duration=10 warmup=15 idle_conns=5000 keep=0 label=""
server_cpu=${BENCH_SERVER_CPU:-0} client_cpu=${BENCH_CLIENT_CPU:-1}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) rounds=3 duration=3 warmup=6 label=-quick ;;
    --rounds) rounds=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --idle-conns) idle_conns=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "$rounds" -ge 1 ] && [ "$duration" -ge 1 ] && [ "$warmup" -ge 0 ] && [ "$idle_conns" -ge 1 ] || {
  echo "bench: rounds, duration and idle-conns must be positive numbers" >&2; exit 2; }

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- what must be installed -------------------------------------------------------------------
nginx_bin=${NGINX:-/usr/sbin/nginx}
missing=()
command -v wrk >/dev/null 2>&1 || missing+=("wrk (apt-get install wrk)")
command -v taskset >/dev/null 2>&1 || missing+=("taskset (apt-get install util-linux)")
[ -x "$nginx_bin" ] || missing+=("nginx at $nginx_bin (apt-get install nginx-light, or set NGINX=/path/to/nginx)")
command -v python3 >/dev/null 2>&1 || missing+=("python3 (apt-get install python3)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'bench: missing: %s\n' "${missing[@]}" >&2
  exit 1
fi
cpus=$(nproc --all)
[ "$cpus" -ge 2 ] || die "needs 2 CPUs (server on $server_cpu, wrk on $client_cpu); this machine has $cpus"

# 5,000 idle connections need as many descriptors in each server and in the client.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((idle_conns + 200)) ] ||
  die "open files limit $(ulimit -n) is below $((idle_conns + 200)); raise it (ulimit -Hn) or use --idle-conns"

# --- build Pier if its jar is missing or older than the sources -------------------------------
java_home=$("$here/bin/java-home")
jar="$here/target/pier.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
  log "building Pier (bin/dev build)"
  "$here/bin/dev" build >&2
fi

# --- the prefix: files, one config, a per-server include ---------------------------------------
tmp=$(mktemp -d /tmp/pier-bench.XXXXXX)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$bench/results/$stamp$label"
mkdir -p "$results"
declare -A pid=()

stop_all() {
  local status=$?
  trap - EXIT INT TERM
  for name in "${!pid[@]}"; do
    local p=${pid[$name]}
    kill -CONT "$p" 2>/dev/null || true
    kill -TERM "$p" 2>/dev/null || true
  done
  for name in "${!pid[@]}"; do
    local p=${pid[$name]} i
    for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [ "$keep" = 1 ]; then log "temp prefix kept: $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

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
  echo "date: $stamp"
  echo "git: $(git -C "$here" rev-parse --short HEAD 2>/dev/null)$(git -C "$here" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
  echo "host: $(uname -srm), $cpus CPUs: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "nginx: $("$nginx_bin" -v 2>&1)"
  echo "pier: $(tr '\0' ' ' < "/proc/${pid[pier]}/cmdline")"
  echo "pier: first response $pier_ready s after start"
  echo "wrk: taskset -c $client_cpu wrk -t1 -c50 -d${duration}s --latency; rounds: $rounds per server and file, alternating"
  echo "servers on CPU $server_cpu, wrk on CPU $client_cpu; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/env.txt"
cat "$results/env.txt" >&2

pause() { kill -STOP "${pid[$1]}"; }
resume() { kill -CONT "${pid[$1]}"; }
only() {  # only SERVER: let SERVER run, keep the other stopped
  local other=nginx; [ "$1" = nginx ] && other=pier
  pause "$other"; resume "$1"
}
rss_kb() { sed -n 's/^VmRSS:\s*\([0-9]*\) kB/\1/p' "/proc/${pid[$1]}/status"; }
fd_count() { ls "/proc/${pid[$1]}/fd" | wc -l; }
cpu_ticks() {  # cpu_ticks SERVER: user and system clock ticks the process (all its threads) has used
  local stat; stat=$(cat "/proc/${pid[$1]}/stat"); stat=${stat##*) }
  set -- $stat
  echo "${12} ${13}"
}
record_rss() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$(rss_kb "$1")" "$(fd_count "$1")" >> "$results/rss.tsv"; }

# --- memory: idle, then with N idle keep-alive connections ------------------------------------
live_heap() {  # live_heap SERVER PHASE: for Pier, the live Java heap after a full GC (RSS counts garbage too)
  [ "$1" = pier ] || return 0
  local total
  total=$(timeout 30 "$java_home/bin/jcmd" "${pid[pier]}" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { print $3 }')
  [ -n "$total" ] && printf 'pier\t%s\t%s\n' "$2" "$total" >> "$results/heap.tsv"
  return 0
}
hold_conns() {  # hold_conns SERVER: open idle_conns connections, record RSS, close them
  local s=$1 out="$tmp/conns-$1.out" holder
  only "$s"
  live_heap "$s" idle
  sleep 1
  record_rss "$s" idle
  taskset -c "$client_cpu" python3 "$bench/lib/idle_conns.py" "${port[$s]}" /1k.bin "$idle_conns" 60 > "$out" 2>&1 &
  holder=$!
  pid[holder]=$holder
  while kill -0 "$holder" 2>/dev/null && ! grep -q '^open\|^failed' "$out"; do sleep 0.2; done
  if grep -q '^open' "$out"; then
    sleep 2  # let the server settle (lazy allocations, a GC) before reading its RSS
    record_rss "$s" "conns$idle_conns"
    live_heap "$s" "conns$idle_conns"
    log "$s: $idle_conns idle connections open, RSS $(($(rss_kb "$s") / 1024)) MB, $(fd_count "$s") descriptors"
  else
    log "$s: could not hold $idle_conns connections: $(cat "$out")"
  fi
  kill -TERM "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
  unset 'pid[holder]'
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
  local before after
  before=$(cpu_ticks "$1")
  taskset -c "$client_cpu" wrk -t1 -c50 -d"$3"s --timeout 5s --latency "$(url "$1" "$2")" > "$4" 2>&1
  after=$(cpu_ticks "$1")
  echo "$before $after $(getconf CLK_TCK)" > "$(dirname "$4")/cpu-$(basename "$4")"
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
resume nginx; resume pier
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
