#!/usr/bin/python3
"""Writes nova/np-py-unicode.h: the Unicode facts CPython's str methods use.

    /usr/bin/python3 tests/nova/gen_py_unicode.py > nova/np-py-unicode.h

Run it with the interpreter the oracle runs Nova on (Debian 12: CPython
3.11, Unicode 14.0). numaplan emulates int(), str.isdigit(), str.isspace()
(strip) and str.isprintable() (repr) with these tables instead of GLib's,
whose Unicode version follows the system's GLib (2.74 has Unicode 15, where
e.g. the Kawi digits U+11F50.. are decimal and CJK Extension H is
printable; for CPython 3.11 they are unassigned).
"""
import sys
import unicodedata


def ranges(pred):
    out, start = [], None
    for c in range(0x110000 + 1):
        inside = c < 0x110000 and pred(c)
        if inside and start is None:
            start = c
        elif not inside and start is not None:
            out.append((start, c - 1))
            start = None
    return out


def decimal_runs():
    """(first, last, value of first): runs of consecutive decimal values."""
    out = []
    for c in range(0x110000):
        v = unicodedata.decimal(chr(c), None)
        if v is None:
            continue
        if out and out[-1][1] == c - 1 and out[-1][2] + (c - out[-1][0]) == v:
            out[-1] = (out[-1][0], c, out[-1][2])
        else:
            out.append((c, c, v))
    return out


def main():
    if sys.version_info[:2] != (3, 11):
        sys.stderr.write('gen_py_unicode.py: run with the CPython the oracle uses '
                         '(3.11), not %s\n' % sys.version.split()[0])
        sys.exit(1)
    w = sys.stdout.write
    w('/* GENERATED FILE - do not edit.\n'
      ' *\n'
      ' * CPython %s, Unicode %s: the character classes numaplan\'s Python\n'
      ' * emulation (np-py.c) needs, as sorted code point ranges.\n'
      ' *\n'
      ' * Regenerate with Debian\'s /usr/bin/python3 (the oracle\'s interpreter):\n'
      ' *   /usr/bin/python3 tests/nova/gen_py_unicode.py > nova/np-py-unicode.h\n'
      ' */\n#pragma once\n\n#include <glib.h>\n\n'
      % (sys.version.split()[0], unicodedata.unidata_version))
    w('typedef struct {\n\tgunichar first;\n\tgunichar last;\n} NpPyRange;\n\n')
    w('typedef struct {\n\tgunichar first;\n\tgunichar last;\n\tguint8 value; /* of first */\n'
      '} NpPyDecimalRun;\n\n')

    runs = decimal_runs()
    w('/* unicodedata.decimal(): what int() accepts as digits */\n')
    w('static const NpPyDecimalRun np_py_decimal_runs[] = {\n')
    for a, b, v in runs:
        w('\t{0x%04x, 0x%04x, %d},\n' % (a, b, v))
    w('};\n\n')

    tables = [
        ('np_py_digit_only_ranges', 'str.isdigit() but not decimal (superscripts, circled digits)',
         lambda c: chr(c).isdigit() and not chr(c).isdecimal()),
        ('np_py_space_ranges', 'str.isspace(), also re\'s \\s and what strip() removes',
         lambda c: chr(c).isspace()),
        ('np_py_unprintable_ranges', 'not str.isprintable(): repr() escapes these',
         lambda c: not chr(c).isprintable()),
    ]
    for name, doc, pred in tables:
        w('/* %s */\n' % doc)
        w('static const NpPyRange %s[] = {\n' % name)
        for a, b in ranges(pred):
            w('\t{0x%04x, 0x%04x},\n' % (a, b))
        w('};\n\n')


if __name__ == '__main__':
    main()
