#!/usr/bin/python3
# test-editor-typing.py — the editor stays responsive while typing in a
# 50 KB Japanese newsletter previewed against a 2,000-contact list.
#
# Herald runs with HERALD_DEBUG_TIMING=1 and logs, on the monotonic clock
# that time.monotonic() reads:
#   "shown X ms after the last edit" when WebKit finished loading a
#     preview holding the newest edit (load-changed FINISHED), and
#   "stall X ms at T" for each main-loop gap of 20 ms or more, seen by a
#     1 ms g_timeout probe.
# The test types bursts of characters into the HTML source through AT-SPI
# (EditableText.insertText, one character every 70 ms, a fast typist),
# waits for the preview to show each burst's text (read back through
# app.dump-preview), and prints per burst: the time from the last
# keystroke to the preview updated, and the longest main-loop stall while
# typing, and what the last render of each burst spent where (waiting for
# a thread, for the store, working, waiting for the UI thread). It asserts
# generous bounds only (a loaded 2-core CI machine shares the CPU with
# WebKit's processes): median update under 1000 ms and no stall over
# 1000 ms; the figures themselves are for people. The test data come
# from tests/bench/gen-newsletter.py.
#
# Run through run-ui-test.sh. Needs HERALD_UI, HERALD_CLI, HERALD_DB and
# HERALD_BUILDDIR.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uitest                       # noqa: E402
from uitest import ok, fail, wait_for, find_all, cli, is_drawn, dump_preview as dump  # noqa: E402

TEMPLATE = "Large newsletter"
MARKER = "ここに入力"
BURSTS = 6
KEYS_PER_BURST = 12
KEY_INTERVAL = 0.070

uitest.set_deadline(140)
uitest.require_env("HERALD_UI", "HERALD_BUILDDIR", "HERALD_CLI", "HERALD_DB")


def contacts_csv(path, rows=2000):
    with open(path, "w", encoding="utf-8") as f:
        f.write("email,name,会社名,city\n")
        for i in range(rows):
            company = "" if i % 3 == 0 else "株式会社テスト%d" % i
            f.write("user%05d@example.jp,山田 %d郎,%s,東京\n" % (i, i, company))


# ---- a database with the large template and list -------------------------

os.makedirs(os.path.dirname(os.environ["HERALD_DB"]), exist_ok=True)
cli("init", "--demo")
work = tempfile.mkdtemp(dir=uitest.tmp_dir())
html_path = os.path.join(work, "large.html")
subprocess.run(["/usr/bin/python3", os.path.join(uitest.HERE, "..", "bench", "gen-newsletter.py"), str(50 * 1024),
                html_path], check=True, timeout=30)
with open(html_path, encoding="utf-8") as f:
    html = f.read()
csv_path = os.path.join(work, "contacts.csv")
contacts_csv(csv_path)
cli("import", csv_path, "--list", "Large list")
cli("template", "add", TEMPLATE, "--subject", "{{ name }}様へ 大きなお知らせ", "--html", html_path)
html_bytes = len(html.encode("utf-8"))

log_path = os.path.join(uitest.tmp_dir(), "herald.log")
# Xvfb has no GPU: GTK's GL renderer would rasterise every frame in
# software (llvmpipe) on the UI thread, 70-140 ms a frame on the 2-core CI
# machine. Herald itself chooses cairo when OpenGL is a software one
# (ui/herald-renderer.c, logged under G_MESSAGES_DEBUG=herald-renderer);
# run with GSK_RENDERER=gl to see the other.
env = dict(os.environ, HERALD_DEBUG_TIMING="1", G_MESSAGES_DEBUG="herald-renderer")
app, window = uitest.start_herald(log_path, env=env)
uitest.open_template(window, uitest.page_tabs(window), TEMPLATE)


def first_render(d):
    return d if d and d["html"] and MARKER in d["html"] and d["busy"] == "no" and d["loaded"] == "yes" else None


t0 = time.monotonic()


wait_for("a first render of the large template", lambda: first_render(dump()), timeout=40)
ok("opened “%s” (%d bytes of HTML), first preview in %.1f s" % (TEMPLATE, html_bytes, time.monotonic() - t0))

# Lists are offered by name: "Large list" comes first, and is shown.
wait_for("the preview of the large list",
         lambda: (lambda d: d if d and d["email"] and d["email"].startswith("user") and d["busy"] == "no" else None)(dump()),
         timeout=30)
ok("the preview shows the 2,000-contact list")

source = [t for t in find_all(window, "text", name="HTML Source") if is_drawn(t)][0]
editable = source.queryEditableText()
offset = html.index(MARKER) + len(MARKER)

time.sleep(2.0)    # let the first loads and the highlighting settle
results = []
typed = ""
for burst in range(BURSTS):
    start = time.monotonic()
    for k in range(KEYS_PER_BURST):
        ch = "あいうえおかきくけこ"[(burst + k) % 10] if k % 3 else "x"
        editable.insertText(offset + len(typed), ch, len(ch.encode("utf-8")))   # length in bytes
        typed += ch
        time.sleep(KEY_INTERVAL)
    last_key = time.monotonic()
    want = MARKER + typed
    wait_for("burst %d in the preview" % (burst + 1),
             lambda: (lambda d: d if d and want in (d["html"] or "") and d["busy"] == "no"
                      and d["loaded"] == "yes" else None)(dump()), timeout=20)
    time.sleep(0.5)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    shown = [(float(ms), float(at)) for ms, at in
             re.findall(r"herald-timing: shown ([0-9.]+) ms after the last edit \(edit at ([0-9.]+)\)", text)]
    stalls = [(float(ms), float(at)) for ms, at in re.findall(r"herald-timing: stall ([0-9.]+) ms at ([0-9.]+)", text)]
    rendered = [(float(ms), float(at), float(worker)) for ms, at, worker in
                re.findall(r"herald-timing: rendered ([0-9.]+) ms after the last edit "
                           r"\(edit at ([0-9.]+), worker ([0-9.]+) ms", text)]
    mine = [ms for ms, at in shown if start <= at <= last_key + 0.01]
    last_render = [(ms, worker) for ms, at, worker in rendered if start <= at <= last_key + 0.01][-1:] or [(0.0, 0.0)]
    if not mine:
        fail("no “shown” timing line for burst %d (edits %.3f–%.3f)" % (burst + 1, start, last_key))
    worst = max([ms for ms, at in stalls if start <= at <= last_key + 1.0] or [0.0])
    results.append((mine[-1], worst))
    detail = [line for line in text.splitlines() if "herald-timing: rendered" in line and
              "%.6f" % [at for ms, at in shown if start <= at <= last_key + 0.01][-1] in line]
    print("# burst %d: %d keystrokes, preview updated %.1f ms after the last one (render back on the UI "
          "thread at %.1f ms, worker %.1f ms); longest main-loop stall while typing %.1f ms"
          % (burst + 1, KEYS_PER_BURST, mine[-1], last_render[0][0], last_render[0][1], worst), flush=True)
    for line in detail[-1:]:
        print("#   " + line.split("(", 1)[1].rstrip(")"), flush=True)
    time.sleep(1.0)

updates = [u for u, s in results]
stalls = [s for u, s in results]
def renderer():
    """GSK_RENDERER as given, or what Herald chose (its debug line)."""
    if env.get("GSK_RENDERER"):
        return env["GSK_RENDERER"] + " (given)"
    with open(log_path, encoding="utf-8", errors="replace") as f:
        chose = "draws with cairo" in f.read()
    return "cairo (Herald's choice: software OpenGL)" if chose else "GTK's default"


print("# 50 KB template (%d bytes), 2,000 recipients, GSK_RENDERER=%s: update after last keystroke "
      "median %.1f ms, max %.1f ms; longest stall %.1f ms"
      % (html_bytes, renderer(), statistics.median(updates), max(updates), max(stalls)), flush=True)
if statistics.median(updates) >= 1000:
    fail("the preview took a median %.0f ms after the last keystroke" % statistics.median(updates))
if max(stalls) >= 1000:
    fail("the main loop stalled %.0f ms while typing" % max(stalls))
ok("median update %.0f ms, longest stall %.0f ms" % (statistics.median(updates), max(stalls)))

uitest.gdbus_activate("quit", expect_reply=False)
try:
    uitest.herald().wait(timeout=5)
except subprocess.TimeoutExpired:
    # The template has unsaved edits: answer Discard.
    buttons = wait_for("the Discard button", lambda: [b for b in find_all(app, "push button", name="Discard")
                                                       if is_drawn(b)], timeout=10)
    buttons[0].doActionNamed("click")
uitest.wait_exit("app.quit")

uitest.stop()
print("ui-editor-typing: all passed")
