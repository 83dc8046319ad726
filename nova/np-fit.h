/* numaplan — Nova's NUMA fit: which host cells a vNUMA VM claims
 *
 * rules.md §3: the same answer as Nova 26's numa_fit_instance_to_host() on
 * a Hyper-V host (no memory pages, no pCPU set), computed without
 * enumerating permutations. For asymmetric guests Nova's fit cache gives
 * wrong answers (reference/nova-rules.md §5); numaplan gives the correct
 * first permutation instead.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * NpFitHostCell:
 * @id: the host NUMA cell id
 * @cpus: logical processors in the cell
 * @memory_mb: capacity (total − reserved), MiB
 * @used_cpus: vCPUs Nova has claimed on the cell
 * @used_memory_mb: memory Nova has claimed on the cell, MiB
 */
typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 memory_mb;
	gint64 used_cpus;
	gint64 used_memory_mb;
	/* libvirt-style hosts only (resolve cases): a pCPU set, no SMT */
	gboolean has_pcpus;
	gint64 pcpus;
	gint64 free_pcpus;
} NpFitHostCell;

/**
 * NpFitGuestCell:
 * @shared_cpus: vCPUs that float (Nova's cpuset)
 * @memory_mb: MiB
 */
typedef struct {
	gint64 shared_cpus;
	gint64 dedicated_cpus;
	gint64 memory_mb;
} NpFitGuestCell;

typedef struct {
	const NpFitHostCell *host_cells;
	guint n_host_cells;
	const NpFitGuestCell *guest_cells;
	guint n_guest_cells;
	gdouble cpu_allocation_ratio;
	gdouble ram_allocation_ratio;
	gboolean pack;             /* packing_host_numa_cells_allocation_strategy */
	gboolean pinned;           /* dedicated or mixed cpu policy */
	gboolean mixed;            /* mixed cpu policy */
	gboolean page_size;        /* any page size requested */
	gboolean no_limits;        /* fit without NUMATopologyLimits */
	gboolean thread_require;   /* cpu_thread_policy=require */
	gboolean emulator_isolate; /* emulator_threads_policy=isolate */
} NpFitRequest;

typedef enum {
	NP_FIT_OK,
	NP_FIT_NO_FIT,
	/* Nova 26 raises NotImplementedError reading a Hyper-V cell's pcpuset */
	NP_FIT_NOVA_PCPUSET_ERROR,
} NpFitStatus;

/* @host_index receives, for each guest cell, an index into host_cells */
NpFitStatus np_numa_fit(const NpFitRequest *request, guint *host_index);

/* why there is no fit, for people (transfer full) */
gchar *np_numa_fit_why(const NpFitRequest *request) G_GNUC_WARN_UNUSED_RESULT;

/* the order Nova tries host cells in (indices into host_cells) */
void np_numa_fit_sort_cells(const NpFitRequest *request, guint *order);

G_END_DECLS
