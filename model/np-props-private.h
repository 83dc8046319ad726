/* numaplan — property values and ordered property maps (extra specs, image
 * properties), holding values the way Python holds them after json.loads */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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
NpValue *np_value_new_integer(gint64 integer) G_GNUC_WARN_UNUSED_RESULT;
/* @python_str: Python's repr() of @number (the reader computes it) */
NpValue *np_value_new_float(gdouble number, const gchar *python_str) G_GNUC_WARN_UNUSED_RESULT;
NpValue *np_value_new_boolean(gboolean boolean) G_GNUC_WARN_UNUSED_RESULT;
NpValue *np_value_new_null(void) G_GNUC_WARN_UNUSED_RESULT;
/* a list or an object, with Python's str() of it */
NpValue *np_value_new_container(NpValueType type,
                                const gchar *python_str) G_GNUC_WARN_UNUSED_RESULT;
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
 * its position and replaces its value, as a Python dict does. Lookups and
 * inserts go through a hash index: a map of N keys costs O(N) to build.
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

G_END_DECLS
