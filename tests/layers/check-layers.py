#!/usr/bin/python3
# check-layers.py — the engine's layers hold: ui/ and cli/ cannot include
# SQLite's or libcurl's header (the build's walls), run no SQL and call no
# sqlite3_/curl_ function; no engine header is included from a layer below
# it (the per-layer include paths make that a build error too; this names
# the file).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-layers.py SRCDIR BUILDDIR

import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

SRC, BUILD = sys.argv[1], sys.argv[2]
RANK = {'base': 0, 'store': 1, 'import': 2, 'compose': 2, 'send': 3, 'mailbox': 3}
failures = []
n = 0


def ok(cond, what):
    global n
    n += 1
    print(('ok %d - ' if cond else 'not ok %d - ') % n + what)
    if not cond:
        failures.append(what)


# 1. The walls: a ui/ or cli/ file that includes <sqlite3.h> or
#    <curl/curl.h> does not build, with the build's own command line.
with open(os.path.join(BUILD, 'compile_commands.json')) as f:
    commands = json.load(f)
for folder in ('ui', 'cli'):
    entry = next((c for c in commands
                  if os.path.normpath(os.path.join(c['directory'], c['file'])).startswith(os.path.join(SRC, folder) + os.sep)), None)
    if entry is None:
        ok(folder == 'ui', '%s/ is built (ui=false builds have no ui/)' % folder)
        continue
    for header in ('sqlite3.h', 'curl/curl.h'):
        with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as t:
            t.write('#include "config.h"\n#include <%s>\nint f (void);\nint f (void) { return 0; }\n' % header)
        args = shlex.split(entry['command'])
        i = args.index('-c')
        args[i + 1] = t.name
        args = [a for j, a in enumerate(args) if not (j > 0 and args[j - 1] in ('-o', '-MF', '-MQ')) and a not in ('-o', '-MD', '-MF', '-MQ')]
        p = subprocess.run(args + ['-fsyntax-only'], cwd=entry['directory'], capture_output=True, text=True)
        os.unlink(t.name)
        ok(p.returncode != 0 and 'do not use' in p.stderr,
           '%s/: #include <%s> fails to build' % (folder, header))

# 2. No SQL and no sqlite3_/curl_ call in ui/ or cli/.
forbidden = re.compile(r'\b(sqlite3_\w+|curl_\w+)\s*\(|"\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b')
for folder in ('ui', 'cli'):
    hits = []
    for path in sorted(glob.glob(os.path.join(SRC, folder, '**', '*.[ch]'), recursive=True)):
        with open(path, encoding='utf-8') as f:
            for lineno, line in enumerate(f, 1):
                if forbidden.search(line):
                    hits.append('%s:%d' % (os.path.relpath(path, SRC), lineno))
    ok(not hits, '%s/ runs no SQL and calls no sqlite3_/curl_ function %s' % (folder, ' '.join(hits)))

# 3. Includes point down the layers only.
where = {}
for layer in RANK:
    for h in glob.glob(os.path.join(SRC, 'app', layer, '*.h')):
        where[os.path.basename(h)] = layer
up = []
for layer in RANK:
    for path in sorted(glob.glob(os.path.join(SRC, 'app', layer, '*.[ch]'))):
        with open(path, encoding='utf-8') as f:
            for inc in re.findall(r'#include "([^"]+)"', f.read()):
                other = where.get(inc)
                if other and other != layer and RANK[other] >= RANK[layer]:
                    up.append('%s -> app/%s/%s' % (os.path.relpath(path, SRC), other, inc))
ok(not up, 'no engine file includes a header of its own layer\'s peer or of a layer above ' + '; '.join(up))

# 4. sqlite3.h only in the store's private header.
sql_headers = []
for path in glob.glob(os.path.join(SRC, 'app', '**', '*.[ch]'), recursive=True):
    if '/walls/' in path:
        continue
    with open(path, encoding='utf-8') as f:
        if re.search(r'#include\s*<sqlite3\.h>', f.read()):
            sql_headers.append(os.path.relpath(path, SRC))
ok(sql_headers == ['app/store/herald-store-private.h'],
   'only app/store/herald-store-private.h includes <sqlite3.h> (%s)' % ', '.join(sorted(sql_headers)))

# 5. The store's SQL side stays in the store.
private = []
for path in glob.glob(os.path.join(SRC, 'app', '**', '*.[ch]'), recursive=True):
    if os.path.dirname(path) == os.path.join(SRC, 'app', 'store'):
        continue
    with open(path, encoding='utf-8') as f:
        if '#include "herald-store-private.h"' in f.read():
            private.append(os.path.relpath(path, SRC))
ok(not private, 'only app/store/ includes herald-store-private.h %s' % ' '.join(sorted(private)))

print('1..%d' % n)
sys.exit(1 if failures else 0)
