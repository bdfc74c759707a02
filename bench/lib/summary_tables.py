"""What bench/lib/summarize.py (bench/run.sh) and bench/lib/summarize_proxy.py (bench/proxy.sh) share: reading
wrk's output and the CPU-tick twins next to it, rss.tsv and heap.tsv, and the throughput table with its ratio
rows and the NOISY note.
"""
import os
import re
import statistics

NOISY_SPREAD = 0.15
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def millis(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def cpu_seconds(twin):
    """(seconds used, seconds of it in the kernel) from a twin file: user and system ticks before, after, and Hz."""
    user0, sys0, user1, sys1, hz = (int(v) for v in open(twin).read().split())
    return (user1 - user0 + sys1 - sys0) / hz, (sys1 - sys0) / hz


def twin_of(path, prefix):
    return os.path.join(os.path.dirname(path), prefix + "-" + os.path.basename(path))


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
    cpu = twin_of(path, "cpu")
    if os.path.exists(cpu) and out["requests"] and out["seconds"]:
        used, kernel = cpu_seconds(cpu)
        out["cpu_us"] = used / out["requests"] * 1e6
        out["sys_share"] = kernel / used if used else None
        out["busy"] = used / out["seconds"]
    return out


def origin_busy(path, wrk):
    """The origin's CPU time over the round's wall time (from the origin- twin of a wrk output)."""
    twin = twin_of(path, "origin")
    if not os.path.exists(twin) or not wrk["seconds"]:
        return None
    return cpu_seconds(twin)[0] / wrk["seconds"]


def load_runs(results, servers, origin=False):
    """{workload: {server: [run per round]}} from RESULTS/wrk-<workload>-<server>-<round>.txt."""
    runs = {}
    pattern = r"wrk-(\w+)-(%s)-(\d+)\.txt" % "|".join(servers)
    for name in sorted(os.listdir(results)):
        m = re.fullmatch(pattern, name)
        if m:
            path = os.path.join(results, name)
            run = parse_wrk(path)
            if origin:
                run["origin_busy"] = origin_busy(path, run)
            runs.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(run)
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


def pct(value):
    return fmt(value and value * 100, "%.0f%%")


def ratio(pier, base):
    return None if pier is None or not base else pier / base


def read_tsv(results, name):
    """The fields of each line of RESULTS/NAME, none without it."""
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.split() for line in f]


def read_rss(results):
    """{server: {phase: {"kb", "fds"}}} from RESULTS/rss.tsv."""
    data = {}
    for server, phase, kb, fds in read_tsv(results, "rss.tsv"):
        data.setdefault(server, {})[phase] = {"kb": int(kb), "fds": int(fds)}
    return data


def read_heap(results):
    """{phase: bytes} of Pier's live heap from RESULTS/heap.tsv."""
    return {phase: int(total) for _, phase, total in read_tsv(results, "heap.tsv")}


def throughput_table(runs, servers, baselines, label=("file", 5), server_width=12, origin=False,
                     order=sorted, missing_rows=False):
    """The rows of the throughput table and its summary: a row per server (medians of its rounds), then a
    pier/BASE row of ratios per baseline present. origin adds the origin's busy column; missing_rows keeps a
    row of dashes for a server without rounds."""
    name, width = label
    ratio_line = "%%-%ds %%-%ds %%9s %%8s %%8s %%10s" % (width, server_width)
    line = ratio_line + " %5s %5s" + (" %7s" if origin else "") + " %7s  %s"
    columns = [name, "server", "req/s", "p50 ms", "p99 ms", "CPU us/req", "sys", "busy"] + (["origin"] if origin else [])
    header = line % tuple(columns + ["spread", "req/s per round"])
    rows, summary = [header, "-" * len(header)], {}
    for workload in order(runs):
        by_server = {}
        for server in servers:
            rounds = runs[workload].get(server)
            if not rounds and not missing_rows:
                continue
            rounds = rounds or []
            st = {
                "rps": median([r["rps"] for r in rounds]),
                "p50": median([r["p50"] for r in rounds]),
                "p99": median([r["p99"] for r in rounds]),
                "cpu_us": median([r["cpu_us"] for r in rounds]),
                "sys_share": median([r["sys_share"] for r in rounds]),
                "busy": median([r["busy"] for r in rounds]),
            }
            if origin:
                st["origin_busy"] = median([r["origin_busy"] for r in rounds])
            st.update({
                "spread": spread([r["rps"] for r in rounds]),
                "rounds": [r["rps"] for r in rounds],
                "errors": sum(r["non2xx"] + r["socket_errors"] for r in rounds),
            })
            by_server[server] = st
            cells = [workload, server, fmt(st["rps"], "%.0f"), fmt(st["p50"], "%.3f"), fmt(st["p99"], "%.3f"),
                     fmt(st["cpu_us"], "%.1f"), pct(st["sys_share"]), pct(st["busy"])]
            if origin:
                cells.append(pct(st["origin_busy"]))
            cells += [pct(st["spread"]), " ".join(fmt(v, "%.0f") for v in st["rounds"])]
            rows.append(line % tuple(cells) + ("  ERRORS: %d" % st["errors"] if st["errors"] else ""))
        ratios = {}
        if "pier" in by_server:
            for base in baselines:
                if base not in by_server:
                    continue
                r = {k: ratio(by_server["pier"][k], by_server[base][k]) for k in ("rps", "p50", "p99", "cpu_us")}
                ratios["pier_over_" + base] = r
                rows.append(ratio_line % (
                    workload, "pier/" + base, fmt(r["rps"], "%.2fx"), fmt(r["p50"], "%.2fx"), fmt(r["p99"], "%.2fx"),
                    fmt(r["cpu_us"], "%.2fx")))
        rows.append("")
        summary[workload] = dict(by_server, **ratios)
    noisy = ["%s %s (spread %.0f%%)" % (w, s, st["spread"] * 100)
             for w, by in summary.items() for s, st in by.items()
             if s in servers and st["spread"] is not None and st["spread"] > NOISY_SPREAD]
    if noisy:
        rows.append("NOISY: rounds disagree by more than %.0f%%: %s. Ratios of req/s and latency are unreliable;"
                    % (NOISY_SPREAD * 100, ", ".join(noisy)))
        rows.append("       CPU us/req holds up better. Run again on a quiet machine, or with more rounds.")
        rows.append("")
    return rows, summary
