#!/usr/bin/env python3
"""WebSocket chores for bench/proxy.sh, on 127.0.0.1 only, standard library only.

  ws.py serve PORT                  a WebSocket echo origin: every upgrade on any path is accepted, text and
                                    binary frames come back as sent, a close is answered, pings get pongs
  ws.py hold PORT PATH N [SECONDS]  opens N WebSocket connections to 127.0.0.1:PORT PATH (through the server
                                    under test), sends one text message on each and waits for its echo, then
                                    keeps every connection open and idle until killed

hold prints one line when it is done opening (or after SECONDS, default 120):
  result requested=N established=E echoed=M seconds=T [error=first error]
and then holds what it established (the caller measures the server), exiting 0 on SIGTERM; it exits 1
without holding when nothing could be established.
"""
import asyncio
import base64
import hashlib
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conn_ramp import hold as hold_open, ramp, read_head, until_stopped  # noqa: E402

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def accept_key(key):
    return base64.b64encode(hashlib.sha1(key + GUID).digest())


async def read_frame(reader):
    """One frame: (fin, opcode, payload), unmasked."""
    b0, b1 = await reader.readexactly(2)
    length = b1 & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", await reader.readexactly(2))
    elif length == 127:
        (length,) = struct.unpack("!Q", await reader.readexactly(8))
    mask = await reader.readexactly(4) if b1 & 0x80 else None
    payload = await reader.readexactly(length)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return b0 & 0x80, b0 & 0x0F, payload


def frame(opcode, payload, masked):
    """One final frame; a client's frames are masked, a server's are not (RFC 6455 5.1)."""
    head = bytes([0x80 | opcode])
    n = len(payload)
    bit = 0x80 if masked else 0
    if n < 126:
        head += bytes([bit | n])
    elif n < 65536:
        head += bytes([bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([bit | 127]) + struct.pack("!Q", n)
    if not masked:
        return head + payload
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


# --- the origin -----------------------------------------------------------------------------------
async def serve_one(reader, writer):
    try:
        _, headers = await read_head(reader)
        key = headers.get("sec-websocket-key")
        if headers.get("upgrade", "").lower() != "websocket" or not key:
            body = b"websocket origin\n"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            await writer.drain()
            return
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Accept: " + accept_key(key.encode()) + b"\r\n\r\n")
        while True:
            _, opcode, payload = await read_frame(reader)
            if opcode == 0x8:
                writer.write(frame(0x8, payload[:2], False))
                await writer.drain()
                return
            writer.write(frame(0xA if opcode == 0x9 else opcode, payload, False))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def serve(port):
    server = await asyncio.start_server(serve_one, "127.0.0.1", port, backlog=1024)
    async with server:
        await until_stopped()
    return 0


# --- the client -----------------------------------------------------------------------------------
async def open_one(port, path, index, gate, echoed):
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16))
        writer.write(b"GET %s HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path.encode(), key))
        status, headers = await read_head(reader)
        if status.split(" ")[1:2] != ["101"] or headers.get("sec-websocket-accept", "").encode() != accept_key(key):
            writer.close()
            raise OSError("no upgrade: " + status)
    message = b"hello %d" % index
    writer.write(frame(0x1, message, True))
    _, opcode, payload = await read_frame(reader)
    if opcode == 0x1 and payload == message:
        echoed.append(index)
    return reader, writer


async def hold(port, path, n, timeout):
    echoed = []
    start = time.monotonic()
    opened, errors, pending = await ramp(n, lambda i, gate: open_one(port, path, i, gate, echoed), timeout)
    line = "result requested=%d established=%d echoed=%d seconds=%.1f" % (n, len(opened), len(echoed), time.monotonic() - start)
    if errors or pending:
        line += " error=%s" % (repr(errors[0]).replace(" ", "_") if errors else "timeout")
    print(line, flush=True)
    if not opened:
        return 1
    await hold_open(opened)
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "serve":
        return asyncio.run(serve(int(argv[2])))
    if len(argv) in (5, 6) and argv[1] == "hold":
        timeout = float(argv[5]) if len(argv) == 6 else 120.0
        return asyncio.run(hold(int(argv[2]), argv[3], int(argv[4]), timeout))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
