#!/usr/bin/python3
# mailgun-server.py — a loopback HTTPS stand-in for Mailgun's
# messages.mime, for tests.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A stand-in, because the real service cannot be reached from a test. It
# checks every request the way Mailgun does and answers the way it does:
#
# - POST /v3/DOMAIN/messages.mime; GET /v3/DOMAIN/{bounces,complaints,
#   unsubscribes}?limit=N[&page=next&address=A], {"items": […], "paging":
#   {"first", "last", "next", "previous"}} paged by the address as Mailgun
#   does (the next page starts after the last address of this one; an
#   empty page ends the list), a limit over 1000 refused with 400; another
#   domain is 404
#   {"message": "Domain not found: …"};
# - HTTP basic authentication, user "api", the one key this server knows:
#   anything else is 401 with the plain-text body "Forbidden";
# - the body must be multipart/form-data with one "to" field and a
#   "message" file part holding the MIME message, else 400.
#
# Accepted: 200 {"id": "<…@DOMAIN>", "message": "Queued. Thank you."}.
# The faults (by the recipient's local part) and the records are
# apistandin.py's.
#
# Usage: mailgun-server.py DIR CERT KEY API_KEY DOMAIN
# Prints "PORT n" when ready; stops when its standard input closes.

import base64
import email.parser
import email.policy
import hmac
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apistandin  # noqa: E402

DIR, CERT, KEY, API_KEY, DOMAIN = sys.argv[1:6]
RECORDS = apistandin.Records(DIR)


def form_fields(content_type, body):
    """name → list of (filename, bytes) of a multipart/form-data body, each
    part's bytes exactly as they came (no parser rewrites them)."""
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.startswith('multipart/form-data') or m is None:
        raise ValueError('not multipart/form-data')
    delimiter = b'--' + m.group(1).encode()
    chunks = body.split(b'\r\n' + delimiter)
    if not chunks[0].startswith(delimiter) or not chunks[-1].startswith(b'--'):
        raise ValueError('not a whole multipart body')
    chunks[0] = chunks[0][len(delimiter):]
    fields = {}
    for chunk in chunks[:-1]:
        head, sep, data = chunk[2:].partition(b'\r\n\r\n')
        if not chunk.startswith(b'\r\n') or not sep:
            raise ValueError('a part without headers')
        headers = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + b'\r\n\r\n')
        if headers.get_content_disposition() != 'form-data':
            raise ValueError('a part that is not form-data')
        name = headers.get_param('name', header='content-disposition')
        fields.setdefault(name, []).append((headers.get_filename(), data))
    return fields


class Handler(apistandin.Handler):
    def answer(self, status, body):
        self.send(status, 'application/json', json.dumps(body).encode())

    def authorized(self):
        authz = self.headers.get('Authorization', '')
        if not authz.startswith('Basic '):
            return False
        try:
            user, _, key = base64.b64decode(authz[6:], validate=True).decode().partition(':')
        except (ValueError, UnicodeDecodeError):
            return False
        return user == 'api' and hmac.compare_digest(key, API_KEY)

    def do_GET(self):
        if not self.authorized():
            RECORDS.log('pulls.log', '%s\t401' % self.path)
            return self.send(401, 'text/plain', b'Forbidden')
        path, _, query = self.path.partition('?')
        parts = path.split('/')
        if len(parts) != 4 or parts[1] != 'v3' or parts[3] not in ('bounces', 'complaints', 'unsubscribes'):
            return self.answer(404, {'message': 'Not found'})
        if parts[2] != DOMAIN:
            return self.answer(404, {'message': 'Domain not found: %s' % parts[2]})

        def refuse(status, words):
            headers = [('Retry-After', '1')] if status == 429 else []
            self.send(status, 'application/json', json.dumps({'message': words}).encode(), headers)
        if apistandin.pull_fault(RECORDS, self, refuse):
            return
        q = urllib.parse.parse_qs(query)
        try:
            limit = int(q.get('limit', ['100'])[0])
            assert 0 < limit <= 1000
        except (ValueError, AssertionError):
            RECORDS.log('pulls.log', '%s\t400' % self.path)
            return refuse(400, 'Limit must be from 1 to 1000')
        addresses = sorted(apistandin.suppressions(RECORDS, parts[3]))
        if q.get('page') == ['next']:
            after = q.get('address', [''])[0]
            addresses = [a for a in addresses if a > after]
        page = addresses[:min(limit, apistandin.PAGE)]
        base = 'https://%s%s' % (self.headers.get('Host'), path)
        pivot = page[-1] if page else q.get('address', [''])[0]
        items = []
        for address in page:
            item = {'address': address, 'created_at': 'Sun, 06 Dec 2026 09:00:00 UTC'}
            if parts[3] == 'bounces':
                item.update(code='550', error='5.1.1 The email account that you tried to reach does not exist')
            elif parts[3] == 'unsubscribes':
                item.update(tags=['*'])
            items.append(item)
        paging = {'first': '%s?limit=%d' % (base, limit),
                  'last': '%s?page=last&limit=%d' % (base, limit),
                  'next': '%s?page=next&address=%s&limit=%d' % (base, urllib.parse.quote(pivot), limit),
                  'previous': '%s?page=previous&address=%s&limit=%d' % (base, urllib.parse.quote(pivot), limit)}
        RECORDS.log('pulls.log', '%s\t200' % self.path)
        self.answer(200, {'items': items, 'paging': paging})

    def do_POST(self):
        body = self.read_body()
        if not self.authorized():
            RECORDS.log('requests.log', '-\t401')
            return self.send(401, 'text/plain', b'Forbidden')
        parts = self.path.split('/')
        if len(parts) != 4 or parts[1] != 'v3' or parts[3] != 'messages.mime':
            return self.answer(404, {'message': 'Not found'})
        if parts[2] != DOMAIN:
            return self.answer(404, {'message': 'Domain not found: %s' % parts[2]})
        try:
            fields = form_fields(self.headers.get('Content-Type', ''), body)
            (_, to), = fields['to']
            (_, raw), = fields['message']
            rcpt = to.decode()
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            RECORDS.log('requests.log', '-\t400')
            return self.answer(400, {'message': "'to' and 'message' parameters are required"})
        if apistandin.fault(self, RECORDS, rcpt, lambda status, kind, words: self.answer(status, {'message': words})):
            return
        sender = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw, headersonly=True)['From']
        message_id = RECORDS.accept(rcpt, str(sender.addresses[0].addr_spec), raw,
                                    lambda n: '<20261206.%06d.fake@%s>' % (n, DOMAIN))
        self.answer(200, {'id': message_id, 'message': 'Queued. Thank you.'})


if __name__ == '__main__':
    apistandin.serve(Handler, CERT, KEY)
