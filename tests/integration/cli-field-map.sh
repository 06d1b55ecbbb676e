#!/bin/sh
# cli-field-map.sh — `herald-cli template map`: a template written for
# other column names ({{ name }}, {{ city }}) sent to a list imported from
# an Excel CP932 CSV whose columns are 氏名 and 都道府県. Refused before the
# match, with every missing field named at once; matched, the preview,
# the campaign check and the sent messages read the list's columns; the
# match stays with the template; nothing else changes.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/cli-env.sh"

H init --demo >/dev/null 2>&1
printf '%s\r\n' 'メールアドレス,氏名,都道府県' \
  'taro@example.jp,山田太郎,東京都' \
  'hanako@example.jp,佐藤花子,大阪府' | iconv -f UTF-8 -t CP932 >"$T/members.csv"
H import "$T/members.csv" --list 会員 >"$T/out" 2>"$T/err"
check "the CP932 list imports" "grep -q '^imported 2,' '$T/out'"
H contacts --list 'Sample customers' --format csv >"$T/sample-before.csv"
H contacts --list 会員 --format csv >"$T/members-before.csv"

printf '<p>{{ name }} 様（{{ city }}）、{{#if name}}いつもありがとうございます。{{/if}}</p>\n' >"$T/t.html"
H template add 案内 --subject '{{ name }} 様へ' --html "$T/t.html" >/dev/null 2>"$T/err"
check "the template is stored" "[ $? -eq 0 ]"

H campaign create 前 --template 案内 --list 会員 --account outbox >/dev/null 2>&1
H campaign check 前 --offline >"$T/out" 2>"$T/err"
check "before the match: the check names both fields and the list's columns (exit 1)" \
  "[ $? -eq 1 ] && grep -q '“name”, “city”' '$T/out' && grep -q '“氏名”, “都道府県”' '$T/out'"

H template map 案内 name=氏名 city=都道府県 2>"$T/err"
check "template map exits 0" "[ $? -eq 0 ]"
H template map 案内 >"$T/map" 2>"$T/err"
check "template map NAME shows the matches, field<TAB>column, by field" \
  "printf 'city\t都道府県\nname\t氏名\n' | cmp -s - '$T/map'"

H preview --template 案内 --list 会員 --row 1 --out "$T/preview.eml" 2>"$T/err"
check "the preview reads the matched columns" \
  "[ $? -eq 0 ] && /usr/bin/python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],\"rb\")); assert str(email.header.make_header(email.header.decode_header(m[\"Subject\"])))==\"山田太郎 様へ\", m[\"Subject\"]; h=[p for p in m.walk() if p.get_content_type()==\"text/html\"][0].get_payload(decode=True).decode(); assert \"山田太郎 様（東京都）、いつも\" in h, h' '$T/preview.eml'"

H campaign create 後 --template 案内 --list 会員 --account outbox >"$T/out" 2>"$T/err"
check "after the match: the campaign is made" "[ $? -eq 0 ] && grep -q '^recipients 2,' '$T/out'"
H campaign check 後 --offline >"$T/out" 2>"$T/err"
check "campaign check finds no missing field" "! grep -q 'does not have' '$T/out'"
H campaign send 後 >/dev/null 2>"$T/err"
check "the campaign sends" "[ $? -eq 0 ] && [ \$(ls '$T/outbox/new' | wc -l) -eq 2 ]"
check "each message has its recipient's values" \
  "/usr/bin/python3 - '$T/outbox/new' <<'PY'
import email, email.policy, os, sys
seen = {}
for name in os.listdir(sys.argv[1]):
    m = email.message_from_binary_file(open(os.path.join(sys.argv[1], name), 'rb'), policy=email.policy.default)
    html = m.get_body(('html',)).get_content()
    seen[str(m['To'])] = (str(m['Subject']), html)
assert '佐藤花子 様（大阪府）' in seen['hanako@example.jp'][1], seen
assert seen['taro@example.jp'][0] == '山田太郎 様へ', seen
PY"

# Changing and clearing.
H template map 案内 city= 2>"$T/err"
check "FIELD= forgets one match" "[ \"\$(H template map 案内)\" = \"\$(printf 'name\t氏名')\" ]"
H template map 案内 bad 2>"$T/err"
check "a pair without = : exit 2, nothing changed" "[ $? -eq 2 ] && [ \$(H template map 案内 | wc -l) -eq 1 ]"
H template map ない name=氏名 2>"$T/err"
check "an unknown template: exit 1" "[ $? -eq 1 ]"
H template map 案内 --clear 2>"$T/err"
check "--clear forgets them all" "[ $? -eq 0 ] && [ -z \"\$(H template map 案内)\" ]"

# Nothing else changed.
H contacts --list 'Sample customers' --format csv >"$T/sample-after.csv"
H contacts --list 会員 --format csv >"$T/members-after.csv"
check "the other list is unchanged" "cmp -s '$T/sample-before.csv' '$T/sample-after.csv'"
check "the matched list is unchanged" "cmp -s '$T/members-before.csv' '$T/members-after.csv'"
check "the sample template has no matches" "[ -z \"\$(H template map 'Sample newsletter')\" ]"

echo "1..$n"
[ $fails -eq 0 ]
