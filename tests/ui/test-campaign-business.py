#!/usr/bin/python3
# test-campaign-business.py — the window refuses a campaign whose
# template's footer shows business details that nobody set: "Create &
# Send" with the English newsletter starter as the sample template and no
# business details opens a dialog naming each missing detail and where to
# set them (Preferences), with an “Open Preferences” button that opens
# them, makes no campaign and sends nothing. Once the
# details are set (herald-cli business set), the same click makes the
# campaign.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "HERALD_OUTBOX")
tmp = uitest.tmp_dir()
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
REFUSED = "Refused without business details"
MADE = "Made with business details"


app, window = uitest.start_herald_ready()
tabs = uitest.page_tabs(window)
# The English newsletter starter (a block template), made by herald-cli,
# becomes the sample template's body; the copy goes again.
cli("template", "add", "Starter copy", "--starter", "newsletter", "--lang", "en")
uitest.query("UPDATE templates SET html = (SELECT html FROM templates WHERE name = 'Starter copy'),"
      " blocks = (SELECT blocks FROM templates WHERE name = 'Starter copy') WHERE name = 'Sample newsletter'")
uitest.query("DELETE FROM templates WHERE name = 'Starter copy'")
if not uitest.query("SELECT count(*) FROM templates WHERE name = 'Sample newsletter' AND html LIKE '%sender_name%'")[0][0]:
    fail("the starter's footer with the business details is not in the sample template")
ok("the sample template is now the newsletter starter; no business details are set")

uitest.switch_to(tabs, "Campaigns")
uitest.create_and_send(window, REFUSED)
uitest.refusal_dialog(app, window, "the dialog naming the missing details", "Preferences",
                      "Business Details Missing",
                      ["the business name", "the postal address", "the contact", "Sample newsletter"])
if uitest.query("SELECT count(*) FROM campaigns")[0][0] != 0:
    fail("a campaign was made")
if os.path.isdir(outbox_new) and os.listdir(outbox_new):
    fail("the Outbox holds messages though nothing should have been sent")
ok("no campaign made, nothing sent")

# The refusal offers the way forward: “Open Preferences” opens them.
uitest.create_and_send(window, REFUSED)
wait_for("the refusal again", lambda: [l for l in find_all(app, "label", name="Business Details Missing") if is_drawn(l)],
         timeout=20)
to_prefs = wait_for("the dialog's “Open Preferences” button",
                    lambda: [b for b in find_all(app, "push button", name="Open Preferences")
                             if is_drawn(b) and b not in find_all(window, "push button")])[0]
to_prefs.doActionNamed("click")
prefs = wait_for("the Preferences window", lambda: [w for w in app.children if w.name == "Preferences"])[0]
ok("the refusal's “Open Preferences” opened Preferences")
close = wait_for("Preferences' Close button",
                 lambda: [b for b in find_all(prefs, "push button", name="Close") if is_drawn(b)])[0]
close.doActionNamed("click")
wait_for("Preferences closed", lambda: not [w for w in app.children if w.name == "Preferences"], timeout=10)

cli("business", "set", "--name", "Herald Stationery", "--address", "1-2-3 Chiyoda, Tokyo", "--contact", "info@example.jp")
uitest.create_and_send(window, MADE)
wait_for("the campaign made", lambda: uitest.query("SELECT count(*) FROM campaigns WHERE name = ?", MADE)[0][0] == 1,
         timeout=20)
if find_all(app, "label", name="Business Details Missing"):
    fail("the refusal came again with the details set")
ok("with the business details set, the campaign is made")

uitest.stop()
print("ok - all done", flush=True)
