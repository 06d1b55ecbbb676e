#!/usr/bin/python3
# gen-styled-newsletter.py — a large Japanese newsletter styled from a
# <style> block instead of style attributes, for the CSS-inlining benchmark:
# news items (each with merge fields and a conditional) up to SIZE bytes
# of UTF-8, and a style sheet of about CSS bytes: the rules the items use
# (type, class, id, descendant, child, grouped, !important), rules for
# classes nobody uses, media queries and :hover that stay in <style>.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: gen-styled-newsletter.py SIZE CSS OUT.html
import sys

USED = """\
body { margin: 0; padding: 0; background-color: #f6f5f4 }
table.outer { background-color: #f6f5f4; width: 100% }
td.frame { padding: 24px 12px }
table.sheet { width: 100%; max-width: 600px; background-color: #ffffff; border-radius: 8px;
  font-family: 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', 'Meiryo', sans-serif; color: #241f31; line-height: 1.7 }
#header { padding: 28px 32px; background-color: #1c71d8; color: #ffffff }
#header h1, #header p { margin: 0 }
#header h1 { font-size: 24px; font-weight: bold }
td.item { padding: 16px 32px }
td.item > h2 { margin: 0 0 8px; font-size: 17px; color: #1a5fb4; border-left: 4px solid #3584e4; padding-left: 10px }
td.item p { margin: 0; font-size: 15px }
.note { background-color: #e8f1fc; border-radius: 6px; padding: 14px 16px !important }
a.button { display: inline-block; padding: 12px 28px; background-color: #1c71d8; color: #ffffff; text-decoration: none; border-radius: 6px }
a.button:hover { background-color: #1a5fb4 }
#footer { padding: 20px 32px; font-size: 12px; color: #5e5c64; border-top: 1px solid #deddda }
#footer a { color: #5e5c64 }
@media only screen and (max-width: 600px) {
  table.sheet { border-radius: 0 !important }
  td.item { padding: 12px 16px !important }
}
"""


def stylesheet(size):
    css = [USED]
    n = 0
    while len("".join(css).encode("utf-8")) < size:
        n += 1
        css.append(".promo-%d .title, .promo-%d > p { margin: 0 0 %dpx; color: #%06x; font-size: %dpx }\n"
                   % (n, n, n % 20, (n * 2654435761) % 0xFFFFFF, 12 + n % 8))
    return "".join(css)


def newsletter(size, css_size):
    head = ("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>ヘラルド文具店 11月のお知らせ</title>\n<style type=\"text/css\">\n%s</style>\n</head>\n"
            "<body>\n<table role=\"presentation\" class=\"outer\"><tr><td class=\"frame\" align=\"center\">\n"
            "<table role=\"presentation\" class=\"sheet\" width=\"600\">\n"
            "  <tr><td id=\"header\"><p>ヘラルド文具店 ニュースレター</p><h1>11月のお知らせ</h1></td></tr>\n"
            % stylesheet(css_size))
    tail = ("  <tr><td class=\"item\" align=\"center\"><a class=\"button\" href=\"https://shop.example.jp/?u={{ email }}\">"
            "オンラインショップへ</a></td></tr>\n"
            "  <tr><td id=\"footer\"><p>ヘラルド文具店 〒100-0001 東京都千代田区1-1</p>"
            "<p><a href=\"{{ unsubscribe_url }}\">配信停止</a></p></td></tr>\n"
            "</table>\n</td></tr></table>\n</body>\n</html>\n")
    items = []
    n = 0
    while len((head + "".join(items) + tail).encode("utf-8")) < size:
        n += 1
        items.append(
            "  <tr>\n    <td class=\"item\">\n"
            "      <h2>第%d号 新商品のご案内</h2>\n"
            "      <p>{{ name }}様、いつもありがとうございます。"
            "今月は万年筆、便箋、封筒、和紙のノートなど、季節の文具を数多く取り揃えました。"
            "{{#if 会社名}}{{ 会社名 }}様には法人向けのまとめ買い割引もございます。"
            "{{else}}個人のお客様には送料無料の特典がございます。{{/if}}</p>\n"
            "      %s\n    </td>\n  </tr>\n"
            % (n, "<p class=\"note\">お近くの店舗でも展示会を開きます。</p>" if n % 3 == 0 else ""))
    return head + "".join(items) + tail


def main():
    size, css_size, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with open(out, "w", encoding="utf-8") as f:
        f.write(newsletter(size, css_size))


if __name__ == "__main__":
    main()
