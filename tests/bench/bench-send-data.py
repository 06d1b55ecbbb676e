#!/usr/bin/python3
# bench-send-data.py — the personalised newsletter and the address list of
# bench-send.sh.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage:
#   bench-send-data.py template OUT.html   the newsletter: composed by Herald
#                                          (HTML + generated text), one
#                                          message is about 20 KB
#   bench-send-data.py list ROWS OUT.csv   email,name,city,code — one row a
#                                          recipient, written in a stream
#                                          (a million rows take ~50 MB)

import sys

PARAGRAPHS = 68
PARAGRAPH = ('<p>Dear {{ name }} in {{ city }}, this is paragraph %d of our spring '
             'newsletter with news about products, events and offers. '
             'Your code is {{ code }}.</p>\n')
CITIES = ['Tokyo', 'Osaka', 'Kyoto', 'Sapporo', 'Nagoya', 'Fukuoka', 'Sendai']


def template(path):
    with open(path, 'w', encoding='utf-8') as out:
        out.write('<html><body><h1>News for {{ name }}</h1>\n')
        for i in range(PARAGRAPHS):
            out.write(PARAGRAPH % i)
        out.write('</body></html>\n')


def address_list(rows, path):
    with open(path, 'w', encoding='utf-8', newline='') as out:
        out.write('email,name,city,code\r\n')
        chunk = []
        for i in range(rows):
            chunk.append('reader%07d@example.com,Reader %d,%s,C%07d\r\n' % (i, i, CITIES[i % 7], i))
            if len(chunk) == 10000:
                out.write(''.join(chunk))
                chunk = []
        out.write(''.join(chunk))


if __name__ == '__main__':
    if sys.argv[1] == 'template':
        template(sys.argv[2])
    elif sys.argv[1] == 'list':
        address_list(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit('usage: bench-send-data.py template OUT | list ROWS OUT')
