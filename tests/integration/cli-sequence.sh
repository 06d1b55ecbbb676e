#!/bin/sh
# cli-sequence.sh — `herald-cli sequence …` as a person types it: usage
# mistakes exit 2, unknown names and out-of-order steps exit 1 with one
# line saying what to do, nothing is saved by a mistake; a step whose
# template cannot be sent makes `sequence run-due` exit 3 with the reason,
# and the next run tries it again once the template is fixed.
# (sequence-days.py tests what is sent when, over 30 days.)
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/cli-env.sh"
export TZ=Asia/Tokyo

H init >/dev/null 2>&1
printf '<p>Hello {{ name }}</p>\n' >"$T/ok.html"
printf '<p>Hello {{ 会社名 }}</p>\n' >"$T/bad.html"
H template add Good --subject 'Hello {{ name }}' --html "$T/ok.html" 2>/dev/null
H template add Bad --subject 'Hello' --html "$T/bad.html" 2>/dev/null
printf 'email,name\nold@example.jp,Old\n' >"$T/a.csv"
H import "$T/a.csv" --list 会員 >/dev/null 2>&1

H sequence add ようこそ --list 会員 --account outbox 2>"$T/err"
check "sequence add exits 0 and says who enters" "[ $? -eq 0 ] && grep -q 'from now on' '$T/err'"
H sequence add x --list 会員 2>"$T/err"
check "sequence add without --account: exit 2" "[ $? -eq 2 ]"
H sequence add x --list 会員 --account outbox --catch-up later 2>"$T/err"
check "an unknown --catch-up: exit 2, naming send and skip" "[ $? -eq 2 ] && grep -q 'send or skip' '$T/err'"
H sequence add ようこそ --list 会員 --account outbox 2>"$T/err"
check "a name taken: exit 1" "[ $? -eq 1 ] && grep -q 'exists already' '$T/err'"
H sequence add x --list ない --account outbox 2>"$T/err"
check "an unknown list: exit 1" "[ $? -eq 1 ] && grep -q 'ない' '$T/err'"
H sequence add x --list 会員 --account ない 2>"$T/err"
check "an unknown account: exit 1, with the hint" "[ $? -eq 1 ] && grep -q 'account list' '$T/err'"

H sequence step ようこそ --template Bad --day 0 2>"$T/err"
check "sequence step exits 0" "[ $? -eq 0 ] && grep -q 'Step 1' '$T/err'"
H sequence step ようこそ --template Good --day 2 --at ０９：３０ 2>"$T/err"
check "a full-width time of day is read" "[ $? -eq 0 ]"
H sequence step ようこそ --template Good 2>"$T/err"
check "sequence step without --day: exit 2" "[ $? -eq 2 ]"
H sequence step ようこそ --template Good --day 3 --at 24:00 2>"$T/err"
check "a time of day that does not exist: exit 2, with an example" "[ $? -eq 2 ] && grep -q '09:00' '$T/err'"
H sequence step ようこそ --template Good --day 1 2>"$T/err"
check "a step before the last: exit 1, saying which day will do" "[ $? -eq 1 ] && grep -q 'day 2 or later' '$T/err'"
H sequence step ない --template Good --day 5 2>"$T/err"
check "an unknown sequence: exit 1, with the hint" "[ $? -eq 1 ] && grep -q 'sequence list' '$T/err'"
H sequence step ようこそ --template ない --day 5 2>"$T/err"
check "an unknown template: exit 1" "[ $? -eq 1 ]"
H sequence list >"$T/list"
check "sequence list: one line, both steps" \
  "[ \"\$(cat '$T/list')\" = 'ようこそ	会員	outbox	send	day 0 - Bad, day 2 09:30 Good' ]"
H sequence status ようこそ >"$T/status"
check "sequence status: nobody yet, the old member not in it" \
  "grep -qx 'entered	0' '$T/status' && grep -qx 'step 2	day 2	09:30	Good	sent 0	pending 0	failed 0	uncertain 0	skipped 0' '$T/status'"

printf 'email,name\nnew@example.jp,New\n' >"$T/b.csv"
H import "$T/b.csv" --list 会員 >/dev/null 2>&1
H sequence run-due >"$T/out" 2>"$T/err"
check "a step that cannot be sent: run-due exits 3" "[ $? -eq 3 ]"
check "… saying which step and why" "grep -q 'ようこそ' '$T/err' && grep -q '会社名' '$T/err'"
check "… with the counts on stdout" "grep -qx 'queued 1, skipped 0, left 0, sent 0' '$T/out'"
H sequence run-due >"$T/out" 2>"$T/err"
check "the next run tries again (exit 3 again, nothing queued twice)" \
  "[ $? -eq 3 ] && grep -qx 'queued 0, skipped 0, left 0, sent 0' '$T/out'"
printf 'email,name,会社名\nnew@example.jp,New,ヘラルド商会\n' >"$T/c.csv"
H import "$T/c.csv" --list 会員 >/dev/null 2>&1
H sequence run-due >"$T/out" 2>"$T/err"
check "once the list has the field, the step goes" "[ $? -eq 0 ] && grep -qx 'queued 0, skipped 0, left 0, sent 1' '$T/out'"
check "one message in the Outbox, to the new contact" \
  "[ \$(ls '$T/outbox/new' | wc -l) -eq 1 ] && grep -lq 'new@example.jp' '$T/outbox/new/'*"
H campaign status 'ようこそ · step 1' >"$T/status"
check "the step's campaign: one sent" "grep -qx 'sent	1' '$T/status'"

# `run-due` (for timers) sends sequence steps too, beside scheduled campaigns.
printf 'email,name,会社名\nnew2@example.jp,New2,ヘラルド商会\n' >"$T/d.csv"
H import "$T/d.csv" --list 会員 >/dev/null 2>&1
H run-due >"$T/out" 2>"$T/err"
check "run-due sends the new contact's first step (exit 0, one line for the steps)" \
  "[ $? -eq 0 ] && grep -qx 'sequences	queued 1, skipped 0, left 0, sent 1	done' '$T/out' &&
   grep -q 'Sequence steps: queued 1, skipped 0, left 0, sent 1' '$T/err'"
check "… two messages in the Outbox now" "[ \$(ls '$T/outbox/new' | wc -l) -eq 2 ]"
H run-due >"$T/out" 2>"$T/err"
check "a second run-due: nothing due" "[ $? -eq 0 ] && [ ! -s '$T/out' ] && grep -q 'Nothing is due' '$T/err'"

# Changing the steps: edit, move, remove; the list says what is left.
H sequence step-edit ようこそ --day 5 2>"$T/err"
check "step-edit without --step: exit 2" "[ $? -eq 2 ]"
H sequence step-edit ようこそ --step 2 --day 5 --at joined 2>"$T/err"
check "step-edit exits 0" "[ $? -eq 0 ] && grep -q 'Step 2' '$T/err'"
H sequence list >"$T/out"
check "… step 2 on day 5 at the time of joining" "grep -qF 'day 0 - Bad, day 5 - Good' '$T/out'"
H sequence step-edit ようこそ --step 1 --day 9 2>"$T/err"
check "a step moved past the next one: exit 1, saying the latest day" "[ $? -eq 1 ] && grep -q 'day 5 or earlier' '$T/err'"
H sequence step-edit ようこそ --step 9 --day 9 2>"$T/err"
check "no such step: exit 2" "[ $? -eq 2 ]"
H sequence step-move ようこそ --step 2 --to 1 2>"$T/err"
check "step-move exits 0" "[ $? -eq 0 ]"
H sequence list >"$T/out"
check "… Good now first on day 0, Bad on day 5" "grep -qF 'day 0 - Good, day 5 - Bad' '$T/out'"
H campaign status 'ようこそ · step 2' >"$T/status"
check "… the campaigns renamed with their places (step 2 is Bad's, with its 2 sent)" "grep -qx 'sent	2' '$T/status'"
H sequence step-move ようこそ --step 1 --to 3 2>"$T/err"
check "a move of more than one place: exit 1" "[ $? -eq 1 ]"
H sequence step-remove ようこそ --step 1 2>"$T/err"
check "step-remove exits 0" "[ $? -eq 0 ] && grep -q 'removed' '$T/err'"
H sequence list >"$T/out"
check "… one step left, Bad, on day 5" "grep -q 'send	day 5 - Bad\$' '$T/out'"
H sequence status ようこそ >"$T/out"
check "… status shows one step" "[ \$(grep -c '^step ' '$T/out') -eq 1 ]"

echo "1..$n"
[ $fails -eq 0 ]
