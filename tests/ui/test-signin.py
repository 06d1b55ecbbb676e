#!/usr/bin/python3
# test-signin.py — the account editor's "Sign in with Google", driven like a
# person through AT-SPI: choosing Gmail shows the sign-in row, and offers
# "Use the Account from Online Accounts" because GNOME Online Accounts (a
# stand-in, below) has a Google account; "Sign in with Google" runs the
# loopback sign-in against a real authorization server on loopback
# (oauth-server.py: HTTPS, PKCE, state and redirect URI checked), the
# dialog shows the address to copy; once signed in, Save stores the
# refresh token in the keyring (GNOME Keyring in this D-Bus session) and
# the account as one that signs in with Google; herald-cli then sends a
# campaign through it to the XOAUTH2 SMTP test server (aiosmtpd). Opened
# again, the editor shows the account's preset (Gmail) with its limits'
# sources, without filling the preset's server over the account's own.
#
# Stand-ins, because the real thing cannot run here: the browser is
# tests/ui/test-browser.py, which the editor starts instead of the
# desktop's browser through HERALD_TEST_BROWSER (an environment variable
# only tests set); GNOME Online Accounts is tests/integration/goa-standin.py
# on the test's session bus (GOA needs a desktop session and a real
# sign-in with the provider).
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli  # noqa: E402

ADDR = "shop@example.jp"
FROM = "Shop <%s>" % ADDR
ACCOUNT = "gm"

uitest.set_deadline(150)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB")
tmp = uitest.tmp_dir()
integration = os.path.join(os.environ["HERALD_SRCDIR"], "tests", "integration")

# ---- the keyring, a certificate, the servers, GOA's stand-in ---------------
before = uitest.name_owner("org.freedesktop.secrets")
keyring = uitest.start_helper(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
keyring.stdin.write(b"test-pw")
keyring.stdin.close()
wait_for("the Secret Service (gnome-keyring-daemon)",
         lambda: uitest.name_owner("org.freedesktop.secrets") not in (None, before), timeout=10)

cert, key = uitest.make_cert(tmp)

tokens = os.path.join(tmp, "tokens")
oauth_log = os.path.join(tmp, "oauth.log")
_, oport = uitest.start_server("oauth-server.py",
                               ["--cert", cert, "--key", key, "--log", oauth_log, "--token-file", tokens,
                                "--client-id", "test-client.apps", "--client-secret", "not-so-secret",
                                "--scope", "https://mail.google.com/"],
                               what="the authorization server", stdin=subprocess.PIPE)
smtp_log = os.path.join(tmp, "smtp.log")
_, port = uitest.start_server("smtp-tls-server.py",
                              ["--maildir", os.path.join(tmp, "maildir"), "--cert", cert, "--key", key,
                               "--log", smtp_log, "--user", ADDR, "--password", "unused-password",
                               "--token-file", tokens], stdin=subprocess.PIPE)
goa = uitest.start_helper(["/usr/bin/python3", os.path.join(integration, "goa-standin.py"), "--state", tmp,
                           "--token-file", os.path.join(tmp, "goa-tokens"),
                           "--account", "account_1_google:google:" + ADDR],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
if goa.stdout.readline().strip() != "READY":
    fail("the stand-in for GNOME Online Accounts did not start")
ok("the keyring, the authorization server, the SMTP server and GOA's stand-in run")

AS = "https://127.0.0.1:%d" % oport
browser_log = os.path.join(tmp, "browser.log")
# The window and herald-cli below both need the test's endpoints.
os.environ.update(
           HERALD_OAUTH_GOOGLE_CLIENT_ID="test-client.apps", HERALD_OAUTH_GOOGLE_CLIENT_SECRET="not-so-secret",
           HERALD_OAUTH_GOOGLE_AUTHORIZE_URL=AS + "/authorize", HERALD_OAUTH_GOOGLE_TOKEN_URL=AS + "/token",
           HERALD_OAUTH_CA_FILE=cert,
           HERALD_TEST_BROWSER=os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-browser.py"),
           HERALD_TEST_BROWSER_CA=cert, HERALD_TEST_BROWSER_LOG=browser_log)

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
editor = uitest.open_account_editor(app)


def field(title):
    return wait_for("the field “%s”" % title, lambda: find_all(editor, "text", name=title))[0]


if [b for b in find_all(editor, "push button", name="Sign in with Google") if uitest.is_drawn(b)]:
    fail("the sign-in button shows before a provider that signs in was chosen")
uitest.choose_provider(app, editor, "Gmail")
sign_in = wait_for("the “Sign in with Google” button",
                   lambda: find_all(editor, "push button", name="Sign in with Google"))[0]
wait_for("“Use the Account from Online Accounts”, offered since GOA has a Google account",
         lambda: find_all(editor, "push button", name="Use the Account from Online Accounts"))
ok("choosing Gmail offers “Sign in with Google” and the account from Online Accounts")

for title, text in [("Account Name", ACCOUNT), ("Server", "127.0.0.1"),
                    ("Custom CA Certificate (optional)", cert), ("From", FROM),
                    ("Unsubscribe Link (https://, optional)", "https://example.jp/u")]:
    field(title).text = text
wait_for("the Port field", lambda: find_all(editor, "spin button", name="Port"))[0].text = str(port)



def signin_dialog():
    return [w for w in app.children if w.name == "Sign In with Google"]


# Cancel: the dialog goes, nothing is signed in, and the button works again.
sign_in.doActionNamed("click")
dialog = wait_for("the “Sign In with Google” dialog", signin_dialog, timeout=20)[0]
wait_for("the browser to be given the address", lambda: os.path.exists(browser_log))
with open(browser_log) as f:
    first_url = f.read().split()[1]
if not find_all(dialog, "label", name=first_url):
    fail("the dialog does not show the address to copy (%s)" % first_url)
if not find_all(dialog, "push button", name="Copy Address"):
    fail("the dialog has no Copy Address button")
find_all(dialog, "push button", name="Cancel")[0].doActionNamed("click")
wait_for("the dialog to close on Cancel", lambda: not signin_dialog())
wait_for("the sign-in button to be enabled again", lambda: uitest.has_state(sign_in, uitest.pyatspi.STATE_SENSITIVE))
if find_all(editor, "label", contains="Signed in with Google"):
    fail("a cancelled sign-in says it signed in")
ok("the dialog shows the address to copy, and Cancel stops the sign-in")

sign_in.doActionNamed("click")
wait_for("the “Sign In with Google” dialog again", signin_dialog, timeout=20)
open(os.path.join(tmp, "go-2"), "w").close()
wait_for("the editor to say it signed in",
         lambda: find_all(editor, "label", contains="Signed in with Google. Save to keep the sign-in."), timeout=60)
with open(browser_log) as f:
    trail = f.read()
if ("OPEN %s/authorize?" % AS) not in trail or "code_challenge_method=S256" not in trail:
    fail("the browser was not sent to the authorization page with PKCE: %r" % trail)
if "AUTHORIZE 302 http://127.0.0.1:" not in trail or "REDIRECT 200" not in trail:
    fail("the redirect did not come back to Herald's loopback listener: %r" % trail)
with open(oauth_log) as f:
    log = f.read()
if "AUTHORIZE ok login_hint=%s" % ADDR not in log or "TOKEN code ok" not in log:
    fail("the authorization server did not accept the sign-in: %r" % log)
if [w for w in app.children if w.name == "Sign In with Google"]:
    fail("the sign-in dialog is still open after the sign-in")
ok("“Sign in with Google” ran the loopback sign-in (PKCE, state, redirect) and the dialog closed")

save = [b for b in find_all(editor, "push button") if "Save" in (b.name or "")][0]
save.doActionNamed("click")
asked = [w for w in app.children if find_all(w, "label", name="Send Faster Than the Provider Allows?")]
if asked:
    fail("Save asked about limits that were Gmail's own")
wait_for("the dialog to close after Save", lambda: not [w for w in app.children if w.name == "Add Account"],
         timeout=30)

db = sqlite3.connect(os.environ["HERALD_DB"])
row = db.execute("SELECT a.username, o.oauth_provider, o.goa_id, a.preset FROM accounts a JOIN account_oauth o"
                 " ON o.account_id = a.id WHERE a.name = ?", (ACCOUNT,)).fetchone()
db.close()
if row != (ADDR, "google", None, "gmail"):
    fail("the saved account is %r, not one from the Gmail preset that signs in with Google as %s" % (row, ADDR))
refresh = [line.split()[-1] for line in log.splitlines() if line.startswith("ISSUED refresh ")]
stored = subprocess.run(["secret-tool", "lookup", "account", ACCOUNT], capture_output=True, text=True,
                        timeout=15).stdout
if not refresh or stored != refresh[-1]:
    fail("the keyring holds %r, not the refresh token issued" % stored)
ok("Save stored the account as signed in with Google, the refresh token in the keyring")

# ---- opened again: its provider, the limits' sources, its sign-in -------------
prefs = [w for w in app.children if w.name == "Preferences"][0]
accounts = wait_for("the “Sending Accounts” list", lambda: find_all(prefs, "list", name="Sending Accounts"))[0]
wait_for("“%s” in the accounts" % ACCOUNT, lambda: find_all(accounts, "list item", name=ACCOUNT), timeout=20)[0].click()
editor = wait_for("the “Edit Account” dialog", lambda: [w for w in app.children if w.name == "Edit Account"])[0]
wait_for("the Provider row showing Gmail, the account's preset",
         lambda: [n for n in find_all(editor, "label", name="Gmail") if uitest.is_drawn(n)])
wait_for("the daily limit's source as a hint",
         lambda: find_all(editor, "label", contains="Gmail publishes 500 a day. Source: https://"))
wait_for("the sign-in row saying it is signed in", lambda: find_all(editor, "label", name="Signed in with Google."))
if field("Server").text not in ("", "127.0.0.1"):      # GTK 4.8 may not report it; never Gmail's own
    fail("opening the account filled in the preset's server over its own: %r" % field("Server").text)
if wait_for("the Port field", lambda: find_all(editor, "spin button", name="Port"))[0].queryValue().currentValue != port:
    fail("opening the account filled in the preset's port over its own")
find_all(editor, "push button", name="Cancel")[0].doActionNamed("click")
wait_for("the dialog to close on Cancel", lambda: not [w for w in app.children if w.name == "Edit Account"])
ok("opened again, the editor shows Gmail with its limits' sources and the sign-in, its own server kept")

# ---- it sends ----------------------------------------------------------------
cli("init", "--demo")
# The account came with the default quiet hours (21:00-08:00); this test
# may run at night.
cli("account", "quiet-hours", ACCOUNT, "off")
template = cli("template", "list").stdout.splitlines()[0].split("\t")[0]
cli("campaign", "create", "signed", "--template", template, "--list", "Sample customers", "--account", ACCOUNT)
sent = cli("campaign", "send", "signed", check=False)
if sent.returncode != 0:
    fail("campaign send exited %d: %s" % (sent.returncode, sent.stderr.strip()))
status = cli("campaign", "status", "signed").stdout
with open(smtp_log) as f:
    smtp = f.read()
if "sent\t12" not in status.splitlines() or smtp.count("DATA ") != 12 or "AUTH ok XOAUTH2 " + ADDR not in smtp:
    fail("the campaign did not go out over XOAUTH2: %r / %r" % (status, smtp))
ok("a campaign through the account logged in with XOAUTH2 and sent all 12 messages")

uitest.quit_herald()
uitest.check_log()
uitest.stop()
print("ui-signin: all passed")
