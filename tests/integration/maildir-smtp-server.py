#!/usr/bin/python3
# maildir-smtp-server.py — aiosmtpd on loopback saving every message into a
# Maildir and logging when it arrived, for Herald's crash and pacing tests.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: maildir-smtp-server.py MAILDIR LOG
# Prints "PORT <n>" on stdout when it listens; stops on SIGTERM. LOG gets
# one line per message: "<unix time at end of data> <rcpt> <message-id>".
# The message is in the Maildir before the 250 reply leaves.

import email.parser
import mailbox
import signal
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, maildir, log_path):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.log = open(log_path, 'a', buffering=1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode('utf-8', 'surrogateescape')
        headers = email.parser.BytesParser().parsebytes(data, headersonly=True)
        with self.lock:
            self.maildir.add(data)
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
    handler = Handler(sys.argv[1], sys.argv[2])
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
