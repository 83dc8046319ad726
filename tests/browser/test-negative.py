#!/usr/bin/env python3
"""The browser harness must refuse bad.html: an image from the network, a
console error, and content that only script writes (missing with JavaScript
off). Also: a missing page is a harness error (exit 2), not a pass.

    test-negative.py OUTDIR    (screenshots and the harness's JSON go there)
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
outdir = sys.argv[1] if len(sys.argv) > 1 else '.'
os.makedirs(outdir, exist_ok=True)
harness = [sys.executable, os.path.join(here, 'harness.py')]
report = os.path.join(outdir, 'browser-negative.json')
failures = []


def expect(cond, what):
    print('%s: %s' % ('ok' if cond else 'FAIL', what))
    if not cond:
        failures.append(what)


run = subprocess.run(harness + [
    '--js', 'both', '--require', os.path.join(here, 'bad.require.json'),
    '--screenshot', os.path.join(outdir, 'browser-negative.png'),
    '--json', report, os.path.join(here, 'bad.html')],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
print(run.stdout)
expect(run.returncode == 1, 'harness exits 1 on bad.html (got %d)' % run.returncode)
loads = json.load(open(report))['loads'] if os.path.exists(report) else []
expect(len(loads) == 2, 'two loads, JavaScript off and on')
for load in loads:
    mode = 'JavaScript %s' % ('on' if load['js'] else 'off')
    expect(any('example.invalid/logo.png' in u for u in load['foreign']),
           '%s: the external image is a foreign request' % mode)
    expect(not load['ok'], '%s: load fails' % mode)
    deliberate = any('deliberate console error' in e for e in load['errors'])
    # script does not run with JavaScript off: no console.error, no content
    expect(deliberate == load['js'], '%s: console.error %s' %
           (mode, 'caught' if load['js'] else 'not run'))
    expect(bool(load['missing']) != load['js'],
           '%s: [data-host="hv01"] %s' % (mode, 'found' if load['js'] else 'missing'))
expect(os.path.exists(os.path.join(outdir, 'browser-negative.png')), 'screenshot written')
expect(run.stdout.count('FAIL ') >= 5, 'each problem reported on its own FAIL line')

missing = subprocess.run(harness + [os.path.join(here, 'no-such-page.html')],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
expect(missing.returncode == 2 and 'no such file' in missing.stdout,
       'a missing page is a harness error (exit 2)')

print('%d checks failed' % len(failures) if failures else 'all checks passed')
sys.exit(1 if failures else 0)
