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
#   (GetAccount: a quota of 50000 a day at 14 a second, or the one the
#   test writes to DIR/quota.json, {"Max24HourSend": n, "MaxSendRate": n},
#   or {"deny": true}: 403 AccessDeniedException, a key that may only
#   send), GET
#   /v2/email/suppression/addresses?PageSize=N[&NextToken=T]
#   (ListSuppressedDestinations: {"SuppressedDestinationSummaries":
#   [{"EmailAddress", "Reason", "LastUpdateTime"}], "NextToken"}, the
#   token opaque, an unknown one 400 BadRequestException as SES does,
#   a PageSize over 1000 refused with 400), else 404;
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
# The faults (by the recipient's local part) and the records are
# apistandin.py's.
#
# Usage: ses-server.py DIR CERT KEY ACCESS_KEY_ID SECRET REGION
# Prints "PORT n" when ready; stops when its standard input closes.

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apistandin  # noqa: E402

DIR, CERT, KEY, KEY_ID, SECRET, REGION = sys.argv[1:7]
RECORDS = apistandin.Records(DIR)
ERROR_TYPES = {'throttled': 'TooManyRequestsException', 'internal': 'InternalFailure',
               'bad-address': 'BadRequestException'}


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


class Handler(apistandin.Handler):
    def answer(self, status, body, error_type=None):
        headers = [('x-amzn-RequestId', 'req-%d' % time.monotonic_ns())]
        if error_type is not None:
            headers.append(('x-amzn-ErrorType', error_type + ':http://internal.amazon.com/coral/com.amazon.coral.service/'))
        self.send(status, 'application/json', json.dumps(body).encode(), headers)

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

    def suppression_page(self):
        """ListSuppressedDestinations, once the request is signed right."""
        def refuse(status, words):
            error_type = {429: 'TooManyRequestsException', 401: 'UnrecognizedClientException'}.get(
                status, 'InternalFailure' if status >= 500 else 'BadRequestException')
            headers = [('x-amzn-ErrorType', error_type)] + ([('Retry-After', '1')] if status == 429 else [])
            self.send(status, 'application/json', json.dumps({'message': words}).encode(), headers)
        if apistandin.pull_fault(RECORDS, self, refuse):
            return
        q = urllib.parse.parse_qs(self.path.partition('?')[2])
        try:
            size = int(q.get('PageSize', ['1000'])[0])
            assert 0 < size <= 1000
            token = q.get('NextToken', [None])[0]
            offset = 0 if token is None else int(base64.b64decode(token, validate=True).decode().split(':')[1])
        except (ValueError, AssertionError, IndexError, UnicodeDecodeError):
            RECORDS.log('pulls.log', '%s\t400' % self.path)
            return refuse(400, 'The NextToken or PageSize is not valid.')
        entries = [(a, 'BOUNCE') for a in apistandin.suppressions(RECORDS, 'BOUNCE')] + \
                  [(a, 'COMPLAINT') for a in apistandin.suppressions(RECORDS, 'COMPLAINT')]
        page = entries[offset:offset + min(size, apistandin.PAGE)]
        body = {'SuppressedDestinationSummaries': [{'EmailAddress': a, 'Reason': r,
                                                    'LastUpdateTime': time.time() - 3600} for a, r in page]}
        if offset + len(page) < len(entries):
            body['NextToken'] = base64.b64encode(('offset:%d' % (offset + len(page))).encode()).decode()
        RECORDS.log('pulls.log', '%s\t200' % self.path)
        self.answer(200, body)

    def do_GET(self):
        """GetAccount: the account's quota, once the request is signed right."""
        path = self.path.partition('?')[0]
        if path == '/v2/email/suppression/addresses':
            refused = self.check_signature(b'')
            if refused is not None:
                status, error_type, message = refused
                RECORDS.log('pulls.log', '%s\t%d %s' % (self.path, status, error_type))
                return self.answer(status, {'message': message}, error_type)
            return self.suppression_page()
        if self.path != '/v2/email/account':
            return self.answer(404, {'message': 'Not found'}, 'NotFoundException')
        refused = self.check_signature(b'')
        if refused is not None:
            status, error_type, message = refused
            return self.answer(status, {'message': message}, error_type)
        sent = RECORDS.count
        quota = {'Max24HourSend': 50000.0, 'MaxSendRate': 14.0}
        path = os.path.join(DIR, 'quota.json')
        if os.path.exists(path):
            with open(path, encoding='utf-8') as f:
                quota = json.load(f)
        if quota.get('deny'):
            return self.answer(403, {'message': 'User is not authorized to perform: ses:GetAccount'},
                               'AccessDeniedException')
        self.answer(200, {'DedicatedIpAutoWarmupEnabled': False, 'EnforcementStatus': 'HEALTHY',
                          'ProductionAccessEnabled': True, 'SendingEnabled': True,
                          'SendQuota': dict(quota, SentLast24Hours=float(sent))})

    def do_POST(self):
        body = self.read_body()
        if self.path != '/v2/email/outbound-emails':
            return self.answer(404, {'message': 'Not found'}, 'NotFoundException')
        refused = self.check_signature(body)
        if refused is not None:
            status, error_type, message = refused
            RECORDS.log('requests.log', '-\t%d %s' % (status, error_type))
            return self.answer(status, {'message': message}, error_type)
        try:
            request = json.loads(body)
            rcpts = request['Destination']['ToAddresses']
            raw = base64.b64decode(request['Content']['Raw']['Data'], validate=True)
            sender = request.get('FromEmailAddress', '')
            assert len(rcpts) == 1
        except (ValueError, KeyError, TypeError, AssertionError):
            RECORDS.log('requests.log', '-\t400 BadRequestException')
            return self.answer(400, {'message': 'The request body is not valid.'}, 'BadRequestException')
        rcpt = rcpts[0]
        if apistandin.fault(self, RECORDS, rcpt,
                            lambda status, kind, words: self.answer(status, {'message': words}, ERROR_TYPES[kind])):
            return
        message_id = RECORDS.accept(rcpt, sender, raw, lambda n: '0100018c%08x-fake-ses-%06d' % (n, n))
        self.answer(200, {'MessageId': message_id})


if __name__ == '__main__':
    apistandin.serve(Handler, CERT, KEY)
