#!/usr/bin/python3
# maildir-smtp-server.py — aiosmtpd on loopback saving every message into a
# Maildir and logging when it arrived, for Herald's crash and pacing tests.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: maildir-smtp-server.py MAILDIR LOG [REFUSE_AFTER]
# Prints "PORT <n>" on stdout when it listens; stops on SIGTERM. LOG gets
# one line per message: "<unix time at end of data> <rcpt> <message-id>".
# The message is in the Maildir before the 250 reply leaves. With
# REFUSE_AFTER, once it has taken that many messages it refuses every
# sender with 554 5.7.1, as a provider does for an account it stopped
# (quota reached, sending disabled).

import email.parser
import mailbox
import signal
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, maildir, log_path, refuse_after=None):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.log = open(log_path, 'a', buffering=1)
        self.lock = threading.Lock()
        self.refuse_after = refuse_after
        self.taken = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock:
            if self.refuse_after is not None and self.taken >= self.refuse_after:
                return '554 5.7.1 Sending disabled for this account: daily quota reached'
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode('utf-8', 'surrogateescape')
        headers = email.parser.BytesParser().parsebytes(data, headersonly=True)
        with self.lock:
            self.maildir.add(data)
            self.taken += 1
            for rcpt in envelope.rcpt_tos:
                self.log.write('%.6f %s %s\n' % (now, rcpt, headers.get('Message-ID', '-')))
        return '250 2.0.0 Ok: queued'


def free_port():
    # aiosmtpd's Controller cannot take port 0 (its readiness probe connects
    # to the port it was given): pick one, then hand it over.
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    handler = Handler(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
    controller = Controller(handler, hostname='127.0.0.1', port=free_port(),
                            server_hostname='localhost', decode_data=False)
    controller.start()
    print('PORT %d' % controller.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()


if __name__ == '__main__':
    main()
