/* The placement engine: rules.md §3–§7; docs/semantics.md decides the rest */
#include <string.h>

#include "np-error.h"
#include "np-fit.h"
#include "np-sim-private.h"

/* a capacity question never boots more trial VMs than this */
#define NP_CAPACITY_MAX_TRIALS 1000000

/* ------------------------------------------------------------ results */

const gchar *
np_status_to_string(NpStatus status)
{
	static const gchar *names[] = {"active",  "rejected", "failed-to-start", "stopped",
				       "deleted", "error",    "ok"};
	G_STATIC_ASSERT(G_N_ELEMENTS(names) == NP_STATUS_LAST);
	g_return_val_if_fail(status < NP_STATUS_LAST, NULL);
	return names[status];
}

NpUnit *
np_unit_new(gint64 vnode)
{
	NpUnit *unit = g_new0(NpUnit, 1);
	unit->vnode = vnode;
	unit->parts = g_array_new(FALSE, FALSE, sizeof(NpPart));
	return unit;
}

NpUnit *
np_unit_copy(const NpUnit *unit)
{
	NpUnit *copy = np_unit_new(unit->vnode);
	g_array_append_vals(copy->parts, unit->parts->data, unit->parts->len);
	return copy;
}

void
np_unit_free(NpUnit *unit)
{
	if (unit == NULL)
		return;
	g_array_unref(unit->parts);
	g_free(unit);
}

gint64
np_unit_get_total_mb(const NpUnit *unit)
{
	gint64 total = 0;
	for (guint i = 0; i < unit->parts->len; i++)
		total += g_array_index(unit->parts, NpPart, i).memory_mb;
	return total;
}

gint64
np_unit_get_home(const NpUnit *unit)
{
	return unit->parts->len > 0 ? g_array_index(unit->parts, NpPart, 0).node : -1;
}

gint64
np_unit_get_remote_mb(const NpUnit *unit)
{
	if (unit->parts->len == 0)
		return 0;
	return np_unit_get_total_mb(unit) - g_array_index(unit->parts, NpPart, 0).memory_mb;
}

static GPtrArray *
np_backing_copy(const GPtrArray *backing)
{
	GPtrArray *copy = g_ptr_array_new_with_free_func((GDestroyNotify)np_unit_free);
	for (guint i = 0; backing != NULL && i < backing->len; i++)
		g_ptr_array_add(copy, np_unit_copy(g_ptr_array_index(backing, i)));
	return copy;
}

static gboolean
np_backing_spanned(const GPtrArray *backing)
{
	for (guint i = 0; i < backing->len; i++) {
		const NpUnit *unit = g_ptr_array_index(backing, i);
		if (unit->parts->len > 1)
			return TRUE;
	}
	return FALSE;
}

static gint64
np_backing_remote_mb(const GPtrArray *backing)
{
	gint64 remote = 0;
	for (guint i = 0; i < backing->len; i++)
		remote += np_unit_get_remote_mb(g_ptr_array_index(backing, i));
	return remote;
}

void
np_vm_result_free(NpVmResult *result)
{
	if (result == NULL)
		return;
	g_free(result->vm);
	g_free(result->message);
	g_free(result->host);
	if (result->cells != NULL)
		g_array_unref(result->cells);
	g_ptr_array_unref(result->backing);
	g_ptr_array_unref(result->warnings);
	g_free(result);
}

void
np_event_result_free(NpEventResult *result)
{
	if (result == NULL)
		return;
	g_ptr_array_unref(result->vms);
	g_ptr_array_unref(result->warnings);
	if (result->per_host != NULL)
		g_ptr_array_unref(result->per_host);
	g_free(result->message);
	g_free(result->host);
	g_free(result->flavor);
	g_free(result);
}

gboolean
np_event_type_is_vm_event(NpEventType type)
{
	switch (type) {
	case NP_EVENT_BOOT:
	case NP_EVENT_DELETE:
	case NP_EVENT_STOP:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
	case NP_EVENT_RESIZE:
	case NP_EVENT_MIGRATE:
	case NP_EVENT_DEMAND:
		return TRUE;
	default:
		return FALSE;
	}
}

void
np_host_state_free(NpHostState *state)
{
	if (state == NULL)
		return;
	g_free(state->name);
	g_array_unref(state->nodes);
	g_free(state);
}

void
np_vm_state_free(NpVmState *state)
{
	if (state == NULL)
		return;
	g_free(state->name);
	g_free(state->host);
	g_free(state->flavor);
	if (state->cells != NULL)
		g_array_unref(state->cells);
	g_ptr_array_unref(state->backing);
	g_free(state);
}

void
np_run_free(NpRun *run)
{
	if (run == NULL)
		return;
	g_ptr_array_unref(run->events);
	g_ptr_array_unref(run->vms);
	g_ptr_array_unref(run->hosts);
	g_free(run);
}

static void
np_host_count_free(NpHostCount *count)
{
	g_free(count->host);
	g_free(count);
}

/* -------------------------------------------------------------- state */

static void
np_sim_host_free(NpSimHost *host)
{
	if (host == NULL)
		return;
	g_free(host->name);
	g_array_unref(host->nodes);
	g_free(host);
}

static NpSimHost *
np_sim_host_new(const NpHostSpec *spec)
{
	NpSimHost *host = g_new0(NpSimHost, 1);
	host->name = g_strdup(spec->name);
	host->settings = spec->settings;
	host->nodes = g_array_new(FALSE, TRUE, sizeof(NpSimNode));
	for (guint i = 0; i < spec->nodes->len; i++) {
		const NpNodeSpec *ns = &g_array_index(spec->nodes, NpNodeSpec, i);
		NpSimNode node = {0};
		node.id = ns->id;
		node.cpus = ns->cpus;
		node.total_mb = ns->memory_mb;
		node.reserved_mb = ns->reserved_mb;
		node.capacity_mb = ns->memory_mb - ns->reserved_mb;
		node.free_mb = node.capacity_mb;
		g_array_append_val(host->nodes, node);
		host->total_cpus += node.cpus;
		host->total_capacity_mb += node.capacity_mb;
	}
	return host;
}

static NpSimHost *
np_sim_host_copy(const NpSimHost *host)
{
	NpSimHost *copy = g_new0(NpSimHost, 1);
	*copy = *host;
	copy->name = g_strdup(host->name);
	copy->nodes = g_array_copy(host->nodes);
	return copy;
}

static void
np_sim_vm_free(NpSimVm *vm)
{
	if (vm == NULL)
		return;
	g_free(vm->name);
	np_resolution_free(vm->res);
	if (vm->cells != NULL)
		g_array_unref(vm->cells);
	g_ptr_array_unref(vm->backing);
	g_free(vm);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpSimVm, np_sim_vm_free)

static NpSimVm *
np_sim_vm_new(const gchar *name)
{
	NpSimVm *vm = g_new0(NpSimVm, 1);
	vm->name = g_strdup(name);
	vm->host = -1;
	vm->backing = g_ptr_array_new_with_free_func((GDestroyNotify)np_unit_free);
	return vm;
}

static void
np_cluster_clear(NpCluster *c)
{
	g_ptr_array_unref(c->hosts);
	g_ptr_array_unref(c->vms);
	g_hash_table_unref(c->vm_by_name);
}

static NpSimHost *
np_host(const NpCluster *c, gint index)
{
	return g_ptr_array_index(c->hosts, index);
}

static gint
np_host_index(const NpCluster *c, const gchar *name)
{
	for (guint i = 0; i < c->hosts->len; i++) {
		const NpSimHost *host = g_ptr_array_index(c->hosts, i);
		if (!host->removed && g_strcmp0(host->name, name) == 0)
			return (gint)i;
	}
	return -1;
}

static NpSimVm *
np_vm(const NpCluster *c, const gchar *name)
{
	return g_hash_table_lookup(c->vm_by_name, name);
}

/* ------------------------------------------------------------- claims */

static void
np_claim(NpCluster *c, NpSimVm *vm, gint host_index, GArray *cells)
{
	NpSimHost *host = np_host(c, host_index);
	vm->host = host_index;
	vm->claimed = TRUE;
	host->claimed_vcpus += vm->flavor->vcpus;
	host->claimed_memory_mb += vm->flavor->memory_mb;
	if (vm->cells != NULL)
		g_array_unref(vm->cells);
	vm->cells = cells;
	for (guint i = 0; cells != NULL && i < cells->len; i++) {
		const NpVCell *vcell = g_ptr_array_index(vm->res->cells, i);
		NpSimNode *node = &g_array_index(host->nodes, NpSimNode, g_array_index(cells, guint, i));
		node->claimed_vcpus += np_vcell_get_shared_cpus(vcell);
		node->claimed_memory_mb += vcell->memory_mb;
	}
}

static void
np_release_claims(NpCluster *c, NpSimVm *vm)
{
	NpSimHost *host;
	if (!vm->claimed)
		return;
	host = np_host(c, vm->host);
	host->claimed_vcpus -= vm->flavor->vcpus;
	host->claimed_memory_mb -= vm->flavor->memory_mb;
	for (guint i = 0; vm->cells != NULL && i < vm->cells->len; i++) {
		const NpVCell *vcell = g_ptr_array_index(vm->res->cells, i);
		NpSimNode *node =
		    &g_array_index(host->nodes, NpSimNode, g_array_index(vm->cells, guint, i));
		node->claimed_vcpus -= np_vcell_get_shared_cpus(vcell);
		node->claimed_memory_mb -= vcell->memory_mb;
	}
	g_clear_pointer(&vm->cells, g_array_unref);
	vm->claimed = FALSE;
	vm->host = -1;
}

static void
np_release_backing(NpCluster *c, NpSimVm *vm)
{
	NpSimHost *host;
	if (vm->backing->len == 0)
		return;
	host = np_host(c, vm->host);
	for (guint i = 0; i < vm->backing->len; i++)
		np_sim_release_unit(host, g_ptr_array_index(vm->backing, i));
	g_ptr_array_set_size(vm->backing, 0);
}

/* ---------------------------------------------------------- scheduling */

static gboolean
np_is_vnuma(const NpSimVm *vm)
{
	return vm->res->vnuma_enabled && vm->res->cells != NULL;
}

/* NUMATopologyFilter: the node index per vnode, or NULL when it doesn't fit */
static GArray *
np_numa_cells_for(const NpCluster *c, const NpSimVm *vm, const NpSimHost *host)
{
	g_autofree NpFitHostCell *hcells = g_new0(NpFitHostCell, host->nodes->len);
	g_autofree NpFitGuestCell *gcells = g_new0(NpFitGuestCell, vm->res->cells->len);
	g_autofree guint *index = g_new0(guint, vm->res->cells->len);
	NpFitRequest req = {0};
	GArray *cells;

	for (guint i = 0; i < host->nodes->len; i++) {
		const NpSimNode *node = &g_array_index(host->nodes, NpSimNode, i);
		hcells[i].id = node->id;
		hcells[i].cpus = node->cpus;
		hcells[i].memory_mb = node->capacity_mb;
		hcells[i].used_cpus = node->claimed_vcpus;
		hcells[i].used_memory_mb = node->claimed_memory_mb;
	}
	for (guint i = 0; i < vm->res->cells->len; i++) {
		const NpVCell *vcell = g_ptr_array_index(vm->res->cells, i);
		gcells[i].shared_cpus = np_vcell_get_shared_cpus(vcell);
		gcells[i].memory_mb = vcell->memory_mb;
	}
	req.host_cells = hcells;
	req.n_host_cells = host->nodes->len;
	req.guest_cells = gcells;
	req.n_guest_cells = vm->res->cells->len;
	req.cpu_allocation_ratio = host->settings.cpu_allocation_ratio;
	req.ram_allocation_ratio = host->settings.ram_allocation_ratio;
	req.pack = c->settings->numa_cells_pack;
	if (np_numa_fit(&req, index) != NP_FIT_OK)
		return NULL;
	cells = g_array_sized_new(FALSE, FALSE, sizeof(guint), vm->res->cells->len);
	g_array_append_vals(cells, index, vm->res->cells->len);
	return cells;
}

/* free claimed memory, what the weigher ranks by */
static gdouble
np_weight(const NpSimHost *host)
{
	return (gdouble)host->total_capacity_mb * host->settings.ram_allocation_ratio -
	       (gdouble)host->claimed_memory_mb;
}

/* the host the scheduler picks, -1 when none passes; @skip marks hosts
 * already tried or excluded */
static gint
np_schedule(const NpCluster *c,
	    const NpSimVm *vm,
	    gint forced,
	    const gboolean *skip,
	    NpFilterCounts *counts,
	    GArray **cells_out)
{
	gint best = -1;
	gdouble best_weight = 0;
	GArray *best_cells = NULL;

	memset(counts, 0, sizeof(*counts));
	for (guint i = 0; i < c->hosts->len; i++) {
		const NpSimHost *host = g_ptr_array_index(c->hosts, i);
		GArray *cells = NULL;
		gdouble weight;
		if (skip[i] || (forced >= 0 && (gint)i != forced))
			continue;
		/* semantics.md: the compute filter removes failed and removed hosts */
		if (host->failed || host->removed) {
			counts->compute++;
			continue;
		}
		if ((gdouble)(host->claimed_memory_mb + vm->flavor->memory_mb) >
		    (gdouble)host->total_capacity_mb * host->settings.ram_allocation_ratio) {
			counts->ram++;
			continue;
		}
		if ((gdouble)(host->claimed_vcpus + vm->flavor->vcpus) >
		    (gdouble)host->total_cpus * host->settings.cpu_allocation_ratio) {
			counts->cpu++;
			continue;
		}
		if (np_is_vnuma(vm)) {
			cells = np_numa_cells_for(c, vm, host);
			if (cells == NULL) {
				counts->numa++;
				continue;
			}
		}
		weight = np_weight(host);
		if (best < 0 ||
		    (c->settings->weigher == NP_WEIGHER_PACK ? weight < best_weight
							      : weight > best_weight)) {
			if (best_cells != NULL)
				g_array_unref(best_cells);
			best = (gint)i;
			best_weight = weight;
			best_cells = cells;
		} else if (cells != NULL) {
			g_array_unref(cells);
		}
	}
	*cells_out = best_cells;
	return best;
}

/* ------------------------------------------------------------ starting */

/* Hyper-V starts the VM on its host: NP_CODE_NONE or why not */
static NpCode
np_start(NpCluster *c, NpSimVm *vm, gchar **message)
{
	NpSimHost *host = np_host(c, vm->host);
	const NpResolution *res = vm->res;
	g_autoptr(GArray) used = g_array_new(FALSE, FALSE, sizeof(gint64));
	guint n_units = np_is_vnuma(vm) ? res->cells->len : 1;

	if (np_is_vnuma(vm)) {
		/* the blueprint's limits are the host's: Nova doesn't know them */
		if (host->settings.max_vnuma_vcpus > 0 &&
		    vm->flavor->vcpus > host->settings.max_vnuma_vcpus) {
			*message = g_strdup_printf("%s allows at most %" G_GINT64_FORMAT
						   " vCPUs in a vNUMA VM; the flavor has %" G_GINT64_FORMAT,
						   host->name, host->settings.max_vnuma_vcpus,
						   vm->flavor->vcpus);
			return NP_CODE_TOO_MANY_VCPUS;
		}
		if (host->settings.max_vnuma_memory_mb > 0 &&
		    vm->flavor->memory_mb > host->settings.max_vnuma_memory_mb) {
			*message = g_strdup_printf("%s allows at most %" G_GINT64_FORMAT
						   " MiB in a vNUMA VM; the flavor has %" G_GINT64_FORMAT
						   " MiB",
						   host->name, host->settings.max_vnuma_memory_mb,
						   vm->flavor->memory_mb);
			return NP_CODE_TOO_MUCH_MEMORY;
		}
	}
	for (guint u = 0; u < n_units; u++) {
		g_autoptr(NpUnit) unit = np_unit_new(u);
		gint64 size;
		NpCode code;
		if (np_is_vnuma(vm))
			size = res->memory_per_numa_node;
		else if (res->dynamic_memory.enabled)
			size = res->dynamic_memory.startup_mb;
		else
			size = vm->flavor->memory_mb;
		code = np_sim_back_unit(host, size, used, c->settings->backing,
					host->settings.numa_spanning, unit);
		if (code != NP_CODE_NONE) {
			np_release_backing(c, vm);
			*message = g_strdup_printf(
			    "%s could not back %" G_GINT64_FORMAT " MiB (vnode %u): %s", host->name,
			    size, u,
			    code == NP_CODE_NO_NODE_FITS_SPANNING_DISABLED
				? "no single NUMA node has that much free and NUMA spanning is off"
				: "the host has not that much free memory");
			return code;
		}
		for (guint p = 0; p < unit->parts->len; p++)
			g_array_append_val(used, g_array_index(unit->parts, NpPart, p).node);
		g_ptr_array_add(vm->backing, g_steal_pointer(&unit));
	}
	return NP_CODE_NONE;
}

typedef struct {
	gint attempts;
	NpCode code;
	gchar *message;
	gboolean has_filtered;
	NpFilterCounts filtered;
} NpPlaceOutcome;

static void
np_place_outcome_clear(NpPlaceOutcome *out)
{
	g_free(out->message);
}

static gchar *
np_filtered_message(const NpFilterCounts *f)
{
	return g_strdup_printf("no host passed the filters (removed by compute %u, ram %u, cpu %u, "
			       "numa %u)",
			       f->compute, f->ram, f->cpu, f->numa);
}

/* schedule, claim and (with @start) start, rescheduling on start failures
 * (rules.md §4); @exclude is never picked (resize/migrate: the VM's host) */
static gboolean
np_place(NpCluster *c, NpSimVm *vm, gint forced, gint exclude, gboolean start, NpPlaceOutcome *out)
{
	g_autofree gboolean *skip = g_new0(gboolean, c->hosts->len + 1);
	g_autoptr(GString) tried = g_string_new(NULL);

	memset(out, 0, sizeof(*out));
	if (exclude >= 0)
		skip[exclude] = TRUE;
	while (out->attempts < c->settings->max_attempts) {
		NpFilterCounts counts;
		GArray *cells = NULL;
		gint host = np_schedule(c, vm, forced, skip, &counts, &cells);
		g_autofree gchar *why = NULL;
		NpCode code;
		if (host < 0) {
			if (out->attempts == 0) {
				out->code = NP_CODE_NO_VALID_HOST;
				out->has_filtered = TRUE;
				out->filtered = counts;
				out->message = np_filtered_message(&counts);
			} else {
				g_free(out->message);
				out->message = g_strdup_printf("no other host passed the filters; %s",
							       tried->str);
			}
			return FALSE;
		}
		np_claim(c, vm, host, cells);
		if (!start)
			return TRUE;
		out->attempts++;
		code = np_start(c, vm, &why);
		if (code == NP_CODE_NONE) {
			g_clear_pointer(&out->message, g_free);
			out->code = NP_CODE_NONE;
			return TRUE;
		}
		np_release_claims(c, vm);
		skip[host] = TRUE;
		out->code = code;
		g_string_append_printf(tried, "%s%s: %s", tried->len > 0 ? "; " : "start failed on ",
				       np_host(c, host)->name, why);
		g_free(out->message);
		out->message = g_strdup(tried->str);
	}
	return FALSE;
}

/* --------------------------------------------------------- VM results */

static NpVmResult *
np_vm_result_new(const NpSimVm *vm, const NpCluster *c, NpStatus status)
{
	NpVmResult *r = g_new0(NpVmResult, 1);
	r->vm = g_strdup(vm->name);
	r->status = status;
	r->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
	r->backing = np_backing_copy(vm->backing);
	if (vm->host >= 0)
		r->host = g_strdup(np_host(c, vm->host)->name);
	if (vm->res != NULL) {
		const NpResolution *res = vm->res;
		if (np_resolution_get_failure(res) == NULL) {
			r->has_vnuma = TRUE;
			r->vnuma_enabled = res->vnuma_enabled;
			r->vnuma_nodes = res->vnuma_enabled ? res->vnuma_nodes : 1;
			r->cpus_per_node = res->vnuma_enabled ? res->cpus_per_numa_node : res->vcpus;
			r->memory_mb_per_node =
			    res->vnuma_enabled ? res->memory_per_numa_node : res->memory_mb;
		}
	}
	if (vm->cells != NULL && vm->host >= 0) {
		const NpSimHost *host = np_host(c, vm->host);
		r->cells = g_array_new(FALSE, FALSE, sizeof(gint64));
		for (guint i = 0; i < vm->cells->len; i++) {
			const NpSimNode *node =
			    &g_array_index(host->nodes, NpSimNode, g_array_index(vm->cells, guint, i));
			g_array_append_val(r->cells, node->id);
		}
	}
	r->spanned = np_backing_spanned(vm->backing);
	r->remote_mb = np_backing_remote_mb(vm->backing);
	return r;
}

/* the resolution's warnings belong to the events that resolve: boot, resize */
static void
np_add_resolution_warnings(NpVmResult *r, const NpResolution *res)
{
	for (guint i = 0; res != NULL && i < res->warnings->len; i++)
		g_ptr_array_add(r->warnings, np_warning_copy(g_ptr_array_index(res->warnings, i)));
}

static NpVmResult *
np_vm_result_failed(const NpSimVm *vm,
		    const NpCluster *c,
		    NpStatus status,
		    NpCode code,
		    const gchar *message)
{
	NpVmResult *r = np_vm_result_new(vm, c, status);
	r->code = code;
	r->message = g_strdup(message);
	return r;
}

static NpEventResult *
np_event_result_new(const NpEvent *event)
{
	NpEventResult *r = g_new0(NpEventResult, 1);
	r->index = event->index;
	r->type = event->type;
	r->status = NP_STATUS_OK;
	r->vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_vm_result_free);
	r->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
	return r;
}

/* ------------------------------------------------------ resolution */

static NpResolution *
np_resolve_for(const NpCluster *c, const NpFlavor *flavor, const NpImage *image,
	       const NpDynamicMemory *dm)
{
	NpResolveOptions options;
	np_resolve_options_init(&options);
	options.image_conflict = c->settings->image_conflict;
	options.dynamic_memory_ratio = c->settings->dynamic_memory_ratio;
	/* the most permissive host limit decides whether any host could run
	 * the VM; a stricter host refuses it when it starts there */
	options.max_vnuma_vcpus = -1;
	options.max_vnuma_memory_mb = -1;
	for (guint i = 0; i < c->hosts->len; i++) {
		const NpSimHost *host = g_ptr_array_index(c->hosts, i);
		gint64 v = host->settings.max_vnuma_vcpus, m = host->settings.max_vnuma_memory_mb;
		if (host->removed)
			continue;
		if (options.max_vnuma_vcpus != 0)
			options.max_vnuma_vcpus = v == 0 ? 0 : MAX(options.max_vnuma_vcpus, v);
		if (options.max_vnuma_memory_mb != 0)
			options.max_vnuma_memory_mb = m == 0 ? 0 : MAX(options.max_vnuma_memory_mb, m);
	}
	if (options.max_vnuma_vcpus < 0)
		options.max_vnuma_vcpus = c->settings->host_defaults.max_vnuma_vcpus;
	if (options.max_vnuma_memory_mb < 0)
		options.max_vnuma_memory_mb = c->settings->host_defaults.max_vnuma_memory_mb;
	return np_resolve(flavor, image, dm != NULL && dm->enabled ? dm : NULL, &options);
}

/* a refusal before scheduling: the resolution's, page-size-unsupported, or
 * per-VM dynamic memory that the flavor's defaults make inconsistent (the
 * loader checks it against the boot's flavor; a resize changes the
 * defaults); *@message is allocated */
static gboolean
np_refused(const NpResolution *res, NpCode *code, gchar **message)
{
	const NpFailure *failure = np_resolution_get_failure(res);
	const NpDynamicMemory *dm = &res->dynamic_memory;
	if (failure != NULL) {
		*code = failure->code;
		*message = g_strdup(failure->message);
		return TRUE;
	}
	if (res->cells != NULL && res->page_size_requested) {
		*code = NP_CODE_PAGE_SIZE_UNSUPPORTED;
		*message = g_strdup("Hyper-V hosts report no memory pages: no host cell fits a "
				    "page size request");
		return TRUE;
	}
	if (dm->enabled && (dm->minimum_mb > dm->startup_mb || dm->startup_mb > dm->maximum_mb)) {
		*code = NP_CODE_INVALID_DYNAMIC_MEMORY;
		*message = g_strdup_printf(
		    "dynamic memory needs minimum <= startup <= maximum; with a %" G_GINT64_FORMAT
		    " MiB flavor it is minimum %" G_GINT64_FORMAT ", startup %" G_GINT64_FORMAT
		    ", maximum %" G_GINT64_FORMAT " MiB",
		    res->memory_mb, dm->minimum_mb, dm->startup_mb, dm->maximum_mb);
		return TRUE;
	}
	return FALSE;
}

/* ------------------------------------------------------------- events */

static NpVmResult *
np_boot_one(NpCluster *c, const NpEvent *event, const gchar *name)
{
	NpSimVm *vm = np_sim_vm_new(name);
	NpPlaceOutcome out;
	NpCode code;
	g_autofree gchar *message = NULL;
	NpVmResult *r;
	gint forced = event->host != NULL ? np_host_index(c, event->host) : -1;

	g_ptr_array_add(c->vms, vm);
	g_hash_table_insert(c->vm_by_name, vm->name, vm);
	vm->flavor = np_scenario_get_flavor(c->scenario, event->flavor);
	vm->image = event->image != NULL ? np_scenario_get_image(c->scenario, event->image) : NULL;
	vm->dm_request = event->dynamic_memory;
	vm->res = np_resolve_for(c, vm->flavor, vm->image, &vm->dm_request);
	if (np_refused(vm->res, &code, &message)) {
		vm->status = NP_STATUS_REJECTED;
		vm->code = code;
		r = np_vm_result_failed(vm, c, NP_STATUS_REJECTED, code, message);
		np_add_resolution_warnings(r, vm->res);
		return r;
	}
	if (event->host != NULL && forced < 0) {
		/* the loader refuses removed forced hosts; never schedule elsewhere */
		g_autofree gchar *msg = g_strdup_printf("%s has been removed", event->host);
		vm->status = NP_STATUS_REJECTED;
		vm->code = NP_CODE_HOST_REMOVED;
		return np_vm_result_failed(vm, c, NP_STATUS_REJECTED, NP_CODE_HOST_REMOVED, msg);
	}
	if (np_place(c, vm, forced, -1, TRUE, &out)) {
		vm->status = NP_STATUS_ACTIVE;
		r = np_vm_result_new(vm, c, NP_STATUS_ACTIVE);
	} else {
		vm->status = out.attempts == 0 ? NP_STATUS_REJECTED : NP_STATUS_FAILED_TO_START;
		vm->code = out.code;
		r = np_vm_result_failed(vm, c, vm->status, out.code, out.message);
		r->has_filtered = out.has_filtered;
		r->filtered = out.filtered;
	}
	r->attempts = out.attempts;
	np_add_resolution_warnings(r, vm->res);
	np_place_outcome_clear(&out);
	return r;
}

static void
np_event_boot(NpCluster *c, const NpEvent *event, NpEventResult *result)
{
	if (event->count == 0) {
		g_ptr_array_add(result->vms, np_boot_one(c, event, event->vm));
		return;
	}
	for (gint64 i = 1; i <= event->count; i++) {
		g_autofree gchar *name = g_strdup_printf("%s-%" G_GINT64_FORMAT, event->vm, i);
		g_ptr_array_add(result->vms, np_boot_one(c, event, name));
	}
}

/* a VM event on a VM that can't take it: nothing changes */
static NpVmResult *
np_vm_error(const NpCluster *c, const NpSimVm *vm, NpCode code, const gchar *message)
{
	NpVmResult *r = np_vm_result_new(vm, c, NP_STATUS_ERROR);
	r->code = code;
	r->message = g_strdup(message);
	return r;
}

static gboolean
np_is_placed(const NpSimVm *vm)
{
	return vm->status == NP_STATUS_ACTIVE || vm->status == NP_STATUS_STOPPED;
}

static NpVmResult *
np_not_placed(const NpCluster *c, const NpSimVm *vm)
{
	g_autofree gchar *msg = g_strdup_printf("%s is %s: it has no host", vm->name,
						np_status_to_string(vm->status));
	return np_vm_error(c, vm, NP_CODE_VM_NOT_PLACED, msg);
}

static NpVmResult *
np_event_delete(NpCluster *c, NpSimVm *vm)
{
	NpVmResult *r;
	if (vm->status == NP_STATUS_DELETED)
		return np_not_placed(c, vm);
	r = np_vm_result_new(vm, c, NP_STATUS_DELETED);
	g_ptr_array_set_size(r->backing, 0);
	r->spanned = FALSE;
	r->remote_mb = 0;
	if (np_is_placed(vm)) {
		np_release_backing(c, vm);
		np_release_claims(c, vm);
	}
	vm->status = NP_STATUS_DELETED;
	vm->code = NP_CODE_NONE;
	return r;
}

static NpVmResult *
np_event_stop(NpCluster *c, NpSimVm *vm)
{
	if (vm->status == NP_STATUS_STOPPED)
		return np_vm_error(c, vm, NP_CODE_VM_NOT_RUNNING, "the VM is already stopped");
	if (vm->status != NP_STATUS_ACTIVE)
		return np_not_placed(c, vm);
	np_release_backing(c, vm);
	vm->status = NP_STATUS_STOPPED;
	return np_vm_result_new(vm, c, NP_STATUS_STOPPED);
}

/* start a stopped VM on its host; on failure it stays stopped */
static NpVmResult *
np_start_in_place(NpCluster *c, NpSimVm *vm)
{
	g_autofree gchar *why = NULL;
	NpCode code = np_start(c, vm, &why);
	NpVmResult *r;
	if (code != NP_CODE_NONE) {
		r = np_vm_result_failed(vm, c, NP_STATUS_FAILED_TO_START, code, why);
		r->attempts = 1;
		return r;
	}
	vm->status = NP_STATUS_ACTIVE;
	vm->code = NP_CODE_NONE;
	r = np_vm_result_new(vm, c, NP_STATUS_ACTIVE);
	r->attempts = 1;
	return r;
}

static NpVmResult *
np_event_start(NpCluster *c, NpSimVm *vm)
{
	if (vm->status == NP_STATUS_ACTIVE)
		return np_vm_error(c, vm, NP_CODE_VM_NOT_STOPPED, "the VM is already running");
	if (vm->status != NP_STATUS_STOPPED)
		return np_not_placed(c, vm);
	return np_start_in_place(c, vm);
}

static NpVmResult *
np_event_restart(NpCluster *c, NpSimVm *vm)
{
	if (vm->status == NP_STATUS_STOPPED)
		return np_vm_error(c, vm, NP_CODE_VM_NOT_RUNNING, "the VM is stopped");
	if (vm->status != NP_STATUS_ACTIVE)
		return np_not_placed(c, vm);
	np_release_backing(c, vm);
	vm->status = NP_STATUS_STOPPED;
	return np_start_in_place(c, vm);
}

/* what a VM holds on its host, to put it back exactly after a failed move */
typedef struct {
	gint host;
	GArray *cells;
	GPtrArray *backing;
	const NpFlavor *flavor;
	NpResolution *res;
} NpPlacement;

static void
np_detach(NpCluster *c, NpSimVm *vm, NpPlacement *saved)
{
	saved->host = vm->host;
	saved->cells = vm->cells != NULL ? g_array_copy(vm->cells) : NULL;
	saved->backing = np_backing_copy(vm->backing);
	saved->flavor = vm->flavor;
	saved->res = NULL;
	np_release_backing(c, vm);
	np_release_claims(c, vm);
}

static void
np_reattach(NpCluster *c, NpSimVm *vm, NpPlacement *saved)
{
	NpSimHost *host = np_host(c, saved->host);
	if (saved->res != NULL) {
		np_resolution_free(vm->res);
		vm->res = g_steal_pointer(&saved->res);
		vm->flavor = saved->flavor;
	}
	np_claim(c, vm, saved->host, g_steal_pointer(&saved->cells));
	for (guint i = 0; i < saved->backing->len; i++) {
		const NpUnit *unit = g_ptr_array_index(saved->backing, i);
		for (guint p = 0; p < unit->parts->len; p++) {
			const NpPart *part = &g_array_index(unit->parts, NpPart, p);
			np_sim_host_node_by_id(host, part->node)->free_mb -= part->memory_mb;
		}
	}
	g_ptr_array_unref(vm->backing);
	vm->backing = g_steal_pointer(&saved->backing);
}

static void
np_placement_clear(NpPlacement *saved)
{
	if (saved->cells != NULL)
		g_array_unref(saved->cells);
	if (saved->backing != NULL)
		g_ptr_array_unref(saved->backing);
	np_resolution_free(saved->res);
}

/* resize (@flavor set) and migrate (@forced host or -1) */
static NpVmResult *
np_event_move(NpCluster *c, NpSimVm *vm, const NpFlavor *flavor, gint forced)
{
	NpPlacement saved = {0};
	NpPlaceOutcome out;
	gboolean was_active = vm->status == NP_STATUS_ACTIVE;
	NpVmResult *r;

	if (!np_is_placed(vm))
		return np_not_placed(c, vm);
	if (forced >= 0 && forced == vm->host)
		return np_vm_error(c, vm, NP_CODE_SAME_HOST,
				   "the VM is already on that host; migrate needs another host");
	if (flavor != NULL) {
		g_autoptr(NpResolution) res = np_resolve_for(c, flavor, vm->image, &vm->dm_request);
		g_autofree gchar *message = NULL;
		NpCode code;
		if (np_refused(res, &code, &message)) {
			r = np_vm_result_failed(vm, c, NP_STATUS_REJECTED, code, message);
			/* the refused configuration's warnings explain it */
			np_add_resolution_warnings(r, res);
			return r;
		}
		np_detach(c, vm, &saved);
		saved.res = g_steal_pointer(&vm->res);
		vm->res = g_steal_pointer(&res);
		vm->flavor = flavor;
	} else {
		np_detach(c, vm, &saved);
	}
	if (np_place(c, vm, forced, saved.host, was_active, &out)) {
		r = np_vm_result_new(vm, c, vm->status);
		r->attempts = out.attempts;
		if (flavor != NULL)
			np_add_resolution_warnings(r, vm->res);
	} else {
		NpStatus status = out.attempts == 0 ? NP_STATUS_REJECTED : NP_STATUS_FAILED_TO_START;
		/* the new flavor was resolved: its warnings stand even though
		 * the VM keeps its old configuration (rules.md §2: never silence) */
		g_autoptr(NpResolution) tried = flavor != NULL ? g_steal_pointer(&vm->res) : NULL;
		np_reattach(c, vm, &saved);
		r = np_vm_result_failed(vm, c, status, out.code, out.message);
		r->attempts = out.attempts;
		r->has_filtered = out.has_filtered;
		r->filtered = out.filtered;
		np_add_resolution_warnings(r, tried);
	}
	np_place_outcome_clear(&out);
	np_placement_clear(&saved);
	return r;
}

/* grow @unit on @node: its part there, or a new part taken last */
static void
np_unit_add_to_node(NpUnit *unit, gint64 node, gint64 memory_mb)
{
	NpPart part = {node, memory_mb};
	for (guint p = 0; p < unit->parts->len; p++) {
		NpPart *existing = &g_array_index(unit->parts, NpPart, p);
		if (existing->node == node) {
			existing->memory_mb += memory_mb;
			return;
		}
	}
	g_array_append_val(unit->parts, part);
}

/* dynamic memory demand (rules.md §5) */
static NpVmResult *
np_event_demand(NpCluster *c, NpSimVm *vm, gint64 demand_mb)
{
	const NpDynamicMemory *dm = &vm->res->dynamic_memory;
	NpSimHost *host;
	NpUnit *unit;
	gint64 target, backed, shortfall = 0;
	NpVmResult *r;

	if (vm->status == NP_STATUS_STOPPED)
		return np_vm_error(c, vm, NP_CODE_VM_NOT_RUNNING, "the VM is stopped");
	if (vm->status != NP_STATUS_ACTIVE)
		return np_not_placed(c, vm);
	if (!dm->enabled)
		return np_vm_error(c, vm, NP_CODE_DYNAMIC_MEMORY_OFF,
				   "the VM has static memory: demand changes nothing");
	host = np_host(c, vm->host);
	unit = g_ptr_array_index(vm->backing, 0);
	/* ceil(D × (1 + buffer/100)) in integers */
	target = (demand_mb * (100 + dm->buffer_percent) + 99) / 100;
	target = MIN(dm->maximum_mb, MAX(dm->minimum_mb, target));
	backed = np_unit_get_total_mb(unit);
	if (target > backed) {
		gint64 want = target - backed;
		NpPart *home = &g_array_index(unit->parts, NpPart, 0);
		NpSimNode *home_node = np_sim_host_node_by_id(host, home->node);
		gint64 take = MIN(want, home_node->free_mb);
		home->memory_mb += take;
		home_node->free_mb -= take;
		want -= take;
		if (want > 0 && host->settings.numa_spanning) {
			/* then the other nodes by most free, ties lowest id (rules.md §4) */
			g_autoptr(GPtrArray) order = np_sim_nodes_by_most_free(host);
			for (guint i = 0; i < order->len && want > 0; i++) {
				NpSimNode *node = g_ptr_array_index(order, i);
				if (node->id == home_node->id || node->free_mb <= 0)
					continue;
				take = MIN(want, node->free_mb);
				node->free_mb -= take;
				want -= take;
				np_unit_add_to_node(unit, node->id, take);
			}
		}
		shortfall = want;
	} else if (target < backed) {
		gint64 give = backed - target;
		/* remote memory goes back first, the last part taken first */
		for (gint p = (gint)unit->parts->len - 1; p >= 0 && give > 0; p--) {
			NpPart *part = &g_array_index(unit->parts, NpPart, p);
			gint64 back = p == 0 ? give : MIN(give, part->memory_mb);
			part->memory_mb -= back;
			np_sim_host_node_by_id(host, part->node)->free_mb += back;
			give -= back;
			if (p > 0 && part->memory_mb == 0)
				g_array_remove_index(unit->parts, p);
		}
	}
	r = np_vm_result_new(vm, c, NP_STATUS_ACTIVE);
	r->has_demand = TRUE;
	r->memory_mb = np_unit_get_total_mb(unit);
	r->target_mb = target;
	r->shortfall_mb = shortfall;
	if (shortfall > 0) {
		g_autofree gchar *msg = g_strdup_printf(
		    "demand %" G_GINT64_FORMAT " MiB needs %" G_GINT64_FORMAT
		    " MiB backed; %" G_GINT64_FORMAT " MiB short on %s%s",
		    demand_mb, target, shortfall, host->name,
		    host->settings.numa_spanning
			? ""
			: " (NUMA spanning is off: growth stops at the home node)");
		g_ptr_array_add(r->warnings, np_warning_new(NP_CODE_MEMORY_PRESSURE, NULL, msg));
	}
	return r;
}

static void
np_event_vm(NpCluster *c, const NpEvent *event, NpEventResult *result)
{
	NpSimVm *vm = np_vm(c, event->vm);
	NpVmResult *r = NULL;
	g_return_if_fail(vm != NULL);
	switch (event->type) {
	case NP_EVENT_DELETE:
		r = np_event_delete(c, vm);
		break;
	case NP_EVENT_STOP:
		r = np_event_stop(c, vm);
		break;
	case NP_EVENT_START:
		r = np_event_start(c, vm);
		break;
	case NP_EVENT_RESTART:
		r = np_event_restart(c, vm);
		break;
	case NP_EVENT_RESIZE:
		r = np_event_move(c, vm, np_scenario_get_flavor(c->scenario, event->flavor), -1);
		break;
	case NP_EVENT_MIGRATE:
		if (event->host != NULL && np_host_index(c, event->host) < 0) {
			g_autofree gchar *msg = g_strdup_printf("%s has been removed", event->host);
			r = np_vm_error(c, vm, NP_CODE_HOST_REMOVED, msg);
			break;
		}
		r = np_event_move(c, vm, NULL,
				  event->host != NULL ? np_host_index(c, event->host) : -1);
		break;
	case NP_EVENT_DEMAND:
		r = np_event_demand(c, vm, event->memory_mb);
		break;
	default:
		g_return_if_reached();
	}
	g_ptr_array_add(result->vms, r);
}

/* fail_host: rebuild every VM of the host elsewhere, in creation order */
static void
np_event_fail_host(NpCluster *c, const NpEvent *event, NpEventResult *result)
{
	gint index = np_host_index(c, event->host);
	NpSimHost *host = np_host(c, index);
	if (host->failed) {
		result->status = NP_STATUS_ERROR;
		result->code = NP_CODE_HOST_FAILED;
		result->message = g_strdup_printf("%s has already failed", host->name);
		return;
	}
	host->failed = TRUE;
	for (guint i = 0; i < c->vms->len; i++) {
		NpSimVm *vm = g_ptr_array_index(c->vms, i);
		NpPlacement saved = {0};
		NpPlaceOutcome out;
		gboolean was_active = vm->status == NP_STATUS_ACTIVE;
		NpVmResult *r;
		if (vm->host != index || !np_is_placed(vm))
			continue;
		np_detach(c, vm, &saved);
		np_placement_clear(&saved);
		if (np_place(c, vm, -1, -1, was_active, &out)) {
			r = np_vm_result_new(vm, c, vm->status);
			r->attempts = out.attempts;
		} else {
			g_autofree gchar *msg =
			    out.code == NP_CODE_NO_VALID_HOST
				? g_strdup_printf("lost with %s: %s", host->name, out.message)
				: g_strdup_printf("lost with %s: no host could start it (%s: %s)",
						  host->name, np_code_to_string(out.code), out.message);
			vm->status = NP_STATUS_ERROR;
			vm->code = NP_CODE_NO_VALID_HOST;
			r = np_vm_result_failed(vm, c, NP_STATUS_ERROR, NP_CODE_NO_VALID_HOST, msg);
			r->attempts = out.attempts;
			r->has_filtered = out.has_filtered;
			r->filtered = out.filtered;
		}
		np_place_outcome_clear(&out);
		g_ptr_array_add(result->vms, r);
	}
}

static void
np_event_host(NpCluster *c, const NpEvent *event, NpEventResult *result)
{
	gint index = event->host != NULL ? np_host_index(c, event->host) : -1;
	NpSimHost *host = index >= 0 ? np_host(c, index) : NULL;

	result->host = g_strdup(event->host);
	if (event->type != NP_EVENT_ADD_HOST && host == NULL) {
		/* only a retried remove_host can name a host that is gone */
		result->status = NP_STATUS_ERROR;
		result->code = NP_CODE_HOST_REMOVED;
		result->message = g_strdup_printf("%s has been removed", event->host);
		return;
	}
	switch (event->type) {
	case NP_EVENT_SET_SPANNING: {
		g_autofree gchar *msg = g_strdup_printf(
		    "NUMA spanning %s on %s applies to VMs started from now on; Hyper-V needs the "
		    "Virtual Machine Management service restarted for it",
		    event->enabled ? "enabled" : "disabled", host->name);
		host->settings.numa_spanning = event->enabled;
		result->enabled = event->enabled;
		g_ptr_array_add(result->warnings,
				np_warning_new(NP_CODE_SPANNING_NEEDS_RESTART, NULL, msg));
		break;
	}
	case NP_EVENT_FAIL_HOST:
		np_event_fail_host(c, event, result);
		break;
	case NP_EVENT_RECOVER_HOST:
		if (!host->failed) {
			result->status = NP_STATUS_ERROR;
			result->code = NP_CODE_HOST_NOT_FAILED;
			result->message = g_strdup_printf("%s has not failed", host->name);
		}
		host->failed = FALSE;
		break;
	case NP_EVENT_ADD_HOST:
		g_clear_pointer(&result->host, g_free);
		for (guint i = 0; i < event->new_hosts->len; i++) {
			const NpHostSpec *spec = g_ptr_array_index(event->new_hosts, i);
			g_ptr_array_add(c->hosts, np_sim_host_new(spec));
			if (result->host == NULL)
				result->host = g_strdup(spec->name);
		}
		break;
	case NP_EVENT_REMOVE_HOST: {
		guint on_it = 0;
		for (guint i = 0; i < c->vms->len; i++) {
			const NpSimVm *vm = g_ptr_array_index(c->vms, i);
			if (vm->host == index && np_is_placed(vm))
				on_it++;
		}
		if (on_it > 0) {
			result->status = NP_STATUS_ERROR;
			result->code = NP_CODE_HOST_NOT_EMPTY;
			result->message = g_strdup_printf("%s still holds %u VM%s", host->name, on_it,
							  on_it == 1 ? "" : "s");
			break;
		}
		host->removed = TRUE;
		break;
	}
	default:
		g_return_if_reached();
	}
}

/* capacity: trial boots on a scratch copy until one does not end active */
static void
np_capacity(const NpCluster *c, const gchar *flavor_name, const gchar *image_name,
	    NpEventResult *result)
{
	NpCluster scratch = {0};
	const NpFlavor *flavor = np_scenario_get_flavor(c->scenario, flavor_name);
	const NpImage *image = image_name != NULL ? np_scenario_get_image(c->scenario, image_name)
						  : NULL;
	g_autoptr(NpResolution) res = NULL;
	g_autofree gchar *message = NULL;
	NpCode code;

	scratch.scenario = c->scenario;
	scratch.settings = c->settings;
	scratch.hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_sim_host_free);
	scratch.vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_sim_vm_free);
	scratch.vm_by_name = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < c->hosts->len; i++)
		g_ptr_array_add(scratch.hosts, np_sim_host_copy(g_ptr_array_index(c->hosts, i)));

	result->flavor = g_strdup(flavor_name);
	result->per_host = g_ptr_array_new_with_free_func((GDestroyNotify)np_host_count_free);
	for (guint i = 0; i < c->hosts->len; i++) {
		const NpSimHost *host = g_ptr_array_index(c->hosts, i);
		NpHostCount *count;
		if (host->removed)
			continue;
		count = g_new0(NpHostCount, 1);
		count->host = g_strdup(host->name);
		g_ptr_array_add(result->per_host, count);
	}

	res = np_resolve_for(&scratch, flavor, image, NULL);
	if (np_refused(res, &code, &message)) {
		result->stopped_by = code;
		result->message = g_steal_pointer(&message);
		np_cluster_clear(&scratch);
		return;
	}
	for (;;) {
		g_autoptr(NpSimVm) vm = np_sim_vm_new("capacity-trial");
		NpPlaceOutcome out;
		gboolean placed;
		if (result->fits >= NP_CAPACITY_MAX_TRIALS) {
			result->stopped_by = NP_CODE_CAPACITY_LIMIT;
			result->message = g_strdup_printf("stopped after %d trial boots",
							  NP_CAPACITY_MAX_TRIALS);
			break;
		}
		vm->flavor = flavor;
		vm->image = image;
		/* borrowed: the scratch hosts never change, so neither does the
		 * resolution (a large vNUMA flavor takes long to resolve) */
		vm->res = res;
		placed = np_place(&scratch, vm, -1, -1, TRUE, &out);
		vm->res = NULL;
		if (!placed) {
			result->stopped_by = out.code;
			result->message = g_steal_pointer(&out.message);
			np_place_outcome_clear(&out);
			break;
		}
		np_place_outcome_clear(&out);
		result->fits++;
		if (np_backing_spanned(vm->backing))
			result->would_span++;
		{
			const gchar *name = np_host(&scratch, vm->host)->name;
			for (guint i = 0; i < result->per_host->len; i++) {
				NpHostCount *count = g_ptr_array_index(result->per_host, i);
				if (g_strcmp0(count->host, name) == 0)
					count->count++;
			}
		}
		/* the trial VM's memory and claims stay in the scratch hosts */
		g_ptr_array_set_size(vm->backing, 0);
	}
	np_cluster_clear(&scratch);
}

/* -------------------------------------------------------------- export */

static GPtrArray *
np_export_hosts(const NpCluster *c)
{
	GPtrArray *hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_host_state_free);
	for (guint i = 0; i < c->hosts->len; i++) {
		const NpSimHost *host = g_ptr_array_index(c->hosts, i);
		NpHostState *state;
		if (host->removed)
			continue;
		state = g_new0(NpHostState, 1);
		state->name = g_strdup(host->name);
		state->numa_spanning = host->settings.numa_spanning;
		state->enabled = !host->failed;
		state->claimed_vcpus = host->claimed_vcpus;
		state->claimed_memory_mb = host->claimed_memory_mb;
		state->nodes = g_array_new(FALSE, TRUE, sizeof(NpNodeState));
		for (guint n = 0; n < host->nodes->len; n++) {
			const NpSimNode *node = &g_array_index(host->nodes, NpSimNode, n);
			NpNodeState ns = {0};
			ns.id = node->id;
			ns.cpus = node->cpus;
			ns.memory_mb = node->total_mb;
			ns.reserved_mb = node->reserved_mb;
			ns.free_mb = node->free_mb;
			ns.backed_mb = node->capacity_mb - node->free_mb;
			ns.claimed_vcpus = node->claimed_vcpus;
			ns.claimed_memory_mb = node->claimed_memory_mb;
			g_array_append_val(state->nodes, ns);
		}
		g_ptr_array_add(hosts, state);
	}
	return hosts;
}

static GPtrArray *
np_export_vms(const NpCluster *c)
{
	GPtrArray *vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_vm_state_free);
	for (guint i = 0; i < c->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(c->vms, i);
		g_autoptr(NpVmResult) r = np_vm_result_new(vm, c, vm->status);
		NpVmState *state = g_new0(NpVmState, 1);
		state->name = g_strdup(vm->name);
		state->status = vm->status;
		state->host = g_steal_pointer(&r->host);
		state->flavor = g_strdup(vm->flavor->name);
		state->code = vm->code;
		state->cells = g_steal_pointer(&r->cells);
		state->backing = g_steal_pointer(&r->backing);
		r->backing = g_ptr_array_new();
		state->spanned = r->spanned;
		state->remote_mb = r->remote_mb;
		g_ptr_array_add(vms, state);
	}
	return vms;
}

/* ----------------------------------------------------------------- run */

static NpEventResult *
np_run_event(NpCluster *c, const NpEvent *event)
{
	NpEventResult *result = np_event_result_new(event);
	switch (event->type) {
	case NP_EVENT_BOOT:
		np_event_boot(c, event, result);
		break;
	case NP_EVENT_DELETE:
	case NP_EVENT_STOP:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
	case NP_EVENT_RESIZE:
	case NP_EVENT_MIGRATE:
	case NP_EVENT_DEMAND:
		np_event_vm(c, event, result);
		break;
	case NP_EVENT_CAPACITY:
		np_capacity(c, event->flavor, event->image, result);
		break;
	case NP_EVENT_SET_SPANNING:
	case NP_EVENT_FAIL_HOST:
	case NP_EVENT_RECOVER_HOST:
	case NP_EVENT_ADD_HOST:
	case NP_EVENT_REMOVE_HOST:
	case NP_EVENT_LAST:
	default:
		np_event_host(c, event, result);
		break;
	}
	return result;
}

NpRun *
np_sim_run(const NpScenario *scenario, const NpSimOptions *options, GError **error)
{
	NpCluster c = {0};
	g_autoptr(NpRun) run = g_new0(NpRun, 1);

	g_return_val_if_fail(scenario != NULL, NULL);
	g_return_val_if_fail(options != NULL, NULL);

	c.scenario = scenario;
	c.settings = &scenario->settings;
	c.hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_sim_host_free);
	c.vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_sim_vm_free);
	c.vm_by_name = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < scenario->hosts->len; i++)
		g_ptr_array_add(c.hosts, np_sim_host_new(g_ptr_array_index(scenario->hosts, i)));
	run->events = g_ptr_array_new_with_free_func((GDestroyNotify)np_event_result_free);

	for (guint i = 0; i < scenario->events->len; i++) {
		const NpEvent *event = g_ptr_array_index(scenario->events, i);
		g_ptr_array_add(run->events, np_run_event(&c, event));
		if (options->check_invariants && !np_cluster_check(&c, error)) {
			g_prefix_error(error, "internal error after event %u (%s): ", event->index,
				       np_event_type_to_string(event->type));
			np_cluster_clear(&c);
			return NULL;
		}
	}
	if (options->capacity_flavor != NULL) {
		NpEventResult *result = g_new0(NpEventResult, 1);
		result->index = scenario->events->len;
		result->type = NP_EVENT_CAPACITY;
		result->status = NP_STATUS_OK;
		result->vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_vm_result_free);
		result->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
		np_capacity(&c, options->capacity_flavor, options->capacity_image, result);
		g_ptr_array_add(run->events, result);
	}
	run->vms = np_export_vms(&c);
	run->hosts = np_export_hosts(&c);
	np_cluster_clear(&c);
	return g_steal_pointer(&run);
}
