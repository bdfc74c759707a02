#!/usr/bin/env bash
# Profiles Pier alone under the benchmark's keep-alive load with Java Flight Recorder.
#
#   bench/profile.sh [--file 1k|1m] [--seconds N] [--warmup N]
#
# Same prefix and config as bench/run.sh, Pier only (taskset -c 0, worker_processes 1, JVM options
# from PIER_JAVA_OPTS or bin/pier's defaults). After a warm-up it records N seconds (default 20) of
# `wrk -t1 -c50` on CPU 1 with JFR's "profile" settings, keeps the recording in
# bench/results/profile-<UTC time>/pier.jfr and prints the hottest methods, the allocation sites and
# the GC count (bench/lib/jfr_top.py). Open pier.jfr in JDK Mission Control for the full picture.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
bench="$here/bench"
. "$bench/lib/prefix.sh"

file=1k seconds=20 warmup=15
while [ $# -gt 0 ]; do
  case "$1" in
    --file) file=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "profile: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$file" in 1k|1m) ;; *) echo "profile: --file is 1k or 1m" >&2; exit 2 ;; esac
for tool in wrk taskset python3; do
  command -v $tool >/dev/null 2>&1 || { echo "profile: $tool is missing (see bench/README.md)" >&2; exit 1; }
done
java_home=$("$here/bin/java-home")
jar="$here/target/pier.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
  "$here/bin/dev" build >&2
fi

tmp=$(mktemp -d /tmp/pier-profile.XXXXXX)
results="$bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
pier=""
stop() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$pier" ]; then
    kill -TERM "$pier" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pier" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pier" 2>/dev/null || true
    wait "$pier" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

mapfile -t ports < <(python3 "$bench/lib/probe.py" free-ports 2)
write_prefix "$tmp" "${ports[0]}" "${ports[1]}" 1024
taskset -c 0 "$here/bin/pier" -p "$tmp/pier/" -c "$tmp/pier/conf/bench.conf" -e "$tmp/pier/logs/error.log" \
  >"$tmp/pier/logs/stdout" 2>&1 &
pier=$!
python3 "$bench/lib/probe.py" wait "${ports[1]}" /1k.bin 30 || { cat "$tmp/pier/logs/stdout" >&2; exit 1; }
# bin/pier stays as a parent that relays signals: profile (and signal) the JVM, its only child
pier=$(pgrep -P "$pier" || echo "$pier")
url="http://127.0.0.1:${ports[1]}/$file.bin"
echo "[profile] warm-up ${warmup}s on $url" >&2
taskset -c 1 wrk -t1 -c50 -d"$warmup"s "$url" > /dev/null
ticks() { local stat; stat=$(cat "/proc/$pier/stat"); stat=${stat##*) }; set -- $stat; echo "${12} ${13}"; }
timeout 30 "$java_home/bin/jcmd" "$pier" JFR.start name=bench settings=profile filename="$results/pier.jfr" > /dev/null
echo "[profile] recording ${seconds}s" >&2
read -r user0 sys0 < <(ticks)
taskset -c 1 wrk -t1 -c50 -d"$seconds"s --latency "$url" > "$results/wrk.txt"
read -r user1 sys1 < <(ticks)
timeout 30 "$java_home/bin/jcmd" "$pier" JFR.stop name=bench > /dev/null
hz=$(getconf CLK_TCK)
tr '\0' ' ' < "/proc/$pier/cmdline" > "$results/cmdline.txt"
{
  echo "Pier under wrk -t1 -c50 on /$file.bin: $(sed -n 's/^Requests\/sec:\s*//p' "$results/wrk.txt") req/s while recording"
  echo "JVM: $(cat "$results/cmdline.txt")"
  # JFR samples Java code only; the kernel's share (syscalls, TCP) is what /proc says beyond it
  python3 -c "import sys; u, s, hz, n = map(float, sys.argv[1:]); print('Pier CPU while recording: %.0f%% of one CPU, %.0f%% of it in the kernel' % ((u + s) / hz / n * 100, s / (u + s) * 100 if u + s else 0))" \
    $((user1 - user0)) $((sys1 - sys0)) "$hz" "$seconds"
  echo
  python3 "$bench/lib/jfr_top.py" "$java_home/bin/jfr" "$results/pier.jfr"
} | tee "$results/summary.txt"
echo "[profile] recording and summary in ${results#$here/}" >&2
