#!/usr/bin/env python3
"""Adversarial case generator for `numaplan resolve` vs. Nova 26.

    fuzz_cases.py [SEED [COUNT]]        (defaults: 1 2000)

Not a sibling of gen_cases.py: that one builds *meaningful* requests per
category. This one throws garbage. Every case draws a "chaos" level; each
knob (every NUMA extra spec, every ImageMetaProps field, legacy image names,
trait:/resources: keys, the host, the config) is then either left out, set
to something plausible, or set to a poisoned value taken from a pool of
atoms that are known to make re-implementations trip: JSON types Nova
str()s or int()s, Unicode digits and spaces, underscores, signs, 20- to
4301-digit numbers, raw literals such as 1e400 and -0.0, duplicate JSON
keys, page sizes with units/signs/fractions, masks with carets and spaces.

The JSON text is written by a small emitter of our own (not json.dumps of
a dict) so that it can write raw number literals and duplicate keys, and
so that object key order is exactly what was generated (Nova walks extra
specs in dict order). Half of the lines are written with \\uXXXX escapes,
half as raw UTF-8.

Ids are "fuzz-SEED-NNNNN". Only the standard library is used; the same SEED
and COUNT give the same bytes. The oracle (nova_oracle.py) answers every
line; `numaplan resolve` must agree (tests/test-differential.c).
"""
import json
import math
import random
import sys

# ------------------------------------------------------------ JSON emitter


class Raw:
    """A number literal written verbatim (1e400, -0.0, 1E+2, 10**40)."""

    def __init__(self, text):
        self.text = text


class Obj:
    """A JSON object as an ordered list of pairs; keys may repeat."""

    def __init__(self, pairs=None):
        self.pairs = list(pairs or [])

    def put(self, key, value):
        self.pairs.append((key, value))

    def keys(self):
        return [k for k, _ in self.pairs]


def emit(value, ascii_only):
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return 'null'
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        assert math.isfinite(value)
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=ascii_only)
    if isinstance(value, Obj):
        return '{' + ', '.join('%s: %s' % (json.dumps(k, ensure_ascii=ascii_only),
                                           emit(v, ascii_only))
                               for k, v in value.pairs) + '}'
    if isinstance(value, (list, tuple)):
        return '[' + ', '.join(emit(v, ascii_only) for v in value) + ']'
    raise TypeError(type(value))


# ------------------------------------------------------------------ atoms

UNI_SPACES = [' ', '\t', '\n', '\xa0', '\u2003', '\u3000', '\x1c', '\x85',
              '\u200b', '\x0b', '\u2028']
# one digit "two" in several scripts; superscript/circled are isdigit()
# but not decimal (int() refuses them)
DIGIT_TWO = ['2', '\u0662', '\uff12', '\u0968', '\u09e8', '\U0001d7d0',
             '\xb2', '\u2461',
             # decimal in Unicode 15 only: CPython 3.11 refuses them
             '\U00011f52', '\U0001e4f2']
CASES = [str.lower, str.upper, str.title, lambda s: s]
WORDS = ['dedicated', 'shared', 'mixed', 'prefer', 'isolate', 'require',
         'share', 'required', 'forbidden', 'any', 'large', 'small', 'yes',
         'no', 'true', 'false', 'on', 'off', 'None', 'null', '', ' ', 'x',
         "it's", 'a"b', 'tab\there', 'back\\slash', '\u00e9t\u00e9',
         'DEDICATED', 'Shared', 'pinned', '\u03a3\u0391\u03a3', 'windows',
         'LINUX', 'Virtio', 'E1000', 'VirtualE1000', 'lsiLogicSAS',
         'paraVirtual', 'X86_64', 'AMD64', 'i386', 'xapi', 'HV', 'pv',
         'bareMetal', '\u212avm', 'ide', 'scsi', '>=2.6', '<1.0, >= 0.5b1',
         '==1.2.3a4', '> 1', '(>=1.0)', 'check', 'SHA-256', 'sha-256',
         # lower() corner cases and a Unicode 15 (unprintable for 3.11) char
         '\u24b6MD64', '\u2167', '\u0130de', 'x\U00031350y', '\u03a3']


class Gremlin:
    """Draws values. `chaos` in [0, 1] is the odds of poison per knob."""

    def __init__(self, rng):
        self.r = rng
        self.chaos = 0.3

    # -- primitives
    def p(self, odds):
        return self.r.random() < odds

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def poison(self):
        return self.p(self.chaos)

    def space(self):
        return self.pick(UNI_SPACES) if self.p(0.6) else ' '

    def huge(self, allow_giant=True):
        # <= 36 digits: even 128 of them sum below 2**127 (numaplan's
        # documented limit for exact numa_mem sums)
        digits = self.pick([19, 20, 21, 25, 30, 36])
        if allow_giant and self.p(0.02):
            digits = self.pick([4300, 4301])  # CPython's int() digit limit
        lead = str(self.r.randint(1, 9))
        return lead + ''.join(str(self.r.randint(0, 9))
                              for _ in range(digits - 1))

    def decorate_int(self, n):
        """str(n) dressed up the ways int() accepts or almost accepts."""
        s = str(n)
        trick = self.r.randrange(14)
        if trick == 0:
            s = self.space() + s + self.space()
        elif trick == 1 and n >= 0:
            s = '+' + s
        elif trick == 2:
            s = ('-' if n < 0 else '') + '0' + s.lstrip('-')
        elif trick == 3 and len(s.lstrip('-')) > 1:
            t = s.lstrip('-')
            s = ('-' if n < 0 else '') + t[0] + '_' + t[1:]
        elif trick == 4:
            s = s.replace('2', self.pick(DIGIT_TWO))
        elif trick == 5:
            s = s + '.0'
        elif trick == 6:
            s = s + '__0' if self.p(0.5) else '_' + s
        elif trick == 7:
            s = s + 'e0'
        elif trick == 8:
            s = '\u2212' + s.lstrip('-')
        elif trick == 9:
            s = '0x%x' % abs(n)
        elif trick == 10:
            s = s + self.pick(['\x1c', '\n', '\t\t', '\xa0'])
        return s

    def typed(self, plausible):
        """The plausible value as some other JSON type, or garbage."""
        k = self.r.randrange(20)
        if k == 0:
            return None
        if k == 1:
            return self.p(0.5)
        if k == 2:
            return [plausible] if self.p(0.5) else []
        if k == 3:
            return Obj([('v', plausible)]) if self.p(0.5) else Obj()
        if k == 4:
            return Raw(self.pick(['1e400', '-1e400', '-0.0', '1E+2', '2.0',
                                  '0.5', '-2.5', '1e-7', '123456789012345678901234567890',
                                  '-98765432109876543210', '1e30', '3.7',
                                  '18446744073709551616', '-9223372036854775809']))
        if k == 5:
            return self.pick(WORDS)
        if k == 6:
            return self.huge() if self.p(0.5) else '-' + self.huge()
        if k == 7:
            return float(self.r.randint(-3, 5)) + self.pick([0.0, 0.5, 0.25, 0.999])
        if k == 8:
            return self.r.randint(-3, 9)
        if isinstance(plausible, str):
            return self.mangle_text(plausible)
        return plausible

    def mangle_text(self, s):
        k = self.r.randrange(8)
        if k == 0:
            return self.pick(CASES)(s)
        if k == 1:
            return self.space() + s + self.space()
        if k == 2:
            return s + s
        if k == 3:
            return s[:-1] if s else '\x00'[:0]
        if k == 4:
            return s.replace('0', '\u0660').replace('1', '\uff11')
        if k == 5:
            return s + '\n'
        if k == 6:
            return "'" + s + '"'
        return s

    # -- domain values
    def count(self, lo=1, hi=8):
        n = self.r.randint(lo, hi)
        if not self.poison():
            return str(n)
        k = self.r.randrange(6)
        if k == 0:
            return self.decorate_int(n)
        if k == 1:
            return self.pick(['0', '-1', '-0', '00', '', ' ', 'two', '1.0',
                              '1e1', '2 ', '\u0662', '\xb2', '99999999999999999999',
                              "x'y", '-99999999999999999999', '4097', '128'])
        if k == 2:
            return self.huge()
        return self.typed(str(n))

    def cpu_spec(self, ids, vcpus):
        """A cpu-spec string for the ids, or a broken one."""
        ids = sorted(ids)
        if ids and not self.poison():
            parts, lo = [], ids[0]
            for a, b in zip(ids, ids[1:] + [None]):
                if b != a + 1:
                    parts.append(str(lo) if lo == a else '%d-%d' % (lo, a))
                    lo = b
            if self.p(0.2):
                self.r.shuffle(parts)
            if self.p(0.15):
                parts.append('^%d' % (ids[-1] + self.r.randint(1, 4)))
            return ','.join(parts)
        k = self.r.randrange(12)
        if k == 0:
            return self.pick(['', ',,', ' ', '^', '-', '0-', '-1', '1--2',
                              '3-1', 'a', '^a', '0-a', '^0-x', '0,^0',
                              '1-2,^1-2', '0 - 3', ' ^ 1', '0-+3', '0-\u0663'])
        if k == 1:
            return '%d,%s' % (vcpus + self.r.randint(0, 70), self.huge() if self.p(0.3) else '1')
        if k == 2:
            return ','.join(str(self.r.randint(0, max(vcpus + 2, 1)))
                            for _ in range(self.r.randint(1, 5)))
        if k == 3:
            # at most 2**20 CPUs: Nova really builds the set (numaplan's
            # documented limit), and far more exhausts the oracle's memory
            return '0-%d' % self.r.choice([vcpus - 1, vcpus, vcpus + 3, 2 ** 20 - 1])
        if k == 4:
            a, b = sorted(int(self.huge(False)) for _ in range(2))
            return self.pick(['%d-%d' % (b, a), '%d-%d' % (a, a + 2), '^%d-%d' % (a, a + 1),
                              '%d' % b])
        if k == 5:
            return ','.join(self.decorate_int(i) for i in (ids or [0]))
        if k == 6:
            return '%d-%d,^%d' % (0, max(vcpus - 1, 0), self.r.randint(0, vcpus + 1))
        if k == 7:
            return ','.join(str(i) for i in ids) + ',' + str(self.pick([9, 17, 33, 65, 129, 8, 16]))
        return self.typed(','.join(str(i) for i in ids) or '0')

    def mask(self, vcpus):
        if not self.poison():
            k = self.r.randrange(4)
            if k == 0:
                return '^0'
            if k == 1:
                return '^0-%d' % self.r.randint(0, max(vcpus - 1, 0))
            if k == 2:
                return '%d-%d' % (1, max(vcpus - 1, 1))
            return str(self.r.randint(0, max(vcpus - 1, 0)))
        k = self.r.randrange(8)
        if k == 0:
            return self.space() + '^' + self.space() + str(self.r.randint(0, vcpus + 2))
        if k == 1:
            return '^0-%d' % (vcpus + self.r.randint(-1, 3))
        if k == 2:
            return self.pick(['^', '', ' ', '^x', '0-', '^1-0', '^^1', '^ 0 - 1'])
        if k == 3:
            return '0-%d' % (vcpus + self.r.randint(-1, 2))
        if k == 4:
            return self.huge()
        return self.cpu_spec(set(range(self.r.randint(0, vcpus + 1))), vcpus)

    def page_size(self):
        if not self.poison():
            return self.pick(['any', 'large', 'small', '4', '2048', '1048576',
                              '2MB', '1GB', '4KB', '2MiB'])
        k = self.r.randrange(6)
        if k == 0:
            sign = self.pick(['', '', '-', '+'])
            num = self.pick(['2', '1.5', '.5', '5.', '0', '3', '1.1', '0.375',
                             '\u0662', '00', '1' * 30, '1' * 320, '9' * 310])
            unit = self.pick(['', 'K', 'Ki', 'M', 'Mi', 'G', 'Gi', 'T', 'Ti',
                              'k', 'P', 'm'])
            suf = self.pick(['B', 'b', 'bit', 'bits', '', 'iB', 'B\n', ' B'])
            return sign + num + unit + suf
        if k == 1:
            return self.pick(['Any', 'LARGE', ' small', '', '0', '-1', '-2KB',
                              '-3KB', '\xb2', '\u0663', '２０４８', '2048 ',
                              '1e3B', '2 MB', '0B', '1b', '3Kb', '-2MB',
                              '1' * 4301])
        return self.typed('2048')

    def policy(self, words):
        if not self.poison():
            return self.pick(words)
        return self.typed(self.pick(words + ['', 'bogus']))

    def boolish(self):
        if not self.poison():
            return self.pick(['true', 'false', 'yes', 'no', '1', '0'])
        return self.typed(self.pick(['True', ' on ', 'Y', 'garbage', '',
                                     '1.0', '\uff59\uff45\uff53', 'No']))


# --------------------------------------------------------- image fields

# name -> kind, plausible values (independent of nova/np-image-fields.h on
# purpose: two transcriptions of Nova's table are checked against Nova)
ENUMS = {
    'arch': ['x86_64', 'i686', 'aarch64', 'ppc64le', 's390x', 'armv7l'],
    'bus': ['virtio', 'ide', 'scsi', 'sata', 'usb', 'fdc', 'xen', 'lxc', 'uml'],
    'fw': ['uefi', 'bios'], 'input': ['usb', 'virtio'],
    'pci': ['required', 'legacy', 'preferred', 'socket'],
    'pointer': ['usbtablet'], 'bdt': ['cdrom', 'disk', 'floppy', 'fs', 'lun'],
    'rng': ['virtio'], 'scsi': ['virtio-scsi', 'lsilogic', 'buslogic',
                                'lsisas1068', 'vmpvscsi', 'ibmvscsi'],
    'video': ['cirrus', 'qxl', 'vga', 'virtio', 'gop', 'none', 'bochs'],
    'vif': ['virtio', 'e1000', 'e1000e', 'rtl8139', 'ne2k_pci', 'vmxnet3',
            'sriov', 'spapr-vlan'],
    'viommu': ['intel', 'smmuv3', 'virtio', 'auto'],
    'vmmode': ['hvm', 'xen', 'uml', 'exe'],
    'watchdog': ['none', 'pause', 'poweroff', 'reset', 'disabled'],
    'tpm': ['tpm-tis', 'tpm-crb'], 'tpmv': ['1.2', '2.0'],
    'enc': ['plain', 'luks', 'luksv2'], 'hv': ['hyperv', 'kvm', 'qemu', 'xen', 'vz'],
    'drive': ['optional', 'mandatory'], 'hash': ['SHA-224', 'SHA-256', 'SHA-512'],
    'key': ['RSA-PSS', 'DSA', 'ECC_SECP384R1'], 'boot': ['required', 'disabled', 'optional'],
    'os': ['linux', 'windows'],
}
OTHER_FIELDS = [
    ('hw_architecture', 'arch'), ('hw_emulation_architecture', 'arch'),
    ('hw_auto_disk_config', 'str'), ('hw_boot_menu', 'bool'),
    ('hw_cdrom_bus', 'bus'), ('hw_cpu_cores', 'int'), ('hw_cpu_sockets', 'int'),
    ('hw_cpu_max_cores', 'int'), ('hw_cpu_max_sockets', 'int'),
    ('hw_cpu_max_threads', 'int'), ('hw_cpu_threads', 'int'),
    ('hw_device_id', 'int'), ('hw_disk_bus', 'bus'), ('hw_disk_type', 'str'),
    ('hw_floppy_bus', 'bus'), ('hw_firmware_type', 'fw'), ('hw_input_bus', 'input'),
    ('hw_ipxe_boot', 'bool'), ('hw_machine_type', 'str'),
    ('hw_mem_encryption', 'bool'), ('hw_pci_numa_affinity_policy', 'pci'),
    ('hw_pointer_model', 'pointer'), ('hw_pmu', 'bool'),
    ('hw_qemu_guest_agent', 'bool'), ('hw_rescue_bus', 'bus'),
    ('hw_rescue_device', 'bdt'), ('hw_rng_model', 'rng'), ('hw_time_hpet', 'bool'),
    ('hw_serial_port_count', 'int'), ('hw_scsi_model', 'scsi'),
    ('hw_video_model', 'video'), ('hw_video_ram', 'int'), ('hw_vif_model', 'vif'),
    ('hw_viommu_model', 'viommu'), ('hw_vm_mode', 'vmmode'),
    ('hw_watchdog_action', 'watchdog'), ('hw_vif_multiqueue_enabled', 'bool'),
    ('hw_tpm_model', 'tpm'), ('hw_tpm_version', 'tpmv'),
    ('hw_ephemeral_encryption', 'bool'), ('hw_ephemeral_encryption_format', 'enc'),
    ('img_bittorrent', 'bool'), ('img_bdm_v2', 'bool'),
    ('img_block_device_mapping', 'lod'), ('img_cache_in_nova', 'bool'),
    ('img_compression_level', 'int'), ('img_hv_requested_version', 'vp'),
    ('img_hv_type', 'hv'), ('img_config_drive', 'drive'),
    ('img_linked_clone', 'bool'), ('img_mappings', 'lod'), ('img_owner_id', 'str'),
    ('img_root_device_name', 'str'), ('img_use_agent', 'bool'),
    ('img_version', 'int'), ('img_signature', 'str'),
    ('img_signature_hash_method', 'hash'), ('img_signature_certificate_uuid', 'uuid'),
    ('img_signature_key_type', 'key'), ('img_hide_hypervisor_id', 'bool'),
    ('os_admin_user', 'str'), ('os_command_line', 'str'), ('os_distro', 'str'),
    ('os_require_quiesce', 'bool'), ('os_secure_boot', 'boot'),
    ('os_skip_agent_inject_files_at_boot', 'bool'),
    ('os_skip_agent_inject_ssh', 'bool'), ('os_type', 'os'),
    ('traits_required', 'list'),
]
LEGACY = [('architecture', 'arch'), ('owner_id', 'str'),
          ('vmware_disktype', 'str'), ('vmware_image_version', 'int'),
          ('vmware_ostype', 'str'), ('auto_disk_config', 'str'),
          ('ipxe_boot', 'bool'), ('xenapi_device_id', 'int'),
          ('xenapi_image_compression_level', 'int'),
          ('vmware_linked_clone', 'bool'), ('xenapi_use_agent', 'bool'),
          ('xenapi_skip_agent_inject_ssh', 'bool'),
          ('xenapi_skip_agent_inject_files_at_boot', 'bool'),
          ('cache_in_nova', 'bool'), ('vm_mode', 'vmmode'),
          ('bittorrent', 'bool'), ('mappings', 'lod'),
          ('block_device_mapping', 'lod'), ('bdm_v2', 'bool'),
          ('root_device_name', 'str'), ('hypervisor_version_requires', 'vp'),
          ('hypervisor_type', 'hv'), ('vmware_adaptertype', 'scsi')]


def field_value(g, kind):
    if kind in ENUMS:
        v = g.pick(ENUMS[kind])
        if not g.poison():
            return g.pick(CASES)(v) if kind in ('arch', 'hv', 'vmmode', 'os', 'scsi', 'vif') and g.p(0.3) else v
        return g.typed(g.pick(WORDS) if g.p(0.5) else g.mangle_text(v))
    if kind == 'int':
        return g.typed(g.r.randint(-5, 64)) if g.poison() else g.r.randint(0, 64)
    if kind == 'bool':
        return g.boolish()
    if kind == 'str':
        return g.typed('q35') if g.poison() else g.pick(['q35', 'pc', 'ubuntu', 'preallocated'])
    if kind == 'uuid':
        return g.typed('not-a-uuid') if g.poison() else '6a0f8bd4-55c8-4d63-9b0b-1d4a7e3b8c11'
    if kind == 'vp':
        if not g.poison():
            return g.pick(['>=2.6', '<3.0', '==1.0', '>1.0, <2.0b1', '!=1.2.3'])
        return g.typed(g.pick(['2.6', '>= 2', '>=2.6)', '>=2.6,', '>=2.6\n', ' >= 2.6 ',
                               '>=1.2.3.4', '>=1.0a', '=>1.0', '<=1.0)\n(',
                               '>=\u0661.0', '>=1.0\u3000', '>=1.0, <\xa02.0']))
    if kind == 'lod':
        if not g.poison():
            return [Obj([('device_name', '/dev/vda'), ('boot_index', '0')])]
        return g.pick([[], [None], [Obj([('a', None)])], [Obj([('a', 1), ('b', 2.5)])],
                       [Obj([('a', [1])])], [Obj([('a', Obj())])], ['x'], [1], [[]],
                       Obj(), 'x', 3, True, None, [Obj(), Obj([('k', True)])],
                       [Obj([('ok', 's')]), 5]])
    if kind == 'list':
        return g.typed(['HW_CPU_HYPERTHREADING'])
    raise AssertionError(kind)


# ----------------------------------------------------------------- cases

FLAVOR_NAMES = ['m1.fuzz', 'x', '']


def build_flavor(g, vcpus, mem, libvirt=False):
    specs = Obj()
    nodes = g.r.randint(1, min(max(vcpus, 1), 8))
    # knobs in shuffled order: Nova walks extra specs in dict order
    knobs = ['nodes', 'cpus', 'mem', 'policy', 'thread', 'rt', 'rtmask',
             'dmask', 'emu', 'page', 'locked', 'pmem', 'res', 'trait', 'junk']
    g.r.shuffle(knobs)
    odds = {'nodes': 0.5, 'cpus': 0.25, 'mem': 0.25, 'policy': 0.25,
            'thread': 0.12, 'rt': 0.1, 'rtmask': 0.1, 'dmask': 0.08,
            'emu': 0.08, 'page': 0.15, 'locked': 0.08, 'pmem': 0.05,
            'res': 0.08, 'trait': 0.06, 'junk': 0.15}
    if libvirt:
        # a host with pCPUs: make the pinned fit the thing under test
        odds.update({'policy': 0.8, 'dmask': 0.4, 'emu': 0.25, 'thread': 0.15,
                     'page': 0.03, 'rt': 0.15})
    for knob in knobs:
        if not g.p(odds[knob]):
            continue
        if knob == 'nodes':
            specs.put('hw:numa_nodes', g.count(1, min(max(vcpus, 1), 8)) if g.p(0.8) else str(nodes))
        elif knob in ('cpus', 'mem'):
            split = split_topology(g, vcpus, mem, nodes)
            n = nodes + (g.r.choice([-1, 1]) if g.p(0.1) else 0)
            for i in range(max(n, 0)):
                if g.p(0.04):
                    continue  # a gap
                if knob == 'cpus':
                    specs.put('hw:numa_cpus.%d' % i, g.cpu_spec(split[0][i % nodes], vcpus))
                else:
                    m = split[1][i % nodes]
                    specs.put('hw:numa_mem.%d' % i, str(m) if not g.poison() else
                              g.pick([g.decorate_int(m), g.huge(), '-' + g.huge(), str(-m),
                                      '%d.0' % m, '']))
        elif knob == 'policy':
            specs.put('hw:cpu_policy', g.policy(['dedicated', 'mixed', 'mixed'] if libvirt
                                                else ['dedicated', 'shared', 'mixed']))
        elif knob == 'thread':
            specs.put('hw:cpu_thread_policy', g.policy(['prefer', 'isolate', 'require']))
        elif knob == 'rt':
            specs.put('hw:cpu_realtime', g.boolish())
        elif knob == 'rtmask':
            specs.put('hw:cpu_realtime_mask', g.mask(vcpus))
        elif knob == 'dmask':
            specs.put('hw:cpu_dedicated_mask', g.mask(vcpus))
        elif knob == 'emu':
            specs.put('hw:emulator_threads_policy', g.policy(['share', 'isolate']))
        elif knob == 'page':
            specs.put('hw:mem_page_size', g.page_size())
        elif knob == 'locked':
            specs.put('hw:locked_memory', g.boolish())
        elif knob == 'pmem':
            specs.put('hw:pmem', g.pick(['4GB', '4GB,8GB', ',', ' , ', '\xa0', '', 'SMALL, ']))
        elif knob == 'res':
            for _ in range(g.r.randint(1, 2)):
                key = g.pick(['resources:VCPU', 'resources:PCPU', 'resources1:PCPU',
                              'resources01:PCPU', 'resources0:VCPU', 'resources:PCPUX',
                              'resources42:VCPU', 'resources:MEMORY_MB'])
                val = g.pick([str(vcpus), str(vcpus + 1), '0', '-4', ' 2 ', 'x', '\u0662',
                              str(vcpus) + '.0'])
                specs.put(key, val)
        elif knob == 'trait':
            key = g.pick(['trait:HW_CPU_HYPERTHREADING', 'trait1:HW_CPU_HYPERTHREADING',
                          'trait:HW_CPU_HYPERTHREADING_X', 'trait0:HW_CPU_HYPERTHREADING',
                          'trait:hw_cpu_hyperthreading'])
            specs.put(key, g.pick(['required', 'forbidden', '', 'garbage', 'REQUIRED']))
        elif knob == 'junk':
            specs.put(g.pick(['hw:numa_nodes_x', 'hw:cpu_cores', 'hw:numa_cpus',
                              'hw:numa_mem', 'hw:numa_cpus.x', 'quota:cpu_shares',
                              'hw:pmu', 'hw:cpu_policy ']), g.typed('1'))
    # an extra spec may arrive as any JSON value (the oracle str()s it)
    if specs.pairs and g.p(0.1 * g.chaos):
        i = g.r.randrange(len(specs.pairs))
        specs.pairs[i] = (specs.pairs[i][0], g.typed(specs.pairs[i][1]))
    if specs.pairs and g.p(0.03):
        specs.pairs.append((g.pick(specs.keys()), g.pick(['2', 'dedicated', '0'])))  # dup key
    flavor = Obj([('vcpus', vcpus), ('memory_mb', mem)])
    if g.p(0.2):
        flavor.put('name', g.pick(FLAVOR_NAMES))
    flavor.put('extra_specs', specs)
    return flavor


def split_topology(g, vcpus, mem, nodes):
    ids = list(range(vcpus))
    if g.p(0.7):
        cuts = [vcpus * i // nodes for i in range(nodes + 1)]
    else:
        cuts = sorted([0, vcpus] + [g.r.randint(0, vcpus) for _ in range(nodes - 1)])
    cpus = [set(ids[cuts[i]:cuts[i + 1]]) for i in range(nodes)]
    if mem % nodes == 0 and g.p(0.7):
        mems = [mem // nodes] * nodes
    else:
        mems = [g.r.randint(0, max(mem, 1)) for _ in range(nodes - 1)]
        mems.append(mem - sum(mems))
    if g.p(0.03) and nodes >= 2:
        big = int(g.huge(False))
        mems[0] += big
        mems[1] -= big  # still sums to mem: cells beyond 64 bits
    return cpus, mems


def build_image(g, vcpus, mem):
    props = Obj()
    nodes = g.r.randint(1, min(max(vcpus, 1), 8))
    plan = []
    if g.p(0.35):
        plan.append('hw_numa_nodes')
    for name in ('hw_cpu_policy', 'hw_cpu_thread_policy', 'hw_cpu_realtime_mask',
                 'hw_mem_page_size', 'hw_locked_memory'):
        if g.p(0.12):
            plan.append(name)
    if g.p(0.12):
        plan.append('numa_cpus')
    if g.p(0.12):
        plan.append('numa_mem')
    if g.p(0.08):
        plan.append('trait')
    if g.p(0.3):
        plan.extend(['other'] * g.r.randint(1, 4))
    if g.p(0.1):
        plan.extend(['legacy'] * g.r.randint(1, 2))
    g.r.shuffle(plan)
    for item in plan:
        if item == 'hw_numa_nodes':
            v = nodes if not g.poison() else g.typed(g.count(1, 8))
            props.put(item, v if g.p(0.5) else (str(v) if isinstance(v, int) else v))
        elif item == 'hw_cpu_policy':
            props.put(item, g.policy(['dedicated', 'shared', 'mixed']))
        elif item == 'hw_cpu_thread_policy':
            props.put(item, g.policy(['prefer', 'isolate', 'require']))
        elif item == 'hw_cpu_realtime_mask':
            props.put(item, g.mask(vcpus))
        elif item == 'hw_mem_page_size':
            props.put(item, g.page_size())
        elif item == 'hw_locked_memory':
            props.put(item, g.boolish())
        elif item in ('numa_cpus', 'numa_mem'):
            cpus, mems = split_topology(g, vcpus, mem, nodes)
            for i in range(nodes + (1 if g.p(0.1) else 0)):
                if g.p(0.05):
                    continue
                if item == 'numa_cpus':
                    v = g.cpu_spec(cpus[i % nodes], vcpus)
                    props.put('hw_numa_cpus.%d' % i, v)
                else:
                    m = mems[i % nodes]
                    v = m if g.p(0.5) else str(m)
                    if g.poison():
                        v = g.pick([g.typed(m), float(m) + 0.5, g.decorate_int(m),
                                    Raw('%d.9' % m), Raw('%de0' % m), g.huge()])
                    props.put('hw_numa_mem.%d' % i, v)
            if g.p(0.1):
                props.put(g.pick(['hw_numa_cpus', 'hw_numa_mem']), g.typed('0'))
        elif item == 'trait':
            props.put(g.pick(['trait:HW_CPU_HYPERTHREADING', 'trait:HW_CPU_X86_AVX2',
                              'trait:HW_CPU_HYPERTHREADING_X', 'trait:']),
                      g.pick(['required', 'forbidden', 'REQUIRED', True, None, ['required']]))
        elif item == 'other':
            name, kind = g.pick(OTHER_FIELDS)
            props.put(name, field_value(g, kind))
        elif item == 'legacy':
            name, kind = g.pick(LEGACY)
            props.put(name, field_value(g, kind))
    if props.pairs and g.p(0.02):
        props.pairs.append((g.pick(props.keys()), g.pick([None, 'x', 2])))
    if g.p(0.05):
        props.put(g.pick(['hw_unknown_thing', 'img_whatever', 'os_foo', 'HW_NUMA_NODES']),
                  g.typed('1'))
    image = Obj()
    if g.p(0.3):
        image.put('name', g.pick(['cirros', '', 'img \u00e9']))
    image.put('properties', props)
    return image


def build_host(g, vcpus, mem, libvirt):
    ncells = g.pick([1, 1, 2, 2, 2, 3, 4, 4, 6, 8])
    cells, next_cpu = [], 0
    ids = list(range(ncells))
    if g.p(0.2):
        ids = g.r.sample(range(16), ncells)
    per_cpu = max(1, (vcpus + ncells - 1) // ncells + g.r.randint(-1, 4))
    per_mem = max(256, mem // ncells + g.r.randint(-1024, 4096))
    for i in range(ncells):
        n = max(0, per_cpu + (g.r.randint(-2, 2) if g.p(0.4) else 0))
        cpus = list(range(next_cpu, next_cpu + n))
        next_cpu += n
        cell = Obj([('id', ids[i]), ('cpus', cpus),
                    ('memory_mb', max(0, per_mem + (g.r.randint(-2048, 2048) if g.p(0.4) else 0)))])
        if g.p(0.5):
            cell.put('used_cpus', g.r.randint(0, max(n * 2, 1)) if g.p(0.9) else -1)
        if g.p(0.5):
            cell.put('used_memory_mb', g.r.randint(0, per_mem) if g.p(0.9) else -512)
        if libvirt:
            pcpus = cpus if g.p(0.6) else [c for c in cpus if g.p(0.7)]
            if g.p(0.05):
                pcpus = []  # no sibling sets: Nova's packing raises ValueError
            cell.put('pcpus', pcpus)
            if g.p(0.5):
                cell.put('pinned_cpus', [c for c in pcpus if g.p(0.3)])
        cells.append(cell)
    host = Obj([('cells', cells)])
    if g.p(0.6):
        host.put('cpu_allocation_ratio', g.pick([1.0, 1.5, 2.0, 4.0, 16.0, 0.5, 1]))
    if g.p(0.6):
        host.put('ram_allocation_ratio', g.pick([1.0, 1.5, 0.5, 2.0, 0.9, 1]))
    if g.p(0.05):
        host.put('use_limits', False)
    return host


def build_case(rng, seed, n):
    g = Gremlin(rng)
    g.chaos = rng.choice([0.0, 0.1, 0.25, 0.4, 0.6, 0.9])
    vcpus = rng.choice([0, 1, 1, 2, 2, 3, 4, 4, 4, 6, 8, 8, 12, 16, 24, 32, 64, 128])
    mem = rng.choice([0, 1, 511, 512, 1024, 1536, 2048, 3072, 4096, 4095, 8192, 16384, 65536])
    if vcpus == 0 and rng.random() < 0.7:
        vcpus = 4
    if mem == 0 and rng.random() < 0.7:
        mem = 2048
    case = Obj([('id', 'fuzz-%d-%05d' % (seed, n))])
    with_host = g.p(0.7)
    libvirt = with_host and g.p(1 / 7)  # ~10% of all cases
    case.put('flavor', build_flavor(g, vcpus, mem, libvirt))
    if g.p(0.6):
        case.put('image', build_image(g, vcpus, mem))
    if with_host:
        case.put('host', build_host(g, vcpus, mem, libvirt))
    config = Obj([('image_conflict', 'reject'), ('max_vnuma_vcpus', 0),
                  ('max_vnuma_memory_mb', 0)])
    if g.p(0.4):
        config.put('dynamic_memory_ratio', g.pick([1.0, 1.5, 2.0, 3.7, 0.5, 10.0, 1]))
    if g.p(0.4):
        config.put('packing_host_numa_cells_allocation_strategy', g.p(0.5))
    case.put('config', config)
    if g.p(0.05):
        case.put('instance_uuid', g.pick(['6a0f8bd4-55c8-4d63-9b0b-1d4a7e3b8c11', 'vm-\u00e9']))
    return emit(case, ascii_only=rng.random() < 0.5)


def main(argv):
    seed = int(argv[1]) if len(argv) > 1 else 1
    count = int(argv[2]) if len(argv) > 2 else 2000
    rng = random.Random(seed)
    out = sys.stdout
    for n in range(1, count + 1):
        out.write(build_case(rng, seed, n) + '\n')


if __name__ == '__main__':
    main(sys.argv)
