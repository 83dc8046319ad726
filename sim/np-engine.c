/* The engine: its state, copies, queries, and one event at a time. The
 * rules themselves live elsewhere: scheduling np-schedule.c, events
 * np-events.c, capacity np-capacity.c, Nova in nova/, Hyper-V in
 * hypervisor/. */
#include <string.h>

#include "np-engine-private.h"
#include "np-error.h"
#include "np-resolve.h"
#include "np-validate-private.h"

/* ------------------------------------------------------------- configs */

NpConfig *
np_config_ref(NpConfig *config)
{
	g_atomic_ref_count_inc(&config->ref);
	return config;
}

void
np_config_unref(NpConfig *config)
{
	if (config == NULL || !g_atomic_ref_count_dec(&config->ref))
		return;
	np_flavor_unref(config->flavor);
	np_image_unref(config->image);
	np_resolution_free(config->res);
	g_free(config->cells);
	g_free(config);
}

static guint
np_config_hash(gconstpointer key)
{
	const NpConfig *c = key;
	guint h = g_direct_hash(c->flavor) * 31 + g_direct_hash(c->image);
	h = h * 31 + (guint)c->dm_request.enabled;
	h = h * 31 + (guint)c->dm_request.startup_mb;
	h = h * 31 + (guint)c->dm_request.minimum_mb;
	h = h * 31 + (guint)c->dm_request.maximum_mb;
	h = h * 31 + (guint)c->dm_request.buffer_percent;
	return h * 31 + (guint)(c->max_vnuma_vcpus ^ c->max_vnuma_memory_mb);
}

static gboolean
np_config_equal(gconstpointer pa, gconstpointer pb)
{
	const NpConfig *a = pa, *b = pb;
	return a->flavor == b->flavor && a->image == b->image
	       && a->dm_request.enabled == b->dm_request.enabled
	       && a->dm_request.startup_mb == b->dm_request.startup_mb
	       && a->dm_request.minimum_mb == b->dm_request.minimum_mb
	       && a->dm_request.maximum_mb == b->dm_request.maximum_mb
	       && a->dm_request.buffer_percent == b->dm_request.buffer_percent
	       && a->max_vnuma_vcpus == b->max_vnuma_vcpus
	       && a->max_vnuma_memory_mb == b->max_vnuma_memory_mb;
}

/* the most permissive host limit decides whether any host could run the
 * VM; a stricter host refuses it when it starts there (docs/semantics.md) */
static void
np_engine_limits(NpEngine *engine)
{
	gint64 vcpus = -1, memory = -1;
	if (engine->limit_vcpus >= 0)
		return;
	for (guint i = 0; i < engine->hosts->len; i++) {
		const NpSimHost *host = g_ptr_array_index(engine->hosts, i);
		gint64 v = host->settings.max_vnuma_vcpus, m = host->settings.max_vnuma_memory_mb;
		if (host->removed)
			continue;
		if (vcpus != 0)
			vcpus = v == 0 ? 0 : MAX(vcpus, v);
		if (memory != 0)
			memory = m == 0 ? 0 : MAX(memory, m);
	}
	engine->limit_vcpus = vcpus >= 0 ? vcpus : engine->settings.host_defaults.max_vnuma_vcpus;
	engine->limit_memory_mb =
	    memory >= 0 ? memory : engine->settings.host_defaults.max_vnuma_memory_mb;
}

NpConfig *
np_engine_config_for(NpEngine *engine, NpFlavor *flavor, NpImage *image, const NpDynamicMemory *dm)
{
	NpConfig key = {0};
	NpConfig *config;
	NpResolveOptions options;
	const NpResolution *res;

	np_engine_limits(engine);
	key.flavor = flavor;
	key.image = image;
	if (dm != NULL && dm->enabled)
		key.dm_request = *dm;
	key.max_vnuma_vcpus = engine->limit_vcpus;
	key.max_vnuma_memory_mb = engine->limit_memory_mb;
	config = g_hash_table_lookup(engine->configs, &key);
	if (config != NULL)
		return np_config_ref(config);

	np_resolve_options_init(&options);
	options.image_conflict = engine->settings.image_conflict;
	options.dynamic_memory_ratio = engine->settings.dynamic_memory_ratio;
	options.max_vnuma_vcpus = key.max_vnuma_vcpus;
	options.max_vnuma_memory_mb = key.max_vnuma_memory_mb;
	config = g_new0(NpConfig, 1);
	*config = key;
	g_atomic_ref_count_init(&config->ref);
	config->flavor = np_flavor_ref(flavor);
	config->image = image != NULL ? np_image_ref(image) : NULL;
	config->res =
	    np_resolve(flavor, image, key.dm_request.enabled ? &key.dm_request : NULL, &options);
	res = config->res;
	config->vnuma = res->vnuma_enabled && res->cells != NULL;
	if (config->vnuma) {
		config->n_units = res->cells->len;
		config->cells = g_new0(NpFitGuestCell, res->cells->len);
		for (guint i = 0; i < res->cells->len; i++) {
			const NpVCell *vcell = g_ptr_array_index(res->cells, i);
			config->cells[i].shared_cpus = np_vcell_get_shared_cpus(vcell);
			config->cells[i].memory_mb = vcell->memory_mb;
		}
		config->unit_mb = res->memory_per_numa_node;
	} else {
		config->n_units = 1;
		config->unit_mb = res->dynamic_memory.enabled ? res->dynamic_memory.startup_mb
		                                              : flavor->memory_mb;
	}
	g_hash_table_add(engine->configs, np_config_ref(config));
	return config;
}

/* ---------------------------------------------------------------- VMs */

/* the VM and its name in one block: every VM ever named is kept */
NpSimVm *
np_sim_vm_new(const gchar *name)
{
	gsize length = strlen(name) + 1;
	NpSimVm *vm = g_malloc0(sizeof(NpSimVm) + length);
	vm->name = memcpy(vm + 1, name, length);
	vm->host = -1;
	return vm;
}

void
np_sim_vm_free(NpSimVm *vm)
{
	if (vm == NULL)
		return;
	np_config_unref(vm->config);
	g_free(vm->cells);
	np_hv_backing_clear(&vm->backing);
	g_free(vm);
}

static NpSimVm *
np_sim_vm_copy(const NpSimVm *vm)
{
	NpSimVm *copy = np_sim_vm_new(vm->name);
	gchar *name = copy->name;
	*copy = *vm;
	copy->name = name;
	if (vm->config != NULL)
		np_config_ref(vm->config);
	if (vm->cells != NULL)
		copy->cells = g_memdup2(vm->cells, vm->config->n_units * sizeof(guint32));
	np_hv_backing_copy(&copy->backing, &vm->backing);
	return copy;
}

NpVmResult *
np_sim_vm_result(const NpEngine *engine, const NpSimVm *vm, NpStatus status)
{
	const NpSimHost *host = vm->host >= 0 ? np_engine_host(engine, vm->host) : NULL;
	NpVmResult *r =
	    np_vm_result_new_sized(vm->name,
	                           host != NULL ? host->name : NULL,
	                           host != NULL ? vm->backing.n_parts : 0,
	                           host != NULL && vm->cells != NULL ? vm->config->n_units : 0,
	                           status);

	if (vm->config != NULL && np_resolution_get_failure(vm->config->res) == NULL) {
		const NpResolution *res = vm->config->res;
		r->has_vnuma = TRUE;
		r->vnuma_enabled = res->vnuma_enabled;
		r->vnuma_nodes = res->vnuma_enabled ? res->vnuma_nodes : 1;
		r->cpus_per_node = res->vnuma_enabled ? res->cpus_per_numa_node : res->vcpus;
		r->memory_mb_per_node =
		    res->vnuma_enabled ? res->memory_per_numa_node : res->memory_mb;
	}
	for (guint i = 0; i < r->n_cells; i++)
		r->cells[i] = host->nova.cells[vm->cells[i]].id;
	if (r->n_parts > 0) {
		for (guint i = 0; i < r->n_parts; i++) {
			const NpHvPart *part = &vm->backing.parts[i];
			r->parts[i].vnode = part->unit;
			r->parts[i].node = host->hv.nodes[part->node].id;
			r->parts[i].memory_mb = part->memory_mb;
		}
	}
	r->spanned = np_hv_backing_is_spanned(&vm->backing);
	r->remote_mb = np_hv_backing_get_remote_mb(&vm->backing);
	return r;
}

/* --------------------------------------------------------------- hosts */

static void
np_sim_host_free(NpSimHost *host)
{
	if (host == NULL)
		return;
	g_free(host->name);
	g_free(host->nova.cells);
	g_free(host->hv.nodes);
	g_free(host);
}

static NpSimHost *
np_sim_host_new(const NpHost *spec, const NpSettings *cluster)
{
	NpSimHost *host = g_new0(NpSimHost, 1);
	guint n = spec->nodes->len;

	host->name = g_strdup(spec->name);
	np_host_settings_resolve(&host->settings, &spec->settings, spec->overridden, cluster);
	host->nova.cpu_allocation_ratio = host->settings.cpu_allocation_ratio;
	host->nova.ram_allocation_ratio = host->settings.ram_allocation_ratio;
	host->nova.n_cells = n;
	host->nova.cells = g_new0(NpFitHostCell, n);
	host->hv.n_nodes = n;
	host->hv.nodes = g_new0(NpHvNode, n);
	host->hv.numa_spanning = host->settings.numa_spanning;
	for (guint i = 0; i < n; i++) {
		const NpNodeSpec *node = &g_array_index(spec->nodes, NpNodeSpec, i);
		gint64 capacity = node->memory_mb - node->reserved_mb;
		host->nova.cells[i].id = node->id;
		host->nova.cells[i].cpus = node->cpus;
		host->nova.cells[i].memory_mb = capacity;
		host->nova.memory_mb += node->memory_mb;
		host->nova.reserved_mb += node->reserved_mb;
		host->nova.capacity_mb += capacity;
		host->nova.cpus += node->cpus;
		host->hv.nodes[i].id = node->id;
		host->hv.nodes[i].reserved_mb = node->reserved_mb;
		host->hv.nodes[i].capacity_mb = capacity;
		host->hv.nodes[i].free_mb = capacity;
	}
	return host;
}

static NpSimHost *
np_sim_host_copy(const NpSimHost *host)
{
	NpSimHost *copy = g_memdup2(host, sizeof(*host));
	copy->name = g_strdup(host->name);
	copy->nova.cells = g_memdup2(host->nova.cells, host->nova.n_cells * sizeof(NpFitHostCell));
	copy->hv.nodes = g_memdup2(host->hv.nodes, host->hv.n_nodes * sizeof(NpHvNode));
	return copy;
}

gint
np_engine_host_lookup(const NpEngine *engine, const gchar *name)
{
	guint index = GPOINTER_TO_UINT(g_hash_table_lookup(engine->host_index, name));
	if (index == 0 || np_engine_host(engine, index - 1)->removed)
		return -1;
	return (gint)index - 1;
}

/* ------------------------------------------------------------- engine */

void
np_engine_host_changed(NpEngine *engine, guint index)
{
	const NpSimHost *host = np_engine_host(engine, index);
	gboolean enabled = !host->failed && !host->removed;
	np_host_index_set(&engine->by_ram, index, &host->nova, enabled);
	if (engine->settings.weigher == NP_WEIGHER_NOVA)
		np_host_index_set(&engine->by_cpu, index, &host->nova, enabled);
}

void
np_engine_set_failed_builds(NpEngine *engine, guint index, gint64 failed_builds)
{
	NpSimHost *host = np_engine_host(engine, index);
	if ((host->nova.failed_builds > 0) != (failed_builds > 0))
		engine->n_failing += failed_builds > 0 ? 1 : -1;
	host->nova.failed_builds = failed_builds;
}

void
np_engine_set_scan(NpEngine *engine, gboolean scan)
{
	engine->scan = scan;
}

static NpEngine *
np_engine_alloc(const NpSettings *settings)
{
	NpEngine *engine = g_new0(NpEngine, 1);
	engine->settings = *settings;
	np_weights_init(&engine->weights, settings);
	/* the best host first: the largest weighted value, ties in host order */
	np_host_index_init(&engine->by_ram, NP_INDEX_BY_RAM, engine->weights.ram >= 0 ? -1.0 : 1.0);
	np_host_index_init(&engine->by_cpu, NP_INDEX_BY_CPU, engine->weights.cpu >= 0 ? -1.0 : 1.0);
	engine->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_sim_host_free);
	engine->host_index = g_hash_table_new(g_str_hash, g_str_equal);
	engine->vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_sim_vm_free);
	engine->vm_index = g_hash_table_new(g_str_hash, g_str_equal);
	engine->flavors =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)np_flavor_unref);
	engine->images =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)np_image_unref);
	engine->configs = g_hash_table_new_full(np_config_hash,
	                                        np_config_equal,
	                                        (GDestroyNotify)np_config_unref,
	                                        NULL);
	engine->limit_vcpus = -1;
	return engine;
}

/**
 * np_engine_new:
 * @settings: (nullable): the cluster's settings, copied; %NULL for the
 *   defaults of rules.md
 *
 * Returns: (transfer full): an engine with no host, flavor or image
 */
NpEngine *
np_engine_new(const NpSettings *settings)
{
	NpSettings defaults;
	if (settings == NULL) {
		np_settings_init(&defaults);
		settings = &defaults;
	}
	return np_engine_alloc(settings);
}

/**
 * np_engine_new_for_scenario:
 * @scenario: a scenario, loaded or built in code
 * @error: as np_scenario_validate()
 *
 * Validates @scenario and builds an engine with its settings, hosts,
 * flavors and images; its events are not applied.
 *
 * Returns: (transfer full): the engine, or %NULL
 */
NpEngine *
np_engine_new_for_scenario(const NpScenario *scenario, GError **error)
{
	g_autoptr(NpEngine) engine = NULL;

	g_return_val_if_fail(scenario != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	if (!scenario->validated && !np_scenario_validate(scenario, error))
		return NULL;
	engine = np_engine_alloc(&scenario->settings);
	for (guint i = 0; i < scenario->flavors->len; i++) {
		if (!np_engine_add_flavor(engine, g_ptr_array_index(scenario->flavors, i), error))
			return NULL;
	}
	for (guint i = 0; i < scenario->images->len; i++) {
		if (!np_engine_add_image(engine, g_ptr_array_index(scenario->images, i), error))
			return NULL;
	}
	for (guint i = 0; i < scenario->hosts->len; i++) {
		if (!np_engine_add_host(engine, g_ptr_array_index(scenario->hosts, i), error))
			return NULL;
	}
	return g_steal_pointer(&engine);
}

/**
 * np_engine_copy:
 *
 * An independent copy: hosts, claims, backing, VMs, build failures.
 * Flavors, images and resolved configurations are shared (immutable).
 *
 * Returns: (transfer full): the copy
 */
NpEngine *
np_engine_copy(const NpEngine *engine)
{
	g_return_val_if_fail(engine != NULL, NULL);
	return np_engine_copy_state(engine, TRUE);
}

/* the whole state, or (@with_vms FALSE) the hosts as they are without
 * any VM record: what trial boots need, at a cost in hosts, not VMs */
NpEngine *
np_engine_copy_state(const NpEngine *engine, gboolean with_vms)
{
	NpEngine *copy;
	GHashTableIter iter;
	gpointer key, value;

	copy = np_engine_alloc(&engine->settings);
	copy->weights = engine->weights;
	np_host_index_clear(&copy->by_ram);
	np_host_index_clear(&copy->by_cpu);
	np_host_index_copy(&copy->by_ram, &engine->by_ram);
	np_host_index_copy(&copy->by_cpu, &engine->by_cpu);
	copy->n_failing = engine->n_failing;
	copy->scan = engine->scan;
	copy->n_applied = engine->n_applied;
	copy->limit_vcpus = engine->limit_vcpus;
	copy->limit_memory_mb = engine->limit_memory_mb;
	g_ptr_array_set_size(copy->hosts, 0);
	for (guint i = 0; i < engine->hosts->len; i++) {
		NpSimHost *host = np_sim_host_copy(g_ptr_array_index(engine->hosts, i));
		g_ptr_array_add(copy->hosts, host);
		g_hash_table_insert(copy->host_index, host->name, GUINT_TO_POINTER(i + 1));
	}
	for (guint i = 0; with_vms && i < engine->vms->len; i++) {
		NpSimVm *vm = np_sim_vm_copy(g_ptr_array_index(engine->vms, i));
		g_ptr_array_add(copy->vms, vm);
		g_hash_table_insert(copy->vm_index, vm->name, vm);
	}
	g_hash_table_iter_init(&iter, engine->flavors);
	while (g_hash_table_iter_next(&iter, &key, &value))
		g_hash_table_insert(copy->flavors, key, np_flavor_ref(value));
	g_hash_table_iter_init(&iter, engine->images);
	while (g_hash_table_iter_next(&iter, &key, &value))
		g_hash_table_insert(copy->images, key, np_image_ref(value));
	g_hash_table_iter_init(&iter, engine->configs);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_hash_table_add(copy->configs, np_config_ref(key));
	return copy;
}

void
np_engine_free(NpEngine *engine)
{
	if (engine == NULL)
		return;
	g_hash_table_unref(engine->vm_index);
	g_ptr_array_unref(engine->vms);
	g_hash_table_unref(engine->configs);
	g_hash_table_unref(engine->host_index);
	g_ptr_array_unref(engine->hosts);
	g_hash_table_unref(engine->flavors);
	g_hash_table_unref(engine->images);
	np_host_index_clear(&engine->by_ram);
	np_host_index_clear(&engine->by_cpu);
	g_free(engine);
}

static gboolean G_GNUC_PRINTF(3, 4) np_refuse(GError **error, gint code, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error_literal(error, NP_ERROR, code, message);
	return FALSE;
}

/**
 * np_engine_add_host:
 * @host: the host, copied; its per-host settings not set take the
 *   engine's
 *
 * Returns: FALSE with %NP_ERROR_INVALID for a bad node or setting or a
 * name used before (by any host, removed ones included)
 */
gboolean
np_engine_add_host(NpEngine *engine, const NpHost *host, GError **error)
{
	g_autofree gchar *message = NULL;
	NpPos at;

	g_return_val_if_fail(engine != NULL && host != NULL, FALSE);
	if (!np_host_check(host, &message, &at))
		return np_refuse(error, NP_ERROR_INVALID, "host '%s': %s", host->name, message);
	if (g_hash_table_contains(engine->host_index, host->name))
		return np_refuse(error, NP_ERROR_INVALID, "duplicate host name '%s'", host->name);
	g_ptr_array_add(engine->hosts, np_sim_host_new(host, &engine->settings));
	g_hash_table_insert(engine->host_index,
	                    np_engine_host(engine, engine->hosts->len - 1)->name,
	                    GUINT_TO_POINTER(engine->hosts->len));
	np_engine_host_changed(engine, engine->hosts->len - 1);
	engine->limit_vcpus = -1;
	return TRUE;
}

/* @flavor: (transfer none): kept with a reference; its name must be new */
gboolean
np_engine_add_flavor(NpEngine *engine, NpFlavor *flavor, GError **error)
{
	g_autofree gchar *message = NULL;
	NpPos at;

	g_return_val_if_fail(engine != NULL && flavor != NULL, FALSE);
	if (!np_flavor_check(flavor, &message, &at))
		return np_refuse(error, NP_ERROR_INVALID, "flavor '%s': %s", flavor->name, message);
	if (g_hash_table_contains(engine->flavors, flavor->name))
		return np_refuse(error,
		                 NP_ERROR_INVALID,
		                 "duplicate flavor name '%s'",
		                 flavor->name);
	g_hash_table_insert(engine->flavors, flavor->name, np_flavor_ref(flavor));
	return TRUE;
}

/* @image: (transfer none): kept with a reference; its name must be new */
gboolean
np_engine_add_image(NpEngine *engine, NpImage *image, GError **error)
{
	g_return_val_if_fail(engine != NULL && image != NULL, FALSE);
	if (image->name[0] == '\0')
		return np_refuse(error, NP_ERROR_INVALID, "an image name must not be empty");
	if (g_hash_table_contains(engine->images, image->name))
		return np_refuse(error, NP_ERROR_INVALID, "duplicate image name '%s'", image->name);
	g_hash_table_insert(engine->images, image->name, np_image_ref(image));
	return TRUE;
}

/* ---------------------------------------------------------- one event */

static gboolean
np_check_flavor_image(const NpEngine *engine, const NpEvent *event, GError **error)
{
	if (event->flavor == NULL || !g_hash_table_contains(engine->flavors, event->flavor))
		return np_refuse(error,
		                 NP_ERROR_NOT_FOUND,
		                 "unknown flavor '%s'",
		                 event->flavor != NULL ? event->flavor : "(none)");
	if (event->image != NULL && !g_hash_table_contains(engine->images, event->image))
		return np_refuse(error, NP_ERROR_NOT_FOUND, "unknown image '%s'", event->image);
	return TRUE;
}

/* a host named by an event: known (a removed one too: the event's result
 * says host-removed) */
static gboolean
np_check_known_host(const NpEngine *engine, const gchar *host, GError **error)
{
	if (host == NULL)
		return np_refuse(error, NP_ERROR_INVALID, "the event names no host");
	if (!g_hash_table_contains(engine->host_index, host))
		return np_refuse(error, NP_ERROR_NOT_FOUND, "unknown host '%s'", host);
	return TRUE;
}

static gboolean
np_check_new_vm(const NpEngine *engine, const NpEvent *event, GError **error)
{
	if (event->count == 0) {
		if (g_hash_table_contains(engine->vm_index, event->vm))
			return np_refuse(error,
			                 NP_ERROR_INVALID,
			                 "duplicate VM name '%s'",
			                 event->vm);
		return TRUE;
	}
	for (gint64 i = 1; i <= event->count; i++) {
		g_autofree gchar *name = g_strdup_printf("%s-%" G_GINT64_FORMAT, event->vm, i);
		if (g_hash_table_contains(engine->vm_index, name))
			return np_refuse(error, NP_ERROR_INVALID, "duplicate VM name '%s'", name);
	}
	return TRUE;
}

/* what np_scenario_validate() checks, against the engine as it is now:
 * an event that passes cannot meet an unknown name */
static gboolean
np_engine_check_event(const NpEngine *engine, const NpEvent *event, GError **error)
{
	g_autofree gchar *message = NULL;
	const NpFlavor *flavor = NULL;
	NpPos at;

	if (event->type == NP_EVENT_BOOT && event->flavor != NULL)
		flavor = g_hash_table_lookup(engine->flavors, event->flavor);
	if (!np_event_check_values(event, flavor, &message, &at))
		return np_refuse(error, NP_ERROR_INVALID, "%s", message);
	switch (event->type) {
	case NP_EVENT_BOOT:
		return np_check_flavor_image(engine, event, error)
		       && (event->host == NULL || np_check_known_host(engine, event->host, error))
		       && np_check_new_vm(engine, event, error);
	case NP_EVENT_DELETE:
	case NP_EVENT_STOP:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
	case NP_EVENT_RESIZE:
	case NP_EVENT_MIGRATE:
	case NP_EVENT_DEMAND:
		if (event->vm == NULL || !g_hash_table_contains(engine->vm_index, event->vm))
			return np_refuse(error,
			                 NP_ERROR_NOT_FOUND,
			                 "unknown VM '%s'",
			                 event->vm != NULL ? event->vm : "(none)");
		if (event->type == NP_EVENT_RESIZE)
			return np_check_flavor_image(engine, event, error);
		if (event->type == NP_EVENT_MIGRATE && event->host != NULL)
			return np_check_known_host(engine, event->host, error);
		return TRUE;
	case NP_EVENT_SET_SPANNING:
	case NP_EVENT_FAIL_HOST:
	case NP_EVENT_RECOVER_HOST:
	case NP_EVENT_REMOVE_HOST:
		return np_check_known_host(engine, event->host, error);
	case NP_EVENT_ADD_HOST:
		for (guint i = 0; i < event->new_hosts->len; i++) {
			const NpHost *host = g_ptr_array_index(event->new_hosts, i);
			if (g_hash_table_contains(engine->host_index, host->name))
				return np_refuse(error,
				                 NP_ERROR_INVALID,
				                 "duplicate host name '%s'",
				                 host->name);
		}
		return TRUE;
	case NP_EVENT_CAPACITY:
		return np_check_flavor_image(engine, event, error);
	case NP_EVENT_LAST:
	default:
		return np_refuse(error, NP_ERROR_INVALID, "unknown event type");
	}
}

/**
 * np_engine_apply:
 * @engine: the engine
 * @event: the event
 * @error: %NP_ERROR_NOT_FOUND for a VM, host, flavor or image the engine
 *   does not know; %NP_ERROR_INVALID for a value out of range or a name
 *   already taken. Nothing changes then.
 *
 * Applies one event (rules.md §6). A boot that does not fit, a VM that
 * fails to start, an event a VM cannot take: all are results.
 *
 * Returns: (transfer full): what the event did, or %NULL on error
 */
NpEventResult *
np_engine_apply(NpEngine *engine, const NpEvent *event, GError **error)
{
	NpEventResult *result;

	g_return_val_if_fail(engine != NULL, NULL);
	g_return_val_if_fail(event != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	if (!np_engine_check_event(engine, event, error))
		return NULL;
	result = np_event_result_new(engine->n_applied++, event->type);
	np_events_apply(engine, event, result);
	return result;
}

guint
np_engine_get_n_applied(const NpEngine *engine)
{
	g_return_val_if_fail(engine != NULL, 0);
	return engine->n_applied;
}

/* ------------------------------------------------------------ queries */

guint
np_engine_get_n_hosts(const NpEngine *engine)
{
	g_return_val_if_fail(engine != NULL, 0);
	return engine->hosts->len;
}

gboolean
np_engine_get_host(const NpEngine *engine, guint index, NpHostInfo *info)
{
	const NpSimHost *host;
	g_return_val_if_fail(engine != NULL && info != NULL, FALSE);
	if (index >= engine->hosts->len)
		return FALSE;
	host = np_engine_host(engine, index);
	memset(info, 0, sizeof(*info));
	info->name = host->name;
	info->present = !host->removed;
	info->enabled = !host->failed && !host->removed;
	info->numa_spanning = host->hv.numa_spanning;
	info->n_nodes = host->hv.n_nodes;
	info->cpus = host->nova.cpus;
	info->memory_mb = host->nova.memory_mb;
	info->reserved_mb = host->nova.reserved_mb;
	for (guint i = 0; i < host->hv.n_nodes; i++)
		info->free_mb += host->hv.nodes[i].free_mb;
	info->claimed_vcpus = host->nova.claimed_vcpus;
	info->claimed_memory_mb = host->nova.claimed_memory_mb;
	return TRUE;
}

/* *@index: the host's index (removed hosts included); FALSE when unknown */
gboolean
np_engine_lookup_host(const NpEngine *engine, const gchar *name, guint *index)
{
	guint found;
	g_return_val_if_fail(engine != NULL && name != NULL, FALSE);
	found = GPOINTER_TO_UINT(g_hash_table_lookup(engine->host_index, name));
	if (found == 0)
		return FALSE;
	if (index != NULL)
		*index = found - 1;
	return TRUE;
}

gboolean
np_engine_get_node(const NpEngine *engine, guint index, guint node, NpNodeInfo *info)
{
	const NpSimHost *host;
	const NpFitHostCell *cell;
	g_return_val_if_fail(engine != NULL && info != NULL, FALSE);
	if (index >= engine->hosts->len)
		return FALSE;
	host = np_engine_host(engine, index);
	if (node >= host->hv.n_nodes)
		return FALSE;
	cell = &host->nova.cells[node];
	memset(info, 0, sizeof(*info));
	info->id = cell->id;
	info->cpus = cell->cpus;
	info->memory_mb = host->hv.nodes[node].capacity_mb + host->hv.nodes[node].reserved_mb;
	info->reserved_mb = host->hv.nodes[node].reserved_mb;
	info->free_mb = host->hv.nodes[node].free_mb;
	info->backed_mb = host->hv.nodes[node].capacity_mb - host->hv.nodes[node].free_mb;
	info->claimed_vcpus = cell->used_cpus;
	info->claimed_memory_mb = cell->used_memory_mb;
	return TRUE;
}

guint
np_engine_get_n_vms(const NpEngine *engine)
{
	g_return_val_if_fail(engine != NULL, 0);
	return engine->vms->len;
}

gboolean
np_engine_get_vm(const NpEngine *engine, guint index, NpVmInfo *info)
{
	const NpSimVm *vm;
	g_return_val_if_fail(engine != NULL && info != NULL, FALSE);
	if (index >= engine->vms->len)
		return FALSE;
	vm = g_ptr_array_index(engine->vms, index);
	memset(info, 0, sizeof(*info));
	info->name = vm->name;
	info->status = vm->status;
	info->code = vm->code;
	info->host = vm->host >= 0 ? np_engine_host(engine, vm->host)->name : NULL;
	info->flavor = vm->config != NULL ? vm->config->flavor->name : NULL;
	for (guint i = 0; i < vm->backing.n_parts; i++)
		info->backed_mb += vm->backing.parts[i].memory_mb;
	info->spanned = np_hv_backing_is_spanned(&vm->backing);
	info->remote_mb = np_hv_backing_get_remote_mb(&vm->backing);
	return TRUE;
}

gboolean
np_engine_lookup_vm(const NpEngine *engine, const gchar *name, guint *index)
{
	const NpSimVm *vm;
	g_return_val_if_fail(engine != NULL && name != NULL, FALSE);
	vm = g_hash_table_lookup(engine->vm_index, name);
	if (vm == NULL)
		return FALSE;
	if (index != NULL)
		*index = vm->index;
	return TRUE;
}
