#!/usr/bin/python3
# test-list-cells.py — in the contacts table, Latin and Japanese text of
# one row stand on one baseline, and the “#” column numbers the rows as
# shown, not by the database's ids. Where that baseline puts each script's
# lowest ink is learnt from one cell holding both, “Osaka大阪” (one line
# of one layout); then “Osaka” and “大阪” in cells of their own in that
# row, and the sample list's first row (its number, “Subscribed” and “No
# record” against “山田商店” and “東京”), must end exactly as far apart.
# Each cell used to centre its own line box, and a Japanese font's is
# taller, so Latin text sat a pixel or two higher (an ellipsized cell sat
# at its top). The lowest inked pixels are read from a picture of the
# screen (ImageMagick's import under Xvfb, read with GdkPixbuf), each
# cell found through AT-SPI.
#
# Run through run-ui-test.sh (Xvfb + its own D-Bus session + throw-away
# home). Needs HERALD_UI and HERALD_CLI.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import time

import gi
gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, is_drawn  # noqa: E402
import pyatspi                      # noqa: E402

uitest.set_deadline(130)
uitest.require_env("HERALD_UI", "HERALD_CLI")
uitest.cli("init", "--demo")
tmp = uitest.tmp_dir()
with open(os.path.join(tmp, "mixed.csv"), "w", encoding="utf-8") as f:
    f.write("email,mixed,city,note\naaaa@example.jp,Osaka大阪,大阪,Osaka\n")
uitest.cli("import", os.path.join(tmp, "mixed.csv"), "--list", "Mixed")
app, window = uitest.start_herald(os.path.join(tmp, "herald.log"))
LATIN = ["1", "Subscribed", "No record"]
JAPANESE = ["山田商店", "東京"]


def cell(text):
    found = [c for c in find_all(window, "label", name=text) if is_drawn(c)]
    return found[0] if found else None


def screen():
    time.sleep(1.5)    # painted
    shot = os.path.join(tmp, "screen.png")
    subprocess.run(["import", "-window", "root", shot], check=True, timeout=30)
    image = GdkPixbuf.Pixbuf.new_from_file(shot)
    image.bytes = image.get_pixels()   # a copy each call: once
    return image


def inked(image, x, y):
    pixels, at = image.bytes, y * image.get_rowstride() + x * image.get_n_channels()
    return pixels[at] + pixels[at + 1] + pixels[at + 2] < 3 * 140


def band(image, text, part=None):
    """(left, right, lowest) of the ink of the text line nearest the middle
    of the cell showing text; part "first"/"last" keeps only the first or
    last 12 inked pixels' columns of that line (one glyph or two)."""
    e = cell(text).queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    x0, x1 = max(0, e.x + 2), min(image.get_width(), e.x + min(e.width, 120) - 2)
    rows = [y for y in range(max(0, e.y - 30), min(image.get_height(), e.y + e.height + 30))
            if any(inked(image, x, y) for x in range(x0, x1))]
    if not rows:
        fail("no ink in the cell “%s” (%d,%d %d×%d)" % (text, e.x, e.y, e.width, e.height))
    lines, start = [], rows[0]
    for previous, y in zip(rows, rows[1:] + [None]):
        if y != previous + 1:
            lines.append((start, previous))
            start = y
    middle = e.y + e.height / 2
    top, low = min(lines, key=lambda l: abs((l[0] + l[1]) / 2 - middle))
    columns = [x for x in range(x0, x1) if any(inked(image, x, y) for y in range(top, low + 1))]
    if part == "first":
        columns = [x for x in columns if x < columns[0] + 12]
    elif part == "last":
        columns = [x for x in columns if x > columns[-1] - 12]
    lowest = max(y for y in range(top, low + 1) if any(inked(image, x, y) for x in columns))
    return columns[0], columns[-1], lowest


# Where Latin and Japanese glyphs end on one baseline: both in one cell
# (one line of one layout), “Osaka大阪” of the list “Mixed”.
address_lists = wait_for("the list of address lists", lambda: find_all(window, "list", name="Address lists"))[0]
mixed = wait_for("the list “Mixed”", lambda: find_all(address_lists, "list item", name="Mixed"), timeout=30)[0]
address_lists.querySelection().selectChild(mixed.indexInParent)
wait_for("the cells of “Mixed”", lambda: all(cell(t) for t in ["Osaka大阪", "大阪", "Osaka"]), timeout=30)
# Its one row is numbered 1, as shown; not 13, its place in the database
# after the sample's twelve (the “#” column showed those ids once).
wait_for("the row number 1", lambda: cell("1"), timeout=10)
if cell("13"):
    fail("the “#” column of “Mixed” shows 13, the database's id, not 1")
ok("the “#” column of “Mixed” numbers its row 1")
image = screen()
latin_end, japanese_end = band(image, "Osaka大阪", "first")[2], band(image, "Osaka大阪", "last")[2]
reference = japanese_end - latin_end
ok("in the one cell “Osaka大阪” Japanese glyphs end %d px below Latin ones" % reference)
apart = band(image, "大阪")[2] - band(image, "Osaka")[2]
ok("in cells of their own, “大阪” ends %d px below “Osaka”" % apart)
if apart != reference:
    fail("“Osaka” and “大阪” of one row do not stand on one baseline: %d px apart, %d in one line"
         % (apart, reference))

# The sample list's first row: its number, status and consent in Latin,
# its company and city in Japanese.
sample = find_all(address_lists, "list item", name="Sample customers")[0]
address_lists.querySelection().selectChild(sample.indexInParent)
wait_for("the first row's cells", lambda: all(cell(t) for t in LATIN + JAPANESE), timeout=30)
image = screen()
ends = {t: band(image, t)[2] for t in LATIN + JAPANESE}
ok("lowest ink in the sample's first row: %s" % ", ".join("%s %d" % kv for kv in ends.items()))
for latin in LATIN:
    for japanese in JAPANESE:
        if ends[japanese] - ends[latin] != reference:
            fail("“%s” and “%s” of one row do not stand on one baseline: %d px apart, %d in one line"
                 % (latin, japanese, ends[japanese] - ends[latin], reference))
ok("Latin and Japanese text of one row stand on one baseline")
uitest.check_log()
uitest.quit_herald()
ok("done")
