#!/usr/bin/env bash
# Regenerate every Nova test vector in this directory from scratch.
#
# Needs Debian's python3-nova (Zed, 2:26.x) and python3-os-win, and must use
# /usr/bin/python3: the oracle imports nova and os_win from
# /usr/lib/python3/dist-packages, which a pyenv/venv python does not see.
# Everything else is the Python standard library (sched_check.py also uses
# PyYAML, Debian's python3-yaml, a dependency of python3-nova).
#
#   differential.cases.jsonl          gen_cases.py $SEED $COUNT (default 1 1400)
#   topology-constraints.cases.jsonl  topology_constraints_cases.py (Nova's own
#                                     test_topology_constraints table)
#   probes.cases.jsonl                notes_probes.py (the probes NOTES.md cites)
#   fuzz.cases.jsonl                  fuzz_cases.py $FUZZ_SEED $FUZZ_COUNT (default
#                                     1 2000): adversarial garbage
#   ../../nova/np-image-fields.h     gen_image_fields.py (Nova's ImageMetaProps
#                                     field table; rewritten only if it changed)
#   ../../nova/np-py-unicode.h       gen_py_unicode.py (CPython's Unicode
#                                     classes; rewritten only if they changed)
#   smoke.cases.jsonl                 copied from $NUMAPLAN_SHARED/vectors when
#                                     that directory exists
#   *.nova.jsonl                      nova_oracle.py run on each *.cases.jsonl
#                                     (all but scheduler.cases.jsonl)
#   scheduler.cases.jsonl             sched_cases.py $SCHED_SEED $SCHED_COUNT
#                                     (default 1 600): scenarios + the host
#                                     Nova picks for every boot (sched_oracle.py);
#                                     checked by sched_check.py, rules.md
#                                     sections 3-4 re-implemented without Nova
#
# NUMAPLAN_SHARED defaults to "$(dirname "$0")/../../../shared".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
shared="${NUMAPLAN_SHARED:-$(dirname "$0")/../../../shared}"
# resolve before the cd below (a relative path is relative to the caller)
if [ -d "$shared" ]; then shared="$(cd "$shared" && pwd)"; fi
seed="${SEED:-1}"
count="${COUNT:-1400}"
fuzz_seed="${FUZZ_SEED:-1}"
fuzz_count="${FUZZ_COUNT:-2000}"
sched_seed="${SCHED_SEED:-1}"
sched_count="${SCHED_COUNT:-600}"
PY=/usr/bin/python3

cd "$here"

if ! "$PY" -c 'import nova.virt.hardware, os_win.utils.compute.vmutils, yaml' \
        2>/dev/null; then
    echo "regenerate.sh: $PY cannot import nova, os_win and yaml;" \
         "install Debian's python3-nova and python3-os-win" >&2
    exit 2
fi

echo "generating differential.cases.jsonl (seed $seed, $count cases)" >&2
"$PY" gen_cases.py "$seed" "$count" > differential.cases.jsonl.tmp
mv differential.cases.jsonl.tmp differential.cases.jsonl

echo "generating topology-constraints.cases.jsonl" >&2
"$PY" topology_constraints_cases.py > topology-constraints.cases.jsonl.tmp
mv topology-constraints.cases.jsonl.tmp topology-constraints.cases.jsonl

echo "generating probes.cases.jsonl (the cases NOTES.md cites)" >&2
"$PY" notes_probes.py > probes.cases.jsonl.tmp
mv probes.cases.jsonl.tmp probes.cases.jsonl

echo "generating fuzz.cases.jsonl (seed $fuzz_seed, $fuzz_count cases)" >&2
"$PY" fuzz_cases.py "$fuzz_seed" "$fuzz_count" > fuzz.cases.jsonl.tmp
mv fuzz.cases.jsonl.tmp fuzz.cases.jsonl

echo "checking ../../nova/np-image-fields.h against Nova" >&2
"$PY" gen_image_fields.py > np-image-fields.h.tmp
if ! cmp -s np-image-fields.h.tmp ../../nova/np-image-fields.h; then
    echo "note: Nova's ImageMetaProps table changed: nova/np-image-fields.h" \
         "rewritten (review nova/np-image-meta.c)" >&2
    mv np-image-fields.h.tmp ../../nova/np-image-fields.h
else
    rm -f np-image-fields.h.tmp
fi

echo "checking ../../nova/np-py-unicode.h against this CPython" >&2
"$PY" gen_py_unicode.py > np-py-unicode.h.tmp
if ! cmp -s np-py-unicode.h.tmp ../../nova/np-py-unicode.h; then
    echo "note: the interpreter's Unicode tables differ: nova/np-py-unicode.h" \
         "rewritten" >&2
    mv np-py-unicode.h.tmp ../../nova/np-py-unicode.h
else
    rm -f np-py-unicode.h.tmp
fi

if [ -d "$shared/vectors" ]; then
    echo "copying smoke vectors from $shared/vectors" >&2
    rm -f smoke.cases.jsonl smoke.nova.jsonl
    cp "$shared/vectors/nova-smoke.cases.jsonl" smoke.cases.jsonl
    cp "$shared/vectors/nova-smoke.nova.jsonl" smoke.nova.jsonl
    chmod 644 smoke.cases.jsonl smoke.nova.jsonl
else
    echo "no $shared/vectors: keeping smoke.*.jsonl as they are" >&2
fi

echo "generating scheduler.cases.jsonl (seed $sched_seed, $sched_count" \
     "cases; Nova's scheduler code, about 2 minutes)" >&2
sched_trace="$(mktemp)"
trap 'rm -f "$sched_trace"' EXIT
"$PY" sched_cases.py "$sched_seed" "$sched_count" --trace "$sched_trace" \
    > scheduler.cases.jsonl.tmp
# every boot, every weighing (bit-exact weights) and every vNUMA claim's
# cells must agree with rules.md sections 3-4 as sched_check.py reads them
"$PY" sched_check.py scheduler.cases.jsonl.tmp --trace "$sched_trace"
if [ -f scheduler.cases.jsonl ] && ! cmp -s scheduler.cases.jsonl \
        scheduler.cases.jsonl.tmp; then
    echo "note: scheduler.cases.jsonl differs from the previous recording" \
         "(new cases, or a different Nova)" >&2
fi
mv scheduler.cases.jsonl.tmp scheduler.cases.jsonl

for cases in *.cases.jsonl; do
    base="${cases%.cases.jsonl}"
    # scheduler.cases.jsonl carries its own answers (sched_cases.py)
    [ "$cases" = scheduler.cases.jsonl ] && continue
    echo "running the oracle on $cases" >&2
    "$PY" nova_oracle.py < "$cases" > "$base.nova.jsonl.tmp"
    if [ -f "$base.nova.jsonl" ] && ! cmp -s "$base.nova.jsonl" \
            "$base.nova.jsonl.tmp"; then
        echo "note: $base.nova.jsonl differs from the previous recording" \
             "(new cases, or a different Nova)" >&2
    fi
    mv "$base.nova.jsonl.tmp" "$base.nova.jsonl"
done

# checks: one answer per case, in order; no oracle_error; enough cases
"$PY" - <<'EOF'
import glob, json, sys
bad = 0
for cases in sorted(glob.glob('*.cases.jsonl')):
    if cases == 'scheduler.cases.jsonl':
        continue
    nova = cases[:-len('.cases.jsonl')] + '.nova.jsonl'
    c = [json.loads(l) for l in open(cases) if l.strip()]
    r = [json.loads(l) for l in open(nova) if l.strip()]
    if [x.get('id') for x in c] != [x.get('id') for x in r]:
        print('%s: ids do not match %s' % (nova, cases)); bad += 1
    if len({x.get('id') for x in c}) != len(c):
        print('%s: duplicate ids' % cases); bad += 1
    errs = [x['id'] for x in r if 'oracle_error' in x or 'input_error' in x]
    if errs:
        print('%s: oracle_error/input_error in %s' % (nova, errs)); bad += 1
    print('%-34s %5d cases' % (cases, len(c)), file=sys.stderr)
n = sum(1 for l in open('differential.cases.jsonl') if l.strip())
if n < 1200:
    print('differential.cases.jsonl has %d cases (< 1200)' % n); bad += 1
n = sum(1 for l in open('fuzz.cases.jsonl') if l.strip())
if n < 2000:
    print('fuzz.cases.jsonl has %d cases (< 2000)' % n); bad += 1
sched = [json.loads(l) for l in open('scheduler.cases.jsonl') if l.strip()]
if len({x['id'] for x in sched}) != len(sched):
    print('scheduler.cases.jsonl: duplicate ids'); bad += 1
for w in ('spread', 'pack', 'nova'):
    n = sum(1 for x in sched if x['weigher'] == w)
    if n < 150:
        print('scheduler.cases.jsonl has %d %s cases (< 150)' % (n, w))
        bad += 1
print('%-34s %5d cases' % ('scheduler.cases.jsonl', len(sched)),
      file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

"$PY" topology_constraints_cases.py --check topology-constraints.nova.jsonl

"$PY" pyset_order.py >/dev/null   # the set-order model still matches python

"$PY" stats.py differential topology-constraints probes fuzz \
    $( [ -f smoke.cases.jsonl ] && echo smoke )
