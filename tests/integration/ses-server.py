#!/usr/bin/python3
# ses-server.py — a loopback HTTPS stand-in for Amazon SES's API v2
# SendEmail, for tests.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A stand-in, because the real service cannot be reached from a test. It
# checks every request the way SES does and answers the way SES does:
#
# - POST /v2/email/outbound-emails (SendEmail) and GET /v2/email/account
#   (GetAccount: a quota of 50000 a day at 14 a second), else 404;
# - the Authorization header's AWS Signature Version 4 is recomputed here,
#   independently of Herald's signer, with the one secret this server
#   knows, over the headers the request says it signed (host and
#   x-amz-date at least); an unknown access key id is 403
#   UnrecognizedClientException, a wrong signature 403
#   SignatureDoesNotMatch, a date more than 5 minutes away 403 (expired),
#   just as SES answers;
# - the body must be JSON with Content.Raw.Data in base64, and a
#   Destination.ToAddresses of one address.
#
# An accepted message is written, decoded, as DIR/NNNN.eml with its
# recipient on a line of DIR/accepted.log; every request that got that far
# is a line of DIR/requests.log ("recipient<TAB>what happened").
#
# Faults, chosen by the recipient's local part:
#   t429-…   429 TooManyRequestsException (slow down)
#   t500-…   500 InternalFailure
#   bad-…    400 BadRequestException naming the recipient
#   drop-…   the whole request is read, then the connection closed unanswered
#   stall-…  the whole request is read, then no answer for 30 s
#
# Usage: ses-server.py DIR CERT KEY ACCESS_KEY_ID SECRET REGION
# Prints "PORT n" when ready; stops when its standard input closes.

import base64
import datetime
import hashlib
import hmac
import http.server
import json
import os
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse

DIR, CERT, KEY, KEY_ID, SECRET, REGION = sys.argv[1:7]
LOCK = threading.Lock()
COUNTER = [0]


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def uri_encode(text, slash=True):
    safe = '-._~' + ('' if slash else '/')
    return urllib.parse.quote(text, safe=safe)


def canonical_request(method, raw_path, headers, signed, body):
    path, _, query = raw_path.partition('?')
    segments = [s for s in urllib.parse.unquote(path).split('/') if s not in ('', '.')]
    uri = '/' + '/'.join(uri_encode(s) for s in segments)
    if path.endswith('/') and segments:
        uri += '/'
    pairs = sorted((uri_encode(urllib.parse.unquote(k)), uri_encode(urllib.parse.unquote(v)))
                   for k, _, v in (p.partition('=') for p in query.split('&') if p))
    canonical_query = '&'.join('%s=%s' % p for p in pairs)
    lines = []
    for name in signed:
        values = [' '.join(v.split()) for k, v in headers if k.lower() == name]
        lines.append('%s:%s\n' % (name, ','.join(values)))
    return '\n'.join([method, uri, canonical_query, ''.join(lines), ';'.join(signed), sha256_hex(body)])


def signature(secret, date, region, service, string_to_sign):
    key = ('AWS4' + secret).encode()
    for part in (date, region, service, 'aws4_request'):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def log(name, line):
    with LOCK, open(os.path.join(DIR, name), 'a', encoding='utf-8') as f:
        f.write(line + '\n')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def answer(self, status, body, error_type=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.send_header('x-amzn-RequestId', 'req-%d' % time.monotonic_ns())
        if error_type is not None:
            self.send_header('x-amzn-ErrorType', error_type + ':http://internal.amazon.com/coral/com.amazon.coral.service/')
        self.end_headers()
        self.wfile.write(data)

    def check_signature(self, body):
        """None when the request is signed right, else (status, type, message) as SES says it."""
        authz = self.headers.get('Authorization', '')
        m = re.fullmatch(r'AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, '
                         r'SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})', authz)
        if m is None:
            return 403, 'IncompleteSignatureException', 'Authorization header requires a valid signature.'
        key_id, day, region, service, signed, sig = m.groups()
        if key_id != KEY_ID:
            return 403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'
        signed = signed.split(';')
        amz_date = self.headers.get('X-Amz-Date', '')
        try:
            when = datetime.datetime.strptime(amz_date, '%Y%m%dT%H%M%SZ').replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return 403, 'IncompleteSignatureException', 'X-Amz-Date is missing or not valid.'
        if abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) > 300:
            return 403, 'InvalidSignatureException', 'Signature expired: %s is now earlier or later than the allowed time.' % amz_date
        if 'host' not in signed or 'x-amz-date' not in signed or signed != sorted(signed) \
                or day != amz_date[:8] or region != REGION or service != 'ses':
            return 403, 'SignatureDoesNotMatch', 'Credential should be scoped correctly.'
        creq = canonical_request(self.command, self.path, list(self.headers.items()), signed, body)
        sts = '\n'.join(['AWS4-HMAC-SHA256', amz_date, '%s/%s/%s/aws4_request' % (day, region, service),
                         sha256_hex(creq.encode())])
        if not hmac.compare_digest(signature(SECRET, day, region, service, sts), sig):
            return 403, 'SignatureDoesNotMatch', ('The request signature we calculated does not match the '
                                                  'signature you provided. Check your AWS Secret Access Key '
                                                  'and signing method.')
        return None

    def do_GET(self):
        """GetAccount: the account's quota, once the request is signed right."""
        if self.path != '/v2/email/account':
            return self.answer(404, {'message': 'Not found'}, 'NotFoundException')
        refused = self.check_signature(b'')
        if refused is not None:
            status, error_type, message = refused
            return self.answer(status, {'message': message}, error_type)
        with LOCK:
            sent = COUNTER[0]
        self.answer(200, {'DedicatedIpAutoWarmupEnabled': False, 'EnforcementStatus': 'HEALTHY',
                          'ProductionAccessEnabled': True, 'SendingEnabled': True,
                          'SendQuota': {'Max24HourSend': 50000.0, 'MaxSendRate': 14.0,
                                        'SentLast24Hours': float(sent)}})

    def do_POST(self):
        length = int(self.headers.get('Content-Length', '0'))
        body = self.rfile.read(length)
        if self.path != '/v2/email/outbound-emails':
            return self.answer(404, {'message': 'Not found'}, 'NotFoundException')
        refused = self.check_signature(body)
        if refused is not None:
            status, error_type, message = refused
            log('requests.log', '-\t%d %s' % (status, error_type))
            return self.answer(status, {'message': message}, error_type)
        try:
            request = json.loads(body)
            rcpts = request['Destination']['ToAddresses']
            raw = base64.b64decode(request['Content']['Raw']['Data'], validate=True)
            sender = request.get('FromEmailAddress', '')
            assert len(rcpts) == 1
        except (ValueError, KeyError, TypeError, AssertionError):
            log('requests.log', '-\t400 BadRequestException')
            return self.answer(400, {'message': 'The request body is not valid.'}, 'BadRequestException')
        rcpt = rcpts[0]
        local = rcpt.split('@')[0]
        if local.startswith('t429-'):
            log('requests.log', '%s\t429' % rcpt)
            return self.answer(429, {'message': 'Maximum sending rate exceeded.'}, 'TooManyRequestsException')
        if local.startswith('t500-'):
            log('requests.log', '%s\t500' % rcpt)
            return self.answer(500, {'message': 'Internal failure.'}, 'InternalFailure')
        if local.startswith('bad-'):
            log('requests.log', '%s\t400' % rcpt)
            return self.answer(400, {'message': 'Illegal address: %s' % rcpt}, 'BadRequestException')
        if local.startswith('drop-'):
            log('requests.log', '%s\tdropped' % rcpt)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if local.startswith('stall-'):
            log('requests.log', '%s\tstalled' % rcpt)
            time.sleep(30)
            self.close_connection = True
            return
        with LOCK:
            COUNTER[0] += 1
            n = COUNTER[0]
        message_id = '0100018c%08x-fake-ses-%06d' % (n, n)
        with open(os.path.join(DIR, '%04d.eml' % n), 'wb') as f:
            f.write(raw)
        log('accepted.log', '%04d\t%s\t%s\t%s' % (n, rcpt, sender, message_id))
        log('requests.log', '%s\t200' % rcpt)
        self.answer(200, {'MessageId': message_id})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def get_request(self):
        sock, addr = super().get_request()
        return CONTEXT.wrap_socket(sock, server_side=True), addr


CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
CONTEXT.load_cert_chain(CERT, KEY)


def main():
    os.makedirs(DIR, exist_ok=True)
    server = Server(('127.0.0.1', 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print('PORT %d' % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == '__main__':
    main()
