#!/usr/bin/python3
# campaign-check.py — `herald-cli campaign check`, the pre-send checklist:
# a seeded bad campaign in which each listed problem is caught, one line
# each naming the address, field or URL, and a good campaign that passes
# with no warnings.
#
# Links are fetched from an HTTP server on loopback that this script
# starts (200, 301→200, 404, 500, a redirect loop, one slower than the
# time limit). DNS is answered from a table (HERALD_TEST_DNS, read by
# app/base/herald-table-resolver.c): it stands in for DNS because the
# test machines have no network.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import http.server
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import check, failures, run  # noqa: E402



class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split('?')[0]
        if path == '/slow':
            time.sleep(6)
        if path in ('/ok', '/slow', '/u'):
            self.send_response(200)
            body = b'<p>fine</p>'
            self.send_header('Content-Type', 'text/html')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass    # the check stopped waiting: as it should
            return
        if path == '/moved':
            self.send_response(301)
            self.send_header('Location', '/ok')
        elif path == '/loop':
            self.send_response(302)
            self.send_header('Location', '/loop')
        elif path == '/error':
            self.send_response(500)
        else:
            self.send_response(404)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, *args):
        pass


DNS = '''
# the good sender: SPF, DMARC and a DKIM key under Google's selector
MX   yamada-shoten.jp                   1 aspmx.l.google.com
TXT  yamada-shoten.jp                   v=spf1 include:_spf.google.com ~all
TXT  _dmarc.yamada-shoten.jp            v=DMARC1; p=none; rua=mailto:dmarc@yamada-shoten.jp
TXT  google._domainkey.yamada-shoten.jp v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest
# the bad sender: mail at Microsoft 365, but no SPF, no DMARC; its DKIM
# key is under a selector of its own
MX   bad-sender.jp                      0 bad-sender-jp.mail.protection.outlook.com
TXT  bad-sender.jp                      google-site-verification=abc
TXT  custom._domainkey.bad-sender.jp    v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother
# recipients
MX   customers.jp                       10 mx.customers.jp
A    webonly.jp                         192.0.2.10
MX   nullmx.jp                          0 .
FAIL broken-dns.jp
SLOW slow-dns.jp
'''

GOOD_HTML = '''<p>{{ name }}様</p>
<p>新商品のご案内です。<a href="http://127.0.0.1:%(port)d/ok">詳しくはこちら</a>、
<a href="http://127.0.0.1:%(port)d/moved">店舗案内</a></p>
<hr>
<p>山田商店 〒100-0001 東京都千代田区千代田1-1 TEL 03-1234-5678
<a href="mailto:info@yamada-shoten.jp">お問い合わせ</a></p>
<p>配信停止は<a href="{{ unsubscribe_url }}">こちら</a></p>
'''

BAD_HTML = '''<p>{{ name }}様</p>
<p><a href="http://127.0.0.1:%(port)d/ok">ok</a>
<a href="http://127.0.0.1:%(port)d/missing">missing</a>
<a href='http://127.0.0.1:%(port)d/error?a=1&amp;b=2'>error</a>
<a href="http://127.0.0.1:%(port)d/loop">loop</a>
<a href="http://127.0.0.1:%(port)d/slow">slow</a>
<a href="http://127.0.0.1:1/closed">closed</a>
<a href="http://no-such-host.jp/page">nowhere</a>
<a href="#top">top</a></p>
<!-- %(padding)s -->
'''

BAD_ADDRESSES = {
    'taro@gmial.com': ('email', 'gmial.com', 'gmail.com'),
    'hanako@yahoo.co.jpp': ('email', 'yahoo.co.jpp', 'yahoo.co.jp'),
    'jiro@docomo.ne.j': ('email', 'docomo.ne.j', 'docomo.ne.jp'),
    'saburo@ezweb.ne.jo': ('email', 'ezweb.ne.jo', 'ezweb.ne.jp'),
    'info@customers.jp': ('email', '', 'role address'),
    'noreply@customers.jp': ('email', '', 'role address'),
    'ken@nomail.jp': ('email', 'nomail.jp', 'no mail server'),
    'yoko@nullmx.jp': ('email', 'nullmx.jp', 'takes no mail'),
}


def lines_of(p):
    return [l.split('\t') for l in p.stdout.decode().splitlines()]


def main():
    tmp = tempfile.mkdtemp(prefix='herald-check-')
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        os.environ['HERALD_DB'] = os.path.join(tmp, 'herald.db')
        os.environ['HERALD_OUTBOX'] = os.path.join(tmp, 'outbox')
        dns = os.path.join(tmp, 'dns.txt')
        with open(dns, 'w') as f:
            f.write(DNS)
        os.environ['HERALD_TEST_DNS'] = dns
        run('init')

        # The good campaign.
        good_csv = os.path.join(tmp, 'good.csv')
        with open(good_csv, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['email', 'name'])
            w.writerows([['taro@customers.jp', '太郎'], ['hanako@webonly.jp', '花子'], ['kei@customers.jp', '圭']])
        run('import', good_csv, '--list', 'good', '--consent-source', 'signed up on the shop website')
        html = os.path.join(tmp, 'good.html')
        with open(html, 'w') as f:
            f.write(GOOD_HTML % {'port': port})
        run('template', 'add', 'good', '--subject', '{{ name }}様へ', '--html', html)
        run('account', 'add', 'good', '--host', '127.0.0.1', '--port', '9', '--security', 'none',
            '--from', '山田商店 <news@yamada-shoten.jp>', '--unsubscribe', 'https://yamada-shoten.jp/unsubscribe')
        run('campaign', 'create', 'good', '--template', 'good', '--list', 'good', '--account', 'good')
        p = run('campaign', 'check', 'good', '--timeout', '3', ok=False)
        check('good: exit', p.returncode, 0)
        check('good: no lines', p.stdout.decode(), '')
        check('good: no notes', p.stderr.decode(), '')

        # The bad campaign: 4,600 recipients (near 5,000 a day).
        bad_csv = os.path.join(tmp, 'bad.csv')
        with open(bad_csv, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['email', 'name'])
            for a in BAD_ADDRESSES:
                w.writerow([a, 'x'])
            w.writerow(['amy@broken-dns.jp', 'x'])
            w.writerow(['bob@slow-dns.jp', 'x'])
            w.writerow(['gone@customers.jp', 'x'])
            w.writerow(['later@customers.jp', 'x'])
            for i in range(4600 - len(BAD_ADDRESSES) - 4):
                w.writerow(['person%d@customers.jp' % i, 'x'])
        run('import', bad_csv, '--list', 'bad')
        run('suppression', 'add', 'gone@customers.jp', '--reason', 'bounced')
        html = os.path.join(tmp, 'bad.html')
        with open(html, 'w') as f:
            f.write(BAD_HTML % {'port': port, 'padding': 'x' * 110000})
        run('template', 'add', 'bad', '--subject', 'sale', '--html', html)
        run('account', 'add', 'bad', '--host', '127.0.0.1', '--port', '9', '--security', 'none',
            '--from', 'news@bad-sender.jp')
        run('campaign', 'create', 'bad', '--template', 'bad', '--list', 'bad', '--account', 'bad')
        run('suppression', 'add', 'later@customers.jp')

        started = time.monotonic()
        p = run('campaign', 'check', 'bad', '--timeout', '2', ok=False)
        took = time.monotonic() - started
        out = lines_of(p)
        err = p.stderr.decode()
        check('bad: exit', p.returncode, 1)
        check('bad: four columns a line', [l for l in out if len(l) != 4], [])
        check('bad: the slow link and DNS are cut at the time limit', took < 15, True)

        def find(email='', field=None, value=None):
            return [l for l in out if l[0] == email and (field is None or l[1] == field) and (value is None or l[2] == value)]

        for addr, (field, value, words) in BAD_ADDRESSES.items():
            found = find(addr, field, value)
            check('bad: one line for %s' % addr, len(found), 1)
            if found:
                check('bad: %s says %s' % (addr, words), words in found[0][3] or ('“%s”' % words) in found[0][3], True)
        check('bad: nothing about good addresses', find('person1@customers.jp'), [])
        check('bad: a domain that cannot answer is not "missing"', find('amy@broken-dns.jp') + find('bob@slow-dns.jp'), [])
        check('bad: ... it is a note', 'broken-dns.jp' in err and 'slow-dns.jp' in err, True)
        check('bad: the slow domain ran out of time', 'no answer within 2 seconds' in err, True)
        check('bad: the suppressed were left out, and said', 'left out when the campaign was made' in err and
              'suppressed after the campaign was made' in err, True)
        check('bad: not checked, the suppressed', find('gone@customers.jp') + find('later@customers.jp'), [])

        for what in ('spf', 'dmarc', 'dkim'):
            check('bad: the sender lacks %s' % what, len(find('', what, 'bad-sender.jp')), 1)
        dkim = find('', 'dkim', 'bad-sender.jp')
        check('bad: DKIM names Microsoft 365\'s selectors', bool(dkim) and 'selector1' in dkim[0][3] and 'Microsoft 365' in dkim[0][3], True)
        check('bad: the CLI says how to give a selector', '--dkim-selector' in err, True)

        base = 'http://127.0.0.1:%d/' % port
        check('bad: 200 passes', find('', 'link', base + 'ok'), [])
        for path, words in (('missing', '404'), ('error?a=1&b=2', '500'), ('loop', 'redirects more than'),
                            ('slow', 'did not answer within 2 seconds')):
            found = find('', 'link', base + path)
            check('bad: the link %s' % path, len(found), 1)
            check('bad: the link %s says %s' % (path, words), bool(found) and words in found[0][3], True)
        check('bad: a closed port', len(find('', 'link', 'http://127.0.0.1:1/closed')), 1)
        check('bad: a host that does not exist', len(find('', 'link', 'http://no-such-host.jp/page')), 1)
        check('bad: mailto and anchors are not fetched', [l for l in out if l[1] == 'link' and not l[2].startswith('http')], [])

        for item in ('sender-name', 'postal-address', 'contact', 'opt-out'):
            found = find('', 'identity', item)
            check('bad: identity %s' % item, len(found), 1)
            check('bad: identity %s cites the law' % item, bool(found) and '特定電子メール法' in found[0][3], True)
        check('bad: no List-Unsubscribe header', len(find('', 'unsubscribe', '')), 1)
        size = find('', 'size', 'html')
        check('bad: the HTML is too big', len(size), 1)
        check('bad: ... Gmail clips it', bool(size) and '102 KB' in size[0][3], True)
        volume = find('', 'volume')
        check('bad: the volume', [l[2] for l in volume], ['4598'])
        check('bad: ... the bulk-sender rules', bool(volume) and 'one-click unsubscribe' in volume[0][3] and 'DMARC' in volume[0][3], True)

        # The user's own DKIM selector.
        p = run('campaign', 'check', 'bad', '--timeout', '2', '--dkim-selector', 'custom', ok=False)
        check('bad: with its selector, DKIM is found', find_in(p, 'dkim'), [])
        check('bad: ... SPF still missing', len(find_in(p, 'spf')), 1)

        # ... or the account's, stored with it.
        p = run('account', 'add', 'bad-custom', '--host', '127.0.0.1', '--port', '9', '--security', 'none',
                '--from', 'news@bad-sender.jp', '--dkim-selector', 'custom', ok=False)
        check('account add --dkim-selector: exit', p.returncode, 0)
        run('campaign', 'create', 'bad-custom', '--template', 'bad', '--list', 'bad', '--account', 'bad-custom')
        p = run('campaign', 'check', 'bad-custom', '--timeout', '2', ok=False)
        check('bad: with the account\'s selector, DKIM is found', find_in(p, 'dkim'), [])
        check('bad: ... and no hint to give one', '--dkim-selector' in p.stderr.decode(), False)
        p = run('account', 'add', 'bad-selector', '--host', '127.0.0.1', '--port', '9', '--security', 'none',
                '--from', 'news@bad-sender.jp', '--dkim-selector', 'not a selector', ok=False)
        check('account add with a bad selector: exit', p.returncode, 1)
        check('... says what a selector is', '_domainkey' in p.stderr.decode(), True)

        # Offline: nothing from DNS or the links, and it says so.
        p = run('campaign', 'check', 'bad', '--offline', ok=False)
        check('offline: no DNS lines', [l for l in lines_of(p) if l[1] in ('spf', 'dmarc', 'dkim', 'link')], [])
        check('offline: typos are still found', len([l for l in lines_of(p) if l[0] == 'taro@gmial.com']), 1)
        check('offline: says so', 'not checked (offline)' in p.stderr.decode(), True)

        # A template that uses a field the list lacks: an error line.
        html = os.path.join(tmp, 'fields.html')
        with open(html, 'w') as f:
            f.write(GOOD_HTML.replace('{{ name }}', '{{ shoe_size }}') % {'port': port})
        run('template', 'add', 'fields', '--subject', 's', '--html', html)
        run('campaign', 'create', 'fields', '--template', 'fields', '--list', 'good', '--account', 'good')
        p = run('campaign', 'check', 'fields', '--timeout', '3', ok=False)
        check('fields: exit', p.returncode, 1)
        check('fields: names the field', [l for l in lines_of(p) if 'shoe_size' in l[3]] != [], True)
    finally:
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)

    print('1..%d' % clitest.n_checks)
    for i, f in enumerate(failures):
        print('not ok %d - %s' % (i + 1, f))
    for i in range(len(failures), clitest.n_checks):
        print('ok %d' % (i + 1))
    return 1 if failures else 0


def find_in(p, field):
    return [l for l in lines_of(p) if l[1] == field]


if __name__ == '__main__':
    sys.exit(main())
