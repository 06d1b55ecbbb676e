#!/usr/bin/python3
# bench-list-open.py — how long the window takes to show a big list.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run by bench-list-open.sh (Xvfb, a D-Bus session of its own, HERALD_DB
# holding a small list "a-small" and the big list "big"). Starts herald with
# its timing log on (G_MESSAGES_DEBUG), waits until the window shows the
# small list, then chooses the big list through the accessibility tree
# (as a click would) several times, alternating with the small one, and
# prints what the log says: the time from choosing the list to the first
# frame that paints its rows, and the count and first page's query times.
# Then scrolls to the middle and the end of the big list and prints how
# long those rows took, and herald's resident memory.

import os
import re
import subprocess
import sys
import time

ROUNDS = int(os.environ.get("ROUNDS", "3"))
exe = os.environ["HERALD_UI"]
log_path = os.environ["BENCH_LOG"]

herald = None


def fail(message):
    print("bench-list-open: " + message, file=sys.stderr)
    if herald is not None and herald.poll() is None:
        herald.kill()
    try:
        print(open(log_path, encoding="utf-8", errors="replace").read()[-3000:], file=sys.stderr)
    except OSError:
        pass
    sys.exit(1)


def wait_for(what, check, timeout=60.0, interval=0.05):
    end = time.monotonic() + timeout
    while True:
        if herald is not None and herald.poll() is not None:
            fail("herald exited while waiting for " + what)
        try:
            result = check()
        except Exception:
            result = None
        if result:
            return result
        if time.monotonic() > end:
            fail("timed out waiting for " + what)
        time.sleep(interval)


def log_text():
    with open(log_path, encoding="utf-8", errors="replace") as f:
        return f.read()


def painted(name, after):
    """The n-th (after) 'painted' line of the list, as milliseconds."""
    found = re.findall(r"first rows of “%s” painted ([0-9.]+) ms" % re.escape(name), log_text())
    return float(found[after]) if len(found) > after else None


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


env = dict(os.environ)
env["G_MESSAGES_DEBUG"] = "herald-lists-page,herald-contact-model"
log = open(log_path, "w")
herald = subprocess.Popen([exe], stdout=log, stderr=subprocess.STDOUT, env=env)

from dogtail.config import config  # noqa: E402
config.checkForA11y = False
config.logDebugToFile = False
config.searchCutoffCount = 1
config.defaultDelay = 0.05
config.actionDelay = 0.05
from dogtail import tree            # noqa: E402


def herald_app():
    for app in tree.root.applications():
        if app.name == "herald":
            return app
    return None


def find_all(root, role, name=None):
    return root.findChildren(lambda n: n.roleName == role and (name is None or n.name == name),
                             recursive=True)


app = wait_for("herald in the accessibility tree", herald_app)
window = wait_for("the main window",
                  lambda: [w for w in app.children if w.roleName == "frame"])[0]
lists = wait_for("the address lists", lambda: find_all(window, "list", name="Address lists"))[0]
wait_for("the small list painted", lambda: painted("a-small", 0) is not None)
time.sleep(2)       # let start-up settle


def row_of(name):
    items = find_all(lists, "list item")
    for i, item in enumerate(items):
        if name in (item.name or "") or any(name == (c.name or "") for c in find_all(item, "label")):
            return i
    fail("no list item for %s" % name)


print("herald RSS with the small list open: %d MB" % rss_mb(herald.pid))
big_row = row_of("big")
small_row = row_of("a-small")
selection = lists.querySelection()


def choose(row):
    """Selects a list as a click would; AT-SPI may time out on a busy machine."""
    for attempt in range(5):
        try:
            selection.selectChild(row)
            return
        except Exception as e:       # GLib.GError: no reply in time
            last = e
            time.sleep(1)
    fail("could not choose the list: %s" % last)


times = []
for round_ in range(ROUNDS):
    choose(big_row)
    times.append(wait_for("the big list painted", lambda: painted("big", round_), timeout=120))
    print("open big list (round %d): %.0f ms from choosing it to the first painted rows"
          % (round_ + 1, times[-1]), flush=True)
    if round_ + 1 < ROUNDS:
        choose(small_row)
        wait_for("the small list painted again", lambda: painted("a-small", round_ + 1))
        time.sleep(1)

text = log_text()
counts = re.findall(r"counted ([0-9]+) contacts in ([0-9.]+) ms", text)
print("count queries (ms): " + ", ".join("%s rows: %s" % c for c in counts))
print("herald RSS with the big list open: %d MB" % rss_mb(herald.pid))

# Scrolling: with the focus on a cell, End goes to the last row and Home
# back to the first; the model reads only the pages shown there.
from dogtail import rawinput  # noqa: E402


def jump(key):
    before = len(re.findall(r"page [0-9]+ \([0-9]+ rows\) read in", log_text()))
    rawinput.pressKey(key)
    time.sleep(3)
    reads = re.findall(r"page ([0-9]+) \(([0-9]+) rows\) read in ([0-9.]+) ms", log_text())[before:]
    print("%s: %s" % (key, ", ".join("page %s (%s rows) in %s ms" % r for r in reads)
                      or "no page read"))


table = find_all(window, "tree table", name="Contacts")[0]
# GTK 4.8 cannot give the focus through AT-SPI: click an address (its
# column opens no editor), which selects and focuses that row.
addresses = table.findChildren(lambda n: "@" in (n.name or "") and n.roleName != "table row", recursive=True)
focused = False
if addresses:
    addresses[0].click()
    time.sleep(1)
    focused = True
if focused:
    jump("End")
    jump("Home")
else:
    print("could not focus a cell: no scrolling measured")
print("herald RSS after jumping to the end: %d MB" % rss_mb(herald.pid))

herald.terminate()
try:
    herald.wait(timeout=10)
except subprocess.TimeoutExpired:
    herald.kill()
print("median open: %.0f ms over %d rounds (target: under 1000 ms)"
      % (sorted(times)[len(times) // 2], len(times)))
