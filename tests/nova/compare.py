#!/usr/bin/env python3
"""Developer aid: compare `numaplan resolve` answers with recorded Nova answers.

CI does this in C (tests/test-differential.c); this script prints details.
Usage: compare.py CASES.jsonl NOVA.jsonl OURS.jsonl [-v]
"""
import json
import sys


def cells_of(topo):
    if topo is None:
        return None
    return [(sorted(set(c['cpuset']) | set(c['pcpuset'])), c['memory_mb'])
            for c in topo['cells']]


def symmetric(case_nova):
    t = case_nova['constraints'].get('topology')
    if not t:
        return True
    c0 = t['cells'][0]
    return all(len(c['cpuset']) == len(c0['cpuset']) and
               len(c['pcpuset']) == len(c0['pcpuset']) and
               c['memory_mb'] == c0['memory_mb'] for c in t['cells'])


def compare(nova, ours):
    diffs = []
    nc, oc = nova['constraints'], ours.get('constraints')
    if oc is None:
        return ['no constraints: %s' % ours.get('error')]
    if nc['ok'] != oc['ok']:
        diffs.append('constraints ok %s vs %s (%s / %s)' % (
            nc['ok'], oc['ok'], nc.get('error'), oc))
    elif nc['ok']:
        ncells = cells_of(nc['topology'])
        ocells = None if oc['cells'] is None else [
            (c['cpus'], c['memory_mb']) for c in oc['cells']]
        if ncells != ocells:
            diffs.append('cells %s vs %s' % (ncells, ocells))
        if nc['cpu_policy'] != oc['cpu_policy']:
            diffs.append('cpu_policy %s vs %s' % (nc['cpu_policy'], oc['cpu_policy']))
    else:
        if nc['error']['class'] != oc['nova_class']:
            diffs.append('constraints class %s vs %s' % (nc['error']['class'], oc['nova_class']))
        elif nc['error']['message'] != oc['message']:
            diffs.append('MSG constraints %r vs %r' % (nc['error']['message'], oc['message']))
    nh, oh = nova['hyperv'], ours['hyperv']
    if 'skipped' in nh:
        if 'skipped' not in oh:
            diffs.append('hyperv skipped vs %s' % oh)
    elif not nh['ok']:
        ocls = oh.get('nova_class') if 'skipped' not in oh else oc.get('nova_class')
        omsg = oh.get('message') if 'skipped' not in oh else oc.get('message')
        if nh['error']['class'] != ocls:
            diffs.append('hyperv class %s vs %s' % (nh['error']['class'], ocls))
        elif nh['error']['message'] != omsg:
            diffs.append('MSG hyperv %r vs %r' % (nh['error']['message'], omsg))
    else:
        if not oh.get('ok'):
            diffs.append('hyperv ok vs %s' % oh)
        else:
            for k in ('vnuma_enabled', 'memory_per_numa_node', 'cpus_per_numa_node',
                      'dynamic_memory_ratio', 'memory_settings', 'processor_settings'):
                if nh[k] != oh[k]:
                    diffs.append('hyperv %s %s vs %s' % (k, nh[k], oh[k]))
    nf, of = nova['fit'], ours['fit']
    if 'skipped' in nf:
        if of.get('skipped') != nf['skipped']:
            diffs.append('fit skipped %s vs %s' % (nf['skipped'], of))
    elif not nf['ok']:
        if of.get('nova_class') != nf['error']['class']:
            diffs.append('fit error %s vs %s' % (nf['error'], of))
    else:
        if nf['host_cells'] != of.get('host_cells'):
            tag = 'fit' if symmetric(nova) else 'ASYM fit'
            diffs.append('%s %s vs %s' % (tag, nf['host_cells'], of.get('host_cells')))
    if 'filter' in nova:
        nfl, ofl = nova['filter'], ours.get('filter')
        if ofl is None:
            diffs.append('filter missing')
        elif nfl['ok'] != ofl.get('ok', False) or nfl.get('passes') != ofl.get('passes'):
            if not (not nfl['ok'] and ofl.get('nova_class') == nfl['error']['class']):
                tag = 'filter' if symmetric(nova) else 'ASYM filter'
                diffs.append('%s %s vs %s' % (tag, nfl, ofl))
    return diffs


def main():
    cases = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and not l.startswith('#')]
    nova = [json.loads(l) for l in open(sys.argv[2])]
    ours = [json.loads(l) for l in open(sys.argv[3])]
    verbose = '-v' in sys.argv
    counts = {'agree': 0, 'disagree': 0, 'msg_only': 0, 'asym_fit_only': 0}
    for c, n, o in zip(cases, nova, ours):
        d = compare(n, o)
        hard = [x for x in d if not x.startswith('MSG') and not x.startswith('ASYM')]
        if not d:
            counts['agree'] += 1
        elif hard:
            counts['disagree'] += 1
            print('%s: %s' % (c.get('id'), '; '.join(d)))
            if verbose:
                print('   case:', json.dumps(c))
        elif any(x.startswith('MSG') for x in d):
            counts['msg_only'] += 1
            print('%s: %s' % (c.get('id'), '; '.join(d)))
        else:
            counts['asym_fit_only'] += 1
            if verbose:
                print('%s: %s' % (c.get('id'), '; '.join(d)))
    print(counts, 'of', len(cases))


main()
