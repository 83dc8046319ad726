/* `numaplan resolve` cases; see np-resolve-json.h and scenario.md §3 */
#include <math.h>
#include <string.h>

#include "np-error.h"
#include "np-fit.h"
#include "np-json.h"
#include "np-request.h"
#include "np-resolve-json.h"

typedef struct {
	NpFitHostCell *cells;
	guint n_cells;
	gdouble cpu_allocation_ratio;
	gdouble ram_allocation_ratio;
	gboolean no_limits;
} NpResolveHost;

typedef struct {
	cJSON *id; /* borrowed from the parsed document */
	NpFlavor *flavor;
	NpImage *image;
	gboolean has_host;
	NpResolveHost host;
	NpResolveOptions options;
	gchar *instance_uuid;
	gboolean pack;
	NpDynamicMemory dynamic_memory;
} NpResolveCase;

static void
np_resolve_case_clear(NpResolveCase *c)
{
	np_flavor_free(c->flavor);
	np_image_free(c->image);
	g_free(c->host.cells);
	g_free(c->instance_uuid);
}

static gboolean
np_get_number(const cJSON *obj, const gchar *key, gboolean required, gdouble *out, GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL) {
		if (required) {
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "missing field '%s'", key);
			return FALSE;
		}
		return TRUE;
	}
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "'%s' must be a number", key);
		return FALSE;
	}
	*out = item->valuedouble;
	return TRUE;
}

static gboolean
np_get_int(const cJSON *obj, const gchar *key, gboolean required, gint64 min, gint64 *out,
	   GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL) {
		if (required) {
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "missing field '%s'", key);
			return FALSE;
		}
		return TRUE;
	}
	if (!np_json_get_int64(item, out) || *out < min || *out > ((gint64)1 << 52)) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
			    "'%s' must be an integer from %" G_GINT64_FORMAT, key, min);
		return FALSE;
	}
	return TRUE;
}

static gboolean
np_get_object(const cJSON *obj, const gchar *key, const cJSON **out, GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	if (item == NULL || cJSON_IsNull(item))
		return TRUE;
	if (!cJSON_IsObject(item)) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "'%s' must be an object", key);
		return FALSE;
	}
	*out = item;
	return TRUE;
}

static gboolean
np_parse_flavor(NpResolveCase *c, const cJSON *root, GError **error)
{
	const cJSON *flavor = NULL, *specs = NULL, *name;
	gint64 vcpus = 0, memory_mb = 0;
	if (!np_get_object(root, "flavor", &flavor, error))
		return FALSE;
	if (flavor == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "missing field 'flavor'");
		return FALSE;
	}
	if (!np_get_int(flavor, "vcpus", TRUE, 0, &vcpus, error) ||
	    !np_get_int(flavor, "memory_mb", TRUE, 0, &memory_mb, error))
		return FALSE;
	name = cJSON_GetObjectItemCaseSensitive(flavor, "name");
	c->flavor = np_flavor_new(cJSON_IsString(name) ? name->valuestring : "m1.test", vcpus,
				  memory_mb);
	if (!np_get_object(flavor, "extra_specs", &specs, error))
		return FALSE;
	for (const cJSON *spec = specs != NULL ? specs->child : NULL; spec != NULL;
	     spec = spec->next) {
		/* Nova's extra specs are strings: str() of whatever came */
		g_autofree gchar *value = np_json_python_str(spec);
		np_props_set_string(c->flavor->extra_specs, spec->string, value);
	}
	return TRUE;
}

static gboolean
np_parse_image(NpResolveCase *c, const cJSON *root, GError **error)
{
	const cJSON *image = NULL, *props = NULL, *name;
	if (!np_get_object(root, "image", &image, error))
		return FALSE;
	if (image == NULL)
		return TRUE;
	name = cJSON_GetObjectItemCaseSensitive(image, "name");
	c->image = np_image_new(cJSON_IsString(name) ? name->valuestring : "test-image");
	if (!np_get_object(image, "properties", &props, error))
		return FALSE;
	for (const cJSON *p = props != NULL ? props->child : NULL; p != NULL; p = p->next)
		np_props_take(c->image->properties, p->string, np_json_to_value(p));
	return TRUE;
}

/* a set of integer ids from a JSON list; NULL with @error when not one */
static GHashTable *
np_parse_id_set(const cJSON *list, const gchar *what, guint cell, GError **error)
{
	g_autoptr(GHashTable) set = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	if (!cJSON_IsArray(list)) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "host.cells[%u]: '%s' must be a list",
			    cell, what);
		return NULL;
	}
	for (const cJSON *item = list->child; item != NULL; item = item->next) {
		gint64 id = 0;
		if (!np_json_get_int64(item, &id)) {
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
				    "host.cells[%u]: '%s' must hold integers", cell, what);
			return NULL;
		}
		g_hash_table_add(set, g_memdup2(&id, sizeof(id)));
	}
	return g_steal_pointer(&set);
}

/* the oracle's libvirt-style extras: a pCPU set and pinned pCPUs, without
 * SMT siblings or memory pages (neither exists on Hyper-V) */
static gboolean
np_parse_libvirt_cell(const cJSON *cell, guint n, NpFitHostCell *hc, GError **error)
{
	const cJSON *pcpus = cJSON_GetObjectItemCaseSensitive(cell, "pcpus");
	const cJSON *pinned = cJSON_GetObjectItemCaseSensitive(cell, "pinned_cpus");
	const cJSON *siblings = cJSON_GetObjectItemCaseSensitive(cell, "siblings");
	const cJSON *mempages = cJSON_GetObjectItemCaseSensitive(cell, "mempages");
	g_autoptr(GHashTable) pset = NULL;
	g_autoptr(GHashTable) pinned_set = NULL;
	GHashTableIter iter;
	gpointer key;

	if (mempages != NULL && cJSON_GetArraySize(mempages) > 0) {
		g_set_error(error, NP_ERROR, NP_ERROR_UNSUPPORTED,
			    "host.cells[%u]: 'mempages' are not modelled (Hyper-V reports no "
			    "memory pages)",
			    n);
		return FALSE;
	}
	for (const cJSON *s = siblings != NULL ? siblings->child : NULL; s != NULL; s = s->next) {
		if (cJSON_GetArraySize(s) > 1) {
			g_set_error(error, NP_ERROR, NP_ERROR_UNSUPPORTED,
				    "host.cells[%u]: SMT 'siblings' are not modelled", n);
			return FALSE;
		}
	}
	if (pcpus == NULL)
		return TRUE;
	pset = np_parse_id_set(pcpus, "pcpus", n, error);
	if (pset == NULL)
		return FALSE;
	pinned_set = pinned != NULL ? np_parse_id_set(pinned, "pinned_cpus", n, error)
				    : g_hash_table_new(g_int64_hash, g_int64_equal);
	if (pinned_set == NULL)
		return FALSE;
	hc->has_pcpus = TRUE;
	hc->pcpus = g_hash_table_size(pset);
	hc->free_pcpus = 0;
	g_hash_table_iter_init(&iter, pset);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		if (!g_hash_table_contains(pinned_set, key))
			hc->free_pcpus++;
	}
	return TRUE;
}

static gboolean
np_parse_host(NpResolveCase *c, const cJSON *root, GError **error)
{
	const cJSON *host = NULL, *cells, *item;
	guint n = 0;
	if (!np_get_object(root, "host", &host, error))
		return FALSE;
	if (host == NULL)
		return TRUE;
	c->has_host = TRUE;
	c->host.cpu_allocation_ratio = 1.0;
	c->host.ram_allocation_ratio = 1.0;
	if (!np_get_number(host, "cpu_allocation_ratio", FALSE, &c->host.cpu_allocation_ratio,
			   error) ||
	    !np_get_number(host, "ram_allocation_ratio", FALSE, &c->host.ram_allocation_ratio,
			   error))
		return FALSE;
	cells = cJSON_GetObjectItemCaseSensitive(host, "cells");
	if (cells != NULL && !cJSON_IsArray(cells)) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "'host.cells' must be a list");
		return FALSE;
	}
	c->host.cells = g_new0(NpFitHostCell, cJSON_GetArraySize(cells) + 1);
	for (const cJSON *cell = cells != NULL ? cells->child : NULL; cell != NULL;
	     cell = cell->next, n++) {
		NpFitHostCell *hc = &c->host.cells[n];
		const cJSON *cpus;
		g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);
		g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
		if (!cJSON_IsObject(cell)) {
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
				    "'host.cells[%u]' must be an object", n);
			return FALSE;
		}
		if (!np_get_int(cell, "id", TRUE, 0, &hc->id, error) ||
		    !np_get_int(cell, "memory_mb", TRUE, 0, &hc->memory_mb, error) ||
		    !np_get_int(cell, "used_cpus", FALSE, G_MININT32, &hc->used_cpus, error) ||
		    !np_get_int(cell, "used_memory_mb", FALSE, G_MININT32, &hc->used_memory_mb,
				error)) {
			g_prefix_error(error, "host.cells[%u]: ", n);
			return FALSE;
		}
		cpus = cJSON_GetObjectItemCaseSensitive(cell, "cpus");
		if (cpus != NULL && !cJSON_IsArray(cpus)) {
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
				    "host.cells[%u]: 'cpus' must be a list", n);
			return FALSE;
		}
		for (const cJSON *cpu = cpus != NULL ? cpus->child : NULL; cpu != NULL;
		     cpu = cpu->next) {
			gint64 id = 0;
			if (!np_json_get_int64(cpu, &id)) {
				g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
					    "host.cells[%u]: 'cpus' must hold integers", n);
				return FALSE;
			}
			g_array_append_val(ids, id);
		}
		for (guint i = 0; i < ids->len; i++)
			g_hash_table_add(seen, &g_array_index(ids, gint64, i));
		hc->cpus = g_hash_table_size(seen);
		if (!np_parse_libvirt_cell(cell, n, hc, error))
			return FALSE;
	}
	c->host.n_cells = n;
	item = cJSON_GetObjectItemCaseSensitive(host, "use_limits");
	if (item != NULL) {
		if (!cJSON_IsBool(item)) {
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
				    "'host.use_limits' must be true or false");
			return FALSE;
		}
		c->host.no_limits = cJSON_IsFalse(item);
	}
	return TRUE;
}

static gboolean
np_parse_config(NpResolveCase *c, const cJSON *root, GError **error)
{
	const cJSON *config = NULL, *item, *uuid;
	/* resolve answers as Nova does unless told otherwise: reject mode,
	 * no blueprint limits */
	np_resolve_options_init(&c->options);
	c->options.image_conflict = NP_IMAGE_CONFLICT_REJECT;
	c->options.max_vnuma_vcpus = 0;
	c->options.max_vnuma_memory_mb = 0;
	if (!np_get_object(root, "config", &config, error))
		return FALSE;
	if (config != NULL) {
		item = cJSON_GetObjectItemCaseSensitive(config, "image_conflict");
		if (item != NULL) {
			if (!cJSON_IsString(item) || np_image_conflict_from_string(item->valuestring) ==
							    NP_IMAGE_CONFLICT_LAST) {
				g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
					    "'config.image_conflict' must be \"override\" or "
					    "\"reject\"");
				return FALSE;
			}
			c->options.image_conflict = np_image_conflict_from_string(item->valuestring);
		}
		if (!np_get_int(config, "max_vnuma_vcpus", FALSE, 0, &c->options.max_vnuma_vcpus,
				error) ||
		    !np_get_int(config, "max_vnuma_memory_mb", FALSE, 0,
				&c->options.max_vnuma_memory_mb, error) ||
		    !np_get_number(config, "dynamic_memory_ratio", FALSE,
				   &c->options.dynamic_memory_ratio, error)) {
			g_prefix_error(error, "config: ");
			return FALSE;
		}
		item = cJSON_GetObjectItemCaseSensitive(
		    config, "packing_host_numa_cells_allocation_strategy");
		if (item != NULL) {
			if (!cJSON_IsBool(item)) {
				g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
					    "'config.packing_host_numa_cells_allocation_strategy' "
					    "must be true or false");
				return FALSE;
			}
			c->pack = cJSON_IsTrue(item);
		}
	}
	uuid = cJSON_GetObjectItemCaseSensitive(root, "instance_uuid");
	if (cJSON_IsString(uuid))
		c->instance_uuid = g_strdup(uuid->valuestring);
	c->options.instance_uuid = c->instance_uuid;
	return TRUE;
}

static gboolean
np_parse_dynamic_memory(NpResolveCase *c, const cJSON *root, GError **error)
{
	const cJSON *dm = NULL;
	if (!np_get_object(root, "dynamic_memory", &dm, error))
		return FALSE;
	if (dm == NULL)
		return TRUE;
	c->dynamic_memory.enabled = TRUE;
	if (!np_get_int(dm, "startup_mb", FALSE, 1, &c->dynamic_memory.startup_mb, error) ||
	    !np_get_int(dm, "minimum_mb", FALSE, 1, &c->dynamic_memory.minimum_mb, error) ||
	    !np_get_int(dm, "maximum_mb", FALSE, 1, &c->dynamic_memory.maximum_mb, error) ||
	    !np_get_int(dm, "buffer_percent", FALSE, 1, &c->dynamic_memory.buffer_percent,
			error)) {
		g_prefix_error(error, "dynamic_memory: ");
		return FALSE;
	}
	return TRUE;
}

static cJSON *
np_failure_to_json(const NpFailure *failure)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON_AddFalseToObject(obj, "ok");
	cJSON_AddStringToObject(obj, "code", np_code_to_string(failure->code));
	np_json_add_string_or_null(obj, "nova_class", failure->nova_class);
	np_json_add_string_or_null(obj, "message", failure->message);
	return obj;
}

static cJSON *
np_skipped(const gchar *reason)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "skipped", reason);
	return obj;
}

static cJSON *
np_constraints_to_json(const NpResolution *res)
{
	cJSON *obj, *cells;
	if (res->constraints_failure != NULL)
		return np_failure_to_json(res->constraints_failure);
	obj = cJSON_CreateObject();
	cJSON_AddTrueToObject(obj, "ok");
	if (res->cells == NULL) {
		cJSON_AddNullToObject(obj, "cells");
	} else {
		cells = cJSON_AddArrayToObject(obj, "cells");
		for (guint i = 0; i < res->cells->len; i++) {
			const NpVCell *cell = g_ptr_array_index(res->cells, i);
			cJSON *c = cJSON_CreateObject();
			cJSON_AddItemToObject(c, "cpus", np_json_new_int_array(cell->cpus));
			np_json_add_int(c, "memory_mb", cell->memory_mb);
			if (cell->dedicated_cpus->len > 0)
				cJSON_AddItemToObject(c, "dedicated_cpus",
						      np_json_new_int_array(cell->dedicated_cpus));
			cJSON_AddItemToArray(cells, c);
		}
	}
	np_json_add_string_or_null(obj, "cpu_policy", res->cpu_policy);
	return obj;
}

static cJSON *
np_hyperv_to_json(const NpResolution *res)
{
	const NpHypervSettings *s = &res->settings;
	cJSON *obj, *mem, *proc;
	if (res->constraints_failure != NULL)
		return np_skipped(res->image_meta_failure ? "image_meta_error" : "constraints_error");
	if (res->hyperv_failure != NULL)
		return np_failure_to_json(res->hyperv_failure);
	obj = cJSON_CreateObject();
	cJSON_AddTrueToObject(obj, "ok");
	cJSON_AddBoolToObject(obj, "vnuma_enabled", res->vnuma_enabled);
	if (res->cells != NULL) {
		np_json_add_int(obj, "memory_per_numa_node", res->memory_per_numa_node);
		np_json_add_int(obj, "cpus_per_numa_node", res->cpus_per_numa_node);
	} else {
		cJSON_AddNullToObject(obj, "memory_per_numa_node");
		cJSON_AddNullToObject(obj, "cpus_per_numa_node");
	}
	np_json_add_double(obj, "dynamic_memory_ratio", res->dynamic_memory_ratio);
	mem = cJSON_AddObjectToObject(obj, "memory_settings");
	cJSON_AddBoolToObject(mem, "DynamicMemoryEnabled", s->dynamic_memory_enabled);
	np_json_add_int(mem, "Limit", s->memory_limit_mb);
	if (s->max_memory_blocks_per_numa_node != 0)
		np_json_add_int(mem, "MaxMemoryBlocksPerNumaNode", s->max_memory_blocks_per_numa_node);
	np_json_add_int(mem, "Reservation", s->memory_reservation_mb);
	np_json_add_int(mem, "VirtualQuantity", s->memory_virtual_quantity_mb);
	proc = cJSON_AddObjectToObject(obj, "processor_settings");
	np_json_add_int(proc, "Limit", s->processor_limit);
	cJSON_AddBoolToObject(proc, "LimitProcessorFeatures", s->limit_processor_features);
	if (s->max_processors_per_numa_node != 0)
		np_json_add_int(proc, "MaxProcessorsPerNumaNode", s->max_processors_per_numa_node);
	np_json_add_int(proc, "Reservation", s->processor_reservation);
	np_json_add_int(proc, "VirtualQuantity", s->processor_virtual_quantity);
	cJSON_AddBoolToObject(obj, "virtual_numa_enabled", s->virtual_numa_enabled);
	return obj;
}

static cJSON *
np_pcpuset_error(void)
{
	g_autoptr(NpFailure) failure =
	    np_failure_new(NP_CODE_NOVA_PCPUSET_UNSUPPORTED, "NotImplementedError",
			   "Cannot load 'pcpuset' in the base class");
	return np_failure_to_json(failure);
}

static NpFitStatus
np_case_fit(const NpResolveCase *c, const NpResolution *res, guint *host_index)
{
	NpFitRequest req = {0};
	g_autofree NpFitGuestCell *guest = g_new0(NpFitGuestCell, res->cells->len);
	for (guint i = 0; i < res->cells->len; i++) {
		const NpVCell *cell = g_ptr_array_index(res->cells, i);
		guest[i].shared_cpus = np_vcell_get_shared_cpus(cell);
		guest[i].dedicated_cpus = cell->dedicated_cpus->len;
		guest[i].memory_mb = cell->memory_mb;
	}
	req.host_cells = c->host.cells;
	req.n_host_cells = c->host.n_cells;
	req.guest_cells = guest;
	req.n_guest_cells = res->cells->len;
	req.cpu_allocation_ratio = c->host.cpu_allocation_ratio;
	req.ram_allocation_ratio = c->host.ram_allocation_ratio;
	req.pack = c->pack;
	req.pinned = g_strcmp0(res->effective_cpu_policy, "dedicated") == 0 ||
		     g_strcmp0(res->effective_cpu_policy, "mixed") == 0;
	req.mixed = g_strcmp0(res->effective_cpu_policy, "mixed") == 0;
	req.page_size = res->page_size_requested;
	req.no_limits = c->host.no_limits;
	req.thread_require = g_strcmp0(res->cpu_thread_policy, "require") == 0;
	req.emulator_isolate = g_strcmp0(res->emulator_threads_policy, "isolate") == 0;
	return np_numa_fit(&req, host_index);
}

static cJSON *
np_fit_to_json(const NpResolveCase *c, const NpResolution *res)
{
	g_autofree guint *host_index = NULL;
	cJSON *obj;
	if (res->constraints_failure != NULL)
		return np_skipped(res->image_meta_failure ? "image_meta_error" : "constraints_error");
	if (!c->has_host)
		return np_skipped("no_host");
	if (res->cells == NULL)
		return np_skipped("no_instance_numa_topology");
	host_index = g_new0(guint, res->cells->len);
	switch (np_case_fit(c, res, host_index)) {
	case NP_FIT_NOVA_PCPUSET_ERROR:
		return np_pcpuset_error();
	case NP_FIT_NO_FIT:
		obj = cJSON_CreateObject();
		cJSON_AddTrueToObject(obj, "ok");
		cJSON_AddNullToObject(obj, "host_cells");
		return obj;
	case NP_FIT_OK:
	default: {
		cJSON *ids;
		obj = cJSON_CreateObject();
		cJSON_AddTrueToObject(obj, "ok");
		ids = cJSON_AddArrayToObject(obj, "host_cells");
		for (guint i = 0; i < res->cells->len; i++)
			cJSON_AddItemToArray(ids, np_json_new_int(c->host.cells[host_index[i]].id));
		return obj;
	}
	}
}

/* _satisfies_cpu_policy(): on the raw values; a Hyper-V host reports no
 * thread siblings, so dedicated + require never passes */
static gboolean
np_filter_cpu_policy_passes(const NpResolveCase *c)
{
	const NpProps *specs = c->flavor->extra_specs;
	const NpProps *props = c->image != NULL ? c->image->properties : NULL;
	gboolean dedicated, require;
	if (c->host.n_cells == 0)
		return TRUE;
	dedicated = g_strcmp0(np_props_lookup_string(specs, "hw:cpu_policy"), "dedicated") == 0 ||
		    (props != NULL &&
		     g_strcmp0(np_props_lookup_string(props, "hw_cpu_policy"), "dedicated") == 0);
	require = g_strcmp0(np_props_lookup_string(specs, "hw:cpu_thread_policy"), "require") == 0 ||
		  (props != NULL &&
		   g_strcmp0(np_props_lookup_string(props, "hw_cpu_thread_policy"), "require") == 0);
	return !(dedicated && require);
}

/* NUMATopologyFilter.host_passes() */
static cJSON *
np_filter_to_json(const NpResolveCase *c, const NpResolution *res)
{
	cJSON *obj;
	gboolean passes;
	if (res->constraints_failure != NULL || !c->has_host)
		return NULL;
	if (!np_filter_cpu_policy_passes(c)) {
		passes = FALSE;
	} else if (res->cells == NULL) {
		passes = TRUE;
	} else if (c->host.n_cells == 0) {
		passes = FALSE;
	} else {
		g_autofree guint *host_index = g_new0(guint, res->cells->len);
		NpFitStatus status = np_case_fit(c, res, host_index);
		if (status == NP_FIT_NOVA_PCPUSET_ERROR)
			return np_pcpuset_error();
		passes = status == NP_FIT_OK;
	}
	obj = cJSON_CreateObject();
	cJSON_AddTrueToObject(obj, "ok");
	cJSON_AddBoolToObject(obj, "passes", passes);
	return obj;
}

static cJSON *
np_warnings_to_json(const GPtrArray *warnings)
{
	cJSON *array = cJSON_CreateArray();
	for (guint i = 0; i < warnings->len; i++) {
		const NpWarning *w = g_ptr_array_index(warnings, i);
		cJSON *obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "code", np_code_to_string(w->code));
		np_json_add_string_or_null(obj, "message", w->message);
		if (w->key != NULL)
			cJSON_AddStringToObject(obj, "key", w->key);
		cJSON_AddItemToArray(array, obj);
	}
	return array;
}

static cJSON *
np_error_answer(const cJSON *id, const gchar *message)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON_AddItemToObject(obj, "id", id != NULL ? cJSON_Duplicate(id, TRUE) : cJSON_CreateNull());
	cJSON_AddStringToObject(obj, "error", message);
	return obj;
}

gchar *
np_resolve_json_line(const gchar *line)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(cJSON) root = NULL;
	g_autoptr(cJSON) answer = NULL;
	g_autoptr(NpResolution) res = NULL;
	NpResolveCase c = {0};
	cJSON *filter;

	g_return_val_if_fail(line != NULL, NULL);
	if (!g_utf8_validate(line, -1, NULL)) {
		answer = np_error_answer(NULL, "input line is not valid UTF-8");
		return np_json_print_line(answer);
	}
	root = np_json_parse(line, strlen(line), "<input>", &error);
	if (root == NULL) {
		answer = np_error_answer(NULL, error->message);
		return np_json_print_line(answer);
	}
	if (!cJSON_IsObject(root)) {
		answer = np_error_answer(NULL, "a case must be a JSON object");
		return np_json_print_line(answer);
	}
	c.id = cJSON_GetObjectItemCaseSensitive(root, "id");
	if (!np_parse_flavor(&c, root, &error) || !np_parse_image(&c, root, &error) ||
	    !np_parse_host(&c, root, &error) || !np_parse_config(&c, root, &error) ||
	    !np_parse_dynamic_memory(&c, root, &error)) {
		np_resolve_case_clear(&c);
		answer = np_error_answer(c.id, error->message);
		return np_json_print_line(answer);
	}

	res = np_resolve(c.flavor, c.image, c.dynamic_memory.enabled ? &c.dynamic_memory : NULL,
			 &c.options);
	answer = cJSON_CreateObject();
	cJSON_AddItemToObject(answer, "id", c.id != NULL ? cJSON_Duplicate(c.id, TRUE)
							 : cJSON_CreateNull());
	cJSON_AddItemToObject(answer, "constraints", np_constraints_to_json(res));
	cJSON_AddItemToObject(answer, "hyperv", np_hyperv_to_json(res));
	cJSON_AddItemToObject(answer, "fit", np_fit_to_json(&c, res));
	filter = np_filter_to_json(&c, res);
	if (filter != NULL)
		cJSON_AddItemToObject(answer, "filter", filter);
	cJSON_AddItemToObject(answer, "warnings", np_warnings_to_json(res->warnings));
	np_resolve_case_clear(&c);
	return np_json_print_line(answer);
}
