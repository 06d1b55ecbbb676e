#!/usr/bin/python3
# gen-newsletter.py — a large Japanese newsletter for the editor's timing
# test and the preview-render benchmark: Herald's sample newsletter with
# news items added (each with merge fields and a conditional) until it is
# SIZE bytes of UTF-8, and one paragraph holding the marker "ここに入力"
# in the middle, where the timing test types.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: gen-newsletter.py SIZE OUT.html
import os
import sys

MARKER = "ここに入力"
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "samples")


def large_newsletter(size):
    with open(os.path.join(SAMPLES, "newsletter.html"), encoding="utf-8") as f:
        html = f.read()
    cut = html.index("        <!-- call to action -->")
    items = []
    n = 0
    while len((html + "".join(items)).encode("utf-8")) < size:
        n += 1
        items.append(
            "        <tr>\n          <td style=\"padding:16px 32px;\">\n"
            "            <h2 style=\"margin:0 0 8px; font-size:17px; color:#1a5fb4;\">第%d号 新商品のご案内</h2>\n"
            "            <p style=\"margin:0; font-size:15px;\">{{ name }}様、いつもありがとうございます。"
            "今月は万年筆、便箋、封筒、和紙のノートなど、季節の文具を数多く取り揃えました。"
            "{{#if 会社名}}{{ 会社名 }}様には法人向けのまとめ買い割引もございます。"
            "{{else}}個人のお客様には送料無料の特典がございます。{{/if}}"
            "お近くの店舗またはオンラインショップでぜひご覧ください。</p>\n          </td>\n        </tr>\n" % n)
    items.insert(len(items) // 2,
                 "        <tr><td style=\"padding:16px 32px;\"><p>%s</p></td></tr>\n" % MARKER)
    return html[:cut] + "".join(items) + html[cut:]


def main():
    size, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w", encoding="utf-8") as f:
        f.write(large_newsletter(size))


if __name__ == "__main__":
    main()
