/* numaplan — a host as Nova's `numa_topology` (scenario.md §7): the JSON
 * of objects.NUMATopology that Nova 26's Hyper-V driver reports from
 * get_available_resource(), written and read */
#pragma once

#include "np-limits.h"
#include "np-scenario-private.h"

G_BEGIN_DECLS

/**
 * NpNovaCell:
 * @id: the NUMA node id
 * @cpus: its logical processors (cpuset is [0 .. @cpus − 1], as os-win
 *   numbers them within the node)
 * @memory_mb: total memory
 * @free_mb: what Hyper-V has free now (os-win's `memory_usage`)
 */
typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 memory_mb;
	gint64 free_mb;
} NpNovaCell;

/* the document, one line and a newline; %NULL with %NP_ERROR_UNSUPPORTED
 * for a cell of more than NP_NOVA_TOPOLOGY_MAX_CPUS processors */
gchar *np_nova_topology_to_json(const NpNovaCell *cells,
                                guint n_cells,
                                GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* reads a document (UTF-8, or UTF-16 with a BOM): the nodes (#NpNodeSpec):
 * id, cpus = distinct ids of cpuset and pcpuset, memory_mb = memory,
 * reserved_mb = memory − memory_usage. Errors are `PATH:LINE:COLUMN: …`
 * (%NP_ERROR_PARSE, %NP_ERROR_INVALID) */
GArray *np_nova_topology_parse(const gchar *data, gsize length, const gchar *path, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
