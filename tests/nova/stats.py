#!/usr/bin/env python3
"""Count cases per category and Nova outcomes in recorded vectors.

Usage: stats.py [--markdown] [--brief] PREFIX [PREFIX ...]
  PREFIX is e.g. "differential" for differential.cases.jsonl +
  differential.nova.jsonl (both in the current directory or given as a path
  prefix).  Standard library only.
"""
import collections
import json
import sys


def category(case_id, prefix):
    s = str(case_id)
    if s.startswith('gen-'):
        return s.split('-')[2]
    if s.startswith('nova-tc-'):
        return 'nova-tc'
    return prefix.rsplit('/', 1)[-1]


def outcomes(res):
    c = res.get('constraints', {})
    if 'oracle_error' in res:
        return ('ORACLE_ERROR',) * 4
    if c.get('ok'):
        con = 'ok, topology' if c.get('topology') else 'ok, None'
    else:
        con = '%s %s' % (c.get('stage'), c.get('error', {}).get('class'))
    h = res.get('hyperv', {})
    if 'skipped' in h:
        hv = 'skipped (%s)' % h['skipped']
    elif h.get('ok'):
        hv = 'ok, vNUMA on' if h.get('vnuma_enabled') else 'ok, vNUMA off'
    else:
        hv = h.get('error', {}).get('class')
    f = res.get('fit', {})
    if 'skipped' in f:
        fit = 'skipped (%s)' % f['skipped']
    elif f.get('ok'):
        fit = 'fits (host_cells)' if f.get('host_cells') else 'None (no fit)'
    else:
        fit = 'error %s' % f.get('error', {}).get('class')
    flt = res.get('filter')
    if flt is None:
        fl = ('not run (no host)' if 'host' not in res
              else 'not run (constraints failed)')
    elif flt.get('ok'):
        fl = 'passes' if flt.get('passes') else 'fails'
    else:
        fl = 'error %s' % flt.get('error', {}).get('class')
    return con, hv, fit, fl


def table(title, counter, md):
    lines = []
    if md:
        lines.append('| %s | count |' % title)
        lines.append('|---|---:|')
        for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append('| %s | %d |' % (k, v))
    else:
        lines.append(title)
        for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append('  %6d  %s' % (v, k))
    return '\n'.join(lines)


def main(argv):
    md = '--markdown' in argv
    brief = '--brief' in argv
    prefixes = [a for a in argv[1:] if not a.startswith('--')]
    for prefix in prefixes:
        cases = [json.loads(l) for l in open(prefix + '.cases.jsonl')
                 if l.strip() and not l.startswith('#')]
        results = [json.loads(l) for l in open(prefix + '.nova.jsonl')
                   if l.strip()]
        assert len(cases) == len(results), prefix
        cats = collections.Counter()
        con, hv, fit, flt = (collections.Counter() for _ in range(4))
        success = 0
        for case, res in zip(cases, results):
            assert case.get('id') == res.get('id'), (case.get('id'),
                                                     res.get('id'))
            res = dict(res)
            if 'host' in case:
                res['host'] = True
            cats[category(case['id'], prefix)] += 1
            o = outcomes(res)
            con[o[0]] += 1
            hv[o[1]] += 1
            fit[o[2]] += 1
            flt[o[3]] += 1
            if o[0] == 'ok, topology' and o[1] == 'ok, vNUMA on':
                success += 1
        name = prefix.rsplit('/', 1)[-1]
        if brief:
            print('%s: %d cases; constraints: %d topology, %d None, %d '
                  'errors (%d classes); hyperv: %d vNUMA on, %d off, %d '
                  'errors/skipped; fit: %d fits, %d None, %d error, %d '
                  'skipped' % (
                      name, len(cases), con['ok, topology'],
                      con['ok, None'],
                      len(cases) - con['ok, topology'] - con['ok, None'],
                      len([k for k in con if not k.startswith('ok')]),
                      hv['ok, vNUMA on'], hv['ok, vNUMA off'],
                      len(cases) - hv['ok, vNUMA on'] - hv['ok, vNUMA off'],
                      fit['fits (host_cells)'], fit['None (no fit)'],
                      sum(v for k, v in fit.items() if k.startswith('error')),
                      sum(v for k, v in fit.items()
                          if k.startswith('skipped'))))
            continue
        print(('### ' if md else '== ') + '%s: %d cases; %d (%.0f%%) resolve '
              'to a vNUMA topology Hyper-V accepts' %
              (name, len(cases), success, 100.0 * success / len(cases)))
        print()
        for title, ctr in (('category', cats),
                           ('constraints (stage class)', con),
                           ('hyperv', hv), ('fit', fit),
                           ('NUMATopologyFilter', flt)):
            print(table(title, ctr, md))
            print()


if __name__ == '__main__':
    main(sys.argv)
