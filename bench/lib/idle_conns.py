#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, sends one GET on each, reads the whole
response, then keeps every connection open and idle until killed.

  idle_conns.py PORT PATH N [OPEN_TIMEOUT_SECONDS]

Prints "open N" once all N responses have arrived (the caller measures the server then),
or "failed: ..." and exits 1 if fewer than N could be opened in time.
"""
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conn_ramp import hold, ramp, read_head  # noqa: E402


async def one(port, request, gate):
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        status, headers = await read_head(reader)
        await reader.readexactly(int(headers.get("content-length", 0)))
        code = status.split(" ", 2)[1]
        if code != "200":
            raise OSError("status " + code)
        return reader, writer


async def run(port, path, n, timeout):
    request = ("GET %s HTTP/1.1\r\nHost: bench\r\nUser-Agent: pier-bench\r\n\r\n" % path).encode()
    opened, errors, _ = await ramp(n, lambda _, gate: one(port, request, gate), timeout)
    if len(opened) < n:
        first = repr(errors[0]) if errors else "timeout"
        print("failed: %d of %d connections open (%s)" % (len(opened), n, first), flush=True)
        return 1
    print("open %d" % n, flush=True)
    await hold(opened)
    return 0


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    timeout = float(argv[4]) if len(argv) == 5 else 60.0
    return asyncio.run(run(int(argv[1]), argv[2], int(argv[3]), timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
