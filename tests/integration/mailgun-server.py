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
#   empty page ends the list), a limit over 1000 refused with 400;
#   GET /v3/DOMAIN/events?event=A OR B&begin=EPOCH&ascending=yes&limit=N
#   (Mailgun's events API: a limit over 300 refused with 400; the next page
#   at /v3/DOMAIN/events/TOKEN as Mailgun gives it): a "delivered" event
#   for every message accepted, and the opens and clicks the test writes
#   to DIR/engagement.json, {recipient: {"opened": n, "clicked": n}}, each
#   naming the message id given when the message was accepted; "_foreign":
#   n adds opens of messages that are not Herald's. Another domain is 404
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
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apistandin  # noqa: E402

DIR, CERT, KEY, API_KEY, DOMAIN = sys.argv[1:6]
RECORDS = apistandin.Records(DIR)
START = time.time()


def all_events():
    """Every event this server knows of, oldest first."""
    path = os.path.join(DIR, 'engagement.json')
    spec = {}
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            spec = json.load(f)
    events = []

    def event(event_id, kind, at, rcpt, message_id, **more):
        events.append(dict(id=event_id, event=kind, timestamp=at, recipient=rcpt,
                           message={'headers': {'message-id': message_id, 'to': rcpt}}, **more))
    for n, rcpt, _, message_id in (line.split('\t') for line in open_lines('accepted.log')):
        at = START + int(n)
        bare = message_id.strip('<>')
        event('dlv%s' % n, 'delivered', at, rcpt, bare)
        for k in range(spec.get(rcpt, {}).get('opened', 0)):
            event('opn%s-%d' % (n, k), 'opened', at + 10 + k, rcpt, bare)
        for k in range(spec.get(rcpt, {}).get('clicked', 0)):
            event('clk%s-%d' % (n, k), 'clicked', at + 20 + k, rcpt, bare, url='https://shop.example.jp/sale')
    for k in range(spec.get('_foreign', 0)):
        event('frn%d' % k, 'opened', START + 5 + k, 'someone@example.com', 'foreign%d@%s' % (k, DOMAIN))
    events.sort(key=lambda e: (e['timestamp'], e['id']))
    return events


def open_lines(name):
    path = os.path.join(DIR, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n') for line in f if line.strip()]


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
        if len(parts) in (4, 5) and parts[1] == 'v3' and parts[3] == 'events':
            if parts[2] != DOMAIN:
                return self.answer(404, {'message': 'Domain not found: %s' % parts[2]})
            return self.events_page(parts, urllib.parse.parse_qs(query))
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

    def events_page(self, parts, q):
        def refuse(status, words):
            headers = [('Retry-After', '1')] if status == 429 else []
            self.send(status, 'application/json', json.dumps({'message': words}).encode(), headers)
        if apistandin.pull_fault(RECORDS, self, refuse):
            return
        try:
            if len(parts) == 5:
                state = json.loads(base64.urlsafe_b64decode(parts[4].encode()))
                kinds, begin, offset, limit = state['kinds'], state['begin'], state['offset'], state['limit']
            else:
                kinds = [k.strip() for k in q.get('event', [''])[0].split(' OR ') if k.strip()]
                begin = float(q['begin'][0])
                assert q.get('ascending') == ['yes']
                limit = int(q.get('limit', ['100'])[0])
                offset = 0
            assert 0 < limit <= 300
        except (ValueError, KeyError, AssertionError, TypeError):
            RECORDS.log('pulls.log', '%s\t400' % self.path)
            return refuse(400, 'Invalid request: begin, ascending=yes and a limit up to 300 are needed')
        chosen = [e for e in all_events() if e['timestamp'] >= begin and (not kinds or e['event'] in kinds)]
        page = chosen[offset:offset + min(limit, apistandin.PAGE)]
        token = base64.urlsafe_b64encode(json.dumps({'kinds': kinds, 'begin': begin, 'offset': offset + len(page),
                                                     'limit': limit}).encode()).decode()
        base = 'https://%s/v3/%s/events' % (self.headers.get('Host'), DOMAIN)
        RECORDS.log('pulls.log', '%s\t200' % self.path)
        self.answer(200, {'items': page, 'paging': {'next': '%s/%s' % (base, token),
                                                    'previous': '%s/%s' % (base, token)}})

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
