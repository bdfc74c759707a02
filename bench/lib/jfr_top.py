#!/usr/bin/env python3
"""Summarizes a JFR recording of Pier under load: where the CPU goes and what allocates.

  jfr_top.py JFR_TOOL RECORDING [TOP]

Reads the recording with `jfr print --json` and prints
  - self time: the top frame of each jdk.ExecutionSample (the method running when sampled),
  - total time: every distinct method on the sampled stack (the method or its callees running),
    for all methods and for Pier's own,
  - self time by package (dev.pier.*, io.netty.*, java.*, ...),
  - native: the native method each jdk.NativeMethodSample caught (system calls: write, sendfile, open),
  - allocation: jdk.ObjectAllocationSample weight by allocated class and by first non-JDK frame,
  - GC: collections and their total pause.
"""
import collections
import json
import subprocess
import sys


def events(jfr, recording, names):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", ",".join(names), recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    method = frame["method"]
    return "%s.%s" % (method["type"]["name"].replace("/", "."), method["name"])


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    return trace.get("frames") or []


def package(name):
    cls = name.rsplit(".", 1)[0]
    parts = cls.split(".")
    if parts[0] == "dev" and len(parts) > 2:
        return ".".join(parts[:3])
    if parts[0] == "io" and len(parts) > 2:
        return ".".join(parts[:3])
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def table(title, counter, total, top, unit="samples"):
    print("%s (%d %s)" % (title, total, unit))
    for name, n in counter.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * n / total if total else 0, name))
    print()


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    jfr, recording = argv[1], argv[2]
    top = int(argv[3]) if len(argv) == 4 else 25

    samples = events(jfr, recording, ["jdk.ExecutionSample"])
    self_time, total_time, by_package = collections.Counter(), collections.Counter(), collections.Counter()
    for e in samples:
        fs = frames(e)
        if not fs:
            continue
        self_time[frame_name(fs[0])] += 1
        by_package[package(frame_name(fs[0]))] += 1
        for name in {frame_name(f) for f in fs}:
            total_time[name] += 1
    n = len(samples)
    table("Self time: method on top of the stack", self_time, n, top)
    # the event loop's own frames are on every stack: leave out what is on nine stacks in ten
    busy = collections.Counter({k: v for k, v in total_time.items() if v < 0.9 * n})
    table("Total time: method anywhere on the stack (the loop's frames left out)", busy, n, top)
    table("Total time of Pier's methods", collections.Counter(
        {k: v for k, v in total_time.items() if k.startswith("dev.pier.")}), n, top)
    table("Self time by package", by_package, n, 15)

    native = collections.Counter()
    natives = events(jfr, recording, ["jdk.NativeMethodSample"])
    for e in natives:
        fs = frames(e)
        if fs:
            native[frame_name(fs[0])] += 1
    table("Threads in native code (system calls; epollWait is the loop waiting)", native, len(natives), 12)

    allocs = events(jfr, recording, ["jdk.ObjectAllocationSample"])
    by_class, by_site = collections.Counter(), collections.Counter()
    weight = 0
    for e in allocs:
        w = e["values"].get("weight", 0)
        weight += w
        by_class[e["values"]["objectClass"]["name"]] += w
        site = next((frame_name(f) for f in frames(e)
                     if not frame_name(f).startswith(("java.", "jdk.", "sun."))), "(JDK only)")
        by_site[site] += w
    table("Allocation by class (sampled weight)", by_class, weight, 15, "bytes")
    table("Allocation by first non-JDK frame", by_site, weight, 15, "bytes")

    gcs = events(jfr, recording, ["jdk.GarbageCollection"])
    pause = 0.0
    for e in gcs:
        d = e["values"].get("sumOfPauses") or e["values"].get("duration") or "PT0S"
        pause += float(d.strip("PTS")) if isinstance(d, str) and d.endswith("S") and "M" not in d else 0.0
    names = collections.Counter(e["values"]["name"] for e in gcs)
    print("GC: %d collections (%s), total pause %.3f s" % (
        len(gcs), ", ".join("%s %d" % kv for kv in names.items()) or "none", pause))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
