/* N+1 failover (scenario.md §4): each host failed on its own copy of the
 * end state, its VMs evacuated as a fail_host event does (rules.md §6) */
#include "np-planning-private.h"

static void
np_failover_host_free(NpFailoverHost *answer)
{
	if (answer == NULL)
		return;
	np_event_result_free(answer->result);
	g_free(answer);
}

void
np_failover_free(NpFailover *failover)
{
	if (failover == NULL)
		return;
	g_ptr_array_unref(failover->hosts);
	g_free(failover);
}

static gboolean
np_failover_wanted(const NpEngine *engine, const GArray *hosts, guint index)
{
	const NpSimHost *host = np_engine_host(engine, index);
	if (hosts == NULL)
		return !host->failed && !host->removed;
	for (guint i = 0; i < hosts->len; i++) {
		if (g_array_index(hosts, guint, i) == index)
			return !host->removed;
	}
	return FALSE;
}

static NpFailoverHost *
np_failover_one(const NpEngine *engine, guint index)
{
	g_autoptr(NpEngine) copy = np_engine_copy(engine);
	const NpSimHost *host = np_engine_host(engine, index);
	g_autoptr(NpEvent) event = np_event_new(NP_EVENT_FAIL_HOST, host->name);
	NpFailoverHost *answer = g_new0(NpFailoverHost, 1);

	answer->host = index;
	answer->result = np_engine_apply(copy, event, NULL);
	if (answer->result == NULL) /* cannot be: a known, present host */
		answer->result = np_event_result_new(copy->n_applied, NP_EVENT_FAIL_HOST);
	for (guint v = 0; v < answer->result->vms->len; v++) {
		const NpVmResult *r = g_ptr_array_index(answer->result->vms, v);
		if (r->status == NP_STATUS_ERROR)
			answer->lost++;
		if (r->status == NP_STATUS_ACTIVE) {
			answer->spanned += r->spanned;
			answer->remote_mb += r->remote_mb;
		}
	}
	{
		g_autoptr(NpHeadroom) headroom = np_headroom_new(copy);
		answer->free_after = headroom->cluster;
	}
	return answer;
}

/**
 * np_failover_new:
 * @engine: the end state; each answer is on a copy of it
 * @hosts: (nullable) (element-type guint): the hosts to fail, by index;
 *   %NULL for every host enabled now. A host already failed evacuates
 *   nothing; removed hosts are the caller's to refuse.
 *
 * Returns: (transfer full): per host the fail_host answer; the worst host
 * (most lost, then most remote memory, then the first) and whether no
 * answered host loses a VM
 */
NpFailover *
np_failover_new(const NpEngine *engine, const GArray *hosts)
{
	NpFailover *failover = g_new0(NpFailover, 1);

	failover->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_failover_host_free);
	failover->worst = -1;
	failover->survives = TRUE;
	for (guint i = 0; i < engine->hosts->len; i++) {
		NpFailoverHost *answer, *worst;
		if (!np_failover_wanted(engine, hosts, i))
			continue;
		answer = np_failover_one(engine, i);
		g_ptr_array_add(failover->hosts, answer);
		if (answer->lost > 0)
			failover->survives = FALSE;
		worst = failover->worst >= 0 ? g_ptr_array_index(failover->hosts, failover->worst)
		                             : NULL;
		if (worst == NULL || answer->lost > worst->lost
		    || (answer->lost == worst->lost && answer->remote_mb > worst->remote_mb))
			failover->worst = (gint)failover->hosts->len - 1;
	}
	return failover;
}
