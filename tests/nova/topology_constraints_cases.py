#!/usr/bin/python3
"""Turn the table of Nova's own unit test
NUMATopologyTest.test_topology_constraints (nova/tests/unit/virt/
test_hardware.py, Zed) into `numaplan resolve` cases.

Usage:
  topology_constraints_cases.py > topology-constraints.cases.jsonl
  topology_constraints_cases.py --check topology-constraints.nova.jsonl

The first form writes one case per table row ("nova-tc-NN", NN = row index
from 00) to stdout and reports on stderr each row it had to skip and why.
The second form re-reads the table and checks that the oracle's recorded
answers agree with what Nova's unit test expects (None / exception class /
cells), exiting 1 on a disagreement.

The table is read without importing the test module (which needs test-only
packages): the `testdata = [...]` assignment is located with `ast` and only
that expression is evaluated, with nothing but nova's `objects`,
`exception` and `objects.fields` in scope and no builtins except `set`.
Needs Debian's python3-nova, so run it with /usr/bin/python3.
"""
import ast
import json
import os
import sys

TEST_FILE = os.environ.get(
    'NOVA_TEST_HARDWARE',
    '/usr/lib/python3/dist-packages/nova/tests/unit/virt/test_hardware.py')

HOST = {'cells': [{'id': 0, 'cpus': list(range(0, 8)), 'memory_mb': 8192,
                   'used_cpus': 0, 'used_memory_mb': 0},
                  {'id': 1, 'cpus': list(range(8, 16)), 'memory_mb': 8192,
                   'used_cpus': 0, 'used_memory_mb': 0}],
        'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0}

CONFIG = {'image_conflict': 'reject', 'max_vnuma_vcpus': 0,
          'max_vnuma_memory_mb': 0, 'dynamic_memory_ratio': 1.0,
          'packing_host_numa_cells_allocation_strategy': False}


def load_table():
    from nova import exception
    from nova import objects
    from nova.objects import fields
    objects.register_all()

    src = open(TEST_FILE).read()
    tree = ast.parse(src)
    node = None
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef) and cls.name == 'NUMATopologyTest':
            for fn in cls.body:
                if (isinstance(fn, ast.FunctionDef) and
                        fn.name == 'test_topology_constraints'):
                    for stmt in fn.body:
                        if (isinstance(stmt, ast.Assign) and
                                getattr(stmt.targets[0], 'id', None) ==
                                'testdata'):
                            node = stmt.value
                            break
    if node is None:
        raise SystemExit('testdata table not found in %s' % TEST_FILE)
    code = compile(ast.Expression(node), TEST_FILE, 'eval')
    env = {'__builtins__': {'set': set}, 'objects': objects,
           'exception': exception, 'fields': fields}
    return eval(code, env), node.lineno  # noqa: S307 - restricted scope


def row_to_case(i, row):
    """Return (case, None) or (None, reason)."""
    fl = row['flavor']
    # flavor.name only appears in FlavorImageConflict messages, which
    # numa_get_constraints never raises, so it is dropped (the oracle uses
    # its own default name)
    extra = set(fl.obj_what_changed()) - {'vcpus', 'memory_mb',
                                          'extra_specs', 'name'}
    if 'name' in fl.obj_what_changed():
        sys.stderr.write('row %02d: flavor name %r dropped (does not affect '
                         'numa_get_constraints)\n' % (i, fl.name))
    if extra:
        return None, 'flavor sets fields we cannot express: %s' % \
            sorted(extra)
    specs = dict(fl.extra_specs)
    if not all(isinstance(v, str) for v in specs.values()):
        return None, 'non-string extra spec value'
    image = row['image']
    if set(image) - {'properties'}:
        return None, 'image has keys besides properties: %s' % \
            sorted(set(image) - {'properties'})
    props = dict(image.get('properties') or {})
    for k, v in props.items():
        if not isinstance(v, (str, int, float, bool)):
            return None, 'image property %s is a %s' % (k, type(v).__name__)
    case = {'id': 'nova-tc-%02d' % i,
            'flavor': {'vcpus': fl.vcpus, 'memory_mb': fl.memory_mb,
                       'extra_specs': specs},
            'image': {'properties': props},
            'host': HOST, 'config': CONFIG}
    return case, None


def describe_expect(exp):
    if exp is None:
        return 'None'
    if isinstance(exp, type):
        return exp.__name__
    return 'topology %s' % [
        (sorted(c.cpuset), sorted(c.pcpuset), c.memory) for c in exp.cells]


def check(path):
    table, _ = load_table()
    results = {}
    for line in open(path):
        if line.strip():
            r = json.loads(line)
            results[r['id']] = r
    bad = 0
    checked = 0
    for i, row in enumerate(table):
        cid = 'nova-tc-%02d' % i
        if cid not in results:
            continue
        checked += 1
        r = results[cid]['constraints']
        exp = row['expect']
        if exp is None:
            ok = r.get('ok') and r.get('topology') is None
        elif isinstance(exp, type):
            ok = (not r.get('ok') and
                  r['error']['class'] == exp.__name__)
        else:
            cells = (r.get('topology') or {}).get('cells') if r.get('ok') \
                else None
            ok = cells is not None and len(cells) == len(exp.cells) and all(
                c['id'] == e.id and c['cpuset'] == sorted(e.cpuset) and
                c['pcpuset'] == sorted(e.pcpuset) and
                c['memory_mb'] == e.memory and
                c['pagesize'] == e.pagesize
                for c, e in zip(cells, exp.cells))
        if not ok:
            bad += 1
            sys.stderr.write('%s: nova test expects %s, oracle says %s\n' %
                             (cid, describe_expect(exp), json.dumps(r)))
    sys.stderr.write('checked %d rows against Nova\'s test table: %d '
                     'disagree\n' % (checked, bad))
    return 1 if bad else 0


def main(argv):
    if len(argv) > 2 and argv[1] == '--check':
        return check(argv[2])
    table, lineno = load_table()
    n_ok = 0
    for i, row in enumerate(table):
        case, reason = row_to_case(i, row)
        if case is None:
            sys.stderr.write('skipped row %02d: %s\n' % (i, reason))
            continue
        n_ok += 1
        sys.stdout.write(json.dumps(case, sort_keys=True) + '\n')
    sys.stderr.write('%d of %d rows of test_topology_constraints (table at '
                     '%s:%d) written\n' % (n_ok, len(table),
                                           os.path.basename(TEST_FILE),
                                           lineno))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
