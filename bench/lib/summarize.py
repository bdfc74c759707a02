#!/usr/bin/env python3
"""Turns the raw outputs of bench/run.sh into the results table.

  summarize.py RESULTS_DIR

Reads RESULTS_DIR/wrk-<file>-<server>-<round>.txt (wrk --latency output) and RESULTS_DIR/rss.tsv
(server, phase, kB, fds), prints the table, and writes RESULTS_DIR/summary.json.
"""
import json
import os
import re
import statistics
import sys

SERVERS = ("nginx", "pier")
NOISY_SPREAD = 0.15
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def millis(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(path):
    out = {"rps": None, "p50": None, "p99": None, "non2xx": 0, "socket_errors": 0,
           "requests": None, "seconds": None, "cpu_us": None, "sys_share": None, "busy": None}
    with open(path) as f:
        for line in f:
            line = line.strip()
            m = re.match(r"^(\d+) requests in ([0-9.]+)(us|ms|s|m),", line)
            if m:
                out["requests"] = int(m.group(1))
                out["seconds"] = millis(m.group(2) + m.group(3)) / 1000
            if line.startswith("Requests/sec:"):
                out["rps"] = float(line.split()[1])
            elif re.match(r"^50(\.0+)?%\s", line):
                out["p50"] = millis(line.split()[1])
            elif re.match(r"^99(\.0+)?%\s", line):
                out["p99"] = millis(line.split()[1])
            elif line.startswith("Non-2xx or 3xx responses:"):
                out["non2xx"] = int(line.split(":")[1])
            elif line.startswith("Socket errors:"):
                out["socket_errors"] = sum(int(n) for n in re.findall(r"\d+", line))
    cpu = os.path.join(os.path.dirname(path), "cpu-" + os.path.basename(path))
    if os.path.exists(cpu) and out["requests"] and out["seconds"]:
        user0, sys0, user1, sys1, hz = (int(v) for v in open(cpu).read().split())
        used = (user1 - user0 + sys1 - sys0) / hz
        out["cpu_us"] = used / out["requests"] * 1e6
        out["sys_share"] = (sys1 - sys0) / hz / used if used else None
        out["busy"] = used / out["seconds"]
    return out


def load_runs(results):
    runs = {}
    for name in sorted(os.listdir(results)):
        m = re.fullmatch(r"wrk-(\w+)-(nginx|pier)-(\d+)\.txt", name)
        if m:
            runs.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(parse_wrk(os.path.join(results, name)))
    return runs


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def spread(values):
    """(max - min) / median of the rounds' requests/s: how far the rounds disagree."""
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return None
    return (max(values) - min(values)) / statistics.median(values)


def fmt(value, pattern):
    return "-" if value is None else pattern % value


def ratio(pier, nginx):
    return None if pier is None or not nginx else pier / nginx


def throughput_table(runs):
    rows, summary = [], {}
    header = "%-5s %-12s %9s %8s %8s %10s %5s %5s %7s  %s" % (
        "file", "server", "req/s", "p50 ms", "p99 ms", "CPU us/req", "sys", "busy", "spread", "req/s per round")
    rows.append(header)
    rows.append("-" * len(header))
    for size in sorted(runs, key=lambda s: (len(s), s)):
        by_server = {}
        for server in SERVERS:
            rounds = runs[size].get(server, [])
            stats = {
                "rps": median([r["rps"] for r in rounds]),
                "p50": median([r["p50"] for r in rounds]),
                "p99": median([r["p99"] for r in rounds]),
                "spread": spread([r["rps"] for r in rounds]),
                "rounds": [r["rps"] for r in rounds],
                "cpu_us": median([r["cpu_us"] for r in rounds]),
                "sys_share": median([r["sys_share"] for r in rounds]),
                "busy": median([r["busy"] for r in rounds]),
                "errors": sum(r["non2xx"] + r["socket_errors"] for r in rounds),
            }
            by_server[server] = stats
            rows.append("%-5s %-12s %9s %8s %8s %10s %5s %5s %7s  %s%s" % (
                size, server, fmt(stats["rps"], "%.0f"), fmt(stats["p50"], "%.3f"), fmt(stats["p99"], "%.3f"),
                fmt(stats["cpu_us"], "%.1f"), fmt(stats["sys_share"] and stats["sys_share"] * 100, "%.0f%%"),
                fmt(stats["busy"] and stats["busy"] * 100, "%.0f%%"),
                fmt(stats["spread"] and stats["spread"] * 100, "%.0f%%"),
                " ".join(fmt(v, "%.0f") for v in stats["rounds"]),
                "  ERRORS: %d" % stats["errors"] if stats["errors"] else ""))
        n, p = by_server["nginx"], by_server["pier"]
        ratios = {k: ratio(p[k], n[k]) for k in ("rps", "p50", "p99", "cpu_us")}
        rows.append("%-5s %-12s %9s %8s %8s %10s" % (
            size, "pier/nginx", fmt(ratios["rps"], "%.2fx"), fmt(ratios["p50"], "%.2fx"), fmt(ratios["p99"], "%.2fx"),
            fmt(ratios["cpu_us"], "%.2fx")))
        rows.append("")
        summary[size] = {"nginx": n, "pier": p, "pier_over_nginx": ratios}
    noisy = ["%s %s (spread %.0f%%)" % (size, server, st["spread"] * 100)
             for size, by in summary.items() for server, st in by.items()
             if server in SERVERS and st["spread"] is not None and st["spread"] > NOISY_SPREAD]
    if noisy:
        rows.append("NOISY: rounds disagree by more than %.0f%%: %s. Ratios of req/s and latency are unreliable;"
                    % (NOISY_SPREAD * 100, ", ".join(noisy)))
        rows.append("       CPU us/req holds up better. Run again on a quiet machine, or with more rounds.")
        rows.append("")
    return rows, summary


def rss_table(results):
    path = os.path.join(results, "rss.tsv")
    if not os.path.exists(path):
        return [], {}
    data = {}
    with open(path) as f:
        for line in f:
            server, phase, kb, fds = line.split()
            data.setdefault(server, {})[phase] = {"kb": int(kb), "fds": int(fds)}
    conns = None
    rows = []
    for server in SERVERS:
        for phase in data.get(server, {}):
            if phase.startswith("conns"):
                conns = int(phase[5:])
    if conns is None:
        return [], data
    held = "conns%d" % conns
    header = "%-12s %10s %16s %16s %14s" % ("server", "idle MB", "%d idle conns MB" % conns, "per conn KB", "after load MB")
    rows += [header, "-" * len(header)]
    summary = {}
    for server in SERVERS:
        d = data.get(server, {})
        idle, busy, after = d.get("idle"), d.get(held), d.get("after-load")
        per_conn = (busy["kb"] - idle["kb"]) / conns if idle and busy else None
        rows.append("%-12s %10s %16s %16s %14s" % (
            server, fmt(idle and idle["kb"] / 1024, "%.1f"), fmt(busy and busy["kb"] / 1024, "%.1f"),
            fmt(per_conn, "%.1f"), fmt(after and after["kb"] / 1024, "%.1f")))
        summary[server] = {"idle_kb": idle and idle["kb"], "conns_kb": busy and busy["kb"],
                           "per_conn_kb": per_conn, "after_load_kb": after and after["kb"],
                           "fds_with_conns": busy and busy["fds"]}
    n, p = summary.get("nginx", {}), summary.get("pier", {})
    rows.append("%-12s %10s %16s %16s %14s" % (
        "pier/nginx", fmt(ratio(p.get("idle_kb"), n.get("idle_kb")), "%.1fx"),
        fmt(ratio(p.get("conns_kb"), n.get("conns_kb")), "%.1fx"),
        fmt(ratio(p.get("per_conn_kb"), n.get("per_conn_kb")), "%.1fx"),
        fmt(ratio(p.get("after_load_kb"), n.get("after_load_kb")), "%.1fx")))
    heap = os.path.join(results, "heap.tsv")
    if os.path.exists(heap):
        live = {}
        with open(heap) as f:
            for line in f:
                _, phase, total = line.split()
                live[phase] = int(total)
        if "idle" in live and held in live:
            per_conn = (live[held] - live["idle"]) / conns
            rows.append("pier live Java heap after a full GC: %.1f MB idle, %.1f MB with %d connections, %.0f bytes per connection" % (
                live["idle"] / 2**20, live[held] / 2**20, conns, per_conn))
            summary["pier"]["live_heap_per_conn_bytes"] = per_conn
    return rows, {"connections": conns, **summary}


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    results = argv[1]
    rows, throughput = throughput_table(load_runs(results))
    print("Throughput and latency (keep-alive, wrk -t1 -c50; medians of the rounds)")
    print("\n".join(rows))
    rss_rows, memory = rss_table(results)
    if rss_rows:
        print("Resident memory (VmRSS)")
        print("\n".join(rss_rows))
    with open(os.path.join(results, "summary.json"), "w") as f:
        json.dump({"throughput": throughput, "memory": memory}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
