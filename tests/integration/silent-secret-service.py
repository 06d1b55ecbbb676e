#!/usr/bin/python3
# silent-secret-service.py — owns org.freedesktop.secrets on the session
# bus and never answers a call: a keyring stuck on an unlock prompt, for
# Herald's keyring timeout test.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Prints "READY" when it owns the name; exits when stdin closes.

import sys
import threading

import gi
gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib

loop = GLib.MainLoop()
bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)


def swallow(connection, message, incoming):
    # Method calls to us are dropped: no reply, no error, ever.
    # (Whether sent to the well-known name or to our unique name.)
    if incoming and message.get_message_type() == Gio.DBusMessageType.METHOD_CALL:
        return None
    return message


bus.add_filter(swallow)


def acquired(connection, name):
    print('READY', flush=True)


Gio.bus_own_name_on_connection(bus, 'org.freedesktop.secrets', Gio.BusNameOwnerFlags.NONE,
                               acquired, lambda *a: loop.quit())


def watch_stdin():
    sys.stdin.read()
    GLib.idle_add(loop.quit)


threading.Thread(target=watch_stdin, daemon=True).start()
loop.run()
