/* `Get-VMHostNumaNode | ConvertTo-Json` → NUMA node specs; see np-topology-json.h
 *
 * Every message names the value at fault as PATH:LINE:COLUMN. cJSON keeps
 * no positions, so the text is indexed once (np_json_positions_new()).
 */
#include "np-topology-json.h"

#include <string.h>

#include "np-error.h"
#include "np-json.h"

typedef struct {
	const gchar *path;
	NpJsonPositions *positions;
} NpTopologyCtx;

static gboolean np_topology_fail(const NpTopologyCtx *ctx,
                                 const cJSON *item,
                                 GError **error,
                                 const gchar *format,
                                 ...) G_GNUC_PRINTF(4, 5);

static gboolean
np_topology_fail(const NpTopologyCtx *ctx,
                 const cJSON *item,
                 GError **error,
                 const gchar *format,
                 ...)
{
	g_autofree gchar *message = NULL;
	guint line, column;
	va_list args;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	np_json_positions_get(ctx->positions, item, &line, &column);
	return np_error_at(error,
	                   NP_ERROR_INVALID,
	                   ctx->path,
	                   (NpPos){line, column},
	                   "%s",
	                   message);
}

static const gchar *
np_topology_describe(const cJSON *item)
{
	if (cJSON_IsString(item))
		return "a string";
	if (cJSON_IsNumber(item))
		return "a number";
	if (cJSON_IsBool(item))
		return "a boolean";
	if (cJSON_IsNull(item))
		return "null";
	if (cJSON_IsArray(item))
		return "an array";
	return "an object";
}

static gboolean
np_topology_get_int(const NpTopologyCtx *ctx,
                    const cJSON *node,
                    const gchar *key,
                    gint64 minimum,
                    gint64 maximum,
                    const cJSON **found,
                    gint64 *out,
                    GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(node, key);

	*found = item;
	if (item == NULL)
		return np_topology_fail(ctx, node, error, "a node has no '%s'", key);
	if (cJSON_IsNumber(item) && !np_json_number_is_integer(item))
		return np_topology_fail(ctx,
		                        item,
		                        error,
		                        "%s: expected an integer, got %s",
		                        key,
		                        item->valuestring != NULL ? item->valuestring
		                                                  : "a fraction");
	if (!np_json_number_is_integer(item))
		return np_topology_fail(ctx,
		                        item,
		                        error,
		                        "%s: expected an integer, got %s",
		                        key,
		                        np_topology_describe(item));
	if (!np_json_get_int64(item, out) || *out > maximum)
		return np_topology_fail(ctx,
		                        item,
		                        error,
		                        "%s: out of range (at most %" G_GINT64_FORMAT ")",
		                        key,
		                        maximum);
	if (*out < 0 && minimum >= 0)
		return np_topology_fail(ctx,
		                        item,
		                        error,
		                        "%s: must not be negative (got %" G_GINT64_FORMAT ")",
		                        key,
		                        *out);
	if (*out < minimum)
		return np_topology_fail(ctx,
		                        item,
		                        error,
		                        "%s: must be at least %" G_GINT64_FORMAT
		                        " (got %" G_GINT64_FORMAT ")",
		                        key,
		                        minimum,
		                        *out);
	return TRUE;
}

static gboolean
np_topology_read_node(const NpTopologyCtx *ctx,
                      const cJSON *node,
                      GHashTable *ids,
                      NpNodeSpec *spec,
                      GError **error)
{
	const cJSON *id_item = NULL;
	const cJSON *total_item = NULL;
	const cJSON *available_item = NULL;
	const cJSON *processors;
	const cJSON *first;
	gint64 available = 0;

	if (!cJSON_IsObject(node))
		return np_topology_fail(ctx,
		                        node,
		                        error,
		                        "expected a Get-VMHostNumaNode object, got %s",
		                        np_topology_describe(node));
	if (!np_topology_get_int(ctx, node, "NodeId", 0, G_MAXINT64, &id_item, &spec->id, error))
		return FALSE;
	first = g_hash_table_lookup(ids, &spec->id);
	if (first != NULL) {
		guint line, column;
		np_json_positions_get(ctx->positions, first, &line, &column);
		return np_topology_fail(ctx,
		                        id_item,
		                        error,
		                        "duplicate NodeId %" G_GINT64_FORMAT " (first at %u:%u)",
		                        spec->id,
		                        line,
		                        column);
	}
	g_hash_table_insert(ids, g_memdup2(&spec->id, sizeof(spec->id)), (gpointer)id_item);

	processors = cJSON_GetObjectItemCaseSensitive(node, "ProcessorsAvailability");
	if (processors == NULL)
		return np_topology_fail(ctx, node, error, "a node has no 'ProcessorsAvailability'");
	if (!cJSON_IsArray(processors))
		return np_topology_fail(ctx,
		                        processors,
		                        error,
		                        "ProcessorsAvailability: expected an array (one entry per "
		                        "logical processor), got %s",
		                        np_topology_describe(processors));
	spec->cpus = cJSON_GetArraySize(processors);
	if (spec->cpus == 0)
		return np_topology_fail(
		    ctx,
		    processors,
		    error,
		    "ProcessorsAvailability is empty: a node needs at least one "
		    "logical processor");

	if (!np_topology_get_int(ctx,
	                         node,
	                         "MemoryTotal",
	                         1,
	                         NP_SCENARIO_MAX_QUANTITY,
	                         &total_item,
	                         &spec->memory_mb,
	                         error))
		return FALSE;
	if (!np_topology_get_int(ctx,
	                         node,
	                         "MemoryAvailable",
	                         0,
	                         NP_SCENARIO_MAX_QUANTITY,
	                         &available_item,
	                         &available,
	                         error))
		return FALSE;
	if (available > spec->memory_mb)
		return np_topology_fail(ctx,
		                        available_item,
		                        error,
		                        "MemoryAvailable %" G_GINT64_FORMAT
		                        " is more than MemoryTotal %" G_GINT64_FORMAT,
		                        available,
		                        spec->memory_mb);
	spec->reserved_mb = spec->memory_mb - available;
	return TRUE;
}

/**
 * np_topology_json_parse:
 * @data: `Get-VMHostNumaNode | ConvertTo-Json` output: an array, or one
 *   object for a one-node host; UTF-8 (BOM allowed) or UTF-16 with BOM
 * @length: its length in bytes
 * @path: names the file in messages
 * @computer_name: (out) (optional): the first node's `ComputerName`, or %NULL
 * @error: %NP_ERROR_PARSE for text that is not JSON, %NP_ERROR_INVALID for
 *   a missing or bad field, each as `PATH:LINE:COLUMN: message`
 *
 * Maps `NodeId` → id, the length of `ProcessorsAvailability` → cpus,
 * `MemoryTotal` → memory_mb and `MemoryTotal − MemoryAvailable` →
 * reserved_mb. Other keys (`CimSession`, `ComputerName`, `IsDeleted`, ...)
 * are ignored.
 *
 * Returns: (transfer full): the nodes (#NpNodeSpec) in file order, or %NULL
 */
GArray *
np_topology_json_parse(const gchar *data,
                       gsize length,
                       const gchar *path,
                       gchar **computer_name,
                       GError **error)
{
	g_autoptr(cJSON) root = NULL;
	g_autoptr(NpJsonPositions) positions = NULL;
	g_autoptr(GHashTable) ids =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	g_autoptr(GArray) nodes = g_array_new(FALSE, TRUE, sizeof(NpNodeSpec));
	NpTopologyCtx ctx = {path != NULL ? path : "<topology>", NULL};
	const cJSON *first = NULL;

	g_return_val_if_fail(data != NULL || length == 0, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (computer_name != NULL)
		*computer_name = NULL;
	root = np_json_parse_file(data, length, ctx.path, &positions, error);
	if (root == NULL)
		return NULL;
	ctx.positions = positions;

	if (cJSON_IsObject(root)) {
		NpNodeSpec spec = {0};
		/* Windows PowerShell 5.1 writes a one-node host as a bare object */
		if (!np_topology_read_node(&ctx, root, ids, &spec, error))
			return NULL;
		g_array_append_val(nodes, spec);
		first = root;
	} else if (cJSON_IsArray(root)) {
		const cJSON *node;
		if (root->child == NULL) {
			np_topology_fail(&ctx, root, error, "no NUMA nodes: the array is empty");
			return NULL;
		}
		cJSON_ArrayForEach (node, root) {
			NpNodeSpec spec = {0};
			if (!np_topology_read_node(&ctx, node, ids, &spec, error))
				return NULL;
			g_array_append_val(nodes, spec);
		}
		first = root->child;
	} else {
		np_topology_fail(&ctx,
		                 root,
		                 error,
		                 "expected an array of Get-VMHostNumaNode objects (or one object), "
		                 "got %s",
		                 np_topology_describe(root));
		return NULL;
	}
	if (computer_name != NULL) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(first, "ComputerName");
		if (cJSON_IsString(name))
			*computer_name = g_strdup(name->valuestring);
	}
	return g_steal_pointer(&nodes);
}
