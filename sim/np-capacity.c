/* The capacity question of rules.md §6: how many more of a flavor fit
 * now — greedy trial boots on a scratch copy of the hosts, with the same
 * scheduler, backing and reschedules, until one does not end active. */
#include "np-engine-private.h"

/* a capacity question never boots more trial VMs than this */
#define NP_CAPACITY_MAX_TRIALS 1000000

/* the hosts alone: trial VMs need no other VM's state */
static NpEngine *
np_engine_copy_hosts(const NpEngine *engine)
{
	NpEngine *scratch = np_engine_new(&engine->settings);
	for (guint i = 0; i < engine->hosts->len; i++) {
		const NpSimHost *host = np_engine_host(engine, i);
		NpSimHost *copy = g_memdup2(host, sizeof(*host));
		copy->name = g_strdup(host->name);
		copy->nova.cells =
		    g_memdup2(host->nova.cells, host->nova.n_cells * sizeof(NpFitHostCell));
		copy->hv.nodes = g_memdup2(host->hv.nodes, host->hv.n_nodes * sizeof(NpHvNode));
		g_ptr_array_add(scratch->hosts, copy);
		g_hash_table_insert(scratch->host_index, copy->name, GUINT_TO_POINTER(i + 1));
		np_engine_host_changed(scratch, i);
	}
	scratch->n_failing = engine->n_failing;
	scratch->scan = engine->scan;
	return scratch;
}

void
np_capacity(NpEngine *engine, NpFlavor *flavor, NpImage *image, NpEventResult *result)
{
	g_autoptr(NpEngine) scratch = np_engine_copy_hosts(engine);
	g_autoptr(NpConfig) config = np_engine_config_for(engine, flavor, image, NULL);
	g_autofree gint64 *counts = g_new0(gint64, engine->hosts->len);
	g_autofree gchar *message = NULL;
	NpCode code;

	result->flavor = g_strdup(flavor->name);
	if (np_refused_request(config->res, &code, &message)) {
		result->stopped_by = code;
		result->message = g_steal_pointer(&message);
	} else {
		for (;;) {
			g_autoptr(NpSimVm) vm = NULL;
			NpPlaceOutcome out;
			gboolean placed;
			if (result->fits >= NP_CAPACITY_MAX_TRIALS) {
				result->stopped_by = NP_CODE_CAPACITY_LIMIT;
				result->message = g_strdup_printf("stopped after %d trial boots",
				                                  NP_CAPACITY_MAX_TRIALS);
				break;
			}
			vm = np_sim_vm_new("capacity-trial");
			vm->config = np_config_ref(config);
			placed = np_place(scratch, vm, -1, -1, TRUE, &out);
			if (!placed) {
				result->stopped_by = out.code;
				result->message = g_steal_pointer(&out.message);
				np_place_outcome_clear(&out);
				break;
			}
			np_place_outcome_clear(&out);
			result->fits++;
			if (np_hv_backing_is_spanned(&vm->backing))
				result->would_span++;
			counts[vm->host]++;
			/* the trial VM's memory and claims stay in the scratch hosts */
		}
	}
	for (guint i = 0; i < engine->hosts->len; i++) {
		const NpSimHost *host = np_engine_host(engine, i);
		if (!host->removed)
			np_event_result_add_per_host(result, host->name, counts[i]);
	}
}
