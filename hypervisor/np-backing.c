/* Where Hyper-V backs a VM's memory when it starts: rules.md §4 */
#include <string.h>

#include "np-hypervisor-private.h"

void
np_hv_backing_clear(NpHvBacking *backing)
{
	g_clear_pointer(&backing->parts, g_free);
	backing->n_parts = 0;
	backing->allocated = 0;
}

void
np_hv_backing_copy(NpHvBacking *dest, const NpHvBacking *src)
{
	dest->parts =
	    src->n_parts > 0 ? g_memdup2(src->parts, src->n_parts * sizeof(NpHvPart)) : NULL;
	dest->n_parts = src->n_parts;
	dest->allocated = src->n_parts;
}

void
np_hv_backing_reserve(NpHvBacking *backing, guint32 n_parts)
{
	if (backing->allocated >= n_parts)
		return;
	backing->allocated = n_parts;
	backing->parts = g_renew(NpHvPart, backing->parts, n_parts);
}

static void
np_hv_backing_append(NpHvBacking *backing, guint32 unit, guint32 node, gint64 memory_mb)
{
	if (backing->n_parts == backing->allocated) {
		backing->allocated = MAX(1, backing->allocated * 2);
		backing->parts = g_renew(NpHvPart, backing->parts, backing->allocated);
	}
	backing->parts[backing->n_parts++] = (NpHvPart){unit, node, memory_mb};
}

gboolean
np_hv_backing_is_spanned(const NpHvBacking *backing)
{
	/* a unit with a second part */
	for (guint i = 1; i < backing->n_parts; i++) {
		if (backing->parts[i].unit == backing->parts[i - 1].unit)
			return TRUE;
	}
	return FALSE;
}

gint64
np_hv_backing_get_remote_mb(const NpHvBacking *backing)
{
	gint64 remote = 0;
	for (guint i = 1; i < backing->n_parts; i++) {
		if (backing->parts[i].unit == backing->parts[i - 1].unit)
			remote += backing->parts[i].memory_mb;
	}
	return remote;
}

gint64
np_hv_backing_get_unit_mb(const NpHvBacking *backing, guint32 unit, guint32 *home)
{
	gint64 total = 0;
	if (home != NULL)
		*home = G_MAXUINT32;
	for (guint i = 0; i < backing->n_parts; i++) {
		if (backing->parts[i].unit != unit)
			continue;
		if (home != NULL && *home == G_MAXUINT32)
			*home = backing->parts[i].node;
		total += backing->parts[i].memory_mb;
	}
	return total;
}

static gboolean
np_node_used(const NpHvBacking *backing, guint32 node)
{
	for (guint i = 0; i < backing->n_parts; i++) {
		if (backing->parts[i].node == node)
			return TRUE;
	}
	return FALSE;
}

/* is @a a better choice than @b for @policy? ties go to the lowest id */
static gboolean
np_better(const NpHvNode *a, const NpHvNode *b, NpBackingPolicy policy)
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

/* the nodes by most free memory, ties lowest id: @order gets indices */
static void
np_nodes_by_most_free(const NpHvHost *host, guint32 *order)
{
	/* insertion sort: hosts have a handful of nodes */
	for (guint i = 0; i < host->n_nodes; i++) {
		guint j = i;
		while (j > 0) {
			const NpHvNode *a = &host->nodes[order[j - 1]], *b = &host->nodes[i];
			if (a->free_mb > b->free_mb || (a->free_mb == b->free_mb && a->id < b->id))
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}

NpCode
np_hv_back_unit(NpHvHost *host,
                NpHvBacking *backing,
                guint32 unit,
                gint64 size_mb,
                NpBackingPolicy policy)
{
	gint best = -1;
	gboolean best_unused = FALSE;
	gint64 total_free = 0;

	for (guint i = 0; i < host->n_nodes; i++) {
		const NpHvNode *node = &host->nodes[i];
		gboolean unused;
		total_free += node->free_mb;
		if (node->free_mb < size_mb)
			continue;
		/* a node this VM's earlier units don't use beats any it does */
		unused = !np_node_used(backing, i);
		if (best < 0 || (unused && !best_unused)
		    || (unused == best_unused && np_better(node, &host->nodes[best], policy))) {
			best = (gint)i;
			best_unused = unused;
		}
	}
	if (best >= 0) {
		host->nodes[best].free_mb -= size_mb;
		np_hv_backing_append(backing, unit, (guint32)best, size_mb);
		return NP_CODE_NONE;
	}
	/* one node: spanning changes nothing there */
	if (host->n_nodes == 1)
		return NP_CODE_INSUFFICIENT_MEMORY;
	if (!host->numa_spanning)
		return NP_CODE_NO_NODE_FITS_SPANNING_DISABLED;
	if (total_free < size_mb)
		return NP_CODE_INSUFFICIENT_MEMORY;
	{
		g_autofree guint32 *order = g_new(guint32, host->n_nodes);
		gint64 left = size_mb;
		np_nodes_by_most_free(host, order);
		for (guint i = 0; i < host->n_nodes && left > 0; i++) {
			NpHvNode *node = &host->nodes[order[i]];
			gint64 take = MIN(left, node->free_mb);
			if (take <= 0)
				continue;
			node->free_mb -= take;
			np_hv_backing_append(backing, unit, order[i], take);
			left -= take;
		}
	}
	return NP_CODE_NONE;
}

void
np_hv_release(NpHvHost *host, NpHvBacking *backing)
{
	for (guint i = 0; i < backing->n_parts; i++)
		host->nodes[backing->parts[i].node].free_mb += backing->parts[i].memory_mb;
	backing->n_parts = 0;
}

void
np_hv_retake(NpHvHost *host, const NpHvBacking *backing)
{
	for (guint i = 0; i < backing->n_parts; i++)
		host->nodes[backing->parts[i].node].free_mb -= backing->parts[i].memory_mb;
}
