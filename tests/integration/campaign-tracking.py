#!/usr/bin/python3
# campaign-tracking.py — opens and clicks through the user's own tracking
# addresses: links rewritten in every message, a token per recipient, the
# unsubscribe and mailto: links untouched; the server's log read back into
# the report, which the test recomputes from the deliveries.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A campaign to the sample list with --utm, --track-click and --track-open
# is written to the Outbox. Each message's HTML part is read with Python's
# email and html.parser: every http(s) link goes through the click address
# with {url} the UTM-tagged link (its query and #fragment kept) and the
# recipient's token, the same token in the open pixel, stored for that
# delivery and nobody else's, nothing of the address in any URL; the
# unsubscribe link and mailto: are as written. Then an access log in the
# Combined Log Format is built from those very URLs (opens and clicks of
# some recipients, other requests, a token of nobody, garbage) and
# imported: the counts printed, a second import all duplicates, a CSV with
# a url column adding one more click. The report's opened and clicked
# numbers (`campaign report --opens`, `--recipients`) are recomputed here
# from the deliveries and their events.

import csv
import email
import email.policy
import html.parser
import io
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sendtest import Herald, Tap, cleanup, workdir  # noqa: E402

CLICK = 'https://t.example/r?u={url}&t={token}'
OPEN = 'https://t.example/o.gif?t={token}'
PAGE = 'https://shop.example/sale?item=1&color=red#top'
HTML = ('<html><body><p>New season.</p>'
        '<p><a href="https://shop.example/sale?item=1&amp;color=red#top">Sale</a> '
        '<a href="http://shop.example/">Shop</a> '
        '<a href="mailto:info@shop.example">Write to us</a></p>'
        '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>\n')


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.imgs = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'a' and 'href' in a:
            self.hrefs.append(a['href'])
        if tag == 'img' and 'src' in a:
            self.imgs.append(a['src'])


def html_part(msg):
    for part in msg.walk():
        if part.get_content_type() == 'text/html':
            return part.get_content()
    return None


def main():
    t = Tap()
    d = workdir('tracking')
    try:
        h = Herald(d)
        h.run('init', '--demo')
        path = os.path.join(d, 't.html')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(HTML)
        h.run('template', 'add', 'T', '--subject', 'News', '--html', path)

        bad = h.run('campaign', 'create', 'bad', '--template', 'T', '--list', 'Sample customers',
                    '--account', 'outbox', '--track-click', 'https://t.example/r?u={url}', check=False)
        t.ok(bad.returncode == 2 and '{token}' in bad.stderr, 'a click address without {token}: exit 2, says why',
             bad.stderr)
        h.run('campaign', 'create', 'C', '--template', 'T', '--list', 'Sample customers', '--account', 'outbox',
              '--utm', '--track-click', CLICK, '--track-open', OPEN)
        h.run('campaign', 'send', 'C')
        tokens = dict(h.query("SELECT lower(email), track_token FROM deliveries d JOIN campaigns c"
                              " ON c.id = d.campaign_id WHERE c.name = 'C'"))
        t.ok(len(tokens) > 3 and len(set(tokens.values())) == len(tokens) and
             all(v and len(v) == 24 for v in tokens.values()),
             'each delivery has its own 96-bit token', tokens)

        outbox = os.path.join(d, 'outbox', 'new')
        seen, problems, urls = {}, [], {}
        for name in sorted(os.listdir(outbox)):
            with open(os.path.join(outbox, name), 'rb') as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            to = email.utils.parseaddr(str(msg['To']))[1].lower()
            p = Links()
            p.feed(html_part(msg))
            token = tokens.get(to)
            tracked = [u for u in p.hrefs if u.startswith('https://t.example/r?')]
            if len(tracked) != 2:
                problems.append('%s: %d links rewritten, not 2: %r' % (to, len(tracked), p.hrefs))
                continue
            targets = []
            for u in tracked:
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)
                if q.get('t') != [token]:
                    problems.append('%s: token %r, not %r' % (to, q.get('t'), token))
                targets.append(q['u'][0])
            sale = urllib.parse.urlsplit(targets[0])
            sq = urllib.parse.parse_qs(sale.query)
            if not (targets[0].startswith('https://shop.example/sale?item=1&color=red&utm_source=') and
                    sale.fragment == 'top' and sq.get('utm_campaign') == ['C'] and sq.get('utm_medium') == ['email']):
                problems.append('%s: the sale link came to %r' % (to, targets[0]))
            if not targets[1].startswith('http://shop.example/?utm_source='):
                problems.append('%s: the shop link came to %r' % (to, targets[1]))
            if 'mailto:info@shop.example' not in p.hrefs:
                problems.append('%s: mailto changed: %r' % (to, p.hrefs))
            unsub = [u for u in p.hrefs if not u.startswith('https://t.example/') and not u.startswith('mailto:')]
            if len(unsub) != 1 or 'utm_' in unsub[0] or '{' in unsub[0]:
                problems.append('%s: the unsubscribe link is not as written: %r' % (to, unsub))
            if p.imgs != ['https://t.example/o.gif?t=%s' % token]:
                problems.append('%s: the open pixel is %r' % (to, p.imgs))
            local = to.split('@')[0]
            if any(local in u.lower() for u in tracked + p.imgs):
                problems.append('%s: the address shows in a tracking URL' % to)
            seen[to] = token
            urls[to] = (tracked, p.imgs[0] if p.imgs else None)
        t.ok(not problems and set(seen) == set(tokens),
             'every message: links through the click address with its own token, UTM kept inside with the '
             'fragment, the open pixel, unsubscribe and mailto untouched', problems[:3])

        # The server's log, from those URLs: the path and query as logged.
        people = sorted(urls)
        openers, clickers = people[:4], people[2:5]
        lines = []

        def logged(url, when):
            target = url[len('https://t.example'):]
            return ('203.0.113.7 - - [10/Jan/2027:10:%02d:00 +0900] "GET %s HTTP/1.1" 302 0 "-" '
                    '"Mozilla/5.0"' % (when, target))
        for i, who in enumerate(openers):
            lines.append(logged(urls[who][1], i))
            lines.append(logged(urls[who][1], i + 20))     # opened twice: one opener
        for i, who in enumerate(clickers):
            lines.append(logged(urls[who][0][0], 40 + i))
        lines.append('203.0.113.7 - - [10/Jan/2027:10:50:00 +0900] "GET /favicon.ico HTTP/1.1" 404 0')
        lines.append('203.0.113.7 - - [10/Jan/2027:10:51:00 +0900] "GET /o.gif?t=%s HTTP/1.1" 200 43'
                     % ('0' * 24))
        lines.append('garbage \x01 line "')
        log = os.path.join(d, 'access.log')
        with open(log, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        out = h.run('campaign', 'tracking-import', 'C', log)
        want = 'opens %d, clicks %d, duplicates 0, unmatched 3' % (2 * len(openers), len(clickers))
        t.ok(out.stdout.strip() == want and 'approximate' in out.stderr,
             'tracking-import counts the log: %s' % want, out.stdout + out.stderr)
        again = h.run('campaign', 'tracking-import', 'C', log).stdout.strip()
        t.ok(again == 'opens 0, clicks 0, duplicates %d, unmatched 3' % (2 * len(openers) + len(clickers)),
             'the same log again adds nothing', again)
        extra = people[6]
        csv_path = os.path.join(d, 'clicks.csv')
        with open(csv_path, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['time', 'URL', 'status'])
            w.writerow(['2027-01-10 11:00', urls[extra][0][1], '302'])
            w.writerow(['2027-01-10 11:01', 'https://elsewhere.example/', '200'])
        out = h.run('campaign', 'tracking-import', 'C', csv_path).stdout.strip()
        t.ok(out == 'opens 0, clicks 1, duplicates 0, unmatched 1', 'a CSV with a URL column adds a click', out)

        # The report, recomputed from the deliveries and their events.
        (cid,), = h.query("SELECT id FROM campaigns WHERE name = 'C'")
        sent = h.query("SELECT count(*) FROM deliveries WHERE campaign_id = ? AND state = 'sent'", cid)[0][0]
        rows = h.query("SELECT lower(d.email), e.kind FROM delivery_events e JOIN deliveries d"
                       " ON d.id = e.delivery_id WHERE d.campaign_id = ?", cid)
        opened = {e for e, k in rows if k == 'opened'}
        clicked = {e for e, k in rows if k == 'clicked'}
        t.ok(opened == set(openers) and clicked == set(clickers) | {extra},
             'the events are the log\'s, matched to the right recipients')
        rep = dict(line.split('\t', 1) for line in h.run('campaign', 'report', 'C', '--opens').stdout.splitlines()
                   if '\t' in line)
        want_open = '%d\t%.1f%%' % (len(opened), 100.0 * len(opened) / sent)
        want_click = '%d\t%.1f%%' % (len(clicked), 100.0 * len(clicked) / sent)
        t.ok(rep.get('opened') == want_open and rep.get('clicked') == want_click,
             'campaign report: opened %s, clicked %s' % (want_open, want_click), rep)
        per = h.run('campaign', 'report', 'C', '--recipients').stdout.splitlines()
        counts = {}
        for e, k in rows:
            o, c = counts.get(e, (0, 0))
            counts[e] = (o + (k == 'opened'), c + (k == 'clicked'))
        ok = True
        for line in per[1:]:
            e, o, c = line.split('\t')
            if counts.get(e.lower(), (0, 0)) != (int(o), int(c)):
                ok = False
        t.ok(ok and len(per) - 1 == sent, 'campaign report --recipients: each one\'s opens and clicks', per[:4])
    finally:
        cleanup(d)
    t.done()


if __name__ == '__main__':
    main()
