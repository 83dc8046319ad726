#!/usr/bin/env python3
"""Deterministic generator of `numaplan resolve` differential test cases.

Usage: gen_cases.py [SEED [COUNT]]      (defaults: SEED=1, COUNT=1400)

Writes COUNT JSON Lines to stdout, one case per line, keys sorted.  Each case
is valid input both for `numaplan resolve` (spec/scenario.md, "resolve
cases") and for nova_oracle.py, which records what Nova 26 (Zed) answers.

Case ids are "gen-NNNN-<category>-<variant>"; the category (second dash
field after the number) is what stats.py groups by.  Only the Python standard
library is used; the same SEED and COUNT always give the same bytes.

Hosts are Hyper-V hosts: cells carry only id, cpus, memory_mb, used_cpus and
used_memory_mb (never the oracle's libvirt-only extras).  Extra spec values
are always strings; image property values are strings, or JSON numbers and
booleans the way Glance may hand them over.
"""
import json
import random
import sys

CPU_RATIOS = [1.0, 1.5, 2.0, 4.0, 16.0]
RAM_RATIOS = [0.5, 1.0, 1.5, 2.0]
MEM_CHOICES = [512, 1024, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576,
               32768, 49152, 65536, 98304, 131072, 196608, 262144]
CPU_CHOICES = [1, 2, 4, 6, 8, 10, 12, 16, 20, 24, 28, 32]
MAX_VCPUS = 128
MAX_MEM = 2 * 1024 * 1024          # 2 TiB in MiB


# ------------------------------------------------------------ small helpers

def wchoice(rng, pairs):
    """Weighted choice from [(weight, value), ...]."""
    total = sum(w for w, _ in pairs)
    x = rng.random() * total
    for w, v in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][1]


def parse_cpu_spec(spec):
    """Local copy of nova.virt.hardware.parse_cpu_spec semantics (used only
    to assert that the spec strings generated for *valid* splits denote the
    intended set).  Raises ValueError where nova raises Invalid."""
    inc, rej = set(), set()
    for rule in spec.split(','):
        rule = rule.strip()
        if len(rule) < 1:
            continue
        parts = rule.split('-', 1)
        if len(parts) > 1:
            reject = False
            if parts[0] and parts[0][0] == '^':
                reject = True
                parts[0] = parts[0][1:]
            start, end = [int(p.strip()) for p in parts]
            if start > end:
                raise ValueError(rule)
            (rej if reject else inc).update(range(start, end + 1))
        elif rule[0] == '^':
            rej.add(int(rule[1:].strip()))
        else:
            inc.add(int(rule))
    return inc - rej


def runs(ids):
    """Consecutive runs of a sorted list of ints: [(a, b), ...]."""
    out = []
    for x in sorted(ids):
        if out and out[-1][1] == x - 1:
            out[-1][1] = x
        else:
            out.append([x, x])
    return [tuple(r) for r in out]


def cpu_spec(rng, cpus, quirky=0.15):
    """A random cpu-spec string that nova parses to exactly `cpus`."""
    cpus = sorted(cpus)
    if not cpus:
        return rng.choice(['', ',,', ' ', '0,^0', '1-2,^1-2'])
    style = wchoice(rng, [(3, 'list'), (4, 'ranges'), (2, 'exclude'),
                          (1, 'shuffled')])
    if style == 'list':
        parts = [str(c) for c in cpus]
    elif style == 'shuffled':
        parts = [str(c) for c in cpus]
        rng.shuffle(parts)
    elif style == 'ranges':
        parts = ['%d' % a if a == b else '%d-%d' % (a, b)
                 for a, b in runs(cpus)]
    else:
        lo, hi = cpus[0], cpus[-1]
        missing = sorted(set(range(lo, hi + 1)) - set(cpus))
        parts = ['%d-%d' % (lo, hi)] if hi > lo else ['%d' % lo]
        for a, b in runs(missing):
            parts.append('^%d' % a if a == b else '^%d-%d' % (a, b))
        if rng.random() < 0.3:
            # exclude something outside the set as well (harmless)
            parts.append('^%d' % (hi + rng.randint(1, 5)))
    if rng.random() < quirky:
        q = rng.choice(['spaces', 'commas', 'dup', 'plus', 'zero'])
        if q == 'spaces':
            parts = [' %s ' % p.replace('-', ' - ') for p in parts]
        elif q == 'commas':
            parts = [''] + parts + ['', '']
        elif q == 'dup':
            parts.append(str(rng.choice(cpus)))
        elif q == 'plus':
            parts = [('+' + p) if p[0].isdigit() else p for p in parts]
        elif q == 'zero':
            parts = [('0' + p) if p[0].isdigit() else p for p in parts]
    spec = ','.join(parts)
    assert parse_cpu_spec(spec) == set(cpus), (spec, cpus)
    return spec


def mem_str(rng, mem, quirky=0.1):
    """String form of a MiB count that python int() parses to `mem`."""
    if rng.random() >= quirky:
        return str(mem)
    form = rng.choice(['space', 'plus', 'zero', 'underscore', 'tab'])
    if form == 'space':
        return ' %d ' % mem
    if form == 'plus' and mem >= 0:
        return '+%d' % mem
    if form == 'zero' and mem >= 0:
        return '0%d' % mem
    if form == 'underscore' and mem >= 1000:
        s = str(mem)
        return s[:-3] + '_' + s[-3:]
    if form == 'tab':
        return '\t%d\n' % mem
    return str(mem)


def img_int(rng, value, p_str=0.5):
    """Image property integer: JSON number or string."""
    return str(value) if rng.random() < p_str else value


# ------------------------------------------------------------------ config

def gen_config(rng):
    return {
        'image_conflict': 'reject',
        'max_vnuma_vcpus': 0,
        'max_vnuma_memory_mb': 0,
        'dynamic_memory_ratio': wchoice(rng, [(80, 1.0), (7, 1.5), (7, 2.0),
                                              (6, 3.7)]),
        'packing_host_numa_cells_allocation_strategy': rng.random() < 0.3,
    }


# ------------------------------------------------------------------- hosts

def gen_host(rng, ncells=None, big=False, ties=False):
    n = ncells or wchoice(rng, [(10, 1), (35, 2), (6, 3), (25, 4), (4, 5),
                                (6, 6), (2, 7), (12, 8)])
    if big:
        cpu_counts = [rng.choice([16, 20, 24, 28, 32])] * n
        mems = [rng.choice([131072, 196608, 262144])] * n
    else:
        if rng.random() < 0.75:
            c = (rng.choice(CPU_CHOICES) if rng.random() < 0.8
                 else rng.randint(1, 32))
            cpu_counts = [c] * n
        else:
            cpu_counts = [rng.randint(1, 32) for _ in range(n)]
        if rng.random() < 0.75:
            m = (rng.choice(MEM_CHOICES) if rng.random() < 0.8
                 else rng.randint(512, 262144))
            mems = [m] * n
        else:
            mems = [rng.choice(MEM_CHOICES) if rng.random() < 0.7
                    else rng.randint(512, 262144) for _ in range(n)]

    # logical processor ids, distinct across cells
    layout = wchoice(rng, [(6, 'blocks'), (2, 'interleaved'), (2, 'offset')])
    if layout == 'interleaved' and len(set(cpu_counts)) == 1:
        c = cpu_counts[0]
        lps = [[i + k * n for k in range(c)] for i in range(n)]
    elif layout == 'offset':
        lps, base = [], rng.randint(0, 8)
        for c in cpu_counts:
            lps.append(list(range(base, base + c)))
            base += c + rng.randint(0, 4)
    else:
        lps, base = [], 0
        for c in cpu_counts:
            lps.append(list(range(base, base + c)))
            base += c

    # cell ids
    idmode = wchoice(rng, [(8, 'plain'), (1, 'sparse'), (1, 'shuffled')])
    if idmode == 'sparse':
        ids = sorted(rng.sample(range(16), n))
    else:
        ids = list(range(n))

    ratio_c = wchoice(rng, [(4, 1.0), (2, 1.5), (2, 2.0), (3, 4.0),
                            (2, 16.0)])
    ratio_r = wchoice(rng, [(2, 0.5), (6, 1.0), (3, 1.5), (2, 2.0)])

    usage = wchoice(rng, [(4, 'idle'), (6, 'random'), (2, 'heavy'),
                          (3, 'ties')]) if not ties else 'ties'
    cells = []
    tie_pool = []
    for i in range(n):
        ncpu, mem = cpu_counts[i], mems[i]
        if usage == 'idle':
            uc, um = 0, 0
        elif usage == 'heavy':
            uc = rng.randint(ncpu, int(ncpu * ratio_c) + 4)
            um = rng.choice([mem, rng.randint(mem // 2, int(mem * 1.6)),
                             int(mem * ratio_r)])
        elif usage == 'ties' and tie_pool and rng.random() < 0.7:
            # same cpu_usage and same avail_memory as an earlier cell
            uc, avail = rng.choice(tie_pool)
            um = mem - avail
            if um < 0:
                um = 0
        else:
            uc = wchoice(rng, [(4, 0), (5, rng.randint(0, ncpu)),
                               (1, rng.randint(ncpu, ncpu * 3 + 1))])
            um = wchoice(rng, [(4, 0), (5, rng.randint(0, mem)),
                               (1, mem), (1, rng.randint(mem, mem * 2))])
        if usage == 'ties':
            tie_pool.append((uc, mem - um))
        cells.append({'id': ids[i], 'cpus': lps[i], 'memory_mb': mem,
                      'used_cpus': uc, 'used_memory_mb': um})
    if idmode == 'shuffled':
        rng.shuffle(cells)
    return {'cells': cells, 'cpu_allocation_ratio': ratio_c,
            'ram_allocation_ratio': ratio_r}


def node_size_for_host(rng, host, n):
    """Per-node (vcpus, memory_mb) chosen so that fit and no-fit both
    happen often on `host`."""
    if host is None:
        k = rng.choice([1, 1, 2, 2, 4, 4, 8, 16])
        m = rng.choice([256, 512, 1024, 2048, 4096, 8192, 16384])
        return k, m
    cell = rng.choice(host['cells'])
    ncpu = len(cell['cpus'])
    free_c = max(1, int(ncpu * host['cpu_allocation_ratio'])
                 - cell['used_cpus'])
    k = wchoice(rng, [(5, rng.randint(1, max(1, min(ncpu, free_c)))),
                      (2, rng.randint(1, ncpu)),
                      (1, rng.randint(1, ncpu + 4))])
    mem = cell['memory_mb']
    free_m = int(mem * host['ram_allocation_ratio']) - cell['used_memory_mb']
    base = wchoice(rng, [(2, mem), (3, max(free_m, 256))])
    f = rng.choice([0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.5, 0.6, 0.75,
                    0.9, 1.0, 1.1, 1.3])
    m = max(1, int(base * f))
    r = rng.random()
    if r < 0.55:
        m = max(128, m // 128 * 128)
    elif r < 0.75:
        m |= 1                              # odd per-node memory
    return k, m


def clamp_vm(k, m, n):
    k = max(1, min(k, MAX_VCPUS // n))
    m = max(1, min(m, MAX_MEM // n))
    return k, m


def maybe_host(rng, p=0.85, **kw):
    return gen_host(rng, **kw) if rng.random() < p else None


def flavor(vcpus, memory_mb, specs):
    return {'vcpus': vcpus, 'memory_mb': memory_mb, 'extra_specs': specs}


def noise_specs(rng, specs, p=0.15):
    """Occasionally add keys nova ignores for NUMA purposes."""
    if rng.random() < p:
        k, v = rng.choice([('quota:cpu_shares', '1024'),
                           ('hw:numa_nodez', '2'),
                           ('hw:watchdog_action', 'reset'),
                           ('hw_rng:allowed', 'True'),
                           ('aggregate_instance_extra_specs:ssd', 'true'),
                           ('hw:numa_cpu.0', '0'),
                           ('hw:cpu_policy_x', 'dedicated'),
                           ('os:secure_boot', 'required')])
        specs.setdefault(k, v)
    return specs


# ---------------------------------------------------------------- partitions

def split_even(rng, vcpus, n, mode):
    """n equal-size groups of vcpu ids; mode contiguous/interleaved/random."""
    ids = list(range(vcpus))
    k = vcpus // n
    if mode == 'contiguous':
        return [set(ids[i * k:(i + 1) * k]) for i in range(n)]
    if mode == 'interleaved':
        return [set(ids[i::n]) for i in range(n)]
    rng.shuffle(ids)
    return [set(ids[i * k:(i + 1) * k]) for i in range(n)]


def split_uneven(rng, vcpus, n, allow_empty=True):
    ids = list(range(vcpus))
    rng.shuffle(ids)
    groups = [set() for _ in range(n)]
    if not allow_empty and vcpus >= n:
        for i in range(n):
            groups[i].add(ids.pop())
    for c in ids:
        groups[rng.randrange(n)].add(c)
    return groups


def split_mem_uneven(rng, total, n, allow_zero=True):
    if n == 1:
        return [total]
    cuts = sorted(rng.randint(0 if allow_zero else 1,
                              total if allow_zero else max(1, total - 1))
                  for _ in range(n - 1))
    parts, prev = [], 0
    for c in cuts + [total]:
        parts.append(c - prev)
        prev = c
    return parts


def manual_specs(rng, cpu_groups, mems, prefix='hw:'):
    specs = {}
    for i, g in enumerate(cpu_groups):
        specs['%snuma_cpus.%d' % (prefix, i)] = cpu_spec(rng, g)
    for i, m in enumerate(mems):
        specs['%snuma_mem.%d' % (prefix, i)] = mem_str(rng, m)
    return specs


def image_manual_props(rng, cpu_groups, mems):
    props = {}
    for i, g in enumerate(cpu_groups):
        props['hw_numa_cpus.%d' % i] = cpu_spec(rng, g)
    for i, m in enumerate(mems):
        props['hw_numa_mem.%d' % i] = img_int(rng, m)
    return props


def pick_nodes(rng, host=None):
    if host is not None and rng.random() < 0.85:
        hn = len(host['cells'])
        return wchoice(rng, [(8, rng.randint(1, hn)), (1, hn + 1),
                             (3, min(hn, 2))])
    return wchoice(rng, [(10, 1), (30, 2), (6, 3), (20, 4), (3, 5), (3, 6),
                         (1, 7), (8, 8)])


# --------------------------------------------------------------- categories

def cat_auto(rng):
    host = maybe_host(rng, 0.92)
    n = pick_nodes(rng, host)
    k, m = clamp_vm(*node_size_for_host(rng, host, n), n)
    specs = {'hw:numa_nodes': str(n)}
    v = 'plain'
    if rng.random() < 0.15:
        specs['hw:cpu_policy'] = 'shared'
        v = 'shared'
    if rng.random() < 0.08:
        specs['hw:locked_memory'] = 'false'
        v = 'lockfalse'
    noise_specs(rng, specs)
    return v, flavor(k * n, m * n, specs), None, host


def cat_uneven(rng):
    host = maybe_host(rng, 0.6)
    n = rng.randint(2, 8)
    kind = rng.choice(['cpus', 'mem', 'both', 'toofew'])
    k = rng.randint(1, 8)
    m = rng.choice([512, 1024, 2048, 4096])
    vcpus, mem = k * n, m * n
    if kind in ('cpus', 'both'):
        vcpus += rng.randint(1, n - 1)
    if kind in ('mem', 'both'):
        mem += rng.randint(1, n - 1)
    if kind == 'toofew':
        vcpus = rng.randint(1, n - 1)
    return kind, flavor(min(vcpus, MAX_VCPUS), mem,
                        {'hw:numa_nodes': str(n)}), None, host


BAD_NODES = ['0', '-1', 'two', '', ' 2', '2 ', '02', '1.5', '+2', '-0',
             '00', '0x2', '1e1', '2.0', 'true', 'None', '1,2', '\t1',
             '9' * 20, '-2147483648']


def cat_nodes_bad(rng):
    host = maybe_host(rng, 0.5)
    val = rng.choice(BAD_NODES)
    specs = {'hw:numa_nodes': val}
    v = 'flavor'
    if rng.random() < 0.2:
        # a second trigger makes a topology even when the value is ''
        specs['hw:mem_page_size'] = 'small' if rng.random() < 0.5 else 'any'
        v = 'withpage'
    vcpus = rng.choice([2, 4, 8])
    return v, flavor(vcpus, 1024 * vcpus, specs), None, host


def cat_manual_sym(rng):
    host = maybe_host(rng, 0.9)
    n = pick_nodes(rng, host)
    k, m = clamp_vm(*node_size_for_host(rng, host, n), n)
    mode = rng.choice(['contiguous', 'interleaved', 'random'])
    groups = split_even(rng, k * n, n, mode)
    specs = {'hw:numa_nodes': str(n)}
    specs.update(manual_specs(rng, groups, [m] * n))
    noise_specs(rng, specs, 0.1)
    return mode, flavor(k * n, m * n, specs), None, host


def cat_manual_asym(rng):
    host = maybe_host(rng, 0.9)
    n = rng.randint(2, min(8, len(host['cells']) + 1) if host else 8)
    vcpus = rng.randint(n, min(MAX_VCPUS, 4 * n + 8))
    v = rng.choice(['cpus', 'mem', 'both', 'empty'])
    if v in ('cpus', 'both'):
        groups = split_uneven(rng, vcpus, n, allow_empty=False)
    elif v == 'empty':
        groups = split_uneven(rng, vcpus, n, allow_empty=True)
        groups[rng.randrange(n)] = set()
        # reassign ids so everything stays assigned
        assigned = set().union(*groups)
        left = sorted(set(range(vcpus)) - assigned)
        tgt = [i for i, g in enumerate(groups) if g] or [0]
        for c in left:
            groups[rng.choice(tgt)].add(c)
    else:
        vcpus = (vcpus // n) * n
        groups = split_even(rng, vcpus, n, 'random')
    if host is not None:
        base = rng.choice(host['cells'])['memory_mb']
    else:
        base = rng.choice([1024, 2048, 4096, 8192])
    per = max(1, base // rng.choice([1, 2, 4, 8]))
    if v in ('mem', 'both', 'empty'):
        mems = split_mem_uneven(rng, per * n, n, allow_zero=(v == 'empty'))
        if v == 'empty':
            mems = [0 if not g else x for g, x in zip(groups, mems)]
            total = sum(mems)
            if total == 0:
                mems[[i for i, g in enumerate(groups) if g][0]] = per
    else:
        mems = [per] * n
    specs = {'hw:numa_nodes': str(n)}
    specs.update(manual_specs(rng, groups, mems))
    return v, flavor(vcpus, sum(mems), specs), None, host


BAD_CPU_SPECS = ['1-0', 'a-b', '^x', 'x', '1--2', '-1', '0-', '^', '0-1-2',
                 '3-a', '1.5', '0x1', '^-1', '^1-0']
BAD_MEM = ['abc', '1.5', '', ' ', '1e3', '0x400', '1024MB', '--1', '1 024',
           'None']


def cat_manual_bad(rng):
    host = maybe_host(rng, 0.6)
    n = rng.randint(1, 6)
    k = rng.randint(1, 4)
    m = rng.choice([256, 512, 1024, 2048])
    vcpus, mem = k * n, m * n
    groups = split_even(rng, vcpus, n, rng.choice(['contiguous',
                                                    'interleaved']))
    mems = [m] * n
    kind = wchoice(rng, [(3, 'outofrange'), (3, 'dup'), (3, 'unassigned'),
                         (3, 'memsum'), (4, 'badrange'), (3, 'badmem'),
                         (2, 'negmem'), (2, 'gap'), (2, 'missingmem'),
                         (2, 'missingcpus'), (2, 'extranode'),
                         (2, 'nonodes'), (1, 'onlycpus'), (1, 'onlymem'),
                         (2, 'emptynode'), (1, 'fewernodes')])
    specs = {'hw:numa_nodes': str(n)}
    cpu_strs = [cpu_spec(rng, g) for g in groups]
    mem_strs = [mem_str(rng, x) for x in mems]
    j = rng.randrange(n)
    if kind == 'outofrange':
        extra = vcpus + rng.randint(0, 3)
        cpu_strs[j] = cpu_strs[j] + ',%d' % extra if cpu_strs[j] else \
            str(extra)
    elif kind == 'dup':
        if n == 1:
            kind = 'dupsamenode'                  # same node twice: fine
            cpu_strs[0] += ',%d' % rng.randrange(vcpus)
        else:
            other = (j + 1) % n
            cpu_strs[j] = cpu_spec(rng, groups[j] | {min(groups[other])})
    elif kind == 'unassigned':
        g = set(groups[j])
        drop = rng.sample(sorted(g), rng.randint(1, len(g)))
        cpu_strs[j] = cpu_spec(rng, g - set(drop))
    elif kind == 'memsum':
        delta = rng.choice([-1, 1, -m // 2, m, 1024])
        mem_strs[j] = str(max(0, mems[j] + delta))
    elif kind == 'badrange':
        bad = rng.choice(BAD_CPU_SPECS)
        cpu_strs[j] = rng.choice([bad, cpu_strs[j] + ',' + bad])
    elif kind == 'badmem':
        mem_strs[j] = rng.choice(BAD_MEM)
    elif kind == 'negmem':
        if n >= 2 and rng.random() < 0.6:
            # keep the sum right: one node gets more, another negative
            o = (j + 1) % n
            mem_strs[j] = str(-512)
            mem_strs[o] = str(mems[o] + 512 + mems[j])
        else:
            mem_strs[j] = str(-mems[j])
    elif kind == 'gap':
        # a hole in the indices: nova stops scanning at the first missing
        # index, so the list comes out short
        which = rng.choice(['cpus', 'mem'])
        lst = dict(enumerate(cpu_strs if which == 'cpus' else mem_strs))
        if n >= 2:
            del lst[rng.randrange(n - 1)]
        else:
            lst = {1: lst[0]}
        if which == 'cpus':
            cpu_strs = lst
        else:
            mem_strs = lst
    elif kind == 'missingmem':
        mem_strs = mem_strs[:-1]
    elif kind == 'missingcpus':
        cpu_strs = cpu_strs[:-1]
    elif kind == 'extranode':
        cpu_strs.append(rng.choice(['', str(vcpus)]))
        mem_strs.append('0')
    elif kind == 'nonodes':
        del specs['hw:numa_nodes']
        if rng.random() < 0.4:
            specs['hw:mem_page_size'] = 'any'
    elif kind == 'onlycpus':
        mem_strs = []
    elif kind == 'onlymem':
        cpu_strs = []
    elif kind == 'emptynode':
        # a node with no cpus and no memory: accepted by nova
        cpu_strs.append(rng.choice(['', ',,', ' ']))
        mem_strs.append(rng.choice(['0', '-0', '00']))
        specs['hw:numa_nodes'] = str(n + 1)
    elif kind == 'fewernodes':
        specs['hw:numa_nodes'] = str(n - 1) if n >= 2 else str(n + 1)
    if isinstance(cpu_strs, list):
        cpu_strs = dict(enumerate(cpu_strs))
    if isinstance(mem_strs, list):
        mem_strs = dict(enumerate(mem_strs))
    for i, s in cpu_strs.items():
        specs['hw:numa_cpus.%d' % i] = s
    for i, s in mem_strs.items():
        specs['hw:numa_mem.%d' % i] = s
    return kind, flavor(vcpus, mem, specs), None, host


def cat_mixed_source(rng):
    host = maybe_host(rng, 0.85)
    n = pick_nodes(rng, host)
    k, m = clamp_vm(*node_size_for_host(rng, host, n), n)
    groups = split_even(rng, k * n, n, rng.choice(['contiguous',
                                                    'interleaved']))
    mems = [m] * n
    if rng.random() < 0.2 and n >= 2:
        groups = split_uneven(rng, k * n, n, allow_empty=False)
    v = rng.choice(['flnodes-imgcells', 'flcpus-imgmem', 'imgcpus-flmem',
                    'imgnodes-flcells', 'imgnodes-imgcells-fl0'])
    specs, props = {}, {}
    if v == 'flnodes-imgcells':
        specs['hw:numa_nodes'] = str(n)
        props.update(image_manual_props(rng, groups, mems))
    elif v == 'flcpus-imgmem':
        specs['hw:numa_nodes'] = str(n)
        for i, g in enumerate(groups):
            specs['hw:numa_cpus.%d' % i] = cpu_spec(rng, g)
        for i, x in enumerate(mems):
            props['hw_numa_mem.%d' % i] = img_int(rng, x)
    elif v == 'imgcpus-flmem':
        props['hw_numa_nodes'] = img_int(rng, n)
        for i, g in enumerate(groups):
            props['hw_numa_cpus.%d' % i] = cpu_spec(rng, g)
        for i, x in enumerate(mems):
            specs['hw:numa_mem.%d' % i] = mem_str(rng, x)
    elif v == 'imgnodes-flcells':
        props['hw_numa_nodes'] = img_int(rng, n)
        specs.update(manual_specs(rng, groups, mems))
    else:
        # image 0 is falsy: the flavor count is used
        specs['hw:numa_nodes'] = str(n)
        props['hw_numa_nodes'] = rng.choice([0, '0'])
        props.update(image_manual_props(rng, groups, mems))
    return v, flavor(k * n, m * n, specs), {'properties': props}, host


def cat_image_valid(rng):
    host = maybe_host(rng, 0.85)
    v = wchoice(rng, [(5, 'nodes'), (3, 'manual'), (2, 'shared'),
                      (1, 'dedicated'), (1, 'dedthread'), (1, 'realtime'),
                      (1, 'lockfalse'), (2, 'trait'), (2, 'pagesize'),
                      (1, 'floatmem'), (1, 'boolnodes')])
    n = pick_nodes(rng, host)
    k, m = clamp_vm(*node_size_for_host(rng, host, n), n)
    specs, props = {}, {}
    if v == 'nodes':
        props['hw_numa_nodes'] = img_int(rng, n)
    elif v == 'manual':
        props['hw_numa_nodes'] = img_int(rng, n)
        props.update(image_manual_props(
            rng, split_even(rng, k * n, n, rng.choice(['contiguous',
                                                        'random'])),
            [m] * n))
    elif v == 'shared':
        props['hw_cpu_policy'] = 'shared'
        if rng.random() < 0.7:
            props['hw_numa_nodes'] = img_int(rng, n)
    elif v == 'dedicated':
        props['hw_cpu_policy'] = 'dedicated'
        if rng.random() < 0.5:
            props['hw_numa_nodes'] = img_int(rng, n)
    elif v == 'dedthread':
        props['hw_cpu_policy'] = 'dedicated'
        props['hw_cpu_thread_policy'] = rng.choice(['prefer', 'isolate',
                                                    'require'])
    elif v == 'realtime':
        specs['hw:cpu_realtime'] = 'yes'
        props['hw_cpu_policy'] = rng.choice(['dedicated', 'mixed'])
        props['hw_cpu_realtime_mask'] = rng.choice(['^0', '0', '^0-1', '1'])
        k = max(k, 2)
    elif v == 'lockfalse':
        props['hw_locked_memory'] = rng.choice([False, 'false', 'no', 0])
        props['hw_numa_nodes'] = img_int(rng, n)
    elif v == 'trait':
        props['trait:HW_CPU_HYPERTHREADING'] = 'required'
        if rng.random() < 0.6:
            props['hw_cpu_policy'] = 'dedicated'
    elif v == 'pagesize':
        specs['hw:mem_page_size'] = rng.choice(['large', 'any'])
        props['hw_mem_page_size'] = rng.choice(['small', 'large', '2048',
                                                2048, '2MB', '1GB', 'any'])
    elif v == 'floatmem':
        props['hw_numa_nodes'] = img_int(rng, n)
        props.update({'hw_numa_cpus.%d' % i: cpu_spec(rng, g) for i, g in
                      enumerate(split_even(rng, k * n, n, 'contiguous'))})
        for i in range(n):
            props['hw_numa_mem.%d' % i] = m + rng.choice([0.0, 0.5, 0.99])
    elif v == 'boolnodes':
        props['hw_numa_nodes'] = True
        n = 1
    if v in ('realtime',):
        n = 1
    return v, flavor(k * n, m * n, specs), {'properties': props}, host


def cat_image_bad(rng):
    host = maybe_host(rng, 0.4)
    v = rng.choice(['nodes', 'cpupolicy', 'threadpolicy', 'numamem',
                    'numacpus', 'nodesfloat', 'nodeszero', 'nodesneg',
                    'order', 'cpusint'])
    props = {}
    if v == 'nodes':
        props['hw_numa_nodes'] = rng.choice(['two', '2.0', '1.5', '', 'x2',
                                             '0x2', '1e1'])
    elif v == 'nodesfloat':
        props['hw_numa_nodes'] = rng.choice([2.7, 1.0, 0.5, 4.2, 3.9])
    elif v == 'nodeszero':
        props['hw_numa_nodes'] = rng.choice([0, '0', False, '-0', '00'])
    elif v == 'nodesneg':
        props['hw_numa_nodes'] = rng.choice([-1, '-1', '-8', -2])
    elif v == 'cpupolicy':
        props['hw_cpu_policy'] = rng.choice(['pinned', 'DEDICATED',
                                             'Shared', '', 'isolate', 1,
                                             True])
    elif v == 'threadpolicy':
        props['hw_cpu_thread_policy'] = rng.choice(['garbage', 'Prefer', '',
                                                    'dedicated', 0])
    elif v == 'numamem':
        props['hw_numa_nodes'] = 1
        props['hw_numa_cpus.0'] = '0-3'
        props['hw_numa_mem.0'] = rng.choice(['abc', '1.5', '', '1e3',
                                             '2048MB', '0x800', ' '])
    elif v == 'numacpus':
        props['hw_numa_nodes'] = 1
        props['hw_numa_cpus.0'] = rng.choice(BAD_CPU_SPECS)
        props['hw_numa_mem.0'] = 2048
    elif v == 'cpusint':
        # Glance-style number where nova expects a cpu-spec string:
        # parse_cpu_spec calls .split on it
        props['hw_numa_nodes'] = 1
        props['hw_numa_cpus.0'] = rng.choice([0, 3, 1.0, True])
        props['hw_numa_mem.0'] = 2048
    elif v == 'order':
        # several bad fields: the first in ImageMetaProps field order wins
        pool = [('hw_numa_nodes', 'two'), ('hw_cpu_policy', 'pinned'),
                ('hw_cpu_thread_policy', 'bogus'),
                ('hw_numa_mem.0', 'abc'), ('hw_numa_cpus.0', '1-0'),
                ('hw_locked_memory', 'maybe'), ('hw_mem_page_size', 'huge')]
        for key, val in rng.sample(pool, rng.randint(2, 4)):
            props[key] = val
    return v, flavor(4, 2048, {}), {'properties': props}, host


def cat_conflict(rng):
    host = maybe_host(rng, 0.7)
    key = rng.choice(['numa_nodes', 'numa_cpus', 'numa_mem', 'cpu_policy',
                      'cpu_thread_policy', 'mem_page_size',
                      'cpu_realtime_mask', 'locked_memory', 'numa_nodes0',
                      'numa_nodes0'])
    same = rng.random() < 0.5
    vcpus, mem = 4, 4096
    specs, props = {}, {}
    if key == 'numa_nodes':
        fv = rng.choice(['1', '2', '4'])
        specs['hw:numa_nodes'] = fv
        props['hw_numa_nodes'] = img_int(rng, int(fv) if same else
                                         rng.choice([1, 2, 4]))
    elif key == 'numa_nodes0':
        # falsy values on one side are not a conflict
        specs['hw:numa_nodes'] = rng.choice(['2', '', '0'])
        props['hw_numa_nodes'] = rng.choice([0, '0', 2, '2'])
    elif key == 'numa_cpus':
        specs['hw:numa_nodes'] = '2'
        specs.update({'hw:numa_cpus.0': '0,1', 'hw:numa_cpus.1': '2,3',
                      'hw:numa_mem.0': '2048', 'hw:numa_mem.1': '2048'})
        props.update({'hw_numa_cpus.0': '0,1' if same else '0',
                      'hw_numa_cpus.1': '2,3' if same else '1-3'})
    elif key == 'numa_mem':
        specs['hw:numa_nodes'] = '2'
        specs.update({'hw:numa_cpus.0': '0,1', 'hw:numa_cpus.1': '2,3',
                      'hw:numa_mem.0': '2048', 'hw:numa_mem.1': '2048'})
        props.update({'hw_numa_mem.0': 2048 if same else 1024,
                      'hw_numa_mem.1': '2048' if same else '3072'})
    elif key == 'cpu_policy':
        fv = rng.choice(['shared', 'dedicated', 'mixed'])
        iv = fv if same else rng.choice(['shared', 'dedicated', 'mixed'])
        specs['hw:cpu_policy'] = fv
        props['hw_cpu_policy'] = iv
        if 'mixed' in (fv, iv) and rng.random() < 0.7:
            specs['hw:cpu_dedicated_mask'] = '^0'
        if rng.random() < 0.4:
            specs['hw:numa_nodes'] = '2'
    elif key == 'cpu_thread_policy':
        fv = rng.choice(['prefer', 'isolate', 'require', ''])
        iv = fv if same and fv else rng.choice(['prefer', 'isolate',
                                                'require'])
        specs['hw:cpu_thread_policy'] = fv
        props['hw_cpu_thread_policy'] = iv
        pol = rng.choice(['dedicated', 'dedicated', 'shared', None])
        if pol:
            specs['hw:cpu_policy'] = pol
    elif key == 'mem_page_size':
        vals = ['small', 'large', 'any', '2048', '2MB', '1GB', '4']
        fv = rng.choice(vals)
        iv = fv if same else rng.choice(vals + ['garbage'])
        specs['hw:mem_page_size'] = fv
        props['hw_mem_page_size'] = (int(iv) if iv.isdigit() and
                                     rng.random() < 0.4 else iv)
    elif key == 'cpu_realtime_mask':
        specs['hw:cpu_realtime'] = 'yes'
        specs['hw:cpu_policy'] = rng.choice(['dedicated', 'mixed'])
        fv = rng.choice(['^0', '^0-1', '1-3'])
        specs['hw:cpu_realtime_mask'] = fv
        props['hw_cpu_realtime_mask'] = fv if same else rng.choice(
            ['^1', '0', '^0-3', '2-3', '0-7'])
    elif key == 'locked_memory':
        fv = rng.choice(['true', 'false', 'yes', 'no'])
        specs['hw:locked_memory'] = fv
        truth = fv in ('true', 'yes')
        props['hw_locked_memory'] = (rng.choice([truth, str(truth).lower()])
                                     if same else
                                     rng.choice([not truth,
                                                 str(not truth).lower()]))
        if rng.random() < 0.6:
            specs['hw:mem_page_size'] = rng.choice(['large', 'small'])
    tag = key + ('-same' if same else '-diff')
    return tag, flavor(vcpus, mem, specs), {'properties': props}, host


POLICY_TEMPLATES = [
    # (tag, flavor extra specs, image properties); {v} = vcpus - 1
    ('rt-shared', {'hw:cpu_realtime': 'yes', 'hw:cpu_realtime_mask': '^0'},
     None),
    ('rt-sharedpol', {'hw:cpu_policy': 'shared', 'hw:cpu_realtime': 'true',
                      'hw:cpu_realtime_mask': '0'}, None),
    ('rt-allmask', {'hw:cpu_policy': 'dedicated', 'hw:cpu_realtime': 'yes',
                    'hw:cpu_realtime_mask': '0-{v}'}, None),
    ('rt-nomask', {'hw:cpu_policy': 'dedicated', 'hw:cpu_realtime': 'yes'},
     None),
    ('rt-nomask-emuiso', {'hw:cpu_policy': 'dedicated',
                          'hw:cpu_realtime': 'yes',
                          'hw:emulator_threads_policy': 'isolate'}, None),
    ('rt-ok', {'hw:cpu_policy': 'dedicated', 'hw:cpu_realtime': 'yes',
               'hw:cpu_realtime_mask': '^0'}, None),
    ('rt-mixed', {'hw:cpu_policy': 'mixed', 'hw:cpu_realtime': 'yes',
                  'hw:cpu_realtime_mask': '^0'}, None),
    ('pin-forbidden', {'hw:cpu_policy': 'shared'},
     {'hw_cpu_policy': 'dedicated'}),
    ('pin-forbidden-mixed', {'hw:cpu_policy': 'mixed',
                             'hw:cpu_dedicated_mask': '^0'},
     {'hw_cpu_policy': 'dedicated'}),
    ('img-mixed', {'hw:cpu_dedicated_mask': '0'}, {'hw_cpu_policy': 'mixed'}),
    ('emu-iso-shared', {'hw:emulator_threads_policy': 'isolate'}, None),
    ('emu-bad', {'hw:emulator_threads_policy': 'bogus'}, None),
    ('thread-bad', {'hw:cpu_policy': 'dedicated',
                    'hw:cpu_thread_policy': 'bogus'}, None),
    ('thread-empty', {'hw:cpu_policy': 'dedicated',
                      'hw:cpu_thread_policy': ''}, None),
    ('thread-noded', {'hw:cpu_thread_policy': 'isolate'}, None),
    ('thread-img-noded', {}, {'hw_cpu_thread_policy': 'require'}),
    ('mixed-nomask', {'hw:cpu_policy': 'mixed'}, None),
    ('mixed-bothmasks', {'hw:cpu_policy': 'mixed', 'hw:cpu_realtime': 'yes',
                         'hw:cpu_realtime_mask': '^0',
                         'hw:cpu_dedicated_mask': '^0'}, None),
    ('mask-dedicated', {'hw:cpu_policy': 'dedicated',
                        'hw:cpu_dedicated_mask': '^0'}, None),
    ('mask-shared', {'hw:cpu_dedicated_mask': '0'}, None),
    ('mask-all', {'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '0-{v}'},
     None),
    ('mixed-ok', {'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '^0'},
     None),
    ('res-both', {'resources:VCPU': '1', 'resources1:PCPU': '2'}, None),
    ('res-with-policy', {'resources:PCPU': '{n}',
                         'hw:cpu_policy': 'dedicated'}, None),
    ('res-img-policy', {'resources:VCPU': '{n}'},
     {'hw_cpu_policy': 'shared'}),
    ('trait-thread', {'hw:cpu_policy': 'dedicated',
                      'hw:cpu_thread_policy': 'prefer',
                      'trait:HW_CPU_HYPERTHREADING': 'required'}, None),
    ('trait-img-thread', {'hw:cpu_policy': 'dedicated',
                          'hw:cpu_thread_policy': 'isolate'},
     {'trait:HW_CPU_HYPERTHREADING': 'required'}),
    ('pol-bad', {'hw:cpu_policy': 'pinned'}, None),
    ('pol-img-shared-numa', {'hw:numa_nodes': '1'},
     {'hw_cpu_policy': 'shared'}),
]


def cat_policy(rng):
    if rng.random() < 0.6:
        host = maybe_host(rng, 0.5)
        vcpus = rng.choice([2, 4, 4, 6, 8])
        tag, specs, props = rng.choice(POLICY_TEMPLATES)
        fmt = {'v': vcpus - 1, 'n': vcpus}
        specs = {k: v.format(**fmt) for k, v in specs.items()}
        image = ({'properties': dict(props)} if props is not None
                 else None)
        if rng.random() < 0.3:
            specs['hw:numa_nodes'] = rng.choice(['1', '2'])
        return 't-' + tag, flavor(vcpus, 1024 * vcpus, specs), image, host
    host = maybe_host(rng, 0.5)
    vcpus = rng.choice([1, 2, 4, 4, 6, 8])
    specs = {}
    pol = wchoice(rng, [(3, None), (2, 'shared'), (4, 'dedicated'),
                        (3, 'mixed'), (1, 'garbage'), (1, 'Dedicated')])
    if pol:
        specs['hw:cpu_policy'] = pol
    if rng.random() < 0.35:
        specs['hw:cpu_thread_policy'] = rng.choice(
            ['prefer', 'isolate', 'require', 'garbage', ''])
    if rng.random() < 0.25:
        specs['hw:emulator_threads_policy'] = rng.choice(
            ['share', 'isolate', 'garbage', ''])
    if rng.random() < 0.3:
        specs['hw:cpu_realtime'] = rng.choice(['yes', 'true', 'no', '1',
                                               'garbage'])
        if rng.random() < 0.8:
            specs['hw:cpu_realtime_mask'] = rng.choice(
                ['^0', '0', '^0-1', '0-%d' % (vcpus - 1), '0-%d' % vcpus,
                 '', 'x', '^%d' % vcpus])
    if rng.random() < 0.35:
        specs['hw:cpu_dedicated_mask'] = rng.choice(
            ['^0', '0', '0-1', '^0-%d' % (vcpus - 1), '%d' % vcpus, '',
             '0-%d' % (vcpus - 1), 'a', '^1'])
    if rng.random() < 0.3:
        r = rng.choice(['vcpu', 'pcpu', 'pcpu1', 'pcpusplit', 'both',
                        'pcpumismatch', 'pcpuiso', 'garbage'])
        if r == 'vcpu':
            specs['resources:VCPU'] = str(vcpus)
        elif r == 'pcpu':
            specs['resources:PCPU'] = str(vcpus)
        elif r == 'pcpu1':
            specs['resources1:PCPU'] = str(vcpus)
        elif r == 'pcpusplit' and vcpus >= 2:
            specs['resources:PCPU'] = str(vcpus // 2)
            specs['resources2:PCPU'] = str(vcpus - vcpus // 2)
        elif r == 'both':
            specs['resources:VCPU'] = '1'
            specs['resources1:PCPU'] = str(vcpus)
        elif r == 'pcpumismatch':
            specs['resources:PCPU'] = str(vcpus + rng.choice([-1, 1, 2]))
        elif r == 'pcpuiso':
            specs['resources:PCPU'] = str(vcpus + 1)
            specs['hw:emulator_threads_policy'] = 'isolate'
        else:
            specs['resources:PCPU'] = rng.choice(['abc', '', '0'])
    if rng.random() < 0.2:
        specs['trait:HW_CPU_HYPERTHREADING'] = rng.choice(
            ['required', 'forbidden', 'garbage'])
    if rng.random() < 0.3:
        specs['hw:numa_nodes'] = rng.choice(['1', '2'])
    tag = (pol or 'nopol').lower()
    return tag, flavor(vcpus, 1024 * vcpus, specs), None, host


PAGE_VALUES = ['small', 'large', 'any', '4', '2048', '1048576', '2MB', '2MiB',
               '4KB', '4KiB', '1GB', '1GiB', '0', 'garbage', 'SMALL', '2mb',
               '2M', '2Mb', '1.5KB', '0.5KB', '0B', '-2MB', '+2MB', '.5MB',
               '4096B', '16Kb', ' 2048', '2048 ', '1kB', '3Kb', '1TB', '2 MB',
               '00', '1e3B', '-1', '']


def cat_pagesize(rng):
    host = maybe_host(rng, 0.7)
    specs, props = {}, {}
    v = wchoice(rng, [(6, 'flavor'), (2, 'image'), (2, 'locked'),
                      (1, 'nodes')])
    specs['hw:mem_page_size'] = rng.choice(PAGE_VALUES)
    if v == 'image':
        props['hw_mem_page_size'] = rng.choice(['small', 'large', '2048',
                                                '2MB', 'garbage', 2048, ''])
        if rng.random() < 0.2:
            del specs['hw:mem_page_size']
    elif v == 'locked':
        specs['hw:locked_memory'] = rng.choice(['true', 'false', 'garbage',
                                                'True', '1'])
        if rng.random() < 0.3:
            del specs['hw:mem_page_size']
    elif v == 'nodes':
        specs['hw:numa_nodes'] = '2'
    vcpus = rng.choice([1, 2, 4, 8])
    return v, flavor(vcpus, 1024 * vcpus, specs), \
        ({'properties': props} if props else None), host


def cat_misc(rng):
    host = maybe_host(rng, 0.8)
    v = wchoice(rng, [(4, 'plain'), (2, 'unknown'), (2, 'pmem'),
                      (2, 'locked'), (2, 'sharedonly'), (2, 'emptyimage'),
                      (1, 'lockedimg')])
    specs, image = {}, None
    vcpus = rng.randint(1, 16)
    mem = rng.choice([1, 3, 127, 512, 1000, 1024, 1025, 2048, 4095, 4096,
                      8191, 16384, 2097151, 2097152])
    if v == 'unknown':
        specs.update({'hw:numa_nodez': '2', 'quota:cpu_shares': '2048',
                      'hw:numa_cpus': '0-1', 'hw:numa_mem': '1024',
                      'hw:cpu_polcy': 'dedicated'})
    elif v == 'pmem':
        specs['hw:pmem'] = rng.choice(['4GB', '4GB,16GB', ',,', ' ', '',
                                       ' ,SMALL'])
    elif v == 'locked':
        specs['hw:locked_memory'] = rng.choice(['true', 'false', 'garbage',
                                                'yes', 'off'])
        if rng.random() < 0.4:
            specs['hw:mem_page_size'] = 'large'
    elif v == 'sharedonly':
        specs['hw:cpu_policy'] = 'shared'
    elif v == 'emptyimage':
        image = {'properties': {}}
    elif v == 'lockedimg':
        image = {'properties': {'hw_locked_memory': rng.choice(
            [True, False, 'true', 'maybe', 1])}}
    noise_specs(rng, specs, 0.5)
    return v, flavor(vcpus, mem, specs), image, host


def cat_big(rng):
    host = maybe_host(rng, 0.85, big=True,
                      ncells=rng.choice([2, 4, 4, 8, 8]))
    n = rng.choice([1, 2, 4, 8])
    vcpus = rng.choice([64, 96, 120, 128]) // n * n
    if host is not None and rng.random() < 0.6:
        n = min(8, len(host['cells']))
        vcpus = rng.choice([64, 96, 128]) // n * n
        cell_mem = host['cells'][0]['memory_mb']
        mem = min(MAX_MEM // n, cell_mem // rng.choice([1, 1, 2, 4])) * n
    else:
        mem = rng.choice([524288, 1048576, 1572864, 2097152,
                          2097152]) // n * n
    v = 'auto'
    specs = {'hw:numa_nodes': str(n)}
    if rng.random() < 0.25:
        specs.update(manual_specs(rng, split_even(rng, vcpus, n,
                                                  'interleaved'),
                                  [mem // n] * n))
        v = 'manual'
    elif rng.random() < 0.15:
        specs = {}
        v = 'nonuma'
    return v, flavor(vcpus, mem, specs), None, host


def cat_ties(rng):
    pack = rng.random() < 0.5
    ncells = rng.choice([3, 4, 4, 6, 8, 8])
    host = gen_host(rng, ncells=ncells, ties=True)
    n = rng.randint(1, ncells - 1)
    k, m = clamp_vm(*node_size_for_host(rng, host, n), n)
    specs = {'hw:numa_nodes': str(n)}
    return ('pack' if pack else 'spread'), flavor(k * n, m * n, specs), \
        None, host, pack


EXOTIC = [
    ('nodes-arabic', {'hw:numa_nodes': '\u0662'}, None),
    ('img-nodes-arabic', {}, {'hw_numa_nodes': '\u0662'}),
    ('page-arabic', {'hw:mem_page_size': '\u0664'}, None),
    ('page-superscript', {'hw:mem_page_size': '\u00b2'}, None),
    ('page-newline', {'hw:mem_page_size': '2MB\n'}, None),
    ('mem-fullwidth', {'hw:numa_nodes': '1', 'hw:numa_cpus.0': '0-1',
                       'hw:numa_mem.0': '\uff12\uff10\uff14\uff18'}, None),
    ('cpus-fullwidth', {'hw:numa_nodes': '1',
                        'hw:numa_cpus.0': '\uff10-\uff11',
                        'hw:numa_mem.0': '2048'}, None),
    ('cpus-quote', {'hw:numa_nodes': '1', 'hw:numa_cpus.0': "0,a'b",
                    'hw:numa_mem.0': '2048'}, None),
    ('cpus-quotes2', {'hw:numa_nodes': '1', 'hw:numa_cpus.0': 'a\'b"c',
                      'hw:numa_mem.0': '2048'}, None),
    ('cpus-backslash', {'hw:numa_nodes': '1', 'hw:numa_cpus.0': 'x\\y',
                        'hw:numa_mem.0': '2048'}, None),
    ('policy-quote', {'hw:cpu_policy': "ded'icated"}, None),
    ('nodes-nbsp', {'hw:numa_nodes': '\u00a02'}, None),
    ('img-nodes-nbsp', {}, {'hw_numa_nodes': '\u00a02\u2003'}),
    ('mem-nbsp', {'hw:numa_nodes': '1', 'hw:numa_cpus.0': '0-1',
                  'hw:numa_mem.0': '\u00a02048'}, None),
    ('img-mem-underscore', {}, {'hw_numa_nodes': '1',
                                'hw_numa_cpus.0': '0-1',
                                'hw_numa_mem.0': '2_048'}),
    ('pmem-unicode', {'hw:pmem': '\u00a0'}, None),
    ('bignodes', {'hw:numa_nodes': '99999999999999999999'}, None),
    ('bigpage', {'hw:mem_page_size': '99999999999999999999'}, None),
]


def cat_exotic(rng):
    name, specs, props = rng.choice(EXOTIC)
    host = gen_host(rng, ncells=2) if rng.random() < 0.5 else None
    return name, flavor(2, 2048, dict(specs)), \
        ({'properties': dict(props)} if props is not None else None), host


def cat_setorder(rng):
    """Nodes holding several offending cpu ids: the id nova reports is the
    first in CPython *set* order (see pyset_order.py), not the smallest."""
    host = gen_host(rng, ncells=2) if rng.random() < 0.3 else None
    vcpus = rng.choice([2, 4, 6, 8])
    n = 2
    first = set(range(vcpus // 2))
    bad = set(rng.sample(range(vcpus, vcpus + 40), rng.randint(1, 3)))
    dups = set(rng.sample(sorted(first), rng.randint(0, min(2, len(first)))))
    second = set(range(vcpus // 2, vcpus)) | bad | dups
    parts = [str(c) for c in second]
    rng.shuffle(parts)
    spec1 = ','.join(parts)
    src = rng.choice(['flavor', 'image'])
    mem = 1024 * vcpus
    if src == 'flavor':
        specs = {'hw:numa_nodes': str(n),
                 'hw:numa_cpus.0': cpu_spec(rng, first),
                 'hw:numa_cpus.1': spec1,
                 'hw:numa_mem.0': str(mem // 2),
                 'hw:numa_mem.1': str(mem // 2)}
        image = None
    else:
        specs = {}
        image = {'properties': {'hw_numa_nodes': n,
                                'hw_numa_cpus.0': cpu_spec(rng, first),
                                'hw_numa_cpus.1': spec1,
                                'hw_numa_mem.0': mem // 2,
                                'hw_numa_mem.1': mem // 2}}
    return src, flavor(vcpus, mem, specs), image, host


CATEGORIES = [
    (12, 'auto', cat_auto),
    (4, 'uneven', cat_uneven),
    (6, 'nodesbad', cat_nodes_bad),
    (8, 'manualsym', cat_manual_sym),
    (5, 'manualasym', cat_manual_asym),
    (12, 'manualbad', cat_manual_bad),
    (5, 'mixedsrc', cat_mixed_source),
    (6, 'imgok', cat_image_valid),
    (4, 'imgbad', cat_image_bad),
    (8, 'conflict', cat_conflict),
    (13, 'policy', cat_policy),
    (6, 'pagesize', cat_pagesize),
    (5, 'misc', cat_misc),
    (4, 'big', cat_big),
    (4, 'ties', cat_ties),
    (1, 'exotic', cat_exotic),
    (1, 'setorder', cat_setorder),
]


def make_case(rng, idx):
    _, name, fn = wchoice(rng, [(w, (w, n, f)) for w, n, f in CATEGORIES])
    res = fn(rng)
    variant, fl, image, host = res[:4]
    config = gen_config(rng)
    if len(res) > 4:
        config['packing_host_numa_cells_allocation_strategy'] = res[4]
    case = {'id': 'gen-%04d-%s-%s' % (idx, name, variant),
            'flavor': fl, 'config': config}
    if image is not None:
        case['image'] = image
    if host is not None:
        case['host'] = host
    # invariants of the case format
    assert 1 <= fl['vcpus'] <= MAX_VCPUS, fl
    assert 1 <= fl['memory_mb'] <= MAX_MEM, fl
    assert all(isinstance(v, str) for v in fl['extra_specs'].values()), fl
    if host is not None:
        seen = set()
        for c in host['cells']:
            assert 1 <= len(c['cpus']) <= 32
            assert not (seen & set(c['cpus']))
            seen |= set(c['cpus'])
            assert 512 <= c['memory_mb'] <= 262144
    return case


def main(argv):
    seed = int(argv[1]) if len(argv) > 1 else 1
    count = int(argv[2]) if len(argv) > 2 else 1400
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(1, count + 1):
        case = make_case(rng, i)
        out.write(json.dumps(case, sort_keys=True) + '\n')


if __name__ == '__main__':
    main(sys.argv)
