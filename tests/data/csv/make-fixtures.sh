#!/bin/sh
# make-fixtures.sh — how the encoded fixtures here were made (glibc iconv).
# They are committed as bytes; run this only to re-create them.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "$(dirname "$0")"

# Japanese Excel "CSV": CP932 with CRLF; NEC/IBM extensions (①, 髙) and
# the wave dash as CP932 maps it (0x8160 = U+FF5E ～), half-width katakana.
printf '%s\r\n' \
  'メールアドレス,氏名,会社名,メモ' \
  'yamada@example.jp,髙橋 一郎,株式会社①商事,納期～月末' \
  'ｌｉｎａ＠ｅｘａｍｐｌｅ．ｊｐ,ﾘﾅ ﾐｭﾗｰ,"ミュラー, 有限会社",' \
  '"""佐藤"" <sato@example.jp>",佐藤 花子,さくら企画,"2行の' \
  'メモ"' \
  'mailto:suzuki@example.jp,鈴木 ゆり,,' >japanese.utf8.csv
iconv -f UTF-8 -t CP932 japanese.utf8.csv >cp932.csv
iconv -f UTF-8 -t EUC-JP-MS japanese.utf8.csv >eucjp.csv
{ printf '\357\273\277'; cat japanese.utf8.csv; } >utf8-bom.csv

# Excel "Unicode text": UTF-16LE with a byte-order mark, tabs, CRLF.
printf '%s\r\n' \
  'メールアドレス	氏名	会社名	メモ' \
  'yamada@example.jp	髙橋 一郎	株式会社①商事	納期～月末' \
  'lina@example.jp	ﾘﾅ ﾐｭﾗｰ	ミュラー, 有限会社	"タブ	入り"' >tabs.utf8.txt
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE tabs.utf8.txt; } >utf16le-excel.txt
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE tabs.utf8.txt; } >utf16be-bom.txt
rm tabs.utf8.txt

# European Excel: semicolons, decimal commas.
printf '%s\r\n' \
  'E-Mail;Name;Betrag' \
  'anna@example.de;Anna Müller;1,50' \
  'jean@example.fr;Jean "JJ" Dupont;2,75' \
  'ola@example.no;Øla;3' >semicolon.csv
