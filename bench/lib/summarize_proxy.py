#!/usr/bin/env python3
"""Turns the raw outputs of bench/proxy.sh into the results table.

  summarize_proxy.py RESULTS_DIR

Reads RESULTS_DIR/wrk-<workload>-<server>-<round>.txt (wrk --latency output) with its cpu- (the proxy's CPU
time) and origin- (the origin's) twins, RESULTS_DIR/ws.tsv (server, the WebSocket client's result line) and
RESULTS_DIR/rss.tsv (server, phase, kB, fds); prints the tables and writes RESULTS_DIR/summary.json.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summary_tables import fmt, load_runs, ratio, read_heap, read_rss, throughput_table  # noqa: E402

SERVERS = ("nginx", "haproxy", "pier")
BASELINES = ("nginx", "haproxy")


def websocket_table(results):
    path = os.path.join(results, "ws.tsv")
    if not os.path.exists(path):
        return [], {}
    rss = read_rss(results)
    results_by_server = {}
    with open(path) as f:
        for line in f:
            server, text = line.rstrip("\n").split("\t", 1)
            fields = dict(kv.split("=", 1) for kv in text.split() if "=" in kv)
            results_by_server[server] = fields
    header = "%-14s %9s %11s %7s %8s %8s %12s %12s  %s" % (
        "server", "requested", "established", "echoed", "open s", "idle MB", "with ws MB", "per ws KB", "")
    rows = [header, "-" * len(header)]
    summary = {}
    for server in SERVERS:
        ws = results_by_server.get(server)
        if ws is None:
            continue
        n = int(ws.get("requested", 0))
        est = int(ws.get("established", 0))
        phases = rss.get(server, {})
        idle = phases.get("idle", {}).get("kb")
        held = phases.get("ws%d" % n, {}).get("kb")
        per = (held - idle) / est if idle is not None and held is not None and est else None
        summary[server] = {"requested": n, "established": est, "echoed": int(ws.get("echoed", 0)),
                           "seconds": float(ws["seconds"]) if "seconds" in ws else None,
                           "idle_kb": idle, "with_ws_kb": held, "per_ws_kb": per, "error": ws.get("error"),
                           "after_load_kb": phases.get("after-load", {}).get("kb")}
        rows.append("%-14s %9d %11d %7s %8s %8s %12s %12s  %s" % (
            server, n, est, ws.get("echoed", "-"), ws.get("seconds", "-"), fmt(idle and idle / 1024, "%.1f"),
            fmt(held and held / 1024, "%.1f"), fmt(per, "%.1f"), ("ERROR " + ws["error"]) if "error" in ws else ""))
    if "pier" in summary:
        for base in BASELINES:
            if base in summary:
                rows.append("%-14s %9s %11s %7s %8s %8s %12s %12s" % (
                    "pier/" + base, "", "", "", "", fmt(ratio(summary["pier"]["idle_kb"], summary[base]["idle_kb"]), "%.1fx"),
                    fmt(ratio(summary["pier"]["with_ws_kb"], summary[base]["with_ws_kb"]), "%.1fx"),
                    fmt(ratio(summary["pier"]["per_ws_kb"], summary[base]["per_ws_kb"]), "%.1fx")))
    live = read_heap(results)
    if "pier" in summary and live:
        n, est = summary["pier"]["requested"], summary["pier"]["established"]
        held = "ws%d" % n
        if "idle" in live and held in live and est:
            per = (live[held] - live["idle"]) / est
            rows.append("pier live Java heap after a full GC: %.1f MB idle, %.1f MB with %d WebSockets, %.0f bytes per WebSocket"
                        % (live["idle"] / 2**20, live[held] / 2**20, est, per))
            summary["pier"]["live_heap_per_ws_bytes"] = per
    after = ["%s %.1f MB" % (s, summary[s]["after_load_kb"] / 1024) for s in SERVERS
             if s in summary and summary[s]["after_load_kb"] is not None]
    if after:
        rows.append("RSS after the load rounds: " + ", ".join(after))
    return rows, summary


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    results = argv[1]
    rows, throughput = throughput_table(load_runs(results, SERVERS, origin=True), SERVERS, BASELINES,
                                        label=("workload", 8), server_width=14, origin=True)
    print("Reverse proxy, 1 KiB from the origin over upstream keep-alive (wrk -t1 -c50; medians of the rounds)")
    print("\n".join(rows))
    ws_rows, websockets = websocket_table(results)
    if ws_rows:
        print("WebSockets held open through each proxy (one message echoed on each; RSS = VmRSS of the proxy)")
        print("\n".join(ws_rows))
    with open(os.path.join(results, "summary.json"), "w") as f:
        json.dump({"throughput": throughput, "websockets": websockets}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
