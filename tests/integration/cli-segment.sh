#!/bin/sh
# cli-segment.sh — `herald-cli segment add|list|count|remove` and
# `campaign create --segment`, on a list imported from a CP932 CSV with
# Japanese values and dates, sent to the Outbox: exactly the segment's
# contacts get the message, and nothing else changes.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/cli-env.sh"

H init --demo >/dev/null 2>&1
printf '%s\r\n' 'メール,氏名,都道府県,誕生日,会員ランク' \
  'taro@example.jp,山田太郎,東京都,1980/04/01,ゴールド' \
  'hanako@example.jp,佐藤花子,大阪府,昭和60年7月7日,シルバー' \
  'jiro@example.jp,鈴木次郎,東京都,令和2年1月15日,ゴールド' \
  'mika@example.jp,高橋美香,北海道,2001-12-31,ブロンズ' \
  'ken@example.jp,田中健,東京都,不明,' | iconv -f UTF-8 -t CP932 >"$T/members.csv"
H import "$T/members.csv" --list 会員 --map 氏名=name >"$T/out" 2>"$T/err"
check "the CP932 list imports" "grep -q '^imported 5,' '$T/out'"
H contacts --list 'Sample customers' --format csv >"$T/sample-before.csv"
H contacts --list 会員 --format csv >"$T/members-before.csv"

H segment add 東京ゴールド --list 会員 --where '都道府県 = 東京都' --where '会員ランク = ゴールド' >"$T/out" 2>"$T/err"
check "segment add exits 0" "[ $? -eq 0 ]"
check "… and says how many match" "grep -q '2' '$T/err'"
H segment add 昭和生まれ --list 会員 --where '誕生日 before 平成元年1月8日' >/dev/null 2>"$T/err"
check "a segment with a Japanese era date" "[ $? -eq 0 ]"
H segment add 北か大阪 --list 会員 --any --where '都道府県 = 北海道' --where '都道府県=大阪府' >/dev/null 2>"$T/err"
check "a segment of any condition" "[ $? -eq 0 ]"

check "segment count (all)" "[ \"\$(H segment count 東京ゴールド)\" = 2 ]"
check "segment count (before an era date)" "[ \"\$(H segment count 昭和生まれ)\" = 2 ]"
check "segment count (any)" "[ \"\$(H segment count 北か大阪)\" = 2 ]"
H segment list >"$T/list"
check "segment list: one line each, name, list, all/any, conditions" \
  "grep -qx '東京ゴールド	会員	all	都道府県 = 東京都 and 会員ランク = ゴールド' '$T/list' &&
   grep -qx '北か大阪	会員	any	都道府県 = 北海道 or 都道府県 = 大阪府' '$T/list' && [ \$(wc -l <'$T/list') -eq 3 ]"

# Mistakes: clear errors, nothing saved.
H segment add bad --list 会員 --where '誕生日 before いつか' 2>"$T/err"
check "a date Herald cannot read: exit 1" "[ $? -eq 1 ] && grep -q '令和8年12月6日' '$T/err'"
H segment add bad --list 会員 --where '都道府県 ~ 東京' 2>"$T/err"
check "an unknown comparison: exit 1" "[ $? -eq 1 ] && grep -q 'starts-with' '$T/err'"
H segment add 東京ゴールド --list 会員 --where 'email not-empty' 2>"$T/err"
check "a name taken: exit 1" "[ $? -eq 1 ] && grep -q 'exists already' '$T/err'"
H segment add bad --list ないリスト --where 'email not-empty' 2>"$T/err"
check "an unknown list: exit 1" "[ $? -eq 1 ]"
H segment add bad --list 会員 2>"$T/err"
check "no condition: exit 2" "[ $? -eq 2 ]"
H segment count ない 2>"$T/err"
check "an unknown segment: exit 1, with the hint" "[ $? -eq 1 ] && grep -q 'segment list' '$T/err'"
check "nothing saved by the mistakes" "[ \$(H segment list | wc -l) -eq 3 ]"
H segment add sql --list 会員 --where "name = ' OR 1=1 --" >/dev/null 2>&1
check "a value that looks like SQL matches nothing" "[ \"\$(H segment count sql)\" = 0 ]"

# A campaign to the segment, sent to the Outbox.
printf '<p>{{ name }} 様、ゴールド会員限定のご案内です。</p>\n' >"$T/t.html"
H template add 案内 --subject '{{ name }} 様へのご案内' --html "$T/t.html" >/dev/null 2>"$T/err"
TEMPLATE=案内
H campaign create 東京セール --template "$TEMPLATE" --list 会員 --account outbox --segment 東京ゴールド \
  >"$T/out" 2>"$T/err"
check "campaign create --segment exits 0" "[ $? -eq 0 ]"
check "… for the segment's 2 recipients" "grep -q '^recipients 2, suppressed 0, unsubscribed 0' '$T/out'"
H campaign create wrong --template "$TEMPLATE" --list 'Sample customers' --account outbox --segment 東京ゴールド \
  >/dev/null 2>"$T/err"
check "a segment of another list: exit 1, naming the lists" "[ $? -eq 1 ] && grep -q '会員' '$T/err'"
H campaign send 東京セール >/dev/null 2>"$T/err"
check "the campaign sends" "[ $? -eq 0 ]"
check "exactly the segment's contacts got it" \
  "[ \$(ls '$T/outbox/new' | wc -l) -eq 2 ] &&
   grep -l -q 'taro@example.jp' '$T'/outbox/new/* && grep -l -q 'jiro@example.jp' '$T'/outbox/new/*"
H report 東京セール --format csv >"$T/report"
check "the report lists only them" "[ \$(wc -l <'$T/report') -eq 3 ] && grep -q '^taro@example.jp,sent' '$T/report'"

# A template using a field the list lacks: campaign check names it, with
# the list's columns, before anything is sent.
H campaign create 見本 --template 'Sample newsletter' --list 会員 --account outbox >/dev/null 2>&1
H campaign check 見本 >"$T/out" 2>"$T/err"
check "campaign check: a field the list lacks is a problem (exit 1)" \
  "[ $? -eq 1 ] && grep -q 'the fields “会社名”, “city”, which the list “会員” does not have' '$T/out' && grep -q 'its columns: “name”, “都道府県”' '$T/out'"

# Nothing else changed.
H contacts --list 'Sample customers' --format csv >"$T/sample-after.csv"
H contacts --list 会員 --format csv >"$T/members-after.csv"
check "the other list is unchanged" "cmp -s '$T/sample-before.csv' '$T/sample-after.csv'"
check "the segment's list is unchanged" "cmp -s '$T/members-before.csv' '$T/members-after.csv'"

H segment remove 北か大阪 2>"$T/err"
check "segment remove" "[ $? -eq 0 ] && [ \$(H segment list | wc -l) -eq 3 ]"
H segment remove 北か大阪 2>"$T/err"
check "removing it again: exit 1" "[ $? -eq 1 ]"

# segment edit: a scheduled campaign made with the segment keeps the
# recipients it chose; a rename carries over to it.
H campaign create 予約 --template "$TEMPLATE" --list 会員 --account outbox --segment 東京ゴールド \
  --at '2099-01-01 10:00' >"$T/out" 2>"$T/err"
check "a scheduled campaign with the segment, for 2" "[ $? -eq 0 ] && grep -q '^recipients 2,' '$T/out'"
H segment edit 東京ゴールド --name 東京 --any --where '都道府県 = 東京都' --where '都道府県 = 北海道' 2>"$T/err"
check "segment edit: renamed, any, new conditions (exit 0, says the count)" \
  "[ $? -eq 0 ] && grep -q '東京' '$T/err' && grep -q '4' '$T/err'"
check "… segment list shows the change" \
  "H segment list | grep -qx '東京	会員	any	都道府県 = 東京都 or 都道府県 = 北海道'"
check "… segment count agrees" "[ \"\$(H segment count 東京)\" = 4 ]"
check "… the scheduled campaign still has its 2 recipients" \
  "[ \$(H report 予約 --format csv | wc -l) -eq 3 ]"
H segment edit 東京 --all 2>"$T/err"
check "segment edit --all keeps the conditions" \
  "[ $? -eq 0 ] && H segment list | grep -qx '東京	会員	all	都道府県 = 東京都 and 都道府県 = 北海道'"
H segment edit 東京 --name 昭和生まれ 2>"$T/err"
check "segment edit to a name taken: exit 1" "[ $? -eq 1 ] && grep -q 'exists already' '$T/err'"
H segment edit 東京 2>"$T/err"
check "segment edit with nothing to change: exit 2" "[ $? -eq 2 ]"
H segment edit ない --all 2>"$T/err"
check "segment edit of an unknown segment: exit 1" "[ $? -eq 1 ]"
H segment remove 東京 2>"$T/err"
check "segment remove names the scheduled campaign that keeps its recipients" \
  "[ $? -eq 0 ] && grep -q '予約' '$T/err' && [ \$(H report 予約 --format csv | wc -l) -eq 3 ]"

echo "1..$n"
[ $fails -eq 0 ]
