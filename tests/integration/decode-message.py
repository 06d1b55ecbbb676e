#!/usr/bin/python3
# decode-message.py FILE — a message as Python's strict email parser
# decodes it, for the charset scripts (cli-charset.sh,
# cli-template-charset.sh): whether any byte is 8-bit, the subject, the
# From name, then each text part's type, charset and text (its lines
# joined with "|").
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
import email
import email.policy
import sys

raw = open(sys.argv[1], 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.strict)
print('8bit' if any(b >= 0x80 for b in raw) else '7bit')
print(str(m['subject']))
print(m['from'].addresses[0].display_name)
for part in m.walk():
    if part.get_content_maintype() == 'text':
        print(part.get_content_type(), part.get_content_charset(),
              part.get_content().replace('\r\n', '\n').strip().replace('\n', '|'))
