#!/usr/bin/env python3
"""Turns the raw outputs of bench/proxy.sh into the results table.

  summarize_proxy.py RESULTS_DIR

Reads RESULTS_DIR/wrk-<workload>-<server>-<round>.txt (wrk --latency output) with its cpu- (the proxy's CPU
time) and origin- (the origin's) twins, RESULTS_DIR/ws.tsv (server, the WebSocket client's result line) and
RESULTS_DIR/rss.tsv (server, phase, kB, fds); prints the tables and writes RESULTS_DIR/summary.json.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summarize import fmt, median, parse_wrk, ratio, spread, NOISY_SPREAD  # noqa: E402

SERVERS = ("nginx", "haproxy", "pier")
BASELINES = ("nginx", "haproxy")


def origin_busy(path):
    """The origin's CPU time over the round's wall time (from the origin- twin of a wrk output)."""
    twin = os.path.join(os.path.dirname(path), "origin-" + os.path.basename(path))
    wrk = parse_wrk(path)
    if not os.path.exists(twin) or not wrk["seconds"]:
        return None
    user0, sys0, user1, sys1, hz = (int(v) for v in open(twin).read().split())
    return (user1 - user0 + sys1 - sys0) / hz / wrk["seconds"]


def load_runs(results):
    runs = {}
    for name in sorted(os.listdir(results)):
        m = re.fullmatch(r"wrk-(\w+)-(nginx|haproxy|pier)-(\d+)\.txt", name)
        if m:
            path = os.path.join(results, name)
            run = parse_wrk(path)
            run["origin_busy"] = origin_busy(path)
            runs.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(run)
    return runs


def pct(value):
    return fmt(value and value * 100, "%.0f%%")


def throughput_table(runs):
    rows, summary = [], {}
    header = "%-8s %-14s %9s %8s %8s %10s %5s %5s %7s %7s  %s" % (
        "workload", "server", "req/s", "p50 ms", "p99 ms", "CPU us/req", "sys", "busy", "origin", "spread",
        "req/s per round")
    rows += [header, "-" * len(header)]
    for workload in sorted(runs):
        by_server = {}
        for server in SERVERS:
            rounds = runs[workload].get(server)
            if not rounds:
                continue
            st = {
                "rps": median([r["rps"] for r in rounds]),
                "p50": median([r["p50"] for r in rounds]),
                "p99": median([r["p99"] for r in rounds]),
                "cpu_us": median([r["cpu_us"] for r in rounds]),
                "sys_share": median([r["sys_share"] for r in rounds]),
                "busy": median([r["busy"] for r in rounds]),
                "origin_busy": median([r["origin_busy"] for r in rounds]),
                "spread": spread([r["rps"] for r in rounds]),
                "rounds": [r["rps"] for r in rounds],
                "errors": sum(r["non2xx"] + r["socket_errors"] for r in rounds),
            }
            by_server[server] = st
            rows.append("%-8s %-14s %9s %8s %8s %10s %5s %5s %7s %7s  %s%s" % (
                workload, server, fmt(st["rps"], "%.0f"), fmt(st["p50"], "%.3f"), fmt(st["p99"], "%.3f"),
                fmt(st["cpu_us"], "%.1f"), pct(st["sys_share"]), pct(st["busy"]), pct(st["origin_busy"]),
                pct(st["spread"]), " ".join(fmt(v, "%.0f") for v in st["rounds"]),
                "  ERRORS: %d" % st["errors"] if st["errors"] else ""))
        ratios = {}
        if "pier" in by_server:
            for base in BASELINES:
                if base not in by_server:
                    continue
                r = {k: ratio(by_server["pier"][k], by_server[base][k]) for k in ("rps", "p50", "p99", "cpu_us")}
                ratios["pier_over_" + base] = r
                rows.append("%-8s %-14s %9s %8s %8s %10s" % (
                    workload, "pier/" + base, fmt(r["rps"], "%.2fx"), fmt(r["p50"], "%.2fx"), fmt(r["p99"], "%.2fx"),
                    fmt(r["cpu_us"], "%.2fx")))
        rows.append("")
        summary[workload] = dict(by_server, **ratios)
    noisy = ["%s %s (spread %.0f%%)" % (w, s, st["spread"] * 100)
             for w, by in summary.items() for s, st in by.items()
             if s in SERVERS and st["spread"] is not None and st["spread"] > NOISY_SPREAD]
    if noisy:
        rows.append("NOISY: rounds disagree by more than %.0f%%: %s. Ratios of req/s and latency are unreliable;"
                    % (NOISY_SPREAD * 100, ", ".join(noisy)))
        rows.append("       CPU us/req holds up better. Run again on a quiet machine, or with more rounds.")
        rows.append("")
    return rows, summary


def read_rss(results):
    data = {}
    path = os.path.join(results, "rss.tsv")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                server, phase, kb, fds = line.split()
                data.setdefault(server, {})[phase] = {"kb": int(kb), "fds": int(fds)}
    return data


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
    heap = os.path.join(results, "heap.tsv")
    if "pier" in summary and os.path.exists(heap):
        live = {}
        with open(heap) as f:
            for line in f:
                _, phase, total = line.split()
                live[phase] = int(total)
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
    rows, throughput = throughput_table(load_runs(results))
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
