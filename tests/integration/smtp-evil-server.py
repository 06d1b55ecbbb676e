#!/usr/bin/python3
# smtp-evil-server.py — a raw-socket SMTP server on loopback that breaks
# the protocol on purpose, for Herald's transport tests. It writes every
# line the client sends to a log, so a test can prove what was (not) sent.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: smtp-evil-server.py MODE LOG [--cert PEM --key PEM]
# Prints "PORT <n>" on stdout when it listens; stops on SIGTERM or when
# stdin closes. LOG gets "C: <line>" for each client line (repr() for
# bytes that are not text) and "S: <line>" for what the server wrote.
#
# MODE:
#   ok              accept everything (plain text)
#   no-starttls     EHLO without STARTTLS (but with AUTH): a client that
#                   requires STARTTLS must give up before AUTH or MAIL
#   inject          STARTTLS → "220 Ready\r\n250 injected\r\n" in one packet,
#                   then TLS (needs --cert/--key)
#   stall-greeting  accept the connection, never say anything
#   greet421        greet with "421 4.3.2 Try again later" and close
#   greet421-once   that on the first connection only, then as ok
#   smtputf8        accept everything, and EHLO offers SMTPUTF8
#   starttls454     EHLO offers STARTTLS, which gets "454 4.7.0 TLS not
#                   available due to temporary reason"
#   stall-mail      greet, answer EHLO and NOOP, never answer MAIL
#   stall-dot       accept the message, never answer the final dot
#   stall-quit      accept everything, never answer QUIT
#   reset-data      reset the connection while the message comes
#   reset-dot       reset the connection after the final dot, no reply
#   rcpt550         RCPT → 550 5.1.1 unknown user
#   mail530         MAIL → 530 5.7.0 authentication required
#   dot451          final dot → 451 4.7.1 try again later
#   dot554          final dot → 554-5.7.1 two-line refusal

import signal
import socket
import ssl
import struct
import sys
import threading

MODE = sys.argv[1]
LOG = open(sys.argv[2], 'a', buffering=1)
CERT = KEY = None
if '--cert' in sys.argv:
    CERT = sys.argv[sys.argv.index('--cert') + 1]
    KEY = sys.argv[sys.argv.index('--key') + 1]
LOCK = threading.Lock()
CONNECTIONS = [0]


def note(prefix, data):
    try:
        text = data.decode('ascii')
        if any(ord(c) < 32 and c not in '\r\n\t' for c in text):
            raise ValueError
        text = text.rstrip('\r\n')
    except (UnicodeDecodeError, ValueError):
        text = repr(data)
    with LOCK:
        LOG.write('%s %s\n' % (prefix, text))


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b''

    def send(self, data):
        note('S:', data)
        self.sock.sendall(data)

    def line(self):
        while b'\n' not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                if self.buf:
                    note('C:', self.buf)
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        note('C:', line + b'\n')
        return line.rstrip(b'\r')

    def reset(self):
        # SO_LINGER with 0: close sends RST, not FIN.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        self.sock.close()

    def wait_forever(self):
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass


def ehlo_reply(starttls, auth, smtputf8=False):
    lines = ['250-localhost', '250-PIPELINING', '250-8BITMIME', '250-SIZE 52428800']
    if smtputf8:
        lines.append('250-SMTPUTF8')
    if starttls:
        lines.append('250-STARTTLS')
    if auth:
        lines.append('250-AUTH PLAIN LOGIN')
    lines.append('250 ENHANCEDSTATUSCODES')
    return ('\r\n'.join(lines) + '\r\n').encode()


def session(sock, number):
    c = Conn(sock)
    if MODE == 'stall-greeting':
        c.wait_forever()
        return
    if MODE == 'greet421' or (MODE == 'greet421-once' and number == 1):
        c.send(b'421 4.3.2 Try again later\r\n')
        c.sock.close()
        return
    c.send(b'220 localhost ESMTP evil\r\n')
    in_data = False
    while True:
        if in_data:
            if MODE == 'reset-data':
                c.sock.recv(10)
                c.reset()
                return
            line = c.line()
            if line is None:
                return
            if line == b'.':
                in_data = False
                if MODE == 'stall-dot':
                    c.wait_forever()
                    return
                if MODE == 'reset-dot':
                    c.reset()
                    return
                if MODE == 'dot451':
                    c.send(b'451 4.7.1 Try again later\r\n')
                elif MODE == 'dot554':
                    c.send(b'554-5.7.1 Message refused:\r\n554 5.7.1 looks like spam\r\n')
                else:
                    c.send(b'250 2.0.0 Ok: queued\r\n')
            continue
        line = c.line()
        if line is None:
            return
        verb = line.split(b' ', 1)[0].upper()
        if verb in (b'EHLO', b'HELO'):
            c.send(ehlo_reply(MODE in ('inject', 'starttls454'),
                              MODE not in ('ok', 'greet421', 'greet421-once', 'smtputf8'),
                              MODE == 'smtputf8'))
        elif verb == b'STARTTLS' and MODE == 'starttls454':
            c.send(b'454 4.7.0 TLS not available due to temporary reason\r\n')
        elif verb == b'STARTTLS' and MODE == 'inject':
            c.send(b'220 Ready\r\n250 injected\r\n')
            try:
                ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                ctx.load_cert_chain(CERT, KEY)
                tls = ctx.wrap_socket(c.sock, server_side=True)
                c.sock = tls
            except (OSError, ssl.SSLError) as e:
                note('S:', ('TLS failed: %s' % e).encode())
                return
        elif verb == b'NOOP':
            c.send(b'250 2.0.0 Ok\r\n')
        elif verb == b'MAIL':
            if MODE == 'stall-mail':
                c.wait_forever()
                return
            if MODE == 'mail530':
                c.send(b'530 5.7.0 Authentication required\r\n')
            else:
                c.send(b'250 2.1.0 Ok\r\n')
        elif verb == b'RCPT':
            if MODE == 'rcpt550':
                c.send(b'550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\r\n')
            else:
                c.send(b'250 2.1.5 Ok\r\n')
        elif verb == b'DATA':
            c.send(b'354 End data with <CR><LF>.<CR><LF>\r\n')
            in_data = True
        elif verb == b'RSET':
            c.send(b'250 2.0.0 Ok\r\n')
        elif verb == b'QUIT':
            if MODE == 'stall-quit':
                c.wait_forever()
                return
            c.send(b'221 2.0.0 Bye\r\n')
            c.sock.close()
            return
        elif verb == b'AUTH':
            c.send(b'235 2.7.0 Authentication successful\r\n')
        else:
            c.send(b'502 5.5.2 Command not recognised\r\n')


def serve(sock, number):
    try:
        session(sock, number)
    except OSError as e:
        note('S:', ('connection error: %s' % e).encode())
    finally:
        try:
            sock.close()
        except OSError:
            pass


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(16)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))

    def watch_stdin():
        sys.stdin.read()
        listener.close()
        import os
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print('PORT %d' % listener.getsockname()[1], flush=True)
    while True:
        try:
            sock, _ = listener.accept()
        except OSError:
            return
        note('S:', b'-- connection --')
        CONNECTIONS[0] += 1
        threading.Thread(target=serve, args=(sock, CONNECTIONS[0]), daemon=True).start()


if __name__ == '__main__':
    main()
