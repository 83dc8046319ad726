/* numaplan — flavors and images: what a VM asks for (rules.md §2)
 *
 * Both are reference counted and shared: a scenario, its engine and every
 * copy of the engine hold the same objects. Change them only before they
 * are added to a scenario or an engine.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NpFlavor NpFlavor;
typedef struct _NpImage NpImage;

NpFlavor *
np_flavor_new(const gchar *name, gint64 vcpus, gint64 memory_mb) G_GNUC_WARN_UNUSED_RESULT;
NpFlavor *np_flavor_ref(NpFlavor *flavor);
void np_flavor_unref(NpFlavor *flavor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpFlavor, np_flavor_unref)

void np_flavor_set_extra_spec(NpFlavor *flavor, const gchar *key, const gchar *value);
const gchar *np_flavor_get_extra_spec(const NpFlavor *flavor, const gchar *key);
const gchar *np_flavor_get_name(const NpFlavor *flavor);
gint64 np_flavor_get_vcpus(const NpFlavor *flavor);
gint64 np_flavor_get_memory_mb(const NpFlavor *flavor);

NpImage *np_image_new(const gchar *name) G_GNUC_WARN_UNUSED_RESULT;
NpImage *np_image_ref(NpImage *image);
void np_image_unref(NpImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpImage, np_image_unref)

void np_image_set_property(NpImage *image, const gchar *key, const gchar *value);
const gchar *np_image_get_property(const NpImage *image, const gchar *key);
const gchar *np_image_get_name(const NpImage *image);

G_END_DECLS
