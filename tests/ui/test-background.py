#!/usr/bin/python3
# test-background.py — Herald keeps running with its window closed while
# scheduled work is to go, sends it, and then lets go; with the setting
# “Keep Running in the Background” it stays until Quit.
#
# On the engine's clock (HERALD_NOW, Asia/Tokyo), with a stand-in for the
# desktop's notification server (fake-notifications.py):
#  1. nothing scheduled: closing the window ends Herald at once, with no
#     “running in the background” notification;
#  2. a campaign scheduled for 10:00, the window opened at 09:59:40 and
#     closed at once: Herald stays (the window hidden, the notification
#     “Herald Is Running in the Background” with Quit), sends the campaign
#     when it falls due — after the window was closed — and then exits by
#     itself;
#  3. with the setting on (Preferences), closing the window with nothing
#     scheduled keeps Herald running, with the notification, until Quit.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn  # noqa: E402

uitest.set_deadline(170)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
LIST, TEMPLATE, N = "Sample customers", "Sample newsletter", 12
TITLE = "Herald Is Running in the Background"


def cli_at(now, *args, check=True):
    return uitest.cli(*args, check=check, env=dict(os.environ, TZ="Asia/Tokyo", HERALD_NOW=now)).stdout


def status(name):
    out = cli_at("2027-01-10T10:05:00+09:00", "campaign", "status", name, check=False)
    return dict(line.split("\t", 1) for line in out.splitlines())


def outbox():
    return len(os.listdir(outbox_new)) if os.path.isdir(outbox_new) else 0


def background_notes():
    return [n for n in uitest.read_notifications(notifications)
            if n.get("id") == "running-in-background"]


def start(now):
    env = dict(os.environ, TZ="Asia/Tokyo", HERALD_NOW=now)
    return uitest.start_herald_ready(env=env, append=True)


def close(window):
    wait_for("the window's Close button",
             lambda: [b for b in find_all(window, "push button", "Close") if is_drawn(b)])[0].doActionNamed("click")


notifications = uitest.start_notifications()
cli_at("2027-01-10T08:00:00+09:00", "init", "--demo")

# ---- 1. nothing scheduled: closing ends Herald ------------------------------
app, window = start("2027-01-10T09:00:00+09:00")
close(window)
uitest.wait_exit("closing the window with nothing scheduled", timeout=15)
if background_notes():
    fail("Herald said it runs in the background with nothing to do: %r" % background_notes())
ok("nothing scheduled: closing the window ended Herald, with no background notification")

# ---- 2. a scheduled campaign: Herald stays, sends it, then goes ----------------
cli_at("2027-01-10T09:00:00+09:00", "campaign", "create", "At ten", "--template", TEMPLATE, "--list", LIST,
       "--account", "outbox", "--at", "2027-01-10 10:00")
app, window = start("2027-01-10T09:59:40+09:00")
close(window)
closed_at = time.monotonic()
note = wait_for("the notification “%s”" % TITLE, background_notes, timeout=15)[-1]
text = str(note)
if TITLE not in text or "app.quit" not in text:
    fail("the notification lacks its title or its Quit button: %r" % note)
if uitest.herald().poll() is not None:
    fail("Herald exited though “At ten” is still to go")
if outbox() != 0 or status("At ten").get("campaign") != "scheduled":
    fail("something went before its time: %d messages, %r" % (outbox(), status("At ten")))
ok("closed with “At ten” scheduled: Herald stays, hidden, and says so (with Quit)")
wait_for("“At ten” sent with the window closed", lambda: status("At ten").get("campaign") == "done", timeout=100,
         may_exit=True)
if outbox() != N:
    fail("the Outbox holds %d messages, not %d" % (outbox(), N))
ok("“At ten” went %d s after the window closed: %d messages" % (time.monotonic() - closed_at, N))
uitest.wait_exit("the scheduled campaign was sent", timeout=40)
ok("with nothing left to do, Herald exited by itself")

# ---- 3. the setting: Herald stays until Quit ------------------------------------
app, window = start("2027-01-10T11:00:00+09:00")
uitest.gdbus_activate("preferences")
prefs = wait_for("the Preferences window", lambda: [w for w in app.children if w.name == "Preferences"])[0]


def setting_switch():
    for row in find_all(prefs, "list item"):
        if row.findChildren(lambda n: n.name == "Keep Running in the Background", recursive=True):
            found = row.findChildren(lambda n: n.roleName in ("switch", "toggle button", "check box"), recursive=True)
            if found:
                return found
    return None


switch = wait_for("the “Keep Running in the Background” switch", setting_switch)[0]
actions = list(switch.actions.keys())
switch.doActionNamed(next(a for a in ("click", "toggle", "activate") if a in actions)) if actions else switch.click()
wait_for("the switch on", lambda: uitest.has_state(switch, uitest.pyatspi.STATE_CHECKED))
prefs_close = [b for b in find_all(prefs, "push button", "Close") if is_drawn(b)]
if prefs_close:
    prefs_close[0].doActionNamed("click")
before = len(background_notes())
close(window)
wait_for("a new background notification", lambda: len(background_notes()) > before, timeout=15)
time.sleep(3)
if uitest.herald().poll() is not None:
    fail("Herald exited though “Keep Running in the Background” is on")
ok("with the setting on, Herald stays with its window closed and nothing scheduled")
uitest.gdbus_activate("quit", expect_reply=False)
uitest.wait_exit("Quit (the notification's button, app.quit)", timeout=15)
ok("Quit ended it")
uitest.check_log()
uitest.stop()
