#!/usr/bin/python3
# css-inline.py — a template styled by a <style> block is sent with its
# styles inline: each message the campaign wrote to the Outbox passes the
# strict parser (check-message.py), its HTML part carries the rules as
# style attributes on the elements they select, keeps only what cannot be
# inlined (the media query, :hover) in one <style> in the head, has the
# recipient's values merged and the branch of the conditional chosen, and
# is the same as `herald-cli preview` writes. A template without <style>
# is sent as it was written.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import check, failures, run  # noqa: E402

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-message.py')
POLICY = email.policy.default.clone(raise_on_defect=True)

TEMPLATE = '''<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>お知らせ</title>
<style type="text/css">
  /* 見出しと本文 */
  body { margin: 0; background-color: #f6f5f4 }
  h1 { color: #1c71d8; font-family: "Hiragino Sans", sans-serif }
  td.item > p { margin: 0 0 8px }
  .note { background-color: #e8f1fc !important }
  #footer a { color: #5e5c64 }
  a.button { color: #ffffff; background-color: #1c71d8 }
  a.button:hover { background-color: #1a5fb4 }
  @media only screen and (max-width: 600px) { h1 { font-size: 20px !important } }
</style>
</head>
<body>
<h1>{{ name | "お客様" }}様、こんにちは</h1>
<table role="presentation"><tr><td class="item">
{{#if city}}<p>{{ city }}の皆様へ</p>{{else}}<p class="note" style="background-color: red">全国の皆様へ</p>{{/if}}
<p><a class="button" href="https://shop.example.jp/?to={{ email }}">ショップへ</a></p>
</td></tr></table>
<div id="footer"><a href="{{ unsubscribe_url }}">配信停止</a></div>
</body>
</html>
'''


class Elements(html.parser.HTMLParser):
    """Each start tag's name and attributes, and the text of each <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.styles = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == 'style'
        if self._in_style:
            self.styles.append('')

    def handle_endtag(self, tag):
        if tag == 'style':
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data


def html_part(msg):
    for part in msg.walk():
        if part.get_content_type() == 'text/html':
            return part.get_content()
    return None


def outbox_messages(outbox):
    found = {}
    for sub in ('new', 'cur'):
        d = os.path.join(outbox, sub)
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            path = os.path.join(d, name)
            raw = open(path, 'rb').read()
            msg = email.message_from_bytes(raw, policy=POLICY)
            found[msg['To'].addresses[0].addr_spec.lower()] = (path, msg)
    return found


def style_of(tags, name, **attrs):
    for tag, a in tags:
        if tag == name and all(a.get(k) == v for k, v in attrs.items()):
            return a.get('style')
    return 'no <%s %r>' % (name, attrs)


def main():
    tmp = tempfile.mkdtemp(prefix='herald-css-inline-')
    try:
        db = os.path.join(tmp, 'herald.db')
        outbox = os.path.join(tmp, 'outbox')
        os.environ['HERALD_DB'] = db
        os.environ['HERALD_OUTBOX'] = outbox
        run('init')
        csv = os.path.join(tmp, 'list.csv')
        with open(csv, 'w', encoding='utf-8') as f:
            f.write('email,name,city\ntaro@example.jp,山田 太郎,大阪\nhanako@example.jp,<b>花子</b>,\n')
        run('import', csv, '--list', 'お客様')
        src = os.path.join(tmp, 'styled.html')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(TEMPLATE)
        run('template', 'add', 'styled', '--subject', '{{ name }}様へ', '--html', src)
        plain_src = os.path.join(tmp, 'plain.html')
        plain_html = '<p class="note">{{ name }}様</p>\n<p style="color: red">こんにちは</p>\n'
        with open(plain_src, 'w', encoding='utf-8') as f:
            f.write(plain_html)
        run('template', 'add', 'plain', '--subject', 'plain', '--html', plain_src)

        run('campaign', 'create', 'styled-c', '--template', 'styled', '--list', 'お客様', '--account', 'outbox')
        # What would stop the sender: nothing (campaign-check.py tests the
        # advice about addresses, links, identity and consent).
        blocking = [l for l in run('campaign', 'check', 'styled-c', '--offline', ok=False).stdout.decode().splitlines()
                    if l.split('\t')[1] not in ('email', 'spf', 'dmarc', 'dkim', 'identity', 'unsubscribe', 'link',
                                                 'size', 'volume', 'consent', 'charset')]
        check('campaign check: nothing stops the sender', blocking, [])
        check('campaign send', run('campaign', 'send', 'styled-c', ok=False).returncode, 0)
        sent = outbox_messages(outbox)
        check('messages', sorted(sent), ['hanako@example.jp', 'taro@example.jp'])

        want = os.path.join(tmp, 'want.json')
        with open(want, 'w', encoding='utf-8') as f:
            json.dump({'structure': 'multipart/alternative[text/plain,text/html]', 'text_links': True}, f)
        for row, addr in ((1, 'taro@example.jp'), (2, 'hanako@example.jp')):
            if addr not in sent:
                continue
            path, msg = sent[addr]
            p = subprocess.run(['/usr/bin/python3', CHECKER, path, want], capture_output=True)
            check(addr + ': check-message.py', p.stdout.decode() + p.stderr.decode(), '')
            body = html_part(msg)
            e = Elements()
            e.feed(body)
            tags = e.tags
            check(addr + ': <body>', style_of(tags, 'body'), 'margin: 0; background-color: #f6f5f4;')
            check(addr + ': <h1>', style_of(tags, 'h1'),
                  'color: #1c71d8; font-family: "Hiragino Sans", sans-serif;')
            check(addr + ': the button', style_of(tags, 'a', **{'class': 'button'}),
                  'color: #ffffff; background-color: #1c71d8;')
            check(addr + ': the footer link', [a.get('style') for t, a in tags if t == 'a' and a.get('class') != 'button'],
                  ['color: #5e5c64;'])
            check(addr + ': one <style> left', len(e.styles), 1)
            kept = e.styles[0] if e.styles else ''
            check(addr + ': :hover kept', 'a.button:hover { background-color: #1a5fb4 }' in kept, True)
            check(addr + ': media query kept', '@media only screen and (max-width: 600px)' in kept, True)
            check(addr + ': inlined rules gone from <style>', 'td.item' in kept or '#footer' in kept, False)
            check(addr + ': <style> in the head', body.index('<style') < body.index('</head>'), True)
            if row == 1:
                check(addr + ': the city branch', style_of(tags, 'p'), 'margin: 0 0 8px;')
                check(addr + ': merged', '大阪の皆様へ' in body and '山田 太郎様、こんにちは' in body, True)
            else:
                # The rule's !important beats the element's own style.
                check(addr + ': the else branch', style_of(tags, 'p', **{'class': 'note'}),
                      'margin: 0 0 8px; background-color: #e8f1fc;')
                check(addr + ': a value stays escaped', '&lt;b&gt;花子&lt;/b&gt;様' in body, True)

            # The preview is the message sent (preview = sent).
            out = os.path.join(tmp, 'preview.eml')
            run('preview', '--template', 'styled', '--list', 'お客様', '--row', str(row), '--out', out)
            with open(out, 'rb') as f:
                preview = email.message_from_bytes(f.read(), policy=POLICY)
            check(addr + ': preview HTML = sent HTML', html_part(preview), body)

        # Without <style>: the HTML as written, byte for byte.
        shutil.rmtree(outbox, ignore_errors=True)
        run('campaign', 'create', 'plain-c', '--template', 'plain', '--list', 'お客様', '--account', 'outbox')
        check('plain: send', run('campaign', 'send', 'plain-c', ok=False).returncode, 0)
        sent = outbox_messages(outbox)
        if 'taro@example.jp' in sent:
            body = html_part(sent['taro@example.jp'][1]).replace('\r\n', '\n')
            check('plain: the HTML as written', body, plain_html.replace('{{ name }}', '山田 太郎'))
        else:
            failures.append('plain: no message for taro@example.jp')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for f in failures:
        print('FAIL', f)
    print('css-inline: %d checks, %d failures' % (clitest.n_checks, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
