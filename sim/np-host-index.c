/* The scheduler's host index: see np-host-index-private.h */
#include "np-host-index-private.h"

/* the filters compare in doubles; a bound this much below the request
 * still lets the exact test decide */
#define NP_INDEX_SLACK 1.0

static inline NpIndexNode *
np_node(const NpHostIndex *index, gint32 i)
{
	return &g_array_index(index->nodes, NpIndexNode, i);
}

/* a deterministic priority per host: a hash of its index */
static guint32
np_priority(guint i)
{
	guint32 x = i * 2654435761u + 0x9e3779b9u;
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	return x ^ (x >> 16);
}

void
np_host_index_init(NpHostIndex *index, NpIndexKey by, gdouble sign)
{
	index->by = by;
	index->sign = sign;
	index->root = -1;
	index->nodes = g_array_new(FALSE, TRUE, sizeof(NpIndexNode));
}

void
np_host_index_clear(NpHostIndex *index)
{
	g_clear_pointer(&index->nodes, g_array_unref);
	index->root = -1;
}

void
np_host_index_copy(NpHostIndex *dest, const NpHostIndex *src)
{
	dest->by = src->by;
	dest->sign = src->sign;
	dest->root = src->root;
	dest->nodes = g_array_sized_new(FALSE, FALSE, sizeof(NpIndexNode), src->nodes->len);
	g_array_append_vals(dest->nodes, src->nodes->data, src->nodes->len);
}

/* ascending key, then host order */
static inline gboolean
np_before(const NpHostIndex *index, gint32 a, gint32 b)
{
	gdouble ka = np_node(index, a)->key, kb = np_node(index, b)->key;
	if (ka != kb)
		return ka < kb;
	return a < b;
}

static void
np_update(const NpHostIndex *index, gint32 i)
{
	NpIndexNode *n = np_node(index, i);
	n->max_ram_room = n->ram_room;
	n->max_cpu_room = n->cpu_room;
	n->max_memory_mb = n->memory_mb;
	n->max_cpus = n->cpus;
	for (gint32 c = 0; c < 2; c++) {
		gint32 child = c == 0 ? n->left : n->right;
		const NpIndexNode *k;
		if (child < 0)
			continue;
		k = np_node(index, child);
		n->max_ram_room = MAX(n->max_ram_room, k->max_ram_room);
		n->max_cpu_room = MAX(n->max_cpu_room, k->max_cpu_room);
		n->max_memory_mb = MAX(n->max_memory_mb, k->max_memory_mb);
		n->max_cpus = MAX(n->max_cpus, k->max_cpus);
	}
}

/* @t split into the nodes before @pivot (*@left) and the rest (*@right) */
static void
np_split(const NpHostIndex *index, gint32 t, gint32 pivot, gint32 *left, gint32 *right)
{
	NpIndexNode *n;
	if (t < 0) {
		*left = *right = -1;
		return;
	}
	n = np_node(index, t);
	if (np_before(index, t, pivot)) {
		np_split(index, n->right, pivot, &n->right, right);
		*left = t;
	} else {
		np_split(index, n->left, pivot, left, &n->left);
		*right = t;
	}
	np_update(index, t);
}

/* every node of @a before every node of @b */
static gint32
np_merge(const NpHostIndex *index, gint32 a, gint32 b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	if (np_node(index, a)->priority > np_node(index, b)->priority) {
		np_node(index, a)->right = np_merge(index, np_node(index, a)->right, b);
		np_update(index, a);
		return a;
	}
	np_node(index, b)->left = np_merge(index, a, np_node(index, b)->left);
	np_update(index, b);
	return b;
}

static gint32
np_remove(const NpHostIndex *index, gint32 t, gint32 i)
{
	NpIndexNode *n;
	if (t < 0)
		return -1;
	if (t == i) {
		n = np_node(index, t);
		return np_merge(index, n->left, n->right);
	}
	n = np_node(index, t);
	if (np_before(index, i, t))
		n->left = np_remove(index, n->left, i);
	else
		n->right = np_remove(index, n->right, i);
	np_update(index, t);
	return t;
}

static gint32
np_insert(const NpHostIndex *index, gint32 t, gint32 i)
{
	gint32 left, right;
	NpIndexNode *n = np_node(index, i);
	if (t < 0)
		return i;
	if (n->priority > np_node(index, t)->priority) {
		np_split(index, t, i, &left, &right);
		n->left = left;
		n->right = right;
		np_update(index, i);
		return i;
	}
	if (np_before(index, i, t))
		np_node(index, t)->left = np_insert(index, np_node(index, t)->left, i);
	else
		np_node(index, t)->right = np_insert(index, np_node(index, t)->right, i);
	np_update(index, t);
	return t;
}

void
np_host_index_set(NpHostIndex *index, guint i, const NpNovaHost *nova, gboolean enabled)
{
	NpIndexNode *n;
	if (i >= index->nodes->len)
		g_array_set_size(index->nodes, i + 1);
	n = np_node(index, i);
	if (n->in)
		index->root = np_remove(index, index->root, i);
	n = np_node(index, i);
	n->in = enabled;
	if (!enabled)
		return;
	n->left = n->right = -1;
	n->priority = np_priority(i);
	n->key = index->sign
	         * (index->by == NP_INDEX_BY_RAM ? np_weigher_ram_value(nova)
	                                         : np_weigher_cpu_value(nova));
	n->ram_room = (gdouble)nova->capacity_mb * nova->ram_allocation_ratio
	              - (gdouble)nova->claimed_memory_mb;
	n->cpu_room =
	    (gdouble)nova->cpus * nova->cpu_allocation_ratio - (gdouble)nova->claimed_vcpus;
	n->memory_mb = nova->memory_mb;
	n->cpus = nova->cpus;
	np_update(index, i);
	index->root = np_insert(index, index->root, i);
}

typedef struct {
	const NpHostIndex *index;
	gdouble memory_mb;
	gdouble vcpus;
	gint64 memory_unit;
	gint64 vcpus_unit;
	gboolean reverse;
	NpIndexFunc func;
	gpointer data;
} NpWalk;

/* FALSE when the walk is over */
static gboolean
np_walk(NpWalk *w, gint32 t)
{
	const NpIndexNode *n;
	gint32 first, second;
	if (t < 0)
		return TRUE;
	n = np_node(w->index, t);
	/* no host below passes the RAM or CPU filter: skip them all */
	if (n->max_ram_room + NP_INDEX_SLACK < w->memory_mb
	    || n->max_cpu_room + NP_INDEX_SLACK < w->vcpus || n->max_memory_mb < w->memory_unit
	    || n->max_cpus < w->vcpus_unit)
		return TRUE;
	first = w->reverse ? n->right : n->left;
	second = w->reverse ? n->left : n->right;
	if (!np_walk(w, first))
		return FALSE;
	if (!(n->ram_room + NP_INDEX_SLACK < w->memory_mb || n->cpu_room + NP_INDEX_SLACK < w->vcpus
	      || n->memory_mb < w->memory_unit || n->cpus < w->vcpus_unit)
	    && !w->func((guint)t, n->key * w->index->sign, w->data))
		return FALSE;
	return np_walk(w, second);
}

void
np_host_index_walk(const NpHostIndex *index,
                   gint64 memory_mb,
                   gint64 vcpus,
                   gboolean reverse,
                   NpIndexFunc func,
                   gpointer data)
{
	NpWalk w =
	    {index, (gdouble)memory_mb, (gdouble)vcpus, memory_mb, vcpus, reverse, func, data};
	np_walk(&w, index->root);
}
