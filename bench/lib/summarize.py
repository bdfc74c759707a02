#!/usr/bin/env python3
"""Turns the raw outputs of bench/run.sh into the results table.

  summarize.py RESULTS_DIR

Reads RESULTS_DIR/wrk-<file>-<server>-<round>.txt (wrk --latency output) and RESULTS_DIR/rss.tsv
(server, phase, kB, fds), prints the table, and writes RESULTS_DIR/summary.json.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summary_tables import fmt, load_runs, ratio, read_heap, read_rss, throughput_table  # noqa: E402

SERVERS = ("nginx", "pier")


def rss_table(results):
    if not os.path.exists(os.path.join(results, "rss.tsv")):
        return [], {}
    data = read_rss(results)
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
    live = read_heap(results)
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
    rows, throughput = throughput_table(load_runs(results, SERVERS), SERVERS, ("nginx",), missing_rows=True,
                                        order=lambda runs: sorted(runs, key=lambda s: (len(s), s)))
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
