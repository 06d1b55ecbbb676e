#!/usr/bin/python3
# test-accounts.py — the Accounts page of the preferences, driven like a
# person through AT-SPI: the built-in Outbox is listed and cannot be
# removed; "Add Account…" opens the editor; an account pointing at a real
# SMTP server (aiosmtpd, STARTTLS and AUTH required, a certificate made for
# the run and trusted through the custom CA field) is tested ("AUTH …
# accepted") and saved; herald-cli lists it; its password is in the keyring
# (GNOME Keyring in this D-Bus session) and nowhere in the database.
# Choosing a provider (Gmail, Lolipop!) fills the server, port and limits,
# with each figure's source as a hint; a limit above the provider's asks
# before saving, a lower one does not. Then
# it is edited (its settings come back, and Test uses the keyring's
# password) and removed, password included. With the keyring gone, Save explains
# that in a message and keeps the dialog open with what was typed.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR and HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli  # noqa: E402
import pyatspi                      # noqa: E402

ACCOUNT = "Test"
USER = "test-user"
PASSWORD = "ui-test-pw-7f3a91"     # distinctive: searched for in the database files
FROM = "Test Shop <news@example.com>"


def keyring_lookup():
    result = subprocess.run(["secret-tool", "lookup", "account", ACCOUNT],
                            capture_output=True, text=True, timeout=15)
    return result.stdout


uitest.set_deadline(240)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB")
tmp = uitest.tmp_dir()


# ---- the keyring, a certificate and the server ---------------------------

def start_keyring(replace=False):
    """GNOME Keyring's Secret Service, its login keyring unlocked. With
    replace, it takes over from a locked one D-Bus may have started."""
    before = uitest.name_owner("org.freedesktop.secrets")
    args = ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"]
    daemon = uitest.start_helper(args + (["--replace"] if replace else []),
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.stdin.write(b"test-pw")
    daemon.stdin.close()
    wait_for("the Secret Service (gnome-keyring-daemon)",
             lambda: uitest.name_owner("org.freedesktop.secrets") not in (None, before), timeout=10)
    return daemon


keyring = start_keyring()
ok("gnome-keyring-daemon is on the session bus")

cert, key = uitest.make_cert(tmp)

smtp_log = os.path.join(tmp, "smtp.log")
# It stops on SIGTERM or when its stdin closes: give it a pipe.
server, port = uitest.start_server("smtp-tls-server.py",
                                   ["--maildir", os.path.join(tmp, "maildir"), "--cert", cert, "--key", key,
                                    "--log", smtp_log, "--user", USER, "--password", PASSWORD],
                                   stdin=subprocess.PIPE)
ok("aiosmtpd (STARTTLS and AUTH required) listens on 127.0.0.1:%d" % port)


# ---- herald and the preferences ------------------------------------------

def toplevel(title):
    return uitest.toplevels(app, title)


app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
ok("the window is open")

prefs, accounts = uitest.open_preferences_accounts(app)
outbox = wait_for("the built-in Outbox in the accounts",
                  lambda: find_all(accounts, "list item", name="outbox"), timeout=30)[0]
if find_all(accounts, "push button", contains="Remove"):
    fail("the Outbox has a Remove button")
if not find_all(outbox, "label", name="Built in"):
    fail("the Outbox row does not say it is built in")
if not find_all(outbox, "label", contains="Test outbox — nothing is sent"):
    fail("the Outbox row does not say it is a test outbox that sends nothing")
ok("the Accounts page lists the Outbox, built in and not removable, named a test outbox")


# ---- add an account ------------------------------------------------------

add = wait_for("an enabled “Add Account…” button",
               lambda: [b for b in find_all(prefs, "push button", contains="Add Account") if uitest.sensitive(b)])[0]
add.doActionNamed("click")
editor = wait_for("the “Add Account” dialog", lambda: toplevel("Add Account"))[0]


def field(title):
    return wait_for("the field “%s”" % title, lambda: find_all(editor, "text", name=title))[0]


def spin(title):
    return wait_for("the spin button “%s”" % title, lambda: find_all(editor, "spin button", name=title))[0]


def test_result():
    """The result label's text, once the test has finished."""
    return [label.name for label in find_all(editor, "label")
            if label.description == "Result of the connection test" and label.name and
            label.name != "Connecting…"]


port_spin = spin("Port")
if port_spin.queryValue().currentValue != 587:
    fail("the port of a new STARTTLS account is %s, not 587" % port_spin.queryValue().currentValue)


# ---- a provider preset fills the fields ------------------------------------

def provider_row():
    return wait_for("the “Provider” row",
                    lambda: [n for role in ("combo box", "list item", "push button")
                             for n in find_all(editor, role, name="Provider")])[0]


def dump(node, depth=0):
    for child in node:
        print("# %s%s “%s”" % ("  " * depth, child.roleName, child.name), flush=True)
        dump(child, depth + 1)


PROVIDERS = ["Gmail", "Google Workspace", "Microsoft 365", "Outlook.com", "Xserver",
             "Sakura Internet Mailbox", "Onamae.com Mail", "Lolipop!", "KAGOYA", "Other Provider"]


def choose_provider(label):
    """Open the Provider row's list and pick the provider with the keyboard,
    as a person would (GTK 4.8 reports no usable positions for a popover's
    items, so a pointer click there would miss)."""
    from dogtail import rawinput
    provider_row().click()      # a pointer click: GTK 4.8 gives list rows no AT-SPI action

    def items():
        return [n for w in app.children for n in find_all(w, "label", name=label) if uitest.is_drawn(n)]
    try:
        wait_for("“%s” in the Provider list" % label, items, timeout=10)
    except BaseException:
        dump(editor)
        raise
    rawinput.pressKey("Home")
    for _ in range(PROVIDERS.index(label)):
        rawinput.pressKey("Down")
    rawinput.pressKey("Return")


def limits_shown():
    return {title: spin(title).queryValue().currentValue
            for title in ("Messages per Second", "Messages per Minute", "Messages per Hour",
                          "Daily Limit", "Connections")}


# (GTK 4.8 does not report an entry's text set by the program over AT-SPI:
# the server a preset fills in is checked on a saved account further down.)
GMAIL = {"Messages per Second": 0, "Messages per Minute": 0, "Messages per Hour": 0,
         "Daily Limit": 500, "Connections": 1}
choose_provider("Gmail")
wait_for("Gmail's limits in the fields", lambda: limits_shown() == GMAIL)
if spin("Port").queryValue().currentValue != 587:
    fail("choosing Gmail shows port %s, not 587" % spin("Port").queryValue().currentValue)
hint = wait_for("the daily limit's source as a hint",
                lambda: find_all(editor, "label", contains="Gmail publishes 500 a day. Source: https://support.google.com/"))
if not find_all(editor, "label", contains="app password"):
    fail("choosing Gmail does not say it wants an app password")
ok("choosing Gmail fills port 587 and %r; the hint reads “%s”" % (limits_shown(), hint[0].name))

choose_provider("Lolipop!")
wait_for("Lolipop!'s port and limits in the fields",
         lambda: spin("Port").queryValue().currentValue == 465 and limits_shown()["Daily Limit"] == 1000
         and limits_shown()["Messages per Hour"] == 100 and limits_shown()["Messages per Minute"] == 0)
ok("choosing Lolipop! fills port 465, 100 an hour and 1000 a day")

choose_provider("Gmail")
wait_for("Gmail's port and limits again",
         lambda: spin("Port").queryValue().currentValue == 587 and limits_shown() == GMAIL)

for title, text in [("Account Name", ACCOUNT), ("Server", "127.0.0.1"), ("User Name", USER),
                    ("Password", PASSWORD), ("Custom CA Certificate (optional)", cert),
                    ("From", FROM)]:
    field(title).text = text
ok("typed the account's settings, the password and the CA file")

# A server that never answers: Stop ends the test at once.
silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
silent.bind(("127.0.0.1", 0))
silent.listen(4)
port_spin.text = str(silent.getsockname()[1])
test_button = find_all(editor, "push button", name="Test Connection")[0]
test_button.doActionNamed("click")
stop_button = wait_for("the “Stop Test” button",
                       lambda: [b for b in find_all(editor, "push button", name="Stop Test") if uitest.sensitive(b)])[0]
stop_button.doActionNamed("click")
stopped = wait_for("the test to stop", test_result, timeout=10)[0]
if stopped != "The test was stopped.":
    fail("after Stop the test says “%s”" % stopped)
silent.close()
ok("Stop ends a test that waits for a silent server")

port_spin.text = str(port)
wait_for("the Test button to be enabled again", lambda: uitest.sensitive(test_button))
test_button.doActionNamed("click")


result = wait_for("the connection test's result", test_result, timeout=60)[0]
if not ("STARTTLS" in result and "AUTH" in result and "accepted" in result):
    fail("the connection test says “%s”, not “…STARTTLS, AUTH … accepted”" % result)
ok("Test says “%s”" % result)

save = [b for b in find_all(editor, "push button") if "Save" in (b.name or "")]
if not save:
    fail("no Save button among %r" % [b.name for b in find_all(editor, "push button")])

# Above Gmail's published 500 a day: Save asks first, and Keep Editing keeps the dialog.
spin("Daily Limit").text = "1000"
save[0].doActionNamed("click")
asked = wait_for("a question before saving a limit above Gmail's",
                 lambda: [w for w in app.children
                          if find_all(w, "label", name="Send Faster Than the Provider Allows?")], timeout=15)[0]
if not find_all(asked, "label", contains="1000 a day is above the limit Gmail publishes (500 a day)"):
    fail("the question does not say which limit is above Gmail's")
keep = [b for b in find_all(asked, "push button") if "Keep Editing" in (b.name or "")]
if not keep:
    fail("the question has no Keep Editing button: %r" % [b.name for b in find_all(asked, "push button")])
keep[0].doActionNamed("click")
wait_for("the question to close", lambda: not [w for w in app.children
                                               if find_all(w, "label", name="Send Faster Than the Provider Allows?")])
if not toplevel("Add Account") or any(line.startswith(ACCOUNT + "\t") for line in cli("account", "list").stdout.splitlines()):
    fail("Keep Editing closed the dialog or saved the account")
ok("a daily limit above Gmail's 500 asks before saving; Keep Editing saves nothing")

spin("Daily Limit").text = "400"     # lowering needs no question
save[0].doActionNamed("click")
wait_for("the dialog to close after Save", lambda: not toplevel("Add Account"), timeout=30)
row = wait_for("“%s” in the accounts" % ACCOUNT,
               lambda: find_all(accounts, "list item", name=ACCOUNT), timeout=20)[0]
ok("saved: the Accounts page lists “%s”" % ACCOUNT)


# ---- where it went -------------------------------------------------------

listed = [line.split("\t") for line in cli("account", "list").stdout.splitlines()]
mine = [fields for fields in listed if fields[0] == ACCOUNT]
if not mine or mine[0][1:] != ["127.0.0.1:%d" % port, "starttls", FROM]:
    fail("herald-cli account list shows %r, not the saved account" % listed)
ok("herald-cli account list: %s" % "  ".join(mine[0]))

limits = subprocess.run(["sqlite3", os.environ["HERALD_DB"],
                         "SELECT rate_per_minute, daily_cap, connections FROM accounts WHERE name = '%s'" % ACCOUNT],
                        capture_output=True, text=True, timeout=15).stdout.strip()
if limits != "|400|1":
    fail("the saved account's limits are “%s”, not Gmail's (no per-minute rate), the lowered 400/day and 1 connection" % limits)
ok("saved with Gmail's limits: no per-minute rate, the lowered 400 a day and 1 connection")

if keyring_lookup() != PASSWORD:
    fail("the keyring has no (or another) password for “%s”" % ACCOUNT)
ok("the password is in the keyring (account=%s)" % ACCOUNT)

db = os.environ["HERALD_DB"]
for path in [db] + glob.glob(db + "-*"):
    with open(path, "rb") as f:
        if PASSWORD.encode() in f.read():
            fail("the password is in %s" % path)
ok("the password is not in the database files")

with open(smtp_log, encoding="utf-8") as f:
    if "AUTH ok" not in f.read():
        fail("the SMTP server saw no successful login")


# ---- edit it: the settings come back, Test uses the keyring's password ----

row.click()      # a pointer click: GTK 4.8 gives list rows no AT-SPI action
editor = wait_for("the “Edit Account” dialog", lambda: toplevel("Edit Account"))[0]
if spin("Port").queryValue().currentValue != port:
    fail("the editor shows port %s, not %d" % (spin("Port").queryValue().currentValue, port))
find_all(editor, "push button", name="Test Connection")[0].doActionNamed("click")
result = wait_for("the connection test's result (password from the keyring)", test_result, timeout=60)[0]
if "accepted" not in result:
    fail("testing the saved account says “%s”" % result)
ok("Edit shows the saved settings; Test with the keyring's password says “%s”" % result)
find_all(editor, "push button", name="Cancel")[0].doActionNamed("click")
wait_for("the dialog to close on Cancel", lambda: not toplevel("Edit Account"))


# ---- remove it -------------------------------------------------------------

remove = find_all(row, "push button", name="Remove “%s”" % ACCOUNT)
if not remove:
    fail("the account row has no “Remove “%s”” button" % ACCOUNT)
remove[0].doActionNamed("click")
confirm = wait_for("the Remove confirmation",
                   lambda: [b for w in app.children for b in find_all(w, "push button")
                            if "Remove" in (b.name or "") and "“" not in b.name])[0]
confirm.doActionNamed("click")
wait_for("“%s” to leave the accounts" % ACCOUNT,
         lambda: not find_all(accounts, "list item", name=ACCOUNT), timeout=20)
if any(line.startswith(ACCOUNT + "\t") for line in cli("account", "list").stdout.splitlines()):
    fail("herald-cli still lists “%s” after Remove" % ACCOUNT)
if keyring_lookup() != "":
    fail("the password is still in the keyring after Remove")
ok("removed, and its password left the keyring")


# ---- an account made from a preset alone keeps the preset's server -------

add = wait_for("the “Add Account…” button again",
               lambda: [b for b in find_all(prefs, "push button", contains="Add Account") if uitest.sensitive(b)])[0]
add.doActionNamed("click")
editor = wait_for("the “Add Account” dialog for a preset", lambda: toplevel("Add Account"))[0]
choose_provider("Lolipop!")
wait_for("Lolipop!'s port in the field", lambda: spin("Port").queryValue().currentValue == 465)
for title, text in [("Account Name", "lolipop-preset"), ("From", FROM)]:
    field(title).text = text
# The switches for Japanese phones: found by their accessible names.
switches = [n for n in editor.findChildren(lambda n: n.name in ("Write Messages in ISO-2022-JP",
                                                                "Plain Text to Mobile Phones")
                                           and n.roleName in ("toggle button", "switch", "check box"),
                                           recursive=True)]
if len(switches) != 2:
    fail("the account dialog has %d switches named for ISO-2022-JP and plain text to phones, not 2" % len(switches))
for sw in switches:
    actions = list(sw.actions.keys())
    sw.doActionNamed(next(a for a in ("click", "toggle", "activate") if a in actions))
wait_for("both switches on", lambda: all(sw.getState().contains(pyatspi.STATE_CHECKED) for sw in switches))
save = [b for b in find_all(editor, "push button") if "Save" in (b.name or "")]
save[0].doActionNamed("click")
wait_for("the dialog to close after saving the preset's account", lambda: not toplevel("Add Account"), timeout=30)
listed = [line.split("\t") for line in cli("account", "list").stdout.splitlines()]
mine = [fields for fields in listed if fields[0] == "lolipop-preset"]
if not mine or mine[0][1:3] != ["smtp.lolipop.jp:465", "tls"]:
    fail("the account made from Lolipop! is listed as %r" % listed)
limits = subprocess.run(["sqlite3", os.environ["HERALD_DB"],
                         "SELECT rate_per_hour, daily_cap, connections FROM accounts WHERE name = 'lolipop-preset'"],
                        capture_output=True, text=True, timeout=15).stdout.strip()
if limits != "100|1000|1":
    fail("the account made from Lolipop! has the limits “%s”, not 100|1000|1" % limits)
charset = subprocess.run(["sqlite3", os.environ["HERALD_DB"],
                          "SELECT charset, mobile_text_only FROM accounts WHERE name = 'lolipop-preset'"],
                         capture_output=True, text=True, timeout=15).stdout.strip()
if charset != "iso-2022-jp|1":
    fail("the account's charset and plain-text switch were saved as “%s”, not iso-2022-jp|1" % charset)
ok("the switches for Japanese phones are saved: ISO-2022-JP, plain text to mobile phones")
cli("account", "remove", "lolipop-preset")
ok("an account made from Lolipop! alone: smtp.lolipop.jp:465, tls, 100 an hour, 1000 a day")


# ---- no keyring: Save says so and keeps what was typed ------------------

keyring.kill()
keyring.wait()
wait_for("the Secret Service to leave the bus", lambda: not uitest.name_owned("org.freedesktop.secrets"), timeout=10)
add.doActionNamed("click")
editor = wait_for("the “Add Account” dialog again", lambda: toplevel("Add Account"))[0]
for title, text in [("Account Name", ACCOUNT), ("Server", "127.0.0.1"), ("User Name", USER),
                    ("Password", PASSWORD), ("From", FROM)]:
    field(title).text = text
save = [b for b in find_all(editor, "push button") if "Save" in (b.name or "")]
save[0].doActionNamed("click")
# The keyring calls give up after 10 s; D-Bus may also try to start a new,
# locked keyring, which cannot ask for its password here.
message = wait_for("a message that the password was not saved",
                   lambda: [w for w in app.children
                            if find_all(w, "label", name="The Password Was Not Saved")], timeout=40)[0]
if not toplevel("Add Account"):
    fail("the dialog closed although the password could not be saved")
if any(line.startswith(ACCOUNT + "\t") for line in cli("account", "list").stdout.splitlines()):
    fail("the account was saved although its password could not be")
close = [b for b in find_all(message, "push button") if "Close" in (b.name or "")]
if not close:
    fail("the keyring message has no Close button")
close[0].doActionNamed("click")
wait_for("the keyring message to close", lambda: not toplevel("The Password Was Not Saved"))
ok("without a keyring, Save explains it, saves nothing and keeps the dialog open")

find_all(editor, "push button", name="Cancel")[0].doActionNamed("click")
wait_for("the dialog to close on Cancel", lambda: not toplevel("Add Account"))


# ---- quit ------------------------------------------------------------------

uitest.quit_herald()
uitest.check_log()

uitest.stop()
print("ui-accounts: all passed")
