#!/usr/bin/python3
# smoke.py — the real Herald window, driven like a person through AT-SPI:
# it opens on the sample data, its four pages are reachable by name, the
# sample list shows its Japanese contacts, and a picture of the window is
# written to the build folder (tests/ui/smoke-window.png).
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_BUILDDIR; HERALD_APP_ID is optional.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, has_state, is_drawn, PAGES  # noqa: E402
import pyatspi                      # noqa: E402

SAMPLE_LIST = "Sample customers"
JAPANESE_NAME = "山田"

uitest.set_deadline(90)
uitest.require_env("HERALD_UI", "HERALD_BUILDDIR")


# ---- start ---------------------------------------------------------------

app, window = uitest.start_herald(os.path.join(uitest.tmp_dir(), "herald.log"))
ok("the window is open")


# ---- navigation ----------------------------------------------------------

# The header holds a wide and a narrow view switcher, and the bottom bar a
# third; one is drawn.
tabs = uitest.page_tabs(window)
ok("the navigation names its pages: " + ", ".join(PAGES))

# The database opens in a worker thread; the sample list shows when it has.
address_lists = wait_for("the list of address lists",
                         lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the sample list “%s”" % SAMPLE_LIST,
         lambda: find_all(address_lists, "list item", name=SAMPLE_LIST), timeout=30)
ok("the sample list was loaded on first run")


def page_markers():
    """Something only each page shows, found through AT-SPI once: the
    widgets stay, only their sizes change."""
    markers = {
        "Lists": find_all(window, "label", name="Address Lists"),
        "Templates": find_all(window, "text", name="HTML Source"),
    }
    # The campaign form's group title, and the results page's state filter label.
    markers["Campaigns"] = find_all(window, "label", name="New Campaign")
    markers["Results"] = find_all(window, "label", name="Show")
    markers["Do Not Send"] = find_all(window, "entry", name="Search Suppressed Addresses")
    missing = [page for page, found in markers.items() if not found]
    if missing:
        fail("found nothing that belongs to the page(s) " + ", ".join(missing))
    return markers


markers = page_markers()


def switch_to(page):
    tabs[page].doActionNamed("click")
    wait_for("“%s” to be the selected page" % page,
             lambda: has_state(tabs[page], pyatspi.STATE_SELECTED) and
             not any(has_state(tabs[other], pyatspi.STATE_SELECTED)
                     for other in PAGES if other != page))
    wait_for("the “%s” page to be shown" % page,
             lambda: any(is_drawn(m) for m in markers[page]))


for page in ["Templates", "Campaigns", "Results", "Do Not Send"]:
    # Never shown yet, so its content has no size until the switch works.
    if any(is_drawn(m) for m in markers[page]):
        fail("the “%s” page is drawn before it was chosen" % page)
    switch_to(page)
    ok("switched to the “%s” page" % page)

switch_to("Lists")
ok("switched back to the “Lists” page")


# ---- the sample list's contacts ------------------------------------------

row = find_all(address_lists, "list item", name=SAMPLE_LIST)[0]
address_lists.querySelection().selectChild(row.indexInParent)
wait_for("“%s” to be selected" % SAMPLE_LIST,
         lambda: has_state(find_all(address_lists, "list item", name=SAMPLE_LIST)[0],
                           pyatspi.STATE_SELECTED))
contacts = wait_for("the contacts table", lambda: find_all(window, "tree table", name="Contacts"))[0]
cells = wait_for("a Japanese sample name (%s) among the contacts" % JAPANESE_NAME,
                 lambda: find_all(contacts, "label", contains=JAPANESE_NAME), timeout=30)
ok("the contacts show “%s”" % cells[0].name)


# ---- screenshot ------------------------------------------------------------

time.sleep(0.5)   # let the last frame settle (fades of the page switch)
shot, width, height = uitest.screenshot("smoke-window.png")
if not (360 <= width <= 4096 and 294 <= height <= 4096):
    fail("the screenshot is %d×%d pixels, not a window's size" % (width, height))
if os.path.getsize(shot) < 10000:
    fail("the screenshot is only %d bytes: an empty window?" % os.path.getsize(shot))
ok("wrote %s (%d×%d)" % (shot, width, height))


# ---- quit ------------------------------------------------------------------

uitest.quit_herald()
ok("quit through app.quit")
uitest.check_log()

uitest.stop()
print("ui-smoke: all passed")
