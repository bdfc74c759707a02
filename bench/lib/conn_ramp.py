"""What bench/lib/idle_conns.py and bench/lib/ws.py share: opening N connections to 127.0.0.1 a bounded number at
a time, reading an HTTP response head, and holding what was opened until SIGTERM or SIGINT.
"""
import asyncio
import signal

# Connects in flight at once: well under the listen backlog (511 in nginx, Netty's default 128
# grows with somaxconn), so no SYN is dropped and retried a second later.
PARALLEL_CONNECTS = 100


async def read_head(reader):
    """A response (or request) head: its first line and its header fields, names in lower case."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


async def ramp(n, open_one, timeout):
    """Runs open_one(index, gate) for every index below n, giving up after timeout seconds; open_one holds the gate
    (PARALLEL_CONNECTS at once) while it connects. Returns what the calls that succeeded returned, the errors of
    those that failed, and how many were still under way at the timeout."""
    gate = asyncio.Semaphore(PARALLEL_CONNECTS)
    tasks = [asyncio.ensure_future(open_one(i, gate)) for i in range(n)]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for t in pending:
        t.cancel()
    opened = [t.result() for t in done if not t.cancelled() and t.exception() is None]
    errors = [t.exception() for t in done if not t.cancelled() and t.exception() is not None]
    return opened, errors, len(pending)


async def until_stopped():
    """Returns on SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()


async def hold(opened):
    """Keeps the (reader, writer) pairs open and idle until SIGTERM or SIGINT, then closes them."""
    await until_stopped()
    for _, writer in opened:
        writer.close()
