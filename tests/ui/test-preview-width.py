#!/usr/bin/python3
# test-preview-width.py — the preview's width buttons: in the window's
# default size, “Desktop width” shows the message about as wide as a mail
# program does (560 px or more, at most 640), and “Mobile width” narrows
# it to a phone's (375 px, give or take a few) — a difference a person
# sees. The preview pane used to be about 410 px wide, so the desktop
# width never showed and the phone toggle barely changed anything.
# Widths are the WebKit view's, read through AT-SPI.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_CLI.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(100)
uitest.require_env("HERALD_UI", "HERALD_CLI")
uitest.cli("init", "--demo")
app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald.log"))
tabs = uitest.page_tabs(window)
uitest.open_template(window, tabs, "Sample newsletter")


def preview():
    views = [v for v in find_all(window, "filler", name="Message preview") if is_drawn(v)]
    views += [v for v in window.findChildren(lambda n: n.name == "Message preview", recursive=True)
              if is_drawn(v)]
    return views[0] if views else None


def width():
    return preview().queryComponent().getExtents(pyatspi.WINDOW_COORDS).width


def toggle(name):
    button = wait_for("the “%s” button" % name,
                      lambda: [b for b in window.findChildren(lambda n: n.name == name and "button" in n.roleName,
                                                              recursive=True) if is_drawn(b)])[0]
    button.doActionNamed("click")


wait_for("the preview", preview, timeout=30)
wait_for("the preview loaded", lambda: (lambda d: d and d["loaded"] == "yes")(uitest.dump_preview()), timeout=30)
frame = window.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
desktop = width()
ok("in a %d×%d window the desktop preview is %d px wide" % (frame.width, frame.height, desktop))
if not 560 <= desktop <= 640:
    fail("the desktop preview is %d px wide, not 560–640" % desktop)

toggle("Mobile width")
wait_for("a preview a phone's width", lambda: 360 <= width() <= 390, timeout=10)
mobile = width()
ok("“Mobile width” narrows the preview to %d px" % mobile)

toggle("Desktop width")
wait_for("the desktop width again", lambda: width() == desktop, timeout=10)
ok("“Desktop width” gives %d px again" % desktop)
uitest.check_log()
uitest.quit_herald()
ok("done")
