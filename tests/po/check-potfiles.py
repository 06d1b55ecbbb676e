#!/usr/bin/python3
# check-potfiles.py — keep Herald's translations complete.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage:
#   check-potfiles.py SRCROOT        every file under app/, ui/ and data/ with
#                                    translatable strings is in po/POTFILES.in
#   check-potfiles.py --ja SRCROOT   po/ja.po translates every message that
#                                    the files in po/POTFILES.in contain
#   check-potfiles.py --pot FILE SRCROOT
#                                    write those messages to FILE (what
#                                    po/meson.build runs as `herald-pot` while
#                                    no .po file exists yet)
#
# Exit status: 0 pass, 1 fail (the offending files or messages are listed),
# 77 skipped (gettext tools missing; meson counts it as a skip).
# Runs with /usr/bin/python3 and the standard library only.

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SCAN_DIRS = ('app', 'ui', 'data')

# Strings a C file marks for translation. `_ (` with a space is GNU style.
C_MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])'
    r'(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2?|g_dcgettext)\s*\(')

# Comments and the contents of string literals go before matching, so that
# `_(` in a comment or a string does not count; `_("…")` becomes `_("")`.
C_COMMENT_OR_STRING = re.compile(
    r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
    re.DOTALL)

UI_MARKER = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']')

DESKTOP_KEYS = re.compile(r'^(?:Name|GenericName|Comment|Keywords)\s*=',
                          re.MULTILINE)

# The keywords and format flags of meson's `preset: 'glib'`, so that the
# catalogue built here matches the one `meson compile herald-pot` builds.
XGETTEXT_C_ARGS = [
    '--language=C',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def fail(msg):
    print(msg, file=sys.stderr)
    return 1


# ---------------------------------------------------------------- POTFILES

def read_potfiles(srcroot):
    """The paths listed in po/POTFILES.in, relative to srcroot."""
    path = os.path.join(srcroot, 'po', 'POTFILES.in')
    entries = []
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith(('#', '[')):
                    continue
                entries.append(os.path.normpath(line))
    except FileNotFoundError:
        pass
    return entries


def has_translatable_strings(path):
    """Whether the file at path marks strings for translation.

    GSettings schemas are skipped: their summaries are not translated."""
    name = os.path.basename(path)
    if name.endswith('.gschema.xml'):
        return False
    if name.endswith(('.c', '.h')):
        text = read_text(path)
        code = C_COMMENT_OR_STRING.sub(
            lambda m: ' ' if m.group(0)[0] == '/' else m.group(0)[0] * 2, text)
        return C_MARKERS.search(code) is not None
    if name.endswith('.ui'):
        return UI_MARKER.search(read_text(path)) is not None
    if name.endswith(('.desktop.in', '.desktop.in.in')):
        return DESKTOP_KEYS.search(read_text(path)) is not None
    if name.endswith(('.metainfo.xml.in', '.metainfo.xml.in.in',
                      '.appdata.xml.in', '.appdata.xml.in.in')):
        return True
    return False


def read_text(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        return f.read()


def scan_sources(srcroot):
    """Paths (relative to srcroot) under SCAN_DIRS with translatable strings."""
    found = []
    for top in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcroot, top)):
            # hidden folders and build folders kept inside the tree
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith(('.', '_build', 'build')))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if has_translatable_strings(path):
                    found.append(os.path.relpath(path, srcroot))
    return found


def check_potfiles(srcroot):
    if not os.path.exists(os.path.join(srcroot, 'po', 'POTFILES.in')):
        return fail('FAIL: po/POTFILES.in does not exist')
    listed = read_potfiles(srcroot)
    listed_set = set(listed)
    status = 0

    gone = [p for p in listed if not os.path.isfile(os.path.join(srcroot, p))]
    if gone:
        status = fail('FAIL: po/POTFILES.in lists files that do not exist '
                      '(xgettext will stop on them):\n  ' + '\n  '.join(gone))

    missing = [p for p in scan_sources(srcroot) if p not in listed_set]
    if missing:
        status = fail('FAIL: these files have translatable strings but are '
                      'missing from po/POTFILES.in:\n  ' + '\n  '.join(missing))

    if status == 0:
        print(f'ok: po/POTFILES.in lists all {len(listed)} files '
              'with translatable strings')
    return status


# ---------------------------------------------------------------- ja.po

def xgettext_args_for(path):
    """Language options for one kind of source file."""
    if path.endswith(('.c', '.h')):
        return XGETTEXT_C_ARGS
    if path.endswith('.ui'):
        return ['--language=Glade']
    if path.endswith(('.desktop.in', '.desktop.in.in')):
        return ['--language=Desktop']
    # metainfo, gschema and other XML: xgettext finds their ITS rules itself
    return []


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def build_pot(srcroot, files, tmpdir):
    """Extract the messages of files into one .pot; None on failure."""
    groups = {}
    for path in files:
        groups.setdefault(tuple(xgettext_args_for(path)), []).append(path)

    pots = []
    for i, (args, paths) in enumerate(sorted(groups.items())):
        listing = os.path.join(tmpdir, f'files-{i}.txt')
        with open(listing, 'w', encoding='utf-8') as f:
            f.write('\n'.join(paths) + '\n')
        pot = os.path.join(tmpdir, f'part-{i}.pot')
        r = run(['xgettext', '--from-code=UTF-8', '--add-comments',
                 '--force-po', '--package-name=herald',
                 '--directory=' + srcroot, '--files-from=' + listing,
                 '--output=' + pot, *args])
        if r.returncode != 0:
            fail(f'FAIL: xgettext {" ".join(args)} failed:\n{r.stderr}')
            return None
        pots.append(pot)

    all_pot = os.path.join(tmpdir, 'herald.pot')
    r = run(['msgcat', '--use-first', '--force-po', '--output-file=' + all_pot,
             *pots])
    if r.returncode != 0:
        fail(f'FAIL: msgcat failed:\n{r.stderr}')
        return None
    return all_pot


PO_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', 'a': '\a', 'b': '\b',
              'f': '\f', 'v': '\v', '"': '"', '\\': '\\'}


def unquote(token):
    """The text of one quoted PO string, escapes resolved."""
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f'not a PO string: {token}')
    return re.sub(r'\\(.)', lambda m: PO_ESCAPES.get(m.group(1), m.group(1)),
                  token[1:-1])


def parse_po(path):
    """The entries of a .po file as dicts: msgctxt (optional), msgid,
    msgid_plural (optional), msgstrs (index -> text), fuzzy, and line (where
    the entry's msgctxt or msgid starts).

    The header and obsolete (#~) entries are left out."""
    entries = []
    cur = None
    field = None

    def flush():
        if cur is not None and cur.get('msgid'):
            entries.append(cur)

    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, start=1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#~'):
                continue
            if line.startswith('#'):
                # comments open an entry; a flag line says if it is fuzzy
                if cur is None or 'msgid' in cur:
                    flush()
                    cur = {'fuzzy': False, 'msgstrs': {}}
                    field = None
                if line.startswith('#,'):
                    flags = [x.strip() for x in line[2:].split(',')]
                    cur['fuzzy'] = cur['fuzzy'] or 'fuzzy' in flags
                continue
            if line.startswith('"'):
                if field is None:
                    raise ValueError(f'{path}: stray string: {line}')
                if isinstance(field, tuple):
                    cur['msgstrs'][field[1]] += unquote(line)
                else:
                    cur[field] += unquote(line)
                continue
            keyword, _, rest = line.partition(' ')
            if keyword in ('msgctxt', 'msgid'):
                if cur is None or 'msgid' in cur:
                    flush()
                    cur = {'fuzzy': False, 'msgstrs': {}}
                cur.setdefault('line', lineno)
                field = keyword
                cur[field] = unquote(rest)
            elif keyword == 'msgid_plural':
                field = keyword
                cur[field] = unquote(rest)
            elif keyword.startswith('msgstr'):
                index = keyword[len('msgstr['):-1] if '[' in keyword else '0'
                field = ('msgstr', index)
                cur['msgstrs'][index] = unquote(rest)
            else:
                raise ValueError(f'{path}: cannot read: {line}')
    flush()
    return entries


def describe(entry):
    ctxt = entry.get('msgctxt')
    text = entry['msgid'].replace('\n', '\\n')
    if len(text) > 72:
        text = text[:69] + '...'
    return f'[{ctxt}] "{text}"' if ctxt else f'"{text}"'


def missing_gettext_tool():
    for tool in ('xgettext', 'msgcat', 'msgmerge', 'msgfmt'):
        if shutil.which(tool) is None:
            return tool
    return None


def listed_files(srcroot):
    """POTFILES.in's files, or None (with a message) if some do not exist."""
    files = read_potfiles(srcroot)
    gone = [p for p in files if not os.path.isfile(os.path.join(srcroot, p))]
    if gone:
        fail('FAIL: po/POTFILES.in lists files that do not exist:\n  '
             + '\n  '.join(gone))
        return None
    return files


def write_pot(srcroot, output):
    tool = missing_gettext_tool()
    if tool:
        return fail(f'{tool} is not installed (package gettext)')
    files = listed_files(srcroot)
    if files is None:
        return 1
    with tempfile.TemporaryDirectory(prefix='herald-po-') as tmpdir:
        pot = build_pot(srcroot, files, tmpdir)
        if pot is None:
            return 1
        shutil.copyfile(pot, output)
    print(f'wrote {output}')
    return 0


def format_errors(stderr, merged, entries):
    """msgfmt's complaints about the merged file, each naming its message."""
    errors = []
    for line in stderr.splitlines():
        m = re.match(re.escape(merged) + r':(\d+):\s*(.*)', line)
        if not m:
            continue
        lineno = int(m.group(1))
        owner = [e for e in entries if e['line'] <= lineno]
        where = describe(owner[-1]) if owner else f'line {lineno}'
        errors.append(f'{where}: {m.group(2)}')
    return errors or [stderr.strip()]


def check_ja(srcroot):
    tool = missing_gettext_tool()
    if tool:
        print(f'SKIP: {tool} is not installed (package gettext)',
              file=sys.stderr)
        return 77

    ja_po = os.path.join(srcroot, 'po', 'ja.po')
    if not os.path.isfile(ja_po):
        return fail('FAIL: po/ja.po does not exist')

    files = listed_files(srcroot)
    if files is None:
        return 1

    if not files:
        print('ok: po/POTFILES.in lists no files, nothing to translate')
        return 0

    with tempfile.TemporaryDirectory(prefix='herald-po-') as tmpdir:
        pot = build_pot(srcroot, files, tmpdir)
        if pot is None:
            return 1
        merged = os.path.join(tmpdir, 'ja.po')
        r = run(['msgmerge', '--quiet', '--no-fuzzy-matching',
                 '--output-file=' + merged, ja_po, pot])
        if r.returncode != 0:
            return fail(f'FAIL: msgmerge po/ja.po failed:\n{r.stderr}')

        status = 0
        entries = parse_po(merged)
        r = run(['msgfmt', '--check-format', '--output-file=/dev/null', merged])
        if r.returncode != 0:
            status = fail('FAIL: po/ja.po has format errors (a %s or %d that '
                          'does not match the original):\n  ' +
                          '\n  '.join(format_errors(r.stderr, merged, entries)))

        untranslated = [e for e in entries
                        if any(not s for s in e['msgstrs'].values())]
        fuzzy = [e for e in entries if e['fuzzy'] and e not in untranslated]
        if untranslated:
            status = fail(f'FAIL: po/ja.po leaves {len(untranslated)} '
                          'message(s) untranslated:\n  ' +
                          '\n  '.join(describe(e) for e in untranslated))
        if fuzzy:
            status = fail(f'FAIL: po/ja.po has {len(fuzzy)} fuzzy '
                          'message(s) to review:\n  ' +
                          '\n  '.join(describe(e) for e in fuzzy))
        if status == 0:
            print(f'ok: po/ja.po translates all {len(entries)} messages')
        return status


def main():
    parser = argparse.ArgumentParser(
        description='Check that Herald\'s translations are complete.')
    parser.add_argument('--ja', action='store_true',
                        help='check that po/ja.po is complete')
    parser.add_argument('--pot', metavar='FILE',
                        help='write the messages of POTFILES.in to FILE')
    parser.add_argument('srcroot', help="the source tree's top folder")
    args = parser.parse_args()
    srcroot = os.path.abspath(args.srcroot)
    if args.pot:
        return write_pot(srcroot, args.pot)
    return check_ja(srcroot) if args.ja else check_potfiles(srcroot)


if __name__ == '__main__':
    sys.exit(main())
