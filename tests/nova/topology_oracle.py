"""Nova 26's view of `numa_topology` documents (scenario.md section 7).

Run with Debian's /usr/bin/python3 (python3-nova, python3-os-win).

  topology_oracle.py exported NUMAPLAN ROOT SCENARIO...
      For every host of each scenario (paths relative to ROOT): numaplan's
      `topology --format nova` document, and what Nova's own code does with
      it. One JSON line per host:
        {"id", "scenario", "host", "document",
         "driver": true,   # Nova's Hyper-V driver, given the same nodes,
                           # reports the same document (set order aside)
         "nova": READBACK}
      The driver check runs HostOps._get_host_numa_topology() over an
      os-win get_numa_nodes() answer built from `numaplan run --format
      json` (id, memory, memory_usage = free_mb, cpuset, cpu_usage 0), then
      _to_json(); both documents are compared as JSON with every
      `nova_object.changes` sorted (a set in Nova).

  topology_oracle.py nova-made
      Documents Nova writes itself (objects' _to_json(): the driver's
      shape, libvirt-style cells with pcpuset, siblings, mempages,
      network_metadata and socket) and variants of them (older versions,
      odd values, refusals), each with what Nova makes of it:
        {"id", "document", "nova": READBACK}  or  {"id", "document",
         "nova_error": {"class", "message"}}
      plus "numaplan_refuses": "text" where scenario.md section 7 refuses
      a document Nova loads (no cell, no CPU, a repeated id, memory_usage
      above memory) or numaplan reads stricter (numbers as strings).

READBACK is NUMATopology.obj_from_db_obj(document) (what the scheduler's
HostState and the resource tracker call on compute_nodes.numa_topology):
  {"version", "cells": [{"version", "id", "cpuset", "pcpuset", "memory",
   "memory_usage", "cpu_usage", "avail_memory", "pinned_cpus", "siblings",
   "mempages"}]}
with sets sorted, an unset field null, avail_memory = memory -
memory_usage as Nova computes it (null when either is unset).
"""
import copy
import json
import logging
import subprocess
import sys
import warnings
from unittest import mock

for _name in ('nova', 'oslo', 'os_win', 'stevedore'):
    logging.getLogger(_name).setLevel(logging.ERROR)
warnings.simplefilter('ignore')

import nova.conf  # noqa: E402
from nova import objects  # noqa: E402

objects.register_all()

from nova.virt.hyperv import hostops  # noqa: E402

CONF = nova.conf.CONF
CONF([], project='nova', default_config_files=[])


def _sorted(value):
    return sorted(int(x) for x in value)


def _field(obj, name, convert=lambda v: v):
    return convert(getattr(obj, name)) if obj.obj_attr_is_set(name) else None


def readback(document):
    topology = objects.NUMATopology.obj_from_db_obj(document)
    cells = []
    for cell in (topology.cells if topology.obj_attr_is_set('cells') else []):
        memory = _field(cell, 'memory')
        usage = _field(cell, 'memory_usage')
        cells.append({
            'version': cell.VERSION,
            'id': _field(cell, 'id'),
            'cpuset': _field(cell, 'cpuset', _sorted),
            'pcpuset': _field(cell, 'pcpuset', _sorted),
            'memory': memory,
            'memory_usage': usage,
            'cpu_usage': _field(cell, 'cpu_usage'),
            'avail_memory': (cell.avail_memory
                             if memory is not None and usage is not None
                             else None),
            'pinned_cpus': _field(cell, 'pinned_cpus', _sorted),
            'siblings': _field(cell, 'siblings',
                               lambda s: [_sorted(x) for x in s]),
            'mempages': _field(cell, 'mempages', lambda pages: [
                {'size_kb': p.size_kb, 'total': p.total, 'used': p.used,
                 'reserved': p.reserved} for p in pages]),
        })
    return {'version': topology.VERSION, 'cells': cells}


def _normal(document):
    """The document with every nova_object.changes sorted."""
    def walk(value):
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items()}
            if 'nova_object.changes' in out:
                out['nova_object.changes'] = sorted(out['nova_object.changes'])
            return out
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value
    return walk(json.loads(document))


def driver_document(nodes):
    """What the Hyper-V driver reports for os-win's get_numa_nodes()."""
    ops = hostops.HostOps.__new__(hostops.HostOps)
    ops._hostutils = mock.Mock()
    ops._hostutils.get_numa_nodes.return_value = copy.deepcopy(nodes)
    return ops._get_host_numa_topology()._to_json()


def exported(numaplan, root, scenarios):
    for scenario in scenarios:
        path = '%s/%s' % (root, scenario)
        run = json.loads(subprocess.run(
            [numaplan, 'run', path, '--format', 'json'], check=False,
            stdout=subprocess.PIPE, text=True).stdout)
        for host in run['hosts']:
            document = subprocess.run(
                [numaplan, 'topology', path, '--host', host['name'],
                 '--format', 'nova'],
                check=True, stdout=subprocess.PIPE, text=True).stdout
            assert document.endswith('\n') and document.count('\n') == 1
            document = document[:-1]
            # os-win's answer: the node id as text (NodeID's tail), memory
            # blocks, CurrentlyConsumableMemoryBlocks, LP indexes in the node
            nodes = [{'id': str(n['id']), 'memory': n['memory_mb'],
                      'memory_usage': n['free_mb'],
                      'cpuset': set(range(n['cpus'])), 'cpu_usage': 0}
                     for n in host['nodes']]
            print(json.dumps({
                'id': '%s#%s' % (scenario, host['name']),
                'scenario': scenario, 'host': host['name'],
                'document': document,
                'driver': _normal(driver_document(nodes)) == _normal(document),
                'nova': readback(document)}, sort_keys=True))


def _cell(**kw):
    return objects.NUMACell(**kw)


def nova_made():
    docs = []

    def add(ident, document, refuses=None):
        docs.append((ident, document, refuses))

    driver = driver_document([
        {'id': '0', 'memory': 65536, 'memory_usage': 60000,
         'cpuset': set(range(8)), 'cpu_usage': 0},
        {'id': '1', 'memory': 65536, 'memory_usage': 0,
         'cpuset': set(range(8)), 'cpu_usage': 0}])
    add('driver-two-nodes', driver)
    add('driver-one-node', driver_document([
        {'id': '0', 'memory': 4096, 'memory_usage': 4096,
         'cpuset': {0, 1}, 'cpu_usage': 0}]))
    libvirt = objects.NUMATopology(cells=[
        _cell(id=0, cpuset={0, 1, 4, 5}, pcpuset={2, 3}, memory=16384,
              memory_usage=2048, cpu_usage=3, pinned_cpus={2},
              siblings=[{0, 4}, {1, 5}, {2}, {3}],
              mempages=[objects.NUMAPagesTopology(
                  size_kb=4, total=4194304, used=0, reserved=0),
                  objects.NUMAPagesTopology(
                  size_kb=2048, total=512, used=16, reserved=0)],
              network_metadata=objects.NetworkMetadata(
                  physnets={'net1'}, tunneled=True),
              socket=0),
        _cell(id=3, cpuset=set(), pcpuset={8, 9, 10}, memory=16384,
              memory_usage=0, cpu_usage=0, pinned_cpus=set(), siblings=[],
              mempages=[], socket=1)])._to_json()
    add('libvirt-pcpuset', libvirt)
    # cells as older Nova wrote them: no pcpuset/socket before NUMACell 1.5
    old = json.loads(driver)
    old['nova_object.version'] = '1.0'
    for cell in old['nova_object.data']['cells']:
        cell['nova_object.version'] = '1.0'
        for key in ('pinned_cpus', 'siblings', 'mempages'):
            del cell['nova_object.data'][key]
        cell['nova_object.changes'] = sorted(cell['nova_object.data'])
    add('versions-1.0', json.dumps(old))
    for top, cell_version in (('1.1', '1.4'), ('1', '1.2'), ('1.1.9', '1.5')):
        doc = json.loads(driver)
        doc['nova_object.version'] = top
        for cell in doc['nova_object.data']['cells']:
            cell['nova_object.version'] = cell_version
        add('versions-%s-%s' % (top, cell_version), json.dumps(doc))
    # what Nova refuses
    for top, cell_version in (('1.3', '1.5'), ('2.0', '1.5'), ('0.9', '1.5'),
                              ('1.2.1', '1.5'), ('1.2', '1.6'),
                              ('1.2', '2.0')):
        doc = json.loads(driver)
        doc['nova_object.version'] = top
        for cell in doc['nova_object.data']['cells']:
            cell['nova_object.version'] = cell_version
        add('refused-%s-%s' % (top, cell_version), json.dumps(doc))
    doc = json.loads(driver)
    doc['nova_object.namespace'] = 'other'
    add('refused-namespace', json.dumps(doc))
    doc = json.loads(driver)
    doc['nova_object.name'] = 'NUMATopologyLimits'
    add('refused-name', json.dumps(doc), 'not a nova NUMATopology')
    add('refused-not-json', driver[:-7])
    # what Nova loads and scenario.md section 7 refuses
    add('no-cell', objects.NUMATopology(cells=[])._to_json(), 'no cell')
    doc = json.loads(driver)
    del doc['nova_object.data']['cells']
    add('no-cells-key', json.dumps(doc), 'no cell')
    doc = json.loads(driver)
    doc['nova_object.data']['cells'][1]['nova_object.data']['id'] = 0
    add('repeated-id', json.dumps(doc), 'repeated')
    doc = json.loads(driver)
    doc['nova_object.data']['cells'][0]['nova_object.data']['cpuset'] = []
    add('no-cpu', json.dumps(doc), 'has no CPU')
    doc = json.loads(driver)
    doc['nova_object.data']['cells'][0]['nova_object.data'][
        'memory_usage'] = 70000
    add('usage-above-memory', json.dumps(doc), 'above memory')
    doc = json.loads(driver)
    del doc['nova_object.data']['cells'][0]['nova_object.data']['memory']
    add('no-memory', json.dumps(doc), 'has no memory')
    doc = json.loads(driver)
    del doc['nova_object.data']['cells'][0]['nova_object.data']['id']
    add('no-id', json.dumps(doc), 'has no id')
    doc = json.loads(driver)
    doc['nova_object.data']['cells'][0]['nova_object.data']['memory'] = '65536'
    add('memory-as-string', json.dumps(doc), 'expected an integer')
    # a cell without memory_usage: Nova loads it unset (the field's
    # default is 0); numaplan takes 0, no memory free
    doc = json.loads(driver)
    del doc['nova_object.data']['cells'][1]['nova_object.data']['memory_usage']
    add('no-memory-usage', json.dumps(doc))

    for ident, document, refuses in docs:
        line = {'id': ident, 'document': document}
        try:
            line['nova'] = readback(document)
        except Exception as exc:  # noqa: BLE001 - Nova's refusal is data
            line['nova_error'] = {'class': type(exc).__name__,
                                  'message': str(exc)}
        if refuses is not None:
            line['numaplan_refuses'] = refuses
        print(json.dumps(line, sort_keys=True))


def main(argv):
    if len(argv) >= 4 and argv[1] == 'exported':
        exported(argv[2], argv[3], argv[4:])
    elif len(argv) == 2 and argv[1] == 'nova-made':
        nova_made()
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
