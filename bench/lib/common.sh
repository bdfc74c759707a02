# Sourced by bench/run.sh and bench/proxy.sh: what both do the same way. The options they share, the checks of
# what must be installed, building Pier, the temp prefix and results folder, stopping every process started on
# exit, running one server at a time on the server CPU, and reading a server's RSS, descriptors, CPU time and
# (Pier's) live heap.
#
# The caller sets `here` (the repository) and `bench`, and, before bench_options: `servers` (the servers under
# test, in order), `conns_option` (its option for the connection count: --idle-conns, --ws-conns), `conns` and
# `quick_conns` (that count's default, and with --quick), `label` (the results folder's suffix).
# pid[NAME] holds the process id of everything started; stop_all stops them all.
declare -A pid=()

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

bench_options() {  # bench_options "$@": sets rounds duration warmup conns keep label server_cpu client_cpu
  local quick=0
  rounds=5 duration=10 warmup=15 keep=0
  server_cpu=${BENCH_SERVER_CPU:-0} client_cpu=${BENCH_CLIENT_CPU:-1}
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) rounds=3 duration=3 warmup=6 conns=$quick_conns quick=1 ;;
      --rounds) rounds=$2; shift ;;
      --duration) duration=$2; shift ;;
      --warmup) warmup=$2; shift ;;
      "$conns_option") conns=$2; shift ;;
      --keep) keep=1 ;;
      -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
      *) echo "bench: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
  done
  [ "$quick" = 0 ] || label=$label-quick
  [ "$rounds" -ge 1 ] && [ "$duration" -ge 1 ] && [ "$warmup" -ge 0 ] && [ "$conns" -ge 1 ] || {
    echo "bench: rounds, duration and ${conns_option#--} must be positive numbers" >&2; exit 2; }
}

require_tools() {  # wrk, taskset, nginx (NGINX, else /usr/sbin/nginx) and python3; sets nginx_bin
  nginx_bin=${NGINX:-/usr/sbin/nginx}
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=("wrk (apt-get install wrk)")
  command -v taskset >/dev/null 2>&1 || missing+=("taskset (apt-get install util-linux)")
  [ -x "$nginx_bin" ] || missing+=("nginx at $nginx_bin (apt-get install nginx-light, or set NGINX=/path/to/nginx)")
  command -v python3 >/dev/null 2>&1 || missing+=("python3 (apt-get install python3)")
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'bench: missing: %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

require_cpus() {  # require_cpus WHAT_RUNS_WHERE: two CPUs at least; sets cpus
  cpus=$(nproc --all)
  [ "$cpus" -ge 2 ] || die "needs 2 CPUs ($1); this machine has $cpus"
}

require_open_files() {  # require_open_files N: raise the open-files limit to the hard limit; stop if under N
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge "$1" ] ||
    die "open files limit $(ulimit -n) is below $1; raise it (ulimit -Hn) or use $conns_option"
}

build_pier() {  # build Pier if its jar is missing or older than the sources
  local jar="$here/target/pier.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
    log "building Pier (bin/dev build)"
    "$here/bin/dev" build >&2
  fi
}

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

start_run() {  # start_run TEMPLATE: the temp prefix (tmp, from mktemp's TEMPLATE), stamp and results; stop_all on exit
  tmp=$(mktemp -d "$1")
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  results="$bench/results/$stamp$label"
  mkdir -p "$results"
  trap stop_all EXIT
  trap 'exit 130' INT TERM
}

run_header() {  # the first lines of env.txt: date, source revision, host, nginx
  echo "date: $stamp"
  echo "git: $(git -C "$here" rev-parse --short HEAD 2>/dev/null)$(git -C "$here" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
  echo "host: $(uname -srm), $cpus CPUs: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "nginx: $("$nginx_bin" -v 2>&1)"
}

only() {  # only SERVER: let SERVER run, keep the other servers stopped
  local s
  for s in "${servers[@]}"; do [ "$s" = "$1" ] || kill -STOP "${pid[$s]}"; done
  kill -CONT "${pid[$1]}"
}
resume_all() {
  local s
  for s in "${servers[@]}"; do kill -CONT "${pid[$s]}"; done
}

rss_kb() { sed -n 's/^VmRSS:\s*\([0-9]*\) kB/\1/p' "/proc/${pid[$1]}/status"; }
fd_count() { ls "/proc/${pid[$1]}/fd" | wc -l; }
cpu_ticks() {  # cpu_ticks NAME: user and system clock ticks the process (all its threads) has used
  local stat; stat=$(cat "/proc/${pid[$1]}/stat"); stat=${stat##*) }
  # shellcheck disable=SC2086 # split the fields on purpose
  set -- $stat
  echo "${12} ${13}"
}
cpu_twin() {  # cpu_twin PREFIX NAME BEFORE OUT: NAME's ticks from BEFORE to now, in OUT's PREFIX- twin file
  echo "$3 $(cpu_ticks "$2") $(getconf CLK_TCK)" > "$(dirname "$4")/$1-$(basename "$4")"
}
record_rss() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$(rss_kb "$1")" "$(fd_count "$1")" >> "$results/rss.tsv"; }
live_heap() {  # live_heap SERVER PHASE: for Pier, the live Java heap after a full GC (RSS counts garbage too)
  [ "$1" = pier ] || return 0
  local total
  total=$(timeout 30 "$("$here/bin/java-home")/bin/jcmd" "${pid[pier]}" GC.class_histogram 2>/dev/null |
    awk '$1 == "Total" { print $3 }')
  [ -n "$total" ] && printf 'pier\t%s\t%s\n' "$2" "$total" >> "$results/heap.tsv"
  return 0
}

# --- holding many connections open: the server's memory idle, then with them ------------------------
measure_idle() {  # measure_idle SERVER: only SERVER runs; its live heap and RSS before any connection
  only "$1"
  live_heap "$1" idle
  sleep 1
  record_rss "$1" idle
}
start_holder() {  # start_holder OUT PATTERN COMMAND...: a client on the client CPU, until OUT matches PATTERN or it ends
  local out=$1 pattern=$2
  shift 2
  taskset -c "$client_cpu" "$@" > "$out" 2>&1 &
  pid[holder]=$!
  while kill -0 "${pid[holder]}" 2>/dev/null && ! grep -q "$pattern" "$out"; do sleep 0.2; done
}
measure_held() {  # measure_held SERVER PHASE: RSS and live heap with the holder's connections open
  sleep 2  # let the server settle (lazy allocations, a GC) before reading its RSS
  record_rss "$1" "$2"
  live_heap "$1" "$2"
}
stop_holder() {
  kill -TERM "${pid[holder]}" 2>/dev/null || true
  wait "${pid[holder]}" 2>/dev/null || true
  unset 'pid[holder]'
}
