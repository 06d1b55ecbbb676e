#!/usr/bin/python3
# kill-smtp-server.py — an SMTP server on loopback that says when to kill
# the sender, at an exact point of the protocol, and logs when it received
# the end of each message's data. For Herald's crash test.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: kill-smtp-server.py LOG
# Prints "PORT <n>" on stdout when it listens. Commands on stdin, one a
# line:
#   plan PHASE N   the N-th message from now (counted at MAIL, over all
#                  connections) triggers at PHASE:
#                    mail      its MAIL command came: no reply
#                    data      its DATA command came: no 354
#                    mid-data  the first message from then on that is
#                              larger than 100 kB: after 100 kB of its
#                              data the server stops reading that
#                              connection (a message larger than the
#                              sockets' buffers then stays incomplete: the
#                              client cannot hand over its last bytes)
#                    dot       its final dot came: no reply
#                  On the trigger the server prints "TRIGGERED" and holds:
#                  it goes on reading every other connection but sends no
#                  reply on any, so each sending thread ends up waiting for
#                  a reply at a known point; the test then kills the sender.
#   plan none      no trigger, no holding: an ordinary server again (the
#                  connection stopped in its data is read on)
#   idle           wait (up to 20 s) until every connection has closed and
#                  all it sent has been read and logged
# Each command is answered with "OK" on stdout.
#
# LOG gets one JSON object a line: {"t", "event", "message_id", "rcpt"}:
# "eod" when the final dot of a message came (whether or not it was
# answered: a real server would deliver it), "accepted" when it was
# answered 250, "trigger" with the phase.

import asyncio
import email.parser
import json
import socket
import sys
import time

from smtpsession import commands, other_command, read_data


class Server:
    def __init__(self, log_path):
        self.log = open(log_path, 'a', buffering=1)
        self.phase = None
        self.countdown = 0
        self.hold = asyncio.Event()      # set: replies go out
        self.hold.set()
        self.sessions = 0

    def record(self, event, **fields):
        fields.update(t=time.time(), event=event)
        self.log.write(json.dumps(fields) + '\n')

    def trigger(self, phase):
        self.record('trigger', phase=phase)
        self.hold.clear()
        self.phase = None
        print('TRIGGERED', flush=True)

    async def command(self, line):
        words = line.split()
        if words == ['idle']:
            deadline = time.time() + 20
            while self.sessions > 0 and time.time() < deadline:
                await asyncio.sleep(0.05)
        elif words[:2] == ['plan', 'none']:
            self.phase = None
            self.hold.set()
        elif len(words) == 3 and words[0] == 'plan':
            self.phase, self.countdown = words[1], int(words[2])
            self.hold.set()
        print('OK', flush=True)

    async def mid_data(self, data):
        if self.phase == 'mid-data' and self.countdown <= 0 and len(data) > 100000:
            self.trigger('mid-data')
            # Read no more of this connection until the hold ends: the
            # client's buffers fill and it waits. Then read on, as a
            # server would.
            await self.hold.wait()

    async def session(self, reader, writer):
        async def reply(text):
            await self.hold.wait()
            writer.write(text)
            await writer.drain()

        target = False
        self.sessions += 1
        try:
            await reply(b'220 kill.test ESMTP\r\n')
            rcpts = []
            async for line, verb in commands(reader):
                if verb in (b'EHLO', b'HELO'):
                    await reply(b'250-kill.test\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n'
                                if verb == b'EHLO' else b'250 kill.test\r\n')
                elif verb == b'MAIL':
                    rcpts = []
                    target = False
                    if self.phase is not None:
                        self.countdown -= 1
                        target = self.countdown == 0
                    if target and self.phase == 'mail':
                        self.trigger('mail')
                    await reply(b'250 2.1.0 Ok\r\n')
                elif verb == b'RCPT':
                    rcpts.append(line.decode('utf-8', 'replace').split(':', 1)[1].strip().strip('<>'))
                    await reply(b'250 2.1.5 Ok\r\n')
                elif verb == b'DATA':
                    if target and self.phase == 'data':
                        self.trigger('data')
                    data = await read_data(reader, reply, self.mid_data)
                    if data is None:
                        return
                    head = bytes(data[:data.find(b'\r\n\r\n') + 2])
                    mid = email.parser.BytesParser().parsebytes(head, headersonly=True).get('Message-ID')
                    self.record('eod', message_id=mid, rcpt=rcpts[0] if rcpts else None)
                    if target and self.phase == 'dot':
                        self.trigger('dot')
                    await reply(b'250 2.0.0 Ok: queued\r\n')
                    self.record('accepted', message_id=mid)
                elif await other_command(verb, reply, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self.sessions -= 1


async def main():
    server = Server(sys.argv[1])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Small receive buffers (inherited by the accepted sockets): a large
    # message the server stops reading stays in the client's hands.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    sock.bind(('127.0.0.1', 0))
    listener = await asyncio.start_server(server.session, sock=sock, limit=1 << 20)
    print('PORT %d' % sock.getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    async with listener:
        while True:
            line = await stdin.readline()
            if not line:
                return
            await server.command(line.decode())


if __name__ == '__main__':
    asyncio.run(main())
