#!/usr/bin/python3
# sendgrid-api.py — a campaign sent through SendGrid's v3 mail/send,
# against a loopback HTTPS stand-in (sendgrid-server.py) that checks the
# key and the JSON's shape the way SendGrid does. Run inside
# keyring-session.sh (the API key is in the keyring).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# SendGrid takes fields, not the message: what it must get is what the
# preview shows, field by field. For each of the 50 recipients the request
# carries the preview's subject, From (name and address), Reply-To, plain
# text and HTML (decoded, the very same text), its inline image (the same
# bytes under the same Content-ID) and its attachment (the same bytes and
# file name), and its Message-ID, List-Id, List-Unsubscribe and
# List-Unsubscribe-Post headers as the preview writes them. Besides: the
# faults of apitest.py, and a wrong key pausing the campaign.

import base64
import email
import email.policy
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald  # noqa: E402
from apitest import add_account, check_campaign, check_refused, recipients, run_with_standin  # noqa: E402

API_KEY = 'SG.herald-test.key0000000000000000000000000000000000000'
PNG = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')


def preview_fields(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    fields = {'subject': str(msg['Subject']), 'from': msg['From'].addresses[0],
              'reply_to': msg['Reply-To'].addresses[0] if msg['Reply-To'] else None,
              'text': None, 'html': None, 'inline': {}, 'attachments': {}, 'headers': {}}
    for part in msg.walk():
        if part.is_multipart():
            continue
        cid = part['Content-ID']
        if part.get_content_disposition() == 'attachment':
            fields['attachments'][part.get_filename()] = part.get_payload(decode=True)
        elif cid is not None:
            fields['inline'][cid.strip('<>')] = part.get_payload(decode=True)
        elif part.get_content_type() == 'text/plain' and fields['text'] is None:
            fields['text'] = part.get_content()
        elif part.get_content_type() == 'text/html' and fields['html'] is None:
            fields['html'] = part.get_content()
    raw_headers = raw.split(b'\r\n\r\n', 1)[0].decode('ascii')
    unfolded = raw_headers.replace('\r\n ', ' ').replace('\r\n\t', ' ')
    for line in unfolded.split('\r\n'):
        name, _, value = line.partition(':')
        if name in ('Message-ID', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post'):
            fields['headers'][name] = value.strip()
    return fields


def same_fields(server, n, preview, message_id):
    """None when the request the stand-in recorded as @n carries every
    field of @preview, else which ones differ."""
    with open(os.path.join(server.dir, '%s.json' % n), 'rb') as f:
        request = json.load(f)
    want = preview_fields(preview)
    # The preview's Message-ID is its own; the delivery has its own too.
    want['headers']['Message-ID'] = message_id
    problems = []

    def same(what, got, expected):
        if got != expected:
            problems.append('%s: %.80r != %.80r' % (what, got, expected))
    same('subject', request['subject'], want['subject'])
    same('from', (request['from'].get('name'), request['from']['email']),
         (want['from'].display_name, want['from'].addr_spec))
    same('reply_to', (request['reply_to'].get('name'), request['reply_to']['email']) if 'reply_to' in request else None,
         (want['reply_to'].display_name, want['reply_to'].addr_spec) if want['reply_to'] else None)
    content = {c['type']: c['value'] for c in request['content']}
    same('text', content.get('text/plain'), want['text'])
    same('html', content.get('text/html'), want['html'])
    inline = {a['content_id']: base64.b64decode(a['content'])
              for a in request.get('attachments', []) if a['disposition'] == 'inline'}
    attached = {a['filename']: base64.b64decode(a['content'])
                for a in request.get('attachments', []) if a['disposition'] == 'attachment'}
    same('inline images', inline, want['inline'])
    same('attachments', attached, want['attachments'])
    headers = {k: v for k, v in request.get('headers', {}).items() if k in want['headers']}
    same('headers', headers, want['headers'])
    if not want['inline'] or not want['attachments'] or 'List-Unsubscribe' not in want['headers']:
        problems.append('the preview lacks what this test is about')
    return '; '.join(problems) or None


def main():
    def run(tap, tmp, server, cert):
        herald = Herald(tmp)
        normal, faulty = recipients()
        herald.setup(normal + faulty, [])
        with open(os.path.join(tmp, 'logo.png'), 'wb') as f:
            f.write(PNG)
        with open(os.path.join(tmp, '案内.txt'), 'w', encoding='utf-8') as f:
            f.write('店舗のご案内\n')
        with open(os.path.join(tmp, 'rich.html'), 'w', encoding='utf-8') as f:
            f.write('<html><body><img src="logo.png" alt="Shop"><p>{{ name }}様、こんにちは。</p>'
                    '<p><a href="{{ unsubscribe_url }}">配信停止</a></p></body></html>\n')
        herald.run('template', 'add', 'R', '--subject', '{{ name }}様へ 新商品のお知らせ', '--html',
                   os.path.join(tmp, 'rich.html'), '--attach', os.path.join(tmp, '案内.txt'))
        add_account(herald, 'sg', ['--api', 'sendgrid', '--key-stdin', '--endpoint', server.url, '--ca', cert,
                                   '--from', 'ショップ <shop@example.jp>', '--reply-to', 'Support <help@example.jp>',
                                   '--unsubscribe', 'https://example.jp/unsubscribe'], API_KEY)
        tap.ok(subprocess.run(['grep', '-qF', API_KEY, herald.db]).returncode == 1,
               'the key is not in the database file')

        test = herald.run('account', 'test', 'sg')
        tap.ok('SendGrid at %s' % server.url in test.stdout and 'the key may send mail' in test.stdout,
               'account test checks the key\'s permissions (GET /v3/scopes)', test.stdout)

        check_campaign(tap, herald, server, 'sg', 'SendGrid', normal, tmp, template='R', compare=same_fields)

        add_account(herald, 'sg-wrong-key', ['--api', 'sendgrid', '--key-stdin', '--endpoint', server.url,
                                             '--ca', cert, '--from', 'Shop <shop@example.jp>',
                                             '--unsubscribe', 'https://example.jp/unsubscribe'], 'SG.not-this-one')
        test = herald.run('account', 'test', 'sg-wrong-key', check=False)
        tap.ok(test.returncode == 1 and 'authorization grant is invalid' in test.stderr,
               'account test says SendGrid refused the wrong key', test.stderr)
        check_refused(tap, herald, server, 'sg-wrong-key', 'authorization grant is invalid', 'API key')

    return run_with_standin('sendgrid', 'sendgrid-server.py', run, API_KEY)


if __name__ == '__main__':
    sys.exit(main())
