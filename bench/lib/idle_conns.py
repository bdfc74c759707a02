#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, sends one GET on each, reads the whole
response, then keeps every connection open and idle until killed.

  idle_conns.py PORT PATH N [OPEN_TIMEOUT_SECONDS]

Prints "open N" once all N responses have arrived (the caller measures the server then),
or "failed: ..." and exits 1 if fewer than N could be opened in time.
"""
import asyncio
import signal
import sys

# Connects in flight at once: well under the listen backlog (511 in nginx, Netty's default 128
# grows with somaxconn), so no SYN is dropped and retried a second later.
PARALLEL_CONNECTS = 100


async def one(port, request, gate):
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        status = head.split(b" ", 2)[1]
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        await reader.readexactly(length)
        if status != b"200":
            raise OSError("status " + status.decode())
        return reader, writer


async def run(port, path, n, timeout):
    request = ("GET %s HTTP/1.1\r\nHost: bench\r\nUser-Agent: pier-bench\r\n\r\n" % path).encode()
    gate = asyncio.Semaphore(PARALLEL_CONNECTS)
    tasks = [asyncio.ensure_future(one(port, request, gate)) for _ in range(n)]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for t in pending:
        t.cancel()
    opened = [t.result() for t in done if not t.cancelled() and t.exception() is None]
    errors = [t.exception() for t in done if not t.cancelled() and t.exception() is not None]
    if len(opened) < n:
        first = repr(errors[0]) if errors else "timeout"
        print("failed: %d of %d connections open (%s)" % (len(opened), n, first), flush=True)
        return 1
    print("open %d" % n, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    for _, writer in opened:
        writer.close()
    return 0


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    timeout = float(argv[4]) if len(argv) == 5 else 60.0
    return asyncio.run(run(int(argv[1]), argv[2], int(argv[3]), timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
