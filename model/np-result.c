/* Event and VM results: scenario.md §2 */
#include <string.h>

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

/* ---------------------------------------------------------------- parts */

guint
np_parts_unit_end(const NpPart *parts, guint n_parts, guint start)
{
	guint end = start + 1;
	while (end < n_parts && parts[end].vnode == parts[start].vnode)
		end++;
	return end;
}

gboolean
np_parts_are_spanned(const NpPart *parts, guint n_parts)
{
	for (guint i = 1; i < n_parts; i++) {
		if (parts[i].vnode == parts[i - 1].vnode)
			return TRUE;
	}
	return FALSE;
}

gint64
np_parts_get_remote_mb(const NpPart *parts, guint n_parts)
{
	gint64 remote = 0;
	for (guint i = 1; i < n_parts; i++) {
		if (parts[i].vnode == parts[i - 1].vnode)
			remote += parts[i].memory_mb;
	}
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
	return np_vm_result_new_sized(vm, NULL, 0, 0, status);
}

/* one block for the result, its names, @n_parts parts and @n_cells cells:
 * a result is made for every VM an event touches */
NpVmResult *
np_vm_result_new_sized(const gchar *vm,
                       const gchar *host,
                       guint n_parts,
                       guint n_cells,
                       NpStatus status)
{
	gsize vm_len = strlen(vm) + 1, host_len = host != NULL ? strlen(host) + 1 : 0;
	gsize size = sizeof(NpVmResult) + n_parts * sizeof(NpPart) + n_cells * sizeof(gint64)
	             + vm_len + host_len;
	NpVmResult *r = g_malloc0(size);
	guint8 *tail = (guint8 *)(r + 1);

	r->in_block = TRUE;
	if (n_parts > 0) {
		r->parts = (NpPart *)tail;
		r->n_parts = n_parts;
		tail += n_parts * sizeof(NpPart);
	}
	if (n_cells > 0) {
		r->cells = (gint64 *)tail;
		r->n_cells = n_cells;
		tail += n_cells * sizeof(gint64);
	}
	r->vm = memcpy(tail, vm, vm_len);
	tail += vm_len;
	if (host != NULL)
		r->host = memcpy(tail, host, host_len);
	r->status = status;
	return r;
}

void
np_vm_result_add_warning(NpVmResult *result, NpWarning *warning)
{
	if (result->warnings == NULL)
		result->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
	g_ptr_array_add(result->warnings, warning);
}

void
np_vm_result_free(NpVmResult *result)
{
	if (result == NULL)
		return;
	g_free(result->message);
	if (!result->in_block) {
		g_free(result->vm);
		g_free(result->host);
		g_free(result->cells);
		g_free(result->parts);
	}
	if (result->warnings != NULL)
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
	guint n = 0;
	g_return_val_if_fail(result != NULL, 0);
	for (guint p = 0; p < result->n_parts;
	     p = np_parts_unit_end(result->parts, result->n_parts, p))
		n++;
	return n;
}

gint64
np_vm_result_get_unit_home(const NpVmResult *result, guint unit)
{
	guint n = 0;
	g_return_val_if_fail(result != NULL, -1);
	for (guint p = 0; p < result->n_parts;
	     p = np_parts_unit_end(result->parts, result->n_parts, p)) {
		if (n++ == unit)
			return result->parts[p].node;
	}
	g_return_val_if_reached(-1);
}

guint
np_vm_result_get_n_warnings(const NpVmResult *result)
{
	g_return_val_if_fail(result != NULL, 0);
	return result->warnings != NULL ? result->warnings->len : 0;
}

/* @message: (out) (optional) (transfer none) */
NpCode
np_vm_result_get_warning(const NpVmResult *result, guint index, const gchar **message)
{
	const NpWarning *warning;
	g_return_val_if_fail(result != NULL && index < np_vm_result_get_n_warnings(result),
	                     NP_CODE_NONE);
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
	return r;
}

void
np_event_result_add_warning(NpEventResult *result, NpWarning *warning)
{
	if (result->warnings == NULL)
		result->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
	g_ptr_array_add(result->warnings, warning);
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
	if (result->warnings != NULL)
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
