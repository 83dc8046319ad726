/* The capacity question of rules.md §6: how many more of a flavor fit
 * now — greedy trial boots on a scratch copy of the hosts, with the same
 * scheduler, backing and reschedules, until one does not end active.
 *
 * The greedy loop has a shortcut. A trial VM changes only the host it
 * lands on, and the filters a host passes depend on that host alone; so
 * while no start fails, every host ends filled exactly as it would be
 * filled alone, whatever order the weighers chose, and the loop ends when
 * no host passes. np_capacity_by_hosts() computes that per host (a closed
 * form for plain flavors, Nova's own filter and claim for vNUMA ones) and
 * gives up — leaving the answer to the loop — wherever a start could fail
 * (Hyper-V short of what Nova admits, a vNUMA limit) or the trial limit
 * could be reached. np_engine_set_scan() (the reference mode) always takes
 * the loop; the index-equals-scan test compares the two. */
#include <math.h>
#include <string.h>

#include "np-engine-private.h"

gint64
np_capacity_room(gint64 used, gint64 ask, gint64 capacity, gdouble ratio)
{
	gdouble limit = (gdouble)capacity * ratio;
	gdouble guess;
	gint64 k;

	if (ask <= 0)
		return (gdouble)used > limit ? 0 : NP_CAPACITY_MAX_TRIALS;
	if ((gdouble)(used + ask) > limit)
		return 0;
	guess = floor((limit - (gdouble)used) / (gdouble)ask);
	k = guess >= NP_CAPACITY_MAX_TRIALS ? NP_CAPACITY_MAX_TRIALS : MAX((gint64)guess, 1);
	/* the division rounds: step to the exact answer */
	while (k < NP_CAPACITY_MAX_TRIALS && (gdouble)(used + (k + 1) * ask) <= limit)
		k++;
	while (k > 0 && (gdouble)(used + k * ask) > limit)
		k--;
	return k;
}

/* ------------------------------------------------------------ shortcut */

/* the host-level filters (RAM and CPU, each with its max_unit) in closed
 * form, checked with the filter itself: k − 1 trial VMs pass, k do not */
static gint64
np_room_of_host(const NpNovaHost *host, const NpNovaRequest *request, NpFilter *removed_by)
{
	NpNovaRequest plain = *request;
	NpNovaHost at = *host;
	NpFilterOutcome outcome;
	gint64 k = 0;

	plain.n_cells = 0;
	if (request->memory_mb <= host->memory_mb && request->vcpus <= host->cpus)
		k = MIN(np_capacity_room(host->claimed_memory_mb,
		                         request->memory_mb,
		                         host->capacity_mb,
		                         host->ram_allocation_ratio),
		        np_capacity_room(host->claimed_vcpus,
		                         request->vcpus,
		                         host->cpus,
		                         host->cpu_allocation_ratio));
	if (k >= NP_CAPACITY_MAX_TRIALS) {
		/* the limit, not the room: nothing turns the host away yet */
		*removed_by = NP_FILTER_LAST;
		return NP_CAPACITY_MAX_TRIALS;
	}
	if (k > 0) {
		at.claimed_memory_mb = host->claimed_memory_mb + (k - 1) * request->memory_mb;
		at.claimed_vcpus = host->claimed_vcpus + (k - 1) * request->vcpus;
		if (np_nova_filter(&at, &plain, NULL).filter != NP_FILTER_PASSED)
			return -1;
	}
	at.claimed_memory_mb = host->claimed_memory_mb + k * request->memory_mb;
	at.claimed_vcpus = host->claimed_vcpus + k * request->vcpus;
	outcome = np_nova_filter(&at, &plain, NULL);
	if (outcome.filter == NP_FILTER_PASSED)
		return -1;
	*removed_by = outcome.filter;
	return k;
}

gint64
np_capacity_nova_room(const NpNovaHost *host, const NpNovaRequest *request, NpFilter *removed_by)
{
	const NpFitGuestCell *guest = request->cells;
	gint64 k = np_room_of_host(host, request, removed_by);
	gint64 cells_total = 0, cells_min = G_MAXINT64;
	guint n = request->n_cells;

	if (k < 0 || n == 0)
		return k;
	for (guint i = 0; i < n; i++) {
		if (guest[i].shared_cpus != guest[0].shared_cpus
		    || guest[i].memory_mb != guest[0].memory_mb || guest[i].dedicated_cpus != 0)
			return -1;
	}
	if (n > host->n_cells) {
		if (k > 0)
			*removed_by = NP_FILTER_NUMA;
		return 0;
	}
	if (n != 1 && n != host->n_cells)
		return -1;
	/* each cell's room for one guest cell after another: placing one
	 * lowers exactly that cell's room by one. One node: a VM takes any
	 * cell with room; all nodes: every VM takes one in each cell. */
	for (guint c = 0; c < host->n_cells; c++) {
		const NpFitHostCell *cell = &host->cells[c];
		gint64 room = 0;
		if (guest->memory_mb <= cell->memory_mb && guest->shared_cpus <= cell->cpus)
			room = MIN(np_capacity_room(cell->used_cpus,
			                            guest->shared_cpus,
			                            cell->cpus,
			                            host->cpu_allocation_ratio),
			           np_capacity_room(cell->used_memory_mb,
			                            guest->memory_mb,
			                            cell->memory_mb,
			                            host->ram_allocation_ratio));
		cells_total = MIN(cells_total + room, (gint64)NP_CAPACITY_MAX_TRIALS);
		cells_min = MIN(cells_min, room);
	}
	cells_total = n == 1 ? cells_total : cells_min;
	/* the host-level filters come first: they turn the host away when
	 * they bind as soon as the cells do */
	if (cells_total < k) {
		k = cells_total;
		*removed_by = NP_FILTER_NUMA;
	}
	return k;
}

/* Nova's side of a vNUMA flavor: its own filter and claims, one trial VM
 * after another, on a copy of the host's cells */
static gboolean
np_fill_nova_cells(const NpNovaHost *host, const NpNovaRequest *request, NpHostFill *fill)
{
	NpFitHostCell cells_buf[16];
	guint chosen_buf[16];
	g_autofree NpFitHostCell *cells_heap = NULL;
	g_autofree guint *chosen_heap = NULL;
	NpNovaHost at = *host;
	guint *chosen = chosen_buf;

	if (host->n_cells > G_N_ELEMENTS(cells_buf)
	    || request->n_cells > G_N_ELEMENTS(chosen_buf)) {
		cells_heap = g_new(NpFitHostCell, host->n_cells);
		chosen_heap = g_new(guint, request->n_cells);
		at.cells = cells_heap;
		chosen = chosen_heap;
	} else {
		at.cells = cells_buf;
	}
	memcpy(at.cells, host->cells, host->n_cells * sizeof(NpFitHostCell));
	for (fill->fits = 0;; fill->fits++) {
		NpFilterOutcome outcome = np_nova_filter(&at, request, chosen);
		if (outcome.filter != NP_FILTER_PASSED) {
			fill->removed_by = outcome.filter;
			return TRUE;
		}
		if (fill->fits + 1 >= NP_CAPACITY_MAX_TRIALS)
			return FALSE;
		np_nova_claim(&at, request, chosen, +1);
	}
}

/* Hyper-V's side: how many of the @fill->fits VMs start one after
 * another before one would not (@fill->started), and how many of those
 * span */
static void
np_fill_backing(const NpSimHost *host,
                const NpConfig *config,
                NpBackingPolicy policy,
                NpHostFill *fill)
{
	const NpHvHost *hv = &host->hv;
	gint64 unit_mb = config->unit_mb;

	fill->started = 0;
	fill->spanned = 0;
	if (fill->fits == 0 || unit_mb <= 0)
		return;
	/* the blueprint's limits refuse every start alike (np_start()) */
	if (config->vnuma
	    && ((host->settings.max_vnuma_vcpus > 0
	         && config->flavor->vcpus > host->settings.max_vnuma_vcpus)
	        || (host->settings.max_vnuma_memory_mb > 0
	            && config->flavor->memory_mb > host->settings.max_vnuma_memory_mb)))
		return;
	if (config->n_units == 1) {
		/* one unit per VM: it takes a node with room while there is
		 * one (each such VM lowers ⌊free / unit⌋ of one node by one,
		 * whichever node the policy picks), then spans while the
		 * host's total free memory holds it (np_hv_back_unit()) */
		gint64 whole = 0, total = 0, room;
		for (guint i = 0; i < hv->n_nodes; i++) {
			total += hv->nodes[i].free_mb;
			if (hv->nodes[i].free_mb > 0)
				whole += hv->nodes[i].free_mb / unit_mb;
		}
		room = whole;
		if (hv->n_nodes > 1 && hv->numa_spanning && total >= unit_mb)
			room = MAX(whole, total / unit_mb);
		fill->started = MIN(fill->fits, room);
		fill->spanned = MAX(fill->started - whole, 0);
		return;
	}
	{
		/* several units: back them as np_start() does, on a copy. With
		 * a unit per node, while every node still has room for one each
		 * VM puts one unit on each (a node the VM does not use yet comes
		 * first), whatever the policy: those VMs are taken at once. */
		NpHvHost at = *hv;
		NpHvBacking backing = {0};
		at.nodes = g_memdup2(hv->nodes, hv->n_nodes * sizeof(NpHvNode));
		if (config->n_units == hv->n_nodes) {
			gint64 even = fill->fits;
			for (guint i = 0; i < hv->n_nodes; i++)
				even = MIN(even, MAX(hv->nodes[i].free_mb, 0) / unit_mb);
			for (guint i = 0; i < hv->n_nodes; i++)
				at.nodes[i].free_mb -= even * unit_mb;
			fill->started = even;
		}
		np_hv_backing_reserve(&backing, config->n_units);
		while (fill->started < fill->fits) {
			gboolean ok = TRUE;
			backing.n_parts = 0;
			for (guint32 u = 0; u < config->n_units && ok; u++)
				ok = np_hv_back_unit(&at, &backing, u, unit_mb, policy)
				     == NP_CODE_NONE;
			if (!ok)
				break;
			fill->started++;
			fill->spanned += np_hv_backing_is_spanned(&backing);
		}
		np_hv_backing_clear(&backing);
		g_free(at.nodes);
	}
}

gboolean
np_capacity_fill_host(const NpEngine *engine,
                      const NpSimHost *host,
                      const NpConfig *config,
                      NpHostFill *fill)
{
	NpNovaRequest request;

	memset(fill, 0, sizeof(*fill));
	np_nova_request(engine, config, &request);
	fill->fits = np_capacity_nova_room(&host->nova, &request, &fill->removed_by);
	if (fill->fits >= NP_CAPACITY_MAX_TRIALS)
		return FALSE;
	if (fill->fits < 0 && !np_fill_nova_cells(&host->nova, &request, fill))
		return FALSE;
	np_fill_backing(host, config, engine->settings.backing, fill);
	return TRUE;
}

/* the greedy loop's answer host by host, or FALSE (nothing set) where the
 * shortcut does not hold */
static gboolean
np_capacity_by_hosts(NpEngine *engine,
                     const NpConfig *config,
                     gint64 *counts,
                     NpEventResult *result)
{
	NpFilterCounts filtered = {0};
	gint64 fits = 0, spanned = 0;

	for (guint i = 0; i < engine->hosts->len; i++) {
		const NpSimHost *host = np_engine_host(engine, i);
		NpHostFill fill = {0};
		counts[i] = 0;
		if (host->failed || host->removed) {
			filtered.compute++;
			continue;
		}
		/* a start that fails makes the order matter */
		if (!np_capacity_fill_host(engine, host, config, &fill) || fill.started < fill.fits)
			return FALSE;
		counts[i] = fill.fits;
		fits += fill.fits;
		spanned += fill.spanned;
		/* the loop stops at the limit, in an order only it knows */
		if (fits >= NP_CAPACITY_MAX_TRIALS)
			return FALSE;
		switch (fill.removed_by) {
		case NP_FILTER_RAM:
			filtered.ram++;
			break;
		case NP_FILTER_CPU:
			filtered.cpu++;
			break;
		case NP_FILTER_PASSED:
		case NP_FILTER_COMPUTE:
		case NP_FILTER_NUMA:
		case NP_FILTER_LAST:
		default:
			filtered.numa++;
			break;
		}
	}
	engine->capacity_shortcuts++;
	result->fits = fits;
	result->would_span = spanned;
	result->stopped_by = NP_CODE_NO_VALID_HOST;
	result->message = np_filtered_message(&filtered);
	return TRUE;
}

/* ------------------------------------------------------------ the loop */

static void
np_capacity_by_trials(NpEngine *engine, NpConfig *config, gint64 *counts, NpEventResult *result)
{
	g_autoptr(NpEngine) scratch = np_engine_copy_state(engine, FALSE);

	for (;;) {
		g_autoptr(NpSimVm) vm = NULL;
		NpPlaceOutcome out;
		gboolean placed;
		if (result->fits >= NP_CAPACITY_MAX_TRIALS) {
			result->stopped_by = NP_CODE_CAPACITY_LIMIT;
			result->message =
			    g_strdup_printf("stopped after %d trial boots", NP_CAPACITY_MAX_TRIALS);
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

void
np_capacity(NpEngine *engine, NpFlavor *flavor, NpImage *image, NpEventResult *result)
{
	g_autoptr(NpConfig) config = np_engine_config_for(engine, flavor, image, NULL);
	g_autofree gint64 *counts = g_new0(gint64, engine->hosts->len);
	g_autofree gchar *message = NULL;
	NpCode code;

	result->flavor = g_strdup(flavor->name);
	if (np_refused_request(config->res, &code, &message)) {
		result->stopped_by = code;
		result->message = g_steal_pointer(&message);
	} else if (engine->scan || !np_capacity_by_hosts(engine, config, counts, result)) {
		memset(counts, 0, engine->hosts->len * sizeof(gint64));
		np_capacity_by_trials(engine, config, counts, result);
	}
	for (guint i = 0; i < engine->hosts->len; i++) {
		const NpSimHost *host = np_engine_host(engine, i);
		if (!host->removed)
			np_event_result_add_per_host(result, host->name, counts[i]);
	}
}
