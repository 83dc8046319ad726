/* Dynamic memory: how a plain VM's backing follows its demand, rules.md §5 */
#include <string.h>

#include "np-hypervisor-private.h"

/* the nodes by most free memory, ties lowest id */
static gint
np_cmp_most_free(gconstpointer pa, gconstpointer pb, gpointer data)
{
	const NpHvHost *host = data;
	const NpHvNode *a = &host->nodes[*(const guint32 *)pa];
	const NpHvNode *b = &host->nodes[*(const guint32 *)pb];
	if (a->free_mb != b->free_mb)
		return a->free_mb > b->free_mb ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id ? 1 : 0;
}

static void
np_grow_on(NpHvBacking *backing, guint32 node, gint64 memory_mb)
{
	for (guint p = 0; p < backing->n_parts; p++) {
		if (backing->parts[p].node == node) {
			backing->parts[p].memory_mb += memory_mb;
			return;
		}
	}
	if (backing->n_parts == backing->allocated) {
		backing->allocated = MAX(1, backing->allocated * 2);
		backing->parts = g_renew(NpHvPart, backing->parts, backing->allocated);
	}
	backing->parts[backing->n_parts++] = (NpHvPart){0, node, memory_mb};
}

gint64
np_hv_set_dynamic_memory(NpHvHost *host, NpHvBacking *backing, gint64 target_mb)
{
	gint64 backed = np_hv_backing_get_unit_mb(backing, 0, NULL);

	g_return_val_if_fail(backing->n_parts > 0, target_mb);
	if (target_mb > backed) {
		NpHvPart *home = &backing->parts[0];
		NpHvNode *home_node = &host->nodes[home->node];
		gint64 want = target_mb - backed;
		gint64 take = MIN(want, home_node->free_mb);
		home->memory_mb += take;
		home_node->free_mb -= take;
		want -= take;
		if (want > 0 && host->numa_spanning) {
			/* then the other nodes by most free, ties lowest id (§4) */
			g_autofree guint32 *order = g_new(guint32, host->n_nodes);
			guint32 home_index = home->node;
			for (guint i = 0; i < host->n_nodes; i++)
				order[i] = i;
			g_qsort_with_data(order,
			                  host->n_nodes,
			                  sizeof(guint32),
			                  np_cmp_most_free,
			                  host);
			for (guint i = 0; i < host->n_nodes && want > 0; i++) {
				NpHvNode *node = &host->nodes[order[i]];
				if (order[i] == home_index || node->free_mb <= 0)
					continue;
				take = MIN(want, node->free_mb);
				node->free_mb -= take;
				want -= take;
				np_grow_on(backing, order[i], take);
			}
		}
		return want;
	}
	if (target_mb < backed) {
		gint64 give = backed - target_mb;
		/* remote memory goes back first, the last part taken first */
		for (gint p = (gint)backing->n_parts - 1; p >= 0 && give > 0; p--) {
			NpHvPart *part = &backing->parts[p];
			gint64 back = p == 0 ? give : MIN(give, part->memory_mb);
			part->memory_mb -= back;
			host->nodes[part->node].free_mb += back;
			give -= back;
			if (p > 0 && part->memory_mb == 0) {
				memmove(&backing->parts[p],
				        &backing->parts[p + 1],
				        (backing->n_parts - p - 1) * sizeof(NpHvPart));
				backing->n_parts--;
			}
		}
	}
	return 0;
}
