/* Headroom (scenario.md §4): free capacity as Nova's claims see it beside
 * what Hyper-V has free, the upper bound of a capacity question (each
 * host alone), and fragmentation: free memory and vCPUs that no flavor of
 * the scenario can use. */
#include <math.h>
#include <string.h>

#include "np-error.h"
#include "np-limits.h"
#include "np-planning-private.h"

/* ---------------------------------------------------------- free both ways */

static gint64
np_floor_ratio(gint64 value, gdouble ratio)
{
	return (gint64)floor((gdouble)value * ratio);
}

void
np_free_of_node(const NpEngine *engine, guint index, guint node, NpFree *out)
{
	const NpSimHost *host = np_engine_host(engine, index);
	const NpFitHostCell *cell = &host->nova.cells[node];

	memset(out, 0, sizeof(*out));
	out->nova_free_mb = cell->memory_mb - cell->used_memory_mb;
	out->hyperv_free_mb = host->hv.nodes[node].free_mb;
	out->nova_free_vcpus =
	    np_floor_ratio(cell->cpus, host->nova.cpu_allocation_ratio) - cell->used_cpus;
}

static void
np_free_of_host(const NpSimHost *host, NpFree *out)
{
	memset(out, 0, sizeof(*out));
	out->nova_free_mb = host->nova.capacity_mb - host->nova.claimed_memory_mb;
	for (guint i = 0; i < host->hv.n_nodes; i++)
		out->hyperv_free_mb += host->hv.nodes[i].free_mb;
	out->nova_free_vcpus = np_floor_ratio(host->nova.cpus, host->nova.cpu_allocation_ratio)
	                       - host->nova.claimed_vcpus;
}

/* ------------------------------------------------------------ upper bound */

/* a scratch engine holding a copy of host @index alone */
static NpEngine *
np_engine_one_host(const NpEngine *engine, guint index)
{
	NpEngine *scratch = np_engine_new(&engine->settings);
	const NpSimHost *host = np_engine_host(engine, index);
	NpSimHost *copy = g_memdup2(host, sizeof(*host));

	copy->name = g_strdup(host->name);
	copy->nova.cells = g_memdup2(host->nova.cells, host->nova.n_cells * sizeof(NpFitHostCell));
	copy->hv.nodes = g_memdup2(host->hv.nodes, host->hv.n_nodes * sizeof(NpHvNode));
	g_ptr_array_add(scratch->hosts, copy);
	g_hash_table_insert(scratch->host_index, copy->name, GUINT_TO_POINTER(1));
	return scratch;
}

static gboolean
np_bound_applies(const NpEngine *engine, guint index, NpConfig *config)
{
	const NpSimHost *host = np_engine_host(engine, index);
	g_autofree gchar *message = NULL;
	NpCode code;
	return !host->failed && !host->removed && !np_refused_request(config->res, &code, &message);
}

gint64
np_capacity_host_bound_by_trials(const NpEngine *engine, guint index, NpConfig *config)
{
	g_autoptr(NpEngine) scratch = NULL;
	gint64 count = 0;

	g_return_val_if_fail(index < engine->hosts->len, 0);
	if (!np_bound_applies(engine, index, config))
		return 0;
	scratch = np_engine_one_host(engine, index);
	while (count < NP_UPPER_BOUND_MAX_TRIALS) {
		g_autoptr(NpSimVm) vm = np_sim_vm_new("upper-bound-trial");
		NpPlaceOutcome out;
		gboolean placed;
		vm->config = np_config_ref(config);
		/* forced: the filters, the fit, backing and spanning apply; no
		 * other host and no weigher */
		placed = np_place(scratch, vm, 0, -1, TRUE, &out);
		np_place_outcome_clear(&out);
		if (!placed)
			break;
		/* the trial VM's claims and memory stay in the scratch host */
		count++;
	}
	return count;
}

gint64
np_capacity_host_bound(const NpEngine *engine, guint index, NpConfig *config)
{
	NpHostFill fill;

	g_return_val_if_fail(index < engine->hosts->len, 0);
	if (!np_bound_applies(engine, index, config))
		return 0;
	/* forced trial boots stop at the first that does not end active */
	if (np_capacity_fill_host(engine, np_engine_host(engine, index), config, &fill))
		return fill.started;
	return np_capacity_host_bound_by_trials(engine, index, config);
}

/* ------------------------------------------------------ capacity answer */

void
np_capacity_answer_free(NpCapacityAnswer *answer)
{
	if (answer == NULL)
		return;
	np_event_result_free(answer->result);
	g_free(answer->host_bounds);
	g_free(answer);
}

/**
 * np_capacity_answer:
 * @flavor, @image (nullable): as a `capacity` event names them
 *
 * The capacity event's answer after the last event, on a copy of
 * @engine, and its upper bound (scenario.md §4).
 *
 * Returns: (transfer full): the answer, or %NULL (unknown flavor or image)
 */
NpCapacityAnswer *
np_capacity_answer(const NpEngine *engine, const gchar *flavor, const gchar *image, GError **error)
{
	g_autoptr(NpEngine) copy = np_engine_copy(engine);
	g_autoptr(NpEvent) question = np_event_new_capacity(flavor, image);
	g_autoptr(NpCapacityAnswer) answer = g_new0(NpCapacityAnswer, 1);
	g_autoptr(NpConfig) config = NULL;

	answer->result = np_engine_apply(copy, question, error);
	if (answer->result == NULL)
		return NULL;
	/* the capacity event used a scratch copy: @copy is still the end state */
	config =
	    np_engine_config_for(copy,
	                         g_hash_table_lookup(copy->flavors, flavor),
	                         image != NULL ? g_hash_table_lookup(copy->images, image) : NULL,
	                         NULL);
	answer->n_hosts = copy->hosts->len;
	answer->host_bounds = g_new0(gint64, copy->hosts->len);
	for (guint i = 0; i < copy->hosts->len; i++) {
		answer->host_bounds[i] = np_capacity_host_bound(copy, i, config);
		answer->upper_bound += answer->host_bounds[i];
	}
	return g_steal_pointer(&answer);
}

/* -------------------------------------------------------------- headroom */

void
np_headroom_free(NpHeadroom *headroom)
{
	if (headroom == NULL)
		return;
	g_free(headroom->hosts);
	g_free(headroom);
}

static gint
np_cmp_flavor_name(gconstpointer a, gconstpointer b)
{
	const NpFlavor *fa = *(NpFlavor *const *)a, *fb = *(NpFlavor *const *)b;
	return strcmp(fa->name, fb->name);
}

/* the flavors fragmentation tries: every flavor the engine knows that
 * could boot at all (by name, for a stable order) */
static GArray *
np_headroom_flavors(NpEngine *engine)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(NpHeadroomFlavor));
	g_autoptr(GPtrArray) flavors = g_ptr_array_new();
	GHashTableIter iter;
	gpointer value;

	g_hash_table_iter_init(&iter, engine->flavors);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(flavors, value);
	g_ptr_array_sort(flavors, np_cmp_flavor_name);
	for (guint i = 0; i < flavors->len; i++) {
		NpFlavor *flavor = g_ptr_array_index(flavors, i);
		NpConfig *config = np_engine_config_for(engine, flavor, NULL, NULL);
		g_autofree gchar *message = NULL;
		NpHeadroomFlavor f = {config, config->unit_mb * config->n_units, flavor->vcpus};
		NpCode code;
		if (np_refused_request(config->res, &code, &message)) {
			np_config_unref(config);
			continue;
		}
		g_array_append_val(out, f);
	}
	return out;
}

/**
 * np_headroom_new:
 *
 * Free capacity both ways per host and for the cluster (the hosts enabled
 * now), and fragmentation: on each host, the free memory (vCPUs) left
 * once the flavor that fills it best has taken its upper bound there —
 * the most of it one flavor's VMs can use; what no flavor can use is
 * stranded. A failed host strands all it has.
 *
 * Returns: (transfer full): the headroom
 */
NpHeadroom *
np_headroom_new(NpEngine *engine)
{
	NpHeadroom *headroom = g_new0(NpHeadroom, 1);
	g_autoptr(GArray) flavors = np_headroom_flavors(engine);

	headroom->n_hosts = engine->hosts->len;
	headroom->hosts = g_new0(NpFree, engine->hosts->len);
	for (guint i = 0; i < engine->hosts->len; i++) {
		const NpSimHost *host = np_engine_host(engine, i);
		NpFree *free = &headroom->hosts[i];
		gint64 best_mb = 0, best_vcpus = 0;
		if (host->removed)
			continue;
		np_free_of_host(host, free);
		for (guint f = 0; f < flavors->len && !host->failed; f++) {
			const NpHeadroomFlavor *flavor =
			    &g_array_index(flavors, NpHeadroomFlavor, f);
			gint64 bound = np_capacity_host_bound(engine, i, flavor->config);
			best_mb = MAX(best_mb, bound * flavor->backed_mb);
			best_vcpus = MAX(best_vcpus, bound * flavor->vcpus);
		}
		free->stranded_mb = MAX(free->hyperv_free_mb - best_mb, 0);
		free->stranded_vcpus = MAX(free->nova_free_vcpus - best_vcpus, 0);
		if (host->failed)
			continue;
		headroom->cluster.nova_free_mb += free->nova_free_mb;
		headroom->cluster.hyperv_free_mb += free->hyperv_free_mb;
		headroom->cluster.nova_free_vcpus += free->nova_free_vcpus;
		headroom->cluster.stranded_mb += free->stranded_mb;
		headroom->cluster.stranded_vcpus += free->stranded_vcpus;
	}
	for (guint f = 0; f < flavors->len; f++)
		np_config_unref(g_array_index(flavors, NpHeadroomFlavor, f).config);
	return headroom;
}
