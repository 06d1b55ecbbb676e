#!/usr/bin/python3
# test-schedule.py — the open window sends scheduled campaigns when they
# are due, asks before sending a late one, and schedules from the form.
#
# On the engine's clock (HERALD_NOW) in Asia/Tokyo: herald-cli prepares two
# campaigns on the Outbox at 08:00, one for 09:00 (no rule for being late)
# and one for 09:55. The window opens at 10:00: within a few seconds it
# sends “On time” (five minutes late is within the grace) without asking,
# and asks “Send a Late Campaign?” about “Late one”, naming it and when it
# was due; nothing of it is sent before the answer. “Send Now” sends it.
# Then the New Campaign form with Send Later on (Send Date, Hour, Minute)
# makes a campaign scheduled for 11:30 that is not sent.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all  # noqa: E402

uitest.set_deadline(150)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = os.environ.get("HERALD_TEST_TMPDIR") or tempfile.mkdtemp()
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
LIST, TEMPLATE, N = "Sample customers", "Sample newsletter", 12


def cli_at(now, *args, check=True):
    env = dict(os.environ, TZ="Asia/Tokyo", HERALD_NOW=now)
    result = subprocess.run([os.environ["HERALD_CLI"], "--db", os.environ["HERALD_DB"]] + list(args),
                            capture_output=True, text=True, timeout=60, env=env)
    if check and result.returncode != 0:
        fail("herald-cli %s: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout if result.returncode == 0 else ""


def status(name):
    """The campaign's `campaign status` as a dict; empty while it does not exist."""
    out = cli_at("2027-01-10T10:00:00+09:00", "campaign", "status", name, check=False)
    return dict(line.split("\t", 1) for line in out.splitlines())


def outbox():
    return len(os.listdir(outbox_new)) if os.path.isdir(outbox_new) else 0


cli_at("2027-01-10T08:00:00+09:00", "init", "--demo")
for name, at in (("Late one", "2027-01-10 09:00"), ("On time", "2027-01-10 09:55")):
    cli_at("2027-01-10T08:00:00+09:00", "campaign", "create", name, "--template", TEMPLATE, "--list", LIST,
           "--account", "outbox", "--at", at)
ok("herald-cli scheduled “Late one” for 09:00 and “On time” for 09:55")

env = dict(os.environ, TZ="Asia/Tokyo", HERALD_NOW="2027-01-10T10:00:00+09:00")
app, window = uitest.start_herald(os.path.join(tmp, "herald.log"), env=env)
tabs = uitest.page_tabs(window)


def question():
    return [l.name for l in find_all(app, "label", contains="“Late one” was to be sent at") if uitest.is_drawn(l)]


text = wait_for("the question about the late campaign", question, timeout=30)[0]
if "2027-01-10 09:00" not in text or "Herald was not running" not in text:
    fail("the question does not say when it was due and why it asks: %r" % text)
if not find_all(app, "label", name="Send a Late Campaign?"):
    fail("the question has no heading “Send a Late Campaign?”")
ok("the window asks: %s" % text)
wait_for("“On time” sent without a question", lambda: status("On time").get("campaign") == "done", timeout=30)
if outbox() != N:
    fail("the Outbox holds %d messages, not the %d of “On time”" % (outbox(), N))
st = status("Late one")
if st.get("campaign") != "scheduled" or st.get("queued") != str(N):
    fail("“Late one” changed before the answer: %r" % st)
ok("“On time” went (%d messages); “Late one” waits for the answer" % N)

send_now = wait_for("the Send Now button",
                    lambda: [b for b in find_all(app, "push button", name="Send Now") if uitest.is_drawn(b)])[0]
send_now.doActionNamed("click")
wait_for("“Late one” sent after “Send Now”", lambda: status("Late one").get("campaign") == "done", timeout=30)
wait_for("the question to close", lambda: not question())
if outbox() != 2 * N:
    fail("the Outbox holds %d messages, not %d" % (outbox(), 2 * N))
ok("“Send Now” sent “Late one”: %d messages in the Outbox, each once" % (2 * N))

# ---- Send Later in the New Campaign form --------------------------------
uitest.switch_to(tabs, "Campaigns")
name_field = wait_for("the “Campaign Name” field", lambda: find_all(window, "text", name="Campaign Name"))[0]
wait_for("a drawn “Campaign Name” field", lambda: uitest.is_drawn(name_field))
name_field.text = "Later"


def later_switch():
    # The switch of the Send Later row: the row's only switch.
    rows = [r for r in find_all(window, "list item") if r.findChildren(lambda n: n.name == "Send Later", recursive=True)]
    for row in rows:
        found = [n for n in row.findChildren(lambda n: n.roleName in ("switch", "toggle button", "check box"), recursive=True)]
        if found:
            return found
    return None


switch = wait_for("the Send Later switch", later_switch)[0]
wait_for("a drawn Send Later switch", lambda: uitest.is_drawn(switch))
# GTK 4.8 gives a switch no AT-SPI action: a pointer click, as a person would.
switch.click()
hour = wait_for("the Hour spin button", lambda: [n for n in find_all(window, "spin button", name="Hour")
                                                 if uitest.is_drawn(n)])[0]
minute = wait_for("the Minute spin button", lambda: [n for n in find_all(window, "spin button", name="Minute")
                                                     if uitest.is_drawn(n)])[0]
date = window.findChildren(lambda n: n.name == "Send Date", recursive=True)
if not date:
    fail("no calendar named “Send Date”")
ok("Send Later shows the calendar “Send Date” (role %s) and the Hour and Minute spin buttons" % date[0].roleName)
hour.queryValue().currentValue = 11
minute.queryValue().currentValue = 30
create = wait_for("the “Create & Schedule” button",
                  lambda: find_all(window, "push button", name="Create & Schedule"))[0]
create.doActionNamed("click")
wait_for("“Later” scheduled", lambda: status("Later").get("campaign") == "scheduled", timeout=20)
st = status("Later")
if st.get("scheduled") != "2027-01-10 11:30 JST" or st.get("sent") != "0":
    fail("“Later” is not scheduled for 11:30 unsent: %r" % st)
ok("Send Later made “Later”, scheduled for 2027-01-10 11:30 JST, nothing sent")
wait_for("the page saying when “Later” goes",
         lambda: [l for l in find_all(window, "label", name="Scheduled for 2027-01-10 11:30") if uitest.is_drawn(l)])
ok("the Campaigns page says “Scheduled for 2027-01-10 11:30”")
if outbox() != 2 * N:
    fail("something more reached the Outbox: %d" % outbox())

# ---- Preferences: the timer that sends while Herald is closed -------------
# No systemd user manager runs under the test (a throw-away session): the
# switch must say why it could not be turned on, and stay off.
uitest.gdbus_activate("preferences")
prefs = wait_for("the Preferences window", lambda: [w for w in app.children if w.name == "Preferences"])[0]


def timer_switch():
    # GTK 4.8 shows a switch as a check box, not always with its own name: the row's one.
    for row in find_all(prefs, "list item"):
        if row.findChildren(lambda n: n.name == "Send While Herald Is Closed", recursive=True):
            found = row.findChildren(lambda n: n.roleName in ("switch", "toggle button", "check box"), recursive=True)
            if found and uitest.is_drawn(found[0]):
                return found
    return None


timer = wait_for("the “Send While Herald Is Closed” switch", timer_switch)[0]
if uitest.has_state(timer, uitest.pyatspi.STATE_CHECKED):
    fail("the timer switch is on though no timer is installed")
timer.click()
said = wait_for("the reason the timer could not be set up",
                lambda: [l.name for l in find_all(prefs, "label", contains="The timer could not be set up")],
                timeout=30)[0]
wait_for("the switch back off", lambda: not uitest.has_state(timer, uitest.pyatspi.STATE_CHECKED))
units = os.path.join(os.environ.get("XDG_CONFIG_HOME", ""), "systemd", "user", "herald-due.timer")
if os.path.exists(units):
    fail("the timer's file stays though it was not enabled")
ok("Send While Herald Is Closed says why it cannot (%s) and stays off" % said)

uitest.quit_herald()
uitest.check_log()
ok("done")
