/* Nova's `numa_topology` for a Hyper-V host (scenario.md §7).
 *
 * Writing: objects.NUMATopology(cells=[NUMACell(...)])._to_json() as Nova
 * 26's Hyper-V driver builds it (nova/virt/hyperv/hostops.py
 * _get_host_numa_topology over os-win's hostutils.get_numa_nodes): per
 * cell id, cpuset, memory, cpu_usage 0, memory_usage (os-win stores
 * CurrentlyConsumableMemoryBlocks, i.e. FREE memory, there), and the
 * pinned_cpus, siblings and mempages the driver adds empty. Members come
 * in the order Nova writes them; `nova_object.changes`, a set in Nova, is
 * written in that order too.
 *
 * Reading: what oslo.versionedobjects' obj_from_primitive() accepts for
 * NUMATopology 1.0–1.2 with NUMACell 1.0–1.5 cells, plus the rules a
 * scenario host needs (a cell, ids unique, CPUs, memory_usage ≤ memory).
 * Numbers must be JSON integers and versions plain "MAJOR.MINOR" digits:
 * Nova would also take "1024" or 10.9 through Python's int(), which a
 * column Nova wrote never holds.
 */
#include "np-nova-topology.h"

#include <string.h>

#include "np-error.h"
#include "np-json-writer.h"
#include "np-json.h"

/* NUMACell 1.5's members as the driver sets them, in Nova's field order */
static const gchar *const np_cell_keys[] = {
    "id",
    "cpuset",
    "memory",
    "cpu_usage",
    "memory_usage",
    "pinned_cpus",
    "siblings",
    "mempages",
};

static void
np_write_changes(NpJsonWriter *w, const gchar *const *keys, guint n)
{
	np_json_begin_array(w, "nova_object.changes");
	for (guint i = 0; i < n; i++)
		np_json_string(w, NULL, keys[i]);
	np_json_end(w);
}

/**
 * np_nova_topology_to_json:
 * @cells: the host's nodes, in its order
 * @n_cells: how many
 *
 * Returns: (transfer full): the document on one line, newline-terminated
 */
gchar *
np_nova_topology_to_json(const NpNovaCell *cells, guint n_cells, GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(NpJsonWriter) w = np_json_writer_new_python(out);

	for (guint i = 0; i < n_cells; i++) {
		if (cells[i].cpus > NP_NOVA_TOPOLOGY_MAX_CPUS) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_UNSUPPORTED,
			            "node %" G_GINT64_FORMAT " has %" G_GINT64_FORMAT
			            " logical processors; Nova's cpuset is written for at "
			            "most %d",
			            cells[i].id,
			            cells[i].cpus,
			            NP_NOVA_TOPOLOGY_MAX_CPUS);
			return NULL;
		}
	}
	np_json_begin_object(w, NULL);
	np_json_string(w, "nova_object.name", "NUMATopology");
	np_json_string(w, "nova_object.namespace", "nova");
	np_json_string(w, "nova_object.version", "1.2");
	np_json_begin_object(w, "nova_object.data");
	np_json_begin_array(w, "cells");
	for (guint i = 0; i < n_cells; i++) {
		const NpNovaCell *cell = &cells[i];
		np_json_begin_object(w, NULL);
		np_json_string(w, "nova_object.name", "NUMACell");
		np_json_string(w, "nova_object.namespace", "nova");
		np_json_string(w, "nova_object.version", "1.5");
		np_json_begin_object(w, "nova_object.data");
		np_json_int(w, "id", cell->id);
		np_json_begin_array(w, "cpuset");
		for (gint64 cpu = 0; cpu < cell->cpus; cpu++)
			np_json_int(w, NULL, cpu);
		np_json_end(w);
		np_json_int(w, "memory", cell->memory_mb);
		np_json_int(w, "cpu_usage", 0);
		np_json_int(w, "memory_usage", cell->free_mb);
		np_json_begin_array(w, "pinned_cpus");
		np_json_end(w);
		np_json_begin_array(w, "siblings");
		np_json_end(w);
		np_json_begin_array(w, "mempages");
		np_json_end(w);
		np_json_end(w);
		np_write_changes(w, np_cell_keys, G_N_ELEMENTS(np_cell_keys));
		np_json_end(w);
	}
	np_json_end(w);
	np_json_end(w);
	np_write_changes(w, (const gchar *const[]){"cells"}, 1);
	np_json_end(w);
	g_string_append_c(out, '\n');
	return g_string_free(g_steal_pointer(&out), FALSE);
}

/* ------------------------------------------------------------- reading */

typedef struct {
	const gchar *path;
	NpJsonPositions *positions;
} NpNovaCtx;

static gboolean
np_nova_fail(const NpNovaCtx *ctx, const cJSON *item, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean
np_nova_fail(const NpNovaCtx *ctx, const cJSON *item, GError **error, const gchar *format, ...)
{
	g_autofree gchar *message = NULL;
	guint line = 1, column = 1;
	va_list args;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	if (item != NULL)
		np_json_positions_get(ctx->positions, item, &line, &column);
	return np_error_at(error,
	                   NP_ERROR_INVALID,
	                   ctx->path,
	                   (NpPos){line, column},
	                   "%s",
	                   message);
}

/* "MAJOR.MINOR[...]" of ASCII digits, compared as Python tuples with
 * (1, @newest_minor): another major or a newer version is refused, as
 * oslo's is_compatible() does ("1" and "1.1.9" load, "1.2.0" does not) */
static gboolean
np_nova_check_version(const NpNovaCtx *ctx,
                      const cJSON *object,
                      const gchar *what,
                      guint64 newest_minor,
                      GError **error)
{
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(object, "nova_object.version");
	const guint64 current[2] = {1, newest_minor};
	g_auto(GStrv) parts = NULL;
	guint n;
	gint cmp = 0;

	if (version == NULL)
		return np_nova_fail(ctx, object, error, "%s has no nova_object.version", what);
	if (!cJSON_IsString(version))
		return np_nova_fail(ctx,
		                    version,
		                    error,
		                    "%s: nova_object.version must be a string",
		                    what);
	parts = g_strsplit(version->valuestring, ".", -1);
	for (n = 0; parts[n] != NULL; n++) {
		const gchar *p = parts[n];
		if (*p == '\0' || strspn(p, "0123456789") != strlen(p))
			return np_nova_fail(ctx,
			                    version,
			                    error,
			                    "%s: version '%s' is not MAJOR.MINOR",
			                    what,
			                    version->valuestring);
		if (n < 2 && cmp == 0) {
			/* saturates: a huge number still compares as huge */
			guint64 number = g_ascii_strtoull(p, NULL, 10);
			cmp = number < current[n] ? -1 : number > current[n] ? 1 : 0;
		}
	}
	if (cmp == 0)
		cmp = n > 2 ? 1 : n < 2 ? -1 : 0;
	if (n == 0 || g_ascii_strtoull(parts[0], NULL, 10) != 1 || cmp > 0)
		return np_nova_fail(ctx,
		                    version,
		                    error,
		                    "%s version %s cannot be loaded by Nova 26 (it reads 1.0 to "
		                    "1.%" G_GUINT64_FORMAT ")",
		                    what,
		                    version->valuestring,
		                    newest_minor);
	return TRUE;
}

/* @object is a nova object of that name: its data, else an error */
static const cJSON *
np_nova_object(const NpNovaCtx *ctx,
               const cJSON *object,
               const gchar *name,
               guint64 newest_minor,
               GError **error)
{
	const cJSON *item;
	const cJSON *data;

	if (!cJSON_IsObject(object)) {
		np_nova_fail(ctx, object, error, "expected a nova %s object", name);
		return NULL;
	}
	item = cJSON_GetObjectItemCaseSensitive(object, "nova_object.name");
	if (!cJSON_IsString(item) || g_strcmp0(item->valuestring, name) != 0) {
		np_nova_fail(ctx,
		             item != NULL ? item : object,
		             error,
		             "not a nova %s: nova_object.name is %s%s%s",
		             name,
		             cJSON_IsString(item) ? "'" : "",
		             cJSON_IsString(item) ? item->valuestring : "missing or not a string",
		             cJSON_IsString(item) ? "'" : "");
		return NULL;
	}
	item = cJSON_GetObjectItemCaseSensitive(object, "nova_object.namespace");
	if (!cJSON_IsString(item) || g_strcmp0(item->valuestring, "nova") != 0) {
		np_nova_fail(ctx,
		             item != NULL ? item : object,
		             error,
		             "not a nova %s: nova_object.namespace is not 'nova'",
		             name);
		return NULL;
	}
	if (!np_nova_check_version(ctx, object, name, newest_minor, error))
		return NULL;
	data = cJSON_GetObjectItemCaseSensitive(object, "nova_object.data");
	if (!cJSON_IsObject(data)) {
		np_nova_fail(ctx,
		             data != NULL ? data : object,
		             error,
		             "%s: nova_object.data must be an object",
		             name);
		return NULL;
	}
	return data;
}

static gboolean
np_nova_get_int(const NpNovaCtx *ctx,
                const cJSON *data,
                const gchar *key,
                gint64 minimum,
                gint64 *out,
                GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(data, key);

	if (!np_json_number_is_integer(item) || !np_json_get_int64(item, out))
		return np_nova_fail(ctx, item, error, "%s: expected an integer", key);
	if (*out < minimum || *out > NP_SCENARIO_MAX_QUANTITY)
		return np_nova_fail(ctx,
		                    item,
		                    error,
		                    "%s: %" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
		                    " to %" G_GINT64_FORMAT ")",
		                    key,
		                    *out,
		                    minimum,
		                    NP_SCENARIO_MAX_QUANTITY);
	return TRUE;
}

/* the ids of a cpuset/pcpuset list into @ids; absent or null adds none */
static gboolean
np_nova_add_cpus(const NpNovaCtx *ctx,
                 const cJSON *data,
                 const gchar *key,
                 GHashTable *ids,
                 GError **error)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(data, key);
	const cJSON *cpu;

	if (list == NULL || cJSON_IsNull(list))
		return TRUE;
	if (!cJSON_IsArray(list))
		return np_nova_fail(ctx, list, error, "%s: expected a list of CPU ids", key);
	cJSON_ArrayForEach (cpu, list) {
		gint64 id = 0;
		if (!np_json_number_is_integer(cpu) || !np_json_get_int64(cpu, &id) || id < 0)
			return np_nova_fail(ctx,
			                    cpu,
			                    error,
			                    "%s: a CPU id must be an integer >= 0",
			                    key);
		g_hash_table_add(ids, g_memdup2(&id, sizeof(id)));
	}
	return TRUE;
}

static gboolean
np_nova_read_cell(const NpNovaCtx *ctx,
                  const cJSON *cell,
                  GHashTable *seen,
                  NpNodeSpec *spec,
                  GError **error)
{
	g_autoptr(GHashTable) cpus =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	const cJSON *data = np_nova_object(ctx, cell, "NUMACell", 5, error);
	const cJSON *first;
	gint64 usage = 0;

	if (data == NULL)
		return FALSE;
	if (cJSON_GetObjectItemCaseSensitive(data, "id") == NULL)
		return np_nova_fail(ctx, data, error, "a cell has no id");
	if (!np_nova_get_int(ctx, data, "id", 0, &spec->id, error))
		return FALSE;
	first = g_hash_table_lookup(seen, &spec->id);
	if (first != NULL) {
		guint line, column;
		np_json_positions_get(ctx->positions, first, &line, &column);
		return np_nova_fail(ctx,
		                    cJSON_GetObjectItemCaseSensitive(data, "id"),
		                    error,
		                    "cell id %" G_GINT64_FORMAT " is repeated (first at %u:%u)",
		                    spec->id,
		                    line,
		                    column);
	}
	g_hash_table_insert(seen,
	                    g_memdup2(&spec->id, sizeof(spec->id)),
	                    (gpointer)cJSON_GetObjectItemCaseSensitive(data, "id"));
	if (cJSON_GetObjectItemCaseSensitive(data, "memory") == NULL)
		return np_nova_fail(ctx,
		                    data,
		                    error,
		                    "cell %" G_GINT64_FORMAT " has no memory",
		                    spec->id);
	if (!np_nova_get_int(ctx, data, "memory", 1, &spec->memory_mb, error))
		return FALSE;
	/* NUMACell's default: absent means 0 (no free memory, in the driver's meaning) */
	if (cJSON_GetObjectItemCaseSensitive(data, "memory_usage") != NULL
	    && !np_nova_get_int(ctx, data, "memory_usage", 0, &usage, error))
		return FALSE;
	if (usage > spec->memory_mb)
		return np_nova_fail(ctx,
		                    cJSON_GetObjectItemCaseSensitive(data, "memory_usage"),
		                    error,
		                    "cell %" G_GINT64_FORMAT ": memory_usage %" G_GINT64_FORMAT
		                    " is above memory %" G_GINT64_FORMAT,
		                    spec->id,
		                    usage,
		                    spec->memory_mb);
	spec->reserved_mb = spec->memory_mb - usage;
	if (!np_nova_add_cpus(ctx, data, "cpuset", cpus, error)
	    || !np_nova_add_cpus(ctx, data, "pcpuset", cpus, error))
		return FALSE;
	spec->cpus = g_hash_table_size(cpus);
	if (spec->cpus == 0)
		return np_nova_fail(ctx,
		                    data,
		                    error,
		                    "cell %" G_GINT64_FORMAT " has no CPU (cpuset and pcpuset are "
		                    "empty)",
		                    spec->id);
	return TRUE;
}

/**
 * np_nova_topology_parse:
 * @data: the document's bytes
 * @length: their number
 * @path: names the file in messages
 *
 * Returns: (transfer full): the nodes (#NpNodeSpec) in cell order, or %NULL
 */
GArray *
np_nova_topology_parse(const gchar *data, gsize length, const gchar *path, GError **error)
{
	g_autoptr(cJSON) root = NULL;
	g_autoptr(NpJsonPositions) positions = NULL;
	g_autoptr(GHashTable) seen =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	g_autoptr(GArray) nodes = g_array_new(FALSE, TRUE, sizeof(NpNodeSpec));
	NpNovaCtx ctx = {path != NULL ? path : "<numa_topology>", NULL};
	const cJSON *topology;
	const cJSON *cells;
	const cJSON *cell;

	g_return_val_if_fail(data != NULL || length == 0, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	root = np_json_parse_file(data, length, ctx.path, &positions, error);
	if (root == NULL)
		return NULL;
	ctx.positions = positions;

	topology = np_nova_object(&ctx, root, "NUMATopology", 2, error);
	if (topology == NULL)
		return NULL;
	cells = cJSON_GetObjectItemCaseSensitive(topology, "cells");
	if (cells == NULL || cJSON_IsNull(cells)) {
		np_nova_fail(&ctx, topology, error, "no cell: NUMATopology has no cells");
		return NULL;
	}
	if (!cJSON_IsArray(cells)) {
		np_nova_fail(&ctx, cells, error, "cells: expected a list of NUMACell objects");
		return NULL;
	}
	if (cells->child == NULL) {
		np_nova_fail(&ctx, cells, error, "no cell: the list of cells is empty");
		return NULL;
	}
	cJSON_ArrayForEach (cell, cells) {
		NpNodeSpec spec = {0};
		if (nodes->len >= NP_SCENARIO_MAX_NODES) {
			np_nova_fail(&ctx,
			             cell,
			             error,
			             "the cells exceed the limit of %d NUMA nodes",
			             NP_SCENARIO_MAX_NODES);
			return NULL;
		}
		if (!np_nova_read_cell(&ctx, cell, seen, &spec, error))
			return NULL;
		g_array_append_val(nodes, spec);
	}
	return g_steal_pointer(&nodes);
}
