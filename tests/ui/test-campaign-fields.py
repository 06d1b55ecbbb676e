#!/usr/bin/python3
# test-campaign-fields.py — the window refuses a campaign whose template
# uses a field the list does not have, before anything is made.
#
# The sample newsletter's subject is changed (sqlite3) to use 氏名 and
# 電話, which the sample list lacks. “Create & Send” then brings the dialog
# “Fields the List Does Not Have” naming both fields at once and the
# list's columns; no campaign is made and nothing reaches the Outbox.
# (A user trial met the old behaviour: the campaign was made and paused
# at once, saying “subject: 1:4: unknown merge field”.)
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_DB and HERALD_OUTBOX.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail  # noqa: E402

uitest.set_deadline(120)
uitest.require_env("HERALD_UI", "HERALD_DB", "HERALD_OUTBOX")
tmp = uitest.tmp_dir()
outbox_new = os.path.join(os.environ["HERALD_OUTBOX"], "new")
NAME = "Refused for its fields"


app, window = uitest.start_herald_ready()
tabs = uitest.page_tabs(window)
uitest.query("UPDATE templates SET subject = '{{ 氏名 }} 様 ({{ 電話 }})' WHERE name = 'Sample newsletter'")
ok("the sample newsletter's subject now uses 氏名 and 電話")

uitest.switch_to(tabs, "Campaigns")
uitest.create_and_send(window, NAME)
uitest.refusal_dialog(app, window, "the dialog naming the fields", "does not have",
                      "Fields the List Does Not Have", ["“氏名”, “電話”", "Sample customers", "its columns:"])
if uitest.query("SELECT count(*) FROM campaigns")[0][0] != 0:
    fail("a campaign was made")
if os.path.isdir(outbox_new) and os.listdir(outbox_new):
    fail("the Outbox holds messages though nothing should have been sent")
ok("no campaign made, nothing sent")

uitest.stop()
print("ok - all done", flush=True)
