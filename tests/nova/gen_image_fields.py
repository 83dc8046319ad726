#!/usr/bin/python3
"""Writes nova/np-image-fields.h: Nova's ImageMetaProps field table.

    /usr/bin/python3 tests/nova/gen_image_fields.py > nova/np-image-fields.h

Needs Debian's python3-nova (the same Nova as nova_oracle.py). The table is
what model/np-image-meta.c walks to reproduce ImageMetaProps.from_dict():
the legacy names in _legacy_property_map order, then every field in
`fields` order with the coercion its type applies, and the valid values of
every enum.

Each field is classified from its oslo/nova type class. A type this script
does not know, a nullable or defaulted field, an alias that Nova's coerce()
no longer applies, or a change to the source of the coercion code the C
port mirrors (fingerprints below) stops the script: review
model/np-image-meta.c, then update KNOWN_SOURCES.
"""
import hashlib
import inspect
import sys
import warnings

warnings.simplefilter('ignore')

from nova import objects  # noqa: E402

objects.register_all()

from nova.objects import fields as nova_fields  # noqa: E402
from nova.objects import image_meta  # noqa: E402
from oslo_versionedobjects import fields as ovo  # noqa: E402

Props = image_meta.ImageMetaProps

# Code the C port copies by hand: sha256 of inspect.getsource(), recorded
# from python3-nova 2:26.2.2, python3-oslo.versionedobjects and
# python3-oslo.utils of Debian 12, and the distutils the oracle imports.
KNOWN_SOURCES = {
    'ImageMetaProps.from_dict': '69659d588e1f683d',
    'ImageMetaProps._set_attr_from_legacy_names': '43aa66c286900d59',
    'ImageMetaProps._set_attr_from_current_names': '2e18785daadabf38',
    'ImageMetaProps._set_attr_from_trait_names': '9022ef2793edcb65',
    'ImageMetaProps._set_numa_mem': 'd390482fe8ca5956',
    'ImageMetaProps._set_numa_cpus': 'f54bf1a4b4c8bab4',
    'Architecture': 'c14a2c6efa8ac6ab',
    'HVType': '02bb0795f9d357ea',
    'VMMode': 'f90bfaf4fefeb57f',
    'OSType': '4759867af855158f',
    'SCSIModel': 'a8aec3e18a89479d',
    'VIFModel.coerce': '9e8755dbf5370cb3',
    'ovo.Field.coerce': 'bbed8e09f2247b12',
    'ovo.String.coerce': 'bdc27a8276b21776',
    'ovo.Enum.coerce': '9a7e5cd3eea4ee91',
    'ovo.Integer.coerce': '7c44a8f22cc37fa4',
    'ovo.FlexibleBoolean.coerce': '85ec403536223117',
    'ovo.UUID.coerce': '9e1e791dd07a249d',
    'ovo.VersionPredicate.coerce': '8584402a46d4bf49',
    'ovo.List.coerce': '64ef82ed2a251436',
    'ovo.Dict.coerce': '57c5df252a6737fe',
    'ovo.CoercedList._coerce_item': '549bb6328269c8b8',
    'ovo.CoercedDict._coerce_item': '8866bf574041d4dd',
    'versionpredicate': '9a483d2edc85dc45',
    'version.StrictVersion': 'e9438ae18eefa773',
    'strutils.bool_from_string': '3054ba54440fcdfd',
}

# Canonicalising enums: lower() then these aliases. Each alias is checked
# below against Nova's real coerce().
CANONICAL = {
    # class name: (message noun, aliases)
    'Architecture': ('Architecture name', {
        'i386': 'i686', 'i486': 'i686', 'i586': 'i686', 'x86_32': 'i686',
        'x86_32p': 'i686', 'amd64': 'x86_64'}),
    'HVType': ('Hypervisor virt type', {'xapi': 'xen'}),
    'VMMode': ('Virtual machine mode', {
        'pv': 'xen', 'hv': 'hvm', 'baremetal': 'hvm'}),
}
LOWERING = {
    # class name: aliases after lower(), before the Enum check
    'OSType': {},
    'SCSIModel': {'lsilogicsas': 'lsisas1068', 'paravirtual': 'vmpvscsi'},
    'VIFModel': dict(nova_fields.VIFModel.LEGACY_VALUES),
}


def source_of(name):
    if name == 'versionpredicate':
        return inspect.getsource(ovo.versionpredicate)
    if name == 'version.StrictVersion':
        return inspect.getsource(ovo.versionpredicate.version.StrictVersion
                                 if hasattr(ovo.versionpredicate, 'version')
                                 else ovo.versionpredicate.distutils.version.StrictVersion)
    if name == 'strutils.bool_from_string':
        return inspect.getsource(ovo.strutils.bool_from_string)
    if name.startswith('ovo.'):
        obj = ovo
        path = name[4:].split('.')
    elif name.startswith('ImageMetaProps'):
        obj = Props
        path = name.split('.')[1:]
    else:
        obj = nova_fields
        path = name.split('.')
    for part in path:
        obj = getattr(obj, part)
    return inspect.getsource(obj)


def fingerprint(name):
    return hashlib.sha256(source_of(name).encode()).hexdigest()[:16]


def die(msg):
    sys.stderr.write('gen_image_fields.py: %s\n' % msg)
    sys.exit(1)


def classify(name, field):
    t = field._type
    cls = type(t).__name__
    if field.nullable or field.default is not ovo.UnspecifiedDefault:
        die('%s is nullable or has a default: null no longer always fails' % name)
    if name == 'hw_numa_cpus':
        return 'NUMA_CPUS', None
    if name == 'hw_numa_mem':
        return 'NUMA_MEM', None
    if isinstance(t, ovo.Enum):
        values = tuple(t._valid_values)
        if cls in CANONICAL:
            return 'CANONICAL', values
        if cls in LOWERING:
            return 'ENUM_LOWER', values
        if type(t).coerce is not ovo.Enum.coerce:
            die('%s: enum %s has its own coerce(); teach np-image-meta.c' % (name, cls))
        return 'ENUM', values
    if cls == 'VersionPredicate':
        return 'VERSION_PREDICATE', None
    if cls == 'String':
        return 'STRING', None
    if cls == 'Integer':
        return 'INTEGER', None
    if cls == 'FlexibleBoolean':
        return 'FLEXIBLE_BOOLEAN', None
    if cls == 'UUID':
        return 'UUID', None
    if cls == 'List':
        inner = t._element_type
        if type(inner._type).__name__ == 'String' and not inner.nullable:
            return 'LIST_OF_STRINGS', None
        if (type(inner._type).__name__ == 'Dict' and not inner.nullable and
                type(inner._type._element_type._type).__name__ == 'String' and
                inner._type._element_type.nullable):
            return 'LIST_OF_DICTS_OF_NULLABLE_STRINGS', None
    die('%s: field type %s is not modelled; teach np-image-meta.c' % (name, cls))


def check_aliases(cls_name, field_name, aliases, target_kind):
    t = dict(Props.fields)[field_name]._type
    for alias, canonical in aliases.items():
        for spelling in (alias, alias.upper()):
            got = t.coerce(None, field_name, spelling)
            if got != canonical:
                die('%s.coerce(%r) is %r, not %r' % (cls_name, spelling, got, canonical))
    if target_kind == 'CANONICAL':
        noun = CANONICAL[cls_name][0]
        try:
            t.coerce(None, field_name, 'Bogus')
        except ValueError as e:
            if str(e) != "%s 'Bogus' is not valid" % noun:
                die('%s message changed: %s' % (cls_name, e))
        else:
            die('%s accepts Bogus' % cls_name)


def c_string(s):
    out = '"'
    for ch in s:
        if ch in '"\\':
            out += '\\' + ch
        elif 32 <= ord(ch) < 127:
            out += ch
        else:
            die('non-ASCII in table: %r' % s)
    return out + '"'


def ident(cls_name):
    out = ''
    for i, ch in enumerate(cls_name):
        if ch.isupper() and i > 0 and not cls_name[i - 1].isupper():
            out += '_'
        out += ch.lower()
    return out


def main():
    changed = [n for n, h in KNOWN_SOURCES.items() if fingerprint(n) != h]
    if '--fingerprints' in sys.argv:
        for n in KNOWN_SOURCES:
            print('%s %s' % (fingerprint(n), n))
        return
    if changed:
        die('Nova/oslo coercion code changed since the table was reviewed: %s '
            '(run with --fingerprints, review np-image-meta.c, update KNOWN_SOURCES)'
            % ', '.join(changed))

    rows = []
    value_tables = {}
    alias_tables = {}
    for name, field in Props.fields.items():
        kind, values = classify(name, field)
        cls_name = type(field._type).__name__
        values_id = aliases_id = noun = None
        if values is not None:
            values_id = 'np_image_values_' + ident(cls_name)
            value_tables.setdefault(values_id, values)
            if value_tables[values_id] != values:
                die('two value sets for %s' % cls_name)
        if kind == 'CANONICAL':
            noun, aliases = CANONICAL[cls_name]
        elif kind == 'ENUM_LOWER':
            aliases = LOWERING[cls_name]
        else:
            aliases = None
        if aliases:
            aliases_id = 'np_image_aliases_' + ident(cls_name)
            if aliases_id not in alias_tables:
                check_aliases(cls_name, name, aliases, kind)
                alias_tables[aliases_id] = aliases
        rows.append((name, kind, values_id, aliases_id, noun))

    legacy = list(Props._legacy_property_map.items())
    for old, new in legacy:
        if new not in Props.fields:
            die('legacy name %s maps to unknown field %s' % (old, new))

    w = sys.stdout.write
    w('/* GENERATED FILE - do not edit.\n'
      ' *\n'
      ' * Nova 26 ImageMetaProps (nova/objects/image_meta.py): every field in\n'
      ' * `fields` order with its coercion, the valid values of each enum, and\n'
      ' * _legacy_property_map in order. Used by np-image-meta.c only.\n'
      ' *\n'
      ' * Regenerate with Debian\'s python3-nova installed:\n'
      ' *   /usr/bin/python3 tests/nova/gen_image_fields.py > nova/np-image-fields.h\n'
      ' *\n'
      ' * Source fingerprints (sha256 of the code np-image-meta.c mirrors):\n')
    for n in KNOWN_SOURCES:
        w(' *   %s %s\n' % (fingerprint(n), n))
    w(' */\n#pragma once\n\n#include "np-image-meta-private.h"\n\n')
    w('#define NP_IMAGE_NUMA_NODES_MAX %d /* ImageMetaProps.NUMA_NODES_MAX */\n\n'
      % Props.NUMA_NODES_MAX)
    for vid, values in value_tables.items():
        w('static const gchar *const %s[] = {\n' % vid)
        for v in values:
            w('\t%s,\n' % c_string(v))
        w('\tNULL,\n};\n\n')
    for aid, aliases in alias_tables.items():
        w('static const NpImageAlias %s[] = {\n' % aid)
        for k, v in aliases.items():
            w('\t{%s, %s},\n' % (c_string(k), c_string(v)))
        w('\t{NULL, NULL},\n};\n\n')
    w('/* ImageMetaProps.fields, in order */\n')
    w('static const NpImageField np_image_fields[] = {\n')
    for name, kind, vid, aid, noun in rows:
        w('\t{%s, NP_IMAGE_FIELD_%s, %s, %s, %s},\n'
          % (c_string(name), kind, vid or 'NULL', aid or 'NULL',
             c_string(noun) if noun else 'NULL'))
    w('};\n\n')
    w('/* ImageMetaProps._legacy_property_map, in order: legacy name, field */\n')
    w('static const NpImageLegacyName np_image_legacy_names[] = {\n')
    for old, new in legacy:
        w('\t{%s, %s},\n' % (c_string(old), c_string(new)))
    w('};\n')


if __name__ == '__main__':
    main()
