#!/bin/sh
# cli-charset.sh — `account add --charset iso-2022-jp --mobile-text-only`:
# messages in ISO-2022-JP (RFC 1468 body, RFC 2047 headers) that Python's
# strict parser decodes exactly (half-width kana written full-width), a
# recipient whose name has 髙 written in UTF-8 instead — never "?" — and
# counted by `campaign check`, a docomo address sent plain text only; the
# same messages sent through the Outbox path as previewed.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
PY=/usr/bin/python3
HERE=$(dirname "$0")
. "$HERE/cli-env.sh"
. "$HERE/charset-env.sh"

charset_list 'kei@docomo.ne.jp,佐藤 ｹｲ'
check "the CP932 list imports" "[ $? -eq 0 ]"
H template add 冬 --subject '【ｾｰﾙ】{{ 氏名 }}様へ 冬のお知らせ～' --html "$T/t.html" 2>"$T/err"
check "the template is stored" "[ $? -eq 0 ]"

H account add jis --host 127.0.0.1 --port 2525 --security none --from 'ｼｮｯﾌﾟ山田 <shop@example.jp>' \
  --unsubscribe https://example.jp/u --charset iso-2022-jp --mobile-text-only 2>"$T/err"
check "account add --charset iso-2022-jp --mobile-text-only" "[ $? -eq 0 ]"
H account add bad --host 127.0.0.1 --port 2525 --security none --from 'a@example.jp' --charset shift_jis 2>"$T/err"
check "an unknown charset is refused (exit 2)" "[ $? -eq 2 ] && grep -q 'utf-8 or iso-2022-jp' '$T/err'"
check "… and no account is made" "! H account list | grep -q '^bad'"

for row in 1 2 3; do
  H preview --template 冬 --list 顧客 --row $row --account jis --out "$T/m$row.eml" 2>"$T/err"
  check "preview row $row" "[ $? -eq 0 ]"
done

# Decoded with Python's strict parser: the subject, From name and each
# text part exactly, and each part's charset.
$DECODE "$T/m1.eml" >"$T/d1" 2>"$T/err"
cat >"$T/want1" <<'W'
7bit
【セール】ヤマダ タロウ様へ 冬のお知らせ〜
ショップ山田
text/plain iso-2022-jp ヤマダ タロウ様||セール開催中〜 全品10％ＯＦＦ||配信停止 (URL)
text/html iso-2022-jp <html><head><meta charset="ISO-2022-JP"></head><body><p>ヤマダ タロウ様</p><p>セール開催中〜 全品10％ＯＦＦ</p><p><a href="URL">配信停止</a></p></body></html>
W
sed -i 's|https://example.jp/u?t=[A-Za-z0-9_-]*|URL|g' "$T/d1"
CHECK_SHOW="$T/d1 $T/err"
check "ISO-2022-JP: 7-bit, and subject, From name and both parts decode exactly" "cmp -s '$T/d1' '$T/want1'"
check "… the subject is RFC 2047 in ISO-2022-JP" "grep -q '^Subject: =?ISO-2022-JP?B?' '$T/m1.eml'"

$DECODE "$T/m2.eml" | sed 's|https://example.jp/u?t=[A-Za-z0-9_-]*|URL|g' >"$T/d2" 2>"$T/err"
CHECK_SHOW="$T/d2 $T/err"
check "髙: the whole message in UTF-8, nothing replaced" \
  "grep -q '^text/plain utf-8 髙橋 一郎様' '$T/d2' && grep -qx '【ｾｰﾙ】髙橋 一郎様へ 冬のお知らせ～' '$T/d2' && ! grep -q '?' '$T/d2'"

$DECODE "$T/m3.eml" >"$T/d3" 2>"$T/err"
CHECK_SHOW="$T/d3 $T/err"
check "docomo: plain text only, in ISO-2022-JP" \
  "[ \$(grep -c '^text/' '$T/d3') -eq 1 ] && grep -q '^text/plain iso-2022-jp 佐藤 ケイ様' '$T/d3'"

# The strict checks every message passes.
printf '{}' >"$T/empty.json"
for row in 1 2 3; do
  $PY "$HERE/check-message.py" "$T/m$row.eml" "$T/empty.json" >"$T/err" 2>&1
  CHECK_SHOW="$T/err"
  check "check-message.py passes message $row" "[ $? -eq 0 ]"
done

H campaign create 冬便 --template 冬 --list 顧客 --account jis >/dev/null 2>"$T/err"
H campaign check 冬便 >"$T/check" 2>"$T/err"
status=$?
CHECK_SHOW="$T/check $T/err"
check "campaign check counts the one recipient written in UTF-8 (exit 1)" \
  "[ $status -eq 1 ] && grep -q '1 recipient has characters ISO-2022-JP cannot carry (such as “髙”)' '$T/check'"

# A UTF-8 account: nothing to report about charsets, messages as before.
H campaign create 冬便2 --template 冬 --list 顧客 --account outbox >/dev/null 2>"$T/err"
H campaign check 冬便2 >"$T/check" 2>"$T/err"
check "a UTF-8 account: no charset line" "! grep -q 'ISO-2022-JP' '$T/check'"
H preview --template 冬 --list 顧客 --row 1 --account outbox --out "$T/u1.eml" 2>"$T/err"
$DECODE "$T/u1.eml" >"$T/du" 2>"$T/err"
CHECK_SHOW="$T/du"
check "… and its messages stay UTF-8 with the half-width kana as written" \
  "grep -q '^text/plain utf-8 ﾔﾏﾀﾞ ﾀﾛｳ様' '$T/du'"

echo "1..$n"
[ $fails -eq 0 ]
