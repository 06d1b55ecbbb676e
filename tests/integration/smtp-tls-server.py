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
#                           [--token-file F] [--refuse-file F]
# Prints "PORT <n>" on stdout when it listens; stops on SIGTERM or when
# stdin closes. LOG gets one line per event: "EHLO <name>", "AUTH ok|fail
# <user>", "DATA <mail from> <rcpt> <bytes>".
# --token-file: XOAUTH2 also takes any token listed there ("TOKEN EXPIRY"
# lines, as oauth-server.py writes them) until its expiry; a refused token
# gets the providers' answer: 334 with a JSON error, then 535.
# --refuse-file: while that file holds a number N > 0, the next N XOAUTH2
# logins are refused whatever the token (N counts down): a server whose
# view of the token is not the authorization server's.

import argparse
import json
import base64
import mailbox
import os
import signal
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult


class Handler:
    def __init__(self, maildir, log, user=None, token=None, token_file=None, refuse_file=None):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.log = log
        self.lock = threading.Lock()
        self.user = user
        self.token = token
        self.token_file = token_file
        self.refuse_file = refuse_file

    def refuse_now(self):
        try:
            with open(self.refuse_file) as f:
                left = int(f.read().strip() or '0')
        except (OSError, ValueError, TypeError):
            return False
        if left <= 0:
            return False
        with open(self.refuse_file, 'w') as f:
            f.write('%d\n' % (left - 1))
        return True

    def token_ok(self, bearer):
        if self.token is not None and bearer == b'Bearer ' + self.token.encode():
            return True
        if self.token_file is None or not bearer.startswith(b'Bearer '):
            return False
        now = time.time()
        try:
            with open(self.token_file) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) == 2 and parts[0].encode() == bearer[7:] and int(parts[1]) > now:
                        return True
        except OSError:
            pass
        return False

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
        ok = (values.get(b'user') == self.user.encode() and
              self.token_ok(values.get(b'auth', b'')) and not self.refuse_now())
        self.note('AUTH %s XOAUTH2 %s' % ('ok' if ok else 'fail',
                                         values.get(b'user', b'').decode('utf-8', 'replace')))
        if not ok and self.token_file is not None:
            # As Gmail does: the reason as a 334 challenge; the client
            # answers (libcurl: an empty response) and then gets 535.
            await server.challenge_auth(json.dumps({'status': '401', 'schemes': 'bearer',
                                                    'scope': 'https://mail.google.com/'}).encode())
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
    ap.add_argument('--token-file', default=None, help='accept XOAUTH2 with the tokens listed here')
    ap.add_argument('--refuse-file', default=None, help='refuse as many XOAUTH2 logins as it says')
    args = ap.parse_args()

    log = open(args.log, 'a', buffering=1)
    handler = Handler(args.maildir, log, args.user, args.token, args.token_file, args.refuse_file)

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
