#!/usr/bin/python3
# count-results.py — sum meson's test logs into "N passed, N failed".
# SPDX-License-Identifier: GPL-3.0-or-later
#
# usage: count-results.py EXTRA_FAILURES testlog.json...
import json
import os
import sys

passed = 0
failed = int(sys.argv[1])
for path in sys.argv[2:]:
    if not os.path.exists(path):
        continue
    build = os.path.basename(os.path.dirname(os.path.dirname(path)))
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            result = entry.get('result')
            if result in ('OK', 'EXPECTEDFAIL', 'SKIP'):
                passed += 1 if result != 'SKIP' else 0
            else:
                failed += 1
                print(f"FAILED [{build}] {entry.get('name')}: {result}", file=sys.stderr)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
