/* numaplan — what an event did: one result per event, with one VM result
 * per VM it touched (scenario.md §2) */
#pragma once

#include <glib.h>

#include "np-code.h"
#include "np-event.h"

G_BEGIN_DECLS

typedef enum {
	NP_STATUS_ACTIVE,
	NP_STATUS_REJECTED,
	NP_STATUS_FAILED_TO_START,
	NP_STATUS_STOPPED,
	NP_STATUS_DELETED,
	NP_STATUS_ERROR,
	NP_STATUS_OK,
	NP_STATUS_LAST
} NpStatus;

/* "active", "rejected", "failed-to-start", "stopped", "deleted", "error", "ok" */
const gchar *np_status_to_string(NpStatus status);
NpStatus np_status_from_string(const gchar *str);

typedef struct _NpEventResult NpEventResult;
typedef struct _NpVmResult NpVmResult;

void np_event_result_free(NpEventResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpEventResult, np_event_result_free)

guint np_event_result_get_index(const NpEventResult *result);
NpEventType np_event_result_get_event_type(const NpEventResult *result);
/* host events: ok or error, with a code and message on error */
NpStatus np_event_result_get_status(const NpEventResult *result);
NpCode np_event_result_get_code(const NpEventResult *result);
const gchar *np_event_result_get_message(const NpEventResult *result);
const gchar *np_event_result_get_host(const NpEventResult *result);
/* VM events: one per VM (a count: boot has several); fail_host: the
 * evacuated VMs; others: none */
guint np_event_result_get_n_vms(const NpEventResult *result);
const NpVmResult *np_event_result_get_vm(const NpEventResult *result, guint index);
/* capacity: how many more fit, how many of those would span, the code
 * that stopped the search, and per host */
gint64 np_event_result_get_fits(const NpEventResult *result);
gint64 np_event_result_get_would_span(const NpEventResult *result);
NpCode np_event_result_get_stopped_by(const NpEventResult *result);
guint np_event_result_get_n_per_host(const NpEventResult *result);
const gchar *np_event_result_get_per_host(const NpEventResult *result, guint index, gint64 *count);

const gchar *np_vm_result_get_name(const NpVmResult *result);
NpStatus np_vm_result_get_status(const NpVmResult *result);
NpCode np_vm_result_get_code(const NpVmResult *result);
const gchar *np_vm_result_get_message(const NpVmResult *result);
const gchar *np_vm_result_get_host(const NpVmResult *result);
gint np_vm_result_get_attempts(const NpVmResult *result);
gboolean np_vm_result_get_spanned(const NpVmResult *result);
gint64 np_vm_result_get_remote_mb(const NpVmResult *result);
/* virtual NUMA nodes (1 for a plain VM), 0 when refused before resolving */
gint64 np_vm_result_get_vnuma_nodes(const NpVmResult *result);
/* units of memory Hyper-V backed (one per vNUMA node, or one) and, per
 * unit, the physical node that holds most of it */
guint np_vm_result_get_n_units(const NpVmResult *result);
gint64 np_vm_result_get_unit_home(const NpVmResult *result, guint unit);
guint np_vm_result_get_n_warnings(const NpVmResult *result);
NpCode np_vm_result_get_warning(const NpVmResult *result, guint index, const gchar **message);

G_END_DECLS
