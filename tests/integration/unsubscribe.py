#!/usr/bin/python3
# unsubscribe.py — campaign messages as herald-cli sends them to the
# Outbox: no recipient's address in any URL (headers, HTML, text), one
# private token a recipient in the unsubscribe link and address, a List-Id,
# RFC 2392 Content-IDs and text-part links as in the HTML (each message
# through check-message.py's strict parser); and `campaign check` and
# `campaign send` refusing a template whose unsubscribe link the account
# lacks, naming the fix, with nothing sent.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import csv
import email
import email.policy
import glob
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import blocking_lines, check, cli_folder, failures, run  # noqa: E402

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-message.py')
POLICY = email.policy.default.clone(raise_on_defect=True)
PNG = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')
TOKEN = re.compile(r'^[A-Za-z0-9_-]{22,40}$')
URL = re.compile(r'(?:https?://|mailto:)[^\s<>"\')]+', re.I)
LIST_NAME = 'お客様リスト "VIP"'
ADDRESSES = ['taro.yamada@example.jp', "o'brien+news@example.com", 'Mixed.Case@Example.COM', 'a_b-c@sub.example.org']


def sql(db, query, *params):
    con = sqlite3.connect(db)
    try:
        rows = con.execute(query, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def messages(outbox):
    found = {}
    for path in glob.glob(os.path.join(outbox, 'new', '*')):
        raw = open(path, 'rb').read()
        msg = email.message_from_bytes(raw, policy=POLICY)
        found[msg['To'].addresses[0].addr_spec.lower()] = (path, raw, msg)
    return found


def urls_of(raw, msg):
    """Every URL of the message: in its headers, its HTML and its text."""
    found = []
    head = raw[:raw.find(b'\r\n\r\n')].decode('ascii', 'replace')
    found += re.findall(r'<([^<>]+)>', re.sub(r'\r\n[ \t]', ' ', '\n'.join(
        l for l in head.split('\r\n') if l.lower().startswith(('list-', ' ', '\t')))))
    for part in msg.walk():
        if part.get_content_maintype() == 'text':
            body = part.get_content()
            found += re.findall(r'(?:href|src)="([^"]*)"', body)
            found += URL.findall(body)
    return found


def shows_address(url, addr):
    text = url.lower()
    for _ in range(3):
        text = urllib.parse.unquote_plus(text) if '+' not in addr else urllib.parse.unquote(text)
    text = text.replace('&amp;', '&').replace('&#64;', '@')
    return addr.lower() in text or urllib.parse.quote(addr.lower(), safe='') in url.lower()


def token_of(url):
    if url.lower().startswith('mailto:'):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        subject = q.get('subject', [''])[0]
        return subject[len('unsubscribe '):] if subject.startswith('unsubscribe ') else None
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(url.replace('&amp;', '&')).query)
    return q.get('t', [None])[0]


def check_campaign(tmp, db, outbox, campaign, list_id, sub_address):
    shutil.rmtree(outbox, ignore_errors=True)
    run('campaign', 'create', campaign, '--template', 'unsub', '--list', LIST_NAME, '--account', 'outbox')
    check(campaign + ': check exit', blocking_lines(campaign), [])
    check(campaign + ': send exit', run('campaign', 'send', campaign, ok=False).returncode, 0)
    sent = messages(outbox)
    check(campaign + ': messages', sorted(sent), sorted(a.lower() for a in ADDRESSES))
    tokens = set()
    for addr, (path, raw, msg) in sorted(sent.items()):
        who = '%s %s' % (campaign, addr)
        # The strict parser: List-Id, Content-IDs, text links.
        want = os.path.join(tmp, 'want.json')
        with open(want, 'w', encoding='utf-8') as f:
            json.dump({'list_name': LIST_NAME, 'text_links': True,
                       'structure': 'multipart/alternative[text/plain,multipart/related[text/html,image/png]]'}, f)
        p = subprocess.run(['/usr/bin/python3', CHECKER, path, want], capture_output=True)
        check(who + ': check-message.py', p.stdout.decode(), '')
        check(who + ': List-Id', re.match(r'^.* <%d\.[0-9a-f]{8}\.herald\.example\.jp>$' % list_id,
                                          re.sub(r'\s+', ' ', str(msg['List-Id']))) is not None, True)
        cids = [str(part['Content-ID']) for part in msg.walk() if part.get('Content-ID')]
        check(who + ': Content-ID', len(cids) == 1 and re.match(r'^<logo\.png\.[0-9a-f]{16}@example\.jp>$', cids[0]) is not None, True)

        urls = urls_of(raw, msg)
        check(who + ': URLs found', len(urls) >= 6, True)
        for url in urls:
            check(who + ': no address in ' + url, shows_address(url, addr), False)

        # One token, in the header's link and address and the body's.
        header = re.findall(r'<([^<>]+)>', re.sub(r'\s+', ' ', str(msg['List-Unsubscribe'])))
        check(who + ': List-Unsubscribe has a mailto and an https link', [u.split(':')[0] for u in header], ['mailto', 'https'])
        if len(header) != 2:
            continue
        token = token_of(header[1])
        check(who + ': token ' + repr(token), token is not None and TOKEN.match(token) is not None, True)
        check(who + ': the link keeps its own query', header[1].startswith('https://example.com/unsubscribe?list=news&t='), True)
        if sub_address:
            check(who + ': token in the address', header[0], 'mailto:unsubscribe+%s@example.com' % token)
        else:
            check(who + ': token in the subject', header[0], 'mailto:unsubscribe@example.com?subject=unsubscribe%%20%s' % token)
        html = [p for p in msg.walk() if p.get_content_type() == 'text/html'][0].get_content()
        check(who + ': the body\'s link is the header\'s', 'href="%s"' % header[1].replace('&', '&amp;') in html, True)
        tokens.add(token)
    check(campaign + ': a token per recipient', len(tokens), len(ADDRESSES))
    return tokens


def main():
    tmp, db, outbox = cli_folder('unsub')
    try:
        run('init', '--demo')
        # The sample gives the Outbox an example unsubscribe link.
        check('the sample Outbox\'s link', sql(db, "SELECT unsubscribe_url FROM accounts WHERE name = 'outbox'"),
              [('https://example.com/unsubscribe',)])
        sql(db, "UPDATE accounts SET from_addr = 'Shop <shop@example.jp>', unsubscribe_mailto = 'mailto:unsubscribe@example.com',"
                " unsubscribe_url = 'https://example.com/unsubscribe?list=news' WHERE name = 'outbox'")

        with open(os.path.join(tmp, 'logo.png'), 'wb') as f:
            f.write(PNG)
        people = os.path.join(tmp, 'people.csv')
        with open(people, 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f)
            w.writerow(['email', 'name', 'page'])
            for i, addr in enumerate(ADDRESSES):
                w.writerow([addr, 'Name %d' % i, 'https://example.jp/a b/é?x=%d&y=2' % i])
        run('import', people, '--list', LIST_NAME)
        list_id = sql(db, 'SELECT id FROM lists WHERE name = ?', LIST_NAME)[0][0]
        html = os.path.join(tmp, 'unsub.html')
        with open(html, 'w', encoding='utf-8') as f:
            f.write('<p>{{ name }}</p><p><img src="logo.png" alt="logo"></p>\n'
                    '<p><a href="{{ page }}">page</a> <a href="https://example.jp/find?q={{ name }}">find</a></p>\n'
                    '<p><a href="{{ unsubscribe_url }}">stop</a> <a href="{{ unsubscribe_mailto }}">write</a></p>\n')
        run('template', 'add', 'unsub', '--subject', 'Hello {{ name }}', '--html', html)

        # The sample newsletter, as shipped, sends from the sample's Outbox.
        sample = run('template', 'list').stdout.decode().splitlines()[0].split('\t')[0]
        run('campaign', 'create', 'sample-c', '--template', sample, '--list', 'Sample customers', '--account', 'outbox')
        check('sample: check exit', blocking_lines('sample-c'), [])
        check('sample: send exit', run('campaign', 'send', 'sample-c', ok=False).returncode, 0)
        for addr, (path, raw, msg) in messages(outbox).items():
            for url in urls_of(raw, msg):
                check('sample %s: no address in %s' % (addr, url), shows_address(url, addr), False)

        subject_tokens = check_campaign(tmp, db, outbox, 'c-subject', list_id, False)
        # Sent again: the same tokens (they name the contact and the list).
        again = check_campaign(tmp, db, outbox, 'c-again', list_id, False)
        check('the same tokens for the same recipients', again, subject_tokens)
        sql(db, "UPDATE accounts SET unsubscribe_token_in = 'address' WHERE name = 'outbox'")
        check_campaign(tmp, db, outbox, 'c-address', list_id, True)

        # An account without an unsubscribe link: check and send refuse.
        run('account', 'add', 'nolink', '--quiet-hours', 'off', '--host', '127.0.0.1', '--port', '9', '--security', 'none',
            '--from', 'shop@example.jp')
        run('campaign', 'create', 'c-nolink', '--template', 'unsub', '--list', LIST_NAME, '--account', 'nolink')
        c = run('campaign', 'check', 'c-nolink', ok=False)
        check('no link: check exit', c.returncode, 1)
        lines = blocking_lines('c-nolink')
        check('no link: one line', len(lines), 1)
        fields = lines[0].split('\t') if lines else []
        check('no link: the line', fields[:3], ['', 'unsubscribe_url', ''])
        check('no link: names the fix', len(fields) == 4 and '“nolink” in Preferences → Accounts' in fields[3], True)
        shutil.rmtree(outbox, ignore_errors=True)
        s = run('campaign', 'send', 'c-nolink', ok=False)
        check('no link: send stops (exit 3)', s.returncode, 3)
        check('no link: send says why', 'Preferences → Accounts' in s.stderr.decode(), True)
        status = run('campaign', 'status', 'c-nolink').stdout.decode().splitlines()
        check('no link: the campaign is paused', status[0].split('\t')[1] if status else None, 'paused')
        reason = sql(db, "SELECT pause_reason FROM campaigns WHERE name = 'c-nolink'")[0][0] or ''
        check('no link: the reason is kept', 'Preferences → Accounts' in reason and 'nolink' in reason, True)
        check('no link: nothing sent', sql(db, "SELECT d.state, count(*) FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id"
                                               " WHERE c.name = 'c-nolink' GROUP BY d.state"), [('queued', len(ADDRESSES))])

        # Only an unsubscribe address is asked for, and the account has only a link.
        html2 = os.path.join(tmp, 'mailonly.html')
        with open(html2, 'w', encoding='utf-8') as f:
            f.write('<p><a href="{{ unsubscribe_mailto }}">write to stop</a></p>\n')
        run('template', 'add', 'mailonly', '--subject', 's', '--html', html2)
        run('account', 'add', 'noaddr', '--quiet-hours', 'off', '--host', '127.0.0.1', '--port', '9', '--security', 'none',
            '--from', 'shop@example.jp', '--unsubscribe', 'https://example.jp/u')
        run('campaign', 'create', 'c-noaddr', '--template', 'mailonly', '--list', LIST_NAME, '--account', 'noaddr')
        c = run('campaign', 'check', 'c-noaddr', ok=False)
        check('no address: check exit', c.returncode, 1)
        check('no address: the field', [l.split('\t')[1] for l in blocking_lines('c-noaddr')], ['unsubscribe_mailto'])

        # An account with only an address: {{ unsubscribe_url }} is the mailto: link.
        html4 = os.path.join(tmp, 'linkonly.html')
        with open(html4, 'w', encoding='utf-8') as f:
            f.write('<p><a href="{{ unsubscribe_url }}">stop</a></p>\n')
        run('template', 'add', 'linkonly', '--subject', 's', '--html', html4)
        run('account', 'add', 'addronly', '--quiet-hours', 'off', '--host', '127.0.0.1', '--port', '9', '--security', 'none',
            '--from', 'shop@example.jp', '--unsubscribe', 'mailto:unsubscribe@example.jp')
        run('campaign', 'create', 'c-addronly', '--template', 'linkonly', '--list', LIST_NAME, '--account', 'addronly')
        check('address only: check exit', blocking_lines('c-addronly'), [])
        sql(db, "UPDATE accounts SET unsubscribe_url = NULL WHERE name = 'outbox'")
        run('campaign', 'create', 'c-outbox-addr', '--template', 'linkonly', '--list', LIST_NAME, '--account', 'outbox')
        shutil.rmtree(outbox, ignore_errors=True)
        check('address only: send exit', run('campaign', 'send', 'c-outbox-addr', ok=False).returncode, 0)
        for addr, (path, raw, msg) in messages(outbox).items():
            html = [p for p in msg.walk() if p.get_content_type() == 'text/html'][0].get_content()
            link = re.findall(r'href="([^"]*)"', html)
            check('address only %s: the link is the mailto' % addr,
                  len(link) == 1 and re.match(r'^mailto:unsubscribe\+[A-Za-z0-9_-]{22,40}@example\.com$', link[0]) is not None, True)
            check('address only %s: the header has the mailto alone' % addr,
                  re.findall(r'<([a-z]+):', str(msg['List-Unsubscribe'])), ['mailto'])

        # Shown only when there is one ({{#if}}): no error.
        html3 = os.path.join(tmp, 'guarded.html')
        with open(html3, 'w', encoding='utf-8') as f:
            f.write('<p>{{#if unsubscribe_url}}<a href="{{ unsubscribe_url }}">stop</a>{{/if}}</p>\n')
        run('template', 'add', 'guarded', '--subject', 's', '--html', html3)
        run('campaign', 'create', 'c-guarded', '--template', 'guarded', '--list', LIST_NAME, '--account', 'nolink')
        check('guarded: check exit', blocking_lines('c-guarded'), [])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for f in failures:
        print('unsubscribe: ' + f)
    print('unsubscribe: %d checks, %d failed' % (clitest.n_checks, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
