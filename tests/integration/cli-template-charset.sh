#!/bin/sh
# cli-template-charset.sh — a template's own charset, whatever its
# account's: `template add … --charset iso-2022-jp`, `template charset NAME
# utf-8|iso-2022-jp|account`; `preview`, `test-send`, `campaign send` and
# `campaign check` all follow it. Python's strict email parser decodes the
# ISO-2022-JP messages exactly (subject, From name, both parts; half-width
# kana written full-width); a recipient with 髙 gets UTF-8, never "?".
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
HERE=$(dirname "$0")
. "$HERE/cli-env.sh"
. "$HERE/charset-env.sh"

charset_list
H account add u8 --host 127.0.0.1 --port 2525 --security none --from 'ｼｮｯﾌﾟ山田 <shop@example.jp>' \
  --unsubscribe https://example.jp/u --quiet-hours off 2>"$T/err"
H account add jis --host 127.0.0.1 --port 2525 --security none --from 'ｼｮｯﾌﾟ山田 <shop@example.jp>' \
  --unsubscribe https://example.jp/u --charset iso-2022-jp --quiet-hours off 2>"$T/err"
H account add ob --host 127.0.0.1 --port 2525 --security none --from 'a@example.jp' >/dev/null 2>&1

H template add 冬 --subject '【ｾｰﾙ】{{ 氏名 }}様へ 冬のお知らせ～' --html "$T/t.html" --charset iso-2022-jp 2>"$T/err"
check "template add --charset iso-2022-jp" "[ $? -eq 0 ]"
check "… template charset prints it" "[ \"\$(H template charset 冬)\" = iso-2022-jp ]"

cat >"$T/want-jis" <<'W'
7bit
【セール】ヤマダ タロウ様へ 冬のお知らせ〜
ショップ山田
text/plain iso-2022-jp ヤマダ タロウ様||セール開催中〜 全品10％ＯＦＦ||配信停止 (URL)
text/html iso-2022-jp <html><head><meta charset="ISO-2022-JP"></head><body><p>ヤマダ タロウ様</p><p>セール開催中〜 全品10％ＯＦＦ</p><p><a href="URL">配信停止</a></p></body></html>
W
decode () { $DECODE "$1" 2>"$T/err" | sed 's|https://example.jp/u?t=[A-Za-z0-9_-]*|URL|g'; }

H preview --template 冬 --list 顧客 --row 1 --account u8 --out "$T/p1.eml" 2>"$T/err"
decode "$T/p1.eml" >"$T/d1"
CHECK_SHOW="$T/d1 $T/err"
check "preview through a UTF-8 account: ISO-2022-JP, decoded exactly by Python's strict parser" \
  "cmp -s '$T/d1' '$T/want-jis' && grep -q '^Subject: =?ISO-2022-JP?B?' '$T/p1.eml'"
H preview --template 冬 --list 顧客 --row 2 --account u8 --out "$T/p2.eml" 2>"$T/err"
decode "$T/p2.eml" >"$T/d2"
CHECK_SHOW="$T/d2 $T/err"
check "… a recipient with 髙 gets UTF-8, nothing replaced" \
  "grep -q '^text/plain utf-8 髙橋 一郎様' '$T/d2' && ! grep -q '?' '$T/d2'"

H campaign create c1 --template 冬 --list 顧客 --account u8 >/dev/null 2>"$T/err"
H campaign check c1 >"$T/check" 2>"$T/err"
status=$?
CHECK_SHOW="$T/check $T/err"
check "campaign check through a UTF-8 account counts the recipient written in UTF-8 (exit 1)" \
  "[ $status -eq 1 ] && grep -q '1 recipient has characters ISO-2022-JP cannot carry (such as “髙”)' '$T/check'"

# The sender and the test send, through the Outbox (a real Maildir).
H campaign create c2 --template 冬 --list 顧客 --account outbox >/dev/null 2>"$T/err"
H campaign send c2 >/dev/null 2>"$T/err"
check "campaign send through the Outbox exits 0" "[ $? -eq 0 ]"
sent=$(grep -l 'yamada@example.jp' "$T"/outbox/new/* 2>/dev/null | head -1)
decode "$sent" >"$T/ds"
check "… the message sent is ISO-2022-JP too" \
  "grep -q '^text/plain iso-2022-jp ヤマダ タロウ様' '$T/ds' && grep -q '^7bit$' '$T/ds'"
rm -rf "$T/outbox"
H test-send --template 冬 --list 顧客 --row 1 --account outbox --to me@example.jp >/dev/null 2>"$T/err"
check "test-send exits 0" "[ $? -eq 0 ]"
decode "$(ls "$T"/outbox/new/* | head -1)" >"$T/dt"
check "… and its message is ISO-2022-JP" "grep -q '^text/plain iso-2022-jp ヤマダ タロウ様' '$T/dt'"

# utf-8 whatever the account's; back to the account's.
H template charset 冬 utf-8 2>"$T/err"
check "template charset NAME utf-8" "[ $? -eq 0 ] && [ \"\$(H template charset 冬)\" = utf-8 ]"
H preview --template 冬 --list 顧客 --row 1 --account jis --out "$T/p3.eml" 2>"$T/err"
decode "$T/p3.eml" >"$T/d3"
check "… preview through an ISO-2022-JP account is UTF-8, the half-width kana as written" \
  "grep -q '^text/plain utf-8 ﾔﾏﾀﾞ ﾀﾛｳ様' '$T/d3'"
H campaign create c3 --template 冬 --list 顧客 --account jis >/dev/null 2>"$T/err"
H campaign check c3 >"$T/check" 2>"$T/err"
check "… and campaign check has no charset line for it" "! grep -q 'ISO-2022-JP' '$T/check'"
H template charset 冬 account 2>"$T/err"
check "template charset NAME account" "[ $? -eq 0 ] && [ \"\$(H template charset 冬)\" = account ]"
H preview --template 冬 --list 顧客 --row 1 --account jis --out "$T/p4.eml" 2>"$T/err"
decode "$T/p4.eml" >"$T/d4"
check "… the account's ISO-2022-JP again" "cmp -s '$T/d4' '$T/want-jis'"
H preview --template 冬 --list 顧客 --row 1 --account u8 --out "$T/p5.eml" 2>"$T/err"
decode "$T/p5.eml" >"$T/d5"
check "… and the UTF-8 account's UTF-8" "grep -q '^text/plain utf-8 ﾔﾏﾀﾞ ﾀﾛｳ様' '$T/d5'"

# Replacing a template keeps its charset unless told.
H template charset 冬 iso-2022-jp
H template add 冬 --subject '冬' --html "$T/t.html" 2>"$T/err"
check "template add over it without --charset keeps its charset" "[ \"\$(H template charset 冬)\" = iso-2022-jp ]"
H template add 冬 --subject '冬' --html "$T/t.html" --charset UTF-8 2>"$T/err"
check "… with --charset sets it" "[ \"\$(H template charset 冬)\" = utf-8 ]"

# Mistakes.
H template add x --subject s --html "$T/t.html" --charset shift_jis 2>"$T/err"
check "an unknown charset is bad usage (exit 2)" "[ $? -eq 2 ] && grep -q 'utf-8 or iso-2022-jp' '$T/err' && ! H template list | grep -q '^x	'"
H template charset 冬 euc-jp 2>"$T/err"
check "template charset with an unknown charset: exit 2" "[ $? -eq 2 ] && [ \"\$(H template charset 冬)\" = utf-8 ]"
H template charset nothing utf-8 2>"$T/err"
check "template charset of a template that does not exist: exit 1, saying so" \
  "[ $? -eq 1 ] && grep -q 'no template named “nothing”' '$T/err'"

echo "1..$n"
[ $fails -eq 0 ]
