#!/usr/bin/python3
# fault-smtp-server.py — an SMTP server that misbehaves on request, for
# Herald's sender tests. Plain SMTP on loopback, no TLS, no AUTH.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The local part of each RCPT TO address selects what happens:
#
#   t421-…        RCPT → "421 4.7.0 Too many connections, slow down" and the
#                 server closes the connection (mid-session)
#   t451-…        RCPT → "451 4.3.0 Temporary local problem, try again later"
#   t451s-…       end of DATA → "451 4.7.1 Rate limited, please slow down"
#   t452-…        RCPT → "452 4.2.2 Mailbox full"
#   p550-…        RCPT → "550 5.1.1 <addr>: Recipient address rejected: User unknown"
#   p554-…        MAIL accepted, RCPT → "554 5.7.1 Relay access denied" (policy)
#   rst-data-…    DATA → connection reset instead of the 354: lost before
#                 the end of data, with nothing of the message sent. (A reset
#                 in the middle of the data is not reproducible with small
#                 messages: the client has usually written the final dot
#                 into the socket already, and then "uncertain" is right.)
#   rst-dot-…     after the final dot: connection reset, no reply
#   stall-rcpt-…  RCPT: no reply, ever (the connection stays open)
#   stall-dot-…   after the final dot: no reply, ever
#   once-FAULT-…  FAULT on the first attempt for this address, then accepted
#   anything else accepted: 250, stored in the Maildir
#
# Usage: fault-smtp-server.py MAILDIR LOG
# Prints "PORT <n>" on stdout when it listens. LOG gets one JSON object a
# line: {"t": unix time, "event": ..., "rcpt": ..., ...}; "event" is
# "accepted" (with "message_id") or the fault that fired.

import asyncio
import email.parser
import json
import mailbox
import os
import signal
import socket
import struct
import sys
import time

from smtpsession import commands, other_command, read_data

FAULTS_AT_RCPT = {
    't421': b'421 4.7.0 Too many connections, slow down\r\n',
    't451': b'451 4.3.0 Temporary local problem, try again later\r\n',
    't452': b'452 4.2.2 Mailbox full\r\n',
    'p554': b'554 5.7.1 Relay access denied\r\n',
}


class Server:
    def __init__(self, maildir, log_path):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.log = open(log_path, 'a', buffering=1)
        self.seen = set()      # addresses whose once- fault already fired

    def record(self, event, **fields):
        fields.update(t=time.time(), event=event)
        self.log.write(json.dumps(fields) + '\n')

    def fault_of(self, rcpt):
        local = rcpt.split('@', 1)[0].lower()
        if local.startswith('once-'):
            if rcpt in self.seen:
                return None
            self.seen.add(rcpt)
            local = local[len('once-'):]
        for fault in ('stall-rcpt', 'stall-dot', 'rst-data', 'rst-dot', 't451s',
                      't421', 't451', 't452', 'p550', 'p554'):
            if local.startswith(fault + '-') or local == fault:
                return fault
        return None

    async def session(self, reader, writer):
        sock = writer.get_extra_info('socket')

        def reset():
            # SO_LINGER 0: close() sends RST, as a crashed server would.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            writer.transport.abort()

        async def reply(text):
            writer.write(text)
            await writer.drain()

        try:
            await reply(b'220 fault.test ESMTP fault injector\r\n')
            mail_from, rcpts, faults = None, [], []
            async for line, verb in commands(reader):
                if verb in (b'EHLO', b'HELO'):
                    await reply(b'250-fault.test\r\n250-8BITMIME\r\n250-SIZE 52428800\r\n250 SMTPUTF8\r\n'
                                if verb == b'EHLO' else b'250 fault.test\r\n')
                elif verb == b'MAIL':
                    mail_from, rcpts, faults = line, [], []
                    await reply(b'250 2.1.0 Ok\r\n')
                elif verb == b'RCPT':
                    rcpt = line.decode('utf-8', 'replace').split(':', 1)[1].strip()
                    rcpt = rcpt.split('>', 1)[0].lstrip('<')
                    fault = self.fault_of(rcpt)
                    if fault is not None:
                        self.record(fault, rcpt=rcpt)
                    if fault == 'stall-rcpt':
                        await asyncio.sleep(3600)
                        return
                    if fault == 'p550':
                        await reply(('550 5.1.1 <%s>: Recipient address rejected: User unknown\r\n'
                                     % rcpt).encode())
                        continue
                    if fault in FAULTS_AT_RCPT:
                        await reply(FAULTS_AT_RCPT[fault])
                        if fault == 't421':
                            writer.close()
                            return
                        continue
                    rcpts.append(rcpt)
                    faults.append(fault)
                    await reply(b'250 2.1.5 Ok\r\n')
                elif verb == b'DATA':
                    if not rcpts:
                        await reply(b'554 5.5.1 Error: no valid recipients\r\n')
                        continue
                    if 'rst-data' in faults:
                        reset()
                        return
                    data = await read_data(reader, reply)
                    if data is None:
                        return
                    if 'rst-dot' in faults:
                        reset()
                        return
                    if 'stall-dot' in faults:
                        await asyncio.sleep(3600)
                        return
                    if 't451s' in faults:
                        await reply(b'451 4.7.1 Rate limited, please slow down\r\n')
                        continue
                    msg = email.parser.BytesParser().parsebytes(bytes(data), headersonly=True)
                    self.maildir.add(bytes(data))
                    for rcpt in rcpts:
                        self.record('accepted', rcpt=rcpt, message_id=msg.get('Message-ID'))
                    await reply(b'250 2.0.0 Ok: queued\r\n')
                elif verb == b'RSET':
                    mail_from, rcpts, faults = None, [], []
                    await reply(b'250 2.0.0 Ok\r\n')
                elif await other_command(verb, reply, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return


async def main():
    server = Server(sys.argv[1], sys.argv[2])
    listener = await asyncio.start_server(server.session, '127.0.0.1', 0)
    port = listener.sockets[0].getsockname()[1]
    print('PORT %d' % port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with listener:
        await stop.wait()


if __name__ == '__main__':
    asyncio.run(main())
