#!/usr/bin/python3
# test-late-notification.py — a scheduled campaign found late while the
# window is hidden (Herald running in the background) is asked about in a
# desktop notification with Send Now and Skip, and in the window when it
# is shown again; it is never sent nor dropped without an answer.
#
# On the engine's clock (HERALD_NOW, Asia/Tokyo), with a stand-in for the
# desktop's notification server (fake-notifications.py):
#  1. Herald opened at 11:00 with "Tomorrow" scheduled (so that it stays
#     when its window closes), the window closed: hidden, running;
#  2. three campaigns scheduled behind its back for 10:00, 10:15 and 10:30
#     (herald-cli on an earlier clock): Herald's next run of due work finds
#     them late and, its window hidden, sends one notification each (with
#     Send Now → app.late-send and Skip → app.late-skip, the campaign's id
#     as target) — and sends nothing;
#  3. the desktop's clicks, as the desktop makes them (org.gtk.Actions over
#     D-Bus): Send Now on the first sends it, Skip on the second keeps it
#     unsent (skipped-late), each notification withdrawn;
#  4. the third, unanswered, stays scheduled; the window shown again asks
#     about it in its dialog (the notification withdrawn); Keep Unsent
#     skips it. Nothing but the first was sent.
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

uitest.set_deadline(360)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
LIST, TEMPLATE, N = "Sample customers", "Sample newsletter", 12
QUESTION = "Send a Late Campaign?"
SEND, SKIP, ASK = "Late ten", "Late quarter past", "Late half past"


def cli_at(now, *args, check=True):
    return uitest.cli(*args, check=check, env=dict(os.environ, TZ="Asia/Tokyo", HERALD_NOW=now)).stdout


def status(name):
    out = cli_at("2027-01-10T11:30:00+09:00", "campaign", "status", name, check=False)
    return dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)


def outbox():
    return len(os.listdir(outbox_new)) if os.path.isdir(outbox_new) else 0


def late_notes():
    return [n for n in uitest.read_notifications(notifications)
            if str(n.get("id", "")).startswith("late-campaign-")]


def removed():
    return {n["removed"] for n in uitest.read_notifications(notifications) if "removed" in n}


def note_about(name):
    found = [n for n in late_notes() if ("“%s”" % name) in str(n["notification"].get("body", ""))]
    return found[-1] if found else None


def target(note, action):
    for b in note["notification"].get("buttons", []):
        if b.get("action") == action:
            return b.get("target")
    fail("the notification has no button for %s: %r" % (action, note))


notifications = uitest.start_notifications()
cli_at("2027-01-10T08:00:00+09:00", "init", "--demo")
cli_at("2027-01-10T09:00:00+09:00", "campaign", "create", "Tomorrow", "--template", TEMPLATE, "--list", LIST,
       "--account", "outbox", "--at", "2027-01-11 10:00")

# ---- 1. Herald hidden, running in the background ------------------------------
env = dict(os.environ, TZ="Asia/Tokyo", HERALD_NOW="2027-01-10T11:00:00+09:00")
app, window = uitest.start_herald_ready(env=env)
wait_for("the window's Close button",
         lambda: [b for b in find_all(window, "push button", "Close") if is_drawn(b)])[0].doActionNamed("click")
wait_for("the notification that Herald runs in the background",
         lambda: [n for n in uitest.read_notifications(notifications) if n.get("id") == "running-in-background"],
         timeout=20)
ok("the window closed with “Tomorrow” scheduled: Herald runs in the background")

# ---- 2. late campaigns found while hidden: notifications, nothing sent ----------
for name, at in ((SEND, "10:00"), (SKIP, "10:15"), (ASK, "10:30")):
    cli_at("2027-01-10T09:00:00+09:00", "campaign", "create", name, "--template", TEMPLATE, "--list", LIST,
           "--account", "outbox", "--at", "2027-01-10 " + at)
# The hidden window's next run of due work comes within a minute.
for name in (SEND, SKIP, ASK):
    wait_for("a notification asking about “%s”" % name, lambda: note_about(name), timeout=120)
for name in (SEND, SKIP, ASK):
    note = note_about(name)["notification"]
    labels = sorted(b.get("label") for b in note.get("buttons", []))
    if note.get("title") != QUESTION or labels != ["Send Now", "Skip"]:
        fail("the notification about %s: %r" % (name, note))
if [w for w in app.children if w.name == QUESTION or find_all(w, "label", contains="was to be sent at")]:
    fail("a dialog was presented on the hidden window")
if outbox() != 0 or any(status(n).get("schedule") != "late" for n in (SEND, SKIP, ASK)):
    fail("something was decided without an answer: %d messages, %r" % (outbox(), [status(n) for n in (SEND, SKIP, ASK)]))
if uitest.herald().poll() is not None:
    fail("Herald exited with questions unanswered")
ok("three late campaigns found while hidden: a notification each, with Send Now and Skip; nothing sent")

# ---- 3. answered in the notifications (the desktop activates the app actions) ----
send_id, skip_id = target(note_about(SEND), "app.late-send"), target(note_about(SKIP), "app.late-skip")
uitest.gdbus_activate("late-send", "int64 %d" % send_id)
uitest.gdbus_activate("late-skip", "int64 %d" % skip_id)
wait_for("“%s” sent after Send Now" % SEND, lambda: status(SEND).get("campaign") == "done", timeout=60)
wait_for("“%s” kept unsent after Skip" % SKIP, lambda: status(SKIP).get("schedule") == "skipped-late", timeout=30)
if outbox() != N:
    fail("the Outbox holds %d messages, not %d" % (outbox(), N))
wait_for("both notifications withdrawn",
         lambda: {"late-campaign-%d" % send_id, "late-campaign-%d" % skip_id} <= removed(), timeout=15)
if status(ASK).get("schedule") != "late" or status(ASK).get("campaign") != "scheduled":
    fail("“%s” changed without an answer: %r" % (ASK, status(ASK)))
ok("Send Now sent “%s” (%d messages), Skip kept “%s” unsent; “%s” still waits" % (SEND, N, SKIP, ASK))

# ---- 4. the window shown again asks about the one left -----------------------------
ask_id = target(note_about(ASK), "app.late-send")
uitest.gdbus_activate("show-window")


def question_dialog():
    return [w for w in app.children
            if find_all(w, "label", contains="“%s” was to be sent at" % ASK) and
            [b for b in find_all(w, "push button", name="Keep Unsent") if is_drawn(b)]]


dialog = wait_for("the window asking about “%s”" % ASK, question_dialog, timeout=90)[0]
wait_for("its notification withdrawn", lambda: "late-campaign-%d" % ask_id in removed(), timeout=15)
ok("shown again, the window asks about “%s” and the notification is withdrawn" % ASK)
[b for b in find_all(dialog, "push button", name="Keep Unsent") if is_drawn(b)][0].doActionNamed("click")
wait_for("“%s” kept unsent" % ASK, lambda: status(ASK).get("schedule") == "skipped-late", timeout=30)
time.sleep(1)
if outbox() != N:
    fail("the Outbox holds %d messages, not %d" % (outbox(), N))
ok("Keep Unsent in the window skipped “%s”; only “%s” was sent" % (ASK, SEND))

uitest.quit_herald()
uitest.check_log()
uitest.stop()
