/* The invariant checker (NP_DEBUG_CHECK=1, np_engine_check()): after every
 * event the books must balance. A failure here is a bug in the engine,
 * never bad input. */
#include "np-engine-private.h"
#include "np-error.h"

static gboolean G_GNUC_PRINTF(2, 3) np_broken(GError **error, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error_literal(error, NP_ERROR, NP_ERROR_INVALID, message);
	return FALSE;
}

/* per host: the claims and backing the VMs add up to, per node */
typedef struct {
	gint64 vcpus;
	gint64 memory_mb;
	gint64 *cell_vcpus;
	gint64 *cell_memory_mb;
	gint64 *backed_mb;
} NpTally;

static gboolean
np_check_vm(const NpEngine *engine, const NpSimVm *vm, NpTally *tallies, GError **error)
{
	const NpSimHost *host;
	NpTally *tally;

	if (!np_sim_vm_is_placed(vm)) {
		if (vm->host >= 0 || vm->claimed || vm->backing.n_parts > 0)
			return np_broken(error,
			                 "%s is %s but holds a host, claims or memory",
			                 vm->name,
			                 np_status_to_string(vm->status));
		return TRUE;
	}
	if (vm->host < 0 || !vm->claimed)
		return np_broken(error,
		                 "%s is %s without a host or claims",
		                 vm->name,
		                 np_status_to_string(vm->status));
	host = np_engine_host(engine, vm->host);
	if (host->failed || host->removed)
		return np_broken(error,
		                 "%s is on %s, which has %s",
		                 vm->name,
		                 host->name,
		                 host->failed ? "failed" : "been removed");
	if (vm->status == NP_STATUS_STOPPED && vm->backing.n_parts > 0)
		return np_broken(error, "%s is stopped but holds memory", vm->name);
	if (vm->status == NP_STATUS_ACTIVE && vm->backing.n_parts == 0)
		return np_broken(error, "%s is active but holds no memory", vm->name);
	if ((vm->cells != NULL) != vm->config->vnuma)
		return np_broken(error, "%s holds cell claims unlike its configuration", vm->name);
	tally = &tallies[vm->host];
	tally->vcpus += vm->config->flavor->vcpus;
	tally->memory_mb += vm->config->flavor->memory_mb;
	for (guint k = 0; vm->cells != NULL && k < vm->config->n_units; k++) {
		if (vm->cells[k] >= host->nova.n_cells)
			return np_broken(error, "%s claims a cell %s lacks", vm->name, host->name);
		tally->cell_vcpus[vm->cells[k]] += vm->config->cells[k].shared_cpus;
		tally->cell_memory_mb[vm->cells[k]] += vm->config->cells[k].memory_mb;
	}
	for (guint p = 0; p < vm->backing.n_parts; p++) {
		const NpHvPart *part = &vm->backing.parts[p];
		if (part->node >= host->hv.n_nodes)
			return np_broken(error,
			                 "%s has memory on a node %s lacks",
			                 vm->name,
			                 host->name);
		if (part->memory_mb < 0)
			return np_broken(error, "%s has a negative part", vm->name);
		if (part->unit >= vm->config->n_units
		    || (p > 0 && part->unit < vm->backing.parts[p - 1].unit))
			return np_broken(error, "%s has its units out of order", vm->name);
		tally->backed_mb[part->node] += part->memory_mb;
	}
	return TRUE;
}

static gboolean
np_check_host(const NpSimHost *host, const NpTally *tally, GError **error)
{
	const NpNovaHost *nova = &host->nova;
	if (nova->claimed_vcpus != tally->vcpus || nova->claimed_memory_mb != tally->memory_mb)
		return np_broken(error,
		                 "%s claims %" G_GINT64_FORMAT " vCPUs / %" G_GINT64_FORMAT
		                 " MiB but its VMs add up to %" G_GINT64_FORMAT
		                 " / %" G_GINT64_FORMAT,
		                 host->name,
		                 nova->claimed_vcpus,
		                 nova->claimed_memory_mb,
		                 tally->vcpus,
		                 tally->memory_mb);
	if (nova->n_cells != host->hv.n_nodes)
		return np_broken(error,
		                 "%s has %u cells but %u nodes",
		                 host->name,
		                 nova->n_cells,
		                 host->hv.n_nodes);
	for (guint n = 0; n < host->hv.n_nodes; n++) {
		const NpFitHostCell *cell = &nova->cells[n];
		const NpHvNode *node = &host->hv.nodes[n];
		if (cell->id != node->id)
			return np_broken(error, "%s: cell %u and node %u differ", host->name, n, n);
		if (cell->used_cpus != tally->cell_vcpus[n]
		    || cell->used_memory_mb != tally->cell_memory_mb[n])
			return np_broken(error,
			                 "%s node %" G_GINT64_FORMAT " claims %" G_GINT64_FORMAT
			                 " vCPUs / %" G_GINT64_FORMAT
			                 " MiB; its cells add up to %" G_GINT64_FORMAT
			                 " / %" G_GINT64_FORMAT,
			                 host->name,
			                 node->id,
			                 cell->used_cpus,
			                 cell->used_memory_mb,
			                 tally->cell_vcpus[n],
			                 tally->cell_memory_mb[n]);
		if (node->free_mb + tally->backed_mb[n] != node->capacity_mb || node->free_mb < 0)
			return np_broken(error,
			                 "%s node %" G_GINT64_FORMAT ": backed %" G_GINT64_FORMAT
			                 " + free %" G_GINT64_FORMAT
			                 " != capacity %" G_GINT64_FORMAT,
			                 host->name,
			                 node->id,
			                 tally->backed_mb[n],
			                 node->free_mb,
			                 node->capacity_mb);
	}
	return TRUE;
}

/**
 * np_engine_check:
 *
 * Checks the engine's books: each host's claims equal its VMs' claims,
 * per node backed + free = capacity and free ≥ 0, no memory on a node the
 * host lacks, no VM on a failed or removed host, stopped VMs hold no
 * memory and active ones some, VMs without a host hold nothing.
 *
 * Returns: FALSE with %NP_ERROR_INVALID describing the first broken rule
 */
gboolean
np_engine_check(const NpEngine *engine, GError **error)
{
	guint n_hosts = engine->hosts->len;
	g_autofree NpTally *tallies = g_new0(NpTally, n_hosts);
	g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = TRUE;

	g_return_val_if_fail(engine != NULL, FALSE);
	for (guint h = 0; h < n_hosts; h++) {
		guint n = np_engine_host(engine, h)->hv.n_nodes;
		tallies[h].cell_vcpus = g_new0(gint64, n);
		tallies[h].cell_memory_mb = g_new0(gint64, n);
		tallies[h].backed_mb = g_new0(gint64, n);
		g_ptr_array_add(arrays, tallies[h].cell_vcpus);
		g_ptr_array_add(arrays, tallies[h].cell_memory_mb);
		g_ptr_array_add(arrays, tallies[h].backed_mb);
	}
	for (guint i = 0; ok && i < engine->vms->len; i++)
		ok = np_check_vm(engine, g_ptr_array_index(engine->vms, i), tallies, error);
	for (guint h = 0; ok && h < n_hosts; h++)
		ok = np_check_host(np_engine_host(engine, h), &tallies[h], error);
	return ok;
}
