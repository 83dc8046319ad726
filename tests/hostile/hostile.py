#!/usr/bin/env python3
"""An independent hostile corpus (tests/hostile): every input kind numaplan
reads — scenario YAML, topology_file JSON, import --from-json/--from-nova,
resolve JSON Lines, merge documents, plans and apply journals — fed deep nesting, alias bombs, huge
numbers, NUL, invalid UTF-8, odd UTF-16, FIFOs and devices, giant keys,
10^5 keys in one object, very long lines, more elements than a limit.

Each case must exit 2 with a positioned message (PATH:LINE:COLUMN: …, or
PATH: … where a file has no line to point at), within 20 s and under a
1 GiB address-space limit (prlimit --as).

Usage: hostile.py NUMAPLAN WORKDIR [CASE…]
Inputs are generated into WORKDIR (several are megabytes: they do not
belong in the repository); the small ones are also kept in tests/hostile/
as files.
"""
import os
import re
import resource
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT_S = 20
MEMORY_BYTES = 1 << 30


def scenario_with(body):
    return 'numaplan: 1\n' + body


def flavors_with_specs(n):
    lines = ['numaplan: 1', 'flavors:', '  f:', '    vcpus: 1', '    memory_mb: 1',
             '    extra_specs:']
    lines += ['      k%d: v' % i for i in range(n)]
    return '\n'.join(lines) + '\n'


def topology_host(name):
    return scenario_with('hosts:\n  - name: hv\n    topology_file: %s\n' % name)


def ps_node(i):
    return ('{"NodeId": %d, "ProcessorsAvailability": [0, 0], "MemoryTotal": 4096, '
            '"MemoryAvailable": 4096}' % i)


def case_line(extra=''):
    return ('{"id": 1, "flavor": {"vcpus": 2, "memory_mb": 2048, "extra_specs": {%s}}}' % extra)


# name: (input files {name: bytes or generator}, argv after numaplan, where
# the message goes ('stderr' or 'stdout'), regex for its first line)
POS = r'[^:\s]+:\d+:\d+: '


def cases():
    c = {}
    # --- scenario YAML
    c['yaml-deep-flow'] = ({'s.yaml': 'numaplan: 1\nname: ' + '[' * 10000 + ']' * 10000 + '\n'},
                           ['check', 's.yaml'], 'stderr',
                           POS + r'nesting exceeds the limit of 64 levels')
    c['yaml-deep-block'] = ({'s.yaml': 'numaplan: 1\nx:\n' + ''.join(
        ' ' * i + '- \n' for i in range(1, 200))},
        ['check', 's.yaml'], 'stderr', POS + r'nesting exceeds the limit of 64 levels')
    laughs = ['numaplan: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    for i in range(1, 10):
        laughs.append('a%d: &a%d [%s]' % (i, i, ', '.join(['*a%d' % (i - 1)] * 10)))
    c['yaml-billion-laughs'] = ({'s.yaml': '\n'.join(laughs) + '\n'}, ['check', 's.yaml'],
                                'stderr', POS + r'alias expansion exceeds the limit of 10000 nodes')
    c['yaml-alias-text'] = ({'s.yaml': 'numaplan: 1\na: &a "' + 'x' * (8 << 20) + '"\nb: [' +
                             ', '.join(['*a'] * 10) + ']\n'},
                            ['check', 's.yaml'], 'stderr',
                            POS + r'alias expansion exceeds the limit of 64 MiB of text')
    c['yaml-huge-integer'] = ({'s.yaml': scenario_with(
        'hosts:\n  - {name: h, nodes: [{id: 0, cpus: 1, memory_mb: ' + '9' * 5000 + '}]}\n')},
        ['check', 's.yaml'], 'stderr', POS + r'.*memory_mb')
    c['yaml-count-over-limit'] = ({'s.yaml': scenario_with(
        'hosts:\n  - {name: h, nodes: [{id: 0, cpus: 1, memory_mb: 1}]}\n'
        'flavors:\n  f: {vcpus: 1, memory_mb: 1}\n'
        'events:\n  - boot: {name: v, flavor: f, count: 1000001}\n')},
        ['check', 's.yaml'], 'stderr', POS + r'.*1000000')
    c['yaml-nul'] = ({'s.yaml': b'numaplan: 1\nname: a\x00b\n'}, ['check', 's.yaml'], 'stderr',
                     POS + r'.*NUL')
    c['yaml-invalid-utf8'] = ({'s.yaml': b'numaplan: 1\nname: \xc3\x28\n'},
                              ['check', 's.yaml'], 'stderr', POS + r'.*UTF-8')
    c['yaml-utf16-lone-surrogate'] = ({'s.yaml': b'\xff\xfe' + 'numaplan: 1\nname: '.encode(
        'utf-16-le') + b'\x00\xd8' + '\n'.encode('utf-16-le')},
        ['check', 's.yaml'], 'stderr', POS)
    c['yaml-utf16-odd-length'] = ({'s.yaml': b'\xff\xfe' + 'numaplan: 1\n'.encode('utf-16-le') +
                                   b'x'}, ['check', 's.yaml'], 'stderr', POS)
    c['yaml-giant-key'] = ({'s.yaml': 'numaplan: 1\n' + 'k' * (4 << 20) + ': 1\n'},
                           ['check', 's.yaml'], 'stderr', POS)
    c['yaml-100k-keys'] = ({'s.yaml': flavors_with_specs(100000)}, ['check', 's.yaml'], 'stderr',
                           POS + r'a mapping exceeds the limit of 65536 keys')
    c['yaml-long-line'] = ({'s.yaml': 'numaplan: 1\nx: ' + 'x' * (32 << 20) + '\n'},
                           ['check', 's.yaml'], 'stderr', POS + "unknown key 'x'")
    # files over a size limit: sparse, refused before a byte is read
    c['yaml-over-64-mib'] = ({'s.yaml': ('sparse', (64 << 20) + 1)}, ['check', 's.yaml'],
                             'stderr', r's\.yaml:1:1: the file exceeds the limit of 64 MiB')
    c['topology-over-64-mib'] = ({'s.yaml': topology_host('t.json'),
                                  't.json': ('sparse', (64 << 20) + 1)}, ['check', 's.yaml'],
                                 'stderr', r's\.yaml:4:20: cannot read topology file .*'
                                 r'exceeds the limit of 64 MiB')
    c['import-over-64-mib'] = ({'t.json': ('sparse', (64 << 20) + 1)},
                               ['import', '--from-json', 't.json', '--name', 'h'], 'stderr',
                               r't\.json: .*exceeds the limit of 64 MiB')
    c['merge-over-256-mib'] = ({'p.json': ('sparse', (256 << 20) + 1)}, ['merge', 'p.json'],
                               'stderr', r'p\.json: the file exceeds the limit of 256 MiB')
    c['merge-dev-zero'] = ({}, ['merge', '/dev/zero'], 'stderr', r'/dev/zero: not a regular file')
    c['yaml-too-many-events'] = ({'s.yaml': scenario_with('events:\n' + '  - restart: v\n' *
                                                          1000001)},
                                 ['check', 's.yaml'], 'stderr',
                                 POS + r'the events exceed the limit of 1000000')
    c['yaml-fifo'] = ({'s.yaml': 'fifo'}, ['check', 's.yaml'], 'stderr',
                      r's\.yaml: .*not a regular file')
    c['yaml-directory'] = ({}, ['check', '.'], 'stderr', r'\.: .*Is a directory')
    c['yaml-missing'] = ({}, ['check', 'missing.yaml'], 'stderr',
                         r'missing\.yaml: .*No such file')
    # --- topology_file
    c['topology-fifo'] = ({'s.yaml': topology_host('t.json'), 't.json': 'fifo'},
                          ['check', 's.yaml'], 'stderr',
                          r's\.yaml:4:20: cannot read topology file .*not a regular file')
    c['topology-dev-zero'] = ({'s.yaml': topology_host('/dev/zero')}, ['check', 's.yaml'],
                              'stderr', r's\.yaml:4:20: .*not a regular file')
    c['topology-dev-urandom'] = ({'s.yaml': topology_host('/dev/urandom')},
                                 ['check', 's.yaml'], 'stderr', r's\.yaml:4:20: .*not a regular')
    c['topology-deep'] = ({'s.yaml': topology_host('t.json'), 't.json': '[' * 100000},
                          ['check', 's.yaml'], 'stderr',
                          r't\.json:1:65: nesting exceeds the limit of 64 levels')
    c['topology-many-values'] = ({'s.yaml': topology_host('t.json'),
                                  't.json': '[' + ','.join(['0'] * (16 << 20)) + ']'},
                                 ['check', 's.yaml'], 'stderr',
                                 r't\.json:1:\d+: the document exceeds the limit of 1000000 values')
    c['topology-many-nodes'] = ({'s.yaml': topology_host('t.json'),
                                 't.json': '[' + ','.join(ps_node(i) for i in range(300000)) + ']'},
                                ['check', 's.yaml'], 'stderr',
                                r't\.json:1:\d+: the document exceeds the limit of 1000000 values')
    c['topology-100k-keys'] = ({'s.yaml': topology_host('t.json'), 't.json': '{' + ','.join(
        '"k%d": 0' % i for i in range(100000)) + '}'}, ['check', 's.yaml'], 'stderr',
        r't\.json:1:\d+: an object exceeds the limit of 65536 keys')
    c['topology-huge-number'] = ({'s.yaml': topology_host('t.json'), 't.json': '[{"NodeId": 0, '
                                  '"ProcessorsAvailability": [0], "MemoryTotal": 1' + '0' * 400 +
                                  ', "MemoryAvailable": 0}]'}, ['check', 's.yaml'], 'stderr',
                                 r't\.json:\d+:\d+: ')
    c['topology-nul-escape'] = ({'s.yaml': topology_host('t.json'),
                                 't.json': '[{"NodeId\\u0000": 0}]'}, ['check', 's.yaml'], 'stderr',
                                r't\.json:\d+:\d+: ')
    c['topology-utf16-no-bom'] = ({'s.yaml': topology_host('t.json'),
                                   't.json': ps_node(0).encode('utf-16-le')},
                                  ['check', 's.yaml'], 'stderr', r't\.json:\d+:\d+: ')
    # --- import
    c['import-json-fifo'] = ({'t.json': 'fifo'}, ['import', '--from-json', 't.json', '--name', 'h'],
                             'stderr', r't\.json: .*not a regular file')
    c['import-json-deep'] = ({'t.json': '{"a":' * 5000}, ['import', '--from-json', 't.json',
                                                          '--name', 'h'], 'stderr',
                             r't\.json:1:\d+: nesting exceeds the limit of 64 levels')
    c['import-nova-many-values'] = ({'n.json': '{"cells": [' + ','.join(['1'] * 2000000) + ']}'},
                                    ['import', '--from-nova', 'n.json', '--name', 'h'], 'stderr',
                                    r'n\.json:1:\d+: the document exceeds the limit of 1000000 values')
    c['import-nova-dev-zero'] = ({}, ['import', '--from-nova', '/dev/zero', '--name', 'h'],
                                 'stderr', r'/dev/zero: .*not a regular file')
    # --- resolve (answers on stdout, exit 2)
    c['resolve-long-line'] = ({'c.jsonl': case_line('"x": "' + 'a' * (2 << 20) + '"') + '\n'},
                              ['resolve', '--input', 'c.jsonl'], 'stdout',
                              r'c\.jsonl:1:\d+: the line exceeds the limit of 1048576 bytes')
    c['resolve-nul'] = ({'c.jsonl': (case_line() + '\x00' + case_line() + '\n').encode()},
                        ['resolve', '--input', 'c.jsonl'], 'stdout',
                        r'c\.jsonl:1:\d+: NUL byte in a line')
    c['resolve-100k-keys'] = ({'c.jsonl': case_line(','.join('"k%d": "v"' % i
                                                                for i in range(100000))) + '\n'},
                              ['resolve', '--input', 'c.jsonl'], 'stdout',
                              r'c\.jsonl:1:\d+: the line exceeds the limit of 1048576 bytes')
    c['resolve-keys-limit'] = ({'c.jsonl': case_line(','.join('"%x":1' % i
                                                                 for i in range(70000))) + '\n'},
                               ['resolve', '--input', 'c.jsonl'], 'stdout',
                               r'c\.jsonl:1:\d+: an object exceeds the limit of 65536 keys')
    c['resolve-deep'] = ({'c.jsonl': '[' * 100 + ']' * 100 + '\n'},
                         ['resolve', '--input', 'c.jsonl'], 'stdout',
                         r'c\.jsonl:1:65: nesting exceeds the limit of 64 levels')
    c['resolve-invalid-utf8'] = ({'c.jsonl': b'{"id": "\xff"}\n'}, ['resolve', '--input', 'c.jsonl'],
                                 'stdout', r'not valid UTF-8')
    c['resolve-fifo'] = ({'c.jsonl': 'fifo'}, ['resolve', '--input', 'c.jsonl'], 'stderr',
                         r'c\.jsonl: not a regular file')
    c['resolve-huge-number'] = ({'c.jsonl': '{"id": 1, "flavor": {"vcpus": 1' + '0' * 5000 +
                                 ', "memory_mb": 1}}\n'}, ['resolve', '--input', 'c.jsonl'],
                                'stdout', r'"error":')
    # --- merge
    c['merge-deep'] = ({'p.json': '[' * 1000}, ['merge', 'p.json'], 'stderr',
                       r'p\.json:1:65: nesting exceeds the limit of 64 levels')
    c['merge-fifo'] = ({'p.json': 'fifo'}, ['merge', 'p.json'], 'stderr', r'p\.json: ')
    c['merge-trials-over-limit'] = ({'p.json': '{"numaplan": 1, "sweep": {"scenario": "s", '
                                     '"sha256": "x", "seed": 1, "trials": 100001, '
                                     '"horizon_hours": 1, "warmup_hours": 0, "shard": null}, '
                                     '"trials": []}'}, ['merge', 'p.json'], 'stderr',
                                    r'p\.json: .*exceeds the limit of 100000 trials')
    c['merge-invalid-utf8'] = ({'p.json': b'{"numaplan": "\xc0\xaf"}'}, ['merge', 'p.json'],
                               'stderr', r'p\.json')
    # --- plan and apply (the plan is read before anything else; the
    # journal before connecting, so the host below is never reached)
    plan = open(os.path.join(HERE, '..', 'golden', 'plan', 'edited.json')).read()
    apply_live = ['apply', 'p.json', '--wsman', 'https://127.0.0.1:9/wsman', '--user', 'u',
                  '--journal', 'j.journal']
    c['plan-over-64-mib'] = ({'p.json': ('sparse', (64 << 20) + 1)},
                             ['apply', '--emit', 'powershell', 'p.json'], 'stderr',
                             r'p\.json: .*exceeds the limit of 64 MiB')
    c['plan-fifo'] = ({'p.json': 'fifo'}, ['apply', '--emit', 'powershell', 'p.json'], 'stderr',
                      r'p\.json: .*not a regular file')
    c['plan-deep'] = ({'p.json': '{"numaplan_plan": ' + '[' * 100000},
                      ['apply', '--emit', 'powershell', 'p.json'], 'stderr',
                      r'p\.json:1:\d+: nesting exceeds the limit of 64 levels')
    c['plan-many-values'] = ({'p.json': '[' + ','.join(['0'] * (16 << 20)) + ']'},
                             ['apply', '--emit', 'powershell', 'p.json'], 'stderr',
                             r'p\.json:1:\d+: the document exceeds the limit of 1000000 values')
    c['journal-over-limit'] = ({'p.json': plan, 'j.journal': ('sparse', (256 << 20) + 1)},
                               apply_live, 'stderr',
                               r'j\.journal: .*exceeds the limit of 256 MiB')
    c['journal-fifo'] = ({'p.json': plan, 'j.journal': 'fifo'}, apply_live, 'stderr',
                         r'j\.journal: .*not a regular file')
    c['journal-garbage'] = ({'p.json': plan, 'j.journal': '\x00' * 100 + '\n{}\n'}, apply_live,
                            'stderr', r'j\.journal:1:1: not a journal line')
    return c


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run(numaplan, workdir, name, case):
    files, args, stream, pattern = case
    here = os.path.join(workdir, name)
    shutil.rmtree(here, ignore_errors=True)
    os.makedirs(here)
    for fname, content in files.items():
        path = os.path.join(here, fname)
        if content == 'fifo':
            os.mkfifo(path)
            continue
        if isinstance(content, tuple):
            with open(path, 'wb') as f:
                f.truncate(content[1])
            continue
        with open(path, 'wb') as f:
            f.write(content.encode() if isinstance(content, str) else content)
    # a password for apply's cases (never used: they stop before connecting)
    env = dict(os.environ, LC_ALL='C', NUMAPLAN_PASSWORD='unused')
    try:
        proc = subprocess.run([numaplan] + args, cwd=here, capture_output=True,
                              timeout=TIMEOUT_S, preexec_fn=limit_memory, env=env)
    except subprocess.TimeoutExpired:
        return 'ran for more than %d s' % TIMEOUT_S
    finally:
        for fname in files:
            path = os.path.join(here, fname)
            if os.path.exists(path) and os.path.getsize(path) > (1 << 20):
                os.unlink(path)
    out = proc.stdout.decode('utf-8', 'replace')
    err = proc.stderr.decode('utf-8', 'replace')
    if proc.returncode != 2:
        return 'exit %d, not 2; stderr: %s' % (proc.returncode, err[:300])
    text = out if stream == 'stdout' else err
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return 'nothing on %s' % stream
    if not any(re.search(pattern, l) for l in lines[:3]):
        return 'no line of %s matches %r: %s' % (stream, pattern, lines[0][:300])
    return None


def main():
    numaplan, workdir = os.path.abspath(sys.argv[1]), sys.argv[2]
    chosen = sys.argv[3:]
    all_cases = cases()
    failed = 0
    for name in sorted(all_cases):
        if chosen and name not in chosen:
            continue
        problem = run(numaplan, workdir, name, all_cases[name])
        print('%s %s%s' % ('ok  ' if problem is None else 'FAIL', name,
                           '' if problem is None else ': ' + problem))
        failed += problem is not None
    print('%d hostile inputs, %d failed' % (len(chosen or all_cases), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
