#!/bin/sh
# cli-suppression.sh — `herald-cli suppression list|add|remove|import|export`:
# the CSV shape, reasons, a CP932 file, clear errors, the effect on a
# campaign, and nothing else changed.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/cli-env.sh"

H init --demo >/dev/null 2>&1
H contacts --list 'Sample customers' --format csv >"$T/before.csv"
FIRST=$(sed -n 2p "$T/before.csv" | cut -d, -f1)

H suppression list >"$T/list"
check "an empty list is the header alone" "[ \"\$(cat '$T/list')\" = \"\$(printf 'email,reason,created_at,source\r')\" ]"
H suppression add "$FIRST" --reason unsubscribed 2>"$T/err"
check "add exits 0" "[ $? -eq 0 ]"
H suppression add "$FIRST" 2>"$T/err"
check "adding it again exits 0 and says so" "[ $? -eq 0 ] && grep -q 'already' '$T/err'"
H suppression add nobody 2>"$T/err"
check "an invalid address: exit 1" "[ $? -eq 1 ]"
H suppression add x@example.jp --reason spam 2>"$T/err"
check "an unknown reason: exit 1, naming the reasons" "[ $? -eq 1 ] && grep -q 'complaint' '$T/err'"

printf '%s\r\n' 'メールアドレス,理由' 'z1@example.jp,bounced' 'z2@example.jp,' '壊れた,' | iconv -t CP932 >"$T/s.csv"
H suppression import "$T/s.csv" >"$T/out" 2>"$T/err"
check "import: exit 0, the counts" "[ $? -eq 0 ] && grep -qx 'added 2, already 0, invalid 1' '$T/out'"
check "… and the rejected row on stderr" "grep -q '^line 4: ' '$T/err'"
printf 'name\n山田\n' >"$T/none.csv"
H suppression import "$T/none.csv" >"$T/out" 2>"$T/err"
check "a file without addresses: exit 1" "[ $? -eq 1 ] && grep -q 'No column' '$T/err'"

H suppression export >"$T/export"
check "export: CSV with a row each, reason and source" \
  "[ \$(wc -l <'$T/export') -eq 4 ] && grep -q '^z1@example.jp,bounced,20[0-9-]*T[0-9:]*Z,imported from s.csv' '$T/export' &&
   grep -q \"^$FIRST,unsubscribed,\" '$T/export'"

TEMPLATE=$(H template list | head -1 | cut -f1)
H campaign create c1 --template "$TEMPLATE" --list 'Sample customers' --account outbox >"$T/out" 2>&1
check "a campaign leaves the suppressed contact out" "grep -q '^recipients 11, suppressed 1,' '$T/out'"
H suppression remove "$FIRST" 2>"$T/err"
check "remove exits 0" "[ $? -eq 0 ]"
H suppression remove "$FIRST" 2>"$T/err"
check "removing it again: exit 1, with the hint" "[ $? -eq 1 ] && grep -q 'suppression list' '$T/err'"
H campaign create c2 --template "$TEMPLATE" --list 'Sample customers' --account outbox >"$T/out" 2>&1
check "… and the next campaign includes it again" "grep -q '^recipients 12, suppressed 0,' '$T/out'"

H contacts --list 'Sample customers' --format csv >"$T/after.csv"
check "the list's contacts are unchanged" "cmp -s '$T/before.csv' '$T/after.csv'"

echo "1..$n"
[ $fails -eq 0 ]
