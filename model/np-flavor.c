/* Flavors and images: see np-flavor.h */
#include "np-flavor-private.h"

/**
 * np_flavor_new:
 * @name: the flavor's name
 * @vcpus: vCPUs
 * @memory_mb: memory, MiB
 *
 * Returns: (transfer full): a flavor without extra specs
 */
NpFlavor *
np_flavor_new(const gchar *name, gint64 vcpus, gint64 memory_mb)
{
	NpFlavor *flavor;
	g_return_val_if_fail(name != NULL, NULL);
	flavor = g_new0(NpFlavor, 1);
	g_atomic_ref_count_init(&flavor->ref);
	flavor->name = g_strdup(name);
	flavor->vcpus = vcpus;
	flavor->memory_mb = memory_mb;
	flavor->extra_specs = np_props_new();
	return flavor;
}

NpFlavor *
np_flavor_ref(NpFlavor *flavor)
{
	g_return_val_if_fail(flavor != NULL, NULL);
	g_atomic_ref_count_inc(&flavor->ref);
	return flavor;
}

void
np_flavor_unref(NpFlavor *flavor)
{
	if (flavor == NULL || !g_atomic_ref_count_dec(&flavor->ref))
		return;
	g_free(flavor->name);
	np_props_free(flavor->extra_specs);
	g_free(flavor);
}

/* an extra spec with a string value (`"hw:numa_nodes": "2"`) */
void
np_flavor_set_extra_spec(NpFlavor *flavor, const gchar *key, const gchar *value)
{
	g_return_if_fail(flavor != NULL && key != NULL && value != NULL);
	np_props_set_string(flavor->extra_specs, key, value);
}

/* (nullable): the value as Python's str() gives it, %NULL when unset */
const gchar *
np_flavor_get_extra_spec(const NpFlavor *flavor, const gchar *key)
{
	g_return_val_if_fail(flavor != NULL && key != NULL, NULL);
	return np_props_lookup_string(flavor->extra_specs, key);
}

const gchar *
np_flavor_get_name(const NpFlavor *flavor)
{
	g_return_val_if_fail(flavor != NULL, NULL);
	return flavor->name;
}

gint64
np_flavor_get_vcpus(const NpFlavor *flavor)
{
	g_return_val_if_fail(flavor != NULL, 0);
	return flavor->vcpus;
}

gint64
np_flavor_get_memory_mb(const NpFlavor *flavor)
{
	g_return_val_if_fail(flavor != NULL, 0);
	return flavor->memory_mb;
}

/* Returns: (transfer full): an image without properties */
NpImage *
np_image_new(const gchar *name)
{
	NpImage *image;
	g_return_val_if_fail(name != NULL, NULL);
	image = g_new0(NpImage, 1);
	g_atomic_ref_count_init(&image->ref);
	image->name = g_strdup(name);
	image->properties = np_props_new();
	return image;
}

NpImage *
np_image_ref(NpImage *image)
{
	g_return_val_if_fail(image != NULL, NULL);
	g_atomic_ref_count_inc(&image->ref);
	return image;
}

void
np_image_unref(NpImage *image)
{
	if (image == NULL || !g_atomic_ref_count_dec(&image->ref))
		return;
	g_free(image->name);
	np_props_free(image->properties);
	g_free(image);
}

/* a property with a string value (`hw_numa_nodes: "2"`) */
void
np_image_set_property(NpImage *image, const gchar *key, const gchar *value)
{
	g_return_if_fail(image != NULL && key != NULL && value != NULL);
	np_props_set_string(image->properties, key, value);
}

const gchar *
np_image_get_property(const NpImage *image, const gchar *key)
{
	g_return_val_if_fail(image != NULL && key != NULL, NULL);
	return np_props_lookup_string(image->properties, key);
}

const gchar *
np_image_get_name(const NpImage *image)
{
	g_return_val_if_fail(image != NULL, NULL);
	return image->name;
}
