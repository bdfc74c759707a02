#!/usr/bin/env python3
"""Small network chores for bench/run.sh, on 127.0.0.1 only.

  probe.py free-ports N            print N free TCP ports on 127.0.0.1, one a line
  probe.py wait PORT PATH SECONDS  wait until GET PATH on 127.0.0.1:PORT answers 200, else exit 1
  probe.py listen PORT SECONDS     wait until 127.0.0.1:PORT accepts connections, else exit 1
"""
import http.client
import socket
import sys
import time


def free_ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        for s in socks:
            print(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()


def wait(port, path, seconds):
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            conn.close()
            if resp.status == 200:
                return 0
            last = "status %d" % resp.status
        except OSError as e:
            last = str(e)
        time.sleep(0.1)
    print("127.0.0.1:%d%s not ready after %ss: %s" % (port, path, seconds, last), file=sys.stderr)
    return 1


def listen(port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return 0
        except OSError as e:
            last = str(e)
        time.sleep(0.1)
    print("127.0.0.1:%d not accepting after %ss: %s" % (port, seconds, last), file=sys.stderr)
    return 1


def main(argv):
    if len(argv) == 3 and argv[1] == "free-ports":
        free_ports(int(argv[2]))
        return 0
    if len(argv) == 5 and argv[1] == "wait":
        return wait(int(argv[2]), argv[3], float(argv[4]))
    if len(argv) == 4 and argv[1] == "listen":
        return listen(int(argv[2]), float(argv[3]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
