/* What-if comparison (scenario.md §4): two replays' final VM states and
 * summaries, side by side */
#include <string.h>

#include "np-enum-private.h"
#include "np-planning-private.h"

static const gchar *const np_summary_field_names[] = {
    "events",
    "active",
    "stopped",
    "rejected",
    "failed_to_start",
    "deleted",
    "error",
    "spanned",
    "remote_mb",
};

const gchar *
np_summary_field_to_string(NpSummaryField field)
{
	G_STATIC_ASSERT(G_N_ELEMENTS(np_summary_field_names) == NP_SUMMARY_LAST);
	return np_enum_name(np_summary_field_names,
	                    sizeof(np_summary_field_names[0]),
	                    NP_SUMMARY_LAST,
	                    field);
}

/**
 * np_engine_summary:
 * @summary: (out) (array fixed-size=NP_SUMMARY_LAST): the counts of the
 *   `summary` object of scenario.md §2 (`by_code` aside)
 */
void
np_engine_summary(const NpEngine *engine, guint n_events, gint64 *summary)
{
	static const NpStatus statuses[] = {
	    [NP_SUMMARY_ACTIVE] = NP_STATUS_ACTIVE,
	    [NP_SUMMARY_STOPPED] = NP_STATUS_STOPPED,
	    [NP_SUMMARY_REJECTED] = NP_STATUS_REJECTED,
	    [NP_SUMMARY_FAILED_TO_START] = NP_STATUS_FAILED_TO_START,
	    [NP_SUMMARY_DELETED] = NP_STATUS_DELETED,
	    [NP_SUMMARY_ERROR] = NP_STATUS_ERROR,
	};

	memset(summary, 0, NP_SUMMARY_LAST * sizeof(gint64));
	summary[NP_SUMMARY_EVENTS] = n_events;
	for (guint i = 0; i < engine->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
		for (guint f = NP_SUMMARY_ACTIVE; f <= NP_SUMMARY_ERROR; f++)
			summary[f] += vm->status == statuses[f];
		if (vm->status == NP_STATUS_ACTIVE) {
			summary[NP_SUMMARY_SPANNED] += np_hv_backing_is_spanned(&vm->backing);
			summary[NP_SUMMARY_REMOTE_MB] += np_hv_backing_get_remote_mb(&vm->backing);
		}
	}
}

static void
np_vm_state_of(const NpEngine *engine, const NpSimVm *vm, NpVmState *state)
{
	state->present = TRUE;
	state->status = vm->status;
	state->host = vm->host >= 0 ? g_strdup(np_engine_host(engine, vm->host)->name) : NULL;
	state->code = vm->code;
	state->spanned = np_hv_backing_is_spanned(&vm->backing);
	state->remote_mb = np_hv_backing_get_remote_mb(&vm->backing);
}

static void
np_vm_diff_free(NpVmDiff *diff)
{
	if (diff == NULL)
		return;
	g_free(diff->vm);
	g_free(diff->a.host);
	g_free(diff->b.host);
	g_free(diff);
}

void
np_compare_free(NpCompare *compare)
{
	if (compare == NULL)
		return;
	g_ptr_array_unref(compare->vms);
	g_free(compare);
}

static guint
np_vm_differs(const NpVmState *a, const NpVmState *b)
{
	guint differs = 0;
	if (!a->present || !b->present)
		return NP_VM_FIELD_ALL;
	if (a->status != b->status)
		differs |= NP_VM_FIELD_STATUS;
	if (g_strcmp0(a->host, b->host) != 0)
		differs |= NP_VM_FIELD_HOST;
	if (a->code != b->code)
		differs |= NP_VM_FIELD_CODE;
	if (a->spanned != b->spanned)
		differs |= NP_VM_FIELD_SPANNED;
	if (a->remote_mb != b->remote_mb)
		differs |= NP_VM_FIELD_REMOTE_MB;
	return differs;
}

/**
 * np_compare_new:
 * @a, @b: the two replays' end states (SCENARIO, then OTHER or the variant)
 * @a_events, @b_events: their scenarios' event items
 *
 * Returns: (transfer full): every VM whose final status, host, code,
 * spanned or remote_mb differs (a VM in one replay only differs in all
 * five), SCENARIO's creation order first, and both summaries
 */
NpCompare *
np_compare_new(const NpEngine *a, guint a_events, const NpEngine *b, guint b_events)
{
	NpCompare *compare = g_new0(NpCompare, 1);

	compare->vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_vm_diff_free);
	np_engine_summary(a, a_events, compare->a);
	np_engine_summary(b, b_events, compare->b);
	for (guint i = 0; i < a->vms->len + b->vms->len; i++) {
		gboolean from_a = i < a->vms->len;
		const NpSimVm *vm =
		    g_ptr_array_index(from_a ? a->vms : b->vms, from_a ? i : i - a->vms->len);
		const NpSimVm *other =
		    g_hash_table_lookup(from_a ? b->vm_index : a->vm_index, vm->name);
		NpVmDiff *diff;
		/* a VM both have is compared once, in SCENARIO's order */
		if (!from_a && other != NULL)
			continue;
		diff = g_new0(NpVmDiff, 1);
		diff->vm = g_strdup(vm->name);
		if (from_a) {
			np_vm_state_of(a, vm, &diff->a);
			if (other != NULL)
				np_vm_state_of(b, other, &diff->b);
		} else {
			np_vm_state_of(b, vm, &diff->b);
		}
		diff->differs = np_vm_differs(&diff->a, &diff->b);
		if (diff->differs == 0) {
			np_vm_diff_free(diff);
			continue;
		}
		g_ptr_array_add(compare->vms, diff);
	}
	return compare;
}
