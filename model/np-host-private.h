/* numaplan — host definition internals */
#pragma once

#include "np-host.h"
#include "np-pos-private.h"
#include "np-settings-private.h"

G_BEGIN_DECLS

/**
 * NpNodeSpec:
 * @id: the physical NUMA node id
 * @cpus: logical processors on the node
 * @memory_mb: total memory, MiB
 * @reserved_mb: memory kept by the root partition, MiB
 *
 * A node's capacity for VMs is @memory_mb − @reserved_mb.
 */
typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 memory_mb;
	gint64 reserved_mb;
	NpPos pos;          /* its id */
	NpPos reserved_pos; /* its reserved_mb */
} NpNodeSpec;

/**
 * NpHost:
 * @settings: the host's own values of the per-host settings
 * @overridden: which of them the host sets (np-settings.c bits); the others
 *   come from the scenario's settings
 * @hyperv_json: an import's `hyperv:` map as JSON text, or %NULL
 */
struct _NpHost {
	gchar *name;
	GArray *nodes; /* NpNodeSpec, in file order */
	NpHostSettings settings;
	guint overridden;
	NpPos pos;      /* the item */
	NpPos name_pos; /* its name */
	gchar *hyperv_json;
};

G_END_DECLS
