#!/usr/bin/python3
# check-message.py — parse a message Herald sent with Python's strict
# email parser and compare it with what was meant.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-message.py MESSAGE EXPECTED.json
# EXPECTED keys (all optional): subject, from_name, from_addr, to_name,
# to_addr, message_id, html_file, text_file, list_unsubscribe,
# one_click (true/false), structure (e.g. "multipart/mixed[multipart/
# alternative[text/plain,multipart/related[text/html,image/png]],
# application/pdf]"), attachments ([[filename, bytes file]]), inline
# ([[cid, bytes file]]), list_id (the id between <>), list_name (the
# List-Id's phrase, decoded), text_links (true: every link of the HTML
# appears in the text part exactly as in its href).
# Always checked: a List-Id has RFC 2919's syntax; every Content-ID is
# RFC 2392's "<left@right>", every inline image's Content-ID is referred
# to by a "cid:" URL of the HTML and every "cid:" URL names one.
# Prints each failed check and exits 1; exit 0 when all pass.

import email
import email.policy
import html.parser
import json
import re
import sys
import urllib.parse

failures = []


def check(what, got, want):
    if got != want:
        failures.append('%s: got %r, want %r' % (what, got, want))


# RFC 5322 dot-atom-text, the form of RFC 2919's list-id and RFC 2392's
# content-id halves used here.
ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
DOT_ATOM = r'%s+(?:\.%s+)*' % (ATEXT, ATEXT)
LIST_ID = re.compile(r'^(?:(.*?)\s*)?<(%s\.%s)>$' % (ATEXT + '+', DOT_ATOM), re.S)
CONTENT_ID = re.compile(r'^<(%s)@(%s)>$' % (DOT_ATOM, DOT_ATOM))


class Links(html.parser.HTMLParser):
    """The href of each <a> and the src of each <img>, character references read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.srcs = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'a' and attrs.get('href'):
            self.hrefs.append(attrs['href'].strip())
        if tag == 'img' and attrs.get('src'):
            self.srcs.append(attrs['src'].strip())


def check_list_id(msg, want):
    raw = msg.get_all('List-Id') or []
    if len(raw) > 1:
        failures.append('%d List-Id headers' % len(raw))
    if not raw:
        if 'list_id' in want:
            failures.append('no List-Id')
        return
    value = re.sub(r'\r?\n[ \t]', ' ', str(raw[0]).strip())
    m = LIST_ID.match(value)
    if m is None or len(m.group(2)) > 255:
        failures.append('List-Id is not RFC 2919 syntax: %r' % value)
        return
    if 'list_id' in want:
        check('List-Id id', m.group(2), want['list_id'])
    if 'list_name' in want:
        name = m.group(1) or ''
        if name.startswith('"') and name.endswith('"'):
            name = re.sub(r'\\(.)', r'\1', name[1:-1])
        check('List-Id name', name, want['list_name'])


def check_content_ids(msg, html_text):
    cids = []
    for part in msg.walk():
        if part.is_multipart() or part.get('Content-ID') is None:
            continue
        value = str(part['Content-ID']).strip()
        if CONTENT_ID.match(value) is None:
            failures.append('Content-ID is not RFC 2392 "<left@right>": %r' % value)
        cids.append(value[1:-1])
    if html_text is None:
        return
    links = Links()
    links.feed(html_text)
    refs = [urllib.parse.unquote(u[4:]) for u in links.srcs + links.hrefs if u.lower().startswith('cid:')]
    for ref in refs:
        if ref not in cids:
            failures.append('cid:%s in the HTML names no Content-ID (%r)' % (ref, cids))
    for cid in cids:
        if cid not in refs:
            failures.append('Content-ID <%s> is not referred to by the HTML' % cid)


def check_text_links(html_text, text):
    links = Links()
    links.feed(html_text or '')
    for href in links.hrefs:
        if href.startswith('#') or href.lower().startswith('javascript:'):
            continue
        shown = href[7:] if href.lower().startswith('mailto:') and '?' not in href else href
        if shown not in (text or ''):
            failures.append('the link %r of the HTML is not in the text part as it is' % shown)


def structure(part):
    if part.is_multipart():
        return '%s[%s]' % (part.get_content_type(),
                           ','.join(structure(p) for p in part.iter_parts()))
    return part.get_content_type()


def main():
    raw = open(sys.argv[1], 'rb').read()
    want = json.load(open(sys.argv[2], encoding='utf-8'))

    # The envelope lines a Maildir writer puts in front are not Herald's.
    policy = email.policy.default.clone(raise_on_defect=True)
    msg = email.message_from_bytes(raw, policy=policy)

    # Every header must parse without a defect.
    for name, value in msg.items():
        if getattr(value, 'defects', None):
            failures.append('header %s has defects: %r' % (name, value.defects))
    for part in msg.walk():
        if part.defects:
            failures.append('part %s has defects: %r' % (part.get_content_type(), part.defects))

    # RFC 5322: CRLF line ends, at most 998 characters a line.
    body_start = raw.find(b'\r\n\r\n')
    lines = raw.split(b'\r\n')
    if any(b'\n' in l or b'\r' in l for l in lines):
        failures.append('a bare LF or CR in the message')
    longest = max(len(l) for l in lines)
    if longest > 998:
        failures.append('a line of %d characters (limit 998)' % longest)
    header_lines = raw[:body_start].split(b'\r\n')
    for l in header_lines:
        if any(b > 127 for b in l):
            failures.append('non-ASCII header line: %r' % l[:80])

    if 'subject' in want:
        check('Subject', str(msg['Subject']), want['subject'])
    if 'from_name' in want or 'from_addr' in want:
        a = msg['From'].addresses[0]
        check('From name', a.display_name, want.get('from_name', a.display_name))
        check('From address', a.addr_spec, want.get('from_addr', a.addr_spec))
    if 'to_name' in want or 'to_addr' in want:
        a = msg['To'].addresses[0]
        check('To name', a.display_name, want.get('to_name', a.display_name))
        check('To address', a.addr_spec, want.get('to_addr', a.addr_spec))
    if 'message_id' in want:
        check('Message-ID', str(msg['Message-ID']), want['message_id'])
    if msg['Date'] is None or msg['Date'].datetime is None:
        failures.append('no valid Date')
    check('MIME-Version', str(msg['MIME-Version']), '1.0')
    if 'list_unsubscribe' in want:
        check('List-Unsubscribe', str(msg['List-Unsubscribe']), want['list_unsubscribe'])
    if 'one_click' in want:
        got = msg['List-Unsubscribe-Post']
        check('List-Unsubscribe-Post', str(got) if got is not None else None,
              'List-Unsubscribe=One-Click' if want['one_click'] else None)
    if 'structure' in want:
        check('structure', structure(msg), want['structure'])

    def find(ctype):
        for part in msg.walk():
            if part.get_content_type() == ctype and part.get_content_disposition() != 'attachment':
                return part
        return None

    for key, ctype in (('html_file', 'text/html'), ('text_file', 'text/plain')):
        if key in want:
            part = find(ctype)
            expected = open(want[key], 'rb').read()
            if part is None:
                failures.append('no %s part' % ctype)
                continue
            check(ctype + ' charset', part.get_content_charset(), 'utf-8')
            decoded = part.get_payload(decode=True)
            # MIME's canonical text has CRLF line ends; compare the text.
            check(ctype + ' bytes', decoded.replace(b'\r\n', b'\n'), expected.replace(b'\r\n', b'\n'))
            check(ctype + ' text', part.get_content().replace('\r\n', '\n'),
                  expected.decode('utf-8').replace('\r\n', '\n'))

    html_part, text_part = find('text/html'), find('text/plain')
    html_text = html_part.get_content() if html_part is not None else None
    text_text = text_part.get_content() if text_part is not None else None
    check_list_id(msg, want)
    check_content_ids(msg, html_text)
    if want.get('text_links'):
        check_text_links(html_text, text_text)

    for key, disposition in (('attachments', 'attachment'), ('inline', 'inline')):
        for name, path in want.get(key, []):
            expected = open(path, 'rb').read()
            found = None
            for part in msg.walk():
                if part.is_multipart() or part.get_content_disposition() != disposition:
                    continue
                label = part.get_filename() if disposition == 'attachment' else str(part['Content-ID'])
                if label == name:
                    found = part
            if found is None:
                failures.append('no %s part %r' % (disposition, name))
            else:
                check('%s %r bytes' % (disposition, name), found.get_payload(decode=True), expected)

    for f in failures:
        print('check-message: ' + f)
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
