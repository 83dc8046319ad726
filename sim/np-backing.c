/* Where Hyper-V backs a VM's memory: rules.md §4 and §5 */
#include "np-sim-private.h"

NpSimNode *
np_sim_host_node_by_id(NpSimHost *host, gint64 id)
{
	for (guint i = 0; i < host->nodes->len; i++) {
		NpSimNode *node = &g_array_index(host->nodes, NpSimNode, i);
		if (node->id == id)
			return node;
	}
	return NULL;
}

static gboolean
np_id_in(const GArray *ids, gint64 id)
{
	for (guint i = 0; ids != NULL && i < ids->len; i++) {
		if (g_array_index(ids, gint64, i) == id)
			return TRUE;
	}
	return FALSE;
}

/* is @a a better choice than @b for @policy? ties go to the lowest id */
static gboolean
np_better(const NpSimNode *a, const NpSimNode *b, NpBackingPolicy policy)
{
	switch (policy) {
	case NP_BACKING_BEST_FIT:
		if (a->free_mb != b->free_mb)
			return a->free_mb < b->free_mb;
		break;
	case NP_BACKING_FIRST_FIT:
		break;
	case NP_BACKING_MOST_FREE:
	case NP_BACKING_LAST:
	default:
		if (a->free_mb != b->free_mb)
			return a->free_mb > b->free_mb;
		break;
	}
	return a->id < b->id;
}

static void
np_unit_take(NpUnit *unit, NpSimNode *node, gint64 memory_mb)
{
	NpPart part = {node->id, memory_mb};
	node->free_mb -= memory_mb;
	g_array_append_val(unit->parts, part);
}

/* nodes by most free memory, ties lowest id */
static gint
np_cmp_most_free(gconstpointer pa, gconstpointer pb)
{
	const NpSimNode *a = *(NpSimNode *const *)pa, *b = *(NpSimNode *const *)pb;
	if (a->free_mb != b->free_mb)
		return a->free_mb > b->free_mb ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id ? 1 : 0;
}

GPtrArray *
np_sim_nodes_by_most_free(NpSimHost *host)
{
	GPtrArray *order = g_ptr_array_new();
	for (guint i = 0; i < host->nodes->len; i++)
		g_ptr_array_add(order, &g_array_index(host->nodes, NpSimNode, i));
	g_ptr_array_sort(order, np_cmp_most_free);
	return order;
}

NpCode
np_sim_back_unit(NpSimHost *host,
		 gint64 size_mb,
		 const GArray *used_node_ids,
		 NpBackingPolicy policy,
		 gboolean spanning,
		 NpUnit *unit)
{
	NpSimNode *best = NULL;
	gboolean best_unused = FALSE;
	gint64 total_free = 0;

	for (guint i = 0; i < host->nodes->len; i++) {
		NpSimNode *node = &g_array_index(host->nodes, NpSimNode, i);
		gboolean unused = !np_id_in(used_node_ids, node->id);
		total_free += node->free_mb;
		if (node->free_mb < size_mb)
			continue;
		/* a node this VM's earlier units don't use beats any it does */
		if (best == NULL || (unused && !best_unused) ||
		    (unused == best_unused && np_better(node, best, policy))) {
			best = node;
			best_unused = unused;
		}
	}
	if (best != NULL) {
		np_unit_take(unit, best, size_mb);
		return NP_CODE_NONE;
	}
	if (host->nodes->len == 1 || total_free < size_mb)
		return host->nodes->len > 1 && !spanning ? NP_CODE_NO_NODE_FITS_SPANNING_DISABLED
							  : NP_CODE_INSUFFICIENT_MEMORY;
	if (!spanning)
		return NP_CODE_NO_NODE_FITS_SPANNING_DISABLED;
	{
		g_autoptr(GPtrArray) order = np_sim_nodes_by_most_free(host);
		gint64 left = size_mb;
		for (guint i = 0; i < order->len && left > 0; i++) {
			NpSimNode *node = g_ptr_array_index(order, i);
			gint64 take = MIN(left, node->free_mb);
			if (take <= 0)
				continue;
			np_unit_take(unit, node, take);
			left -= take;
		}
	}
	return NP_CODE_NONE;
}

void
np_sim_release_unit(NpSimHost *host, const NpUnit *unit)
{
	for (guint i = 0; i < unit->parts->len; i++) {
		const NpPart *part = &g_array_index(unit->parts, NpPart, i);
		NpSimNode *node = np_sim_host_node_by_id(host, part->node);
		if (node != NULL)
			node->free_mb += part->memory_mb;
	}
}
