#include "np-flavor.h"

struct _NpProps {
	GPtrArray *keys;   /* of gchar* */
	GPtrArray *values; /* of NpValue* */
};

NpValue *
np_value_new_string(const gchar *str)
{
	NpValue *value = g_new0(NpValue, 1);
	value->type = NP_VALUE_STRING;
	value->str = g_strdup(str != NULL ? str : "");
	return value;
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

const gchar *
np_value_type_python_name(NpValueType type)
{
	static const gchar *names[] = {
	    [NP_VALUE_STRING] = "str",	  [NP_VALUE_INTEGER] = "int", [NP_VALUE_FLOAT] = "float",
	    [NP_VALUE_BOOLEAN] = "bool",  [NP_VALUE_NULL] = "NoneType", [NP_VALUE_LIST] = "list",
	    [NP_VALUE_OBJECT] = "dict",
	};
	G_STATIC_ASSERT(G_N_ELEMENTS(names) == NP_VALUE_LAST);
	g_return_val_if_fail(type < NP_VALUE_LAST, NULL);
	return names[type];
}

NpProps *
np_props_new(void)
{
	NpProps *props = g_new0(NpProps, 1);
	props->keys = g_ptr_array_new_with_free_func(g_free);
	props->values = g_ptr_array_new_with_free_func((GDestroyNotify)np_value_free);
	return props;
}

NpProps *
np_props_copy(const NpProps *props)
{
	NpProps *copy;
	g_return_val_if_fail(props != NULL, NULL);
	copy = np_props_new();
	for (guint i = 0; i < props->keys->len; i++) {
		g_ptr_array_add(copy->keys, g_strdup(g_ptr_array_index(props->keys, i)));
		g_ptr_array_add(copy->values, np_value_copy(g_ptr_array_index(props->values, i)));
	}
	return copy;
}

void
np_props_free(NpProps *props)
{
	if (props == NULL)
		return;
	g_ptr_array_unref(props->keys);
	g_ptr_array_unref(props->values);
	g_free(props);
}

static gint
np_props_find(const NpProps *props, const gchar *key)
{
	for (guint i = 0; i < props->keys->len; i++) {
		if (g_strcmp0(g_ptr_array_index(props->keys, i), key) == 0)
			return (gint)i;
	}
	return -1;
}

void
np_props_take(NpProps *props, const gchar *key, NpValue *value)
{
	gint idx;
	g_return_if_fail(props != NULL);
	g_return_if_fail(key != NULL);
	g_return_if_fail(value != NULL);
	idx = np_props_find(props, key);
	if (idx >= 0) {
		np_value_free(g_ptr_array_index(props->values, idx));
		g_ptr_array_index(props->values, idx) = value;
		return;
	}
	g_ptr_array_add(props->keys, g_strdup(key));
	g_ptr_array_add(props->values, value);
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
	g_ptr_array_remove_index(props->keys, idx);
	g_ptr_array_remove_index(props->values, idx);
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
	return idx < 0 ? NULL : g_ptr_array_index(props->values, idx);
}

const gchar *
np_props_lookup_string(const NpProps *props, const gchar *key)
{
	const NpValue *value = np_props_lookup(props, key);
	return value != NULL ? value->str : NULL;
}

NpFlavor *
np_flavor_new(const gchar *name, gint64 vcpus, gint64 memory_mb)
{
	NpFlavor *flavor = g_new0(NpFlavor, 1);
	flavor->name = g_strdup(name);
	flavor->vcpus = vcpus;
	flavor->memory_mb = memory_mb;
	flavor->extra_specs = np_props_new();
	return flavor;
}

NpFlavor *
np_flavor_copy(const NpFlavor *flavor)
{
	NpFlavor *copy;
	g_return_val_if_fail(flavor != NULL, NULL);
	copy = np_flavor_new(flavor->name, flavor->vcpus, flavor->memory_mb);
	np_props_free(copy->extra_specs);
	copy->extra_specs = np_props_copy(flavor->extra_specs);
	return copy;
}

void
np_flavor_free(NpFlavor *flavor)
{
	if (flavor == NULL)
		return;
	g_free(flavor->name);
	np_props_free(flavor->extra_specs);
	g_free(flavor);
}

NpImage *
np_image_new(const gchar *name)
{
	NpImage *image = g_new0(NpImage, 1);
	image->name = g_strdup(name);
	image->properties = np_props_new();
	return image;
}

NpImage *
np_image_copy(const NpImage *image)
{
	NpImage *copy;
	g_return_val_if_fail(image != NULL, NULL);
	copy = np_image_new(image->name);
	np_props_free(copy->properties);
	copy->properties = np_props_copy(image->properties);
	return copy;
}

void
np_image_free(NpImage *image)
{
	if (image == NULL)
		return;
	g_free(image->name);
	np_props_free(image->properties);
	g_free(image);
}

#include "np-py-private.h"

NpValue *
np_value_new_integer(gint64 integer)
{
	NpValue *value = g_new0(NpValue, 1);
	value->type = NP_VALUE_INTEGER;
	value->integer = integer;
	value->number = (gdouble)integer;
	value->str = g_strdup_printf("%" G_GINT64_FORMAT, integer);
	return value;
}

NpValue *
np_value_new_float(gdouble number)
{
	NpValue *value = g_new0(NpValue, 1);
	value->type = NP_VALUE_FLOAT;
	value->number = number;
	value->str = np_py_repr_float(number);
	return value;
}

NpValue *
np_value_new_boolean(gboolean boolean)
{
	NpValue *value = g_new0(NpValue, 1);
	value->type = NP_VALUE_BOOLEAN;
	value->integer = boolean ? 1 : 0;
	value->number = value->integer;
	value->str = g_strdup(boolean ? "True" : "False");
	return value;
}

NpValue *
np_value_new_null(void)
{
	NpValue *value = g_new0(NpValue, 1);
	value->type = NP_VALUE_NULL;
	value->str = g_strdup("None");
	return value;
}

NpValue *
np_value_new_container(NpValueType type, const gchar *python_str)
{
	NpValue *value = g_new0(NpValue, 1);
	g_return_val_if_fail(type == NP_VALUE_LIST || type == NP_VALUE_OBJECT, value);
	value->type = type;
	value->str = g_strdup(python_str);
	return value;
}

gchar *
np_python_repr_string(const gchar *str)
{
	return np_py_repr_str(str);
}

gchar *
np_python_repr_float(gdouble number)
{
	return np_py_repr_float(number);
}
