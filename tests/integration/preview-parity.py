#!/usr/bin/python3
# preview-parity.py — for every recipient of a list, `herald-cli preview`,
# the message a campaign actually wrote to the Outbox, and what the
# window's preview renders carry the same subject, HTML and text, and the
# same images and attachments.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# (c) "what the window's preview renders" is render-dump (argv[1]): the
# preview thread's engine path (ui/herald-preview-render.c: Outbox account,
# list fields, herald_merge_render(), herald_merge_get_part() for cid:),
# run for every recipient; it does not drive the window itself.
#
# The demo template has a <style> block (CSS inlining happens in the merge,
# once, for all three). Lists: the demo list (`init --demo`) and a hostile one (markup, template
# syntax, quotes, RTL marks, Japanese, a 100 KB value, per-recipient files
# with spaces and Japanese in their names, empty and missing files).

import base64
import csv
import email
import email.policy
import glob
import os
import re
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import blocking_lines, check, cli_folder, failures, run  # noqa: E402

RENDER = sys.argv[1]
POLICY = email.policy.default.clone(raise_on_defect=True)
PNG = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')
compared = 0


def decode(raw):
    """subject, html, text, {cid: bytes}, [(filename, bytes)], (From, Reply-To) of a message."""
    msg = email.message_from_bytes(raw, policy=POLICY)
    html = text = None
    images, attachments = {}, []
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        if disposition == 'attachment':
            attachments.append((part.get_filename(), part.get_payload(decode=True)))
        elif part.get('Content-ID') is not None:
            images[part['Content-ID'].strip('<>')] = part.get_payload(decode=True)
        elif part.get_content_type() == 'text/html':
            html = part.get_content()
        elif part.get_content_type() == 'text/plain':
            text = part.get_content()
    return str(msg['Subject']), html, text, images, attachments, (str(msg['From']), str(msg['Reply-To']))


# A message's Content-ID is "STORED.HASH@sender-domain" (RFC 2392); the
# template's HTML, and so the window's preview, says "cid:STORED".
MESSAGE_CID = re.compile(r'^(.*)\.[0-9a-f]{16}@[A-Za-z0-9.-]+$')


def stored_cid(cid):
    m = MESSAGE_CID.match(cid)
    return m.group(1) if m else None


def as_stored(html, images):
    for cid in images:
        if stored_cid(cid):
            html = html.replace('cid:' + cid, 'cid:' + stored_cid(cid))
    return html


def read(path, binary=False):
    with open(path, 'rb' if binary else 'r', encoding=None if binary else 'utf-8', newline='' if not binary else None) as f:
        return f.read()


def outbox_messages(outbox):
    found = {}
    for path in glob.glob(os.path.join(outbox, 'new', '*')):
        raw = read(path, True)
        msg = email.message_from_bytes(raw, policy=POLICY)
        found[msg['To'].addresses[0].addr_spec.lower()] = raw
    return found


expected_own = {}
expected_sender = None


def compare_list(tmp, db, outbox, template, list_name, campaign):
    global compared
    env_outbox = outbox
    shutil.rmtree(env_outbox, ignore_errors=True)
    run('campaign', 'create', campaign, '--template', template, '--list', list_name, '--account', 'outbox')
    check('%s: campaign check' % campaign, blocking_lines(campaign), [])
    send = run('campaign', 'send', campaign, ok=False)
    sent = outbox_messages(outbox)

    dump = os.path.join(tmp, 'dump-' + campaign)
    p = subprocess.run([RENDER, db, template, list_name, dump], capture_output=True)
    if p.returncode != 0:
        raise SystemExit('render-dump failed: ' + p.stderr.decode())

    n = 0
    while os.path.isdir(os.path.join(dump, str(n + 1))):
        n += 1
        d = os.path.join(dump, str(n))
        addr = read(os.path.join(d, 'email'))
        who = '%s row %d (%s)' % (list_name, n, addr)
        out = os.path.join(tmp, 'preview.eml')
        if os.path.exists(out):
            os.unlink(out)
        prev = run('preview', '--template', template, '--list', list_name, '--row', str(n), '--out', out, ok=False)

        if os.path.exists(os.path.join(d, 'error')):
            # Refused everywhere: not previewed, not sent.
            check(who + ': preview refused too', prev.returncode, 1)
            check(who + ': not sent', addr.lower() in sent, False)
            compared += 1
            continue
        check(who + ': preview exit', prev.returncode, 0)
        if prev.returncode != 0 or addr.lower() not in sent:
            failures.append(who + ': no message (preview %d, sent %s)' % (prev.returncode, addr.lower() in sent))
            continue
        a = decode(read(out, True))
        b = decode(sent[addr.lower()])
        c_subject, c_html, c_text = (read(os.path.join(d, x)) for x in ('subject', 'html', 'text'))

        check(who + ': has HTML and text', a[1] is not None and a[2] is not None, True)
        if template.startswith('parity-'):
            check(who + ': the image', {stored_cid(k): v for k, v in a[3].items()}, {'logo.png': PNG})
            names = [x[0] for x in a[4]]
            check(who + ': the attachment for everyone', names[:1], ['guide.pdf'])
            check(who + ': attachments', len(names), 1 + (1 if expected_own.get(addr) else 0))
            if expected_own.get(addr):
                check(who + ': own file', a[4][1], (os.path.basename(expected_own[addr]), read(expected_own[addr], True)))
        if template == 'parity-demo':
            check(who + ': the <style> rules inline', '<h1 style="color: #1c71d8;">' in (a[1] or ''), True)
        for i, name in enumerate(('subject', 'html', 'text')):
            check('%s: %s, preview vs sent' % (who, name), b[i], a[i])
        check(who + ': subject, window vs preview', c_subject, a[0])
        # The text/* parts travel with CRLF line ends; the rendering has the template's.
        check(who + ': html, window vs preview', c_html.replace('\r\n', '\n').replace('\n', '\r\n'),
              as_stored(a[1], a[3]).replace('\r\n', '\n').replace('\n', '\r\n'))
        check(who + ': text, window vs preview', c_text.replace('\r\n', '\n').replace('\n', '\r\n'),
              a[2].replace('\r\n', '\n').replace('\n', '\r\n'))
        check(who + ': images, preview vs sent', b[3], a[3])
        check(who + ': attachments, preview vs sent', b[4], a[4])
        check(who + ': From and Reply-To, preview vs sent', b[5], a[5])
        if expected_sender:
            check(who + ": the template's own From and Reply-To", a[5], expected_sender)
        for cid, data in a[3].items():
            check(who + ': Content-ID %s is STORED.HASH@domain' % cid, stored_cid(cid) is not None, True)
            check(who + ': cid:%s in the HTML' % cid, 'cid:' + cid in a[1], True)
            check(who + ': cid:%s, window vs message' % cid, read(os.path.join(dump, 'cid', stored_cid(cid) or cid), True), data)
        compared += 1
    return n, send.returncode


def main():
    tmp, db, outbox = cli_folder('parity')
    try:
        run('init', '--demo')

        with open(os.path.join(tmp, 'logo.png'), 'wb') as f:
            f.write(PNG)
        files = os.path.join(tmp, 'files')
        os.mkdir(files)
        with open(os.path.join(tmp, 'guide.pdf'), 'wb') as f:
            f.write(b'%PDF-1.4 guide for everyone\n')
        own = []
        for name in ('請求書 1.pdf', 'a b;c=d".txt', 'plain.bin'):
            path = os.path.join(files, name)
            with open(path, 'wb') as f:
                f.write(('file for ' + name).encode() + bytes(range(256)))
            own.append(path)

        html = os.path.join(tmp, 'news.html')
        with open(html, 'w', encoding='utf-8') as f:
            # A <style> block: its rules are inlined once, for all three.
            f.write('<html><head><style>h1 { color: #1c71d8 } p.lead, a { margin: 0 }\n'
                    '@media (max-width: 600px) { h1 { font-size: 20px !important } }</style></head>\n'
                    '<body><h1>{{ name | "お客様" }}様</h1>\n'
                    '<p class="lead"><img src="logo.png" alt="ロゴ"> {{ 会社名 }} — {{ city }}</p>\n'
                    '{{#if city}}<p title="{{ city }}">{{ city }}</p>{{/if}}\n'
                    '<p><a href="https://example.com/?to={{ email }}">link</a></p></body></html>\n')
        run('template', 'add', 'parity-demo', '--subject', 'ニュース {{ name | "皆様" }}',
            '--html', html, '--attach', os.path.join(tmp, 'guide.pdf'))
        # The sample template as shipped, too.
        templates = run('template', 'list').stdout.decode().splitlines()

        n, rc = compare_list(tmp, db, outbox, 'parity-demo', 'Sample customers', 'parity-demo-c')
        check('demo list: recipients compared', n >= 10, True)
        check('demo campaign exit', rc, 0)
        # A template with its own From and Reply-To (columns no command
        # writes yet): the preview applies them as the campaign does.
        global expected_sender
        con = sqlite3.connect(db)
        con.execute("UPDATE templates SET from_addr = ?, reply_to = ? WHERE name = 'parity-demo'",
                    ('Override Shop <news@override.example>', 'desk@override.example'))
        con.commit()
        con.close()
        expected_sender = ('Override Shop <news@override.example>', 'desk@override.example')
        n, rc = compare_list(tmp, db, outbox, 'parity-demo', 'Sample customers', 'parity-from-c')
        check('own From: campaign exit', rc, 0)
        expected_sender = None
        sample = templates[0].split('\t')[0]
        n, rc = compare_list(tmp, db, outbox, sample, 'Sample customers', 'parity-sample-c')
        check('sample template: campaign exit', rc, 0)

        # The hostile list.
        hostile = os.path.join(tmp, 'hostile.csv')
        rows = [
            ['email', 'name', '会社名', 'city', 'note', 'file'],
            ['h1@example.com', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{ email }}', '{{#if x}}', own[0]],
            ['h2@example.com', 'ｱｲｳ \u202eRTL\u202c 漢字', 'A & B <b>', "it's \"quoted\"", 'line1\nline2\r\nline3', own[1]],
            ['h3@example.com', '', '', '', 'x' * 100000, ''],
            ['h4@example.com', 'Ünïcødé 🎉', 'cid:logo.png', '%0d%0aBcc: evil@example.com', '=?utf-8?q?x?=', own[2]],
            ['h5@example.com', 'Name\nBreak', 'co', 'city', 'n', own[2]],
        ]
        for row in rows[1:]:
            expected_own[row[0]] = row[5]
        with open(hostile, 'w', encoding='utf-8', newline='') as f:
            csv.writer(f).writerows(rows)
        run('import', hostile, '--list', 'hostile')
        html2 = os.path.join(tmp, 'hostile.html')
        with open(html2, 'w', encoding='utf-8') as f:
            f.write('<p>{{ name }} / {{ 会社名 }} / {{ city }}</p><img src="./logo.png">'
                    '<p>{{ note | "-" }}</p><a href="https://example.com/u?c={{ 会社名 }}">u</a>\n')
        run('template', 'add', 'parity-hostile', '--subject', 'Hi {{ name }} {{ city }}', '--html', html2,
            '--attach', os.path.join(tmp, 'guide.pdf'), '--attach-field', 'file')
        n, rc = compare_list(tmp, db, outbox, 'parity-hostile', 'hostile', 'parity-hostile-c')
        check('hostile list: recipients', n, 5)

        # Images that cannot be embedded are refused, naming the file.
        bad = os.path.join(tmp, 'bad.html')
        for src, words in (('nowhere.png', 'nowhere.png'), ('guide.pdf', 'guide.pdf')):
            with open(bad, 'w', encoding='utf-8') as f:
                f.write('<p><img src="%s"></p>' % src)
            r = run('template', 'add', 'bad', '--subject', 's', '--html', bad, ok=False)
            check('template add with <img src=%s>: exit' % src, r.returncode, 1)
            check('template add with <img src=%s>: names it' % src, words in r.stderr.decode(), True)
        r = run('template', 'add', 'bad', '--subject', 's', '--html', html, '--attach', os.path.join(tmp, 'nope.pdf'), ok=False)
        check('template add --attach missing: exit', r.returncode, 1)
        check('template add --attach missing: names it', 'nope.pdf' in r.stderr.decode(), True)
        check('nothing stored', 'bad' in [l.split('\t')[0] for l in run('template', 'list').stdout.decode().splitlines()], False)

        # A missing per-recipient file is reported before sending, and send refuses.
        os.unlink(own[1])
        run('campaign', 'create', 'missing-c', '--template', 'parity-hostile', '--list', 'hostile', '--account', 'outbox')
        c = run('campaign', 'check', 'missing-c', ok=False)
        check('check exit with a missing file', c.returncode, 1)
        lines = blocking_lines('missing-c')
        check('check lines', len(lines), 1)
        check('check names the address, field and path', lines[0].split('\t')[:3] if lines else None,
              ['h2@example.com', 'file', own[1]])
        shutil.rmtree(outbox, ignore_errors=True)
        s = run('campaign', 'send', 'missing-c', ok=False)
        check('send refuses', s.returncode, 1)
        check('send says how to see them', 'campaign check missing-c' in s.stderr.decode(), True)
        check('nothing sent', outbox_messages(outbox), {})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for f in failures:
        print('FAIL', f)
    print('%d recipients compared, %d failures' % (compared, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
