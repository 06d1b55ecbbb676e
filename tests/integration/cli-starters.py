#!/usr/bin/python3
# cli-starters.py — the starter templates as herald-cli makes them:
# `template starters` lists each (name, tab, title in the UI's language);
# `template add NAME --starter S [--lang ja|en]` makes every starter in
# both languages, and each one, previewed for contacts of the demo list
# (`herald-cli preview`), is a message that passes check-message.py's
# strict parser, carries the business details set with `business set`
# and the recipient's unsubscribe link in its footer (HTML and text), has
# a text part with real words, and leaves no "{{" behind. `business
# set|show` and `campaign check` naming a business detail not yet set.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import html
import json
import os
import re
import subprocess
import sys
import tempfile

CLI = os.environ['HERALD_CLI']
CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-message.py')
POLICY = email.policy.default.clone(raise_on_defect=True)
STARTERS = ['newsletter', 'sale', 'event', 'letter']
NAME, ADDRESS, CONTACT = 'ヘラルド文具店 & Co.', '〒100-0001 東京都千代田区千代田1-1 <2F>', 'info@example.jp / 03-1234-5678'
failures = []
n_checks = 0



def business_lines(p):
    """campaign check's lines about business details (field sender_…)."""
    return ''.join(l + '\n' for l in p.stdout.decode().splitlines() if l.split('\t')[1:2] and
                   l.split('\t')[1].startswith('sender_'))

def check(what, ok, detail=''):
    global n_checks
    n_checks += 1
    if not ok:
        failures.append('%s %s' % (what, detail))


def run(env, *args, ok=True):
    p = subprocess.run([CLI] + list(args), capture_output=True, env=env)
    if ok and p.returncode != 0:
        raise SystemExit('herald-cli %s failed (%d): %s' % (' '.join(args), p.returncode, p.stderr.decode()))
    return p


def words(text):
    """The words of @text that are not URLs or addresses: letters in runs."""
    text = re.sub(r'(?:https?://|mailto:)\S+|\S+@\S+', ' ', text)
    return re.findall(r'[^\W\d_]{2,}', text)


def check_message(tmp, who, path, lang, recipient_name):
    want = os.path.join(tmp, 'want.json')
    with open(want, 'w', encoding='utf-8') as f:
        json.dump({'text_links': True, 'structure': 'multipart/alternative[text/plain,text/html]'}, f)
    p = subprocess.run(['/usr/bin/python3', CHECKER, path, want], capture_output=True)
    check(who + ': check-message.py', p.returncode == 0, p.stdout.decode())

    msg = email.message_from_bytes(open(path, 'rb').read(), policy=POLICY)
    subject = str(msg['Subject'])
    html_part = text_part = None
    for part in msg.walk():
        if part.get_content_type() == 'text/html':
            html_part = part.get_content()
        elif part.get_content_type() == 'text/plain':
            text_part = part.get_content()
    if html_part is None or text_part is None:
        check(who + ': an HTML and a text part', False)
        return
    for what, body in (('subject', subject), ('HTML', html_part), ('text', text_part)):
        check(who + ': no "{{" left in the ' + what, '{{' not in body and '}}' not in body)
    check(who + ': the subject names the sender', NAME in subject, subject)

    # A careful sender's HTML: tables with inline styles, at most 600 px.
    check(who + ': no <style> (mail programs drop it)', '<style' not in html_part.lower())
    check(who + ': table layout, max-width 600px', 'role="presentation"' in html_part and 'max-width:600px' in html_part)
    widths = [int(w) for w in re.findall(r'width="(\d+)"', html_part)]
    check(who + ': nothing wider than 600 px', max(widths) <= 600, str(widths))
    check(who + ': a viewport for phones', 'name="viewport"' in html_part)
    check(who + ': the language', ('<html lang="%s">' % lang) in html_part)
    check(who + ': no image-only content', '<img' not in html_part or len(words(text_part)) > 40)

    # The footer: everything after the last top border (the footer cell).
    footer = html_part[html_part.rfind('border-top:1px solid'):]
    for value in (NAME, ADDRESS, CONTACT):
        check(who + ': the footer shows ' + value, html.escape(value, quote=False) in footer, footer[:400])
    links = re.findall(r'href="([^"]*)"', footer)
    unsub = [html.unescape(u) for u in links if u.startswith('https://example.com/unsubscribe?t=')]
    check(who + ': the footer links to the recipient\'s unsubscribe page', len(unsub) == 1, str(links))
    text_footer = text_part[-900:]
    for value in (NAME, ADDRESS, CONTACT) + tuple(unsub):
        check(who + ': the text part\'s end shows ' + value, value in text_footer, text_footer)

    # Real words, not only markup and links; and the recipient's name.
    n = len(''.join(words(text_part)))
    check(who + ': the text part has real words (%d letters)' % n, n >= (120 if lang == 'ja' else 300))
    check(who + ': greets the recipient by name', recipient_name in text_part, text_part[:300])


def main():
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, HERALD_DB=os.path.join(tmp, 'h.db'), HERALD_OUTBOX=os.path.join(tmp, 'outbox'))
    env_ja = dict(env, LANGUAGE='ja', LC_ALL='ja_JP.UTF-8',
                  HERALD_LOCALEDIR=os.path.join(os.environ['HERALD_BUILDDIR'], 'po'))
    env_c = dict(env, LANGUAGE='ja', LC_ALL='C')
    run(env, 'init', '--demo')

    # The list, one line each: name, tab, title.
    out = run(env, 'template', 'starters').stdout.decode()
    lines = [l.split('\t') for l in out.splitlines()]
    check('starters: four, name<TAB>title', [l[0] for l in lines] == STARTERS and all(len(l) == 2 and l[1] for l in lines), out)
    check('starters: English titles', 'Newsletter' in out and 'Sale Notice' in out, out)
    out_ja = run(env_ja, 'template', 'starters').stdout.decode()
    check('starters: titles in the UI language (Japanese)', 'ニュースレター' in out_ja and 'セールのお知らせ' in out_ja, out_ja)

    # Business details: show, set (one at a time keeps the others).
    p = run(env, 'business', 'show')
    check('business show: empty at first', p.stdout.decode() == 'name\t\naddress\t\ncontact\t\n', p.stdout.decode())
    check('business show: says what is missing', '--address' in p.stderr.decode(), p.stderr.decode())
    check('business set: no option is bad usage', run(env, 'business', 'set', ok=False).returncode == 2)

    # A campaign of a starter before the details are set: check names them.
    p = run(env, 'template', 'add', 'first', '--starter', 'newsletter', '--lang', 'ja')
    check('template add --starter: says which business details to set', 'business set' in p.stderr.decode()
          and '--name --address --contact' in p.stderr.decode(), p.stderr.decode())
    run(env, 'campaign', 'create', 'c1', '--template', 'first', '--list', 'Sample customers', '--account', 'outbox')
    # (campaign check's other advice — consent, addresses, links — is
    # campaign-check.py's to test: here only its business line.)
    p = run(env, 'campaign', 'check', 'c1', '--offline', ok=False)
    out = business_lines(p)
    check('campaign check: exit 1 without business details', p.returncode == 1, out)
    check('campaign check: one line naming the three details and where to set them',
          out.count('\n') == 1 and out.startswith('\tsender_name,sender_address,sender_contact\t\t')
          and 'Preferences' in out and 'business set' in out, out)
    p = run(env, 'campaign', 'send', 'c1', ok=False)
    err = p.stderr.decode()
    check('campaign send: paused (exit 3) without business details', p.returncode == 3, err)
    check('campaign send: says why', 'business details' in err and 'Preferences' in err, err)
    check('campaign send: nothing sent', not os.listdir(os.path.join(tmp, 'outbox', 'new'))
          if os.path.isdir(os.path.join(tmp, 'outbox', 'new')) else True)
    run(env, 'business', 'set', '--name', NAME, '--address', ADDRESS)
    out = business_lines(run(env, 'campaign', 'check', 'c1', '--offline', ok=False))
    check('campaign check: then names only the contact', out.startswith('\tsender_contact\t\t') and 'contact' in out, out)
    p = run(env, 'business', 'set', '--contact', '  ' + CONTACT + '\n')
    check('business set: nothing left to warn about', p.stderr.decode() == '', p.stderr.decode())
    p = run(env, 'business', 'show')
    check('business show: the three values, trimmed', p.stdout.decode() == 'name\t%s\naddress\t%s\ncontact\t%s\n' % (NAME, ADDRESS, CONTACT), p.stdout.decode())
    p = run(env, 'campaign', 'check', 'c1', '--offline', ok=False)
    check('campaign check: no business line once they are set', business_lines(p) == '', p.stdout.decode())
    p = run(env, 'campaign', 'send', 'c1', ok=False)
    sent = os.listdir(os.path.join(tmp, 'outbox', 'new')) if os.path.isdir(os.path.join(tmp, 'outbox', 'new')) else []
    check('campaign send: then sends to all 12', p.returncode == 0 and len(sent) == 12, p.stderr.decode())
    for f in sent[:2]:
        check_message(tmp, 'sent ' + f, os.path.join(tmp, 'outbox', 'new', f), 'ja',
                      email.message_from_bytes(open(os.path.join(tmp, 'outbox', 'new', f), 'rb').read(),
                                               policy=POLICY)['To'].addresses[0].display_name or '様')

    # Every starter in both languages.
    for starter in STARTERS:
        for lang in ('ja', 'en'):
            name = '%s-%s' % (starter, lang)
            run(env, 'template', 'add', name, '--starter', starter, '--lang', lang)
            for row, recipient in ((1, '山田 太郎'), (8, 'Lina Müller')):
                out = os.path.join(tmp, '%s-%d.eml' % (name, row))
                run(env, 'preview', '--template', name, '--list', 'Sample customers', '--row', str(row), '--out', out)
                check_message(tmp, '%s row %d' % (name, row), out, lang, recipient)

    # Languages: the UI's by default, English in the C locale; mistakes.
    run(env_ja, 'template', 'add', 'default-ja', '--starter', 'letter')
    run(env_c, 'template', 'add', 'default-c', '--starter', 'letter')
    for tpl, lang in (('default-ja', 'ja'), ('default-c', 'en')):
        out = os.path.join(tmp, tpl + '.eml')
        run(env, 'preview', '--template', tpl, '--list', 'Sample customers', '--row', '1', '--out', out)
        body = open(out, 'rb').read()
        msg = email.message_from_bytes(body, policy=POLICY)
        html_part = [p.get_content() for p in msg.walk() if p.get_content_type() == 'text/html'][0]
        check(tpl + ': made in ' + lang, ('<html lang="%s">' % lang) in html_part)
    p = run(env, 'template', 'add', 'first', '--starter', 'sale', ok=False)
    check('a taken name is refused, not replaced', p.returncode == 1 and 'first' in p.stderr.decode(), p.stderr.decode())
    p = run(env, 'template', 'add', 'x', '--starter', 'nope', ok=False)
    check('an unknown starter: exit 1 naming the starters', p.returncode == 1 and 'newsletter, sale, event, letter' in p.stderr.decode(), p.stderr.decode())
    p = run(env, 'template', 'add', 'x', '--starter', 'sale', '--lang', 'fr', ok=False)
    check('an unknown language: exit 1', p.returncode == 1 and '(ja)' in p.stderr.decode(), p.stderr.decode())
    p = run(env, 'template', 'add', 'x', '--starter', 'sale', '--subject', 's', ok=False)
    check('--starter with --subject: bad usage', p.returncode == 2)
    out = run(env, 'template', 'list').stdout.decode()
    check('nothing stored by the mistakes', 'x\t' not in out and out.count('\n') == 1 + 1 + 8 + 2, out)

    # A recipient without a name: the fallback greets them.
    with open(os.path.join(tmp, 'noname.csv'), 'w', encoding='utf-8') as f:
        f.write('email,name\nanon@example.jp,\n')
    run(env, 'import', os.path.join(tmp, 'noname.csv'), '--list', 'noname')
    for tpl, greeting in (('newsletter-ja', 'お客様'), ('newsletter-en', 'Hello there,'), ('letter-en', 'Dear customer,')):
        out = os.path.join(tmp, tpl + '-noname.eml')
        run(env, 'preview', '--template', tpl, '--list', 'noname', '--row', '1', '--out', out)
        msg = email.message_from_bytes(open(out, 'rb').read(), policy=POLICY)
        text = [p.get_content() for p in msg.walk() if p.get_content_type() == 'text/plain'][0]
        check(tpl + ': a missing name falls back to ' + greeting, greeting in text, text[:200])

    print('1..1')
    for f in failures:
        print('# ' + f)
    print('%s 1 - %d checks' % ('not ok' if failures else 'ok', n_checks))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
