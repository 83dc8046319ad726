/* numaplan — Nova's ImageMetaProps.from_dict(), inside the model layer
 *
 * Glance hands Nova image properties as JSON values. ImageMetaProps
 * coerces every field it knows, not only the NUMA ones, and the first value
 * a field type refuses fails the whole image: `architecture: "bogus"` or
 * `hw_vif_model: "bogus"` rejects an image that asks for nothing NUMA.
 * np_image_meta_load() walks the same steps in the same order (legacy
 * names, then every field in ImageMetaProps.fields order, then trait:*
 * keys), raises the same exception class with the same message, and keeps
 * the coerced values numa_get_constraints() reads afterwards.
 *
 * The field table (names, kinds, enum values, aliases, legacy names) is
 * generated from Nova: np-image-fields.h, by tests/nova/gen_image_fields.py.
 */
#pragma once

#include <glib.h>

#include "np-flavor-private.h"
#include "np-py-private.h"
#include "np-request-private.h"

G_BEGIN_DECLS

/* how a field's type coerces a value (oslo.versionedobjects and
 * nova/objects/fields.py); null fails every kind but the NUMA lists with
 * "Field `NAME' cannot be None" */
typedef enum {
	NP_IMAGE_FIELD_STRING,            /* String: str() of int, float, str */
	NP_IMAGE_FIELD_INTEGER,           /* Integer: int() */
	NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN,  /* strutils.bool_from_string(): never fails */
	NP_IMAGE_FIELD_ENUM,              /* Enum: membership, then String */
	NP_IMAGE_FIELD_ENUM_LOWER,        /* value.lower(), aliases, then Enum */
	NP_IMAGE_FIELD_CANONICAL,         /* canonicalize(): lower(), aliases, own message */
	NP_IMAGE_FIELD_UUID,              /* UUID: "%s" % value, never fails */
	NP_IMAGE_FIELD_VERSION_PREDICATE, /* distutils VersionPredicate('check (%s)') */
	NP_IMAGE_FIELD_LIST_OF_STRINGS,   /* traits_required: never read from the dict */
	NP_IMAGE_FIELD_LIST_OF_DICTS_OF_NULLABLE_STRINGS,
	NP_IMAGE_FIELD_NUMA_CPUS, /* _set_numa_cpus(): hw_numa_cpus.0, .1, ... */
	NP_IMAGE_FIELD_NUMA_MEM,  /* _set_numa_mem(): hw_numa_mem.0, .1, ... */
} NpImageFieldKind;

typedef struct {
	const gchar *from;
	const gchar *to;
} NpImageAlias;

/**
 * NpImageField:
 * @name: the ImageMetaProps field
 * @kind: its coercion
 * @valid: the enum's values, %NULL-terminated (enum kinds only)
 * @aliases: lower-cased spellings mapped before the enum check, or %NULL
 * @noun: %NP_IMAGE_FIELD_CANONICAL: the message is "@noun 'VALUE' is not valid"
 */
typedef struct {
	const gchar *name;
	NpImageFieldKind kind;
	const gchar *const *valid;
	const NpImageAlias *aliases;
	const gchar *noun;
} NpImageField;

typedef struct {
	const gchar *legacy;
	const gchar *field;
} NpImageLegacyName;

/* the image properties after ImageMetaProps.from_dict(): what
 * numa_get_constraints() reads */
typedef struct {
	gboolean has_numa_nodes;
	NpPyInt numa_nodes;
	const gchar *cpu_policy; /* static strings */
	const gchar *cpu_thread_policy;
	gchar *cpu_realtime_mask;
	gchar *mem_page_size;
	gboolean has_locked_memory;
	gboolean locked_memory;
	GPtrArray *numa_cpus; /* of NpPySet, NULL when unset */
	GArray *numa_mem;     /* of NpPyInt, NULL when unset */
	gboolean hyperthreading_required;
} NpImageMeta;

void np_image_meta_clear(NpImageMeta *meta);

/* ImageMetaProps.from_dict(@props) into a zeroed @meta. FALSE when Nova
 * refuses the image: *@failure then carries the exception class and message
 * (code invalid-image-property, or invalid-cpu-spec for parse_cpu_spec()'s
 * Invalid). @props may be %NULL (no image). */
gboolean np_image_meta_load(NpImageMeta *meta, const NpProps *props, NpFailure **failure);

/* TRUE when @name is an ImageMetaProps field that from_dict() reads by
 * that name (the bare hw_numa_cpus / hw_numa_mem are not) */
gboolean np_image_meta_is_field(const gchar *name);

/* distutils.versionpredicate.VersionPredicate('check (%s)' % @value) does
 * not raise */
gboolean np_image_meta_version_predicate_ok(const gchar *value);

G_END_DECLS
