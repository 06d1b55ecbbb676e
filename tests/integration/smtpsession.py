# smtpsession.py — what the loopback SMTP servers of the sender tests
# (fault-smtp-server.py, kill-smtp-server.py) share: reading the client's
# commands, reading a message's data after DATA, and the commands they
# answer alike.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later


async def commands(reader):
    """Yields (line, verb) for each command line the client sends, the verb
    its first four bytes in upper case, until the client closes."""
    while True:
        line = await reader.readline()
        if not line:
            return
        yield line, line[:4].upper()


async def read_data(reader, reply, on_line=None):
    """Answers DATA with 354 and reads the message up to the final dot,
    undoing the dot-stuffing; awaits on_line(data) after each line when
    given. Returns the message, or None when the client closed first."""
    await reply(b'354 End data with <CR><LF>.<CR><LF>\r\n')
    data = bytearray()
    while True:
        chunk = await reader.readline()
        if not chunk:
            return None
        if chunk == b'.\r\n':
            return data
        data += chunk[1:] if chunk.startswith(b'..') else chunk
        if on_line is not None:
            await on_line(data)


async def other_command(verb, reply, writer):
    """RSET and NOOP: 250; QUIT: 221 and the connection closed (returns
    True: the session is over); anything else: 502."""
    if verb in (b'RSET', b'NOOP'):
        await reply(b'250 2.0.0 Ok\r\n')
    elif verb == b'QUIT':
        await reply(b'221 2.0.0 Bye\r\n')
        writer.close()
        return True
    else:
        await reply(b'502 5.5.2 Error: command not recognized\r\n')
    return False
