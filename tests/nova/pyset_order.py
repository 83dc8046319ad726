#!/usr/bin/env python3
"""Reference model of CPython 3.11's set iteration order for small ints.

Why: nova's _get_numa_topology_manual walks each node's cpu set in Python
set order, so when a node holds several offending ids the one named in
ImageNUMATopologyCPUOutOfRange / ImageNUMATopologyCPUDuplicates is the first
in *set* order, which is not always ascending: parse_cpu_spec("9,2") iterates
9 before 2, parse_cpu_spec("6,4") gives 4 first.  A C port that wants
byte-identical messages must model the hash table; this file is that model,
small enough to transliterate, and checks itself against the real
interpreter (run it: `python3 pyset_order.py`, it must print "ok").

Model (Objects/setobject.c, CPython 3.11; for a non-negative int the hash
is the int itself while it is < 2**61 - 1):
  * table of 2**k slots (k >= 3), each empty, dummy (deleted) or a key;
    `fill` counts keys + dummies, `used` counts keys.
  * add(key): probe from i = hash & mask; at each i look at slots
    i .. i+9 (the 9 linear probes only when i + 9 <= mask), remembering the
    first dummy; stop at an empty slot or at the key itself.  If not
    found, store in the first dummy seen, else in the empty slot (then
    fill += 1 and, if fill*5 >= mask*3, resize to the smallest power of
    two > used*4).  Between probe groups: perturb >>= 5;
    i = (i*5 + 1 + perturb) & mask, perturb starting at hash.
  * resize(minused): new size = smallest power of two >= 8 and > minused;
    re-insert the keys in old slot order with "insert_clean" (same probing,
    no dummies).  A size-8 table with no dummies is left alone.
  * a |= b (b a set): if fill + len(b) >= mask*3/5 first resize to
    (used + len(b))*2; if a is empty with the same mask and b has no
    dummies, copy b's table slot for slot; if a is empty otherwise,
    insert_clean b's keys in b's slot order; else add() them in that order.
  * a -= b: turn each of b's keys present in a into a dummy; then, if
    dummies > mask/4, resize to used*4.
  * iteration: slot order.
  * set(iterable) of a non-set: add() each element in turn.
"""

LINEAR_PROBES = 9
PERTURB_SHIFT = 5
_EMPTY = None
_DUMMY = object()


class PySet(object):
    def __init__(self, iterable=()):
        self.table = [_EMPTY] * 8
        self.mask = 7
        self.fill = 0
        self.used = 0
        for k in iterable:
            self.add(k)

    # -- internals
    def _insert_clean(self, table, mask, key):
        perturb = key
        i = key & mask
        while True:
            if table[i] is _EMPTY:
                table[i] = key
                return
            if i + LINEAR_PROBES <= mask:
                for j in range(1, LINEAR_PROBES + 1):
                    if table[i + j] is _EMPTY:
                        table[i + j] = key
                        return
            perturb >>= PERTURB_SHIFT
            i = (i * 5 + 1 + perturb) & mask

    def _resize(self, minused):
        newsize = 8
        while newsize <= minused:
            newsize <<= 1
        if newsize == 8 and self.mask == 7 and self.fill == self.used:
            return
        old = self.table
        self.table = [_EMPTY] * newsize
        self.mask = newsize - 1
        for k in old:
            if k is not _EMPTY and k is not _DUMMY:
                self._insert_clean(self.table, self.mask, k)
        self.fill = self.used

    def _lookup(self, key):
        """Index of key, or None."""
        mask, perturb, i = self.mask, key, key & self.mask
        while True:
            probes = LINEAR_PROBES if i + LINEAR_PROBES <= mask else 0
            for j in range(probes + 1):
                slot = self.table[i + j]
                if slot is _EMPTY:
                    return None
                if slot is not _DUMMY and slot == key:
                    return i + j
            perturb >>= PERTURB_SHIFT
            i = (i * 5 + 1 + perturb) & mask

    # -- operations used by parse_cpu_spec and oslo's CoercedSet
    def add(self, key):
        mask, perturb, i = self.mask, key, key & self.mask
        freeslot = None
        while True:
            probes = LINEAR_PROBES if i + LINEAR_PROBES <= mask else 0
            for j in range(probes + 1):
                slot = self.table[i + j]
                if slot is _EMPTY:
                    if freeslot is not None:
                        self.table[freeslot] = key
                        self.used += 1
                        return
                    self.table[i + j] = key
                    self.fill += 1
                    self.used += 1
                    if self.fill * 5 >= mask * 3:
                        self._resize(self.used * 4 if self.used <= 50000
                                     else self.used * 2)
                    return
                if slot is _DUMMY:
                    if freeslot is None:
                        freeslot = i + j
                elif slot == key:
                    return
            perturb >>= PERTURB_SHIFT
            i = (i * 5 + 1 + perturb) & mask

    def ior(self, other):
        if other is self or other.used == 0:
            return self
        if (self.fill + other.used) * 5 >= self.mask * 3:
            self._resize((self.used + other.used) * 2)
        if (self.fill == 0 and self.mask == other.mask and
                other.fill == other.used):
            self.table = list(other.table)
            self.fill, self.used = other.fill, other.used
            return self
        if self.fill == 0:
            self.fill = self.used = other.used
            for k in other.table:
                if k is not _EMPTY and k is not _DUMMY:
                    self._insert_clean(self.table, self.mask, k)
            return self
        for k in other.table:
            if k is not _EMPTY and k is not _DUMMY:
                self.add(k)
        return self

    def isub(self, other):
        for k in list(other):
            idx = self._lookup(k)
            if idx is not None:
                self.table[idx] = _DUMMY
                self.used -= 1
        if self.fill - self.used <= self.mask // 4:
            return self
        self._resize(self.used * 4 if self.used <= 50000 else self.used * 2)
        return self

    def __iter__(self):
        return (k for k in self.table if k is not _EMPTY and k is not _DUMMY)

    def __len__(self):
        return self.used


def parse_cpu_spec_order(spec):
    """nova.virt.hardware.parse_cpu_spec on the model: returns the ids in
    the order Python iterates the resulting set (ValueError where nova
    raises Invalid)."""
    ids, rej = PySet(), PySet()
    for rule in spec.split(','):
        rule = rule.strip()
        if len(rule) < 1:
            continue
        parts = rule.split('-', 1)
        if len(parts) > 1:
            reject = False
            if parts[0] and parts[0][0] == '^':
                reject = True
                parts[0] = str(parts[0][1:])
            start, end = [int(p.strip()) for p in parts]
            if start > end:
                raise ValueError(rule)
            (rej if reject else ids).ior(PySet(range(start, end + 1)))
        elif rule[0] == '^':
            rej.add(int(rule[1:].strip()))
        else:
            ids.add(int(rule))
    ids.isub(rej)
    return ids


def image_coerced_order(s):
    """oslo.versionedobjects Set(Integer).coerce as used for image
    hw_numa_cpus.N: tmp = set(); tmp.add(x) for x in s; CoercedSet().update
    (tmp) -- i.e. a fresh set |= tmp."""
    tmp = PySet()
    for x in s:
        tmp.add(x)
    out = PySet()
    out.ior(tmp)
    return out


def _selftest(n=20000, seed=7):
    import random
    rng = random.Random(seed)

    def real_parse(spec):
        inc, rej = set(), set()
        for rule in spec.split(','):
            rule = rule.strip()
            if not rule:
                continue
            parts = rule.split('-', 1)
            if len(parts) > 1:
                reject = False
                if parts[0] and parts[0][0] == '^':
                    reject = True
                    parts[0] = str(parts[0][1:])
                start, end = [int(p.strip()) for p in parts]
                if reject:
                    rej |= set(range(start, end + 1))
                else:
                    inc |= set(range(start, end + 1))
            elif rule[0] == '^':
                rej.add(int(rule[1:].strip()))
            else:
                inc.add(int(rule))
        inc -= rej
        return inc

    def real_coerce(s):
        tmp = set()
        for x in s:
            tmp.add(x)
        out = set()
        out.update(tmp)
        return out

    for _ in range(n):
        top = rng.choice([8, 16, 40, 130, 300, 1100])
        rules = []
        for _ in range(rng.randint(1, 8)):
            a = rng.randrange(top)
            kind = rng.random()
            if kind < 0.4:
                rules.append(str(a))
            elif kind < 0.7:
                rules.append('%d-%d' % (a, min(top, a + rng.randrange(40))))
            elif kind < 0.85:
                rules.append('^%d' % a)
            else:
                rules.append('^%d-%d' % (a, a + rng.randrange(20)))
        spec = ','.join(rules)
        want = list(real_parse(spec))
        got = parse_cpu_spec_order(spec)
        if list(got) != want:
            raise SystemExit('mismatch for %r: python %r model %r'
                             % (spec, want, list(got)))
        if list(image_coerced_order(got)) != list(real_coerce(
                real_parse(spec))):
            raise SystemExit('coerce mismatch for %r' % spec)
        avail = set(range(rng.randint(1, 128)))
        m = PySet(range(len(avail)))
        for c in rng.sample(sorted(avail), rng.randint(0, len(avail))):
            avail.remove(c)
            m.table[m._lookup(c)] = _DUMMY
            m.used -= 1
        if list(m) != list(avail):
            raise SystemExit('availcpus mismatch')
    print('ok')


if __name__ == '__main__':
    _selftest()
