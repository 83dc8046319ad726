/* The events of rules.md §6, one function each */
#include <string.h>

#include "np-engine-private.h"

/* the resolution's warnings belong to the events that resolve: boot, resize */
static void
np_add_resolution_warnings(NpVmResult *r, const NpResolution *res)
{
	for (guint i = 0; res != NULL && i < res->warnings->len; i++)
		np_vm_result_add_warning(r, np_warning_copy(g_ptr_array_index(res->warnings, i)));
}

static NpVmResult *
np_vm_result_failed(const NpEngine *engine,
                    const NpSimVm *vm,
                    NpStatus status,
                    NpCode code,
                    const gchar *message)
{
	NpVmResult *r = np_sim_vm_result(engine, vm, status);
	r->code = code;
	r->message = g_strdup(message);
	return r;
}

/* a refusal before scheduling: the resolution's, page-size-unsupported, or
 * per-VM dynamic memory that the flavor's defaults make inconsistent (the
 * validator checks it against the boot's flavor; a resize changes the
 * defaults); *@message is allocated */
gboolean
np_refused_request(const NpResolution *res, NpCode *code, gchar **message)
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
		    res->memory_mb,
		    dm->minimum_mb,
		    dm->startup_mb,
		    dm->maximum_mb);
		return TRUE;
	}
	return FALSE;
}

/* --------------------------------------------------------------- boot */

static NpSimVm *
np_engine_add_vm(NpEngine *engine, const gchar *name)
{
	NpSimVm *vm = np_sim_vm_new(name);
	vm->index = engine->vms->len;
	g_ptr_array_add(engine->vms, vm);
	g_hash_table_insert(engine->vm_index, vm->name, vm);
	return vm;
}

static NpVmResult *
np_boot_one(NpEngine *engine, const NpEvent *event, const gchar *name)
{
	NpSimVm *vm = np_engine_add_vm(engine, name);
	NpPlaceOutcome out;
	NpCode code;
	g_autofree gchar *message = NULL;
	NpVmResult *r;
	gint forced = event->host != NULL ? np_engine_host_lookup(engine, event->host) : -1;

	vm->config = np_engine_config_for(
	    engine,
	    g_hash_table_lookup(engine->flavors, event->flavor),
	    event->image != NULL ? g_hash_table_lookup(engine->images, event->image) : NULL,
	    &event->dynamic_memory);
	if (np_refused_request(vm->config->res, &code, &message)) {
		vm->status = NP_STATUS_REJECTED;
		vm->code = code;
		r = np_vm_result_failed(engine, vm, NP_STATUS_REJECTED, code, message);
		np_add_resolution_warnings(r, vm->config->res);
		return r;
	}
	if (event->host != NULL && forced < 0) {
		/* a removed forced host: never schedule elsewhere */
		g_autofree gchar *msg = g_strdup_printf("%s has been removed", event->host);
		vm->status = NP_STATUS_REJECTED;
		vm->code = NP_CODE_HOST_REMOVED;
		return np_vm_result_failed(engine,
		                           vm,
		                           NP_STATUS_REJECTED,
		                           NP_CODE_HOST_REMOVED,
		                           msg);
	}
	if (np_place(engine, vm, forced, -1, TRUE, &out)) {
		vm->status = NP_STATUS_ACTIVE;
		r = np_sim_vm_result(engine, vm, NP_STATUS_ACTIVE);
	} else {
		vm->status = out.attempts == 0 ? NP_STATUS_REJECTED : NP_STATUS_FAILED_TO_START;
		vm->code = out.code;
		r = np_vm_result_failed(engine, vm, vm->status, out.code, out.message);
		r->has_filtered = out.has_filtered;
		r->filtered = out.filtered;
	}
	r->attempts = out.attempts;
	r->failed_starts = g_steal_pointer(&out.failed_starts);
	np_add_resolution_warnings(r, vm->config->res);
	np_place_outcome_clear(&out);
	return r;
}

static void
np_event_boot(NpEngine *engine, const NpEvent *event, NpEventResult *result)
{
	if (event->count == 0) {
		g_ptr_array_add(result->vms, np_boot_one(engine, event, event->vm));
		return;
	}
	for (gint64 i = 1; i <= event->count; i++) {
		g_autofree gchar *name = g_strdup_printf("%s-%" G_GINT64_FORMAT, event->vm, i);
		g_ptr_array_add(result->vms, np_boot_one(engine, event, name));
	}
}

/* ---------------------------------------------------------- VM events */

/* a VM event on a VM that can't take it: nothing changes */
static NpVmResult *
np_vm_error(const NpEngine *engine, const NpSimVm *vm, NpCode code, const gchar *message)
{
	return np_vm_result_failed(engine, vm, NP_STATUS_ERROR, code, message);
}

static NpVmResult *
np_not_placed(const NpEngine *engine, const NpSimVm *vm)
{
	g_autofree gchar *msg =
	    g_strdup_printf("%s is %s: it has no host", vm->name, np_status_to_string(vm->status));
	return np_vm_error(engine, vm, NP_CODE_VM_NOT_PLACED, msg);
}

static NpVmResult *
np_event_delete(NpEngine *engine, NpSimVm *vm)
{
	NpVmResult *r;
	if (vm->status == NP_STATUS_DELETED)
		return np_not_placed(engine, vm);
	r = np_sim_vm_result(engine, vm, NP_STATUS_DELETED);
	/* the parts live in the result's block: nothing to free */
	r->n_parts = 0;
	r->spanned = FALSE;
	r->remote_mb = 0;
	if (np_sim_vm_is_placed(vm)) {
		np_release_backing(engine, vm);
		np_release_claims(engine, vm);
	}
	/* a deleted VM keeps its name, flavor and status for the results */
	np_hv_backing_clear(&vm->backing);
	vm->status = NP_STATUS_DELETED;
	vm->code = NP_CODE_NONE;
	return r;
}

static NpVmResult *
np_event_stop(NpEngine *engine, NpSimVm *vm)
{
	if (vm->status == NP_STATUS_STOPPED)
		return np_vm_error(engine, vm, NP_CODE_VM_NOT_RUNNING, "the VM is already stopped");
	if (vm->status != NP_STATUS_ACTIVE)
		return np_not_placed(engine, vm);
	np_release_backing(engine, vm);
	vm->status = NP_STATUS_STOPPED;
	return np_sim_vm_result(engine, vm, NP_STATUS_STOPPED);
}

/* start a stopped VM on its host; on failure it stays stopped */
static NpVmResult *
np_start_in_place(NpEngine *engine, NpSimVm *vm)
{
	g_autofree gchar *why = NULL;
	NpCode code = np_start(engine, vm, &why);
	NpVmResult *r;
	if (code != NP_CODE_NONE) {
		r = np_vm_result_failed(engine, vm, NP_STATUS_FAILED_TO_START, code, why);
		r->attempts = 1;
		return r;
	}
	vm->status = NP_STATUS_ACTIVE;
	vm->code = NP_CODE_NONE;
	r = np_sim_vm_result(engine, vm, NP_STATUS_ACTIVE);
	r->attempts = 1;
	return r;
}

static NpVmResult *
np_event_start(NpEngine *engine, NpSimVm *vm)
{
	if (vm->status == NP_STATUS_ACTIVE)
		return np_vm_error(engine, vm, NP_CODE_VM_NOT_STOPPED, "the VM is already running");
	if (vm->status != NP_STATUS_STOPPED)
		return np_not_placed(engine, vm);
	return np_start_in_place(engine, vm);
}

static NpVmResult *
np_event_restart(NpEngine *engine, NpSimVm *vm)
{
	if (vm->status == NP_STATUS_STOPPED)
		return np_vm_error(engine, vm, NP_CODE_VM_NOT_RUNNING, "the VM is stopped");
	if (vm->status != NP_STATUS_ACTIVE)
		return np_not_placed(engine, vm);
	np_release_backing(engine, vm);
	vm->status = NP_STATUS_STOPPED;
	return np_start_in_place(engine, vm);
}

/* what a VM holds on its host, to put it back exactly after a failed move */
typedef struct {
	gint host;
	guint32 *cells;
	NpHvBacking backing;
	NpConfig *config;
} NpPlacement;

static void
np_detach(NpEngine *engine, NpSimVm *vm, NpPlacement *saved)
{
	saved->host = vm->host;
	saved->cells =
	    vm->cells != NULL ? g_memdup2(vm->cells, vm->config->n_units * sizeof(guint32)) : NULL;
	np_hv_backing_copy(&saved->backing, &vm->backing);
	saved->config = np_config_ref(vm->config);
	np_release_backing(engine, vm);
	np_release_claims(engine, vm);
}

static void
np_reattach(NpEngine *engine, NpSimVm *vm, NpPlacement *saved)
{
	NpSimHost *host = np_engine_host(engine, saved->host);
	np_config_unref(vm->config);
	vm->config = g_steal_pointer(&saved->config);
	np_claim(engine, vm, saved->host, g_steal_pointer(&saved->cells));
	np_hv_retake(&host->hv, &saved->backing);
	np_hv_backing_clear(&vm->backing);
	vm->backing = saved->backing;
	memset(&saved->backing, 0, sizeof(saved->backing));
}

static void
np_placement_clear(NpPlacement *saved)
{
	g_free(saved->cells);
	np_hv_backing_clear(&saved->backing);
	np_config_unref(saved->config);
}

/* resize (@flavor set) and migrate (@forced host or -1) */
static NpVmResult *
np_event_move(NpEngine *engine, NpSimVm *vm, NpFlavor *flavor, gint forced)
{
	NpPlacement saved = {0};
	NpPlaceOutcome out;
	gboolean was_active = vm->status == NP_STATUS_ACTIVE;
	g_autoptr(NpConfig) tried = NULL;
	NpVmResult *r;

	if (!np_sim_vm_is_placed(vm))
		return np_not_placed(engine, vm);
	if (forced >= 0 && forced == vm->host)
		return np_vm_error(engine,
		                   vm,
		                   NP_CODE_SAME_HOST,
		                   "the VM is already on that host; migrate needs another host");
	if (flavor != NULL) {
		g_autoptr(NpConfig) config = np_engine_config_for(engine,
		                                                  flavor,
		                                                  vm->config->image,
		                                                  &vm->config->dm_request);
		g_autofree gchar *message = NULL;
		NpCode code;
		if (np_refused_request(config->res, &code, &message)) {
			r = np_vm_result_failed(engine, vm, NP_STATUS_REJECTED, code, message);
			/* the refused configuration's warnings explain it */
			np_add_resolution_warnings(r, config->res);
			return r;
		}
		np_detach(engine, vm, &saved);
		np_config_unref(vm->config);
		vm->config = np_config_ref(config);
		tried = g_steal_pointer(&config);
	} else {
		np_detach(engine, vm, &saved);
	}
	if (np_place(engine, vm, forced, saved.host, was_active, &out)) {
		r = np_sim_vm_result(engine, vm, vm->status);
		r->attempts = out.attempts;
		if (tried != NULL)
			np_add_resolution_warnings(r, tried->res);
	} else {
		NpStatus status =
		    out.attempts == 0 ? NP_STATUS_REJECTED : NP_STATUS_FAILED_TO_START;
		np_reattach(engine, vm, &saved);
		r = np_vm_result_failed(engine, vm, status, out.code, out.message);
		r->attempts = out.attempts;
		r->has_filtered = out.has_filtered;
		r->filtered = out.filtered;
		/* the new flavor was resolved: its warnings stand even though
		 * the VM keeps its old configuration (rules.md §2: never silence) */
		if (tried != NULL)
			np_add_resolution_warnings(r, tried->res);
	}
	r->failed_starts = g_steal_pointer(&out.failed_starts);
	np_place_outcome_clear(&out);
	np_placement_clear(&saved);
	return r;
}

/* dynamic memory demand (rules.md §5) */
static NpVmResult *
np_event_demand(NpEngine *engine, NpSimVm *vm, gint64 demand_mb)
{
	const NpDynamicMemory *dm = &vm->config->res->dynamic_memory;
	NpSimHost *host;
	gint64 target, shortfall;
	NpVmResult *r;

	if (vm->status == NP_STATUS_STOPPED)
		return np_vm_error(engine, vm, NP_CODE_VM_NOT_RUNNING, "the VM is stopped");
	if (vm->status != NP_STATUS_ACTIVE)
		return np_not_placed(engine, vm);
	if (!dm->enabled)
		return np_vm_error(engine,
		                   vm,
		                   NP_CODE_DYNAMIC_MEMORY_OFF,
		                   "the VM has static memory: demand changes nothing");
	host = np_engine_host(engine, vm->host);
	/* ceil(D × (1 + buffer/100)) in integers */
	target = (demand_mb * (100 + dm->buffer_percent) + 99) / 100;
	target = MIN(dm->maximum_mb, MAX(dm->minimum_mb, target));
	shortfall = np_hv_set_dynamic_memory(&host->hv, &vm->backing, target);
	r = np_sim_vm_result(engine, vm, NP_STATUS_ACTIVE);
	r->has_demand = TRUE;
	r->memory_mb = np_hv_backing_get_unit_mb(&vm->backing, 0, NULL);
	r->target_mb = target;
	r->shortfall_mb = shortfall;
	if (shortfall > 0) {
		g_autofree gchar *msg =
		    g_strdup_printf("demand %" G_GINT64_FORMAT " MiB needs %" G_GINT64_FORMAT
		                    " MiB backed; %" G_GINT64_FORMAT " MiB short on %s%s",
		                    demand_mb,
		                    target,
		                    shortfall,
		                    host->name,
		                    host->hv.numa_spanning
		                        ? ""
		                        : " (NUMA spanning is off: growth stops at the home node)");
		np_vm_result_add_warning(r, np_warning_new(NP_CODE_MEMORY_PRESSURE, NULL, msg));
	}
	return r;
}

static NpVmResult *
np_event_vm(NpEngine *engine, const NpEvent *event)
{
	NpSimVm *vm = g_hash_table_lookup(engine->vm_index, event->vm);

	switch (event->type) {
	case NP_EVENT_DELETE:
		return np_event_delete(engine, vm);
	case NP_EVENT_STOP:
		return np_event_stop(engine, vm);
	case NP_EVENT_START:
		return np_event_start(engine, vm);
	case NP_EVENT_RESTART:
		return np_event_restart(engine, vm);
	case NP_EVENT_RESIZE:
		return np_event_move(engine,
		                     vm,
		                     g_hash_table_lookup(engine->flavors, event->flavor),
		                     -1);
	case NP_EVENT_MIGRATE:
		if (event->host != NULL && np_engine_host_lookup(engine, event->host) < 0) {
			g_autofree gchar *msg = g_strdup_printf("%s has been removed", event->host);
			return np_vm_error(engine, vm, NP_CODE_HOST_REMOVED, msg);
		}
		return np_event_move(
		    engine,
		    vm,
		    NULL,
		    event->host != NULL ? np_engine_host_lookup(engine, event->host) : -1);
	case NP_EVENT_DEMAND:
	default:
		return np_event_demand(engine, vm, event->memory_mb);
	}
}

/* -------------------------------------------------------- host events */

/* fail_host: rebuild every VM of the host elsewhere, in creation order */
static void
np_event_fail_host(NpEngine *engine, gint index, NpEventResult *result)
{
	NpSimHost *host = np_engine_host(engine, index);
	if (host->failed) {
		result->status = NP_STATUS_ERROR;
		result->code = NP_CODE_HOST_FAILED;
		result->message = g_strdup_printf("%s has already failed", host->name);
		return;
	}
	host->failed = TRUE;
	np_engine_host_changed(engine, index);
	for (guint i = 0; i < engine->vms->len; i++) {
		NpSimVm *vm = g_ptr_array_index(engine->vms, i);
		NpPlacement saved = {0};
		NpPlaceOutcome out;
		gboolean was_active = vm->status == NP_STATUS_ACTIVE;
		NpVmResult *r;
		if (vm->host != index || !np_sim_vm_is_placed(vm))
			continue;
		np_detach(engine, vm, &saved);
		np_placement_clear(&saved);
		if (np_place(engine, vm, -1, -1, was_active, &out)) {
			r = np_sim_vm_result(engine, vm, vm->status);
			r->attempts = out.attempts;
		} else {
			g_autofree gchar *msg =
			    out.code == NP_CODE_NO_VALID_HOST
			        ? g_strdup_printf("lost with %s: %s", host->name, out.message)
			        : g_strdup_printf("lost with %s: no host could start it (%s: %s)",
			                          host->name,
			                          np_code_to_string(out.code),
			                          out.message);
			vm->status = NP_STATUS_ERROR;
			vm->code = NP_CODE_NO_VALID_HOST;
			r = np_vm_result_failed(engine,
			                        vm,
			                        NP_STATUS_ERROR,
			                        NP_CODE_NO_VALID_HOST,
			                        msg);
			r->attempts = out.attempts;
			r->has_filtered = out.has_filtered;
			r->filtered = out.filtered;
		}
		r->failed_starts = g_steal_pointer(&out.failed_starts);
		np_place_outcome_clear(&out);
		g_ptr_array_add(result->vms, r);
	}
}

static void
np_event_host(NpEngine *engine, const NpEvent *event, NpEventResult *result)
{
	gint index = event->host != NULL ? np_engine_host_lookup(engine, event->host) : -1;
	NpSimHost *host = index >= 0 ? np_engine_host(engine, index) : NULL;

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
		    event->enabled ? "enabled" : "disabled",
		    host->name);
		host->settings.numa_spanning = event->enabled;
		host->hv.numa_spanning = event->enabled;
		result->enabled = event->enabled;
		np_event_result_add_warning(
		    result,
		    np_warning_new(NP_CODE_SPANNING_NEEDS_RESTART, NULL, msg));
		break;
	}
	case NP_EVENT_FAIL_HOST:
		np_event_fail_host(engine, index, result);
		break;
	case NP_EVENT_RECOVER_HOST:
		if (!host->failed) {
			result->status = NP_STATUS_ERROR;
			result->code = NP_CODE_HOST_NOT_FAILED;
			result->message = g_strdup_printf("%s has not failed", host->name);
		}
		host->failed = FALSE;
		np_engine_host_changed(engine, index);
		break;
	case NP_EVENT_ADD_HOST:
		g_clear_pointer(&result->host, g_free);
		for (guint i = 0; i < event->new_hosts->len; i++) {
			const NpHost *spec = g_ptr_array_index(event->new_hosts, i);
			/* checked by np_engine_apply(): it cannot fail */
			if (!np_engine_add_host(engine, spec, NULL))
				g_return_if_reached();
			if (result->host == NULL)
				result->host = g_strdup(spec->name);
		}
		break;
	case NP_EVENT_REMOVE_HOST: {
		guint on_it = 0;
		for (guint i = 0; i < engine->vms->len; i++) {
			const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
			if (vm->host == index && np_sim_vm_is_placed(vm))
				on_it++;
		}
		if (on_it > 0) {
			result->status = NP_STATUS_ERROR;
			result->code = NP_CODE_HOST_NOT_EMPTY;
			result->message = g_strdup_printf("%s still holds %u VM%s",
			                                  host->name,
			                                  on_it,
			                                  on_it == 1 ? "" : "s");
			break;
		}
		host->removed = TRUE;
		np_engine_host_changed(engine, index);
		engine->limit_vcpus = -1;
		break;
	}
	default:
		g_return_if_reached();
	}
}

void
np_events_apply(NpEngine *engine, const NpEvent *event, NpEventResult *result)
{
	switch (event->type) {
	case NP_EVENT_BOOT:
		np_event_boot(engine, event, result);
		break;
	case NP_EVENT_DELETE:
	case NP_EVENT_STOP:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
	case NP_EVENT_RESIZE:
	case NP_EVENT_MIGRATE:
	case NP_EVENT_DEMAND:
		g_ptr_array_add(result->vms, np_event_vm(engine, event));
		break;
	case NP_EVENT_CAPACITY:
		np_capacity(engine,
		            g_hash_table_lookup(engine->flavors, event->flavor),
		            event->image != NULL ? g_hash_table_lookup(engine->images, event->image)
		                                 : NULL,
		            result);
		break;
	case NP_EVENT_SET_SPANNING:
	case NP_EVENT_FAIL_HOST:
	case NP_EVENT_RECOVER_HOST:
	case NP_EVENT_ADD_HOST:
	case NP_EVENT_REMOVE_HOST:
	case NP_EVENT_LAST:
	default:
		np_event_host(engine, event, result);
		break;
	}
}
