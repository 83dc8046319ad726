/* numaplan — what Hyper-V does with a host's memory: which physical NUMA
 * node backs each unit of a VM's memory, spanning, and dynamic memory
 * (rules.md §4, §5). Hyper-V's view only: Nova's claims are nova/. */
#pragma once

#include <glib.h>

#include "np-code.h"
#include "np-settings.h"

G_BEGIN_DECLS

typedef struct {
	gint64 id;
	gint64 reserved_mb; /* kept by the root partition */
	gint64 capacity_mb; /* total − reserved */
	gint64 free_mb;     /* capacity − backed */
} NpHvNode;

typedef struct {
	guint n_nodes;
	NpHvNode *nodes;
	gboolean numa_spanning;
} NpHvHost;

/**
 * NpHvPart:
 * @unit: the unit (virtual node; 0 for a plain VM's one unit)
 * @node: an index into the host's nodes
 * @memory_mb: MiB backed there
 *
 * A VM's backing is its parts in the order taken: within a unit the first
 * part is its home.
 */
typedef struct {
	guint32 unit;
	guint32 node;
	gint64 memory_mb;
} NpHvPart;

typedef struct {
	NpHvPart *parts;
	guint32 n_parts;
	guint32 allocated;
} NpHvBacking;

void np_hv_backing_clear(NpHvBacking *backing);
/* room for @n_parts parts without growing */
void np_hv_backing_reserve(NpHvBacking *backing, guint32 n_parts);
void np_hv_backing_copy(NpHvBacking *dest, const NpHvBacking *src);
gboolean np_hv_backing_is_spanned(const NpHvBacking *backing);
gint64 np_hv_backing_get_remote_mb(const NpHvBacking *backing);
/* the MiB of @unit, and its home node index (G_MAXUINT32 when unbacked) */
gint64 np_hv_backing_get_unit_mb(const NpHvBacking *backing, guint32 unit, guint32 *home);

/* rules.md §4: back @size_mb for @unit on @host, preferring nodes the
 * VM's earlier units (already in @backing) do not use; NP_CODE_NONE, or
 * why Hyper-V refuses (nothing is taken then) */
NpCode np_hv_back_unit(NpHvHost *host,
                       NpHvBacking *backing,
                       guint32 unit,
                       gint64 size_mb,
                       NpBackingPolicy policy);
/* gives every part back to @host and empties @backing */
void np_hv_release(NpHvHost *host, NpHvBacking *backing);
/* takes @backing's parts from @host again (putting a VM back exactly) */
void np_hv_retake(NpHvHost *host, const NpHvBacking *backing);

/* rules.md §5: moves the single unit of a dynamic-memory VM to @target_mb
 * backed: growth from home first, then (spanning on) the other nodes by
 * most free; shrinking gives remote memory back first. Returns the
 * shortfall (0 when met). */
gint64 np_hv_set_dynamic_memory(NpHvHost *host, NpHvBacking *backing, gint64 target_mb);

G_END_DECLS
