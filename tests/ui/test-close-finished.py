#!/usr/bin/python3
# test-close-finished.py — the window is closed while a campaign sends,
# and the campaign ends while “A Campaign Is Sending” is still asking.
# Choosing “Keep Sending in the Background” then simply closes the window:
# Herald exits by itself with status 0 and logs no critical warning. It
# used to close the window from inside the dialog's own response, which
# freed the dialog under AdwMessageDialog's feet
# (g_signal_handlers_disconnect_matched: “invalid (NULL) class pointer”).
# Herald runs with G_DEBUG=fatal-criticals, so such a warning also aborts it.
#
# A campaign of the sample list (12 people) goes to aiosmtpd on loopback
# through an account paced at 3 messages a second.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI, HERALD_CLI, HERALD_SRCDIR, HERALD_DB.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn  # noqa: E402

NAME = "Ends while asking"

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_SRCDIR", "HERALD_DB")
tmp = uitest.tmp_dir()
paced = uitest.PacedCampaign(NAME, "3/s")
received, state = paced.received, paced.state
ok("herald-cli prepared “%s” for an account paced at 3/s" % NAME)

app, window = uitest.start_herald(os.path.join(tmp, "herald.log"),
                                  env=dict(os.environ, G_DEBUG="fatal-criticals"))
wait_for("the sample list", lambda: find_all(window, "list", "Address lists"), timeout=30)
uitest.switch_to(uitest.page_tabs(window), "Campaigns")
uitest.select_campaign(window, NAME)
wait_for("the Resume button", lambda: uitest.resume_buttons(window))[0].doActionNamed("click")
wait_for("the first message at the server", lambda: received() > 0, timeout=20)
close = wait_for("the window's Close button",
                 lambda: [b for b in find_all(window, "push button", "Close") if is_drawn(b)])[0]
close.doActionNamed("click")
keep = wait_for("the dialog's “Keep Sending in the Background”",
                lambda: [b for b in find_all(app, "push button", "Keep Sending in the Background")
                         if is_drawn(b)], timeout=15)[0]
ok("the window asks while “%s” sends" % NAME)
wait_for("“%s” done while the dialog asks" % NAME, lambda: state() == "done", timeout=40)
time.sleep(1.5)          # the window hears the end of the run
if received() != 12:
    fail("the server got %d messages, not 12" % received())
keep.doActionNamed("click")
uitest.wait_exit("“Keep Sending in the Background” after the end", timeout=20)
uitest.check_log()
ok("“Keep Sending in the Background” after the end: Herald closed, status 0, no critical warning")
uitest.stop()
print("ok - all done", flush=True)
