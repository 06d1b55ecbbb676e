#!/usr/bin/python3
# fake-notifications.py — a stand-in for the desktop's notification server
# (GNOME Shell has org.gtk.Notifications; GApplication uses it when it is
# on the session bus): owns org.gtk.Notifications on the test's session
# bus and logs each AddNotification as a JSON line to LOG (and each
# RemoveNotification as {"app", "removed": id}). Prints READY
# once it owns the name; stops on SIGTERM. uitest.start_notifications()
# starts it.
#
# usage: fake-notifications.py LOG
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import signal
import sys

from gi.repository import Gio, GLib

NOTIFICATIONS_XML = """
<node>
  <interface name="org.gtk.Notifications">
    <method name="AddNotification">
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="a{sv}" direction="in"/>
    </method>
    <method name="RemoveNotification">
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
    </method>
  </interface>
</node>
"""


def main(log_file):
    node = Gio.DBusNodeInfo.new_for_xml(NOTIFICATIONS_XML)
    out = open(log_file, "a", buffering=1)

    def on_call(conn, sender, path, iface, method, params, invocation):
        if method == "AddNotification":
            app_id, nid, notification = params.unpack()
            out.write(json.dumps({"app": app_id, "id": nid, "notification": notification}) + "\n")
        elif method == "RemoveNotification":
            # Under "removed", not "id": readers that look for a notification by id see only additions.
            app_id, nid = params.unpack()
            out.write(json.dumps({"app": app_id, "removed": nid}) + "\n")
        invocation.return_value(None)

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.register_object("/org/gtk/Notifications", node.interfaces[0], on_call)
    Gio.bus_own_name_on_connection(bus, "org.gtk.Notifications", Gio.BusNameOwnerFlags.NONE,
                                   lambda *a: print("READY", flush=True), lambda *a: sys.exit(1))
    loop = GLib.MainLoop()
    signal.signal(signal.SIGTERM, lambda *a: loop.quit())
    loop.run()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: fake-notifications.py LOG")
    main(sys.argv[1])
