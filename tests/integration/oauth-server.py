#!/usr/bin/python3
# oauth-server.py — an OAuth 2.0 authorization server on loopback (HTTPS),
# written for Herald's sign-in tests: strict where Google's and
# Microsoft's are (RFC 6749, RFC 7636 PKCE S256, RFC 8252 loopback
# redirect), so that a client that gets any of it wrong is refused.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: oauth-server.py --cert PEM --key PEM --log FILE --token-file FILE
#                        --client-id ID [--client-secret S] --scope SCOPE
#                        [--lifetime SECONDS] [--rotate]
# --rotate: each refresh answers a new refresh token and revokes the one
# it was given, as Microsoft's identity platform does.
# Prints "PORT <n>" when it listens; stops when stdin closes.
#
#   GET  /authorize  checks response_type, client_id, scope, the redirect
#                    URI (http://127.0.0.1:PORT/ exactly: RFC 8252 §7.3),
#                    state present, code_challenge_method S256; answers
#                    302 to the redirect URI with ?code=…&state=… (the
#                    state echoed), as the provider does once the person
#                    has agreed.
#   POST /token      authorization_code: the code once, the same client
#                    and redirect_uri, BASE64URL(SHA256(code_verifier)) ==
#                    code_challenge; refresh_token: a refresh token not
#                    revoked. Errors as RFC 6749 §5.2 ({"error":
#                    "invalid_grant"}, 400).
#   POST /revoke     RFC 7009: token=… revokes a refresh token and every
#                    access token it gave.
#   POST /test/revoke-all   (for the test) revokes every refresh token.
#
# The valid access tokens, one "TOKEN EXPIRY" line each, are written to
# the token file, which smtp-tls-server.py --token-file reads: the SMTP
# server accepts what this server issued, until it expires.
# The log: one line per event ("AUTHORIZE ok …", "TOKEN code ok",
# "TOKEN refresh fail invalid_grant", "ISSUED refresh R", …).

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
CODES = {}      # code -> dict(challenge, redirect_uri, client_id)
REFRESH = {}    # refresh token -> revoked?
ACCESS = {}     # access token -> (expiry, refresh token)
ARGS = None
LOG = None


def note(line):
    with LOCK:
        LOG.write(line + '\n')
        LOG.flush()


def write_token_file():
    now = time.time()
    lines = ['%s %d\n' % (t, e) for t, (e, r) in ACCESS.items() if e > now and not REFRESH.get(r, True)]
    tmp = ARGS.token_file + '.tmp'
    with open(tmp, 'w') as f:
        f.writelines(lines)
    os.replace(tmp, ARGS.token_file)


def b64url_sha256(text):
    digest = hashlib.sha256(text.encode('ascii')).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b'=').decode('ascii')


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body, ctype='application/json', headers=()):
        data = body.encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        self.send_header('Cache-Control', 'no-store')
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, description):
        self.reply(status, json.dumps({'error': code, 'error_description': description}))

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != '/authorize':
            self.reply(404, 'not found', 'text/plain')
            return
        q = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        problems = []
        if q.get('response_type') != 'code':
            problems.append('response_type')
        if q.get('client_id') != ARGS.client_id:
            problems.append('client_id')
        if q.get('scope') != ARGS.scope:
            problems.append('scope %r' % q.get('scope'))
        if not re.fullmatch(r'http://127\.0\.0\.1:[1-9][0-9]{0,4}/', q.get('redirect_uri', '')):
            problems.append('redirect_uri %r' % q.get('redirect_uri'))
        if not q.get('state') or len(q['state']) < 16:
            problems.append('state')
        if q.get('code_challenge_method') != 'S256' or \
           not re.fullmatch(r'[A-Za-z0-9_-]{43}', q.get('code_challenge', '')):
            problems.append('PKCE')
        if problems:
            note('AUTHORIZE fail %s' % ','.join(problems))
            self.reply(400, 'bad authorization request: %s' % ', '.join(problems), 'text/plain')
            return
        code = secrets.token_urlsafe(24)
        with LOCK:
            CODES[code] = dict(challenge=q['code_challenge'], redirect_uri=q['redirect_uri'],
                               client_id=q['client_id'])
        note('AUTHORIZE ok login_hint=%s' % q.get('login_hint', ''))
        location = q['redirect_uri'] + '?' + urllib.parse.urlencode({'code': code, 'state': q['state']})
        self.reply(302, '', 'text/plain', [('Location', location)])

    def read_form(self):
        length = int(self.headers.get('Content-Length', '0'))
        body = self.rfile.read(length).decode('ascii')
        if not self.headers.get('Content-Type', '').startswith('application/x-www-form-urlencoded'):
            return None
        return dict(urllib.parse.parse_qsl(body, keep_blank_values=True))

    def client_ok(self, form):
        if form.get('client_id') != ARGS.client_id:
            return False
        if ARGS.client_secret is not None and \
           not hmac.compare_digest(form.get('client_secret', ''), ARGS.client_secret):
            return False
        return True

    def issue(self, refresh, with_refresh):
        access = 'at-' + secrets.token_urlsafe(24)
        expiry = time.time() + ARGS.lifetime
        with LOCK:
            ACCESS[access] = (expiry, refresh)
            write_token_file()
        answer = {'access_token': access, 'token_type': 'Bearer', 'expires_in': ARGS.lifetime,
                  'scope': ARGS.scope}
        if with_refresh:
            answer['refresh_token'] = refresh
        self.reply(200, json.dumps(answer))

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        form = self.read_form()
        if form is None:
            self.error(400, 'invalid_request', 'not a form')
            return
        if url.path == '/test/revoke-all':
            with LOCK:
                for r in REFRESH:
                    REFRESH[r] = True
                write_token_file()
            note('REVOKE all')
            self.reply(200, '{}')
            return
        if url.path == '/revoke':
            with LOCK:
                if form.get('token') in REFRESH:
                    REFRESH[form['token']] = True
                write_token_file()
            note('REVOKE')
            self.reply(200, '{}')
            return
        if url.path != '/token':
            self.reply(404, 'not found', 'text/plain')
            return
        if not self.client_ok(form):
            note('TOKEN fail invalid_client')
            self.error(401, 'invalid_client', 'unknown client')
            return
        grant = form.get('grant_type')
        if grant == 'authorization_code':
            with LOCK:
                pending = CODES.pop(form.get('code', ''), None)   # once only
            if pending is None or pending['redirect_uri'] != form.get('redirect_uri') or \
               pending['client_id'] != form.get('client_id') or \
               b64url_sha256(form.get('code_verifier', '')) != pending['challenge']:
                note('TOKEN code fail invalid_grant')
                self.error(400, 'invalid_grant', 'code, redirect_uri or code_verifier does not match')
                return
            refresh = 'rt-' + secrets.token_urlsafe(24)
            with LOCK:
                REFRESH[refresh] = False
            note('TOKEN code ok')
            note('ISSUED refresh %s' % refresh)
            self.issue(refresh, True)
        elif grant == 'refresh_token':
            refresh = form.get('refresh_token', '')
            with LOCK:
                revoked = REFRESH.get(refresh, True)
            if revoked:
                note('TOKEN refresh fail invalid_grant')
                self.error(400, 'invalid_grant', 'Token has been expired or revoked.')
                return
            if form.get('scope', ARGS.scope) != ARGS.scope:
                note('TOKEN refresh fail invalid_scope')
                self.error(400, 'invalid_scope', 'scope %r' % form.get('scope'))
                return
            note('TOKEN refresh ok')
            if ARGS.rotate:
                new = 'rt-' + secrets.token_urlsafe(24)
                with LOCK:
                    REFRESH[refresh] = True
                    REFRESH[new] = False
                    for t, (e, r) in list(ACCESS.items()):
                        if r == refresh:
                            ACCESS[t] = (e, new)
                note('ISSUED refresh %s' % new)
                self.issue(new, True)
            else:
                self.issue(refresh, False)
        else:
            self.error(400, 'unsupported_grant_type', str(grant))


def main():
    global ARGS, LOG
    ap = argparse.ArgumentParser()
    ap.add_argument('--cert', required=True)
    ap.add_argument('--key', required=True)
    ap.add_argument('--log', required=True)
    ap.add_argument('--token-file', required=True)
    ap.add_argument('--client-id', required=True)
    ap.add_argument('--client-secret', default=None)
    ap.add_argument('--scope', required=True)
    ap.add_argument('--lifetime', type=int, default=3600)
    ap.add_argument('--rotate', action='store_true')
    ARGS = ap.parse_args()
    LOG = open(ARGS.log, 'a', buffering=1)
    open(ARGS.token_file, 'w').close()

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(ARGS.cert, ARGS.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print('PORT %d' % server.server_address[1], flush=True)
    try:
        sys.stdin.read()
    finally:
        os._exit(0)


if __name__ == '__main__':
    main()
