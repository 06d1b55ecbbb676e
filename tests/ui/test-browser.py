#!/usr/bin/python3
# test-browser.py URL — plays the browser for tests/ui/test-signin.py: the
# account editor runs it (through HERALD_TEST_BROWSER, which only tests
# set) with the authorization address in place of opening the desktop's
# browser, which cannot run here. Like a browser whose user agreed: GET
# the address (the test's authorization server answers with a redirect
# to Herald's loopback listener), then GET where it points. Writes
# "AUTHORIZE <status> <location>" and "REDIRECT <status>" lines to
# HERALD_TEST_BROWSER_LOG; trusts the CA in HERALD_TEST_BROWSER_CA. The
# Nth address opened waits (up to 20 s, else gives up) until the test has
# made the file go-N beside the log: the test looks at the sign-in dialog
# first, or cancels it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import http.client
import os
import ssl
import sys
import time
import urllib.parse
import urllib.request

url = sys.argv[1]
log_path = os.environ["HERALD_TEST_BROWSER_LOG"]
opened = 0
if os.path.exists(log_path):
    with open(log_path) as f:
        opened = sum(1 for line in f if line.startswith("OPEN "))
log = open(log_path, "a", buffering=1)
log.write("OPEN %s\n" % url)
go = os.path.join(os.path.dirname(log_path), "go-%d" % (opened + 1))
deadline = time.time() + 20
while not os.path.exists(go):
    if time.time() > deadline:
        log.write("GAVE UP\n")
        sys.exit(0)
    time.sleep(0.1)
parts = urllib.parse.urlsplit(url)
context = ssl.create_default_context(cafile=os.environ["HERALD_TEST_BROWSER_CA"])
conn = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=30)
conn.request("GET", parts.path + "?" + parts.query)
answer = conn.getresponse()
location = answer.getheader("Location") or ""
answer.read()
log.write("AUTHORIZE %d %s\n" % (answer.status, location))
if answer.status in (301, 302, 303, 307) and location.startswith("http://127.0.0.1:"):
    with urllib.request.urlopen(location, timeout=30) as page:
        log.write("REDIRECT %d %s\n" % (page.status, page.read().decode("utf-8", "replace").replace("\n", " ")))
