#!/usr/bin/python3
# smtp-tls-server.py — a real SMTP server (aiosmtpd) on loopback that
# requires STARTTLS (or speaks implicit TLS) and AUTH, and saves each
# message's bytes, exactly as received, into a Maildir. For Herald's
# transport tests.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: smtp-tls-server.py --maildir DIR --cert PEM --key PEM --log FILE
#                           [--user U --password P] [--token T] [--implicit-tls]
# Prints "PORT <n>" on stdout when it listens; stops on SIGTERM or when
# stdin closes. LOG gets one line per event: "EHLO <name>", "AUTH ok|fail
# <user>", "DATA <mail from> <rcpt> <bytes>".

import argparse
import base64
import mailbox
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult


class Handler:
    def __init__(self, maildir, log, user=None, token=None):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.log = log
        self.lock = threading.Lock()
        self.user = user
        self.token = token

    def note(self, line):
        with self.lock:
            self.log.write(line + '\n')
            self.log.flush()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.note('EHLO %s' % hostname)
        return responses

    # XOAUTH2 (Google's and Microsoft's OAuth 2.0 SASL mechanism): the
    # initial response is base64 of "user=U^Aauth=Bearer T^A^A". aiosmtpd
    # picks up any handler method named auth_<MECHANISM>.
    async def auth_XOAUTH2(self, server, args):
        if len(args) > 1:
            blob = args[1].encode('ascii')
        else:
            blob = await server.challenge_auth('', encode_to_b64=False)
            if blob is MISSING:
                return AuthResult(success=False, handled=False)
        try:
            fields = base64.b64decode(blob, validate=True).split(b'\x01')
        except ValueError:
            fields = []
        values = dict(f.split(b'=', 1) for f in fields if b'=' in f)
        ok = (self.token is not None and
              values.get(b'user') == self.user.encode() and
              values.get(b'auth') == b'Bearer ' + self.token.encode())
        self.note('AUTH %s XOAUTH2 %s' % ('ok' if ok else 'fail',
                                         values.get(b'user', b'').decode('utf-8', 'replace')))
        return AuthResult(success=ok, handled=False)

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content
        if isinstance(data, str):
            data = data.encode('utf-8', 'surrogateescape')
        with self.lock:
            self.maildir.add(data)
        self.note('DATA %s %s %d' % (envelope.mail_from, ','.join(envelope.rcpt_tos), len(data)))
        return '250 2.0.0 Ok: queued'


def free_port():
    # aiosmtpd's Controller cannot take port 0 (its readiness probe
    # connects to the port it was given): find one first.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--maildir', required=True)
    ap.add_argument('--cert', required=True)
    ap.add_argument('--key', required=True)
    ap.add_argument('--log', required=True)
    ap.add_argument('--user', default='herald')
    ap.add_argument('--password', default='secret')
    ap.add_argument('--token', default=None, help='accept XOAUTH2 with this bearer token')
    ap.add_argument('--implicit-tls', action='store_true')
    args = ap.parse_args()

    log = open(args.log, 'a', buffering=1)
    handler = Handler(args.maildir, log, args.user, args.token)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (getattr(auth_data, 'login', None) == args.user.encode() and
              getattr(auth_data, 'password', None) == args.password.encode())
        handler.note('AUTH %s %s %s' % ('ok' if ok else 'fail', mechanism,
                                        getattr(auth_data, 'login', b'').decode('utf-8', 'replace')))
        # aiosmtpd 1.4.3: handled=False, or a failed login gets no reply.
        return AuthResult(success=ok, handled=False)

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert, args.key)

    port = free_port()
    kwargs = dict(hostname='127.0.0.1', port=port, server_hostname='localhost',
                  auth_required=True, authenticator=authenticator,
                  data_size_limit=64 * 1024 * 1024)
    if args.implicit_tls:
        kwargs.update(ssl_context=ctx, auth_require_tls=False)
    else:
        kwargs.update(tls_context=ctx, require_starttls=True, auth_require_tls=True)
    controller = Controller(handler, **kwargs)
    controller.start()

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())

    def watch_stdin():
        try:
            sys.stdin.read()
        finally:
            done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print('PORT %d' % port, flush=True)
    done.wait()
    controller.stop()
    os._exit(0)


if __name__ == '__main__':
    main()
