/* numaplan — flavors, images and their key/value properties */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * NpValueType:
 *
 * The JSON type a property value arrived with. Flavor extra specs are
 * always strings (Nova stores them as strings); image properties keep the
 * type Glance sent, because Nova's coercion depends on it.
 */
typedef enum {
	NP_VALUE_STRING,
	NP_VALUE_INTEGER,
	NP_VALUE_FLOAT,
	NP_VALUE_BOOLEAN,
	NP_VALUE_NULL,
	NP_VALUE_LIST,
	NP_VALUE_OBJECT,
	NP_VALUE_LAST
} NpValueType;

/**
 * NpValue:
 * @type: the type it arrived with
 * @str: the value as Python's str() prints it ("2", "2.5", "True", "None")
 * @integer: for %NP_VALUE_INTEGER and %NP_VALUE_BOOLEAN
 * @number: for %NP_VALUE_FLOAT
 */
typedef struct {
	NpValueType type;
	gchar *str;
	gint64 integer;
	gdouble number;
} NpValue;

NpValue *np_value_new_string(const gchar *str) G_GNUC_WARN_UNUSED_RESULT;
NpValue *np_value_copy(const NpValue *value) G_GNUC_WARN_UNUSED_RESULT;
void np_value_free(NpValue *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpValue, np_value_free)

/* Python's type(value).__name__ for @type */
const gchar *np_value_type_python_name(NpValueType type);

/**
 * NpProps:
 *
 * An ordered map of property name to #NpValue. Order is kept because Nova
 * walks extra specs in insertion order (e.g. the first matching
 * `trait*:HW_CPU_HYPERTHREADING` key wins). Setting an existing key keeps
 * its position and replaces its value, as a Python dict does.
 */
typedef struct _NpProps NpProps;

NpProps *np_props_new(void) G_GNUC_WARN_UNUSED_RESULT;
NpProps *np_props_copy(const NpProps *props) G_GNUC_WARN_UNUSED_RESULT;
void np_props_free(NpProps *props);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpProps, np_props_free)

void np_props_take(NpProps *props, const gchar *key, NpValue *value);
void np_props_set_string(NpProps *props, const gchar *key, const gchar *value);
gboolean np_props_remove(NpProps *props, const gchar *key);
guint np_props_get_size(const NpProps *props);
const gchar *np_props_get_key(const NpProps *props, guint idx);
const NpValue *np_props_get_value(const NpProps *props, guint idx);
/* NULL when absent */
const NpValue *np_props_lookup(const NpProps *props, const gchar *key);
/* the str() form, NULL when absent */
const gchar *np_props_lookup_string(const NpProps *props, const gchar *key);

/**
 * NpFlavor:
 * @name: flavor name
 * @vcpus: number of vCPUs
 * @memory_mb: memory in MiB
 * @extra_specs: `hw:...` and other extra specs, all strings
 */
typedef struct {
	gchar *name;
	gint64 vcpus;
	gint64 memory_mb;
	NpProps *extra_specs;
} NpFlavor;

NpFlavor *np_flavor_new(const gchar *name, gint64 vcpus, gint64 memory_mb)
    G_GNUC_WARN_UNUSED_RESULT;
NpFlavor *np_flavor_copy(const NpFlavor *flavor) G_GNUC_WARN_UNUSED_RESULT;
void np_flavor_free(NpFlavor *flavor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpFlavor, np_flavor_free)

/**
 * NpImage:
 * @name: image name
 * @properties: Glance properties (`hw_numa_nodes`, ...)
 */
typedef struct {
	gchar *name;
	NpProps *properties;
} NpImage;

NpImage *np_image_new(const gchar *name) G_GNUC_WARN_UNUSED_RESULT;
NpImage *np_image_copy(const NpImage *image) G_GNUC_WARN_UNUSED_RESULT;
void np_image_free(NpImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpImage, np_image_free)

G_END_DECLS

G_BEGIN_DECLS

/* Values as Python holds them after json.loads(); @str is Python's str() */
NpValue *np_value_new_integer(gint64 integer) G_GNUC_WARN_UNUSED_RESULT;
NpValue *np_value_new_float(gdouble number) G_GNUC_WARN_UNUSED_RESULT;
NpValue *np_value_new_boolean(gboolean boolean) G_GNUC_WARN_UNUSED_RESULT;
NpValue *np_value_new_null(void) G_GNUC_WARN_UNUSED_RESULT;
/* a list or an object, with Python's str() of it */
NpValue *np_value_new_container(NpValueType type, const gchar *python_str)
    G_GNUC_WARN_UNUSED_RESULT;

/* Python's repr() of a string and of a float, for messages and str() */
gchar *np_python_repr_string(const gchar *str) G_GNUC_WARN_UNUSED_RESULT;
gchar *np_python_repr_float(gdouble number) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
