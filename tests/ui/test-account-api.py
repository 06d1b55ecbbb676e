#!/usr/bin/python3
# test-account-api.py — an account that sends through a provider's HTTP
# API, made in the account editor: choosing “SendGrid (API)” in the
# Provider row shows the API's rows instead of the SMTP server's and asks
# for the API key; Test Connection asks the SendGrid stand-in
# (tests/integration/sendgrid-server.py, HTTPS on loopback, the key
# checked as SendGrid does) for the key's permissions; Save keeps the
# account as herald-cli lists it and the key in the keyring only. A
# Mailgun account without its sending domain is refused with the engine's
# reason, and an API account without its key with what to type. Opened
# again, the account is still a SendGrid one, tested with the keyring's key.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR
# and HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli  # noqa: E402
import pyatspi                      # noqa: E402

KEY = "SG.ui-test-key.5d1f0c2e9b"   # distinctive: searched for in the database files
FROM = "API Shop <news@example.com>"

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB")
tmp = uitest.tmp_dir()

daemon = uitest.start_helper(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
daemon.stdin.write(b"test-pw")
daemon.stdin.close()
wait_for("the Secret Service (gnome-keyring-daemon)",
         lambda: uitest.name_owner("org.freedesktop.secrets") is not None, timeout=10)

cert, key = uitest.make_cert(tmp)
server, port = uitest.start_server("sendgrid-server.py", [os.path.join(tmp, "sendgrid"), cert, key, KEY],
                                   what="the SendGrid stand-in", stdin=subprocess.PIPE)
url = "https://127.0.0.1:%d" % port
ok("the SendGrid stand-in listens at %s" % url)


def toplevel(title):
    return [w for w in app.children if w.name == title]


def sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def shown(node):
    """GTK 4.8 leaves hidden rows out of the accessibility tree, and does
    not report SHOWING for entries: being in the tree is being shown."""
    return True


app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
prefs, accounts = uitest.open_preferences_accounts(app)
add = wait_for("an enabled “Add Account…” button",
               lambda: [b for b in find_all(prefs, "push button", contains="Add Account") if sensitive(b)])[0]
add.doActionNamed("click")
editor = wait_for("the “Add Account” dialog", lambda: toplevel("Add Account"))[0]


def field(title):
    return wait_for("the field “%s”" % title, lambda: [n for n in find_all(editor, "text", name=title) if shown(n)])[0]


def fields_shown():
    return {n.name for n in find_all(editor, "text") if shown(n)}


def choose_from_end(label, ups):
    """The Provider row's list opened and an entry picked with the keyboard,
    counting from its end, where the API choices are."""
    from dogtail import rawinput
    row = wait_for("the “Provider” row",
                   lambda: [n for role in ("combo box", "list item", "push button")
                            for n in find_all(editor, role, name="Provider")])[0]
    row.click()      # a pointer click: GTK 4.8 gives list rows no AT-SPI action
    wait_for("“%s” in the Provider list" % label,
             lambda: [n for w in app.children for n in find_all(w, "label", name=label) if uitest.is_drawn(n)],
             timeout=10)
    rawinput.pressKey("End")
    for _ in range(ups):
        rawinput.pressKey("Up")
    rawinput.pressKey("Return")


def error_text():
    return [n.name for n in find_all(editor, "label") if n.name and shown(n) and
            ("needs" in n.name or "Type the" in n.name)]


def save():
    [b for b in find_all(editor, "push button") if "Save" in (b.name or "")][0].doActionNamed("click")


# Mailgun: the domain's row appears, the server's goes; without a domain, Save explains.
choose_from_end("Mailgun (API)", 1)
wait_for("Mailgun's rows (domain, API key) instead of the server's",
         lambda: {"Sending Domain", "API Key", "API Address (optional)"} <= fields_shown() and
         not {"Server", "User Name", "Access Key ID"} & fields_shown())
ok("choosing Mailgun (API) shows its rows: %s" % sorted(fields_shown()))
field("Account Name").text = "mg"
field("From").text = FROM
field("API Key").text = "key-not-used"
save()
refused = wait_for("Save to refuse a Mailgun account without its domain", error_text, timeout=15)[0]
if "sending domain" not in refused:
    fail("Save says “%s”" % refused)
ok("without a sending domain Save says: %s" % refused)

# SES: region and access key id.
choose_from_end("Amazon SES (API)", 2)
wait_for("SES's rows", lambda: {"AWS Region", "Access Key ID", "Secret Access Key"} <= fields_shown() and
         "Sending Domain" not in fields_shown())
ok("choosing Amazon SES (API) shows the region, access key id and secret access key")

# SendGrid, tested against the stand-in, then saved.
choose_from_end("SendGrid (API)", 0)
wait_for("SendGrid's rows", lambda: {"API Key", "API Address (optional)"} <= fields_shown() and
         not {"AWS Region", "Sending Domain", "Access Key ID", "Server"} & fields_shown())
field("Account Name").text = "sg"
field("API Key").text = ""
save()
refused = wait_for("Save to ask for the key", lambda: [t for t in error_text() if "API key" in t], timeout=15)[0]
ok("without its key Save says: %s" % refused)
field("API Key").text = KEY
field("API Address (optional)").text = url
field("Custom CA Certificate (optional)").text = cert
find_all(editor, "push button", name="Test Connection")[0].doActionNamed("click")


def test_result():
    return [label.name for label in find_all(editor, "label")
            if label.description == "Result of the connection test" and label.name and label.name != "Connecting…"]


result = wait_for("the connection test's result", test_result, timeout=60)[0]
if "SendGrid at %s" % url not in result:
    fail("the connection test says “%s”" % result)
ok("Test asks SendGrid: “%s”" % result)
save()
wait_for("the dialog to close after Save", lambda: not toplevel("Add Account"), timeout=30)
wait_for("“sg” in the accounts", lambda: find_all(accounts, "list item", name="sg"), timeout=20)

listed = [line.split("\t") for line in cli("account", "list").stdout.splitlines()]
mine = [f for f in listed if f[0] == "sg"]
if not mine or mine[0][1:3] != [url, "sendgrid"]:
    fail("herald-cli account list shows %r" % listed)
ok("herald-cli account list: %s" % "  ".join(mine[0]))
stored = subprocess.run(["secret-tool", "lookup", "account", "sg"], capture_output=True, text=True, timeout=15).stdout
if stored != KEY:
    fail("the keyring holds %r for “sg”" % stored)
db = os.environ["HERALD_DB"]
for path in [db] + glob.glob(db + "-*"):
    with open(path, "rb") as f:
        if KEY.encode() in f.read():
            fail("the key is in %s" % path)
ok("the key is in the keyring, not in the database files")
test = cli("account", "test", "sg")
if "SendGrid at %s" % url not in test.stdout:
    fail("herald-cli account test sg says %r" % test.stdout)
ok("herald-cli account test uses the saved account and key")

# Opened again: still an API account, tested with the keyring's key.
row = find_all(accounts, "list item", name="sg")[0]
row.click()      # a pointer click: GTK 4.8 gives list rows no AT-SPI action
editor = wait_for("the “Edit Account” dialog", lambda: toplevel("Edit Account"))[0]
wait_for("SendGrid's rows in the editor", lambda: {"API Key", "API Address (optional)"} <= fields_shown() and
         "Server" not in fields_shown())
find_all(editor, "push button", name="Test Connection")[0].doActionNamed("click")
result = wait_for("the connection test's result (the key from the keyring)", test_result, timeout=60)[0]
if "SendGrid at %s" % url not in result or "may send" not in result:
    fail("testing the saved account says “%s”" % result)
save()
wait_for("the dialog to close after Save", lambda: not toplevel("Edit Account"), timeout=30)
mine = [line.split("\t") for line in cli("account", "list").stdout.splitlines() if line.startswith("sg\t")]
if not mine or mine[0][2] != "sendgrid":
    fail("saved again, the account is listed as %r" % mine)
ok("opened again it is still a SendGrid account; Test uses the keyring's key; saved again it stays one")

uitest.quit_herald()
uitest.check_log()
uitest.stop()
