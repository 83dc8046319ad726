#!/usr/bin/python3
"""Replay scheduler.cases.jsonl from the contract's text alone (no Nova).

  /usr/bin/python3 sched_check.py scheduler.cases.jsonl [--trace FILE]

An independent re-implementation of shared/spec/rules.md section 3 (filters
with max_unit, the NUMA fit for symmetric cells, the spread/pack/nova
weighers with their normalisation, ties to the host listed first, build
failures, alternates) and section 4 (most-free backing, prefer unused nodes,
spanning, insufficient memory).  It reads each case's `scenario` YAML with
PyYAML (Debian's python3-yaml, a dependency of python3-nova), replays the
boots and deletes, and checks every recorded boot (host, attempts, tie).

With --trace FILE (written by `sched_cases.py --trace FILE`) it also checks
each weighing Nova did, in order: the same hosts passed the filters, in the
same weighed order, with bit-identical weights (float.hex); and the host
cells of each vNUMA claim.

Exit status 0 when everything agrees; 1 and one line per disagreement
otherwise.  Prints a summary on stderr.
"""
import json
import sys

import yaml


class Node(object):
    def __init__(self, d):
        self.id = d['id']
        self.cpus = d['cpus']
        self.cap = d['memory_mb'] - d.get('reserved_mb', 0)
        self.memory_mb = d['memory_mb']
        self.reserved_mb = d.get('reserved_mb', 0)
        self.claim_mem = 0       # Nova's cell claims (vNUMA VMs only)
        self.claim_cpus = 0
        self.free = self.cap     # Hyper-V's free memory (backing)


class Host(object):
    def __init__(self, d, st):
        self.name = d['name']
        self.nodes = [Node(n) for n in d['nodes']]
        self.M = sum(n.memory_mb for n in self.nodes)
        self.Rs = sum(n.reserved_mb for n in self.nodes)
        self.L = sum(n.cpus for n in self.nodes)
        self.cpu_ratio = float(d.get('cpu_allocation_ratio',
                                     st.get('cpu_allocation_ratio', 4.0)))
        self.ram_ratio = float(d.get('ram_allocation_ratio',
                                     st.get('ram_allocation_ratio', 1.0)))
        self.spanning = d.get('numa_spanning', st.get('numa_spanning', True))
        self.Cm = 0
        self.Cv = 0
        self.builds_failed = 0


class Flavor(object):
    def __init__(self, d):
        self.vcpus = d['vcpus']
        self.mem = d['memory_mb']
        n = (d.get('extra_specs') or {}).get('hw:numa_nodes')
        self.n = int(n) if n is not None else None   # None: plain VM


class Cluster(object):
    def __init__(self, sc):
        st = sc.get('settings') or {}
        self.weigher = st.get('weigher', 'spread')
        self.pack_cells = st.get('numa_cells', 'spread') == 'pack'
        self.max_attempts = st.get('max_attempts', 3)
        if self.weigher == 'nova':
            self.m_ram = float(st.get('ram_weight_multiplier', 1.0))
            self.m_cpu = float(st.get('cpu_weight_multiplier', 1.0))
            self.m_bf = float(st.get('build_failure_weight_multiplier',
                                     1000000.0))
        else:
            self.m_ram = 1.0 if self.weigher == 'spread' else -1.0
        self.hosts = [Host(h, st) for h in sc['hosts']]
        self.flavors = {k: Flavor(v) for k, v in sc['flavors'].items()}
        self.vms = {}
        self.weighings = []

    # -------------------------------------------------------------- §3

    def cells_for(self, h, f):
        """Host node indexes for the instance cells, or None."""
        n = f.n
        cv, cm = f.vcpus // n, f.mem // n
        if len(h.nodes) < n:
            return None
        order = list(range(len(h.nodes)))
        if len(h.nodes) > n:
            # two stable sorts; the last one is the primary key
            if self.pack_cells:
                order.sort(key=lambda i: h.nodes[i].cap -
                           h.nodes[i].claim_mem)
                order.sort(key=lambda i: -h.nodes[i].claim_cpus)
            else:
                order.sort(key=lambda i: -(h.nodes[i].cap -
                                           h.nodes[i].claim_mem))
                order.sort(key=lambda i: h.nodes[i].claim_cpus)

        def fits(i):
            c = h.nodes[i]
            return (cm <= c.cap and cv <= c.cpus and
                    c.claim_cpus + cv <= c.cpus * h.cpu_ratio and
                    c.claim_mem + cm <= c.cap * h.ram_ratio)
        ok = [i for i in order if fits(i)]
        if len(h.nodes) == n:
            return order if len(ok) == n else None
        return ok[:n] if len(ok) >= n else None

    def passes(self, h, f):
        if f.mem > h.M or h.Cm + f.mem > (h.M - h.Rs) * h.ram_ratio:
            return False
        if f.vcpus > h.L or h.Cv + f.vcpus > h.L * h.cpu_ratio:
            return False
        if f.n is not None and self.cells_for(h, f) is None:
            return False
        return True

    @staticmethod
    def normalise(xs, lo=None):
        hi = max(xs)
        if lo is None:
            lo = min(xs)
        if hi == lo:
            return [0.0] * len(xs)
        return [(x - lo) / (hi - lo) for x in xs]

    def weigh(self, hosts):
        """[(host, w)] best first; equal w keep input order."""
        if len(hosts) == 1:
            return [(hosts[0], 0.0)]
        n_ram = self.normalise([max(h.M - h.Rs - h.Cm, 0) for h in hosts],
                               lo=0)
        if self.weigher == 'nova':
            n_cpu = self.normalise([max(h.L * h.cpu_ratio - h.Cv, 0)
                                    for h in hosts], lo=0)
            n_bf = self.normalise([h.builds_failed for h in hosts])
            w = [(-self.m_bf * b + self.m_cpu * c) + self.m_ram * r
                 for b, c, r in zip(n_bf, n_cpu, n_ram)]
        else:
            # (B + C) + R with B = C = 0: also turns -0.0 into 0.0, as
            # Nova's running sum (which starts at 0.0) does
            w = [(0.0 + 0.0) + self.m_ram * r for r in n_ram]
        idx = sorted(range(len(hosts)), key=lambda i: -w[i])
        return [(hosts[i], w[i]) for i in idx]

    def weighed(self, f, exclude):
        cands = [h for h in self.hosts
                 if h.name not in exclude and self.passes(h, f)]
        order = self.weigh(cands) if cands else []
        self.weighings.append({'weighed': [[h.name, float(w).hex()]
                                           for h, w in order]})
        return order

    def claim(self, vm, h):
        f = vm['flavor']
        vm['host'] = h
        h.Cm += f.mem
        h.Cv += f.vcpus
        vm['cells'] = None
        if f.n is not None:
            vm['cells'] = self.cells_for(h, f)
            self.weighings.append({'host': h.name, 'cells': [
                h.nodes[i].id for i in vm['cells']]})
            for i in vm['cells']:
                h.nodes[i].claim_mem += f.mem // f.n
                h.nodes[i].claim_cpus += f.vcpus // f.n

    def release(self, vm):
        h, f = vm['host'], vm['flavor']
        h.Cm -= f.mem
        h.Cv -= f.vcpus
        for i in vm['cells'] or ():
            h.nodes[i].claim_mem -= f.mem // f.n
            h.nodes[i].claim_cpus -= f.vcpus // f.n
        for i, mb in vm.get('backed', ()):
            h.nodes[i].free += mb
        vm['host'] = vm['cells'] = None
        vm['backed'] = ()

    # -------------------------------------------------------------- §4

    def start(self, vm):
        """Back the VM's units on its host; True when it starts."""
        h, f = vm['host'], vm['flavor']
        units = [f.mem] if f.n is None else [f.mem // f.n] * f.n
        free = [c.free for c in h.nodes]
        used, backed = [], []
        for u in units:
            fit = [i for i in range(len(free)) if free[i] >= u]
            unused = [i for i in fit if i not in used]
            pool = unused if unused else fit
            if pool:
                best = pool[0]
                for i in pool[1:]:
                    if free[i] > free[best]:
                        best = i
                free[best] -= u
                used.append(best)
                backed.append((best, u))
            elif len(free) == 1 or not h.spanning or sum(free) < u:
                return False
            else:
                left = u
                by_free = sorted(range(len(free)), key=lambda i: -free[i])
                for i in by_free:
                    take = min(left, free[i])
                    if take:
                        free[i] -= take
                        left -= take
                        used.append(i)
                        backed.append((i, take))
                    if not left:
                        break
        for i, c in enumerate(h.nodes):
            c.free = free[i]
        vm['backed'] = backed
        return True

    # -------------------------------------------------------------- events

    def try_start(self, vm, h):
        self.claim(vm, h)
        if self.start(vm):
            h.builds_failed = 0
            return True
        h.builds_failed += 1
        self.release(vm)
        return False

    def boot(self, name, flavor):
        f = self.flavors[flavor]
        vm = {'flavor': f, 'host': None, 'cells': None, 'backed': ()}
        self.vms[name] = vm
        attempts, tie, final = 0, False, None
        if self.weigher == 'nova':
            order = self.weighed(f, ())
            for k, (h, w) in enumerate(order[:self.max_attempts]):
                tie = tie or (k + 1 < len(order) and order[k + 1][1] == w)
                attempts += 1
                if self.try_start(vm, h):
                    final = h
                    break
        else:
            tried = set()
            while attempts < self.max_attempts:
                order = self.weighed(f, tried)
                if not order:
                    break
                h, w = order[0]
                tie = tie or (len(order) > 1 and order[1][1] == w)
                tried.add(h.name)
                attempts += 1
                if self.try_start(vm, h):
                    final = h
                    break
        return {'vm': name, 'host': final.name if final else None,
                'attempts': attempts, 'tie': tie}

    def run(self, events):
        out = []
        for index, ev in enumerate(events):
            if 'boot' in ev:
                b = ev['boot']
                names = ([b['name']] if 'count' not in b else
                         ['%s-%d' % (b['name'], i)
                          for i in range(1, b['count'] + 1)])
                for n in names:
                    rec = self.boot(n, b['flavor'])
                    rec['event'] = index
                    out.append(rec)
            elif 'delete' in ev:
                vm = self.vms.pop(ev['delete'])
                if vm['host'] is not None:
                    self.release(vm)
            else:
                raise ValueError(ev)
        return out


def main(argv):
    trace = None
    if '--trace' in argv:
        i = argv.index('--trace')
        trace = {}
        for tline in open(argv[i + 1]):
            t = json.loads(tline)
            trace.setdefault(t['id'], []).append(t)
        argv = argv[:i] + argv[i + 2:]
    bad = 0
    n_cases = n_boots = n_weighings = n_claims = 0
    counts = {}
    for line in open(argv[0]):
        case = json.loads(line)
        sc = yaml.safe_load(case['scenario'])
        cl = Cluster(sc)
        got = cl.run(sc['events'])
        n_cases += 1
        n_boots += len(got)
        c = counts.setdefault(case['weigher'], [0] * 7)
        c[0] += 1
        for b in case['boots']:
            c[1] += 1
            c[2 if b['host'] and b['attempts'] == 1 else
              3 if b['host'] else 4 if b['attempts'] else 5] += 1
            c[6] += b['tie']
        if cl.weigher != case['weigher']:
            print('%s: weigher %s, recorded %s' % (case['id'], cl.weigher,
                                                   case['weigher']))
            bad += 1
        want = case['boots']
        for g, w in zip(got, want):
            if any(g[k] != w[k] for k in ('event', 'vm', 'host', 'attempts',
                                          'tie')):
                print('%s: contract %s, Nova %s' % (case['id'],
                                                    json.dumps(g),
                                                    json.dumps(w)))
                bad += 1
                break
        if len(got) != len(want):
            print('%s: %d boots, recorded %d' % (case['id'], len(got),
                                                 len(want)))
            bad += 1
        if trace is not None:
            nova = trace.pop(case['id'], [])
            if len(nova) != len(cl.weighings):
                print('%s: %d weighings and claims, Nova did %d' % (
                    case['id'], len(cl.weighings), len(nova)))
                bad += 1
            for mine, t in zip(cl.weighings, nova):
                if 'weighed' in t:
                    n_weighings += 1
                else:
                    n_claims += 1
                theirs = {k: t[k] for k in mine if k in t}
                if mine != theirs:
                    print('%s %s: contract %s, Nova %s' % (
                        case['id'], t['vm'], json.dumps(mine),
                        json.dumps(t)))
                    bad += 1
    if trace:
        print('trace has cases the corpus lacks: %s' % sorted(trace)[:5])
        bad += 1
    print('| weigher | cases | boots | active, 1st start | active after a '
          'reschedule | failed to start | no host passed | tie |',
          file=sys.stderr)
    print('|---|---:|---:|---:|---:|---:|---:|---:|', file=sys.stderr)
    for w in sorted(counts, key=('spread', 'pack', 'nova').index):
        print('| %s | %s |' % (w, ' | '.join(str(x) for x in counts[w])),
              file=sys.stderr)
    print('sched_check: %d cases, %d boots, %d weighings and %d vNUMA '
          'claims compared, %d disagreements' % (
              n_cases, n_boots, n_weighings, n_claims, bad),
          file=sys.stderr)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
