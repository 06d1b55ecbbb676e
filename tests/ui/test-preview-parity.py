#!/usr/bin/python3
# test-preview-parity.py — what the window's preview shows is what is sent
# (issue 4): for every recipient of the sample list, stepped through in the
# real window with “Next recipient”, the preview's subject, HTML and text
# (read back through app.dump-preview: the HTML exactly as handed to
# WebKit) equal those of `herald-cli preview --email ADDR` and of the
# message a campaign wrote to the Outbox for that address.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, has_state, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

TEMPLATE = "Sample newsletter"
LIST = "Sample customers"
POLICY = email.policy.default.clone(raise_on_defect=True)

uitest.set_deadline(130)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = uitest.tmp_dir()

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
tabs = uitest.page_tabs(window)
lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list (the database is open)", lambda: find_all(lists, "list item"), timeout=30)
uitest.open_template(window, tabs, TEMPLATE)
ok("the window shows “%s”" % TEMPLATE)


def shown(position):
    d = uitest.dump_preview()
    if d and d["html"] and d["busy"] == "no" and d["position"] == str(position):
        return d
    return None


def next_button():
    return [b for b in find_all(window, "push button", name="Next recipient") if is_drawn(b)]


window_views = {}
position = 1
while True:
    d = wait_for("the preview of recipient %d" % position, lambda: shown(position), timeout=20)
    if d["error"]:
        fail("the preview of %s shows an error: %s" % (d["email"], d["error"]))
    window_views[d["email"].lower()] = d
    button = wait_for("the “Next recipient” button", next_button)[0]
    if not has_state(button, pyatspi.STATE_SENSITIVE):
        break
    button.doActionNamed("click")
    position += 1
ok("stepped through %d recipients in the window" % len(window_views))
if len(window_views) < 10:
    fail("the sample list showed only %d recipients" % len(window_views))


def decode(raw):
    message = email.message_from_bytes(raw, policy=POLICY)
    html = text = None
    for part in message.walk():
        if part.get_content_type() == "text/html":
            html = part.get_content()
        elif part.get_content_type() == "text/plain":
            text = part.get_content()
    return {"subject": str(message["Subject"]), "html": html, "text": text}


def crlf(s):
    """Text parts travel with CRLF line ends; the rendering has the template's."""
    return s.replace("\r\n", "\n").replace("\n", "\r\n") if s is not None else None


cli("campaign", "create", "Parity", "--template", TEMPLATE, "--list", LIST, "--account", "outbox")
cli("campaign", "send", "Parity")
sent = {}
for path in glob.glob(os.path.join(os.environ["HERALD_OUTBOX"], "new", "*")):
    with open(path, "rb") as f:
        raw = f.read()
    sent[email.message_from_bytes(raw, policy=POLICY)["To"].addresses[0].addr_spec.lower()] = decode(raw)
ok("herald-cli sent the campaign: %d messages in the Outbox" % len(sent))
if not sent or not set(sent) <= set(window_views):
    fail("the Outbox has %r, the window showed %r" % (sorted(sent), sorted(window_views)))

problems = []
for addr, view in sorted(window_views.items()):
    out = os.path.join(tmp, "preview.eml")
    cli("preview", "--template", TEMPLATE, "--list", LIST, "--email", addr, "--account", "outbox", "--out", out)
    with open(out, "rb") as f:
        previewed = decode(f.read())
    for name in ("subject", "html", "text"):
        if crlf(view[name]) != crlf(previewed[name]):
            problems.append("%s: the window's %s differs from herald-cli preview's:\n  %.300r\n  %.300r"
                            % (addr, name, view[name], previewed[name]))
        if addr in sent and sent[addr][name] != previewed[name]:
            problems.append("%s: the sent %s differs from herald-cli preview's" % (addr, name))
if problems:
    fail("%d differences:\n%s" % (len(problems), "\n".join(problems[:10])))
ok("for all %d recipients the window, herald-cli preview and (for the %d subscribed) the sent message "
   "carry the same subject, HTML and text" % (len(window_views), len(sent)))

uitest.stop()
print("ok - all done", flush=True)
