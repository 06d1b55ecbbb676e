#!/usr/bin/python3
# test-campaign-confirm.py — nothing goes out without the user's yes.
#
# On a fresh database (sample list, sample newsletter, the Outbox), the
# sample newsletter is first really sent to the sample list with
# herald-cli through an SMTP account on loopback (aiosmtpd,
# tests/integration/maildir-smtp-server.py). Then, in the window:
# - “Create & Send” brings the send confirmation, not a send: it says
#   “Test outbox — nothing is sent”, the number of messages, runs the
#   pre-send checks (the status line changes from “Checking …” to its
#   result) and warns “This newsletter already went to 12 of these people
#   on DATE”;
# - Enter answers Cancel (the default response), Escape too: nothing
#   reaches the Outbox and the campaign is not kept;
# - “Write to Test Outbox” sends: 12 messages in the Outbox; the page
#   names the Outbox for what it is (“Test outbox — nothing is sent”, the
#   campaign “written to the test outbox”), and “Open Test Outbox” opens
#   its folder, and the Results page says so too. The file manager is a stand-in: a desktop file in the
#   test's own XDG_DATA_HOME, the default for folders, that writes the URI
#   it is given to a file (no file manager runs here);
# - “Cancel Campaign” on a campaign asks first: “Keep the Campaign” keeps
#   it as it was, “Cancel Campaign” in the question cancels it;
# - when the checks find errors (each recipient's own attachment, a field
#   given to the sample newsletter with sqlite3, names a file that does
#   not exist), the dialog lists them as “Must be fixed” and its Send
#   button stays off;
# - with everyone on the list suppressed, “Create & Send” says nobody can
#   get it and leaves no empty campaign behind (it used to make one).
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402

uitest.set_deadline(170)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
db_path = os.environ["HERALD_DB"]
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
tmp = uitest.tmp_dir()
EARLIER = "Spring, really sent"
AGAIN = "Spring again"
LATER = "To be cancelled"
NOBODY = "Nobody gets this"
EXPECTED = 12


def outbox():
    return os.listdir(outbox_new) if os.path.isdir(outbox_new) else []


def toast(text):
    return [l.name for l in find_all(window, "label") if text in (l.name or "") and is_drawn(l)]


# The stand-in file manager (see above).
opened_log = os.path.join(tmp, "opened-uri")
apps_dir = os.path.join(os.environ["XDG_DATA_HOME"], "applications")
os.makedirs(apps_dir, exist_ok=True)
with open(os.path.join(apps_dir, "fake-files.desktop"), "w") as f:
    f.write("[Desktop Entry]\nType=Application\nName=Fake Files\nMimeType=inode/directory;\n"
            "Exec=sh -c 'echo \"$1\" > %s' sh %%u\n" % opened_log)
os.makedirs(os.environ["XDG_CONFIG_HOME"], exist_ok=True)
with open(os.path.join(os.environ["XDG_CONFIG_HOME"], "mimeapps.list"), "w") as f:
    f.write("[Default Applications]\ninode/directory=fake-files.desktop\n")

smtp_maildir = os.path.join(tmp, "smtp-maildir")
server, smtp_port = uitest.start_server("maildir-smtp-server.py", [smtp_maildir, os.path.join(tmp, "smtp.log")])

app, window = uitest.start_herald_ready()
tabs = uitest.page_tabs(window)
ok("the window is open")

cli("account", "add", "shop", "--host", "127.0.0.1", "--port", str(smtp_port), "--security", "none",
    "--from", "Shop <shop@example.com>", "--unsubscribe", "https://example.com/unsubscribe",
    "--quiet-hours", "off")
cli("campaign", "create", EARLIER, "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", "shop")
cli("campaign", "send", EARLIER)
sent_day = time.strftime("%x")
if uitest.query("SELECT count(*) FROM deliveries WHERE state = 'sent'")[0][0] != EXPECTED:
    fail("herald-cli did not send the earlier campaign")
ok("herald-cli really sent “%s” to the %d people of the sample list (loopback SMTP)" % (EARLIER, EXPECTED))

uitest.switch_to(tabs, "Campaigns")
wait_for("“Test outbox — nothing is sent” on the form (the Outbox is chosen)",
         lambda: [l for l in find_all(window, "label", name="Test outbox — nothing is sent") if is_drawn(l)])
ok("the form says the Outbox is a test outbox")


def not_kept(name):
    if uitest.query("SELECT count(*) FROM campaigns WHERE name = '%s'" % name)[0][0] != 0:
        fail("the campaign “%s” was kept" % name)
    if outbox():
        fail("the Outbox holds %d messages though nothing should have been sent" % len(outbox()))


# ---- the confirmation, and Enter answers Cancel ----------------------------------

uitest.create_and_send(window, AGAIN)
labels = uitest.await_send_dialog(app, window)
text = "\n".join(labels)
for wanted in ["Test outbox — nothing is sent", "The %d messages of “%s”" % (EXPECTED, AGAIN),
               "Sample customers", "This newsletter already went to %d of these people on %s." % (EXPECTED, sent_day)]:
    if wanted not in text:
        fail("the send confirmation does not say “%s”: %r" % (wanted, labels))
if not [c for d in uitest.dialogs(app, window) for c in find_all(d, "list", name="Pre-send checks")]:
    fail("the send confirmation has no list of the pre-send checks")
ok("the send confirmation says: %s" % " | ".join(labels))
if uitest.query("SELECT state FROM campaigns WHERE name = '%s'" % AGAIN) != [("draft",)] or outbox():
    fail("something was sent before the user answered")
ok("while it asks, the campaign is a draft and nothing is sent")

from dogtail import rawinput        # noqa: E402
rawinput.pressKey("Return")
wait_for("the confirmation to close on Enter", lambda: not uitest.send_dialog_labels(app, window))
wait_for("the toast saying nothing was sent", lambda: toast("Nothing was sent"))
not_kept(AGAIN)
ok("Enter answered Cancel: nothing sent, no campaign kept")

# ---- Escape cancels too ---------------------------------------------------------

uitest.create_and_send(window, AGAIN)
uitest.await_send_dialog(app, window)
rawinput.pressKey("Escape")
wait_for("the confirmation to close on Escape", lambda: not uitest.send_dialog_labels(app, window))
wait_for("the draft to be removed",
         lambda: uitest.query("SELECT count(*) FROM campaigns WHERE name = '%s'" % AGAIN)[0][0] == 0)
not_kept(AGAIN)
ok("Escape cancelled: nothing sent, no campaign kept")

# ---- yes -------------------------------------------------------------------------

uitest.create_and_send(window, AGAIN)
uitest.confirm_send(app, window, ["Test outbox — nothing is sent", "already went to %d" % EXPECTED])
wait_for("%d messages in the Outbox" % EXPECTED, lambda: len(outbox()) == EXPECTED, timeout=60)
wait_for("the campaign done", lambda: uitest.query("SELECT state FROM campaigns WHERE name = '%s'" % AGAIN) == [("done",)],
         timeout=30)
ok("“Write to Test Outbox” sent: %d messages in the Outbox" % EXPECTED)
wait_for("the toast saying where the messages went", lambda: toast("written to the test outbox — nothing was sent"))
wait_for("the live view saying where the messages went",
         lambda: [l for l in find_all(window, "label", name="Done: written to the test outbox — nothing was sent.")
                  if l.description == "Campaign state"])
wait_for("the campaign's row saying “written to the test outbox”",
         lambda: [l for l in find_all(window, "label", contains="%d of %d written to the test outbox" % (EXPECTED, EXPECTED))])
ok("the window says the messages were written to the test outbox, not sent")
opener = wait_for("the live view's “Open Test Outbox” button",
                  lambda: [b for b in find_all(window, "push button", name="Open Test Outbox") if is_drawn(b)])[0]
opener.doActionNamed("click")
opened = wait_for("the folder opened", lambda: open(opened_log).read().strip() if os.path.exists(opened_log) else None)
# GIO gives a desktop file's %u a local path for a file:// URI.
outbox_dir = os.path.abspath(os.environ["HERALD_OUTBOX"]).rstrip("/")
if opened.rstrip("/") not in (outbox_dir, "file://" + outbox_dir):
    fail("“Open Test Outbox” opened %r, not the Outbox %s" % (opened, outbox_dir))
ok("“Open Test Outbox” opened %s" % opened)
# The Results page's drop-down offers no AT-SPI action: the campaign is
# shown the way a notification shows it, with app.show-campaign.
again_id = uitest.query("SELECT id FROM campaigns WHERE name = '%s'" % AGAIN)[0][0]
uitest.gdbus_activate("show-campaign", "('results', int64 %d)" % again_id)
said = wait_for("the Results page saying the campaign went to the test outbox",
                lambda: [l.name for l in find_all(window, "label", contains="Test outbox — nothing was sent")
                         if is_drawn(l)], timeout=30)[0]
ok("the Results page says: %s" % said)
uitest.switch_to(tabs, "Campaigns")

# ---- cancelling asks first ---------------------------------------------------------

cli("campaign", "create", LATER, "--template", "Sample newsletter", "--list", "Sample customers",
    "--account", "outbox")
uitest.switch_to(tabs, "Lists")      # the Campaigns page reloads its campaigns when shown again
uitest.switch_to(tabs, "Campaigns")
uitest.select_campaign(window, LATER)


def cancel_question():
    return [l for d in uitest.dialogs(app, window) for l in find_all(d, "label", name="Cancel the Campaign?")
            if is_drawn(l)]


def ask_cancel():
    button = wait_for("the page's Cancel Campaign button",
                      lambda: [b for b in find_all(window, "push button", name="Cancel Campaign")
                               if uitest.has_state(b, uitest.pyatspi.STATE_SENSITIVE)])[0]
    button.doActionNamed("click")
    wait_for("the question “Cancel the Campaign?”", cancel_question)
    said = [l.name for d in uitest.dialogs(app, window) for l in find_all(d, "label")
            if "stops for good" in (l.name or "")]
    if not said or "the %d messages not sent yet will never be sent" % EXPECTED not in said[0]:
        fail("the question says %r" % said)
    return said[0]


ok("the question says: %s" % ask_cancel())
wait_for("its “Keep the Campaign” button",
         lambda: uitest.send_dialog_button(app, window, "Keep the Campaign")).doActionNamed("click")
wait_for("the question to close", lambda: not cancel_question())
time.sleep(1)
if uitest.query("SELECT state FROM campaigns WHERE name = '%s'" % LATER) != [("draft",)]:
    fail("“Keep the Campaign” changed the campaign: %r" % uitest.query("SELECT state FROM campaigns WHERE name = '%s'" % LATER))
ok("“Keep the Campaign” kept it as it was")

ask_cancel()
wait_for("the question's “Cancel Campaign” button",
         lambda: uitest.send_dialog_button(app, window, "Cancel Campaign")).doActionNamed("click")
wait_for("the campaign cancelled",
         lambda: uitest.query("SELECT state FROM campaigns WHERE name = '%s'" % LATER) == [("cancelled",)], timeout=20)
ok("“Cancel Campaign” in the question cancelled it")

# ---- errors turn Send off ------------------------------------------------------------

invoices = os.path.join(tmp, "invoices.csv")
emails = [line.split(",")[0] for line in cli("contacts", "--list", "Sample customers").stdout.splitlines()[1:]]
with open(invoices, "w", encoding="utf-8") as f:
    f.write("email,invoice\n")
    for i, email in enumerate(emails):
        f.write("%s,%s\n" % (email, os.path.join(tmp, "missing-%d.pdf" % i)))
cli("import", invoices, "--list", "Sample customers")
con = sqlite3.connect(db_path, timeout=10)
con.execute("INSERT INTO template_attachments (template_id, field)"
            " SELECT id, 'invoice' FROM templates WHERE name = 'Sample newsletter'")
con.commit()
con.close()
uitest.switch_to(tabs, "Lists")
uitest.switch_to(tabs, "Campaigns")
BLOCKED = "Invoices that are not there"
uitest.create_and_send(window, BLOCKED)
labels = uitest.await_send_dialog(app, window)
if not any(l.startswith("%d problems stop this send" % EXPECTED) for l in labels) or "Must be fixed" not in labels:
    fail("the send confirmation does not list the errors: %r" % labels)
send = uitest.send_dialog_button(app, window, "Write to Test Outbox")
if send is None or uitest.has_state(send, uitest.pyatspi.STATE_SENSITIVE):
    fail("the Send button is not there, or is on despite the errors")
ok("the errors are listed and Send is off: %s" % [l for l in labels if "problems stop" in l][0])
uitest.send_dialog_button(app, window, "Cancel").doActionNamed("click")
wait_for("the draft to be removed",
         lambda: uitest.query("SELECT count(*) FROM campaigns WHERE name = '%s'" % BLOCKED)[0][0] == 0)
con = sqlite3.connect(db_path, timeout=10)
con.execute("DELETE FROM template_attachments WHERE field = 'invoice'")
con.commit()
con.close()

# ---- nobody to send to: no empty campaign ---------------------------------------------

addresses = os.path.join(tmp, "everyone.csv")
with open(addresses, "w", encoding="utf-8") as f:
    f.write(cli("contacts", "--list", "Sample customers").stdout)
cli("suppression", "import", addresses)
uitest.switch_to(tabs, "Lists")
uitest.switch_to(tabs, "Campaigns")
uitest.create_and_send(window, NOBODY)
said = wait_for("the message that nobody can get it", lambda: toast("can get this campaign"), timeout=30)[0]
if "Sample customers" not in said:
    fail("the message does not name the list: %r" % said)
if uitest.send_dialog_labels(app, window):
    fail("the send confirmation opened for a campaign nobody gets")
if uitest.query("SELECT count(*) FROM campaigns WHERE name = '%s'" % NOBODY)[0][0] != 0:
    fail("an empty campaign was left behind")
ok("nobody to send to: “%s”; no campaign left behind" % said)

uitest.stop()
print("ok - all done", flush=True)
