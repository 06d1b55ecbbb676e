#!/usr/bin/python3
# test-campaign-toasts.py — a toast never covers the campaign's buttons:
# a campaign sends from the Campaigns page to aiosmtpd on loopback through
# an account paced at one message a second; Pause brings the toast “The
# campaign is paused.”, and Pause, Resume and Cancel Campaign stay clear
# of it and in sight (their places and the toast's, read through AT-SPI,
# do not meet, and the buttons lie inside the page), in a window short
# enough that the page scrolls.
# Resume then sends the rest, and the toast at the end leaves the buttons
# clear too.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR, HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

NAME = "Toasts"
BUTTONS = ("Pause", "Resume", "Cancel Campaign")
PAUSED = "The campaign is paused."
DONE = "The campaign is done."

uitest.set_deadline(130)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB")
tmp = uitest.tmp_dir()
paced = uitest.PacedCampaign(NAME, "1/s")
received, state = paced.received, paced.state
# A window of 1000×560: the page scrolls, its buttons sit near the bottom
# edge, where toasts come (GIO's keyfile settings backend holds the size).
settings = os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings")
os.makedirs(settings, exist_ok=True)
with open(os.path.join(settings, "keyfile"), "w") as f:
    f.write("[io/github/heraldmail/Herald]\nwindow-width=1000\nwindow-height=560\n")
app, window = uitest.start_herald(os.path.join(tmp, "herald.log"),
                                  env=dict(os.environ, GSETTINGS_BACKEND="keyfile"))
wait_for("the sample list", lambda: find_all(window, "list", "Address lists"), timeout=30)
uitest.switch_to(uitest.page_tabs(window), "Campaigns")
uitest.select_campaign(window, NAME)


def extents(node):
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def meet(a, b):
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def toast(text):
    """The drawn toast saying text (GTK 4.8 names the toast's node after its
    type, AdwToastWidget)."""
    for label in find_all(window, "label", name=text):
        node = label
        while node is not None and node.name != "AdwToastWidget":
            node = node.parent
        if node is not None and is_drawn(node):
            return node
    return None


def inside(a, b):
    return b.x <= a.x and a.x + a.width <= b.x + b.width and b.y <= a.y and a.y + a.height <= b.y + b.height


def check_clear(text, when):
    box = wait_for("the toast “%s”" % text, lambda: toast(text), timeout=20)
    t = extents(box)
    page = extents(wait_for("the Campaigns page", lambda: [p for p in find_all(window, "filler", name="HeraldCampaignsPage")
                                                           if is_drawn(p)])[0])
    for name in BUTTONS:
        button = wait_for("the “%s” button" % name,
                          lambda: [b for b in find_all(window, "push button", name=name) if is_drawn(b)])[0]
        b = extents(button)
        if not inside(b, page):
            fail("%s “%s” (%d,%d %d×%d) is not in sight on the page (%d,%d %d×%d)"
                 % (when, name, b.x, b.y, b.width, b.height, page.x, page.y, page.width, page.height))
        if meet(t, b):
            fail("%s the toast “%s” (%d,%d %d×%d) covers “%s” (%d,%d %d×%d)"
                 % (when, text, t.x, t.y, t.width, t.height, name, b.x, b.y, b.width, b.height))
    ok("%s the toast “%s” (%d,%d %d×%d) leaves %s clear and in sight"
       % (when, text, t.x, t.y, t.width, t.height, ", ".join(BUTTONS)))



wait_for("the Resume button", lambda: uitest.resume_buttons(window))[0].doActionNamed("click")
wait_for("the first message at the server", lambda: received() > 0, timeout=20)
pause = wait_for("Pause, enabled", lambda: [b for b in find_all(window, "push button", name="Pause")
                                            if uitest.has_state(b, pyatspi.STATE_SENSITIVE)])[0]
pause.doActionNamed("click")
wait_for("“%s” paused" % NAME, lambda: state() == "paused", timeout=20)
check_clear(PAUSED, "paused,")

wait_for("the Resume button", lambda: uitest.resume_buttons(window))[0].doActionNamed("click")
wait_for("“%s” done" % NAME, lambda: state() == "done", timeout=40)
check_clear(DONE, "at the end,")
uitest.check_log()
uitest.quit_herald()
uitest.stop()
ok("done")
