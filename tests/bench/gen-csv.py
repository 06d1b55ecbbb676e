#!/usr/bin/python3
# gen-csv.py — a UTF-8 address list for the import benchmark.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: gen-csv.py ROWS OUT.csv
# Ten columns, a header row, one unique address a row in shuffled order (so
# the address index is filled at random, as with real data), a few quoted
# fields with commas, and Japanese and accented names among the others.
import sys

def main():
    rows = int(sys.argv[1])
    first = ["Taro", "Hanako", "Lina", "Jean", "María", "Olivia", "Kenji",
             "太郎", "花子", "ゆり", "Nguyễn", "Søren"]
    last = ["Yamada", "Sato", "Müller", "Dupont", "García", "Smith",
            "山田", "佐藤", "髙橋", "Tanaka"]
    cities = ["Tokyo", "Osaka", "Berlin", "Lyon", "Sevilla", "London",
              "東京", "大阪", "名古屋", "札幌"]
    companies = ["Acme", "\"Dupont & Fils, SARL\"", "株式会社さくら企画",
                 "Müller Feinkost GmbH", "Café del Sol", ""]
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
        out.write("email,first_name,last_name,company,city,country,phone,"
                  "zip,signup_date,note\r\n")
        # An odd multiplier modulo a power of two is a bijection: unique
        # ids in a scattered order.
        mod = 1
        while mod < rows:
            mod *= 2
        i = 0
        n = 0
        lines = []
        while n < rows:
            uid = (i * 2654435761) % mod
            i += 1
            if uid >= rows:
                continue
            n += 1
            lines.append("user%07d@example%d.com,%s,%s,%s,%s,%s,+81-3-%04d-%04d,%05d,2024-%02d-%02d,%s\r\n" % (
                uid, uid % 97, first[uid % len(first)], last[uid % len(last)],
                companies[uid % len(companies)], cities[uid % len(cities)],
                "JP" if uid % 3 else "DE", uid % 10000, (uid // 7) % 10000,
                uid % 100000, 1 + uid % 12, 1 + uid % 28,
                "\"VIP, since 2019\"" if uid % 50 == 0 else "newsletter"))
            if len(lines) >= 10000:
                out.write("".join(lines))
                lines = []
        out.write("".join(lines))

main()
