#!/usr/bin/python3
# test-campaign-attach.py — the window checks each recipient's own
# attachment before it sends, as `herald-cli campaign send` does.
#
# herald-cli imports a list of four whose field “invoice” holds a path (one
# file there, two missing, one empty), stores a template attaching the file
# that field names, and prepares a campaign on the Outbox. In the window,
# Resume on that campaign brings the dialog “Attachments Cannot Be Read”
# naming the two recipients; nothing reaches the Outbox and the four
# deliveries stay queued. With the two files written, Resume sends all
# four, each with its own file attached.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
CAMPAIGN = "Invoices"


def outbox():
    return sorted(os.listdir(outbox_new)) if os.path.isdir(outbox_new) else []


app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list (the database is open)", lambda: find_all(lists, "list item"), timeout=30)
ok("the window is open")

invoices = os.path.join(tmp, "invoices")
os.makedirs(invoices)
paths = {n: os.path.join(invoices, "%d.pdf" % n) for n in (1, 2, 3)}
with open(paths[1], "wb") as f:
    f.write(b"%PDF-1.4 invoice 1\n")
csv_path = os.path.join(tmp, "customers.csv")
with open(csv_path, "w", encoding="utf-8") as f:
    f.write("email,name,invoice\n")
    f.write("aiko@example.jp,Aiko,%s\n" % paths[1])
    f.write("ben@example.com,Ben,%s\n" % paths[2])
    f.write("chie@example.jp,Chie,%s\n" % paths[3])
    f.write("dan@example.com,Dan,\n")
html_path = os.path.join(tmp, "invoice.html")
with open(html_path, "w", encoding="utf-8") as f:
    f.write("<p>Dear {{ name }}, your invoice is attached.</p>\n")

cli("import", csv_path, "--list", "Customers")
cli("template", "add", "Invoice", "--subject", "Your invoice", "--html", html_path,
    "--attach-field", "invoice")
cli("campaign", "create", CAMPAIGN, "--template", "Invoice", "--list", "Customers", "--account", "outbox")
ok("herald-cli prepared “%s”: 4 recipients, 2 of their files missing" % CAMPAIGN)

uitest.switch_to(tabs, "Lists")      # the Campaigns page reloads its campaigns when shown again
uitest.switch_to(tabs, "Campaigns")


def resume_button():
    return uitest.resume_buttons(window)


def status():
    lines = cli("campaign", "status", CAMPAIGN).stdout.splitlines()
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


uitest.select_campaign(window, CAMPAIGN)
wait_for("the Resume button", resume_button)[0].doActionNamed("click")
ok("clicked Resume")


def problem_text():
    return [l.name for l in find_all(app, "label", contains="cannot be read") if is_drawn(l)]


text = wait_for("the dialog saying which attachments cannot be read", problem_text, timeout=20)[0]
for wanted in ["2 recipients’ attachments cannot be read, so nothing was sent",
               "ben@example.com", paths[2], "chie@example.jp", paths[3]]:
    if wanted not in text:
        fail("the dialog does not say “%s”: %r" % (wanted, text))
for unwanted in ["aiko@example.jp", "dan@example.com"]:
    if unwanted in text:
        fail("the dialog names %s, whose attachment is fine: %r" % (unwanted, text))
if not find_all(app, "label", name="Attachments Cannot Be Read"):
    fail("the dialog has no heading “Attachments Cannot Be Read”")
ok("the dialog says: %s" % text.replace("\n", " / "))

close = wait_for("the dialog's Close button",
                 lambda: [b for b in find_all(app, "push button", name="Close")
                          if is_drawn(b) and b.getApplication() is not None and b not in find_all(window, "push button")])[0]
close.doActionNamed("click")
wait_for("the dialog to close", lambda: not problem_text())
if outbox():
    fail("the Outbox holds %d messages though nothing should have been sent" % len(outbox()))
counts = status()
if counts.get("queued") != "4" or counts.get("sent") != "0":
    fail("after the refusal the deliveries are %r, not 4 queued" % counts)
ok("nothing sent; the four deliveries are still queued")

for n in (2, 3):
    with open(paths[n], "wb") as f:
        f.write(b"%%PDF-1.4 invoice %d\n" % n)
wait_for("the Resume button", resume_button)[0].doActionNamed("click")
ok("wrote the two missing files and clicked Resume again")
wait_for("four messages in the Outbox", lambda: len(outbox()) == 4, timeout=30)
wait_for("the campaign done", lambda: status().get("sent") == "4", timeout=20)

attached = {}
for name in outbox():
    with open(os.path.join(outbox_new, name), "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    files = [part.get_content() for part in message.iter_attachments()]
    attached[str(message["To"].addresses[0].addr_spec)] = files
want = {"aiko@example.jp": [b"%PDF-1.4 invoice 1\n"], "ben@example.com": [b"%PDF-1.4 invoice 2\n"],
        "chie@example.jp": [b"%PDF-1.4 invoice 3\n"], "dan@example.com": []}
if attached != want:
    fail("the messages carry %r, not %r" % (attached, want))
ok("all four sent, each with its own invoice (none for the empty field)")

uitest.stop()
print("ok - all done", flush=True)
