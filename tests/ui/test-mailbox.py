#!/usr/bin/python3
# test-mailbox.py — the account editor's Mailbox group against a real
# Dovecot on loopback (with-dovecot.sh starts it), driven like a person
# through AT-SPI. A campaign goes to the Outbox; the mailbox then holds a
# bounce of one recipient's message and an ordinary reply. In the editor
# of an account whose SMTP password is not the mailbox's, the IMAP server,
# port and the mailbox's own password are typed; "Check Mailbox Now"
# shows a spinner and then "bounced 1, unsubscribed 0, auto-replies 0,
# unmatched 1"; Save keeps the mailbox (herald-cli mailbox check reads it
# with the saved settings and the keyring's mailbox password, and finds
# nothing new); the Do Not Send page lists the bounced address; Edit shows
# the saved mailbox again. The page's "Open the Message About …" shows the
# bounce (From, To, Subject, its text) in a read-only window; once the
# bounce is deleted from the Maildir, it says the message is no longer in
# INBOX.
#
# Run through with-dovecot.sh and run-ui-test.sh.
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import io
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
import mailboxtest                  # noqa: E402
from mailboxtest import ACCOUNT, start_keyring, deliver, bounce  # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402

tmp = mailboxtest.begin()
IMAPS_PORT = int(os.environ["IMAPS_PORT"])
IMAP_PW = os.environ["IMAP_PW"]


start_keyring()
ok("gnome-keyring-daemon is on the session bus")

# The account's SMTP password is not the mailbox's: only the mailbox's own
# password, typed in the editor, can log in.
cli("init", "--demo")
subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"], "account", "add", ACCOUNT, "--quiet-hours", "off", "--host", "127.0.0.1", "--port", "2525",
                "--security", "none", "--user", "herald", "--from", "Shop <info@shop.example.jp>",
                "--password-stdin", "--ca", os.environ["IMAP_CA"]],
               input="smtp-only-pw\n", text=True, check=True, capture_output=True, timeout=30)
cli("campaign", "create", "news", "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", "outbox")
cli("campaign", "send", "news")
report = list(csv.reader(io.StringIO(cli("report", "news", "--format", "csv").stdout)))
bounced, message_id = report[1][0], report[1][5].strip("<>")
if not bounced or not message_id:
    fail("the campaign's report has no address and Message-ID: %r" % report[:2])

deliver("bounce", bounce(bounced, message_id))
deliver("reply", """From: Hanako <hanako@example.jp>
To: info@shop.example.jp
Subject: Re: News
Message-ID: <reply-1@example.jp>

Thank you, see you at the shop.
""")
ok("the campaign went to the Outbox; the mailbox holds a bounce of %s and a reply" % bounced)


def toplevel(title):
    return uitest.toplevels(app, title)


app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
ok("the window is open")

prefs, accounts = uitest.open_preferences_accounts(app)
row = wait_for("“%s” in the accounts" % ACCOUNT, lambda: find_all(accounts, "list item", name=ACCOUNT), timeout=30)[0]
row.click()      # a pointer click: GTK 4.8 gives list rows no AT-SPI action
editor = wait_for("the “Edit Account” dialog", lambda: toplevel("Edit Account"))[0]


def field(title, role="text"):
    return wait_for("the field “%s”" % title, lambda: find_all(editor, role, name=title))[0]


def mailbox_result():
    return [label.name for label in find_all(editor, "label")
            if label.description == "Result of the mailbox check" and label.name and
            label.name != "Reading the mailbox…"]


def mailbox_port():
    found = find_all(editor, "spin button", name="Mailbox Port")
    if not found:
        fail("no spin button “Mailbox Port” among %r" % [b.name for b in find_all(editor, "spin button")])
    return found[0]


port = mailbox_port()
if port.queryValue().currentValue != 993:
    fail("the mailbox port of TLS is %s, not 993" % port.queryValue().currentValue)
field("IMAP Server").text = "127.0.0.1"
port.text = str(IMAPS_PORT)
field("Mailbox Password (if not the account’s)").text = IMAP_PW
find_all(editor, "push button", name="Check Mailbox Now")[0].doActionNamed("click")
wait_for("the spinner “Checking the mailbox”",
         lambda: [s for s in find_all(editor, "animation", name="Checking the mailbox") if is_drawn(s)]
         or mailbox_result(), timeout=20)
result = wait_for("the mailbox check's result", mailbox_result, timeout=60)[0]
if result != "bounced 1, unsubscribed 0, auto-replies 0, unmatched 1":
    fail("Check Mailbox Now says “%s”" % result)
ok("Check Mailbox Now with the typed settings and password says “%s”" % result)

save = [b for b in find_all(editor, "push button") if "Save" in (b.name or "")][0]
save.doActionNamed("click")
wait_for("the dialog to close after Save", lambda: not toplevel("Edit Account"), timeout=30)

checked = cli("mailbox", "check", ACCOUNT)
if checked.stdout.strip() != "bounced 0, unsubscribed 0, auto-replies 0, unmatched 0":
    fail("herald-cli mailbox check after Save says “%s”" % checked.stdout.strip())
ok("saved: herald-cli mailbox check reads it with the keyring's mailbox password and finds nothing new")

suppressed = cli("suppression", "list").stdout
if not any(line.startswith(bounced + ",bounced,") for line in suppressed.splitlines()):
    fail("%s is not suppressed as bounced: %s" % (bounced, suppressed))

# Saving rebuilds the list: find the row again.
row = wait_for("“%s” in the accounts" % ACCOUNT, lambda: find_all(accounts, "list item", name=ACCOUNT), timeout=30)[0]
row.click()
editor = wait_for("the “Edit Account” dialog again", lambda: toplevel("Edit Account"))[0]
# GTK 4.8 gives AT-SPI no text of an entry row: the port (the mailbox's
# own, loaded from the store) shows the saved mailbox came back.
wait_for("the saved mailbox port %d in the editor" % IMAPS_PORT,
         lambda: int(mailbox_port().queryValue().currentValue) == IMAPS_PORT, timeout=15)
ok("Edit shows the saved mailbox")
find_all(editor, "push button", name="Cancel")[0].doActionNamed("click")
wait_for("the editor to close", lambda: not toplevel("Edit Account"))

tabs = uitest.page_tabs(window)
uitest.switch_to(tabs, "Do Not Send")
wait_for("the bounced address on the Do Not Send page",
         lambda: [r for r in find_all(window, "label", contains=bounced) if is_drawn(r)]
         or [r for r in find_all(window, "list item", contains=bounced) if is_drawn(r)], timeout=20)
ok("the Do Not Send page lists %s" % bounced)

# ---- the message that caused it ------------------------------------------

def open_source():
    button = wait_for("the button “Open the Message About %s”" % bounced,
                      lambda: [b for b in find_all(window, "push button", name="Open the Message About " + bounced)
                               if is_drawn(b)])[0]
    button.doActionNamed("click")


open_source()
shown = wait_for("the window “Message That Suppressed %s”" % bounced,
                 lambda: toplevel("Message That Suppressed " + bounced), timeout=30)[0]
for text in ("MAILER-DAEMON@mx.example.net", "Undelivered Mail Returned to Sender", "bounce@shop.example.jp"):
    if not find_all(shown, "label", contains=text):
        fail("the shown message has no “%s” among %r" % (text, [l.name for l in find_all(shown, "label")]))
body = find_all(shown, "text", name="Message text")
if not body:
    fail("the shown message has no text view “Message text”")
ok("Open shows the bounce that suppressed %s: its From, To and Subject, and its text" % bounced)
close = [b for b in find_all(shown, "push button") if b.name == "Close"]
if not close:
    fail("the message window has no Close button: %r" % [b.name for b in find_all(shown, "push button")])
close[0].doActionNamed("click")
wait_for("the message window to close", lambda: not toplevel("Message That Suppressed " + bounced), timeout=10)

# The message deleted from the mailbox: Open says so, and why.
maildir = os.environ["IMAP_MAILDIR"]
for sub in ("cur", "new"):
    for name in os.listdir(os.path.join(maildir, sub)):
        if "bounce" in name:
            os.unlink(os.path.join(maildir, sub, name))
open_source()
refusal = wait_for("“The Message Cannot Be Shown”",
                   lambda: [w for w in app.children if find_all(w, "label", name="The Message Cannot Be Shown")],
                   timeout=30)[0]
if not find_all(refusal, "label", contains="no longer in the mailbox folder “INBOX”"):
    fail("the refusal does not say the message is gone: %r" % [l.name for l in find_all(refusal, "label")])
ok("with the bounce deleted from the mailbox, Open says it is no longer in INBOX")
[b for b in find_all(refusal, "push button") if "Close" in (b.name or "")][0].doActionNamed("click")

uitest.quit_herald()
uitest.check_log()
uitest.stop()
