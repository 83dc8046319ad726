/* `numaplan resolve` cases; see np-resolve-json.h and scenario.md §3 */
#include "np-resolve-json.h"

#include <math.h>
#include <string.h>

#include "np-error.h"
#include "np-fit.h"
#include "np-json.h"
#include "np-request-private.h"
#include "np-resolve-json-private.h"
#include "np-resolve.h"

typedef struct {
	NpFitHostCell *cells;
	gboolean *no_siblings; /* libvirt-style cells whose sibling list is empty */
	guint n_cells;
	gdouble cpu_allocation_ratio;
	gdouble ram_allocation_ratio;
	gboolean no_limits;
} NpResolveHost;

struct _NpResolveCase {
	cJSON *id; /* borrowed from the parsed document */
	NpFlavor *flavor;
	NpImage *image;
	gboolean has_host;
	NpResolveHost host;
	NpResolveOptions options;
	gchar *instance_uuid;
	const gchar *bad_image_name; /* Python type of a list or dict image name */
	gboolean pack;
	NpDynamicMemory dynamic_memory;
	cJSON *root;             /* np_resolve_case_read() keeps the document */
	const cJSON *missing_in; /* the object that lacks a required field */
};

static void
np_resolve_case_clear(NpResolveCase *c)
{
	np_flavor_unref(c->flavor);
	np_image_unref(c->image);
	g_free(c->host.cells);
	g_free(c->host.no_siblings);
	g_free(c->instance_uuid);
}

static gboolean
np_get_number(const cJSON *obj, const gchar *key, gboolean required, gdouble *out, GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL) {
		if (required) {
			g_set_error(error, NP_ERROR, NP_ERROR_NOT_FOUND, "missing field '%s'", key);
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
np_get_int(const cJSON *obj,
           const gchar *key,
           gboolean required,
           gint64 min,
           gint64 *out,
           GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL) {
		if (required) {
			g_set_error(error, NP_ERROR, NP_ERROR_NOT_FOUND, "missing field '%s'", key);
			return FALSE;
		}
		return TRUE;
	}
	if (!np_json_get_int64(item, out) || *out < min || *out > ((gint64)1 << 52)) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "'%s' must be an integer from %" G_GINT64_FORMAT,
		            key,
		            min);
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

/* a required field is missing from @object: the answer names the field,
 * the object's path and, from the case's own text, where it starts */
static gboolean
np_missing_in(NpResolveCase *c, const cJSON *object, GError **error)
{
	if (g_error_matches(*error, NP_ERROR, NP_ERROR_NOT_FOUND))
		c->missing_in = object;
	return FALSE;
}

static gboolean
np_parse_flavor(NpResolveCase *c, const cJSON *root, GError **error)
{
	const cJSON *flavor = NULL, *specs = NULL, *name;
	gint64 vcpus = 0, memory_mb = 0;
	if (!np_get_object(root, "flavor", &flavor, error))
		return FALSE;
	if (flavor == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_NOT_FOUND, "missing field 'flavor'");
		return np_missing_in(c, root, error);
	}
	if (!np_get_int(flavor, "vcpus", TRUE, 0, &vcpus, error)
	    || !np_get_int(flavor, "memory_mb", TRUE, 0, &memory_mb, error)) {
		g_prefix_error(error, "flavor: ");
		return np_missing_in(c, flavor, error);
	}
	name = cJSON_GetObjectItemCaseSensitive(flavor, "name");
	c->flavor =
	    np_flavor_new(cJSON_IsString(name) ? name->valuestring : "m1.test", vcpus, memory_mb);
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
	/* ImageMeta's name is a StringField (null becomes ""): str() of a
	 * number or bool, a ValueError for a list or dict */
	if (cJSON_IsArray(name) || cJSON_IsObject(name))
		c->bad_image_name = cJSON_IsArray(name) ? "list" : "dict";
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
	g_autoptr(GHashTable) set =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	if (!cJSON_IsArray(list)) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "host.cells[%u]: '%s' must be a list",
		            cell,
		            what);
		return NULL;
	}
	for (const cJSON *item = list->child; item != NULL; item = item->next) {
		gint64 id = 0;
		if (!np_json_get_int64(item, &id)) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "host.cells[%u]: '%s' must hold integers",
			            cell,
			            what);
			return NULL;
		}
		g_hash_table_add(set, g_memdup2(&id, sizeof(id)));
	}
	return g_steal_pointer(&set);
}

/* the oracle's libvirt-style extras: a pCPU set and pinned pCPUs, without
 * SMT siblings or memory pages (neither exists on Hyper-V) */
static gboolean
np_parse_libvirt_cell(const cJSON *cell,
                      guint n,
                      NpFitHostCell *hc,
                      gboolean *no_siblings,
                      GError **error)
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
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_UNSUPPORTED,
		            "host.cells[%u]: 'mempages' are not modelled (Hyper-V reports no "
		            "memory pages)",
		            n);
		return FALSE;
	}
	for (const cJSON *s = siblings != NULL ? siblings->child : NULL; s != NULL; s = s->next) {
		if (cJSON_GetArraySize(s) > 1) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_UNSUPPORTED,
			            "host.cells[%u]: SMT 'siblings' are not modelled",
			            n);
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
	/* the oracle gives a cell one singleton sibling set per pCPU unless
	 * 'siblings' says otherwise */
	*no_siblings = siblings != NULL ? cJSON_GetArraySize(siblings) == 0 : hc->pcpus == 0;
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
	if (!np_get_number(host,
	                   "cpu_allocation_ratio",
	                   FALSE,
	                   &c->host.cpu_allocation_ratio,
	                   error)
	    || !np_get_number(host,
	                      "ram_allocation_ratio",
	                      FALSE,
	                      &c->host.ram_allocation_ratio,
	                      error))
		return FALSE;
	cells = cJSON_GetObjectItemCaseSensitive(host, "cells");
	if (cells != NULL && !cJSON_IsArray(cells)) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "'host.cells' must be a list");
		return FALSE;
	}
	c->host.cells = g_new0(NpFitHostCell, cJSON_GetArraySize(cells) + 1);
	c->host.no_siblings = g_new0(gboolean, cJSON_GetArraySize(cells) + 1);
	for (const cJSON *cell = cells != NULL ? cells->child : NULL; cell != NULL;
	     cell = cell->next, n++) {
		NpFitHostCell *hc = &c->host.cells[n];
		const cJSON *cpus;
		g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);
		g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
		if (!cJSON_IsObject(cell)) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "'host.cells[%u]' must be an object",
			            n);
			return FALSE;
		}
		if (!np_get_int(cell, "id", TRUE, 0, &hc->id, error)
		    || !np_get_int(cell, "memory_mb", TRUE, 0, &hc->memory_mb, error)
		    || !np_get_int(cell, "used_cpus", FALSE, G_MININT32, &hc->used_cpus, error)
		    || !np_get_int(cell,
		                   "used_memory_mb",
		                   FALSE,
		                   G_MININT32,
		                   &hc->used_memory_mb,
		                   error)) {
			g_prefix_error(error, "host.cells[%u]: ", n);
			return np_missing_in(c, cell, error);
		}
		cpus = cJSON_GetObjectItemCaseSensitive(cell, "cpus");
		if (cpus != NULL && !cJSON_IsArray(cpus)) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "host.cells[%u]: 'cpus' must be a list",
			            n);
			return FALSE;
		}
		for (const cJSON *cpu = cpus != NULL ? cpus->child : NULL; cpu != NULL;
		     cpu = cpu->next) {
			gint64 id = 0;
			if (!np_json_get_int64(cpu, &id)) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "host.cells[%u]: 'cpus' must hold integers",
				            n);
				return FALSE;
			}
			g_array_append_val(ids, id);
		}
		for (guint i = 0; i < ids->len; i++)
			g_hash_table_add(seen, &g_array_index(ids, gint64, i));
		hc->cpus = g_hash_table_size(seen);
		if (!np_parse_libvirt_cell(cell, n, hc, &c->host.no_siblings[n], error))
			return FALSE;
	}
	c->host.n_cells = n;
	item = cJSON_GetObjectItemCaseSensitive(host, "use_limits");
	if (item != NULL) {
		if (!cJSON_IsBool(item)) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
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
			if (!cJSON_IsString(item)
			    || np_image_conflict_from_string(item->valuestring)
			           == NP_IMAGE_CONFLICT_LAST) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "'config.image_conflict' must be \"override\" or "
				            "\"reject\"");
				return FALSE;
			}
			c->options.image_conflict =
			    np_image_conflict_from_string(item->valuestring);
		}
		if (!np_get_int(config,
		                "max_vnuma_vcpus",
		                FALSE,
		                0,
		                &c->options.max_vnuma_vcpus,
		                error)
		    || !np_get_int(config,
		                   "max_vnuma_memory_mb",
		                   FALSE,
		                   0,
		                   &c->options.max_vnuma_memory_mb,
		                   error)
		    || !np_get_number(config,
		                      "dynamic_memory_ratio",
		                      FALSE,
		                      &c->options.dynamic_memory_ratio,
		                      error)) {
			g_prefix_error(error, "config: ");
			return FALSE;
		}
		item =
		    cJSON_GetObjectItemCaseSensitive(config,
		                                     "packing_host_numa_cells_allocation_strategy");
		if (item != NULL) {
			if (!cJSON_IsBool(item)) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
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
	if (!np_get_int(dm, "startup_mb", FALSE, 1, &c->dynamic_memory.startup_mb, error)
	    || !np_get_int(dm, "minimum_mb", FALSE, 1, &c->dynamic_memory.minimum_mb, error)
	    || !np_get_int(dm, "maximum_mb", FALSE, 1, &c->dynamic_memory.maximum_mb, error)
	    || !np_get_int(dm,
	                   "buffer_percent",
	                   FALSE,
	                   1,
	                   &c->dynamic_memory.buffer_percent,
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
			/* exact, also beyond 64 bits (a manual hw:numa_mem.N split) */
			cJSON_AddItemToObject(c, "memory_mb", cJSON_CreateRaw(cell->memory_mb_str));
			if (cell->dedicated_cpus->len > 0)
				cJSON_AddItemToObject(c,
				                      "dedicated_cpus",
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
		return np_skipped(res->image_meta_failure ? "image_meta_error"
		                                          : "constraints_error");
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
		np_json_add_int(mem,
		                "MaxMemoryBlocksPerNumaNode",
		                s->max_memory_blocks_per_numa_node);
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
np_empty_siblings_error(void)
{
	g_autoptr(NpFailure) failure = np_failure_new(NP_CODE_NOVA_EMPTY_SIBLINGS,
	                                              "ValueError",
	                                              "max() arg is an empty sequence");
	return np_failure_to_json(failure);
}

static cJSON *
np_pcpuset_error(void)
{
	g_autoptr(NpFailure) failure = np_failure_new(NP_CODE_NOVA_PCPUSET_UNSUPPORTED,
	                                              "NotImplementedError",
	                                              "Cannot load 'pcpuset' in the base class");
	return np_failure_to_json(failure);
}

/* ---- pinned guests on libvirt-style hosts: what sim/ does not model ----
 *
 * Nova packs a pinned guest cell with _pack_instance_onto_cores(), which
 * (a) starts with max() over the host cell's sibling sets, a ValueError on a
 * cell that has none (a libvirt-style cell with no pCPU), and (b) returns
 * no fit for an empty pinning, i.e. a guest cell with no pinned vCPU (a
 * mixed guest whose dedicated vCPUs all sit in other cells, or a cell with
 * no vCPU at all). Such a guest never fits, so the answer is None unless
 * Nova's walk reaches (a) first. Which pairs the walk evaluates depends on
 * its caches, so they are replayed exactly.
 */

typedef enum {
	NP_PAIR_FIT,
	NP_PAIR_NO_FIT,
	NP_PAIR_CRASH, /* max() of no sibling sets */
} NpPairOutcome;

/* _numa_fit_instance_cell() of guest cell @g on host cell @h, all host cells
 * having a pCPU set */
static NpPairOutcome
np_case_pair(const NpResolveCase *c, const NpFitRequest *req, guint h, guint g, gboolean reserve)
{
	const NpFitHostCell *host = &req->host_cells[h];
	const NpFitGuestCell *guest = &req->guest_cells[g];
	gint64 required = guest->dedicated_cpus + (reserve ? 1 : 0);
	NpFitRequest one = *req;
	guint index = 0;

	/* page size, memory, pCPUs, shared CPUs (mixed), free pCPUs, free memory */
	if (req->page_size || guest->memory_mb > host->memory_mb || required > host->pcpus
	    || (req->mixed && guest->shared_cpus > host->cpus) || required > host->free_pcpus
	    || guest->memory_mb > host->memory_mb - host->used_memory_mb)
		return NP_PAIR_NO_FIT;
	if (c->host.no_siblings[h])
		return NP_PAIR_CRASH;
	if (guest->dedicated_cpus == 0)
		return NP_PAIR_NO_FIT;
	/* the rest (thread policy, a mixed cell's limits) as sim/ has it */
	one.host_cells = host;
	one.n_host_cells = 1;
	one.guest_cells = guest;
	one.n_guest_cells = 1;
	one.emulator_isolate = reserve;
	return np_numa_fit(&one, &index) == NP_FIT_OK ? NP_PAIR_FIT : NP_PAIR_NO_FIT;
}

/* the next k-permutation of 0..n-1 in itertools.permutations() order */
static gboolean
np_next_permutation(guint *idx, guint n, guint k, gboolean *used)
{
	for (gint pos = (gint)k - 1; pos >= 0; pos--) {
		used[idx[pos]] = FALSE;
		for (guint v = idx[pos] + 1; v < n; v++) {
			guint fill = (guint)pos + 1;
			if (used[v])
				continue;
			idx[pos] = v;
			used[v] = TRUE;
			for (guint w = 0; w < n && fill < k; w++) {
				if (!used[w]) {
					idx[fill++] = w;
					used[w] = TRUE;
				}
			}
			return TRUE;
		}
	}
	return FALSE;
}

/* numa_fit_instance_to_host()'s loop: TRUE when it raises the ValueError.
 * fit_cache / not_fit_cache are keyed by (host cell id, instance cell id)
 * while a fitted instance cell takes its host cell's id. */
static gboolean
np_case_nova_walk_crashes(const NpResolveCase *c, const NpFitRequest *req)
{
	guint n = req->n_host_cells, k = req->n_guest_cells;
	g_autofree guint *order = g_new0(guint, n);
	g_autofree guint *idx = g_new0(guint, k);
	g_autofree gboolean *used = g_new0(gboolean, n);
	g_autofree gint64 *ids = g_new0(gint64, k);
	g_autoptr(GHashTable) fit = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GHashTable) not_fit =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	np_numa_fit_sort_cells(req, order);
	for (guint g = 0; g < k; g++) {
		ids[g] = g;
		idx[g] = g;
		used[g] = TRUE;
	}
	do {
		guint chosen = 0;
		for (guint g = 0; g < k; g++) {
			guint h = order[idx[g]];
			gint64 host_id = req->host_cells[h].id;
			g_autofree gchar *pair =
			    g_strdup_printf("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
			                    host_id,
			                    ids[g]);
			NpPairOutcome outcome;
			if (g_hash_table_contains(not_fit, pair))
				break;
			if (g_hash_table_contains(fit, pair)) {
				ids[g] = host_id;
				chosen++;
				continue;
			}
			/* the isolated emulator thread's pCPU goes with the first
			 * pair of a permutation */
			outcome = np_case_pair(c, req, h, g, req->emulator_isolate && chosen == 0);
			if (outcome == NP_PAIR_CRASH)
				return TRUE;
			if (outcome == NP_PAIR_NO_FIT) {
				g_hash_table_add(not_fit, g_steal_pointer(&pair));
				break;
			}
			ids[g] = host_id;
			g_hash_table_add(fit, g_steal_pointer(&pair));
			chosen++;
		}
		/* a whole permutation: Nova returns it (a cache-defect fit; the
		 * true answer, numaplan's, stays None) */
		if (chosen == k)
			return FALSE;
	} while (np_next_permutation(idx, n, k, used));
	return FALSE;
}

/* a pinned guest with a cell that has no pinned vCPU, on a host whose cells
 * all have a pCPU set */
static gboolean
np_case_has_unpinned_cell(const NpFitRequest *req)
{
	gboolean unpinned = FALSE;
	if (!req->pinned || req->n_host_cells < req->n_guest_cells)
		return FALSE;
	for (guint h = 0; h < req->n_host_cells; h++) {
		if (!req->host_cells[h].has_pcpus)
			return FALSE;
	}
	for (guint g = 0; g < req->n_guest_cells; g++)
		unpinned |= req->guest_cells[g].dedicated_cpus == 0;
	return unpinned;
}

/* @no_limits: numa_fit_instance_to_host() without NUMATopologyLimits;
 * *@crashed: Nova's ValueError from a host cell without sibling sets */
static NpFitStatus
np_case_fit(const NpResolveCase *c,
            const NpResolution *res,
            gboolean no_limits,
            guint *host_index,
            gboolean *crashed,
            gchar **why)
{
	NpFitStatus status;
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
	req.pinned = g_strcmp0(res->effective_cpu_policy, "dedicated") == 0
	             || g_strcmp0(res->effective_cpu_policy, "mixed") == 0;
	req.mixed = g_strcmp0(res->effective_cpu_policy, "mixed") == 0;
	req.page_size = res->page_size_requested;
	req.no_limits = no_limits;
	req.thread_require = g_strcmp0(res->cpu_thread_policy, "require") == 0;
	req.emulator_isolate = g_strcmp0(res->emulator_threads_policy, "isolate") == 0;
	*crashed = FALSE;
	if (np_case_has_unpinned_cell(&req)) {
		*crashed = np_case_nova_walk_crashes(c, &req);
		if (why != NULL)
			*why = g_strdup("a pinned instance cell has no pinned vCPU: Nova finds no "
			                "pinning for it on any host cell");
		return NP_FIT_NO_FIT;
	}
	status = np_numa_fit(&req, host_index);
	if (status == NP_FIT_NO_FIT && why != NULL)
		*why = np_numa_fit_why(&req);
	return status;
}

static cJSON *
np_fit_to_json(const NpResolveCase *c, const NpResolution *res)
{
	g_autofree gchar *why = NULL;
	g_autofree guint *host_index = NULL;
	gboolean crashed = FALSE;
	NpFitStatus status;
	cJSON *obj;
	if (res->constraints_failure != NULL)
		return np_skipped(res->image_meta_failure ? "image_meta_error"
		                                          : "constraints_error");
	if (!c->has_host)
		return np_skipped("no_host");
	if (res->cells == NULL)
		return np_skipped("no_instance_numa_topology");
	host_index = g_new0(guint, res->cells->len);
	status = np_case_fit(c, res, c->host.no_limits, host_index, &crashed, &why);
	if (crashed)
		return np_empty_siblings_error();
	switch (status) {
	case NP_FIT_NOVA_PCPUSET_ERROR:
		return np_pcpuset_error();
	case NP_FIT_NO_FIT:
		/* it ran and the answer is "no fit": say why */
		obj = cJSON_CreateObject();
		cJSON_AddTrueToObject(obj, "ok");
		cJSON_AddNullToObject(obj, "host_cells");
		cJSON_AddStringToObject(obj, "why", why != NULL ? why : "no host cell fits");
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
	dedicated =
	    g_strcmp0(np_props_lookup_string(specs, "hw:cpu_policy"), "dedicated") == 0
	    || (props != NULL
	        && g_strcmp0(np_props_lookup_string(props, "hw_cpu_policy"), "dedicated") == 0);
	require = g_strcmp0(np_props_lookup_string(specs, "hw:cpu_thread_policy"), "require") == 0
	          || (props != NULL
	              && g_strcmp0(np_props_lookup_string(props, "hw_cpu_thread_policy"), "require")
	                     == 0);
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
		/* the filter always builds NUMATopologyLimits from the host's
		 * ratios; the case's use_limits only concerns the bare fit */
		gboolean crashed = FALSE;
		NpFitStatus status = np_case_fit(c, res, FALSE, host_index, &crashed, NULL);
		if (crashed)
			return np_empty_siblings_error();
		if (status == NP_FIT_NOVA_PCPUSET_ERROR)
			return np_pcpuset_error();
		passes = status == NP_FIT_OK;
	}
	obj = cJSON_CreateObject();
	cJSON_AddTrueToObject(obj, "ok");
	cJSON_AddBoolToObject(obj, "passes", passes);
	return obj;
}

/* ImageMeta.from_dict() builds ImageMeta(properties=..., name=...) after
 * ImageMetaProps.from_dict(): a bad name fails the image, unless a
 * property failed first */
static void
np_refuse_image_name(NpResolution *res, const gchar *type)
{
	g_autofree gchar *message = NULL;
	if (res->image_meta_failure)
		return;
	message = g_strdup_printf("A string is required in field name, not a %s", type);
	g_clear_pointer(&res->constraints_failure, np_failure_free);
	g_clear_pointer(&res->hyperv_failure, np_failure_free);
	g_clear_pointer(&res->cells, g_ptr_array_unref);
	res->constraints_failure =
	    np_failure_new(NP_CODE_INVALID_IMAGE_PROPERTY, "ValueError", message);
	res->image_meta_failure = TRUE;
}

/* json.loads() keeps one entry per key: at the first key's position, with
 * the last value. cJSON keeps every pair, which would show in Python's
 * str() of a container value. */
static void
np_json_dedupe_keys(cJSON *item)
{
	/* one hash table per object with keys: O(N) for N keys, not O(N²) */
	g_autoptr(GHashTable) first = NULL;
	cJSON *child = item->child;

	if (cJSON_IsObject(item) && child != NULL && child->next != NULL)
		first = g_hash_table_new(g_str_hash, g_str_equal);
	while (child != NULL) {
		cJSON *next = child->next;
		if (first != NULL && child->string != NULL) {
			cJSON *earlier = g_hash_table_lookup(first, child->string);
			if (earlier != NULL) {
				cJSON *value = cJSON_DetachItemViaPointer(item, child);
				/* re-keyed on the replacement's own copy of the key
				 * before the earlier pair (and its key) is freed */
				g_hash_table_replace(first, value->string, value);
				cJSON_ReplaceItemViaPointer(item, earlier, value);
				np_json_dedupe_keys(value);
				child = next;
				continue;
			}
			g_hash_table_insert(first, child->string, child);
		}
		np_json_dedupe_keys(child);
		child = next;
	}
}

/* TRUE when a JSON string of @line holds a \u0000 escape: cJSON's strings
 * end at U+0000, Python's do not, so such a case cannot be answered */
static gboolean
np_json_has_nul_escape(const gchar *line)
{
	gboolean in_string = FALSE;
	for (const gchar *p = line; *p != '\0'; p++) {
		if (*p == '"') {
			in_string = !in_string;
		} else if (in_string && *p == '\\') {
			if (g_str_has_prefix(p + 1, "u0000"))
				return TRUE;
			if (p[1] != '\0')
				p++;
		}
	}
	return FALSE;
}

static cJSON *
np_error_answer(const cJSON *id, const gchar *message)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON_AddItemToObject(obj,
	                      "id",
	                      id != NULL ? cJSON_Duplicate(id, TRUE) : cJSON_CreateNull());
	cJSON_AddStringToObject(obj, "error", message);
	return obj;
}

gchar *
np_resolve_json_line(const gchar *line, const gchar *origin, guint line_number, gboolean *bad_line)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(cJSON) root = NULL;
	g_autoptr(cJSON) answer = NULL;
	g_autoptr(NpResolution) res = NULL;
	NpResolveCase c = {0};
	cJSON *filter;

	g_return_val_if_fail(line != NULL, NULL);
	if (bad_line != NULL)
		*bad_line = TRUE;
	if (!g_utf8_validate(line, -1, NULL)) {
		answer = np_error_answer(NULL, "input line is not valid UTF-8");
		return np_json_print_line(answer);
	}
	root = np_json_parse_at(line,
	                        strlen(line),
	                        origin != NULL ? origin : "<stdin>",
	                        MAX(line_number, 1),
	                        &error);
	if (root == NULL) {
		answer = np_error_answer(NULL, error->message);
		return np_json_print_line(answer);
	}
	if (!cJSON_IsObject(root)) {
		answer = np_error_answer(NULL, "a case must be a JSON object");
		return np_json_print_line(answer);
	}
	np_json_dedupe_keys(root);
	c.id = cJSON_GetObjectItemCaseSensitive(root, "id");
	if (np_json_has_nul_escape(line)) {
		answer =
		    np_error_answer(c.id, "strings holding U+0000 (\\u0000) are not supported");
		return np_json_print_line(answer);
	}
	if (!np_parse_flavor(&c, root, &error) || !np_parse_image(&c, root, &error)
	    || !np_parse_host(&c, root, &error) || !np_parse_config(&c, root, &error)
	    || !np_parse_dynamic_memory(&c, root, &error)) {
		g_autoptr(GError) positioned = NULL;
		if (c.missing_in != NULL) {
			/* where the object lacking the field starts: the case's line,
			 * the column in it */
			g_autoptr(NpJsonPositions) positions =
			    np_json_positions_new(line, strlen(line), root);
			NpPos pos = {MAX(line_number, 1), 1};
			guint at_line = 1, at_column = 1;
			np_json_positions_get(positions, c.missing_in, &at_line, &at_column);
			pos.line += at_line - 1;
			pos.column = at_column;
			np_error_at(&positioned,
			            NP_ERROR_INVALID,
			            origin != NULL ? origin : "<stdin>",
			            pos,
			            "%s",
			            error->message);
		}
		np_resolve_case_clear(&c);
		answer = np_error_answer(c.id,
		                         positioned != NULL ? positioned->message : error->message);
		return np_json_print_line(answer);
	}

	res = np_resolve(c.flavor,
	                 c.image,
	                 c.dynamic_memory.enabled ? &c.dynamic_memory : NULL,
	                 &c.options);
	if (c.bad_image_name != NULL)
		np_refuse_image_name(res, c.bad_image_name);
	answer = cJSON_CreateObject();
	cJSON_AddItemToObject(answer,
	                      "id",
	                      c.id != NULL ? cJSON_Duplicate(c.id, TRUE) : cJSON_CreateNull());
	cJSON_AddItemToObject(answer, "constraints", np_constraints_to_json(res));
	cJSON_AddItemToObject(answer, "hyperv", np_hyperv_to_json(res));
	cJSON_AddItemToObject(answer, "fit", np_fit_to_json(&c, res));
	filter = np_filter_to_json(&c, res);
	if (filter != NULL)
		cJSON_AddItemToObject(answer, "filter", filter);
	cJSON_AddItemToObject(answer, "warnings", np_json_new_warnings(res->warnings));
	np_resolve_case_clear(&c);
	if (bad_line != NULL)
		*bad_line = FALSE;
	return np_json_print_line(answer);
}

NpResolveCase *
np_resolve_case_read(const gchar *line, GError **error)
{
	g_autofree NpResolveCase *c = g_new0(NpResolveCase, 1);
	c->root = np_json_parse(line, strlen(line), "<case>", error);
	if (c->root == NULL)
		return NULL;
	c->id = cJSON_GetObjectItemCaseSensitive(c->root, "id");
	if (!np_parse_flavor(c, c->root, error) || !np_parse_image(c, c->root, error)
	    || !np_parse_host(c, c->root, error) || !np_parse_config(c, c->root, error)
	    || !np_parse_dynamic_memory(c, c->root, error)) {
		np_resolve_case_clear(c);
		cJSON_Delete(c->root);
		return NULL;
	}
	return g_steal_pointer(&c);
}

void
np_resolve_case_free(NpResolveCase *c)
{
	if (c == NULL)
		return;
	np_resolve_case_clear(c);
	cJSON_Delete(c->root);
	g_free(c);
}

guint
np_resolve_case_decide(const NpResolveCase *c)
{
	g_autoptr(NpResolution) res =
	    np_resolve(c->flavor,
	               c->image,
	               c->dynamic_memory.enabled ? &c->dynamic_memory : NULL,
	               &c->options);
	guint digest = res->constraints_failure != NULL ? 1 : 0;
	if (res->cells != NULL && c->has_host && res->constraints_failure == NULL) {
		guint host_index[64];
		gboolean crashed = FALSE;
		if (res->cells->len <= G_N_ELEMENTS(host_index))
			digest +=
			    2 * np_case_fit(c, res, c->host.no_limits, host_index, &crashed, NULL);
	}
	return digest + (res->hyperv_failure != NULL ? 4 : 0);
}

gboolean
np_resolve_json_stream(NpLineReader *reader,
                       const gchar *origin,
                       FILE *out,
                       gboolean *any_bad,
                       GError **error)
{
	const gchar *line = NULL;
	guint line_number = 0;
	gchar *problem = NULL;
	g_autoptr(GError) local = NULL;

	*any_bad = FALSE;
	while (np_line_reader_next(reader, &line, &line_number, &problem, &local)) {
		g_autofree gchar *refused = problem;
		g_autofree gchar *answer = NULL;
		gboolean bad_line = FALSE;
		const gchar *text = line;

		if (refused != NULL) {
			g_autoptr(cJSON) error_answer = np_error_answer(NULL, refused);
			answer = np_json_print_line(error_answer);
			bad_line = TRUE;
		} else {
			text += strspn(text, " \t\r");
			if (*text == '\0' || *text == '#')
				continue;
			answer = np_resolve_json_line(text, origin, line_number, &bad_line);
		}
		*any_bad |= bad_line;
		if (fprintf(out, "%s\n", answer) < 0) {
			g_set_error(error, NP_ERROR, NP_ERROR_IO, "writing the answers failed");
			return FALSE;
		}
	}
	if (local != NULL) {
		g_propagate_error(error, g_steal_pointer(&local));
		return FALSE;
	}
	return TRUE;
}
