#!/usr/bin/python3
# cli-blocks.py — block templates through herald-cli: `template add NAME
# --subject S --blocks FILE.json` stores a document whose image file
# (relative to the document) is kept with the template, and `preview`
# writes a message rendered from the blocks that passes check-message.py's
# strict parser: the image as a cid: part, a contact's value with markup
# and quotes escaped, no <style>, the footer with the business details and
# the unsubscribe link. A mistake names its block (exit 1, nothing
# stored); --html with --blocks is bad usage (exit 2). A template made
# from a starter is a block template too.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

CLI = os.environ['HERALD_CLI']
CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-message.py')
POLICY = email.policy.default.clone(raise_on_defect=True)
failures = []
# The smallest PNG: one transparent pixel.
PNG = bytes.fromhex('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
                    '1f15c4890000000d49444154789c63f8cfc0f01f0005000101ff89993d1d'
                    '0000000049454e44ae426082')


def check(what, ok, detail=''):
    if not ok:
        failures.append('%s %s' % (what, detail))


def run(env, *args, status=0):
    p = subprocess.run([CLI] + list(args), capture_output=True, env=env)
    if p.returncode != status:
        raise SystemExit('herald-cli %s: exit %d, not %d: %s' % (' '.join(args), p.returncode, status, p.stderr.decode()))
    return p


def main():
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, HERALD_DB=os.path.join(tmp, 'h.db'), HERALD_OUTBOX=os.path.join(tmp, 'outbox'))
    run(env, 'init')
    run(env, 'business', 'set', '--name', 'Herald & Co.', '--address', '1-1 Chiyoda, Tokyo', '--contact', 'info@example.jp')
    with open(os.path.join(tmp, 'list.csv'), 'w', encoding='utf-8') as f:
        f.write('email,name\ntaro@example.jp,"<script>alert(""x"")</script> O\'Brien"\n')
    run(env, 'import', os.path.join(tmp, 'list.csv'), '--list', 'people')
    os.mkdir(os.path.join(tmp, 'doc'))
    with open(os.path.join(tmp, 'doc', 'logo.png'), 'wb') as f:
        f.write(PNG)
    doc = {'version': 1, 'lang': 'en', 'title': 'News', 'blocks': [
        {'type': 'header', 'title': 'News', 'logo': 'logo.png', 'logo_alt': 'Logo'},
        {'type': 'text', 'text': 'Hello {{ name | "there" }},\n\nSee **our** [new page](https://example.com/new).'},
        {'type': 'button', 'label': 'Open', 'url': 'https://example.com/open'},
        {'type': 'footer'}]}
    with open(os.path.join(tmp, 'doc', 'news.json'), 'w', encoding='utf-8') as f:
        json.dump(doc, f)

    # Bad usage and a mistake in a block: nothing stored.
    run(env, 'template', 'add', 'x', '--subject', 's', '--html', os.path.join(tmp, 'doc', 'news.json'),
        '--blocks', os.path.join(tmp, 'doc', 'news.json'), status=2)
    bad = dict(doc, blocks=doc['blocks'] + [{'type': 'button', 'label': 'Go', 'url': 'javascript:alert(1)'}])
    with open(os.path.join(tmp, 'doc', 'bad.json'), 'w', encoding='utf-8') as f:
        json.dump(bad, f)
    p = run(env, 'template', 'add', 'bad', '--subject', 's', '--blocks', os.path.join(tmp, 'doc', 'bad.json'), status=1)
    check('the mistake names its block', 'Block 5 (Button)' in p.stderr.decode(), p.stderr.decode())
    check('nothing stored for the mistake', 'bad\t' not in run(env, 'template', 'list').stdout.decode())

    run(env, 'template', 'add', 'news', '--subject', 'News for {{ name | "you" }}',
        '--blocks', os.path.join(tmp, 'doc', 'news.json'))
    db = sqlite3.connect(env['HERALD_DB'])
    blocks, html = db.execute("SELECT blocks, html FROM templates WHERE name = 'news'").fetchone()
    n_images = db.execute("SELECT count(*) FROM template_parts").fetchone()[0]
    db.close()
    check('the document is stored, its image named by cid:', json.loads(blocks)['blocks'][0]['logo'] == 'cid:logo.png', blocks)
    check('the image is stored with the template', n_images == 1, str(n_images))
    check('the HTML is the engine\'s', 'max-width:600px' in html and 'src="cid:logo.png"' in html)

    out = os.path.join(tmp, 'm.eml')
    run(env, 'preview', '--template', 'news', '--list', 'people', '--row', '1', '--out', out)
    want = os.path.join(tmp, 'want.json')
    with open(want, 'w') as f:
        json.dump({'text_links': True,
                   'structure': 'multipart/alternative[text/plain,multipart/related[text/html,image/png]]'}, f)
    p = subprocess.run(['/usr/bin/python3', CHECKER, out, want], capture_output=True)
    check('check-message.py', p.returncode == 0, p.stdout.decode())
    msg = email.message_from_bytes(open(out, 'rb').read(), policy=POLICY)
    html_part = [x for x in msg.walk() if x.get_content_type() == 'text/html'][0].get_content()
    check('no <style>', '<style' not in html_part.lower())
    check('the value escaped', '<script' not in html_part and
          'Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien,' in html_part, html_part[:2000])
    for needle in ('<strong>our</strong>', 'href="https://example.com/new"', 'href="https://example.com/open"',
                   'Herald &amp; Co.', '1-1 Chiyoda, Tokyo', 'info@example.jp', 'https://example.com/unsubscribe?t='):
        check('the HTML shows %r' % needle, needle in html_part)

    # A starter is a block template.
    run(env, 'template', 'add', 'sale', '--starter', 'sale', '--lang', 'ja')
    db = sqlite3.connect(env['HERALD_DB'])
    starter = db.execute("SELECT blocks FROM templates WHERE name = 'sale'").fetchone()[0]
    db.close()
    check('a starter keeps its blocks', starter is not None and json.loads(starter)['lang'] == 'ja')

    for f in failures:
        print('FAIL: ' + f)
    print('%s: %d failure(s)' % (os.path.basename(__file__), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
