#!/usr/bin/env python3
"""Report formats read back by strict readers (docs/reports.md).

    test-reports.py junit XSD NUMAPLAN SCENARIO_DIR GOLDEN...
        every JUnit file given (a directory: its *.junit.xml, recursively), and the JUnit report of each failing-run
        scenario in SCENARIO_DIR, must validate against XSD with xmllint;
        tests/junit/not-junit.xml must not (the schema bites)
    test-reports.py csv NUMAPLAN SCENARIO GOLDEN...
        every CSV file given (a directory: its *.csv, recursively), and the CSV of capacity, failover and compare
        on SCENARIO, must read back under RFC 4180 with two independent
        readers: Python's csv module in strict mode and the small parser
        below that refuses anything RFC 4180 does not allow; both must
        agree, every record must end in CRLF and have the header's fields
"""
import csv
import io
import os
import subprocess
import sys


def fail(message):
    print('FAIL ' + message)
    return 1


# ------------------------------------------------------------------ junit

def check_junit(xsd, numaplan, scenario_dir, goldens):
    status = 0
    files = list(goldens)
    tmp = os.environ.get('NP_TEST_BUILDDIR', '.')
    for name in sorted(os.listdir(scenario_dir)):
        if not name.endswith('.yaml'):
            continue
        out = os.path.join(tmp, 'junit-' + name[:-5] + '.xml')
        run = subprocess.run([numaplan, 'run', os.path.join(scenario_dir, name),
                              '--format', 'junit', '--output', out],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if run.returncode not in (0, 1) or not os.path.exists(out):
            status |= fail('%s: numaplan run exited %d: %s' % (name, run.returncode,
                                                             run.stderr.decode()))
            continue
        files.append(out)
        text = open(out, encoding='utf-8').read()
        if run.returncode == 1 and '<failure ' not in text:
            status |= fail('%s: a failed expectation but no <failure>' % name)
    for path in files:
        check = subprocess.run(['xmllint', '--noout', '--schema', xsd, path],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if check.returncode != 0:
            status |= fail('%s does not validate:\n%s' % (path, check.stderr.decode()))
    bad = os.path.join(os.path.dirname(xsd), 'not-junit.xml')
    check = subprocess.run(['xmllint', '--noout', '--schema', xsd, bad],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check.returncode == 0:
        status |= fail('%s validates: the schema checks nothing' % bad)
    print('%d JUnit documents validated against %s' % (len(files), xsd))
    return status


# -------------------------------------------------------------------- csv

class CsvError(Exception):
    pass


def rfc4180(text):
    """Records of an RFC 4180 text with CRLF line ends; refuses a bare CR or
    LF outside quotes, a quote inside an unquoted field, anything but a
    comma or CRLF after a closing quote, and a last record without CRLF."""
    records, record, field = [], [], []
    i, n = 0, len(text)
    quoted = False
    at_start = True       # at the start of a field
    after_quote = False   # just after a field's closing quote
    while i < n:
        c = text[i]
        if quoted:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    field.append('"')
                    i += 2
                    continue
                quoted = False
                after_quote = True
            else:
                field.append(c)
            i += 1
            continue
        if c == ',':
            record.append(''.join(field))
            field, at_start, after_quote = [], True, False
        elif c == '\r':
            if i + 1 >= n or text[i + 1] != '\n':
                raise CsvError('bare CR at offset %d' % i)
            record.append(''.join(field))
            records.append(record)
            record, field, at_start, after_quote = [], [], True, False
            i += 2
            continue
        elif c == '\n':
            raise CsvError('bare LF at offset %d (records end in CRLF)' % i)
        elif after_quote:
            raise CsvError('%r after a closing quote at offset %d' % (c, i))
        elif c == '"':
            if not at_start:
                raise CsvError('a quote inside an unquoted field at offset %d' % i)
            quoted = True
            at_start = False
        else:
            field.append(c)
            at_start = False
        i += 1
    if quoted:
        raise CsvError('an unterminated quoted field')
    if record or field:
        raise CsvError('the last record does not end in CRLF')
    return records


def check_csv_text(label, data):
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        return fail('%s: not UTF-8: %s' % (label, e))
    try:
        ours = rfc4180(text)
    except CsvError as e:
        return fail('%s: %s' % (label, e))
    try:
        theirs = list(csv.reader(io.StringIO(text, newline=''), strict=True))
    except csv.Error as e:
        return fail('%s: Python csv (strict): %s' % (label, e))
    if ours != theirs:
        return fail('%s: the two readers disagree' % label)
    if not ours:
        return fail('%s: no header' % label)
    header = ours[0]
    if len(set(header)) != len(header) or header[0] != 'record':
        return fail('%s: bad header %r' % (label, header))
    for number, record in enumerate(ours[1:], 2):
        if len(record) != len(header):
            return fail('%s: record %d has %d fields, the header %d'
                        % (label, number, len(record), len(header)))
        if not record[0]:
            return fail('%s: record %d has no record type' % (label, number))
    return 0


def check_csv(numaplan, scenario, goldens):
    status = 0
    checked = 0
    for path in goldens:
        status |= check_csv_text(path, open(path, 'rb').read())
        checked += 1
    for args in (['capacity', scenario, '--flavor', 'm1.small', '--flavor', 'v2.large'],
                 ['failover', scenario],
                 ['compare', scenario, '--set', 'numa_spanning=false'],
                 ['run', scenario]):
        run = subprocess.run([numaplan] + args + ['--format', 'csv'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if run.returncode != 0:
            status |= fail('%s: exit %d: %s' % (' '.join(args), run.returncode,
                                               run.stderr.decode()))
            continue
        status |= check_csv_text(' '.join(args[:1]) + ' --format csv', run.stdout)
        checked += 1
    # the writer's quoting: a name with a comma, quotes and a line break
    sample = b'record,name\r\nvm,"a,b ""c""\r\nd"\r\n'
    status |= check_csv_text('quoting sample', sample)
    print('%d CSV documents read back' % checked)
    return status


def expand(paths, suffix):
    """Files as given, and every *suffix file under a directory given."""
    out = []
    for path in paths:
        if os.path.isdir(path):
            for top, _, names in sorted(os.walk(path)):
                out += [os.path.join(top, n) for n in sorted(names) if n.endswith(suffix)]
        else:
            out.append(path)
    return out


def main(argv):
    if len(argv) >= 5 and argv[1] == 'junit':
        return check_junit(argv[2], argv[3], argv[4], expand(argv[5:], '.junit.xml'))
    if len(argv) >= 4 and argv[1] == 'csv':
        return check_csv(argv[2], argv[3], expand(argv[4:], '.csv'))
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
