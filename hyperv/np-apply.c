/* Applying a plan to a live host (scenario.md §5): preconditions first,
 * then only the values not yet at their target, each call's job awaited,
 * each completed call journaled before the next. */
#include "np-apply.h"

#include <string.h>

#include "np-error.h"
#include "np-hyperv-inventory.h"
#include "np-json.h"

/* a stopping VM is asked for its state this often */
#define NP_APPLY_STOP_POLL_MS 500u

typedef struct {
	const NpPlanVm *step;
	const NpHypervVm *vm;           /* as the host has it */
	gboolean left[NP_PLAN_N_PARTS]; /* the part has a value not at its target */
	gboolean stop;                  /* running: shut it down first (allow_stop) */
	gboolean start;                 /* start it when done */
	NpWsmanEpr *shutdown;           /* its Msvm_ShutdownComponent (stop) */
} NpApplyVm;

static void
np_apply_vm_clear(NpApplyVm *vm)
{
	g_clear_pointer(&vm->shutdown, np_wsman_epr_free);
}

typedef struct {
	NpWsmanClient *client;
	const NpApplyOptions *o;
	NpApplyJournal *journal; /* read only for a dry run */
	const NpHypervInventory *inventory;
	const NpPlanHost *host;
	GArray *vms; /* NpApplyVm */
	gboolean spanning_left;
} NpApply;

static void np_say(const NpApply *a, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

static void
np_say(const NpApply *a, const gchar *format, ...)
{
	g_autofree gchar *line = NULL;
	va_list args;

	if (a->o->say == NULL)
		return;
	va_start(args, format);
	line = g_strdup_vprintf(format, args);
	va_end(args);
	a->o->say(line, a->o->say_data);
}

static gboolean np_refuse(GError **error, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

static gboolean
np_refuse(GError **error, const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	if (error != NULL)
		*error = g_error_new_valist(NP_ERROR, NP_ERROR_INVALID, format, args);
	va_end(args);
	return FALSE;
}

/* the value of a plan property at the host */
static gint64
np_host_value(const NpHypervVm *vm, const NpPlanKey *key)
{
	const gchar *name = key->name;
	switch (key->part) {
	case NP_PLAN_MEMORY:
		if (strcmp(name, "DynamicMemoryEnabled") == 0)
			return vm->dynamic_memory_enabled;
		if (strcmp(name, "VirtualQuantity") == 0)
			return (gint64)vm->memory_mib;
		if (strcmp(name, "Reservation") == 0)
			return (gint64)vm->reservation_mib;
		if (strcmp(name, "Limit") == 0)
			return (gint64)vm->limit_mib;
		if (strcmp(name, "TargetMemoryBuffer") == 0)
			return (gint64)vm->target_memory_buffer_percent;
		return (gint64)vm->max_memory_blocks_per_numa_node_mib;
	case NP_PLAN_PROCESSOR:
		if (strcmp(name, "VirtualQuantity") == 0)
			return (gint64)vm->vcpus;
		return (gint64)vm->max_processors_per_numa_node;
	case NP_PLAN_SYSTEM:
	case NP_PLAN_N_PARTS:
		break;
	}
	return vm->vnuma_enabled;
}

static const gchar *
np_host_instance_id(const NpHypervVm *vm, NpPlanPart part)
{
	switch (part) {
	case NP_PLAN_MEMORY:
		return vm->memory_instance_id;
	case NP_PLAN_PROCESSOR:
		return vm->processor_instance_id;
	case NP_PLAN_SYSTEM:
	case NP_PLAN_N_PARTS:
		break;
	}
	return vm->vssd_instance_id;
}

static gchar *
np_value_text(const NpPlanKey *key, gint64 value)
{
	if (np_plan_key_is_boolean(key))
		return g_strdup(value ? "true" : "false");
	return g_strdup_printf("%" G_GINT64_FORMAT, value);
}

/* ------------------------------------------------------ preconditions */

static const NpPlanHost *
np_select_host(const NpPlan *plan, const NpHypervInventory *inventory, GError **error)
{
	g_autoptr(GString) names = g_string_new(NULL);

	for (guint i = 0; i < plan->hosts->len; i++) {
		const NpPlanHost *host = g_ptr_array_index(plan->hosts, i);
		if (g_ascii_strcasecmp(host->name, inventory->host_name) == 0)
			return host;
		g_string_append_printf(names, "%s'%s'", i > 0 ? ", " : "", host->name);
	}
	np_refuse(error,
	          "the host is '%s' but the plan is for %s: nothing changed",
	          inventory->host_name,
	          names->str);
	return NULL;
}

/* node ids, logical processors and total memory as imported; free memory
 * moves as VMs start and stop, so it is not compared */
static gboolean
np_check_fingerprint(const NpPlanHost *host, const NpHypervInventory *inventory, GError **error)
{
	g_autoptr(GString) have = g_string_new(NULL);
	g_autoptr(GString) want = g_string_new(NULL);

	for (guint i = 0; i < inventory->nodes->len; i++) {
		const NpHypervNode *node = g_ptr_array_index(inventory->nodes, i);
		/* the import leaves these out, as Nova's driver does */
		if (node->total_mib == 0 || node->lp_count == 0)
			continue;
		g_string_append_printf(have,
		                       "%snode %u: %u LPs, %" G_GUINT64_FORMAT " MB",
		                       have->len > 0 ? "; " : "",
		                       node->id,
		                       node->lp_count,
		                       node->total_mib);
	}
	for (guint i = 0; i < host->nodes->len; i++) {
		const NpPlanNode *node = &g_array_index(host->nodes, NpPlanNode, i);
		g_string_append_printf(want,
		                       "%snode %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
		                       " LPs, %" G_GINT64_FORMAT " MB",
		                       want->len > 0 ? "; " : "",
		                       node->id,
		                       node->logical_processors,
		                       node->memory_mb);
	}
	if (strcmp(have->str, want->str) != 0)
		return np_refuse(
		    error,
		    "host '%s': its NUMA nodes are not the plan's (host: %s; plan: %s): "
		    "nothing changed",
		    host->name,
		    have->str,
		    want->str);
	return TRUE;
}

static const NpHypervVm *
np_find_vm(const NpHypervInventory *inventory, const gchar *guid)
{
	for (guint i = 0; i < inventory->vms->len; i++) {
		const NpHypervVm *vm = g_ptr_array_index(inventory->vms, i);
		if (g_ascii_strcasecmp(vm->guid, guid) == 0)
			return vm;
	}
	return NULL;
}

static NpWsmanEpr *
np_find_shutdown_component(NpApply *a, const NpHypervVm *vm, GError **error)
{
	g_autofree gchar *guid = np_wsman_wql_escape(vm->guid);
	g_autofree gchar *wql =
	    g_strdup_printf("SELECT * FROM Msvm_ShutdownComponent WHERE SystemName = '%s'", guid);
	g_autoptr(GPtrArray) found =
	    np_wsman_client_enumerate(a->client, NULL, wql, NP_WSMAN_ENUMERATE_WITH_EPR, error);
	const NpWsmanInstance *instance;

	if (found == NULL)
		return NULL;
	instance = found->len == 1 ? g_ptr_array_index(found, 0) : NULL;
	if (instance == NULL || instance->epr == NULL) {
		np_refuse(error,
		          "VM '%s' (%s) is running and has no shutdown component to stop it "
		          "cleanly (guest integration services): nothing changed",
		          vm->name,
		          vm->guid);
		return NULL;
	}
	return np_wsman_epr_copy(instance->epr);
}

/* one VM step against the host: what is left, whether it must stop */
static gboolean
np_check_vm(NpApply *a, const NpPlanVm *step, NpApplyVm *out, GError **error)
{
	const NpHypervVm *vm = np_find_vm(a->inventory, step->guid);
	gboolean any_left = FALSE;
	const gchar *state;

	if (vm == NULL)
		return np_refuse(error,
		                 "VM '%s' (%s) is not on host '%s': nothing changed",
		                 step->name,
		                 step->guid,
		                 a->host->name);
	out->step = step;
	out->vm = vm;
	if (strcmp(vm->name, step->name) != 0)
		return np_refuse(
		    error,
		    "VM %s is named '%s' at the host, not '%s' as the plan says: nothing "
		    "changed",
		    step->guid,
		    vm->name,
		    step->name);
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
		const NpPlanSettings *s = &step->parts[p];
		const gchar *instance_id = np_host_instance_id(vm, p);
		if (g_strcmp0(instance_id, s->instance_id) != 0)
			return np_refuse(
			    error,
			    "VM '%s' (%s): its %s settings are '%s' at the host, not '%s' "
			    "as recorded: nothing changed",
			    step->name,
			    step->guid,
			    np_plan_part_class(p),
			    instance_id != NULL ? instance_id : "(none)",
			    s->instance_id);
		for (guint i = 0; i < s->values->len; i++) {
			const NpPlanValue *v = &g_array_index(s->values, NpPlanValue, i);
			gint64 now = np_host_value(vm, v->key);
			g_autofree gchar *now_text = np_value_text(v->key, now);
			g_autofree gchar *recorded = np_value_text(v->key, v->recorded);
			g_autofree gchar *target = np_value_text(v->key, v->target);
			if (now == v->target)
				continue;
			if (now != v->recorded)
				return np_refuse(
				    error,
				    "VM '%s' (%s): %s.%s is %s at the host, neither the "
				    "recorded %s nor the target %s (changed since the "
				    "import?): nothing changed",
				    step->name,
				    step->guid,
				    np_plan_part_class(p),
				    v->key->name,
				    now_text,
				    recorded,
				    target);
			out->left[p] = TRUE;
			any_left = TRUE;
		}
	}
	state = np_hyperv_enabled_state_to_string(vm->enabled_state);
	if (any_left && vm->enabled_state != NP_HYPERV_STATE_OFF) {
		if (vm->enabled_state != NP_HYPERV_STATE_RUNNING)
			return np_refuse(
			    error,
			    "VM '%s' (%s) is %s (EnabledState %u): only a VM that is off "
			    "can be changed, and only a running one is shut down (with "
			    "--allow-stop): nothing changed",
			    step->name,
			    step->guid,
			    state != NULL ? state : "in another state",
			    vm->enabled_state);
		if (!a->o->allow_stop)
			return np_refuse(error,
			                 "VM '%s' (%s) is running: it must be off to be changed; "
			                 "--allow-stop shuts it down cleanly and starts it again: "
			                 "nothing changed",
			                 step->name,
			                 step->guid);
		out->stop = TRUE;
		out->shutdown = np_find_shutdown_component(a, vm, error);
		if (out->shutdown == NULL)
			return FALSE;
	}
	/* started again: what this run stops, and what an earlier run
	 * stopped and left off (scenario.md §5) */
	out->start = out->stop
	             || (vm->enabled_state == NP_HYPERV_STATE_OFF
	                 && np_apply_journal_stopped_by_us(a->journal, vm->guid));
	return TRUE;
}

/* ------------------------------------------------------------- calls */

/* one journal line; a dry run writes none */
static gboolean
np_journal(NpApply *a, const gchar *step, const NpHypervVm *vm, const cJSON *values, GError **error)
{
	if (a->o->dry_run)
		return TRUE;
	return np_apply_journal_add(a->journal,
	                            step,
	                            a->host->name,
	                            vm != NULL ? vm->guid : NULL,
	                            vm != NULL ? vm->name : NULL,
	                            values,
	                            error);
}

/* Invoke, then its job; 32775 (invalid state) is sent again after 1 s,
 * NP_APPLY_MAX_TRIES times in all */
static gboolean
np_call(NpApply *a,
        const NpWsmanEpr *target,
        const gchar *method,
        const NpWsmanParams *params,
        GError **error)
{
	for (guint tries = 1;; tries++) {
		g_autoptr(NpWsmanInstance) output = NULL;
		g_autoptr(GError) local = NULL;
		guint64 value = 0;

		output = np_wsman_client_invoke(a->client, target, method, params, error);
		if (output == NULL)
			return FALSE;
		if (np_wsman_invoke_wait(a->client,
		                         method,
		                         output,
		                         a->o->job_timeout_ms,
		                         NP_APPLY_POLL_MS,
		                         &value,
		                         &local))
			return TRUE;
		if (value != NP_APPLY_RETURN_INVALID_STATE || tries >= NP_APPLY_MAX_TRIES) {
			if (value == NP_APPLY_RETURN_INVALID_STATE)
				g_prefix_error(&local, "after %u tries: ", tries);
			g_propagate_error(error, g_steal_pointer(&local));
			return FALSE;
		}
		g_usleep(NP_APPLY_BUSY_RETRY_MS * 1000);
	}
}

static NpWsmanEpr *
np_vm_epr(const NpHypervVm *vm)
{
	g_autofree gchar *uri = np_wsman_hyperv_class_uri("Msvm_ComputerSystem");
	NpWsmanEpr *epr = np_wsman_epr_new(uri);
	np_wsman_epr_add_selector(epr, "CreationClassName", "Msvm_ComputerSystem");
	np_wsman_epr_add_selector(epr, "Name", vm->guid);
	return epr;
}

static NpWsmanEpr *
np_service_epr(const NpApply *a)
{
	g_autofree gchar *uri = np_wsman_hyperv_class_uri("Msvm_VirtualSystemManagementService");
	NpWsmanEpr *epr = np_wsman_epr_new(uri);
	np_wsman_epr_add_selector(epr, "CreationClassName", "Msvm_VirtualSystemManagementService");
	np_wsman_epr_add_selector(epr, "Name", "vmms");
	np_wsman_epr_add_selector(epr, "SystemCreationClassName", "Msvm_ComputerSystem");
	np_wsman_epr_add_selector(epr, "SystemName", a->inventory->host_name);
	return epr;
}

static gboolean
np_apply_spanning(NpApply *a, GError **error)
{
	const NpPlanHost *host = a->host;
	g_autoptr(NpWsmanEmbedded) settings =
	    np_wsman_embedded_new("Msvm_VirtualSystemManagementServiceSettingData");
	g_autoptr(NpWsmanParams) params = np_wsman_params_new();
	g_autoptr(NpWsmanEpr) service = np_service_epr(a);
	g_autoptr(cJSON) values = cJSON_CreateObject();
	const gchar *verb = a->o->dry_run ? "would call" : "calling";

	np_say(a,
	       "host '%s': %s ModifyServiceSettings: NumaSpanningEnabled %s -> %s",
	       host->name,
	       verb,
	       host->spanning_recorded ? "true" : "false",
	       host->spanning_target ? "true" : "false");
	if (!a->o->dry_run) {
		np_wsman_embedded_add(settings,
		                      "InstanceID",
		                      "string",
		                      a->inventory->service_settings_instance_id);
		np_wsman_embedded_add_boolean(settings,
		                              "NumaSpanningEnabled",
		                              host->spanning_target);
		np_wsman_params_add_embedded(params, "SettingData", settings);
		if (!np_call(a, service, "ModifyServiceSettings", params, error))
			return FALSE;
		cJSON_AddBoolToObject(values, "NumaSpanningEnabled", host->spanning_target);
		if (!np_journal(a, "spanning", NULL, values, error))
			return FALSE;
	}
	np_say(a,
	       "host '%s': NUMA spanning takes effect only when the Virtual Machine Management "
	       "service (vmms) is restarted: restart it when convenient",
	       host->name);
	return TRUE;
}

/* polls the VM until it is Off, at most stop_timeout_ms */
static gboolean
np_wait_off(NpApply *a, const NpHypervVm *vm, GError **error)
{
	g_autoptr(NpWsmanEpr) epr = np_vm_epr(vm);
	gint64 deadline = g_get_monotonic_time() + (gint64)a->o->stop_timeout_ms * 1000;

	for (;;) {
		g_autoptr(NpWsmanInstance) now = np_wsman_client_get(a->client, epr, error);
		guint64 state = 0;
		if (now == NULL
		    || !np_wsman_instance_read_uint64(now,
		                                      "EnabledState",
		                                      TRUE,
		                                      &state,
		                                      NULL,
		                                      error))
			return FALSE;
		if (state == NP_HYPERV_STATE_OFF)
			return TRUE;
		if (g_get_monotonic_time() >= deadline) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_TIMEOUT,
			            "still not off (EnabledState %" G_GUINT64_FORMAT
			            ") %u s after its shutdown; it was not powered off",
			            state,
			            a->o->stop_timeout_ms / 1000);
			return FALSE;
		}
		g_usleep(NP_APPLY_STOP_POLL_MS * 1000);
	}
}

static gboolean
np_apply_stop(NpApply *a, const NpApplyVm *v, GError **error)
{
	g_autoptr(NpWsmanParams) params = np_wsman_params_new();

	np_say(a,
	       "VM '%s' (%s): %s InitiateShutdown (clean shutdown, not forced)",
	       v->vm->name,
	       v->vm->guid,
	       a->o->dry_run ? "would call" : "calling");
	if (a->o->dry_run)
		return TRUE;
	/* the line comes first: a rerun must know who stopped it */
	if (!np_journal(a, "shutdown", v->vm, NULL, error))
		return FALSE;
	np_wsman_params_add_text(params, "Force", "false");
	np_wsman_params_add_text(params, "Reason", "numaplan apply: changing NUMA settings");
	if (!np_call(a, v->shutdown, "InitiateShutdown", params, error)
	    || !np_wait_off(a, v->vm, error))
		return FALSE;
	return np_journal(a, "stopped", v->vm, NULL, error);
}

static gboolean
np_apply_start(NpApply *a, const NpApplyVm *v, GError **error)
{
	g_autoptr(NpWsmanParams) params = np_wsman_params_new();
	g_autoptr(NpWsmanEpr) epr = np_vm_epr(v->vm);

	np_say(a,
	       "VM '%s' (%s): %s RequestStateChange 2 (start it again)",
	       v->vm->name,
	       v->vm->guid,
	       a->o->dry_run ? "would call" : "calling");
	if (a->o->dry_run)
		return TRUE;
	np_wsman_params_add_text(params, "RequestedState", "2");
	if (!np_call(a, epr, "RequestStateChange", params, error))
		return FALSE;
	return np_journal(a, "start", v->vm, NULL, error);
}

/* one Modify* call with the part's values not yet at their target */
static gboolean
np_apply_part(NpApply *a, const NpApplyVm *v, NpPlanPart part, GError **error)
{
	const NpPlanSettings *s = &v->step->parts[part];
	const gchar *class_name = np_plan_part_class(part);
	const gchar *method =
	    part == NP_PLAN_SYSTEM ? "ModifySystemSettings" : "ModifyResourceSettings";
	g_autoptr(NpWsmanEmbedded) settings = np_wsman_embedded_new(class_name);
	g_autoptr(NpWsmanParams) params = np_wsman_params_new();
	g_autoptr(NpWsmanEpr) service = np_service_epr(a);
	g_autoptr(cJSON) values = cJSON_CreateObject();
	g_autoptr(GString) changes = g_string_new(NULL);

	np_wsman_embedded_add(settings, "InstanceID", "string", s->instance_id);
	for (guint i = 0; i < s->values->len; i++) {
		const NpPlanValue *value = &g_array_index(s->values, NpPlanValue, i);
		gint64 now = np_host_value(v->vm, value->key);
		g_autofree gchar *from = NULL;
		g_autofree gchar *to = NULL;
		if (now == value->target)
			continue; /* already true at the host: done */
		from = np_value_text(value->key, now);
		to = np_value_text(value->key, value->target);
		np_wsman_embedded_add(settings, value->key->name, value->key->cim_type, to);
		if (np_plan_key_is_boolean(value->key))
			cJSON_AddBoolToObject(values, value->key->name, value->target != 0);
		else
			cJSON_AddItemToObject(values,
			                      value->key->name,
			                      np_json_new_int(value->target));
		g_string_append_printf(changes,
		                       "%s%s %s -> %s",
		                       changes->len > 0 ? ", " : "",
		                       value->key->name,
		                       from,
		                       to);
	}
	np_say(a,
	       "VM '%s' (%s): %s %s (%s): %s",
	       v->vm->name,
	       v->vm->guid,
	       a->o->dry_run ? "would call" : "calling",
	       method,
	       class_name,
	       changes->str);
	if (a->o->dry_run)
		return TRUE;
	np_wsman_params_add_embedded(params,
	                             part == NP_PLAN_SYSTEM ? "SystemSettings" : "ResourceSettings",
	                             settings);
	if (!np_call(a, service, method, params, error))
		return FALSE;
	return np_journal(a, np_plan_part_to_string(part), v->vm, values, error);
}

static gboolean
np_apply_vm(NpApply *a, const NpApplyVm *v, GError **error)
{
	if (v->stop && !np_apply_stop(a, v, error))
		return FALSE;
	for (guint i = 0; i < NP_PLAN_N_PARTS; i++) {
		NpPlanPart part = np_plan_vm_part_at(v->step, i);
		if (v->left[part] && !np_apply_part(a, v, part, error))
			return FALSE;
	}
	return !v->start || np_apply_start(a, v, error);
}

/* a failure part-way: the journal's last line says where, and so does
 * the message */
static void
np_journal_failure(NpApply *a, const NpHypervVm *vm, const GError *failure)
{
	g_autoptr(cJSON) values = cJSON_CreateObject();
	cJSON_AddStringToObject(values, "error", failure->message);
	(void)np_journal(a, "failed", vm, values, NULL);
}

NpApplyResult
np_apply_run(NpWsmanClient *client,
             const NpPlan *plan,
             const NpApplyOptions *options,
             GError **error)
{
	g_autoptr(NpHypervInventory) inventory = NULL;
	g_autoptr(NpApplyJournal) journal = NULL;
	g_autoptr(GArray) vms = g_array_new(FALSE, TRUE, sizeof(NpApplyVm));
	NpApply a = {client, options, NULL, NULL, NULL, vms, FALSE};
	g_autoptr(GError) failure = NULL;
	guint changed = 0, restarted = 0;

	g_array_set_clear_func(vms, (GDestroyNotify)np_apply_vm_clear);
	/* the journal first: one that cannot be written refuses the run */
	journal = np_apply_journal_open(options->journal_path, !options->dry_run, error);
	if (journal == NULL)
		return NP_APPLY_REFUSED;
	a.journal = journal;
	inventory = np_hyperv_inventory_read(client, error);
	if (inventory == NULL)
		return NP_APPLY_FAILED;
	a.inventory = inventory;
	a.host = np_select_host(plan, inventory, error);
	if (a.host == NULL || !np_check_fingerprint(a.host, inventory, error))
		return NP_APPLY_REFUSED;
	if (a.host->spanning && inventory->numa_spanning_enabled != a.host->spanning_target) {
		if (inventory->numa_spanning_enabled != a.host->spanning_recorded) {
			np_refuse(error,
			          "host '%s': NumaSpanningEnabled is neither the recorded nor the "
			          "target value: nothing changed",
			          a.host->name);
			return NP_APPLY_REFUSED;
		}
		a.spanning_left = TRUE;
	}
	for (guint i = 0; i < a.host->vms->len; i++) {
		NpApplyVm v = {0};
		gboolean ok = np_check_vm(&a, g_ptr_array_index(a.host->vms, i), &v, error);
		g_array_append_val(vms, v);
		if (!ok)
			return error != NULL && *error != NULL && (*error)->domain == NP_WSMAN_ERROR
			           ? NP_APPLY_FAILED
			           : NP_APPLY_REFUSED;
	}
	/* the preconditions hold: write */
	if (a.spanning_left && !np_apply_spanning(&a, &failure)) {
		np_journal_failure(&a, NULL, failure);
		g_propagate_error(error, g_steal_pointer(&failure));
		return NP_APPLY_FAILED;
	}
	for (guint i = 0; i < vms->len; i++) {
		const NpApplyVm *v = &g_array_index(vms, NpApplyVm, i);
		gboolean left = v->left[0] || v->left[1] || v->left[2];
		if (!left && !v->start)
			continue;
		if (!np_apply_vm(&a, v, &failure)) {
			g_prefix_error(&failure, "VM '%s' (%s): ", v->vm->name, v->vm->guid);
			np_journal_failure(&a, v->vm, failure);
			g_propagate_error(error, g_steal_pointer(&failure));
			return NP_APPLY_FAILED;
		}
		changed += left;
		/* a VM an earlier run stopped and left off, started now */
		restarted += !left;
	}
	for (guint i = 0; i < a.host->creates->len; i++) {
		const NpPlanVm *create = g_ptr_array_index(a.host->creates, i);
		np_say(&a,
		       "VM '%s': the scenario boots it on '%s', which does not have it: apply "
		       "never creates VMs (not performed)",
		       create->vm,
		       a.host->name);
	}
	if (restarted > 0)
		np_say(&a,
		       "host '%s': %u VM%s an earlier run shut down: %s",
		       a.host->name,
		       restarted,
		       restarted == 1 ? "" : "s",
		       options->dry_run ? "would be started again" : "started again");
	if (!a.spanning_left && changed == 0 && restarted == 0)
		np_say(&a, "host '%s': nothing to do, it already matches the plan", a.host->name);
	else if (a.spanning_left || changed > 0)
		np_say(&a,
		       "host '%s': %s%u VM%s %s",
		       a.host->name,
		       a.spanning_left ? "NUMA spanning and " : "",
		       changed,
		       changed == 1 ? "" : "s",
		       options->dry_run ? "would be changed (dry run: nothing sent)" : "changed");
	return NP_APPLY_DONE;
}
