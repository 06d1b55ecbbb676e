#!/usr/bin/python3
# bench-delay-proxy.py — a TCP proxy on loopback that adds a fixed delay in
# each direction, for bench-send.sh's BENCH_PROXY mode: a mail server 25 ms
# (round trip) away, with the same path for Herald and for smtp-source.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench-delay-proxy.py LISTEN_PORT TARGET_PORT [DELAY_MS]
#        bench-delay-proxy.py --probe PORT
# Listens on 127.0.0.1:LISTEN_PORT; every accepted connection gets its own
# connection to 127.0.0.1:TARGET_PORT. Each chunk read from either side is
# written to the other DELAY_MS (default 12.5) milliseconds after it was
# read, in the order it was read; the delay is a latency, not a bandwidth
# limit (later chunks are not held up by earlier ones beyond that). An end of
# stream is passed on after the same delay. Only 127.0.0.1 is used.
# Prints "ready" on stdout once it listens.
# --probe times 20 SMTP NOOPs on one connection to 127.0.0.1:PORT (after the
# greeting and an EHLO) and prints their median and longest round trip, to
# check what the proxy gives on a loaded machine.

import asyncio
import socket
import sys
import time

HOST = '127.0.0.1'
CHUNK = 65536


async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk delay seconds after it arrived."""
    queue = asyncio.Queue()

    async def read_side():
        # An error (a reset) ends the stream like an end of file would.
        try:
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    break
                queue.put_nowait((time.monotonic() + delay, data))
        except OSError:
            pass
        queue.put_nowait((time.monotonic() + delay, b''))

    async def write_side():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    reading = asyncio.ensure_future(read_side())
    try:
        await write_side()
    except OSError:
        pass
    finally:
        reading.cancel()


async def handle(client_reader, client_writer, target_port, delay):
    try:
        server_reader, server_writer = await asyncio.open_connection(HOST, target_port)
    except OSError:
        client_writer.close()
        return
    for w in (client_writer, server_writer):
        sock = w.get_extra_info('socket')
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        await asyncio.gather(pump(client_reader, server_writer, delay),
                             pump(server_reader, client_writer, delay))
    finally:
        for w in (client_writer, server_writer):
            try:
                w.close()
            except OSError:
                pass


# The handlers' tasks, held here: asyncio keeps only weak references to them
# once their connection is lost.
HANDLERS = set()


def accept(reader, writer, target_port, delay):
    task = asyncio.ensure_future(handle(reader, writer, target_port, delay))
    HANDLERS.add(task)
    task.add_done_callback(HANDLERS.discard)


async def main():
    listen_port = int(sys.argv[1])
    target_port = int(sys.argv[2])
    delay = (float(sys.argv[3]) if len(sys.argv) > 3 else 12.5) / 1000.0
    server = await asyncio.start_server(
        lambda r, w: accept(r, w, target_port, delay), HOST, listen_port,
        backlog=256)
    print('ready', flush=True)
    async with server:
        await server.serve_forever()


def probe(port, count=20):
    with socket.create_connection((HOST, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        stream = sock.makefile('rb')

        def reply():
            while True:
                line = stream.readline()
                if not line or line[3:4] != b'-':
                    return line

        reply()
        sock.sendall(b'EHLO probe.example\r\n')
        reply()
        times = []
        for _ in range(count):
            start = time.monotonic()
            sock.sendall(b'NOOP\r\n')
            reply()
            times.append((time.monotonic() - start) * 1000)
        sock.sendall(b'QUIT\r\n')
        reply()
    times.sort()
    print('round trip %.1f ms median, %.1f ms longest (%d NOOPs)'
          % (times[len(times) // 2], times[-1], count))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--probe':
        probe(int(sys.argv[2]))
        sys.exit(0)
    if len(sys.argv) not in (3, 4):
        sys.exit('usage: bench-delay-proxy.py LISTEN_PORT TARGET_PORT [DELAY_MS]\n'
                 '       bench-delay-proxy.py --probe PORT')
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
