# uitest.py — what a UI test script needs to drive the real `herald` window
# through AT-SPI: start it, wait for things, find nodes, call its actions,
# start helper servers, fail with Herald's output shown. Import it from a
# script run by run-ui-test.sh.
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time

APP_ID = os.environ.get("HERALD_APP_ID", "io.github.heraldmail.Herald")
OBJECT_PATH = "/" + APP_ID.replace(".", "/")   # where GApplication exports its actions
PAGES = ["Lists", "Templates", "Campaigns", "Results", "Reports", "Sequences", "Do Not Send"]
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "data", "samples")

_herald = None          # the running herald process
_log_path = None
_helpers = []           # other processes to stop at the end
_start = time.monotonic()
_tmp = None
_dump_dir = None        # where app.dump-preview writes
_dumps = 0


def ok(message):
    print("ok - %s [%.1f s]" % (message, time.monotonic() - _start), flush=True)


def stop_helper(process):
    """Stops a helper process: SIGTERM, and SIGKILL after 5 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stop():
    """Stops Herald and every helper process."""
    if _herald is not None and _herald.poll() is None:
        _herald.kill()
        _herald.wait()
    for process in _helpers:
        stop_helper(process)


def fail(message):
    print("not ok - " + message, file=sys.stderr)
    stop()
    if _log_path and os.path.exists(_log_path):
        with open(_log_path, encoding="utf-8", errors="replace") as f:
            text = f.read().strip()
        if text:
            print("---- herald's output ----\n" + text + "\n----", file=sys.stderr)
    sys.exit(1)


def set_deadline(seconds):
    """Fails the test when it is not done in time (run-ui-test.sh allows 290 s unless tests/ui/meson.build gives the test more)."""
    signal.signal(signal.SIGALRM, lambda signum, frame:
                  fail("the test did not finish within %d seconds" % seconds))
    signal.alarm(seconds)


def require_env(*names):
    for name in names:
        if not os.environ.get(name):
            fail("%s must be set (run through meson test and run-ui-test.sh)" % name)
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        fail("no D-Bus session: run through run-ui-test.sh")


def tmp_dir():
    """The test's temporary folder (run-ui-test.sh makes one and removes it)."""
    global _tmp
    if _tmp is None:
        _tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()
    return _tmp


def wait_for(what, check, timeout=20.0, interval=0.2, may_exit=False):
    """Polls check() until it returns something true; fails after timeout.
    Herald exiting meanwhile fails it, unless may_exit: then check() has
    one last look (Herald may have done the thing and gone at once, between
    two looks — the caller checks how it exited)."""
    end = time.monotonic() + timeout
    while True:
        if _herald is not None and _herald.poll() is not None:
            result = check() if may_exit else None
            if result:
                return result
            fail("herald exited (status %d) while waiting for %s" % (_herald.returncode, what))
        try:
            result = check()
        except Exception as e:          # the tree changes under our feet
            result = None
            last_error = e
        else:
            last_error = None
        if result:
            return result
        if time.monotonic() > end:
            detail = " (%s)" % last_error if last_error else ""
            fail("timed out waiting for %s%s" % (what, detail))
        time.sleep(interval)


def herald():
    """The running (or last) herald process."""
    return _herald


def wait_exit(after, timeout=15):
    """Waits for Herald to exit by itself after something (“app.quit”);
    fails unless it does so in time and with status 0."""
    try:
        status = _herald.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        fail("herald did not exit within %d seconds after %s" % (timeout, after))
    if status != 0:
        fail("herald exited with status %d after %s" % (status, after))


def quit_herald():
    """Quits through app.quit and waits for Herald to exit with status 0."""
    gdbus_activate("quit", expect_reply=False)   # the process may leave before replying
    wait_exit("app.quit")


def check_log():
    """Fails when Herald logged a critical warning."""
    with open(_log_path, encoding="utf-8", errors="replace") as f:
        criticals = [line for line in f if "-CRITICAL **" in line]
    if criticals:
        fail("herald logged %d critical warning(s), e.g. %s" % (len(criticals), criticals[0].strip()))


def gdbus_activate(action, parameter=None, expect_reply=True, method="org.gtk.Actions.Activate"):
    """Activates one of Herald's application actions over D-Bus; parameter
    is a GVariant in text form (\"'a string'\")."""
    args = ["gdbus", "call", "--session", "--dest", APP_ID,
            "--object-path", OBJECT_PATH,
            "--method", method, action,
            "[<%s>]" % parameter if parameter is not None else "[]", "{}"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=15)
    if expect_reply and result.returncode != 0:
        fail("gdbus %s failed: %s" % (action, result.stderr.strip()))


def quoted(path):
    """A path as a GVariant string, for gdbus_activate."""
    return "'%s'" % path.replace("'", "\\'")


def dump_preview():
    """The preview as Herald has it, read back through app.dump-preview (a
    dict: subject, html, text, email, position, busy, loaded, unsaved,
    error, …); None when no dump came within 5 seconds."""
    global _dump_dir, _dumps
    if _dump_dir is None:
        _dump_dir = tempfile.mkdtemp(dir=tmp_dir())
    _dumps += 1
    path = os.path.join(_dump_dir, "dump-%d.json" % _dumps)
    gdbus_activate("dump-preview", quoted(path))
    end = time.monotonic() + 5
    while time.monotonic() < end:
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            time.sleep(0.05)
    return None


def png_size(path):
    """(width, height) of a PNG file, or None when it is not one (yet)."""
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def screenshot(name, tries=5):
    """A picture of the window through app.screenshot, written to
    tests/ui/NAME in the build folder; returns (path, width, height).
    Asked again (up to @tries times) when Herald drew nothing: GTK 4.8's
    widget paintable gives no picture of a window between two frames now
    and then (Herald logs “The window drew nothing”)."""
    shot = os.path.join(os.environ["HERALD_BUILDDIR"], "tests", "ui", name)
    os.makedirs(os.path.dirname(shot), exist_ok=True)
    for attempt in range(tries):
        if os.path.exists(shot):
            os.unlink(shot)
        gdbus_activate("screenshot", quoted(shot))
        end = time.monotonic() + 4
        while time.monotonic() < end:
            if os.path.exists(shot) and png_size(shot):
                return (shot,) + png_size(shot)
            time.sleep(0.2)
    fail("no picture %s after %d tries" % (shot, tries))


def count_pixels(path, wanted):
    """About how many pixels of the PNG @path have a colour wanted(r, g, b)
    says yes to (every other pixel of every other row, counted four
    times)."""
    import gi
    gi.require_version("GdkPixbuf", "2.0")
    from gi.repository import GdkPixbuf
    pixbuf = GdkPixbuf.Pixbuf.new_from_file(path)
    data, stride, n = pixbuf.get_pixels(), pixbuf.get_rowstride(), pixbuf.get_n_channels()
    count = 0
    for y in range(0, pixbuf.get_height(), 2):
        row = y * stride
        for x in range(0, pixbuf.get_width(), 2):
            if wanted(data[row + x * n], data[row + x * n + 1], data[row + x * n + 2]):
                count += 1
    return count * 4


def make_cert(folder):
    """A self-signed certificate for localhost and 127.0.0.1 and its key,
    made in @folder; returns (certificate path, key path)."""
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "2", "-subj", "/CN=localhost",
                           "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                          capture_output=True, text=True, timeout=60)
    if made.returncode != 0:
        fail("openssl could not make a certificate: " + made.stderr.strip())
    return cert, key


def sample_contacts():
    """The sample list's rows (data/samples/customers.csv) as dicts."""
    with open(os.path.join(SAMPLES, "customers.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def members_list_and_name_template(tmp, rows):
    """The demo data, a list 会員 imported from an Excel CP932 file with
    @rows (address, 氏名, 都道府県) under the columns メールアドレス, 氏名
    and 都道府県, and a template 案内 written for {{ name }}, a field that
    list lacks."""
    cli("init", "--demo")
    members = os.path.join(tmp, "members.csv")
    with open(members, "wb") as f:
        f.write(("メールアドレス,氏名,都道府県\r\n" + "".join("%s,%s,%s\r\n" % row for row in rows))
                .encode("cp932"))
    cli("import", members, "--list", "会員")
    html = os.path.join(tmp, "t.html")
    with open(html, "w", encoding="utf-8") as f:
        f.write("<p>{{ name }} 様、いつもありがとうございます。</p>\n")
    cli("template", "add", "案内", "--subject", "{{ name }} 様へ", "--html", html)


def start_helper(args, **popen_args):
    """Starts a helper process that is stopped at the end, whatever happens."""
    process = subprocess.Popen(args, **popen_args)
    _helpers.append(process)
    return process


def start_server(script, args, what="the SMTP server", **popen_args):
    """Starts tests/integration/SCRIPT, a server that prints “PORT n” once
    it listens; returns (process, port)."""
    path = os.path.join(os.environ["HERALD_SRCDIR"], "tests", "integration", script)
    server = start_helper(["/usr/bin/python3", path] + list(args), stdout=subprocess.PIPE, text=True, **popen_args)
    line = server.stdout.readline().split()
    if len(line) != 2 or line[0] != "PORT":
        fail("%s did not start" % what)
    return server, int(line[1])


def start_notifications():
    """A stand-in for the desktop's notification server on the test's
    session bus (fake-notifications.py); returns the file it logs to."""
    log = os.path.join(tmp_dir(), "notifications.jsonl")
    mock = start_helper(["/usr/bin/python3", os.path.join(HERE, "fake-notifications.py"), log],
                        stdout=subprocess.PIPE, text=True)
    if mock.stdout.readline().strip() != "READY":
        fail("the org.gtk.Notifications mock did not start")
    return log


def read_notifications(log):
    """What the stand-in got: one dict (app, id, notification) each."""
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def query(sql, *params):
    """Runs @sql with @params on the test's database (HERALD_DB) and
    commits; returns its rows."""
    con = sqlite3.connect(os.environ["HERALD_DB"], timeout=10)
    try:
        rows = con.execute(sql, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def cli(*args, check=True, env=None):
    """Runs herald-cli on the test's database (with env as its environment
    when given); returns the CompletedProcess."""
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"]] + list(args),
                            capture_output=True, text=True, timeout=60, env=env)
    if check and result.returncode != 0:
        fail("herald-cli %s: %s" % (" ".join(args), result.stderr.strip()))
    return result


from dogtail.config import config  # noqa: E402
config.checkForA11y = False         # dogtail refuses to start otherwise
config.logDebugToFile = False
config.searchCutoffCount = 1        # wait_for() does the waiting
config.defaultDelay = 0.2
config.actionDelay = 0.2
from dogtail import tree            # noqa: E402
import pyatspi                      # noqa: E402,F401


def has_state(node, state):
    return node.getState().contains(state)


def send_note_to_outbox(tmp, campaign, rows):
    """Sends a campaign of a one-line template “Note” to a list “People”
    of @rows (CSV lines after the header "email,name") through the
    Outbox, with herald-cli."""
    html = os.path.join(tmp, "note.html")
    with open(html, "w") as f:
        f.write("<p>Hello {{ name }}</p>\n")
    cli("template", "add", "Note", "--subject", "For {{ name }}", "--html", html)
    people = os.path.join(tmp, "people.csv")
    with open(people, "w") as f:
        f.write("email,name\n" + rows)
    cli("import", people, "--list", "People")
    cli("campaign", "create", campaign, "--template", "Note", "--list", "People", "--account", "outbox")
    cli("campaign", "send", campaign)


class PacedCampaign:
    """A campaign of the sample newsletter to the sample list, prepared with
    herald-cli for an account paced at @rate that sends to a local SMTP
    server writing a Maildir: received() counts what arrived, state() reads
    the campaign's state from the database."""

    def __init__(self, name, rate):
        self.name = name
        self.maildir = os.path.join(tmp_dir(), "smtp-maildir")
        self.server, port = start_server("maildir-smtp-server.py",
                                         [self.maildir, os.path.join(tmp_dir(), "smtp.log")])
        cli("init", "--demo")
        cli("account", "add", "paced", "--quiet-hours", "off", "--host", "127.0.0.1", "--port", str(port),
            "--security", "none", "--from", "Herald Test <sender@example.com>", "--rate", rate,
            "--unsubscribe", "https://example.com/unsubscribe")
        cli("campaign", "create", name, "--template", "Sample newsletter", "--list", "Sample customers",
            "--account", "paced")

    def received(self):
        folder = os.path.join(self.maildir, "new")
        return len(os.listdir(folder)) if os.path.isdir(folder) else 0

    def state(self):
        import sqlite3
        with sqlite3.connect(os.environ["HERALD_DB"], timeout=30) as db:
            return db.execute("SELECT state FROM campaigns WHERE name = ?", (self.name,)).fetchone()[0]


def sensitive(node):
    return has_state(node, pyatspi.STATE_SENSITIVE)


def toplevels(app, title):
    """The application's windows (dialogs too) named @title."""
    return [w for w in app.children if w.name == title]


def is_drawn(node):
    """GTK 4.8 reports neither SHOWING for children nor hides the pages of a
    stack, but a page that was never shown has never been given a size."""
    e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return e.width > 0 and e.height > 0


def find_all(root, role, name=None, contains=None):
    def match(n):
        if n.roleName != role:
            return False
        if name is not None and n.name != name:
            return False
        if contains is not None and contains not in (n.name or ""):
            return False
        return True
    return root.findChildren(match, recursive=True)


def _bus_call(method, name):
    return subprocess.run(
        ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
         "--object-path", "/org/freedesktop/DBus",
         "--method", "org.freedesktop.DBus." + method, name],
        capture_output=True, text=True, timeout=5)


def name_owned(name=APP_ID):
    """Whether a name (Herald's by default) is owned on the session bus."""
    return "true" in _bus_call("NameHasOwner", name).stdout


def name_owner(name):
    """The unique name that owns name on the session bus, or None."""
    result = _bus_call("GetNameOwner", name)
    return result.stdout.strip() if result.returncode == 0 else None


def herald_app():
    for app in tree.root.applications():
        if app.name == "herald":
            return app
    return None


def start_herald(log_path, env=None, append=False):
    """Starts the window (with env as its environment when given, its
    output written or, with append, added to log_path); returns
    (application node, window node)."""
    global _herald, _log_path
    _log_path = log_path
    _herald = subprocess.Popen([os.environ["HERALD_UI"]], stdout=open(log_path, "a" if append else "w"),
                               stderr=subprocess.STDOUT, env=env)
    wait_for("the application on the session bus", name_owned)
    app = wait_for("the application in the accessibility tree", herald_app)
    window = wait_for("the main window",
                      lambda: [w for w in app.children if w.roleName == "frame" and w.name == "Herald"])[0]
    return app, window


def start_herald_ready(env=None, append=False):
    """start_herald() with its log in the test's folder, waiting until the
    Lists page shows the sample list (the database is open); returns
    (application node, window node)."""
    app, window = start_herald(os.path.join(tmp_dir(), "herald.log"), env=env, append=append)
    lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]
    wait_for("the sample list (the database is open)", lambda: find_all(lists, "list item"), timeout=30)
    return app, window


def page_tabs(window):
    """Waits for the view switcher; returns its tabs by page name."""
    def tabs():
        found = {}
        for tab in find_all(window, "page tab"):
            if tab.name in PAGES and tab.name not in found and is_drawn(tab):
                found[tab.name] = tab
        return found if len(found) == len(PAGES) else None
    return wait_for("the view switcher", tabs)


def switch_to(tabs, page):
    tabs[page].doActionNamed("click")
    wait_for("“%s” to be the selected page" % page,
             lambda: has_state(tabs[page], pyatspi.STATE_SELECTED))


def create_and_send(window, name):
    """Types a campaign name on the Campaigns page and clicks “Create & Send”."""
    name_field = wait_for("the “Campaign Name” field", lambda: find_all(window, "text", name="Campaign Name"))[0]
    wait_for("a drawn “Campaign Name” field", lambda: is_drawn(name_field))
    name_field.text = name
    create = wait_for("the “Create & Send” button", lambda: find_all(window, "push button", contains="Create"))[0]
    create.doActionNamed("click")
    return create


SEND_HEADINGS = ("Send This Campaign?", "Write to the Test Outbox?", "Schedule This Campaign?")
SEND_BUTTONS = ("Send Now", "Write to Test Outbox", "Schedule")


def dialogs(app, window):
    """The application's windows other than the main one (its dialogs)."""
    return [w for w in app.children if w != window]


def send_dialog_labels(app, window):
    """The drawn labels of the send confirmation (empty when it is not shown)."""
    for dialog in dialogs(app, window):
        labels = [l for l in find_all(dialog, "label") if is_drawn(l)]
        if any(l.name in SEND_HEADINGS for l in labels):
            return [l.name for l in labels]
    return []


def send_dialog_button(app, window, name):
    """The button called name in one of the application's dialogs."""
    for dialog in dialogs(app, window):
        buttons = [b for b in find_all(dialog, "push button", name=name) if is_drawn(b)]
        if buttons:
            return buttons[0]
    return None


def await_send_dialog(app, window, timeout=60):
    """Waits for the send confirmation and for its checks to finish (the
    spinner's status line changes); returns its labels."""
    wait_for("the send confirmation", lambda: send_dialog_labels(app, window), timeout=30)

    def checked():
        labels = send_dialog_labels(app, window)
        if any(l.startswith("Checking addresses") for l in labels):
            return None
        return labels
    return wait_for("the send confirmation's checks to finish", checked, timeout=timeout)


def confirm_send(app, window, wanted=()):
    """Waits for the send confirmation, checks it says each of `wanted`,
    and presses its Send button (“Send Now”, or “Write to Test Outbox”);
    returns the dialog's labels."""
    labels = await_send_dialog(app, window)
    text = "\n".join(labels)
    for w in wanted:
        if w not in text:
            fail("the send confirmation does not say “%s”: %r" % (w, labels))

    def enabled():
        for name in SEND_BUTTONS:
            b = send_dialog_button(app, window, name)
            if b is not None and has_state(b, pyatspi.STATE_SENSITIVE):
                return b
        return None
    button = wait_for("the confirmation's Send button, enabled", enabled, timeout=10)
    ok("the send confirmation says: %s" % " | ".join(labels))
    button.doActionNamed("click")
    wait_for("the send confirmation to close", lambda: not send_dialog_labels(app, window))
    return labels


def refusal_dialog(app, window, what, contains, heading, wanted):
    """Waits for a dialog whose message contains `contains`, checks that it
    says each of `wanted` under the heading `heading`, closes it and
    waits for it to go; returns its message."""
    def refusal():
        return [l.name for l in find_all(app, "label", contains=contains) if is_drawn(l)]

    text = wait_for(what, refusal, timeout=20)[0]
    for wanted_text in wanted:
        if wanted_text not in text:
            fail("the dialog does not say “%s”: %r" % (wanted_text, text))
    if not find_all(app, "label", name=heading):
        fail("the dialog has no heading “%s”" % heading)
    ok("the dialog says: %s" % text)
    close = wait_for("the dialog's Close button",
                     lambda: [b for b in find_all(app, "push button", name="Close")
                              if is_drawn(b) and b not in find_all(window, "push button")])[0]
    close.doActionNamed("click")
    wait_for("the dialog to close", lambda: not refusal())
    return text


def template_item(templates, name):
    """Waits for the template called name in the list of templates."""
    return wait_for("the template “%s”" % name, lambda: find_all(templates, "list item", name=name), timeout=30)[0]


def select_template(templates, name):
    templates.querySelection().selectChild(template_item(templates, name).indexInParent)


def open_template(window, tabs, name):
    """Shows the Templates page and selects the template called name;
    returns the list of templates."""
    switch_to(tabs, "Templates")
    templates = wait_for("the list of templates", lambda: find_all(window, "list", name="Templates"))[0]
    select_template(templates, name)
    return templates


def select_campaign(window, name):
    """Selects the campaign called name on the Campaigns page (shown);
    returns once the page shows it."""
    campaigns = wait_for("the list of campaigns", lambda: find_all(window, "list", name="Campaigns"))[0]

    def select():
        rows = [r for r in campaigns.children if r.roleName == "list item"]
        for i, row in enumerate(rows):
            if row.findChildren(lambda n: n.name == name, recursive=True):
                campaigns.querySelection().selectChild(i)
                return [l for l in find_all(window, "label", name=name) if l.description == "Selected campaign"]
        return None
    wait_for("“%s” selected in the campaigns list" % name, select, timeout=30, interval=0.5)


def resume_buttons(window):
    """The Campaigns page's Resume button, when it is enabled."""
    return [b for b in find_all(window, "push button", name="Resume") if has_state(b, pyatspi.STATE_SENSITIVE)]


PROVIDERS = ["Gmail", "Google Workspace", "Microsoft 365", "Outlook.com", "Xserver",
             "Sakura Internet Mailbox", "Onamae.com Mail", "Lolipop!", "KAGOYA", "Other Provider"]


def choose(app, node, index, label):
    """Opens the drop-down @node and picks its item at @index (whose text
    is @label) with the keyboard, as a person would (GTK 4.8 reports no
    usable positions for a popover's items, so a pointer click there would
    miss)."""
    from dogtail import rawinput
    node.click()
    wait_for("“%s” in the open drop-down" % label,
             lambda: [n for w in app.children for n in find_all(w, "label", name=label) if is_drawn(n)],
             timeout=10)
    time.sleep(0.3)
    rawinput.pressKey("Home")
    for _ in range(index):
        rawinput.pressKey("Down")
    rawinput.pressKey("Return")
    time.sleep(0.3)


def open_preferences_accounts(app):
    """Opens Preferences on its Accounts page; returns the Preferences
    window and its “Sending Accounts” list."""
    gdbus_activate("preferences")
    prefs = wait_for("the Preferences window", lambda: [w for w in app.children if w.name == "Preferences"])[0]
    wait_for("the “Accounts” page tab", lambda: find_all(prefs, "page tab", name="Accounts"))[0].doActionNamed("click")
    return prefs, wait_for("the “Sending Accounts” list",
                           lambda: find_all(prefs, "list", name="Sending Accounts"))[0]


def open_account_editor(app):
    """Opens Preferences → Accounts → Add Account…; returns the editor."""
    prefs, _ = open_preferences_accounts(app)
    add = wait_for("an enabled “Add Account…” button",
                   lambda: [b for b in find_all(prefs, "push button", contains="Add Account")
                            if has_state(b, pyatspi.STATE_SENSITIVE)])[0]
    add.doActionNamed("click")
    return wait_for("the “Add Account” dialog", lambda: [w for w in app.children if w.name == "Add Account"])[0]


def choose_provider(app, editor, label):
    """Picks a provider in the account editor's Provider row with the
    keyboard, as a person would (GTK 4.8 reports no usable positions for a
    popover's items, so a pointer click there would miss)."""
    from dogtail import rawinput
    row = wait_for("the “Provider” row",
                   lambda: [n for role in ("combo box", "list item", "push button")
                            for n in find_all(editor, role, name="Provider")])[0]
    row.click()      # a pointer click: GTK 4.8 gives list rows no AT-SPI action
    wait_for("“%s” in the Provider list" % label,
             lambda: [n for w in app.children for n in find_all(w, "label", name=label) if is_drawn(n)],
             timeout=10)
    rawinput.pressKey("Home")
    for _ in range(PROVIDERS.index(label)):
        rawinput.pressKey("Down")
    rawinput.pressKey("Return")
