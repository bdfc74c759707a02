#!/usr/bin/env python3
"""Turns the raw outputs of bench/tls.sh into the results table.

  summarize_tls.py RESULTS_DIR

Reads RESULTS_DIR/wrk-<workload>-<server>-<round>.txt (wrk --latency output; handshake and https1k) and
RESULTS_DIR/h2load-h2-<server>-<round>.txt (h2load output), each with its cpu- twin (the server's CPU time);
prints the table and writes RESULTS_DIR/summary.json.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summary_tables import cpu_seconds, load_runs, throughput_table, twin_of  # noqa: E402

SERVERS = ("nginx", "pier")
BASELINES = ("nginx",)
ORDER = ("handshake", "https1k", "h2")


def parse_h2load(path):
    """h2load's summary as parse_wrk's fields: requests/s, requests and seconds, CPU per request; no percentiles."""
    out = {"rps": None, "p50": None, "p99": None, "non2xx": 0, "socket_errors": 0,
           "requests": None, "seconds": None, "cpu_us": None, "sys_share": None, "busy": None}
    with open(path) as f:
        text = f.read()
    m = re.search(r"finished in ([0-9.]+)(ms|s), ([0-9.]+) req/s", text)
    if m:
        out["seconds"] = float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
        out["rps"] = float(m.group(3))
    m = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, \d+ failed, \d+ errored, (\d+) timeout", text)
    if m:
        # with -D the requests still in flight when time is up count as failed: only timeouts are errors
        out["requests"] = int(m.group(1))
        out["socket_errors"] = int(m.group(2))
    m = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", text)
    if m:
        out["non2xx"] = int(m.group(3)) + int(m.group(4))
    cpu = twin_of(path, "cpu")
    if os.path.exists(cpu) and out["requests"] and out["seconds"]:
        used, kernel = cpu_seconds(cpu)
        out["cpu_us"] = used / out["requests"] * 1e6
        out["sys_share"] = kernel / used if used else None
        out["busy"] = used / out["seconds"]
    return out


def main(results):
    runs = load_runs(results, SERVERS)
    for name in sorted(os.listdir(results)):
        m = re.fullmatch(r"h2load-(\w+)-(%s)-(\d+)\.txt" % "|".join(SERVERS), name)
        if m:
            runs.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(parse_h2load(os.path.join(results, name)))
    rows, summary = throughput_table(runs, SERVERS, BASELINES, label=("workload", 9),
                                     order=lambda r: [w for w in ORDER if w in r])
    print("\n".join(rows))
    print("\nhandshake: one full TLS 1.3 handshake (ECDSA P-256) per request; h2: no latency percentiles from h2load")
    with open(os.path.join(results, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
