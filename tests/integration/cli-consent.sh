#!/bin/sh
# cli-consent.sh — consent records through herald-cli: a shop's CP932
# export with メルマガ希望 (希望する/希望しない…) and 同意日 columns, the
# whole import's --consent-source, `contact consent`, `campaign check`'s
# line about recipients without a record, and a campaign sent to the
# Outbox: the people who declined get nothing (also one who declined after
# the campaign was made), everyone else exactly one message.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/cli-env.sh"
CHECK_SHOW="$T/out $T/err"

H init --demo >/dev/null 2>&1
# As a Japanese shop system exports it: CP932, CRLF, a blank answer, a
# 同意日 in an era, an answer spelled in another way (はい, ×).
printf '%s\r\n' 'メールアドレス,氏名,メルマガ希望,同意日' \
  'taro@example.jp,山田太郎,希望する,2026/10/01' \
  'hanako@example.jp,佐藤花子,希望しない,' \
  'jiro@example.jp,鈴木次郎,はい,令和8年9月3日' \
  'mika@example.jp,高橋美香,,' \
  'ken@example.jp,田中健,希望しない,2026/08/01' \
  'yui@example.jp,伊藤結衣,×,' \
  'sho@example.jp,渡辺翔,希望する,' | iconv -f UTF-8 -t CP932 >"$T/shop.csv"

H import "$T/shop.csv" --list 会員 --consent-at 2026年10月1日 --dry-run >"$T/out" 2>"$T/err"
check "a dry run counts and keeps nothing" \
  "[ $? -eq 0 ] && grep -qx 'imported 7, updated 0, duplicates 0, invalid 0, suppressed 0' '$T/out' &&
   [ \"\$(H lists | grep -c 会員)\" = 0 ]"

H import "$T/shop.csv" --list 会員 >"$T/out" 2>"$T/err"
check "the CP932 export imports; decliners are not invalid" \
  "[ $? -eq 0 ] && grep -qx 'imported 7, updated 0, duplicates 0, invalid 0, suppressed 0' '$T/out'"
check "stderr names the answer column and how many declined" \
  "grep -q 'メルマガ希望' '$T/err' && grep -q '^3 people in this file declined marketing mail' '$T/err'"
check "the consent columns are not fields of the list" \
  "[ \"\$(H contacts --list 会員 --format csv | head -1 | tr -d '\357\273\277\r')\" = 'email,氏名' ]"

H contact consent taro@example.jp >"$T/out" 2>"$T/err"
check "taro: given on 2026-10-01, the column as the source" \
  "grep -qx 'taro@example.jp	given	2026-10-01	said yes in the column “メルマガ希望” of an imported file' '$T/out'"
H contact consent hanako@example.jp >"$T/out" 2>"$T/err"
check "hanako: declined" "grep -qx 'hanako@example.jp	declined		' '$T/out'"
H contact consent yui@example.jp >"$T/out" 2>"$T/err"
check "yui (×): declined" "grep -qx 'yui@example.jp	declined		' '$T/out'"
H contact consent jiro@example.jp >"$T/out" 2>"$T/err"
check "jiro: an era date read" "grep -q '^jiro@example.jp	given	2026-09-03	' '$T/out'"
H contact consent mika@example.jp >"$T/out" 2>"$T/err"
check "mika (blank): unknown" "grep -qx 'mika@example.jp	unknown		' '$T/out'"

# The same file again with the answers blanked and a source for the whole
# import: blank cells never erase, the source fills only mika's empty
# record, and no decliner is given it.
printf '%s\r\n' 'メールアドレス,氏名,メルマガ希望,同意日' \
  'taro@example.jp,山田太郎,,' 'hanako@example.jp,佐藤花子,,' 'mika@example.jp,高橋美香,,' \
  | iconv -f UTF-8 -t CP932 >"$T/blank.csv"
H import "$T/blank.csv" --list 会員 --consent-source '店頭で申込み 2026-10' --consent-at 2026-10-01 >"$T/out" 2>"$T/err"
check "the second import updates only mika" \
  "[ $? -eq 0 ] && grep -qx 'imported 0, updated 1, duplicates 0, invalid 0, suppressed 0' '$T/out'"
check "mika got the whole import's record" \
  "[ \"\$(H contact consent mika@example.jp)\" = 'mika@example.jp	given	2026-10-01	店頭で申込み 2026-10' ]"
check "hanako is still declined, with no record" \
  "[ \"\$(H contact consent hanako@example.jp)\" = 'hanako@example.jp	declined		' ]"
check "taro keeps his own date and source" \
  "H contact consent taro@example.jp | grep -q '^taro@example.jp	given	2026-10-01	said yes'"

H import "$T/blank.csv" --list 会員 --consent-at someday >"$T/out" 2>"$T/err"
check "a --consent-at that is not a date: exit 2" "[ $? -eq 2 ] && grep -q '2026-10-01' '$T/err'"
H contact consent nobody@example.jp >"$T/out" 2>"$T/err"
check "an unknown address: exit 1, with the hint" "[ $? -eq 1 ] && grep -q 'contacts --list' '$T/err'"
H contact consent taro@example.jp --given --declined >"$T/out" 2>"$T/err"
check "--given with --declined: exit 2" "[ $? -eq 2 ]"

# The campaign: decliners left out, counted as suppressed.
printf '<p>{{ 氏名 }} 様、秋のご案内です。</p>\n' >"$T/t.html"
H template add 案内 --subject '{{ 氏名 }} 様へのご案内' --html "$T/t.html" >/dev/null 2>&1
H campaign create 秋 --template 案内 --list 会員 --account outbox >"$T/out" 2>"$T/err"
check "campaign create leaves the 3 decliners out" \
  "[ $? -eq 0 ] && grep -qx 'recipients 4, suppressed 3, unsubscribed 0' '$T/out' &&
   grep -q 'declined marketing mail' '$T/err'"

# ken has a 同意日 but declined; sho said yes with no date: both have a
# record (the column names itself). Take one away to see the check.
H contact consent sho@example.jp >"$T/out"
check "sho: given, the column as the source" "grep -q '^sho@example.jp	given		said yes' '$T/out'"
H campaign check 秋 >"$T/out" 2>"$T/err"
check "campaign check: no line while everyone has a record" "! grep -q '	consent	' '$T/out'"
printf '%s\r\n' 'メールアドレス,氏名' 'new@example.jp,新人' | iconv -f UTF-8 -t CP932 >"$T/new.csv"
H import "$T/new.csv" --list 会員 >/dev/null 2>&1
H campaign create 秋2 --template 案内 --list 会員 --account outbox >/dev/null 2>&1
H campaign check 秋2 >"$T/out" 2>"$T/err"
check "campaign check: one line, how many, which list, how to add them" \
  "[ \$(grep -c '	consent	' '$T/out') -eq 1 ] &&
   grep -q '^	consent		1 recipient of the list “会員” has no consent record' '$T/out' &&
   grep -q 'contact consent ADDR --given' '$T/out' && grep -q -- '--consent-source' '$T/out'"
H contact consent new@example.jp --given --source '電話で確認' --at 2026/11/02 >"$T/out" 2>"$T/err"
check "contact consent --given records it" "grep -qx 'new@example.jp	given	2026-11-02	電話で確認' '$T/out'"
H campaign check 秋2 >"$T/out" 2>"$T/err"
check "… and the check has no line any more" "! grep -q '	consent	' '$T/out'"

# Segments see consent as Herald records it.
H segment add 同意あり --list 会員 --where 'consent = given' >/dev/null 2>&1
H segment add 拒否 --list 会員 --where 'consent = declined' >/dev/null 2>&1
# ken declined but his row had a 同意日: the date is kept, the answer rules.
H segment add 九月以前 --list 会員 --where 'consent_at before 2026年10月1日' >/dev/null 2>&1
H segment add 九月以前の同意 --list 会員 --where 'consent_at before 2026年10月1日' --where 'consent = given' >/dev/null 2>&1
check "segments by consent: 5 given, 3 declined, 2 dated before October, 1 of them given" \
  "[ \"\$(H segment count 同意あり)\" = 5 ] && [ \"\$(H segment count 拒否)\" = 3 ] &&
   [ \"\$(H segment count 九月以前)\" = 2 ] && [ \"\$(H segment count 九月以前の同意)\" = 1 ]"
H campaign create 拒否者へ --template 案内 --list 会員 --account outbox --segment 拒否 >"$T/out" 2>"$T/err"
check "a campaign to the decliners' segment still mails none of them" \
  "grep -qx 'recipients 0, suppressed 3, unsubscribed 0' '$T/out'"

# jiro declines after the campaign was made: the sender skips him.
H contact consent jiro@example.jp --declined >"$T/out" 2>"$T/err"
check "contact consent --declined" "grep -q '^jiro@example.jp	declined	2026-09-03	' '$T/out'"
H campaign send 秋 >/dev/null 2>"$T/err"
check "the campaign sends" "[ $? -eq 0 ]"
check "the decliners got nothing" \
  "! grep -l -q -e 'hanako@example.jp' -e 'ken@example.jp' -e 'yui@example.jp' -e 'jiro@example.jp' '$T'/outbox/new/*"
check "everyone else got exactly one message" \
  "[ \$(ls '$T/outbox/new' | wc -l) -eq 3 ] &&
   [ \$(grep -l 'taro@example.jp' '$T'/outbox/new/* | wc -l) -eq 1 ] &&
   [ \$(grep -l 'mika@example.jp' '$T'/outbox/new/* | wc -l) -eq 1 ] &&
   [ \$(grep -l 'sho@example.jp' '$T'/outbox/new/* | wc -l) -eq 1 ]"
H report 秋 --format csv >"$T/report"
check "the report shows jiro skipped, with the reason counted" \
  "grep -q '^jiro@example.jp,skipped' '$T/report' && grep -q 'declined marketing mail' '$T/report'"

# Given again by the user: a new campaign includes jiro.
H contact consent jiro@example.jp --given >/dev/null 2>&1
H campaign create 冬 --template 案内 --list 会員 --account outbox >"$T/out" 2>"$T/err"
check "after --given he is a recipient again" "grep -qx 'recipients 5, suppressed 3, unsubscribed 0' '$T/out'"

echo "1..$n"
[ $fails -eq 0 ]
