/* Property values and ordered maps: see np-props-private.h */
#include "np-enum-private.h"
#include "np-props-private.h"

struct _NpProps {
	GPtrArray *keys;   /* of gchar*, insertion order */
	GPtrArray *values; /* of NpValue*, parallel to @keys */
	GHashTable *index; /* key (borrowed from @keys) → 1 + its position */
};

static const gchar *const np_value_python_names[] = {
    [NP_VALUE_STRING] = "str",
    [NP_VALUE_INTEGER] = "int",
    [NP_VALUE_FLOAT] = "float",
    [NP_VALUE_BOOLEAN] = "bool",
    [NP_VALUE_NULL] = "NoneType",
    [NP_VALUE_LIST] = "list",
    [NP_VALUE_OBJECT] = "dict",
};
G_STATIC_ASSERT(G_N_ELEMENTS(np_value_python_names) == NP_VALUE_LAST);

const gchar *
np_value_type_python_name(NpValueType type)
{
	return np_enum_name(np_value_python_names,
	                    sizeof(np_value_python_names[0]),
	                    NP_VALUE_LAST,
	                    type);
}

static NpValue *
np_value_new(NpValueType type, gchar *str)
{
	NpValue *value = g_new0(NpValue, 1);
	value->type = type;
	value->str = str;
	return value;
}

NpValue *
np_value_new_string(const gchar *str)
{
	return np_value_new(NP_VALUE_STRING, g_strdup(str != NULL ? str : ""));
}

NpValue *
np_value_new_integer(gint64 integer)
{
	NpValue *value =
	    np_value_new(NP_VALUE_INTEGER, g_strdup_printf("%" G_GINT64_FORMAT, integer));
	value->integer = integer;
	value->number = (gdouble)integer;
	return value;
}

NpValue *
np_value_new_float(gdouble number, const gchar *python_str)
{
	NpValue *value = np_value_new(NP_VALUE_FLOAT, g_strdup(python_str));
	value->number = number;
	return value;
}

NpValue *
np_value_new_boolean(gboolean boolean)
{
	NpValue *value = np_value_new(NP_VALUE_BOOLEAN, g_strdup(boolean ? "True" : "False"));
	value->integer = boolean ? 1 : 0;
	value->number = value->integer;
	return value;
}

NpValue *
np_value_new_null(void)
{
	return np_value_new(NP_VALUE_NULL, g_strdup("None"));
}

NpValue *
np_value_new_container(NpValueType type, const gchar *python_str)
{
	g_return_val_if_fail(type == NP_VALUE_LIST || type == NP_VALUE_OBJECT, NULL);
	return np_value_new(type, g_strdup(python_str));
}

NpValue *
np_value_copy(const NpValue *value)
{
	NpValue *copy;
	g_return_val_if_fail(value != NULL, NULL);
	copy = g_new0(NpValue, 1);
	*copy = *value;
	copy->str = g_strdup(value->str);
	return copy;
}

void
np_value_free(NpValue *value)
{
	if (value == NULL)
		return;
	g_free(value->str);
	g_free(value);
}

NpProps *
np_props_new(void)
{
	NpProps *props = g_new0(NpProps, 1);
	props->keys = g_ptr_array_new_with_free_func(g_free);
	props->values = g_ptr_array_new_with_free_func((GDestroyNotify)np_value_free);
	props->index = g_hash_table_new(g_str_hash, g_str_equal);
	return props;
}

NpProps *
np_props_copy(const NpProps *props)
{
	NpProps *copy;
	g_return_val_if_fail(props != NULL, NULL);
	copy = np_props_new();
	for (guint i = 0; i < props->keys->len; i++)
		np_props_take(copy,
		              g_ptr_array_index(props->keys, i),
		              np_value_copy(g_ptr_array_index(props->values, i)));
	return copy;
}

void
np_props_free(NpProps *props)
{
	if (props == NULL)
		return;
	g_hash_table_unref(props->index);
	g_ptr_array_unref(props->keys);
	g_ptr_array_unref(props->values);
	g_free(props);
}

static gint
np_props_find(const NpProps *props, const gchar *key)
{
	return (gint)GPOINTER_TO_UINT(g_hash_table_lookup(props->index, key)) - 1;
}

void
np_props_take(NpProps *props, const gchar *key, NpValue *value)
{
	gint idx;
	gchar *owned;
	g_return_if_fail(props != NULL);
	g_return_if_fail(key != NULL);
	g_return_if_fail(value != NULL);
	idx = np_props_find(props, key);
	if (idx >= 0) {
		np_value_free(g_ptr_array_index(props->values, idx));
		g_ptr_array_index(props->values, idx) = value;
		return;
	}
	owned = g_strdup(key);
	g_ptr_array_add(props->keys, owned);
	g_ptr_array_add(props->values, value);
	g_hash_table_insert(props->index, owned, GUINT_TO_POINTER(props->keys->len));
}

void
np_props_set_string(NpProps *props, const gchar *key, const gchar *value)
{
	np_props_take(props, key, np_value_new_string(value));
}

gboolean
np_props_remove(NpProps *props, const gchar *key)
{
	gint idx;
	g_return_val_if_fail(props != NULL, FALSE);
	idx = np_props_find(props, key);
	if (idx < 0)
		return FALSE;
	g_hash_table_remove(props->index, key);
	g_ptr_array_remove_index(props->keys, idx);
	g_ptr_array_remove_index(props->values, idx);
	/* the keys after it moved down by one */
	for (guint i = (guint)idx; i < props->keys->len; i++)
		g_hash_table_insert(props->index,
		                    g_ptr_array_index(props->keys, i),
		                    GUINT_TO_POINTER(i + 1));
	return TRUE;
}

guint
np_props_get_size(const NpProps *props)
{
	g_return_val_if_fail(props != NULL, 0);
	return props->keys->len;
}

const gchar *
np_props_get_key(const NpProps *props, guint idx)
{
	g_return_val_if_fail(props != NULL && idx < props->keys->len, NULL);
	return g_ptr_array_index(props->keys, idx);
}

const NpValue *
np_props_get_value(const NpProps *props, guint idx)
{
	g_return_val_if_fail(props != NULL && idx < props->values->len, NULL);
	return g_ptr_array_index(props->values, idx);
}

const NpValue *
np_props_lookup(const NpProps *props, const gchar *key)
{
	gint idx;
	g_return_val_if_fail(props != NULL, NULL);
	idx = np_props_find(props, key);
	return idx >= 0 ? g_ptr_array_index(props->values, idx) : NULL;
}

const gchar *
np_props_lookup_string(const NpProps *props, const gchar *key)
{
	const NpValue *value = np_props_lookup(props, key);
	return value != NULL ? value->str : NULL;
}
