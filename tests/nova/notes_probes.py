#!/usr/bin/env python3
"""Probe cases behind NOTES.md: every behaviour NOTES.md states about
value parsing, coercion and exception messages is pinned by a case here.

Usage: notes_probes.py > probes.cases.jsonl     (standard library only)

Ids are "probe-<topic>-<n>"; NOTES.md cites them by topic.  Unlike
gen_cases.py these deliberately include values Glance would rarely send
(JSON null, lists, floats, non-ASCII digits) because they show exactly how
ImageMetaProps.from_dict and Python's int() behave.  Flavor values that are
not strings are included on purpose too: the oracle str()s them (NOTES §b).
"""
import json
import sys

CONFIG = {'image_conflict': 'reject', 'max_vnuma_vcpus': 0,
          'max_vnuma_memory_mb': 0, 'dynamic_memory_ratio': 1.0,
          'packing_host_numa_cells_allocation_strategy': False}
HOST2 = {'cells': [{'id': 0, 'cpus': [0, 1, 2, 3], 'memory_mb': 4096,
                    'used_cpus': 0, 'used_memory_mb': 0},
                   {'id': 1, 'cpus': [4, 5, 6, 7], 'memory_mb': 4096,
                    'used_cpus': 0, 'used_memory_mb': 0}],
         'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0}

OUT = []
_counter = {}


def case(topic, specs=None, props=None, vcpus=4, mem=2048, host=False,
         config=None, image_name=None):
    _counter[topic] = _counter.get(topic, 0) + 1
    c = {'id': 'probe-%s-%02d' % (topic, _counter[topic]),
         'flavor': {'vcpus': vcpus, 'memory_mb': mem,
                    'extra_specs': specs or {}},
         'config': dict(CONFIG, **(config or {}))}
    if props is not None:
        c['image'] = {'properties': props}
        if image_name is not None:
            c['image']['name'] = image_name
    if host:
        c['host'] = HOST2 if host is True else host
    OUT.append(c)


def raw_case(topic, json_text):
    """A case written verbatim (what a dict cannot hold: repeated keys)."""
    _counter[topic] = _counter.get(topic, 0) + 1
    OUT.append(json_text.replace('@ID@', 'probe-%s-%02d' % (topic, _counter[topic])))


M1 = {'hw_numa_nodes': 1, 'hw_numa_cpus.0': '0-3'}   # + hw_numa_mem.0

# (a) image property coercion -------------------------------------------
for v in ['two', 2.7, True, False, None, '2.0', ' 2', '+2', '02', '1_000',
          '0', 0, -1, '-1', 2, '2', [2], {'a': 1}, '\u0662',
          '\u00a02\u2003', '1e1']:
    case('img-nodes', props={'hw_numa_nodes': v})
for v in ['pinned', 'DEDICATED', '', None, 1, True, 'dedicated', 'shared',
          'mixed']:
    case('img-cpu-policy', props={'hw_cpu_policy': v})
for v in ['garbage', '', None, 'prefer', 'isolate', 0]:
    case('img-thread-policy', props={'hw_cpu_thread_policy': v})
for v in ['abc', '1.5', 1.5, '-5', -5, None, True, ' 100 ', '1_000', 2048,
          '2048', '0x10', "a'b", ' 1.5 ', [1], 2048.9, '']:
    case('img-numa-mem', props=dict(M1, **{'hw_numa_mem.0': v}))
for v in ['1-0', 'a-b', '^x', '', ',,', 0, None, True, 1.0, '0-3',
          '0-3,^1', '^0-1', '0- 3', '3', '0,1,2,3', '1--2', ' 0 - 3 ',
          '-1', '0-', 'x', '^', '-', ' ^x-1 ', '0-+3']:
    case('img-numa-cpus', props={'hw_numa_nodes': 1, 'hw_numa_cpus.0': v,
                                 'hw_numa_mem.0': 2048})
for v in ['yes', 'no', 'true', 'garbage', '', None, 1, 0, True, '1', 'on',
          'off', 'y', 't', 2]:
    case('img-locked', props={'hw_locked_memory': v})
for v in [2048, '2048', None, True, 'large', '2MB', 'garbage', '', 2048.0,
          [1]]:
    case('img-page', specs={'hw:mem_page_size': 'large'},
         props={'hw_mem_page_size': v})
for v in [None, 5, True, '0-1', ' ^0']:
    case('img-rt-mask', specs={'hw:cpu_policy': 'dedicated',
                               'hw:cpu_realtime': 'yes'},
         props={'hw_cpu_realtime_mask': v})
for v in ['required', 'forbidden', 'REQUIRED', True, None]:
    case('img-trait', specs={'hw:cpu_policy': 'dedicated'},
         props={'trait:HW_CPU_HYPERTHREADING': v})
case('img-trait', props={'trait:HW_CPU_HYPERTHREADING': 'required'})
case('img-trait', props={'traits_required': ['HW_CPU_HYPERTHREADING'],
                         'hw_cpu_policy': 'dedicated'})
# field order: first failing field in ImageMetaProps.fields order wins
for props in [{'hw_numa_nodes': 'two', 'hw_cpu_policy': 'pinned'},
              {'hw_numa_mem.0': 'abc', 'hw_numa_cpus.0': '1-0'},
              {'hw_numa_mem.0': 'abc', 'hw_numa_nodes': 'x'},
              {'hw_locked_memory': 'x', 'hw_mem_page_size': None},
              {'hw_mem_page_size': None, 'hw_numa_nodes': 'x'},
              {'hw_cpu_thread_policy': 'x', 'hw_cpu_policy': 'y'},
              {'hw_cpu_realtime_mask': None, 'hw_cpu_thread_policy': 'x'},
              {'hw_vif_model': 'bogus', 'hw_numa_nodes': 2},
              {'architecture': 'bogus', 'hw_numa_nodes': 2},
              {'hw_numa_nodes': 'x', 'hw_pmu': None}]:
    case('img-order', props=props)
# scans stop at the first missing index; bare keys are ignored
case('img-gap', props={'hw_numa_nodes': 2, 'hw_numa_cpus.0': '0-1',
                       'hw_numa_cpus.2': '2-3', 'hw_numa_mem.0': 1024,
                       'hw_numa_mem.1': 1024})
case('img-gap', props={'hw_numa_nodes': 2, 'hw_numa_cpus.0': '0-1',
                       'hw_numa_cpus.2': 'x-y', 'hw_numa_mem.0': 1024})
case('img-gap', props={'hw_numa_cpus': '0-3', 'hw_numa_mem': '2048',
                       'hw_numa_nodes': 1})

# (b) flavor values that are not JSON strings ------------------------------
case('fl-json', specs={'hw:numa_nodes': 2})
case('fl-json', specs={'hw:numa_nodes': 2.0})
case('fl-json', specs={'hw:numa_nodes': True})
case('fl-json', specs={'hw:numa_nodes': None})
case('fl-json', specs={'hw:numa_nodes': 2, 'hw:numa_cpus.0': '0-1',
                       'hw:numa_cpus.1': '2-3', 'hw:numa_mem.0': 1024.0,
                       'hw:numa_mem.1': 1024})
case('fl-json', specs={'hw:locked_memory': True, 'hw:mem_page_size': 2048})
case('fl-json', specs={'hw:cpu_policy': None})
case('fl-json', specs={'hw:mem_page_size': None})
case('fl-json', specs={'hw:mem_page_size': False})
case('fl-json', specs={'hw:pmem': None})

# (c) flavor-side parsing and every exception ------------------------------
for v in ['1', '8', '0', '-1', 'two', '', ' 2', '02', '1.5', '+2', '2 ',
          '1_000', '\u0663', '\u00b2', '0x2', '-0', '00', "x'y",
          '99999999999999999999']:
    case('fl-nodes', specs={'hw:numa_nodes': v})
for v in ['small', 'large', 'any', '4', '2048', '2MB', '2MiB', '4KB', '1GB',
          '0', 'garbage', '', '2mb', '2M', '2Mb', '1Gi', '1GiB', '2048KB',
          '1.5KB', '0.5KB', '0B', '-2MB', '+2MB', '.5MB', '2MB\n', ' 2048',
          '2048 ', '\u00b2', '\u0663', '1kB', '1kb', '1TB', '4096B', 'SMALL',
          '3Kb', '1e3B', '1.1MB', '3TiB', '1B', '9b', '-1', '-2KB', '5.MB',
          '2 MB', '1PB', '\u0663KB', '00']:
    case('fl-page', specs={'hw:mem_page_size': v})
case('fl-page', specs={'hw:mem_page_size': '-2KB'},
     props={'hw_mem_page_size': '2048'})
case('fl-page', specs={'hw:mem_page_size': '-3KB'}, host=True)
case('fl-page', specs={'hw:mem_page_size': '0.5KB'}, host=True)
case('fl-page', specs={'hw:mem_page_size': 'any'},
     props={'hw_mem_page_size': '2.5KiB'})
for v in ['garbage', 'SHARED', 'shared', 'dedicated', 'mixed', '', "x'y"]:
    case('fl-cpu-policy', specs={'hw:cpu_policy': v})
case('fl-cpu-policy', specs={'hw:cpu_policy': ''},
     props={'hw_cpu_policy': 'dedicated'})
for v in ['garbage', 'prefer', 'isolate', 'require', '']:
    case('fl-thread-policy', specs={'hw:cpu_thread_policy': v,
                                    'hw:cpu_policy': 'dedicated'})
case('fl-thread-policy', specs={'hw:cpu_thread_policy': 'prefer'})
case('fl-thread-policy', specs={'hw:cpu_thread_policy': '',
                                'hw:numa_nodes': '1'})
case('fl-thread-policy', specs={'hw:cpu_thread_policy': ''})
case('fl-thread-policy', specs={'hw:cpu_policy': 'dedicated',
                                'hw:cpu_thread_policy': ''},
     props={'hw_cpu_thread_policy': 'isolate'})
for pol in ['dedicated', None]:
    for v in ['share', 'isolate', 'garbage', '']:
        s = {'hw:emulator_threads_policy': v}
        if pol:
            s['hw:cpu_policy'] = pol
        case('fl-emulator', specs=s)
for rt, mask, pol in [('yes', '^0', 'dedicated'), ('yes', '', 'dedicated'),
                      ('yes', None, 'dedicated'), ('yes', '0-3', 'dedicated'),
                      ('yes', '^0', 'mixed'), ('yes', '0-9', 'dedicated'),
                      ('yes', '^0', None), ('no', '^0', None),
                      ('garbage', '^0', None), ('true', 'x', 'dedicated'),
                      ('yes', '^0-3', 'dedicated'), ('1', '1', 'dedicated'),
                      ('yes', '0-1,^0-1', 'mixed'), ('yes', '0-9', None)]:
    s = {'hw:cpu_realtime': rt}
    if mask is not None:
        s['hw:cpu_realtime_mask'] = mask
    if pol:
        s['hw:cpu_policy'] = pol
    case('fl-realtime', specs=s)
case('fl-realtime', specs={'hw:cpu_policy': 'dedicated',
                           'hw:cpu_realtime': 'yes',
                           'hw:emulator_threads_policy': 'garbage'})
case('fl-realtime', specs={'hw:cpu_policy': 'dedicated',
                           'hw:cpu_realtime': 'yes',
                           'hw:emulator_threads_policy': 'isolate'})
for mask, pol in [('^0', 'mixed'), ('0', 'mixed'), ('0-3', 'mixed'),
                  ('^0-3', 'mixed'), ('5', 'mixed'), ('^0', None),
                  ('^0', 'dedicated'), ('x', 'mixed'), ('', 'mixed'),
                  ('0,^0', 'mixed'), ('^5', 'mixed'), ('a', None)]:
    s = {'hw:cpu_dedicated_mask': mask}
    if pol:
        s['hw:cpu_policy'] = pol
    case('fl-dedicated-mask', specs=s)
case('fl-dedicated-mask', specs={'hw:cpu_policy': 'mixed',
                                 'hw:cpu_dedicated_mask': '0'}, vcpus=1)
case('fl-dedicated-mask', specs={'hw:cpu_policy': 'mixed',
                                 'hw:cpu_dedicated_mask': '^0',
                                 'hw:cpu_realtime': 'yes',
                                 'hw:cpu_realtime_mask': '^0'})
for rs in [{'resources:VCPU': '4'}, {'resources:PCPU': '4'},
           {'resources:PCPU': '3'}, {'resources1:PCPU': '4'},
           {'resources:PCPU': '2', 'resources1:PCPU': '2'},
           {'resources:VCPU': '2', 'resources:PCPU': '2'},
           {'resources:PCPU': '5', 'hw:emulator_threads_policy': 'isolate'},
           {'resources:PCPU': '4', 'hw:emulator_threads_policy': 'isolate'},
           {'resources:PCPU': '4', 'hw:cpu_policy': 'dedicated'},
           {'resources:VCPU': 'abc'}, {'resources:PCPU': 'abc'},
           {'resources:VCPU': '0'},
           {'resources:VCPU': '4', 'hw:numa_nodes': '2'},
           {'resources01:PCPU': '4'}, {'resources0:PCPU': '4'},
           {'resources:PCPUX': '4'}, {'resources:PCPU': ' 4'},
           {'resources:PCPU': '-4'},
           {'resources:VCPU': '-4', 'resources:PCPU': '4'},
           {'resources:VCPUS': '4', 'hw:cpu_policy': 'shared'}]:
    case('fl-resources', specs=rs)
case('fl-resources', specs={'resources:VCPU': '4'},
     props={'hw_cpu_policy': 'shared'})
for tr in [{'trait:HW_CPU_HYPERTHREADING': 'required'},
           {'trait:HW_CPU_HYPERTHREADING': 'forbidden'},
           {'trait:HW_CPU_HYPERTHREADING': 'required',
            'hw:cpu_policy': 'dedicated'},
           {'trait:HW_CPU_HYPERTHREADING': 'forbidden',
            'hw:cpu_policy': 'dedicated'},
           {'trait:HW_CPU_HYPERTHREADING': 'garbage',
            'hw:cpu_policy': 'dedicated'},
           {'trait1:HW_CPU_HYPERTHREADING': 'required',
            'hw:cpu_policy': 'dedicated'},
           {'trait:HW_CPU_HYPERTHREADING': 'required',
            'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'require'},
           {'hw:cpu_policy': 'dedicated',
            'trait:HW_CPU_HYPERTHREADING': 'forbidden',
            'trait1:HW_CPU_HYPERTHREADING': 'required'},
           {'hw:cpu_policy': 'dedicated',
            'trait:HW_CPU_HYPERTHREADING_X': 'required'},
           {'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'isolate',
            'trait:HW_CPU_HYPERTHREADING': ''},
           {'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'isolate',
            'trait:HW_CPU_HYPERTHREADING': 'x'}]:
    case('fl-trait', specs=tr)
for v in ['true', 'false', 'garbage', '', 'yes']:
    case('fl-locked', specs={'hw:locked_memory': v})
    case('fl-locked', specs={'hw:locked_memory': v,
                             'hw:mem_page_size': 'large'})
case('fl-locked', specs={'hw:locked_memory': 'true',
                         'hw:mem_page_size': 'large'},
     props={'hw_locked_memory': 'false'})
case('fl-locked', specs={'hw:locked_memory': 'garbage',
                         'hw:mem_page_size': 'large'},
     props={'hw_locked_memory': 'garbage'})
case('fl-locked', specs={'hw:mem_page_size': 'small'},
     props={'hw_locked_memory': 'yes'})
case('fl-locked', specs={'hw:locked_memory': 'no'},
     props={'hw_locked_memory': True})
case('fl-locked', specs={'hw:locked_memory': 'yes',
                         'hw:mem_page_size': 'zz'})
for v in ['a', 'a,b', ',,', ' ', '', '\u00a0']:
    case('fl-pmem', specs={'hw:pmem': v})
case('fl-unknown', specs={'hw:numa_nodez': '2', 'quota:cpu_shares': '10',
                          'hw:numa_cpus': '0-3', 'hw:numa_mem': '2048'})
N2 = {'hw:numa_nodes': '2'}
for extra in [
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-3',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': 'abc'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-3',
         'hw:numa_mem.0': '1.5', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '1-0',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-5',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0-2', 'hw:numa_cpus.1': '2-3',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-3',
         'hw:numa_mem.0': '2048', 'hw:numa_mem.1': '-0'},
        {'hw:numa_cpus.0': '0-3', 'hw:numa_cpus.1': '',
         'hw:numa_mem.0': '2048', 'hw:numa_mem.1': '0'},
        {'hw:numa_cpus.0': '0,1', 'hw:numa_cpus.1': '2,3',
         'hw:numa_mem.0': '1000', 'hw:numa_mem.1': '1000'},
        {'hw:numa_cpus.0': '0,1', 'hw:numa_cpus.1': '0,2,3',
         'hw:numa_mem.0': 'x', 'hw:numa_mem.1': '1000'},
        {'hw:numa_cpus.0': '0,1', 'hw:numa_cpus.1': '2,3',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024',
         'hw:numa_mem.2': 'zz'},
        {'hw:numa_cpus.0': '0,1', 'hw:numa_cpus.1': '2,3',
         'hw:numa_mem.0': ' 1024 ', 'hw:numa_mem.1': '1_024'},
        {'hw:numa_cpus.0': '^0', 'hw:numa_cpus.1': '0-3',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-3',
         'hw:numa_mem.0': '-512', 'hw:numa_mem.1': '2560'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-3,^3,3',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-3,9,^9',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '2-3',
         'hw:numa_mem.0': '99999999999999999999',
         'hw:numa_mem.1': '1024'}]:
    case('fl-manual', specs=dict(N2, **extra), host=True)
case('fl-manual', specs={'hw:numa_cpus.0': 'x', 'hw:numa_mem.0': 'y'})
case('fl-manual', specs={'hw:numa_nodes': '1', 'hw:numa_cpus.0': 'x',
                         'hw:numa_mem.0': 'y'})
case('fl-manual', specs={'hw:numa_nodes': '1', 'hw:numa_mem.0': 'y'},
     props={'hw_numa_cpus.0': '0-3'})
case('fl-manual', specs={'hw:numa_nodes': '1', 'hw:numa_cpus.0': '0-3',
                         'hw:numa_mem.0': 'y'},
     props={'hw_numa_cpus.0': '0-3'})
case('fl-manual', specs={'hw:numa_nodes': '1', 'hw:numa_cpus.0': '0-3',
                         'hw:numa_mem.0': '2048', 'hw:numa_cpus.1': 'x'})
case('fl-manual', specs={'hw:numa_nodes': '1',
                         'hw:numa_cpus.0': '0-60,^7,70-100',
                         'hw:numa_mem.0': '2048'}, vcpus=128)
for spec in ["a'b", 'a\'b"c', '\u00e9\\\t', ' x ', 'x' * 300]:
    case('fl-repr', specs={'hw:numa_nodes': '1', 'hw:numa_cpus.0': spec,
                           'hw:numa_mem.0': '2048'})
case('fl-repr', specs={'hw:numa_nodes': '1', 'hw:numa_cpus.0': '0-3',
                       'hw:numa_mem.0': 'x' * 300})
# set iteration order decides which id is reported
for c1 in ['9,2', '2,10', '1,8,9', '6,4', '12,5', '0-3,12', '3,11,19']:
    case('set-order', specs={'hw:numa_nodes': '2', 'hw:numa_cpus.0': '0-2',
                             'hw:numa_cpus.1': c1, 'hw:numa_mem.0': '1024',
                             'hw:numa_mem.1': '1024'})
    case('set-order', props={'hw_numa_nodes': 2, 'hw_numa_cpus.0': '0-2',
                             'hw_numa_cpus.1': c1, 'hw_numa_mem.0': 1024,
                             'hw_numa_mem.1': 1024})
# conflicts
for k, fv, iv in [('numa_nodes', '2', 2), ('numa_nodes', '2', '1'),
                  ('numa_nodes', '2', 0), ('numa_nodes', '0', 2),
                  ('numa_nodes', '', '0'), ('numa_nodes', '0', 0),
                  ('cpu_policy', 'dedicated', 'shared'),
                  ('cpu_policy', 'mixed', 'dedicated'),
                  ('cpu_policy', 'shared', 'dedicated'),
                  ('cpu_policy', 'shared', 'shared'),
                  ('cpu_policy', 'garbage', 'pinned'),
                  ('mem_page_size', 'small', 'small'),
                  ('mem_page_size', 'large', '2048'),
                  ('mem_page_size', 'any', 'small'),
                  ('mem_page_size', '2048', '2048'),
                  ('mem_page_size', 'large', 'garbage'),
                  ('mem_page_size', 'garbage', '2048'),
                  ('mem_page_size', 'large', ''),
                  ('mem_page_size', '', 'large'),
                  ('cpu_realtime_mask', '^0', '^1'),
                  ('locked_memory', 'true', 'true'),
                  ('locked_memory', 'false', 'true')]:
    case('conflict', specs={'hw:' + k: fv}, props={'hw_' + k: iv})
case('conflict', specs={'hw:cpu_policy': 'dedicated',
                        'hw:cpu_thread_policy': 'prefer'},
     props={'hw_cpu_thread_policy': 'isolate'})
case('conflict', specs={'hw:cpu_policy': 'dedicated',
                        'hw:cpu_thread_policy': 'require'},
     props={'hw_cpu_thread_policy': 'isolate'})
case('conflict', specs={'hw:numa_nodes': '2', 'hw:numa_cpus.0': '0-1',
                        'hw:numa_cpus.1': '2-3'},
     props={'hw_numa_mem.0': '1024', 'hw_numa_mem.1': 1024})
case('conflict', specs={'hw:numa_nodes': '2'},
     props={'hw_numa_cpus.0': '0-1', 'hw_numa_cpus.1': '2,3',
            'hw_numa_mem.0': '1024', 'hw_numa_mem.1': 1024})
case('conflict', specs={'hw:cpu_realtime': 'yes', 'hw:cpu_policy':
                        'dedicated', 'hw:cpu_realtime_mask': '^0'},
     props={'hw_cpu_realtime_mask': '0-9'})
# Hyper-V driver / dynamic memory
for ratio in [1.0, 1.5, 2.0, 3.7]:
    case('hyperv', specs={'hw:numa_nodes': '1'}, mem=4095,
         config={'dynamic_memory_ratio': ratio})
    case('hyperv', mem=4095, config={'dynamic_memory_ratio': ratio})
case('hyperv', specs={'hw:numa_nodes': '1'}, vcpus=128, mem=2097152)
case('hyperv', specs={'hw:numa_nodes': '2'}, vcpus=128, mem=2097152)
case('hyperv', specs={'hw:cpu_policy': 'dedicated', 'hw:numa_nodes': '2'},
     host=True)

# (f) found by the adversarial corpus (fuzz_cases.py) --------------------
# every ImageMetaProps field is coerced, not only the NUMA ones
for props in [
        {'architecture': 'bogus'}, {'architecture': 'AMD64'},
        {'hw_architecture': 5}, {'hw_architecture': None},
        {'hw_emulation_architecture': 'I386'}, {'vm_mode': 'PV'},
        {'hw_vm_mode': 'bogus'}, {'hypervisor_type': 'XAPI'},
        {'img_hv_type': 'Bogus'}, {'img_hv_type': '\u212avm'},
        {'os_type': 'WINDOWZ'}, {'os_type': 'Windows'},
        {'os_type': '\u03a3\u0391\u03a3'}, {'hw_vif_model': 'VirtualE1000'},
        {'hw_vif_model': 'bogus'}, {'hw_vif_model': '\u24b6'},
        {'hw_vif_model': '\u0130'}, {'hw_scsi_model': 'lsiLogicSAS'},
        {'vmware_adaptertype': 'ide'}, {'vmware_adaptertype': 'floppy'},
        {'vmware_adaptertype': 'paraVirtual'}, {'vmware_adaptertype': 0},
        {'vmware_adaptertype': 1}, {'vmware_adaptertype': []},
        {'hw_disk_bus': 'floppy'}, {'hw_disk_bus': ['ide']},
        {'hw_tpm_version': 2.0}, {'hw_video_ram': '64MB'},
        {'hw_machine_type': {}}, {'img_signature_certificate_uuid': 'x'},
        {'img_hv_requested_version': '>=2.6'},
        {'img_hv_requested_version': '2.6'},
        {'img_hv_requested_version': ''},
        {'img_hv_requested_version': '<=1.0)\n('},
        {'img_hv_requested_version': ' >= 1.0, <2.0b1 '},
        {'img_hv_requested_version': '>=1.2.3.4'},
        {'hypervisor_version_requires': '==1.0a'},
        {'img_mappings': 'x'}, {'img_mappings': [None]},
        {'img_mappings': [{'a': None, 'b': 1.5}, 5]},
        {'img_mappings': [{"k'": [1]}]}, {'mappings': {}},
        {'block_device_mapping': [{'k': {}}]}, {'traits_required': 5},
        {'hw_numa_cpus': 5, 'hw_numa_mem': 'x'},
        {'architecture': 'nope', 'hw_cpu_policy': 'pinned'},
        {'hw_vif_model': 'bogus', 'hw_cpu_policy': 'pinned'},
        {'img_owner_id': [], 'owner_id': 'ok'},
        {'owner_id': [], 'img_owner_id': 'ok'}]:
    case('img-other', specs={'hw:numa_nodes': '2'}, props=props)
for name in [['x'], {'a': 1}, None, 5]:
    case('img-name', props={}, image_name=name)
case('img-name', props={'hw_vif_model': 'bogus'}, image_name=['x'])
# int(): padding, digit limit, Unicode 14 digits; repr() of Unicode 15
for v in ['2048\x1c', '2048\x85', '\xa02048', '1' * 4301, '1_' * 4300 + '1',
          '\U00011f52\U00011f50\U00011f54\U00011f58', '2048\u3000']:
    case('py-int', specs={'hw:numa_nodes': '1', 'hw:numa_cpus.0': '0-3',
                          'hw:numa_mem.0': v})
for v in ['1' * 4301, '1' * 400 + 'B', '9' * 310 + 'KB', '\U00011f52']:
    case('py-int', specs={'hw:mem_page_size': v})
for v in ['\U00031350-1', 'x\u0cf3', '\U00011f52']:
    case('py-repr', specs={'hw:numa_nodes': '1', 'hw:numa_cpus.0': v,
                           'hw:numa_mem.0': '2048'})
# Python ints beyond 64 bits
case('big-int', specs={'hw:numa_nodes': '1', 'hw:numa_mem.0': '2048',
                       'hw:numa_cpus.0': '0-3,18446744073709551616'})
case('big-int', specs={'hw:numa_nodes': '1', 'hw:numa_mem.0': '2048',
                       'hw:numa_cpus.0': '0-3,^99999999999999999999999,4'})
case('big-int', props={'hw_numa_nodes': '-99999999999999999999999'})
case('big-int', props={'hw_numa_nodes': -1e30})
case('big-int', specs={'hw:numa_nodes': '2', 'hw:numa_cpus.0': '0-1',
                       'hw:numa_cpus.1': '2-3',
                       'hw:numa_mem.0': '100000000000000000000000000000',
                       'hw:numa_mem.1': '-99999999999999999999999997952'})
case('big-int', props={'hw_numa_nodes': 2, 'hw_numa_cpus.0': '0-1',
                       'hw_numa_cpus.1': '2-3', 'hw_numa_mem.0': 1e30,
                       'hw_numa_mem.1': 3})
case('big-int', specs={'resources:PCPU': '99999999999999999999999',
                       'resources1:PCPU': '-99999999999999999999995'})
# _pack_instance_onto_cores(): empty pinning, no sibling sets
LV = {'cells': [{'id': 0, 'cpus': [0, 1, 2, 3], 'memory_mb': 4096,
                 'pcpus': [0, 1, 2, 3]},
                {'id': 1, 'cpus': [4, 5, 6, 7], 'memory_mb': 4096,
                 'pcpus': [4, 5, 6, 7]}]}
LV3 = {'cells': LV['cells'] + [{'id': 2, 'cpus': [8, 9], 'memory_mb': 4096,
                                'pcpus': []}]}
MIXED2 = {'hw:cpu_policy': 'mixed', 'hw:numa_nodes': '2'}
case('fit-pack', specs=dict(MIXED2, **{'hw:cpu_dedicated_mask': '0'}), host=LV)
case('fit-pack', specs=dict(MIXED2, **{'hw:cpu_dedicated_mask': '0'}), host=LV3)
case('fit-pack', specs=dict(MIXED2, **{'hw:cpu_dedicated_mask': '0,2'}), host=LV3)
case('fit-pack', specs={'hw:cpu_policy': 'dedicated'}, vcpus=0, mem=512, host=LV)
case('fit-pack', specs={'hw:cpu_policy': 'dedicated'}, vcpus=0, mem=512,
     host={'cells': [{'id': 0, 'cpus': [0], 'memory_mb': 4096, 'pcpus': []}]})
case('fit-pack', specs={'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '0'},
     host={'cells': [{'id': 0, 'cpus': [0, 1, 2, 3], 'memory_mb': 4096, 'pcpus': []},
                     {'id': 1, 'cpus': [4, 5, 6, 7], 'memory_mb': 4096,
                      'pcpus': [4, 5, 6, 7]}]})
# NUMATopologyFilter always builds limits; use_limits is the bare fit's
case('filter-limits', specs={'hw:numa_nodes': '1'},
     host={'cells': [{'id': 0, 'cpus': [0, 1, 2, 3], 'memory_mb': 4096,
                      'used_cpus': 4}], 'use_limits': False})
# json.loads() keeps one entry per key: first position, last value
raw_case('dup-keys', '{"id": "@ID@", "flavor": {"vcpus": 4, "memory_mb": 2048, '
         '"extra_specs": {"hw:numa_nodes": "x", "hw:numa_nodes": "2"}}}')
raw_case('dup-keys', '{"id": "@ID@", "flavor": {"vcpus": 4, "memory_mb": 2048}, '
         '"image": {"properties": {"hw_disk_bus": {"a": 1, "b": 2, "a": 3}}}}')
raw_case('dup-keys', '{"id": "@ID@", "flavor": {"vcpus": 4, "memory_mb": 2048}, '
         '"image": {"properties": {"img_mappings": [{"a": [], "a": "ok"}]}}}')


def main():
    for c in OUT:
        if isinstance(c, str):
            sys.stdout.write(c + '\n')
        else:
            sys.stdout.write(json.dumps(c, sort_keys=True) + '\n')


if __name__ == '__main__':
    main()
