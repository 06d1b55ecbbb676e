# charset-env.sh — what the charset scripts (cli-charset.sh,
# cli-template-charset.sh) share; sourced after cli-env.sh.
#   charset_list [ROW…]: the demo data and the list 顧客 imported from an
#     Excel CP932 file (columns メール, 氏名): a name in half-width kana,
#     one with 髙 (not in ISO-2022-JP), then ROWs; returns the import's
#     status. Also $T/t.html, a body with half-width kana and 〜.
#   $DECODE FILE: the message as Python's strict parser decodes it
#     (decode-message.py).
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
DECODE="/usr/bin/python3 $(dirname "$0")/decode-message.py"

charset_list () {
  H init --demo >/dev/null 2>&1
  printf '%s' '<html><head><meta charset="utf-8"></head><body><p>{{ 氏名 }}様</p><p>ｾｰﾙ開催中～ 全品10％ＯＦＦ</p><p><a href="{{ unsubscribe_url }}">配信停止</a></p></body></html>' >"$T/t.html"
  printf '%s\r\n' 'メール,氏名' 'yamada@example.jp,ﾔﾏﾀﾞ ﾀﾛｳ' 'takahashi@example.jp,髙橋 一郎' "$@" |
    iconv -f UTF-8 -t CP932 >"$T/list.csv"
  H import "$T/list.csv" --list 顧客 >/dev/null 2>"$T/err"
}
