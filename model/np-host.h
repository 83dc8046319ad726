/* numaplan — a Hyper-V host as a scenario defines it (rules.md §1): NUMA
 * nodes with logical processors and memory, and per-host settings */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NpHost NpHost;

NpHost *np_host_new(const gchar *name) G_GNUC_WARN_UNUSED_RESULT;
NpHost *np_host_copy(const NpHost *host) G_GNUC_WARN_UNUSED_RESULT;
void np_host_free(NpHost *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpHost, np_host_free)

void np_host_add_node(NpHost *host, gint64 id, gint64 cpus, gint64 memory_mb, gint64 reserved_mb);
gboolean np_host_set(NpHost *host, const gchar *key, const gchar *value, GError **error);
const gchar *np_host_get_name(const NpHost *host);
guint np_host_get_n_nodes(const NpHost *host);

G_END_DECLS
