/* Event and VM results: scenario.md §2 */
#include "np-enum-private.h"
#include "np-result-private.h"

static const gchar *const np_status_names[] = {
    "active",
    "rejected",
    "failed-to-start",
    "stopped",
    "deleted",
    "error",
    "ok",
};

NP_DEFINE_ENUM_STRINGS(NpStatus, np_status, NP_STATUS_LAST, np_status_names)

/* ---------------------------------------------------------------- units */

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

gboolean
np_backing_is_spanned(const GPtrArray *backing)
{
	for (guint i = 0; backing != NULL && i < backing->len; i++) {
		const NpUnit *unit = g_ptr_array_index(backing, i);
		if (unit->parts->len > 1)
			return TRUE;
	}
	return FALSE;
}

gint64
np_backing_get_remote_mb(const GPtrArray *backing)
{
	gint64 remote = 0;
	for (guint i = 0; backing != NULL && i < backing->len; i++)
		remote += np_unit_get_remote_mb(g_ptr_array_index(backing, i));
	return remote;
}

/* ------------------------------------------------------ failed starts */

void
np_failed_start_free(NpFailedStart *start)
{
	if (start == NULL)
		return;
	g_free(start->host);
	g_free(start->message);
	g_free(start);
}

void
np_failed_starts_add(GPtrArray **list, const gchar *host, NpCode code, const gchar *message)
{
	NpFailedStart *start = g_new0(NpFailedStart, 1);
	if (*list == NULL)
		*list = g_ptr_array_new_with_free_func((GDestroyNotify)np_failed_start_free);
	start->host = g_strdup(host);
	start->code = code;
	start->message = g_strdup(message);
	g_ptr_array_add(*list, start);
}

/* ------------------------------------------------------------ VM results */

NpVmResult *
np_vm_result_new(const gchar *vm, NpStatus status)
{
	NpVmResult *r = g_new0(NpVmResult, 1);
	r->vm = g_strdup(vm);
	r->status = status;
	r->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
	r->backing = g_ptr_array_new_with_free_func((GDestroyNotify)np_unit_free);
	return r;
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
	if (result->failed_starts != NULL)
		g_ptr_array_unref(result->failed_starts);
	g_free(result);
}

const gchar *
np_vm_result_get_name(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, NULL);
	return result->vm;
}

NpStatus
np_vm_result_get_status(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, NP_STATUS_LAST);
	return result->status;
}

NpCode
np_vm_result_get_code(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, NP_CODE_NONE);
	return result->code;
}

const gchar *
np_vm_result_get_message(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, NULL);
	return result->message;
}

/* (nullable): the host the VM is on after the event */
const gchar *
np_vm_result_get_host(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, NULL);
	return result->host;
}

gint
np_vm_result_get_attempts(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->attempts;
}

gboolean
np_vm_result_get_spanned(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, FALSE);
	return result->spanned;
}

gint64
np_vm_result_get_remote_mb(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->remote_mb;
}

gint64
np_vm_result_get_vnuma_nodes(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->has_vnuma ? result->vnuma_nodes : 0;
}

guint
np_vm_result_get_n_units(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->backing->len;
}

gint64
np_vm_result_get_unit_home(const NpVmResult *result, guint unit)
{
	g_return_val_if_fail(result != NULL && unit < result->backing->len, -1);
	return np_unit_get_home(g_ptr_array_index(result->backing, unit));
}

guint
np_vm_result_get_n_warnings(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->warnings->len;
}

/* @message: (out) (optional) (transfer none) */
NpCode
np_vm_result_get_warning(const NpVmResult *result, guint index, const gchar **message)
{
	const NpWarning *warning;
	g_return_val_if_fail(result != NULL && index < result->warnings->len, NP_CODE_NONE);
	warning = g_ptr_array_index(result->warnings, index);
	if (message != NULL)
		*message = warning->message;
	return warning->code;
}

/* --------------------------------------------------------- event results */

static void
np_host_count_free(NpHostCount *count)
{
	g_free(count->host);
	g_free(count);
}

NpEventResult *
np_event_result_new(guint index, NpEventType type)
{
	NpEventResult *r = g_new0(NpEventResult, 1);
	r->index = index;
	r->type = type;
	r->status = NP_STATUS_OK;
	r->vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_vm_result_free);
	r->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
	return r;
}

void
np_event_result_add_per_host(NpEventResult *result, const gchar *host, gint64 count)
{
	NpHostCount *entry = g_new0(NpHostCount, 1);
	if (result->per_host == NULL)
		result->per_host =
		    g_ptr_array_new_with_free_func((GDestroyNotify)np_host_count_free);
	entry->host = g_strdup(host);
	entry->count = count;
	g_ptr_array_add(result->per_host, entry);
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

guint
np_event_result_get_index(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->index;
}

NpEventType
np_event_result_get_event_type(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, NP_EVENT_LAST);
	return result->type;
}

NpStatus
np_event_result_get_status(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, NP_STATUS_LAST);
	return result->status;
}

NpCode
np_event_result_get_code(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, NP_CODE_NONE);
	return result->code;
}

const gchar *
np_event_result_get_message(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, NULL);
	return result->message;
}

const gchar *
np_event_result_get_host(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, NULL);
	return result->host;
}

guint
np_event_result_get_n_vms(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->vms->len;
}

const NpVmResult *
np_event_result_get_vm(const NpEventResult *result, guint index)
{
	g_return_val_if_fail(result != NULL && index < result->vms->len, NULL);
	return g_ptr_array_index(result->vms, index);
}

gint64
np_event_result_get_fits(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->fits;
}

gint64
np_event_result_get_would_span(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->would_span;
}

NpCode
np_event_result_get_stopped_by(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, NP_CODE_NONE);
	return result->stopped_by;
}

guint
np_event_result_get_n_per_host(const NpEventResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->per_host != NULL ? result->per_host->len : 0;
}

/* Returns: (transfer none): the host's name; *@count its trial VMs */
const gchar *
np_event_result_get_per_host(const NpEventResult *result, guint index, gint64 *count)
{
	const NpHostCount *entry;
	g_return_val_if_fail(result != NULL && index < np_event_result_get_n_per_host(result),
	                     NULL);
	entry = g_ptr_array_index(result->per_host, index);
	if (count != NULL)
		*count = entry->count;
	return entry->host;
}
