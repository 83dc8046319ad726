#!/usr/bin/python3
"""Generate scheduler.cases.jsonl: random clusters, boots and deletes, with
the host Nova 26 picks for every boot (sched_oracle.py runs Nova's code).

  /usr/bin/python3 sched_cases.py [SEED [COUNT]] [--trace FILE] \
      > scheduler.cases.jsonl

Defaults: seed 1, 600 cases; case i uses weigher spread, pack, nova for
i mod 3 = 0, 1, 2.  Each line:

  {"id": "sched-NNNN-WEIGHER", "weigher": "spread|pack|nova",
   "scenario": "<numaplan scenario YAML, format 1>",
   "boots": [{"event": I, "vm": NAME, "host": HOST|null, "attempts": N,
              "tie": BOOL}, ...]}

one boot entry per VM booted, in event order (a `count: N` boot gives NAME-1
.. NAME-N with the same event index).  `host` is where the VM ends active,
null when no host passed (attempts 0) or every start failed; `attempts`
counts the starts tried; `tie` is true when a host this boot tried had the
same weight as the host after it in the weighed list (Nova would pick among
equal weights at random; the recorded answer takes the host listed first).

--trace FILE writes, for sched_check.py, every weighing Nova did (one JSON
line: id, vm, attempt, weighed [[host, float.hex(weight)], ...]) and the host
cells of every vNUMA claim (id, vm, host, cells), in order.

Deterministic: the same SEED and COUNT give the same bytes.
"""
import json
import random
import re
import sys

import sched_oracle

NODE_CPUS = [2, 2, 4, 4, 6, 8, 8, 12, 16, 24, 32]
NODE_MEM = [2048, 4096, 6144, 8192, 8192, 12288, 16384, 16384, 24576,
            32768, 49152, 65536]
RESERVED = [256, 512, 1024, 2048, 4096]
CPU_RATIOS = [0.5, 1.0, 1.5, 2.0, 4.0, 16.0]
RAM_RATIOS = [0.5, 1.0, 1.5, 2.0, 4.0, 16.0]
RAM_MULT = [1.0, 0.0, -1.0, 2.0, 0.5, -0.25, 3.0, 10.0, 0.001]
CPU_MULT = [1.0, 0.0, -1.0, 0.5, 2.0, 4.0, -2.5, 100.0]
BF_MULT = [1000000.0, 0.0, 1.0, -1.0, 0.5, 2.0, 100.0, 1.5]


def gen_hosts(rng, n_hosts):
    hosts = []
    for h in range(n_hosts):
        n_nodes = rng.choice([1, 1, 2, 2, 2, 2, 3, 4, 4])
        uniform = rng.random() < 0.55
        cpus = rng.choice(NODE_CPUS)
        mem = rng.choice(NODE_MEM)
        nodes = []
        for i in range(n_nodes):
            if not uniform:
                cpus = rng.choice(NODE_CPUS)
                mem = rng.choice(NODE_MEM)
            node = {'id': i, 'cpus': cpus, 'memory_mb': mem}
            if rng.random() < 0.3:
                node['reserved_mb'] = rng.choice(
                    [r for r in RESERVED if r < mem])
            nodes.append(node)
        host = {'name': 'h%02d' % (h + 1)}
        r = rng.random()
        if r < 0.2:
            host['numa_spanning'] = False
        elif r < 0.25:
            host['numa_spanning'] = True
        if rng.random() < 0.4:
            host['cpu_allocation_ratio'] = rng.choice(CPU_RATIOS)
        if rng.random() < 0.4:
            host['ram_allocation_ratio'] = rng.choice(RAM_RATIOS[:5]
                                                      if rng.random() < 0.9
                                                      else RAM_RATIOS)
        host['nodes'] = nodes
        hosts.append(host)
    return hosts


def gen_flavors(rng, hosts):
    caps = sorted(n['memory_mb'] - n.get('reserved_mb', 0)
                  for h in hosts for n in h['nodes'])
    med = caps[len(caps) // 2]
    small_m = min(sum(n['memory_mb'] for n in h['nodes']) for h in hosts)
    small_l = min(sum(n['cpus'] for n in h['nodes']) for h in hosts)
    flavors = {}
    n_plain = rng.randint(1, 3)
    n_numa = rng.choice([0, 1, 1, 2, 2, 3])
    for i in range(n_plain):
        vcpus = rng.choice([1, 1, 2, 2, 4, 4, 8])
        mem = rng.choice([512, 1024, 2048, 2048, 4096, 4096, 8192,
                          max(1024, med // 2), max(1024, med)])
        flavors['p%d' % (i + 1)] = {'vcpus': vcpus, 'memory_mb': mem}
    for i in range(n_numa):
        n = rng.choice([1, 2, 2, 2, 3, 4])
        cell_cpus = rng.choice([1, 2, 2, 4, 4, 8])
        cell_mem = rng.choice([512, 1024, 2048, 4096, 4096, 8192, 16384,
                               max(512, (med // 2) // 512 * 512)])
        flavors['n%d' % (i + 1)] = {
            'vcpus': n * cell_cpus, 'memory_mb': n * cell_mem,
            'extra_specs': {'hw:numa_nodes': str(n)}}
    if rng.random() < 0.5:
        # bigger than the smallest host: max_unit and the cell limits matter
        vcpus = rng.choice([small_l + 1, 2 * small_l, 8, 16])
        mem = rng.choice([small_m + 1024, 2 * small_m, med * 2])
        if rng.random() < 0.5:
            flavors['big'] = {'vcpus': vcpus, 'memory_mb': mem}
        else:
            n = rng.choice([2, 4])
            flavors['big'] = {
                'vcpus': max(n, vcpus // n * n),
                'memory_mb': max(n * 512, mem // (n * 512) * n * 512),
                'extra_specs': {'hw:numa_nodes': str(n)}}
    return flavors


def gen_settings(rng, weigher):
    s = {}
    if weigher != 'spread' or rng.random() < 0.85:
        s['weigher'] = weigher
    if rng.random() < 0.3:
        s['numa_cells'] = rng.choice(['pack', 'pack', 'spread'])
    if rng.random() < 0.2:
        s['cpu_allocation_ratio'] = rng.choice(CPU_RATIOS)
    if rng.random() < 0.2:
        s['ram_allocation_ratio'] = rng.choice(RAM_RATIOS[:5])
    if rng.random() < 0.1:
        s['numa_spanning'] = False
    if rng.random() < 0.25:
        s['max_attempts'] = rng.choice([1, 2, 4, 5])
    mults = (rng.random() < 0.6) if weigher == 'nova' else \
        (rng.random() < 0.1)
    if mults:
        for key, values in (('ram_weight_multiplier', RAM_MULT),
                            ('cpu_weight_multiplier', CPU_MULT),
                            ('build_failure_weight_multiplier', BF_MULT)):
            if rng.random() < 0.6:
                s[key] = rng.choice(values)
    return s


def gen_case(seed, index):
    rng = random.Random('numaplan-sched/%d/%d' % (seed, index))
    weigher = sched_oracle.WEIGHERS[index % 3]
    case = {'id': 'sched-%04d-%s' % (index + 1, weigher)}
    case['settings'] = gen_settings(rng, weigher)
    case['hosts'] = gen_hosts(rng, rng.randint(2, 12))
    case['flavors'] = gen_flavors(rng, case['hosts'])
    case['events'] = []
    return case, rng


def play(case, rng, trace):
    """Draw the events while replaying them, so that deletes name VMs
    that are active at that point."""
    replay = sched_oracle.Replay(case, trace=trace)
    names = sorted(case['flavors'])
    n_events = rng.randint(10, 45)
    serial = 0
    for index in range(n_events):
        active = replay.active()
        if active and rng.random() < 0.25:
            ev = {'delete': rng.choice(active)}
        else:
            serial += 1
            b = {'flavor': rng.choice(names)}
            if rng.random() < 0.15:
                b['name'] = 'g%d' % serial
                b['count'] = rng.randint(2, 4)
            else:
                b['name'] = 'v%d' % serial
            ev = {'boot': {'name': b['name'], 'flavor': b['flavor']}}
            if 'count' in b:
                ev['boot']['count'] = b['count']
        case['events'].append(ev)
        replay.event(index, ev)
    return replay.boots


# ------------------------------------------------------------------ YAML out

PLAIN = re.compile(r'^[A-Za-z][A-Za-z0-9_.-]*$')


def yval(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        r = repr(v)
        assert 'e' not in r and 'n' not in r, r
        return r
    if isinstance(v, str):
        if PLAIN.match(v) and v not in ('true', 'false', 'null'):
            return v
        return json.dumps(v)
    if isinstance(v, dict):
        return '{' + ', '.join('%s: %s' % (yval(k), yval(x))
                               for k, x in v.items()) + '}'
    raise TypeError(v)


def to_yaml(case):
    out = ['numaplan: 1', 'name: %s' % case['id']]
    if case['settings']:
        out.append('settings:')
        for k, v in case['settings'].items():
            out.append('  %s: %s' % (k, yval(v)))
    out.append('hosts:')
    for h in case['hosts']:
        out.append('  - name: %s' % h['name'])
        for k in ('numa_spanning', 'cpu_allocation_ratio',
                  'ram_allocation_ratio'):
            if k in h:
                out.append('    %s: %s' % (k, yval(h[k])))
        out.append('    nodes:')
        for n in h['nodes']:
            out.append('      - %s' % yval(n))
    out.append('flavors:')
    for name in sorted(case['flavors']):
        out.append('  %s: %s' % (name, yval(case['flavors'][name])))
    out.append('events:')
    for ev in case['events']:
        (kind, arg), = ev.items()
        out.append('  - %s: %s' % (kind, yval(arg)))
    return '\n'.join(out) + '\n'


def main(argv):
    trace_path = None
    if '--trace' in argv:
        i = argv.index('--trace')
        trace_path = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    seed = int(argv[0]) if len(argv) > 0 else 1
    count = int(argv[1]) if len(argv) > 1 else 600
    tf = open(trace_path, 'w') if trace_path else None
    for index in range(count):
        case, rng = gen_case(seed, index)
        trace = None
        if tf is not None:
            def trace(rec, _id=case['id']):
                rec = dict(rec, id=_id)
                if 'weighed' in rec:
                    rec['weighed'] = [[h, float(w).hex()]
                                      for h, w in rec['weighed']]
                tf.write(json.dumps(rec, sort_keys=True,
                                    separators=(',', ':')) + '\n')
        boots = play(case, rng, trace)
        line = {'id': case['id'], 'weigher': sched_oracle.setting(
                    case, 'weigher'),
                'scenario': to_yaml(case), 'boots': boots}
        sys.stdout.write(json.dumps(line, separators=(',', ':')) + '\n')
    if tf is not None:
        tf.close()


if __name__ == '__main__':
    main(sys.argv[1:])
