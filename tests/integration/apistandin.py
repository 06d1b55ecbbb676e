# apistandin.py — what the loopback HTTPS stand-ins for the providers' APIs
# share (ses-server.py, mailgun-server.py, sendgrid-server.py): the TLS server, the records of
# what was accepted, the faults chosen by the recipient.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Records in DIR: each accepted message as NNNN.eml (the raw bytes; for
# SendGrid, which takes fields, the request as NNNN.json), a line
# "NNNN<TAB>recipient<TAB>sender<TAB>id" of accepted.log, and a line
# "recipient<TAB>what happened" of requests.log for every request that was
# authenticated.
#
# Faults, by the recipient's local part:
#   t429-…   429 (slow down)
#   t500-…   500
#   bad-…    400 naming the recipient
#   drop-…   the whole request read, then the connection closed unanswered
#   stall-…  the whole request read, then no answer for 30 s
#
# The provider's suppression lists (GET, served by each stand-in in its
# provider's shape): the test writes DIR/suppressions.json, {list name:
# [addresses]}, read again at every request. Each page holds at most PAGE
# items whatever the request asks (the real services allow hundreds), so
# that paging is exercised with a few addresses. Faults for these
# requests: the test writes DIR/pull-faults, one HTTP status a line; each
# authenticated list request takes the first line off and answers that
# status instead (429 with Retry-After: 1). Each list request is a line
# "path?query<TAB>status" of pulls.log.

import http.server
import json
import os
import socket
import ssl
import sys
import threading
import time


PAGE = 2


class Records:
    def __init__(self, folder):
        self.dir = folder
        self.lock = threading.Lock()
        self.count = 0
        os.makedirs(folder, exist_ok=True)

    def log(self, name, line):
        with self.lock, open(os.path.join(self.dir, name), 'a', encoding='utf-8') as f:
            f.write(line + '\n')

    def accept(self, rcpt, sender, raw, make_id, ext='eml'):
        with self.lock:
            self.count += 1
            n = self.count
        message_id = make_id(n)
        with open(os.path.join(self.dir, '%04d.%s' % (n, ext)), 'wb') as f:
            f.write(raw)
        self.log('accepted.log', '%04d\t%s\t%s\t%s' % (n, rcpt, sender, message_id))
        self.log('requests.log', '%s\t200' % rcpt)
        return message_id


def suppressions(records, name):
    """The addresses of the provider's list @name, as the test wrote them."""
    path = os.path.join(records.dir, 'suppressions.json')
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return json.load(f).get(name, [])


def pull_fault(records, handler, refuse):
    """Plays the next fault of DIR/pull-faults, if any: True when it did.
    @refuse(status, words) answers in the provider's own shape."""
    path = os.path.join(records.dir, 'pull-faults')
    with records.lock:
        if not os.path.exists(path):
            return False
        with open(path, encoding='utf-8') as f:
            lines = [line.strip() for line in f if line.strip()]
        if not lines:
            return False
        with open(path, 'w', encoding='utf-8') as f:
            f.write(''.join(line + '\n' for line in lines[1:]))
    status = int(lines[0])
    records.log('pulls.log', '%s\t%d' % (handler.path, status))
    refuse(status, {401: 'Unauthorized', 429: 'Too many requests', 500: 'Internal error',
                    503: 'Service unavailable'}.get(status, 'Fault'))
    return True


def fault(handler, records, rcpt, refuse):
    """Plays the recipient's fault, if it has one: True when it did.
    @refuse(status, kind, words) answers in the provider's own shape."""
    local = rcpt.split('@')[0]
    if local.startswith('t429-'):
        records.log('requests.log', '%s\t429' % rcpt)
        refuse(429, 'throttled', 'Too many requests: maximum sending rate exceeded.')
    elif local.startswith('t500-'):
        records.log('requests.log', '%s\t500' % rcpt)
        refuse(500, 'internal', 'Internal failure.')
    elif local.startswith('bad-'):
        records.log('requests.log', '%s\t400' % rcpt)
        refuse(400, 'bad-address', 'Illegal address: %s' % rcpt)
    elif local.startswith('drop-'):
        records.log('requests.log', '%s\tdropped' % rcpt)
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)
    elif local.startswith('stall-'):
        records.log('requests.log', '%s\tstalled' % rcpt)
        time.sleep(30)
        handler.close_connection = True
    else:
        return False
    return True


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def send(self, status, content_type, data, headers=()):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        return self.rfile.read(int(self.headers.get('Content-Length', '0')))


def serve(handler_class, cert, key):
    """Serves on a free loopback port, prints "PORT n", stops when standard
    input closes."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def get_request(self):
            sock, addr = super().get_request()
            return context.wrap_socket(sock, server_side=True), addr

    server = Server(('127.0.0.1', 0), handler_class)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print('PORT %d' % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()
