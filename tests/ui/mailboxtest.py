# mailboxtest.py — what the mailbox UI tests share: their start (deadline,
# environment, temporary folder), the keyring, a delivery into the Dovecot
# Maildir that with-dovecot.sh started, and a bounce report.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import time

import uitest
from uitest import wait_for

ACCOUNT = "shop"


def begin():
    """Sets the test's deadline, checks that run-ui-test.sh and
    with-dovecot.sh set what the test needs, and returns its temporary
    folder."""
    uitest.set_deadline(140)
    uitest.require_env("HERALD_UI", "HERALD_CLI", "HERALD_DB", "IMAPS_PORT", "IMAP_PW", "IMAP_CA",
                       "IMAP_MAILDIR", "MAIL_UID", "MAIL_GID")
    return uitest.tmp_dir()


def start_keyring():
    args = ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"]
    daemon = uitest.start_helper(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    daemon.stdin.write(b"test-pw")
    daemon.stdin.close()
    wait_for("the Secret Service (gnome-keyring-daemon)",
             lambda: uitest.name_owner("org.freedesktop.secrets") is not None, timeout=10)
    return daemon


def deliver(name, text):
    """Into INBOX the way a delivery agent does: tmp/, then new/."""
    maildir = os.environ["IMAP_MAILDIR"]
    path = os.path.join(maildir, "tmp", "%d.%s.herald-test" % (time.time(), name))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("\n", "\r\n"))
    os.chown(path, int(os.environ["MAIL_UID"]), int(os.environ["MAIL_GID"]))
    os.rename(path, os.path.join(maildir, "new", os.path.basename(path)))


def bounce(address, message_id):
    """An RFC 3464 report: the message <message_id> to address failed
    (tests/data/bounce-report.eml.in, which mailbox-check.sh sends too)."""
    with open(os.path.join(uitest.HERE, "..", "data", "bounce-report.eml.in"), encoding="utf-8") as f:
        return f.read().replace("@ADDRESS@", address).replace("@MESSAGE_ID@", message_id)
