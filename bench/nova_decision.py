#!/usr/bin/python3
"""Nova 26's own decision path on a corpus of `resolve` cases, timed the
way bench-resolve times numaplan's: numa_get_constraints(), the Hyper-V
driver's VMOps._get_instance_vnuma_config() and numa_fit_instance_to_host()
with the host's NUMATopologyLimits. Nova's objects (flavor, image meta,
host topology, limits) are built before the clock starts; process CPU time.

Needs Debian's python3-nova and python3-os-win, run with /usr/bin/python3:
  bench/nova_decision.py CASES.jsonl [REPEATS]   prints: cases us_per_case
"""
import json
import logging
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'tests', 'nova'))
logging.disable(logging.CRITICAL)
warnings.simplefilter('ignore')
import nova_oracle as oracle  # noqa: E402  (builds Nova objects as the tests do)
from nova import objects  # noqa: E402
from nova.virt import hardware  # noqa: E402
from nova.virt.hyperv import vmops  # noqa: E402
from unittest import mock  # noqa: E402


def prepare(case):
    oracle.apply_config(case.get('config'))
    flavor = oracle.build_flavor(case['flavor'])
    image = oracle.build_image(case.get('image'))
    host = case.get('host')
    host_topo = oracle.build_host(host) if host else None
    limits = None
    if host and host.get('use_limits', True):
        limits = objects.NUMATopologyLimits(
            cpu_allocation_ratio=float(host.get('cpu_allocation_ratio', 1.0)),
            ram_allocation_ratio=float(host.get('ram_allocation_ratio', 1.0)))
    instance = oracle.FakeInstance(uuid=oracle.DEFAULT_UUID, flavor=flavor)
    return flavor, image, host_topo, limits, instance


def decide(prepared, ops):
    flavor, image, host_topo, limits, instance = prepared
    try:
        topo = hardware.numa_get_constraints(flavor, image)
    except Exception:
        return
    try:
        vmops.VMOps._get_instance_vnuma_config(ops, instance, image)
    except Exception:
        pass
    if topo is not None and host_topo is not None:
        try:
            hardware.numa_fit_instance_to_host(host_topo, topo, limits=limits)
        except Exception:
            pass


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    prepared = []
    for line in open(path, encoding='utf-8'):
        if not line.strip() or line.startswith('#'):
            continue
        try:
            prepared.append(prepare(json.loads(line)))
        except Exception:
            continue
    ops = mock.MagicMock()
    start = time.process_time()
    for _ in range(repeats):
        for p in prepared:
            decide(p, ops)
    elapsed = time.process_time() - start
    print(len(prepared), '%.4f' % (elapsed * 1e6 / repeats / max(len(prepared), 1)))


if __name__ == '__main__':
    main()
