/* Scenario files (scenario.md §1): YAML → a positioned tree → NpScenario
 *
 * Loading runs in three steps. np-yaml-tree.c reads the YAML into a tree
 * of nodes that remember their line and column, enforcing the limits on
 * hostile input. The walker below checks the tree against the format —
 * keys, types, values a reader can refuse on their own — and builds the
 * scenario. Then np_scenario_validate() (model/np-validate.c) checks
 * every range and every name an event uses, in event order, as it does
 * for scenarios built in code. Every error is one line
 * `PATH:LINE:COLUMN: message`, except an error inside a topology file,
 * which adds a second line pointing at the `topology_file:` that named it.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "np-enum-private.h"
#include "np-error.h"
#include "np-expect-schema-private.h"
#include "np-file-private.h"
#include "np-json.h"
#include "np-scenario-load-private.h"
#include "np-sweep-load-private.h"
#include "np-topology-json.h"
#include "np-validate-private.h"
#include "np-yaml-tree-private.h"

static void
np_loader_clear(NpLoader *loader)
{
	g_free(loader->dir);
	g_free(loader->actions);
	g_clear_pointer(&loader->scratch, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpLoader, np_loader_clear)

/* (transfer none): @text, now owned by the loader */
static const gchar *
np_keep(NpLoader *loader, gchar *text)
{
	g_ptr_array_add(loader->scratch, text);
	return text;
}

/* @text fit for a message, owned by the loader */
const gchar *
np_show(NpLoader *loader, const gchar *text)
{
	return np_keep(loader, np_show_text(text));
}

NpPos
np_pos_of(const NpYNode *node)
{
	return node != NULL ? (NpPos){node->line, node->column} : (NpPos){1, 1};
}

gboolean
np_fail(const NpLoader *loader, const NpYNode *at, GError **error, const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	np_error_at_va(error, NP_ERROR_INVALID, loader->path, np_pos_of(at), format, args);
	va_end(args);
	return FALSE;
}

const NpYNode *
np_child(const NpLoader *loader, const NpYNode *node, guint i)
{
	return np_ytree_child(loader->tree, node, i);
}

guint
np_length(const NpYNode *node)
{
	if (node->kind == NP_YNODE_SCALAR)
		return 0;
	return node->kind == NP_YNODE_MAPPING ? node->children.count / 2 : node->children.count;
}

const NpYNode *
np_map_key(const NpLoader *loader, const NpYNode *map, guint i)
{
	return np_child(loader, map, 2 * i);
}

const NpYNode *
np_map_value(const NpLoader *loader, const NpYNode *map, guint i)
{
	return np_child(loader, map, 2 * i + 1);
}

/* the value of scalar key @key in @map, or NULL */
const NpYNode *
np_map_get(const NpLoader *loader, const NpYNode *map, const gchar *key)
{
	for (guint i = 0; map != NULL && i < np_length(map); i++) {
		const NpYNode *k = np_map_key(loader, map, i);
		if (k->kind == NP_YNODE_SCALAR && strcmp(k->text, key) == 0)
			return np_map_value(loader, map, i);
	}
	return NULL;
}

static NpScalar
np_scalar_of(const NpYNode *node)
{
	NpScalar scalar = {NP_SCALAR_PLAIN, NULL};
	if (node->kind == NP_YNODE_SEQUENCE)
		scalar.kind = NP_SCALAR_LIST;
	else if (node->kind == NP_YNODE_MAPPING)
		scalar.kind = NP_SCALAR_MAPPING;
	else {
		scalar.kind = node->quoted ? NP_SCALAR_STRING : NP_SCALAR_PLAIN;
		scalar.text = node->text;
	}
	return scalar;
}

/* "a list", "a string", "'abc'", ... for "expected X, got Y" */
const gchar *
np_describe(NpLoader *loader, const NpYNode *node)
{
	NpScalar scalar = np_scalar_of(node);
	return np_keep(loader, np_scalar_describe(&scalar));
}

static gboolean
np_is_null(const NpYNode *node)
{
	NpScalar scalar = np_scalar_of(node);
	return np_scalar_is_null(&scalar);
}

gboolean
np_require_mapping(NpLoader *loader, const NpYNode *node, const gchar *what, GError **error)
{
	if (node->kind == NP_YNODE_MAPPING)
		return TRUE;
	return np_fail(loader,
	               node,
	               error,
	               "%s: expected a mapping, got %s",
	               what,
	               np_describe(loader, node));
}

gboolean
np_require_list(NpLoader *loader, const NpYNode *node, const gchar *what, GError **error)
{
	if (node->kind == NP_YNODE_SEQUENCE)
		return TRUE;
	return np_fail(loader,
	               node,
	               error,
	               "%s: expected a list, got %s",
	               what,
	               np_describe(loader, node));
}

static gboolean
np_in(const gchar *const *known, const gchar *key)
{
	return np_enum_lookup(known, sizeof(known[0]), g_strv_length((gchar **)known), key)
	       < g_strv_length((gchar **)known);
}

gboolean
np_unknown_key(NpLoader *loader,
               const NpYNode *key,
               const gchar *section,
               const gchar *const *known,
               GError **error)
{
	const gchar *suggestion = np_suggest(key->text, known, -1);
	g_autofree gchar *list = NULL;

	if (suggestion != NULL)
		return np_fail(loader,
		               key,
		               error,
		               "unknown key '%s' in %s; did you mean '%s'?",
		               np_show(loader, key->text),
		               section,
		               suggestion);
	list = g_strjoinv(", ", (gchar **)known);
	return np_fail(loader,
	               key,
	               error,
	               "unknown key '%s' in %s (known keys: %s)",
	               np_show(loader, key->text),
	               section,
	               list);
}

/* every key of @map is a scalar among @known */
gboolean
np_check_keys(NpLoader *loader,
              const NpYNode *map,
              const gchar *section,
              const gchar *const *known,
              GError **error)
{
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		if (key->kind != NP_YNODE_SCALAR)
			return np_fail(loader,
			               key,
			               error,
			               "a key in %s must be a scalar, not %s",
			               section,
			               np_describe(loader, key));
		if (np_in(known, key->text))
			continue;
		if (strcmp(key->text, "<<") == 0 && !key->quoted)
			return np_fail(loader,
			               key,
			               error,
			               "merge keys ('<<') are not supported in %s; alias the "
			               "whole value instead",
			               section);
		return np_unknown_key(loader, key, section, known, error);
	}
	return TRUE;
}

const NpYNode *
np_require_key(NpLoader *loader,
               const NpYNode *map,
               const gchar *key,
               const gchar *section,
               GError **error)
{
	const NpYNode *value = np_map_get(loader, map, key);
	if (value == NULL)
		np_fail(loader, map, error, "missing '%s' in %s", key, section);
	return value;
}

/* ---------------------------------------------------------- typed values */

/* a reader's verdict as a positioned error */
static gboolean
np_read_result(NpLoader *loader, const NpYNode *at, gboolean ok, gchar *message, GError **error)
{
	g_autofree gchar *owned = message;
	if (ok)
		return TRUE;
	return np_fail(loader, at, error, "%s", owned);
}

gboolean
np_read_int(NpLoader *loader,
            const NpYNode *value,
            const gchar *key,
            gint64 minimum,
            gint64 maximum,
            gint64 *out,
            GError **error)
{
	NpScalar scalar = np_scalar_of(value);
	gchar *message = NULL;
	gboolean ok = np_scalar_read_int(&scalar, key, minimum, maximum, out, &message);
	return np_read_result(loader, value, ok, message, error);
}

/* a size or a count: 0 (or @minimum) .. NP_SCENARIO_MAX_QUANTITY */
gboolean
np_read_quantity(NpLoader *loader,
                 const NpYNode *value,
                 const gchar *key,
                 gint64 minimum,
                 gint64 *out,
                 GError **error)
{
	return np_read_int(loader, value, key, minimum, NP_SCENARIO_MAX_QUANTITY, out, error);
}

gboolean
np_read_bool(NpLoader *loader,
             const NpYNode *value,
             const gchar *key,
             gboolean *out,
             GError **error)
{
	NpScalar scalar = np_scalar_of(value);
	gchar *message = NULL;
	gboolean ok = np_scalar_read_bool(&scalar, key, out, &message);
	return np_read_result(loader, value, ok, message, error);
}

/* a name: any scalar but null or empty; borrowed from the tree */
gboolean
np_read_name(NpLoader *loader,
             const NpYNode *value,
             const gchar *key,
             const gchar **out,
             GError **error)
{
	NpScalar scalar = np_scalar_of(value);
	gchar *message = NULL;
	gboolean ok = np_scalar_read_name(&scalar, key, out, &message);
	return np_read_result(loader, value, ok, message, error);
}

/* ------------------------------------------------------------- settings */

static const gchar *const np_top_keys[] = {"numaplan",
                                           "name",
                                           "settings",
                                           "hosts",
                                           "flavors",
                                           "images",
                                           "events",
                                           "expect",
                                           "sweep",
                                           NULL};
static const gchar *const np_host_keys[] = {"name",
                                            "count",
                                            "nodes",
                                            "topology_file",
                                            "numa_spanning",
                                            "cpu_allocation_ratio",
                                            "ram_allocation_ratio",
                                            "max_vnuma_vcpus",
                                            "max_vnuma_memory_mb",
                                            "hyperv",
                                            NULL};
static const gchar *const np_node_keys[] = {"id", "cpus", "memory_mb", "reserved_mb", NULL};

/* one `settings:` key, cluster-wide (@host NULL) or a host's own */
static gboolean
np_read_setting(NpLoader *loader,
                const NpYNode *key,
                const NpYNode *value,
                NpHost *host,
                GError **error)
{
	NpScalar scalar = np_scalar_of(value);
	g_autofree gchar *message = NULL;

	switch (np_settings_apply(&loader->scenario->settings,
	                          host != NULL ? &host->settings : NULL,
	                          host != NULL ? &host->overridden : NULL,
	                          key->text,
	                          &scalar,
	                          &message)) {
	case NP_SETTING_OK:
	case NP_SETTING_UNKNOWN: /* np_check_keys() let only known keys through */
		return TRUE;
	case NP_SETTING_CLUSTER_ONLY:
		return np_fail(loader,
		               key,
		               error,
		               "'%s' is a cluster-wide setting; set it under settings",
		               key->text);
	case NP_SETTING_BAD_VALUE:
	default:
		return np_fail(loader, value, error, "%s", message);
	}
}

static gboolean
np_load_settings(NpLoader *loader, const NpYNode *map, GError **error)
{
	if (!np_require_mapping(loader, map, "settings", error)
	    || !np_check_keys(loader, map, "settings", np_settings_get_keys(), error))
		return FALSE;
	for (guint i = 0; i < np_length(map); i++) {
		if (!np_read_setting(loader,
		                     np_map_key(loader, map, i),
		                     np_map_value(loader, map, i),
		                     NULL,
		                     error))
			return FALSE;
	}
	return TRUE;
}

/* -------------------------------------------------- free-form hyperv: maps */

/* a plain scalar as YAML's core schema reads it */
static cJSON *
np_scalar_to_json(const NpYNode *node)
{
	static const gchar *const trues[] = {"true", "True", "TRUE", NULL};
	static const gchar *const falses[] = {"false", "False", "FALSE", NULL};
	const gchar *text = node->text;
	NpScalar scalar = np_scalar_of(node);
	cJSON *number;
	gint64 integer = 0;
	gdouble value = 0;
	g_autofree gchar *ignored = NULL;

	if (node->quoted)
		return cJSON_CreateString(text);
	if (np_is_null(node))
		return cJSON_CreateNull();
	if (np_in(trues, text))
		return cJSON_CreateTrue();
	if (np_in(falses, text))
		return cJSON_CreateFalse();
	if (!np_scalar_read_number(&scalar, "", FALSE, &value, &ignored))
		return cJSON_CreateString(text);
	/* the literal rides along, as np_json_parse() keeps it: integers stay
	 * exact and 2.0 stays a float */
	number = cJSON_CreateNumber(value);
	if (*text == '+')
		text++;
	if (strpbrk(text, ".eE") == NULL
	    && g_ascii_string_to_signed(text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
		number->valuestring = g_strdup_printf("%" G_GINT64_FORMAT, integer);
	else
		number->valuestring = g_strdup(text);
	return number;
}

cJSON *
np_node_to_json(NpLoader *loader, const NpYNode *node, const gchar *section, GError **error)
{
	g_autoptr(cJSON) out = NULL;

	if (node->kind == NP_YNODE_SCALAR)
		return np_scalar_to_json(node);
	out = node->kind == NP_YNODE_SEQUENCE ? cJSON_CreateArray() : cJSON_CreateObject();
	for (guint i = 0; i < np_length(node); i++) {
		const NpYNode *value = node->kind == NP_YNODE_SEQUENCE
		                           ? np_child(loader, node, i)
		                           : np_map_value(loader, node, i);
		cJSON *item = NULL;
		if (node->kind == NP_YNODE_MAPPING
		    && np_map_key(loader, node, i)->kind != NP_YNODE_SCALAR) {
			np_fail(loader,
			        np_map_key(loader, node, i),
			        error,
			        "a key in %s must be a scalar, not %s",
			        section,
			        np_describe(loader, np_map_key(loader, node, i)));
			return NULL;
		}
		item = np_node_to_json(loader, value, section, error);
		if (item == NULL)
			return NULL;
		if (node->kind == NP_YNODE_SEQUENCE)
			cJSON_AddItemToArray(out, item);
		else
			cJSON_AddItemToObject(out, np_map_key(loader, node, i)->text, item);
	}
	return g_steal_pointer(&out);
}

/* a mapping kept as JSON text (`hyperv:`, `expect:`) */
gchar *
np_node_to_json_text(NpLoader *loader, const NpYNode *node, const gchar *section, GError **error)
{
	g_autoptr(cJSON) json = np_node_to_json(loader, node, section, error);
	if (json == NULL)
		return NULL;
	return np_json_print_line(json);
}

gboolean
np_load_hyperv(NpLoader *loader,
               const NpYNode *map,
               const gchar *section,
               gchar **out,
               GError **error)
{
	if (!np_require_mapping(loader, map, section, error))
		return FALSE;
	*out = np_node_to_json_text(loader, map, section, error);
	return *out != NULL;
}

/* ---------------------------------------------------------------- hosts */

static gboolean
np_load_cpus(NpLoader *loader, const NpYNode *value, gint64 *cpus, GError **error)
{
	g_autoptr(GHashTable) seen = NULL;

	if (value->kind != NP_YNODE_SEQUENCE)
		return np_read_quantity(loader, value, "cpus", 1, cpus, error);
	if (np_length(value) == 0)
		return np_fail(loader,
		               value,
		               error,
		               "cpus: the list of logical processor ids is empty");
	seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	for (guint i = 0; i < np_length(value); i++) {
		const NpYNode *item = np_child(loader, value, i);
		const NpYNode *first;
		gint64 id = 0;
		if (!np_read_int(loader, item, "cpus", 0, G_MAXINT64, &id, error))
			return FALSE;
		first = g_hash_table_lookup(seen, &id);
		if (first != NULL)
			return np_fail(loader,
			               item,
			               error,
			               "cpus: logical processor %" G_GINT64_FORMAT
			               " is listed twice (first at %u:%u)",
			               id,
			               first->line,
			               first->column);
		g_hash_table_insert(seen, g_memdup2(&id, sizeof(id)), (gpointer)item);
	}
	*cpus = np_length(value);
	return TRUE;
}

static gboolean
np_load_nodes(NpLoader *loader,
              const NpYNode *list,
              const gchar *section,
              GArray *nodes,
              GError **error)
{
	if (!np_require_list(loader, list, "nodes", error))
		return FALSE;
	if (np_length(list) == 0)
		return np_fail(loader, list, error, "nodes: a host needs at least one node");
	for (guint i = 0; i < np_length(list); i++) {
		const NpYNode *item = np_child(loader, list, i);
		g_autofree gchar *where = g_strdup_printf("%s.nodes[%u]", section, i);
		const NpYNode *id, *cpus, *memory, *reserved;
		NpNodeSpec spec = {0};

		if (!np_require_mapping(loader, item, where, error)
		    || !np_check_keys(loader, item, where, np_node_keys, error))
			return FALSE;
		if ((id = np_require_key(loader, item, "id", where, error)) == NULL
		    || (cpus = np_require_key(loader, item, "cpus", where, error)) == NULL
		    || (memory = np_require_key(loader, item, "memory_mb", where, error)) == NULL)
			return FALSE;
		if (!np_read_int(loader, id, "id", 0, G_MAXINT64, &spec.id, error)
		    || !np_load_cpus(loader, cpus, &spec.cpus, error)
		    || !np_read_quantity(loader, memory, "memory_mb", 1, &spec.memory_mb, error))
			return FALSE;
		spec.pos = np_pos_of(id);
		reserved = np_map_get(loader, item, "reserved_mb");
		if (reserved != NULL) {
			if (!np_read_quantity(loader,
			                      reserved,
			                      "reserved_mb",
			                      0,
			                      &spec.reserved_mb,
			                      error))
				return FALSE;
			spec.reserved_pos = np_pos_of(reserved);
		}
		g_array_append_val(nodes, spec);
	}
	return TRUE;
}

static gboolean
np_load_topology_file(NpLoader *loader, const NpYNode *value, GArray *nodes, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autoptr(GByteArray) bytes = NULL;
	g_autoptr(GArray) parsed = NULL;
	g_autofree gchar *path = NULL;
	const gchar *name = NULL;

	if (!np_read_name(loader, value, "topology_file", &name, error))
		return FALSE;
	if (g_path_is_absolute(name) || loader->dir == NULL)
		path = g_strdup(name);
	else
		path = g_build_filename(loader->dir, name, NULL);
	bytes = np_read_limited(path, NP_YAML_MAX_BYTES, &local);
	if (bytes == NULL)
		return np_fail(loader,
		               value,
		               error,
		               "cannot read topology file '%s': %s",
		               np_show(loader, path),
		               local->message);
	parsed = np_topology_json_parse((const gchar *)bytes->data, bytes->len, path, NULL, &local);
	if (parsed == NULL) {
		g_autofree gchar *where = np_pos_prefix(loader->path, np_pos_of(value));
		g_set_error(error,
		            NP_ERROR,
		            local->code,
		            "%s\n%snote: in the topology_file named here",
		            local->message,
		            where);
		return FALSE;
	}
	g_array_append_vals(nodes, parsed->data, parsed->len);
	return TRUE;
}

/* a `hosts:` item, or the value of an `add_host:` event: appends the
 * hosts it defines (several with count:) to @out */
gboolean
np_load_host(NpLoader *loader,
             const NpYNode *item,
             const gchar *section,
             GPtrArray *out,
             GError **error)
{
	g_autoptr(NpHost) host = NULL;
	const NpYNode *name_node, *nodes, *topology, *count_node, *hyperv;
	const gchar *name = NULL;
	gint64 count = 0;

	if (!np_require_mapping(loader, item, section, error))
		return FALSE;
	for (guint i = 0; i < np_length(item); i++) {
		const NpYNode *key = np_map_key(loader, item, i);
		if (key->kind == NP_YNODE_SCALAR && np_in(np_settings_get_keys(), key->text)
		    && !np_settings_key_is_per_host(key->text))
			return np_fail(loader,
			               key,
			               error,
			               "'%s' is a cluster-wide setting; set it under settings",
			               key->text);
	}
	if (!np_check_keys(loader, item, section, np_host_keys, error))
		return FALSE;
	if ((name_node = np_require_key(loader, item, "name", section, error)) == NULL
	    || !np_read_name(loader, name_node, "name", &name, error))
		return FALSE;
	count_node = np_map_get(loader, item, "count");
	if (count_node != NULL
	    && !np_read_int(loader, count_node, "count", 1, NP_SCENARIO_MAX_NODES, &count, error))
		return FALSE;

	host = np_host_new(name);
	host->pos = np_pos_of(item);
	host->name_pos = np_pos_of(name_node);
	nodes = np_map_get(loader, item, "nodes");
	topology = np_map_get(loader, item, "topology_file");
	if (nodes != NULL && topology != NULL) {
		const NpYNode *second =
		    nodes->line > topology->line
		            || (nodes->line == topology->line && nodes->column > topology->column)
		        ? nodes
		        : topology;
		return np_fail(loader,
		               second,
		               error,
		               "a host has either 'nodes' or 'topology_file', not both");
	}
	if (nodes == NULL && topology == NULL)
		return np_fail(loader,
		               item,
		               error,
		               "missing 'nodes' (or 'topology_file') in %s",
		               section);
	if (nodes != NULL && !np_load_nodes(loader, nodes, section, host->nodes, error))
		return FALSE;
	if (topology != NULL && !np_load_topology_file(loader, topology, host->nodes, error))
		return FALSE;
	for (guint i = 0; i < np_length(item); i++) {
		const NpYNode *key = np_map_key(loader, item, i);
		if (np_settings_key_is_per_host(key->text)
		    && !np_read_setting(loader, key, np_map_value(loader, item, i), host, error))
			return FALSE;
	}
	hyperv = np_map_get(loader, item, "hyperv");
	if (hyperv != NULL && !np_load_hyperv(loader, hyperv, "hyperv", &host->hyperv_json, error))
		return FALSE;

	/* count: makes NAME-1 .. NAME-N, all alike; the node limit is checked
	 * here, before the copies are made */
	if ((guint64)MAX(count, 1)
	    > (NP_SCENARIO_MAX_NODES - loader->nodes_total) / MAX(host->nodes->len, 1))
		return np_fail(loader,
		               count_node != NULL ? count_node : item,
		               error,
		               "the NUMA nodes of the scenario exceed the limit of %d",
		               NP_SCENARIO_MAX_NODES);
	loader->nodes_total += (guint64)MAX(count, 1) * host->nodes->len;
	if (count == 0) {
		g_ptr_array_add(out, g_steal_pointer(&host));
		return TRUE;
	}
	for (gint64 k = 1; k <= count; k++) {
		NpHost *copy = np_host_copy(host);
		g_free(copy->name);
		copy->name = g_strdup_printf("%s-%" G_GINT64_FORMAT, name, k);
		g_ptr_array_add(out, copy);
	}
	return TRUE;
}

static gboolean
np_load_hosts(NpLoader *loader, const NpYNode *list, GError **error)
{
	if (!np_require_list(loader, list, "hosts", error))
		return FALSE;
	for (guint i = 0; i < np_length(list); i++) {
		g_autofree gchar *section = g_strdup_printf("hosts[%u]", i);
		if (!np_load_host(loader,
		                  np_child(loader, list, i),
		                  section,
		                  loader->scenario->hosts,
		                  error))
			return FALSE;
	}
	return TRUE;
}

/* ------------------------------------------------------ flavors, images */

static gboolean
np_load_props(NpLoader *loader,
              const NpYNode *map,
              const gchar *what,
              NpProps *props,
              GError **error)
{
	if (!np_require_mapping(loader, map, what, error))
		return FALSE;
	/* data, not syntax: kept as written, checked when a boot resolves */
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		const NpYNode *value = np_map_value(loader, map, i);
		if (key->kind != NP_YNODE_SCALAR)
			return np_fail(loader,
			               key,
			               error,
			               "%s: a key must be a scalar, not %s",
			               what,
			               np_describe(loader, key));
		if (value->kind != NP_YNODE_SCALAR)
			return np_fail(loader,
			               value,
			               error,
			               "%s '%s': expected a scalar, got %s",
			               what,
			               np_show(loader, key->text),
			               np_describe(loader, value));
		np_props_set_string(props, key->text, value->text);
	}
	return TRUE;
}

static gboolean
np_load_flavors(NpLoader *loader, const NpYNode *map, GError **error)
{
	static const gchar *const keys[] = {"vcpus", "memory_mb", "extra_specs", NULL};

	if (!np_require_mapping(loader, map, "flavors", error))
		return FALSE;
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		const NpYNode *value = np_map_value(loader, map, i);
		g_autoptr(NpFlavor) flavor = NULL;
		g_autofree gchar *section = NULL;
		const NpYNode *vcpus, *memory, *specs;
		const gchar *name = NULL;

		if (!np_read_name(loader, key, "flavor name", &name, error))
			return FALSE;
		section = g_strdup_printf("flavor '%s'", np_show(loader, name));
		if (!np_require_mapping(loader, value, section, error)
		    || !np_check_keys(loader, value, section, keys, error))
			return FALSE;
		if ((vcpus = np_require_key(loader, value, "vcpus", section, error)) == NULL
		    || (memory = np_require_key(loader, value, "memory_mb", section, error))
		           == NULL)
			return FALSE;
		flavor = np_flavor_new(name, 0, 0);
		flavor->pos = np_pos_of(key);
		if (!np_read_quantity(loader, vcpus, "vcpus", 1, &flavor->vcpus, error)
		    || !np_read_quantity(loader, memory, "memory_mb", 1, &flavor->memory_mb, error))
			return FALSE;
		specs = np_map_get(loader, value, "extra_specs");
		if (specs != NULL
		    && !np_load_props(loader, specs, "extra_specs", flavor->extra_specs, error))
			return FALSE;
		np_scenario_add_flavor(loader->scenario, g_steal_pointer(&flavor));
	}
	return TRUE;
}

static gboolean
np_load_images(NpLoader *loader, const NpYNode *map, GError **error)
{
	static const gchar *const keys[] = {"properties", NULL};

	if (!np_require_mapping(loader, map, "images", error))
		return FALSE;
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		const NpYNode *value = np_map_value(loader, map, i);
		g_autoptr(NpImage) image = NULL;
		g_autofree gchar *section = NULL;
		const NpYNode *properties;
		const gchar *name = NULL;

		if (!np_read_name(loader, key, "image name", &name, error))
			return FALSE;
		section = g_strdup_printf("image '%s'", np_show(loader, name));
		if (!np_require_mapping(loader, value, section, error)
		    || !np_check_keys(loader, value, section, keys, error))
			return FALSE;
		image = np_image_new(name);
		image->pos = np_pos_of(key);
		properties = np_map_get(loader, value, "properties");
		if (properties != NULL
		    && !np_load_props(loader, properties, "properties", image->properties, error))
			return FALSE;
		np_scenario_add_image(loader->scenario, g_steal_pointer(&image));
	}
	return TRUE;
}

/* ------------------------------------------------------------- document */

static gboolean
np_load_version(NpLoader *loader, const NpYNode *root, GError **error)
{
	const NpYNode *first;
	gint64 version = 0;

	for (guint i = 1; i < np_length(root); i++) {
		const NpYNode *key = np_map_key(loader, root, i);
		if (key->kind == NP_YNODE_SCALAR && strcmp(key->text, "numaplan") == 0)
			return np_fail(loader,
			               key,
			               error,
			               "'numaplan' (the format version) must be the first key");
	}
	first = np_length(root) > 0 ? np_map_key(loader, root, 0) : NULL;
	if (first == NULL || first->kind != NP_YNODE_SCALAR
	    || strcmp(first->text, "numaplan") != 0) {
		const gchar *const version_key[] = {"numaplan", NULL};
		if (first != NULL && first->kind == NP_YNODE_SCALAR
		    && np_suggest(first->text, version_key, -1) != NULL)
			return np_unknown_key(loader,
			                      first,
			                      "the top-level mapping",
			                      np_top_keys,
			                      error);
		return np_fail(loader,
		               NULL,
		               error,
		               "missing 'numaplan: 1' (the format version) as the first key");
	}
	if (!np_read_int(loader,
	                 np_map_value(loader, root, 0),
	                 "numaplan",
	                 0,
	                 G_MAXINT64,
	                 &version,
	                 error))
		return FALSE;
	if (version != 1)
		return np_fail(loader,
		               np_map_value(loader, root, 0),
		               error,
		               "unsupported format version %" G_GINT64_FORMAT
		               " (this numaplan reads 1)",
		               version);
	return TRUE;
}

static gboolean
np_load_document(NpLoader *loader, GError **error)
{
	const NpYNode *root, *value;
	const gchar *name = NULL;
	g_autoptr(NpNames) names = NULL;

	if (loader->tree->root < 0)
		return np_fail(loader,
		               NULL,
		               error,
		               "empty file: expected a mapping starting with 'numaplan: 1'");
	root = np_ytree_get(loader->tree, loader->tree->root);
	if (root->kind != NP_YNODE_MAPPING)
		return np_fail(loader,
		               root,
		               error,
		               "expected a mapping starting with 'numaplan: 1', got %s",
		               np_describe(loader, root));
	if (!np_load_version(loader, root, error)
	    || !np_check_keys(loader, root, "the top-level mapping", np_top_keys, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "name")) != NULL) {
		if (!np_read_name(loader, value, "name", &name, error))
			return FALSE;
		np_scenario_set_name(loader->scenario, name);
	} else {
		g_autofree gchar *base = g_path_get_basename(loader->path);
		gchar *dot = strrchr(base, '.');
		if (dot != NULL && dot != base)
			*dot = '\0';
		np_scenario_set_name(loader->scenario, base);
	}
	if ((value = np_map_get(loader, root, "settings")) != NULL
	    && !np_load_settings(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "hosts")) != NULL
	    && !np_load_hosts(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "flavors")) != NULL
	    && !np_load_flavors(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "images")) != NULL
	    && !np_load_images(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "events")) != NULL
	    && !np_load_events(loader, value, error))
		return FALSE;
	/* ranges and names, as for a scenario built in code */
	if (!np_scenario_validate_names(loader->scenario, &names, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "expect")) != NULL
	    && !np_load_expect(loader, value, names, error))
		return FALSE;
	/* scenario.md §6: checked by every command, used by `sweep` alone */
	if ((value = np_map_get(loader, root, "sweep")) != NULL
	    && !np_sweep_load(loader->tree, value, loader->path, loader->scenario, error))
		return FALSE;
	return TRUE;
}

/**
 * np_scenario_load_data:
 * @data: the scenario's text: UTF-8 (a BOM is allowed) or UTF-16 with BOM
 * @length: its length in bytes; more than 64 MiB is refused
 * @path: (nullable): names the file in messages and anchors relative
 *   `topology_file:` paths (%NULL: "<input>" and the working directory)
 * @error: %NP_ERROR_PARSE for text that is not YAML (or breaks a limit on
 *   hostile input), %NP_ERROR_INVALID for YAML that breaks the format
 *
 * Reads and validates a scenario (scenario.md §1): every name a later
 * event uses is checked, in event order. The message of @error is
 * `PATH:LINE:COLUMN: message` (1-based); an error inside a topology file
 * is its own `FILE:LINE:COLUMN: message` followed by a second line, the
 * position of the `topology_file:` that named it.
 *
 * Returns: (transfer full): the scenario, or %NULL
 */
NpScenario *
np_scenario_load_data(const gchar *data, gsize length, const gchar *path, GError **error)
{
	g_auto(NpLoader) loader = {0};
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpYTree) tree = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *problem = NULL;
	gsize text_length = 0;
	gsize bad = 0;

	g_return_val_if_fail(data != NULL || length == 0, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (path == NULL)
		path = "<input>";
	if (length > NP_YAML_MAX_BYTES) {
		np_error_at(error,
		            NP_ERROR_INVALID,
		            path,
		            (NpPos){1, 1},
		            "the file exceeds the limit of %d MiB",
		            NP_YAML_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	if (!np_text_to_utf8(data != NULL ? data : "",
	                     length,
	                     &text,
	                     &text_length,
	                     &bad,
	                     &problem)) {
		guint line, column;
		np_yaml_position(text, text_length, bad, &line, &column);
		np_error_at(error, NP_ERROR_PARSE, path, (NpPos){line, column}, "%s", problem);
		return NULL;
	}
	tree = np_ytree_parse(text, text_length, path, error);
	if (tree == NULL)
		return NULL;

	scenario = np_scenario_new(NULL);
	np_scenario_set_path(scenario, path);
	loader.path = path;
	if (strchr(path, G_DIR_SEPARATOR) != NULL)
		loader.dir = g_path_get_dirname(path);
	loader.tree = tree;
	loader.scenario = scenario;
	loader.scratch = g_ptr_array_new_with_free_func(g_free);
	for (guint j = 0; j < NP_EVENT_LAST; j++)
		loader.event_keys[j] = np_event_type_to_string(j);
	loader.actions = g_strjoinv(", ", (gchar **)loader.event_keys);
	loader.event_keys[NP_EVENT_LAST] = "expect";
	if (!np_load_document(&loader, error))
		return NULL;
	return g_steal_pointer(&scenario);
}

/**
 * np_scenario_load_file:
 * @path: a scenario file
 * @error: as np_scenario_load_data(); %NP_ERROR_IO (`PATH: message`) when
 *   the file cannot be read
 *
 * Reads and validates a scenario; a file larger than 64 MiB, or anything
 * but a regular file, is refused before it is read.
 *
 * Returns: (transfer full): the scenario, or %NULL
 */
NpScenario *
np_scenario_load_file(const gchar *path, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autoptr(GByteArray) bytes = NULL;

	g_return_val_if_fail(path != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	bytes = np_read_limited(path, NP_YAML_MAX_BYTES, &local);
	if (bytes == NULL) {
		if (local->code == NP_ERROR_IO)
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_IO,
			            "%s: cannot read the file: %s",
			            path,
			            local->message);
		else
			np_error_at(error, local->code, path, (NpPos){1, 1}, "%s", local->message);
		return NULL;
	}
	return np_scenario_load_data((const gchar *)bytes->data, bytes->len, path, error);
}
