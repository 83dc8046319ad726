/* numaplan — an ordered index of the hosts the scheduler may pick, so a
 * boot does not scan every host (rules.md §3 gives the order; the index
 * gives exactly the full scan's answer, only faster)
 *
 * A treap over the engine's enabled hosts, sorted by a weigher's value
 * (ties: host order) and augmented with the subtree maxima of what the RAM
 * and CPU filters compare, so a walk skips whole subtrees no request could
 * pass. Nodes live in an array indexed by host: copying an engine copies
 * the index with one memcpy.
 */
#pragma once

#include <glib.h>

#include "np-scheduler-private.h"

G_BEGIN_DECLS

typedef enum {
	NP_INDEX_BY_RAM, /* the RAM weigher's value: max(M − Rs − Cm, 0) */
	NP_INDEX_BY_CPU, /* the CPU weigher's value: max(L × ratio − Cv, 0) */
} NpIndexKey;

typedef struct {
	gint32 left;
	gint32 right;
	guint32 priority;
	gboolean in; /* in the tree: the host is enabled */
	gdouble key;
	/* the host's own filter bounds, and their maxima over the subtree */
	gdouble ram_room; /* capacity × ratio − claims: what the RAM filter allows */
	gdouble cpu_room;
	gint64 memory_mb; /* max_unit */
	gint64 cpus;
	gdouble max_ram_room;
	gdouble max_cpu_room;
	gint64 max_memory_mb;
	gint64 max_cpus;
} NpIndexNode;

/* the order is by @sign × the value, ascending, then by host: @sign −1
 * puts the largest value first, ties in host order, as the weighers want */
typedef struct {
	NpIndexKey by;
	gdouble sign;
	gint32 root;
	GArray *nodes; /* NpIndexNode, by host index */
} NpHostIndex;

void np_host_index_init(NpHostIndex *index, NpIndexKey by, gdouble sign);
void np_host_index_clear(NpHostIndex *index);
void np_host_index_copy(NpHostIndex *dest, const NpHostIndex *src);
/* host @i is enabled with @nova's values (inserted or moved), or not */
void np_host_index_set(NpHostIndex *index, guint i, const NpNovaHost *nova, gboolean enabled);

/* calls @func for each host that may pass a request of @memory_mb and
 * @vcpus (the bounds are loose: the caller filters exactly), in the
 * index's order (@reverse: the other way, ties then in reverse host
 * order too), with the weigher's value; stops when @func returns FALSE */
typedef gboolean (*NpIndexFunc)(guint host, gdouble value, gpointer data);
void np_host_index_walk(const NpHostIndex *index,
                        gint64 memory_mb,
                        gint64 vcpus,
                        gboolean reverse,
                        NpIndexFunc func,
                        gpointer data);

G_END_DECLS
