/* numaplan — what Nova's scheduler knows about a host (its HostState and
 * placement's inventory), and its filters and weighers (rules.md §3).
 *
 * This is Nova's view only: claims per host and per NUMA cell. Where
 * Hyper-V really backs memory is hypervisor/; the engine (sim/) keeps both
 * views of each host side by side.
 */
#pragma once

#include <glib.h>

#include "np-fit.h"
#include "np-request-private.h"
#include "np-settings-private.h"

G_BEGIN_DECLS

/**
 * NpNovaHost:
 * @memory_mb: M, Σ memory_mb of the nodes (placement's MEMORY_MB total)
 * @reserved_mb: Rs, Σ reserved_mb
 * @capacity_mb: M − Rs
 * @cpus: L, Σ logical processors
 * @claimed_vcpus: Cv, vCPUs its VMs claim (stopped VMs too)
 * @claimed_memory_mb: Cm, memory its VMs claim
 * @failed_builds: boots that failed to start here since the last that started
 * @cells: (array length=n_cells): Nova's NUMA cells: memory is the node's
 *   capacity (total − reserved), used_* the cell claims; laid out for
 *   np_numa_fit() so the NUMA filter needs no copy
 */
typedef struct {
	gint64 memory_mb;
	gint64 reserved_mb;
	gint64 capacity_mb;
	gint64 cpus;
	gint64 claimed_vcpus;
	gint64 claimed_memory_mb;
	gint64 failed_builds;
	gdouble cpu_allocation_ratio;
	gdouble ram_allocation_ratio;
	guint n_cells;
	NpFitHostCell *cells;
} NpNovaHost;

/* what a boot asks of a host: the flavor, and its vNUMA cells (none for a
 * plain VM) */
typedef struct {
	gint64 vcpus;
	gint64 memory_mb;
	guint n_cells;
	const NpFitGuestCell *cells;
	gboolean pack_cells; /* Nova's packing_host_numa_cells_allocation_strategy */
} NpNovaRequest;

typedef enum {
	NP_FILTER_PASSED,
	NP_FILTER_COMPUTE, /* the host is disabled (failed, removed) */
	NP_FILTER_RAM,
	NP_FILTER_CPU,
	NP_FILTER_NUMA,
	NP_FILTER_LAST
} NpFilter;

const gchar *np_filter_to_string(NpFilter filter);

/**
 * NpFilterOutcome:
 * @filter: the first filter that removed the host, or %NP_FILTER_PASSED
 * @asked: what the request needed of that filter (MiB or vCPUs)
 * @free: what the host had for it: the room left under the ratio, or
 *   max_unit when that is what refused it
 */
typedef struct {
	NpFilter filter;
	gdouble asked;
	gdouble free;
} NpFilterOutcome;

/* the RAM, CPU and NUMA filters in that order (the compute filter is the
 * caller's: Nova drops disabled hosts before the others); with a vNUMA
 * request that passes, @cells_out[i] is the cell index for guest cell i */
NpFilterOutcome
np_nova_filter(const NpNovaHost *host, const NpNovaRequest *request, guint *cells_out);

/* the claims of a request on a host (@cells: as np_nova_filter gave them,
 * NULL for a plain VM); @sign +1 claims, −1 releases */
void np_nova_claim(NpNovaHost *host, const NpNovaRequest *request, const guint *cells, gint sign);

/* ------------------------------------------------------------ weighers */

/* the weigher set of rules.md §3: multipliers per weigher */
typedef struct {
	gdouble ram;
	gdouble cpu;
	gdouble build_failure;
} NpWeights;

/* the multipliers (RAM, CPU, build failures) @settings give: spread
 * {+1, 0, 0}, pack {−1, 0, 0}, nova
 * the three settings */
void np_weights_init(NpWeights *weights, const NpSettings *settings);

/* each weigher's raw value x for a host (rules.md §3) */
gdouble np_weigher_ram_value(const NpNovaHost *host);
gdouble np_weigher_cpu_value(const NpNovaHost *host);
gdouble np_weigher_build_failure_value(const NpNovaHost *host);

/**
 * NpWeighed:
 * @index: the caller's index of the host
 * @weight: w, the normalised weighted sum
 *
 * np_weigh() fills @weight for the hosts that passed, given in input
 * order, and sorts them: highest w first, equal w in input order.
 */
typedef struct {
	guint index;
	const NpNovaHost *host;
	gdouble weight;
	gdouble ram; /* the raw values, kept for explain */
	gdouble cpu;
	gdouble build_failure;
} NpWeighed;

void np_weigh(NpWeighed *hosts, guint n, const NpWeights *weights);
/* the same without the sort */
void np_weigh_unsorted(NpWeighed *hosts, guint n, const NpWeights *weights);

/* what each weigher normalises over: the largest free RAM and vCPUs (the
 * smallest is 0), the fewest and most build failures */
typedef struct {
	gdouble ram_hi;
	gdouble cpu_hi;
	gdouble build_failure_lo;
	gdouble build_failure_hi;
} NpWeighBounds;

/* fills each host's raw values and their bounds over @hosts */
void np_weigh_bounds(NpWeighed *hosts, guint n, NpWeighBounds *bounds);
/* @w's values normalised: RAM, CPU, build failures */
void np_weighed_normalise(const NpWeighed *w, const NpWeighBounds *bounds, gdouble normalised[3]);
/* highest weight first, ties in input order (a qsort comparator) */
gint np_cmp_weighed(gconstpointer a, gconstpointer b);
/* n = (x − lo) / (hi − lo), 0 on every host when hi = lo */
gdouble np_normalise(gdouble x, gdouble lo, gdouble hi);
/* w = (B + C) + R from the normalised values, rounded as Nova rounds */
gdouble
np_weight_combine(const NpWeights *weights, gdouble n_ram, gdouble n_cpu, gdouble n_build_failure);

G_END_DECLS
