#!/usr/bin/python3
"""Nova 26 (Zed) scheduling oracle for numaplan scenarios (boot/delete only).

Library used by sched_cases.py; run with Debian's /usr/bin/python3, which sees
python3-nova in /usr/lib/python3/dist-packages.

Given a scenario (the Python dict sched_cases.py also writes out as YAML),
`Replay` plays its events and answers, for every VM booted, the host Nova
picks, the number of starts tried, and whether the decision rested on a tie
of weights.  What runs Nova's real code, and what is emulated:

* request: `hardware.numa_get_constraints(flavor, image)` (no image), real;
* host state: a `objects.ComputeNode` as the resource tracker would write it
  (memory_mb = M, free_ram_mb = M - Rs - Cm, vcpus = L, vcpus_used = Cv,
  stats.failed_builds, the ratios, numa_topology JSON whose cells have
  memory = memory_mb - reserved_mb and the claimed usage) fed to the real
  `HostState.update()`, i.e. `_update_from_compute_node`;
* placement (not installed; emulated as rules.md section 3 states it): per
  resource class, used + requested <= (total - reserved) * allocation_ratio
  and requested <= max_unit, for MEMORY_MB (total M, reserved Rs,
  max_unit M) and VCPU (total L, reserved 0, max_unit L);
* `NUMATopologyFilter.host_passes`, real (it calls
  `numa_fit_instance_to_host` with the host's ratios as limits);
* weighing: the real `HostWeightHandler.get_weighed_objects` with
  `[RAMWeigher]` for spread (ram_weight_multiplier +1.0) and pack (-1.0), and
  for `nova` Nova's default `weight_classes` (all_weighers: RAM, CPU,
  BuildFailure and the ones that see nothing here), multipliers set with
  `CONF.set_override` in group filter_scheduler;
* the choice: the first of the weighed list (host_subset_size = 1; Python's
  sort is stable and the hosts are handed over in input order, so equal
  weights keep the host listed first);
* the claim: the real `HostState.consume_from_request` (free_ram_mb,
  vcpus_used, and `numa_fit_instance_to_host` + `numa_usage_from_instance_numa`
  on the host topology); a delete or a failed start releases with
  `numa_usage_from_instance_numa(..., free=True)` as the resource tracker does;
* starts: numaplan's own backing model, rules.md section 4 (policy most-free,
  prefer nodes unused by the VM, spanning, insufficient memory), written here
  in plain Python;
* build failures: +1 on the host where a start fails, 0 where one succeeds
  (nova/compute/stats.py build_failed/build_succeeded);
* reschedule: `nova` tries the first attempt's weighed list in order
  (selected host + max_attempts - 1 alternates, as
  SchedulerManager._get_alternate_hosts builds them; not weighed again);
  spread/pack filter and weigh again without the hosts already tried.

Host NUMA cells carry `pcpuset = set()`, `socket = None` and one 4 KiB
`mempages` entry (total = capacity in pages): Hyper-V's hostops leaves
pcpuset and socket unset and mempages empty, and `numa_usage_from_instance_numa`
then raises (NotImplementedError for pcpuset, then IndexError in
_get_smallest_pagesize for the empty mempages), so a real Zed Hyper-V compute
cannot account vNUMA claims per cell at all (the scheduler's
consume_from_request even swallows the error).  None of the three changes a
fit for shared-CPU instances without a page size: with mempages,
_numa_fit_instance_cell checks can_fit_pagesize(4, memory * 1024,
use_free=False), i.e. instance cell memory <= host cell memory, the same
test as the no-mempages branch.

`Replay(case, trace=None)`; `trace`, when given, is called with a dict for
every weighing ({"vm", "attempt", "weighed": [[host, weight], ...]} in
weighed order) and every vNUMA claim ({"vm", "attempt", "host", "cells":
[host cell id per instance cell]}), in the order they happen.
"""
import logging
import warnings

_nova_logger = logging.getLogger('nova')
_nova_logger.setLevel(logging.ERROR)
_nova_logger.propagate = False
for _name in ('os_win', 'oslo', 'oslo_concurrency', 'stevedore',
              'py.warnings'):
    logging.getLogger(_name).setLevel(logging.ERROR)
warnings.simplefilter('ignore')

import nova.conf  # noqa: E402
from nova import objects  # noqa: E402

objects.register_all()

from nova.scheduler import host_manager  # noqa: E402
from nova.scheduler import weights as sched_weights  # noqa: E402
from nova.scheduler.filters import numa_topology_filter  # noqa: E402
from nova.scheduler.weights import ram as ram_weigher  # noqa: E402
from nova.virt import hardware  # noqa: E402

CONF = nova.conf.CONF
CONF([], project='nova', default_config_files=[])

DEFAULTS = {
    'cpu_allocation_ratio': 4.0,
    'ram_allocation_ratio': 1.0,
    'numa_spanning': True,
    'weigher': 'spread',
    'numa_cells': 'spread',
    'max_attempts': 3,
    'ram_weight_multiplier': 1.0,
    'cpu_weight_multiplier': 1.0,
    'build_failure_weight_multiplier': 1000000.0,
}

WEIGHERS = ('spread', 'pack', 'nova')


def setting(case, key):
    return case.get('settings', {}).get(key, DEFAULTS[key])


def host_setting(case, host, key):
    if key in host:
        return host[key]
    return setting(case, key)


# ------------------------------------------------------------- backing (§4)

def back_units(free, units, spanning):
    """rules.md section 4, policy most-free, on a copy of `free` (the free
    MiB of each node, in node order; node ids ascend with the order).
    Returns (new_free, parts, None) or (None, None, code)."""
    free = list(free)
    used = set()
    parts = []
    for unit in units:
        cands = [i for i in range(len(free)) if free[i] >= unit]
        pref = [i for i in cands if i not in used] or cands
        if pref:
            pick = min(pref, key=lambda i: (-free[i], i))
            free[pick] -= unit
            used.add(pick)
            parts.append([(pick, unit)])
            continue
        if len(free) == 1:
            return None, None, 'insufficient-memory'
        if not spanning:
            return None, None, 'no-node-fits-spanning-disabled'
        if sum(free) < unit:
            return None, None, 'insufficient-memory'
        need = unit
        unit_parts = []
        for i in sorted(range(len(free)), key=lambda i: (-free[i], i)):
            take = min(free[i], need)
            if take > 0:
                free[i] -= take
                need -= take
                unit_parts.append((i, take))
                used.add(i)
            if need == 0:
                break
        parts.append(unit_parts)
    return free, parts, None


# ---------------------------------------------------------------- the model

class Host(object):
    def __init__(self, case, spec):
        self.name = spec['name']
        self.nodes = spec['nodes']
        self.M = sum(n['memory_mb'] for n in self.nodes)
        self.Rs = sum(n.get('reserved_mb', 0) for n in self.nodes)
        self.L = sum(n['cpus'] for n in self.nodes)
        self.cpu_ratio = float(host_setting(case, spec,
                                            'cpu_allocation_ratio'))
        self.ram_ratio = float(host_setting(case, spec,
                                            'ram_allocation_ratio'))
        self.spanning = bool(host_setting(case, spec, 'numa_spanning'))
        self.Cm = 0
        self.Cv = 0
        self.failed_builds = 0
        self.free = [n['memory_mb'] - n.get('reserved_mb', 0)
                     for n in self.nodes]
        self.topology = objects.NUMATopology(cells=[
            objects.NUMACell(
                id=n['id'], cpuset=set(range(n['cpus'])), pcpuset=set(),
                memory=n['memory_mb'] - n.get('reserved_mb', 0),
                cpu_usage=0, memory_usage=0, pinned_cpus=set(), siblings=[],
                mempages=[objects.NUMAPagesTopology(
                    size_kb=4, total=(n['memory_mb'] -
                                      n.get('reserved_mb', 0)) * 256,
                    used=0, reserved=0)],
                socket=None)
            for n in self.nodes])
        self.uuid = '00000000-0000-4000-8000-%012d' % (
            int(spec.get('_index', 0)) + 1)

    def host_state(self):
        """What the scheduler's HostState holds for this host, through
        the real HostState._update_from_compute_node."""
        cn = objects.ComputeNode(
            uuid=self.uuid, host=self.name, hypervisor_hostname=self.name,
            vcpus=self.L, vcpus_used=self.Cv,
            memory_mb=self.M, memory_mb_used=self.Rs + self.Cm,
            free_ram_mb=self.M - self.Rs - self.Cm,
            local_gb=0, local_gb_used=0, free_disk_gb=0,
            disk_available_least=None,
            hypervisor_type='hyperv', hypervisor_version=0, cpu_info='',
            metrics=None, stats={'failed_builds': str(self.failed_builds)},
            host_ip='192.0.2.1', numa_topology=self.topology._to_json(),
            supported_hv_specs=[], pci_device_pools=None,
            cpu_allocation_ratio=self.cpu_ratio,
            ram_allocation_ratio=self.ram_ratio, disk_allocation_ratio=1.0,
            updated_at=None)
        hs = host_manager.HostState(self.name, self.name, 'cell1')
        hs.update(compute=cn)
        assert hs.free_ram_mb == self.M - self.Rs - self.Cm
        return hs

    def placement_ok(self, flavor):
        """Placement's allocation-candidate capacity check, emulated:
        used + amount <= (total - reserved) * allocation_ratio and
        amount <= max_unit, for MEMORY_MB and VCPU."""
        mem, vcpus = flavor.memory_mb, flavor.vcpus
        if mem > self.M or self.Cm + mem > (self.M - self.Rs) * self.ram_ratio:
            return False
        if vcpus > self.L or self.Cv + vcpus > self.L * self.cpu_ratio:
            return False
        return True


class Vm(object):
    def __init__(self, name, flavor, constraints):
        self.name = name
        self.flavor = flavor
        self.constraints = constraints
        self.host = None
        self.fitted = None
        self.parts = None


def make_flavor(name, f):
    return objects.Flavor(
        name=name, flavorid=name, vcpus=int(f['vcpus']),
        memory_mb=int(f['memory_mb']), root_gb=0, ephemeral_gb=0, swap=0,
        extra_specs={str(k): str(v)
                     for k, v in (f.get('extra_specs') or {}).items()})


IMAGE = objects.ImageMeta.from_dict({'properties': {}})


class Replay(object):
    def __init__(self, case, trace=None):
        self.case = case
        self.trace = trace
        self.weigher = setting(case, 'weigher')
        assert self.weigher in WEIGHERS
        self.max_attempts = int(setting(case, 'max_attempts'))
        self.hosts = []
        for i, h in enumerate(case['hosts']):
            h = dict(h, _index=i)
            self.hosts.append(Host(case, h))
        self.flavors = {n: make_flavor(n, f)
                        for n, f in case['flavors'].items()}
        self.vms = {}
        self.boots = []
        self._configure()

    # ----------------------------------------------------------- nova bits

    def _configure(self):
        CONF.set_override(
            'packing_host_numa_cells_allocation_strategy',
            setting(self.case, 'numa_cells') == 'pack', group='compute')
        handler = sched_weights.HostWeightHandler()
        self.handler = handler
        if self.weigher == 'nova':
            for key in ('ram_weight_multiplier', 'cpu_weight_multiplier',
                        'build_failure_weight_multiplier'):
                CONF.set_override(key, float(setting(self.case, key)),
                                  group='filter_scheduler')
            self.weighers = [cls() for cls in handler.get_matching_classes(
                CONF.filter_scheduler.weight_classes)]
        else:
            CONF.set_override(
                'ram_weight_multiplier',
                1.0 if self.weigher == 'spread' else -1.0,
                group='filter_scheduler')
            self.weighers = [ram_weigher.RAMWeigher()]

    def _spec(self, vm):
        topo = vm.constraints.obj_clone() if vm.constraints else None
        return objects.RequestSpec(
            flavor=vm.flavor, image=IMAGE, numa_topology=topo,
            pci_requests=objects.InstancePCIRequests(requests=[]),
            instance_uuid='00000000-0000-4000-8000-000000000000',
            instance_group=None, num_instances=1,
            ignore_hosts=None, force_hosts=None, force_nodes=None)

    def _weighed(self, vm, exclude):
        """Filter and weigh: [(Host, HostState, weight)] best first."""
        spec = self._spec(vm)
        nfilter = numa_topology_filter.NUMATopologyFilter()
        passing = []
        by_state = {}
        for h in self.hosts:
            if h.name in exclude or not h.placement_ok(vm.flavor):
                continue
            hs = h.host_state()
            if not nfilter.host_passes(hs, spec):
                continue
            passing.append(hs)
            by_state[id(hs)] = h
        weighed = self.handler.get_weighed_objects(self.weighers, passing,
                                                   spec)
        return [(by_state[id(w.obj)], w.obj, w.weight) for w in weighed]

    def _claim(self, vm, host, hs):
        spec = self._spec(vm)
        hs.consume_from_request(spec)
        # consume_from_request swallows any exception (it only logs it,
        # set_update_time_on_success); it sets `updated` on success only
        assert hs.updated is not None, 'consume_from_request failed'
        host.Cm += vm.flavor.memory_mb
        host.Cv += vm.flavor.vcpus
        assert hs.free_ram_mb == host.M - host.Rs - host.Cm
        assert hs.vcpus_used == host.Cv
        if vm.constraints is not None:
            assert spec.numa_topology is not None, 'claim did not fit'
            vm.fitted = spec.numa_topology
            host.topology = hs.numa_topology
            if self.trace:
                self.trace({'vm': vm.name, 'host': host.name,
                            'cells': [c.id for c in vm.fitted.cells]})
        vm.host = host

    def _release(self, vm):
        host = vm.host
        host.Cm -= vm.flavor.memory_mb
        host.Cv -= vm.flavor.vcpus
        if vm.fitted is not None:
            host.topology = hardware.numa_usage_from_instance_numa(
                host.topology, vm.fitted, free=True)
        if vm.parts is not None:
            for unit in vm.parts:
                for node, mb in unit:
                    host.free[node] += mb
        vm.host = vm.fitted = vm.parts = None

    def _start(self, vm):
        host = vm.host
        if vm.constraints is None:
            units = [vm.flavor.memory_mb]
        else:
            units = [c.memory for c in vm.constraints.cells]
        free, parts, code = back_units(host.free, units, host.spanning)
        if code is not None:
            return code
        host.free = free
        vm.parts = parts
        return None

    # ------------------------------------------------------------- events

    def boot(self, index, name, flavor_name):
        flavor = self.flavors[flavor_name]
        constraints = hardware.numa_get_constraints(flavor, IMAGE)
        vm = Vm(name, flavor, constraints)
        self.vms[name] = vm
        attempts = 0
        tie = False
        final = None
        if self.weigher == 'nova':
            order = self._weighed(vm, ())
            if self.trace:
                self.trace({'vm': vm.name, 'attempt': 0,
                            'weighed': [[h.name, w] for h, _, w in order]})
            for k, (host, hs, weight) in enumerate(
                    order[:self.max_attempts]):
                if k + 1 < len(order) and order[k + 1][2] == weight:
                    tie = True
                # the conductor claims the alternate in placement again
                assert host.placement_ok(vm.flavor)
                attempts += 1
                self._claim(vm, host, hs)
                code = self._start(vm)
                if code is None:
                    host.failed_builds = 0
                    final = host
                    break
                host.failed_builds += 1
                self._release(vm)
        else:
            tried = []
            while attempts < self.max_attempts:
                order = self._weighed(vm, tried)
                if self.trace:
                    self.trace({'vm': vm.name, 'attempt': attempts,
                                'weighed': [[h.name, w]
                                            for h, _, w in order]})
                if not order:
                    break
                host, hs, weight = order[0]
                if len(order) > 1 and order[1][2] == weight:
                    tie = True
                tried.append(host.name)
                attempts += 1
                self._claim(vm, host, hs)
                code = self._start(vm)
                if code is None:
                    host.failed_builds = 0
                    final = host
                    break
                host.failed_builds += 1
                self._release(vm)
        rec = {'event': index, 'vm': name,
               'host': final.name if final else None,
               'attempts': attempts, 'tie': tie}
        self.boots.append(rec)
        return rec

    def delete(self, name):
        vm = self.vms.get(name)
        if vm is not None and vm.host is not None:
            self._release(vm)
        self.vms.pop(name, None)

    def event(self, index, ev):
        """Play one event; returns the boot records it made."""
        if 'boot' in ev:
            b = ev['boot']
            if 'count' in b:
                names = ['%s-%d' % (b['name'], i)
                         for i in range(1, int(b['count']) + 1)]
            else:
                names = [b['name']]
            return [self.boot(index, n, b['flavor']) for n in names]
        if 'delete' in ev:
            self.delete(ev['delete'])
            return []
        raise ValueError('unsupported event %r' % (ev,))

    def active(self):
        return [n for n, vm in self.vms.items() if vm.host is not None]

    def run(self):
        for i, ev in enumerate(self.case['events']):
            self.event(i, ev)
        return self.boots
