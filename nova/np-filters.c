/* Nova's filters as placement and the NUMATopologyFilter apply them:
 * rules.md §3 "Filters" */
#include "np-enum-private.h"
#include "np-scheduler-private.h"

static const gchar *const np_filter_names[] = {"passed", "compute", "ram", "cpu", "numa"};

const gchar *
np_filter_to_string(NpFilter filter)
{
	G_STATIC_ASSERT(G_N_ELEMENTS(np_filter_names) == NP_FILTER_LAST);
	return np_enum_name(np_filter_names, sizeof(np_filter_names[0]), NP_FILTER_LAST, filter);
}

static NpFilterOutcome
np_outcome(NpFilter filter, gdouble asked, gdouble free)
{
	NpFilterOutcome outcome = {filter, asked, free};
	return outcome;
}

NpFilterOutcome
np_nova_filter(const NpNovaHost *host, const NpNovaRequest *request, guint *cells_out)
{
	NpFitRequest fit = {0};
	gdouble ram_room, cpu_room;

	/* RAM: placement's MEMORY_MB inventory (capacity × ratio) and its
	 * max_unit, the whole memory of the host */
	ram_room = (gdouble)host->capacity_mb * host->ram_allocation_ratio
	           - (gdouble)host->claimed_memory_mb;
	if ((gdouble)(host->claimed_memory_mb + request->memory_mb)
	    > (gdouble)host->capacity_mb * host->ram_allocation_ratio)
		return np_outcome(NP_FILTER_RAM, (gdouble)request->memory_mb, ram_room);
	if (request->memory_mb > host->memory_mb)
		return np_outcome(NP_FILTER_RAM,
		                  (gdouble)request->memory_mb,
		                  (gdouble)host->memory_mb);
	/* CPU: VCPU inventory (LPs × ratio) and max_unit, the LPs themselves */
	cpu_room = (gdouble)host->cpus * host->cpu_allocation_ratio - (gdouble)host->claimed_vcpus;
	if ((gdouble)(host->claimed_vcpus + request->vcpus)
	    > (gdouble)host->cpus * host->cpu_allocation_ratio)
		return np_outcome(NP_FILTER_CPU, (gdouble)request->vcpus, cpu_room);
	if (request->vcpus > host->cpus)
		return np_outcome(NP_FILTER_CPU, (gdouble)request->vcpus, (gdouble)host->cpus);
	if (request->n_cells == 0)
		return np_outcome(NP_FILTER_PASSED, 0, 0);
	/* NUMATopologyFilter: numa_fit_instance_to_host() with the host's ratios */
	fit.host_cells = host->cells;
	fit.n_host_cells = host->n_cells;
	fit.guest_cells = request->cells;
	fit.n_guest_cells = request->n_cells;
	fit.cpu_allocation_ratio = host->cpu_allocation_ratio;
	fit.ram_allocation_ratio = host->ram_allocation_ratio;
	fit.pack = request->pack_cells;
	if (np_numa_fit(&fit, cells_out) != NP_FIT_OK)
		return np_outcome(NP_FILTER_NUMA, (gdouble)request->memory_mb, ram_room);
	return np_outcome(NP_FILTER_PASSED, 0, 0);
}

void
np_nova_claim(NpNovaHost *host, const NpNovaRequest *request, const guint *cells, gint sign)
{
	host->claimed_vcpus += sign * request->vcpus;
	host->claimed_memory_mb += sign * request->memory_mb;
	for (guint i = 0; cells != NULL && i < request->n_cells; i++) {
		NpFitHostCell *cell = &host->cells[cells[i]];
		cell->used_cpus += sign * request->cells[i].shared_cpus;
		cell->used_memory_mb += sign * request->cells[i].memory_mb;
	}
}
