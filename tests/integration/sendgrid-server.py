#!/usr/bin/python3
# sendgrid-server.py — a loopback HTTPS stand-in for SendGrid's v3
# mail/send, for tests.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A stand-in, because the real service cannot be reached from a test. It
# checks every request the way SendGrid does and answers the way it does:
#
# - POST /v3/mail/send (and GET /v3/scopes: ["mail.send", "stats.read"];
#   GET /v3/suppression/{bounces,blocks,spam_reports,invalid_emails,
#   unsubscribes}?limit=N&offset=N, an array of {"created", "email", …}
#   paged by limit and offset, a limit over 500 refused with 400 as
#   SendGrid does),
#   "Authorization: Bearer KEY" with the one key
#   this server knows, else 401 {"errors": [{"message": …}]};
# - the body must be JSON of SendGrid's shape: one personalization with one
#   "to", a "from" with an email, a subject, text/plain before text/html in
#   "content", attachments with base64 content, a filename, a type and, for
#   inline ones, a content_id; "headers" of strings, none of those SendGrid
#   reserves (From, To, Subject, Content-Type, …): else 400 naming the field.
#
# Accepted: 202 with an empty body and an X-Message-Id header; the request
# is recorded as DIR/NNNN.json. The faults (by the recipient's local part)
# and the records are apistandin.py's.
#
# Usage: sendgrid-server.py DIR CERT KEY API_KEY
# Prints "PORT n" when ready; stops when its standard input closes.

import base64
import hmac
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apistandin  # noqa: E402

DIR, CERT, KEY, API_KEY = sys.argv[1:5]
RECORDS = apistandin.Records(DIR)
RESERVED = {'from', 'to', 'cc', 'bcc', 'subject', 'reply-to', 'content-type', 'content-transfer-encoding',
            'dkim-signature', 'received', 'x-sg-id', 'x-sg-eid'}


def check(request):
    """None when @request has SendGrid's shape, else (field, message)."""
    if not isinstance(request, dict):
        return None, 'Bad Request'
    p = request.get('personalizations')
    if not isinstance(p, list) or len(p) != 1 or not isinstance(p[0].get('to'), list) or len(p[0]['to']) != 1 \
            or not isinstance(p[0]['to'][0].get('email'), str):
        return 'personalizations', 'The personalizations field is required and must have one recipient.'
    if not isinstance(request.get('from'), dict) or not isinstance(request['from'].get('email'), str):
        return 'from.email', 'The from object must be provided for every email send.'
    if not isinstance(request.get('subject'), str) or not request['subject']:
        return 'subject', 'The subject is required.'
    content = request.get('content')
    if not isinstance(content, list) or not content or \
            any(not isinstance(c.get('type'), str) or not isinstance(c.get('value'), str) for c in content):
        return 'content', 'Unless a valid template_id is provided, the content parameter is required.'
    types = [c['type'] for c in content]
    if 'text/plain' in types and types.index('text/plain') != 0:
        return 'content', 'If present, text/plain must be first, followed by text/html.'
    for i, a in enumerate(request.get('attachments', [])):
        try:
            base64.b64decode(a['content'], validate=True)
        except (KeyError, ValueError, TypeError):
            return 'attachments.%d.content' % i, 'The attachment content must be base64 encoded.'
        if not a.get('filename') or not a.get('type'):
            return 'attachments.%d' % i, 'The attachment filename and type are required.'
        if a.get('disposition') == 'inline' and not a.get('content_id'):
            return 'attachments.%d.content_id' % i, 'The content_id is required for inline attachments.'
    for name, value in request.get('headers', {}).items():
        if name.lower() in RESERVED or not isinstance(value, str):
            return 'headers', 'The header %s is reserved or not a string.' % name
    return None


class Handler(apistandin.Handler):
    def refuse(self, status, field, message):
        self.send(status, 'application/json',
                  json.dumps({'errors': [{'message': message, 'field': field, 'help': None}]}).encode())

    def do_GET(self):
        """GET /v3/scopes: the key's permissions, once the key is right."""
        authz = self.headers.get('Authorization', '')
        if not (authz.startswith('Bearer ') and hmac.compare_digest(authz[7:], API_KEY)):
            return self.refuse(401, None, 'The provided authorization grant is invalid, expired, or revoked')
        path, _, query = self.path.partition('?')
        lists = ('bounces', 'blocks', 'spam_reports', 'invalid_emails', 'unsubscribes')
        if path.startswith('/v3/suppression/') and path[16:] in lists:
            return self.suppression_page(path[16:], urllib.parse.parse_qs(query))
        if self.path != '/v3/scopes':
            return self.refuse(404, None, 'Not found')
        self.send(200, 'application/json', json.dumps({'scopes': ['mail.send', 'stats.read']}).encode())

    def suppression_page(self, name, query):
        def refuse(status, words):
            headers = [('Retry-After', '1')] if status == 429 else []
            self.send(status, 'application/json',
                      json.dumps({'errors': [{'field': None, 'message': words}]}).encode(), headers)
        if apistandin.pull_fault(RECORDS, self, refuse):
            return
        try:
            limit = int(query.get('limit', ['500'])[0])
            offset = int(query.get('offset', ['0'])[0])
            assert 0 < limit <= 500 and offset >= 0
        except (ValueError, AssertionError):
            RECORDS.log('pulls.log', '%s\t400' % self.path)
            return refuse(400, 'limit must be from 1 to 500, offset not negative')
        addresses = apistandin.suppressions(RECORDS, name)
        page = addresses[offset:offset + min(limit, apistandin.PAGE)]
        created = int(time.time()) - 3600
        items = []
        for address in page:
            item = {'created': created, 'email': address}
            if name in ('bounces', 'blocks', 'invalid_emails'):
                item.update(reason='550 5.1.1 The email account that you tried to reach does not exist.',
                            status='5.1.1')
            items.append(item)
        RECORDS.log('pulls.log', '%s\t200' % self.path)
        self.send(200, 'application/json', json.dumps(items).encode())

    def do_POST(self):
        body = self.read_body()
        authz = self.headers.get('Authorization', '')
        if not (authz.startswith('Bearer ') and hmac.compare_digest(authz[7:], API_KEY)):
            RECORDS.log('requests.log', '-\t401')
            return self.refuse(401, None, 'The provided authorization grant is invalid, expired, or revoked')
        if self.path != '/v3/mail/send':
            return self.refuse(404, None, 'Not found')
        try:
            request = json.loads(body)
        except ValueError:
            return self.refuse(400, None, 'Bad Request')
        problem = check(request)
        if problem is not None:
            RECORDS.log('requests.log', '-\t400 %s' % problem[0])
            return self.refuse(400, *problem)
        rcpt = request['personalizations'][0]['to'][0]['email']
        if apistandin.fault(self, RECORDS, rcpt, lambda status, kind, words: self.refuse(status, None, words)):
            return
        message_id = RECORDS.accept(rcpt, request['from']['email'], body,
                                    lambda n: 'fakeSG%06dmsgid' % n, ext='json')
        self.send(202, 'text/plain', b'', [('X-Message-Id', message_id)])


if __name__ == '__main__':
    apistandin.serve(Handler, CERT, KEY)
