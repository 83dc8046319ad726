#!/usr/bin/env python3
"""numaplan's HTML reports in headless Chromium (harness.py).

    test-report.py NUMAPLAN SCENARIO LOGDIR [ESCAPE_SCENARIO]

Writes the run report of SCENARIO (and the capacity, failover and compare
reports) into LOGDIR, and loads each with JavaScript off and on: the DOM
must hold every host, every NUMA node and every VM the JSON report of the
same run lists, the timeline and the tables; no console error, no request
but the file. Screenshots stay in LOGDIR with the test logs. With
ESCAPE_SCENARIO (names full of markup), the page must show the names as
text: nothing they hold may run or load.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def css_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


def requirements(document):
    """Every host, node and VM of a run's JSON document, as selectors."""
    req = [{'text': 'Timeline'}, {'text': 'Free capacity'}, {'text': 'Fragmentation'},
           {'text': 'Capacity'}, {'text': 'Failover (N+1)'}, 'svg.timeline polyline.hyperv']
    hosts = document['hosts']
    req.append({'selector': 'section.host[data-host]', 'count': len(hosts)})
    for host in hosts:
        name = host['name']
        req.append({'selector': 'section.host[data-host=%s]' % css_string(name), 'text': name})
        for node in host['nodes']:
            node_id = '%s/%d' % (name, node['id'])
            req.append('[data-host=%s] [data-node=%s] svg.bar'
                       % (css_string(name), css_string(node_id)))
    for vm in document['vms']:
        req.append({'selector': '[data-vm=%s]' % css_string(vm['name']), 'text': vm['name']})
        if vm['status'] == 'active' and vm['spanned']:
            # marked where its memory is, in every node it uses
            for unit in vm['backing']:
                for part in unit['parts']:
                    req.append({'selector': '[data-node=%s] li.spanned[data-vm=%s]'
                                % (css_string('%s/%d' % (vm['host'], part['node'])),
                                   css_string(vm['name'])), 'text': 'spans'})
    return req


def harness(page, require, logdir, name):
    req_path = os.path.join(logdir, name + '.require.json')
    with open(req_path, 'w') as f:
        json.dump(require, f, indent=1)
    args = [sys.executable, os.path.join(HERE, 'harness.py'), '--js', 'both',
            '--require', req_path,
            '--screenshot', os.path.join(logdir, name + '.png'),
            '--dom', os.path.join(logdir, name + '.dom.html'),
            page]
    result = run(args)
    sys.stdout.write(result.stdout.decode())
    sys.stderr.write(result.stderr.decode())
    return result.returncode


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__)
        return 2
    numaplan, scenario, logdir = argv[1], argv[2], argv[3]
    os.makedirs(logdir, exist_ok=True)
    status = 0

    doc = run([numaplan, 'run', scenario, '--format', 'json'])
    if doc.returncode not in (0, 1):
        print('FAIL numaplan run --format json: %s' % doc.stderr.decode())
        return 1
    document = json.loads(doc.stdout)
    page = os.path.join(logdir, 'report-run.html')
    html = run([numaplan, 'run', scenario, '--format', 'html', '--output', page])
    if html.returncode not in (0, 1) or html.stdout:
        print('FAIL numaplan run --format html -o: exit %d' % html.returncode)
        return 1
    status |= harness(page, requirements(document), logdir, 'report-run')

    others = {
        'report-capacity': (['capacity', scenario, '--flavor', document['vms'][0]['flavor']],
                            [{'text': 'upper bound'}, 'table.capacity']),
        'report-failover': (['failover', scenario], [{'text': 'Failover (N+1)'},
                                                     'table.failover']),
        'report-compare': (['compare', scenario, '--set', 'numa_spanning=false'],
                           [{'text': 'Summary'}, 'table.summary']),
    }
    for name, (args, extra) in sorted(others.items()):
        out = os.path.join(logdir, name + '.html')
        result = run([numaplan] + args + ['--format', 'html', '--output', out])
        if result.returncode not in (0, 1):
            print('FAIL %s: exit %d: %s' % (name, result.returncode, result.stderr.decode()))
            status = 1
            continue
        require = extra + [{'selector': 'section.host[data-host=%s]'
                            % css_string(h['name']), 'text': h['name']}
                           for h in document['hosts']]
        status |= harness(out, require, logdir, name)

    if len(argv) == 5:
        escape = argv[4]
        doc = run([numaplan, 'run', escape, '--format', 'json'])
        document = json.loads(doc.stdout)
        out = os.path.join(logdir, 'report-escape.html')
        run([numaplan, 'run', escape, '--format', 'html', '--output', out])
        require = requirements(document)
        # the names are text on the page, whole
        for vm in document['vms']:
            require.append({'text': vm['name']})
        for host in document['hosts']:
            require.append({'text': host['name']})
        status |= harness(out, require, logdir, 'report-escape')
        # no element the names hold made it into the page, with or
        # without JavaScript (a script that ran would also have logged a
        # console error, which the harness fails on)
        for dom in ('report-escape.dom.html', 'report-escape.dom-js.html'):
            text = open(os.path.join(logdir, dom), encoding='utf-8').read().lower()
            for tag in ('<script', '<img', '<u>f</u>', "<b>hv'1", '<i>escape</i>'):
                if tag in text:
                    print('FAIL %s holds %s: a name was not escaped' % (dom, tag))
                    status = 1
    print('PASS' if status == 0 else 'FAIL')
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
