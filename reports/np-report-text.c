/* The text report, for people: a line per VM result, a table per host and
 * NUMA node (Nova's claims beside Hyper-V's backing), the summary and
 * every failed expectation */
#include <string.h>

#include "np-report-private.h"

static void
np_text_backing(GString *out, const NpPart *parts, guint n_parts)
{
	for (guint start = 0, end; start < n_parts; start = end) {
		end = np_parts_unit_end(parts, n_parts, start);
		g_string_append_printf(out, " v%" G_GINT64_FORMAT ":", parts[start].vnode);
		for (guint p = start; p < end; p++)
			g_string_append_printf(out,
			                       "%s%" G_GINT64_FORMAT "=%" G_GINT64_FORMAT,
			                       p == start ? "n" : "+n",
			                       parts[p].node,
			                       parts[p].memory_mb);
	}
}

static void
np_text_warnings(GString *out, const GPtrArray *warnings, gsize indent)
{
	for (guint i = 0; warnings != NULL && i < warnings->len; i++) {
		const NpWarning *w = g_ptr_array_index(warnings, i);
		g_string_append_printf(out,
		                       "%*s  warning %s: %s\n",
		                       (gint)indent,
		                       "",
		                       np_code_to_string(w->code),
		                       w->message != NULL ? w->message : "");
	}
}

void
np_report_text_vm(GString *out, const NpVmResult *r, const gchar *lead)
{
	g_string_append_printf(out,
	                       "%s%-16s %-15s %-10s",
	                       lead,
	                       r->vm,
	                       np_status_to_string(r->status),
	                       r->host != NULL ? r->host : "-");
	if (r->cells != NULL) {
		g_string_append(out, " cells [");
		for (guint i = 0; i < r->n_cells; i++)
			g_string_append_printf(out,
			                       "%s%" G_GINT64_FORMAT,
			                       i > 0 ? "," : "",
			                       r->cells[i]);
		g_string_append_c(out, ']');
	}
	if (r->n_parts > 0) {
		g_string_append(out, " backing");
		np_text_backing(out, r->parts, r->n_parts);
		if (r->spanned)
			g_string_append_printf(out,
			                       " SPANNED remote %" G_GINT64_FORMAT " MiB",
			                       r->remote_mb);
	}
	if (r->has_demand)
		g_string_append_printf(out,
		                       " memory %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " MiB",
		                       r->memory_mb,
		                       r->target_mb);
	if (r->code != NP_CODE_NONE)
		g_string_append_printf(out, " [%s]", np_code_to_string(r->code));
	g_string_append_c(out, '\n');
	/* each start that failed, where and why (reschedules, rules.md §4);
	 * a VM that never started lists them in its message already */
	for (guint i = 0; r->failed_starts != NULL && i < r->failed_starts->len; i++) {
		const NpFailedStart *f = g_ptr_array_index(r->failed_starts, i);
		g_string_append_printf(out,
		                       "%*s  attempt %u on %s failed [%s]: %s\n",
		                       (gint)strlen(lead),
		                       "",
		                       i + 1,
		                       f->host,
		                       np_code_to_string(f->code),
		                       f->message != NULL ? f->message : "");
	}
	if (r->code != NP_CODE_NONE && r->message != NULL
	    && (r->failed_starts == NULL || r->status != NP_STATUS_FAILED_TO_START))
		g_string_append_printf(out, "%*s  %s\n", (gint)strlen(lead), "", r->message);
	np_text_warnings(out, r->warnings, strlen(lead));
}

void
np_report_text_vm_event(GString *out, const NpEventResult *e, const NpVmResult *r)
{
	gchar lead[64];
	g_snprintf(lead, sizeof(lead), "#%-3u %-12s ", e->index, np_event_type_to_string(e->type));
	np_report_text_vm(out, r, lead);
}

void
np_report_text_event(GString *out, const NpEventResult *e)
{
	g_autofree gchar *lead =
	    g_strdup_printf("#%-3u %-12s ", e->index, np_event_type_to_string(e->type));

	if (np_event_type_is_vm_event(e->type)) {
		for (guint v = 0; v < e->vms->len; v++)
			np_report_text_vm(out, g_ptr_array_index(e->vms, v), lead);
		return;
	}
	g_string_append_printf(out,
	                       "%s%-16s %s",
	                       lead,
	                       e->host != NULL ? e->host : "-",
	                       np_status_to_string(e->status));
	if (e->code != NP_CODE_NONE)
		g_string_append_printf(out,
		                       " [%s] %s",
		                       np_code_to_string(e->code),
		                       e->message != NULL ? e->message : "");
	if (e->type == NP_EVENT_CAPACITY) {
		g_string_append_printf(
		    out,
		    " %s: %" G_GINT64_FORMAT " more fit (%" G_GINT64_FORMAT
		    " would span), stopped by %s;",
		    e->flavor != NULL ? e->flavor : "?",
		    e->fits,
		    e->would_span,
		    e->stopped_by != NP_CODE_NONE ? np_code_to_string(e->stopped_by) : "-");
		/* hosts that take none are left out of the text */
		for (guint i = 0; e->per_host != NULL && i < e->per_host->len; i++) {
			const NpHostCount *count = g_ptr_array_index(e->per_host, i);
			if (count->count > 0)
				g_string_append_printf(out,
				                       " %s=%" G_GINT64_FORMAT,
				                       count->host,
				                       count->count);
		}
		if (e->fits == 0)
			g_string_append(out, " no host takes one more");
	}
	g_string_append_c(out, '\n');
	np_text_warnings(out, e->warnings, strlen(lead));
	if (e->type == NP_EVENT_FAIL_HOST) {
		for (guint v = 0; v < e->vms->len; v++)
			np_report_text_vm(out, g_ptr_array_index(e->vms, v), "       evacuated ");
	}
}

static gchar *
np_json_short(const cJSON *item)
{
	if (item == NULL)
		return g_strdup("(missing)");
	return np_json_print_line(item);
}

void
np_report_text_finish(GString *out,
                      const NpEngine *engine,
                      const gint64 *summary,
                      const NpExpectTally *tally,
                      const NpHeadroom *headroom)
{
	const cJSON *failure;

	g_string_append(out,
	                "\nhost             node  LPs   memory  reserved  claimed vCPU/MiB     "
	                "backed     free\n");
	for (guint h = 0; h < np_engine_get_n_hosts(engine); h++) {
		NpHostInfo host;
		g_autofree gchar *name = NULL;
		np_engine_get_host(engine, h, &host);
		if (!host.present)
			continue;
		name = g_strdup_printf("%s%s%s",
		                       host.name,
		                       host.enabled ? "" : " (failed)",
		                       host.numa_spanning ? "" : " (no span)");
		for (guint n = 0; n < host.n_nodes; n++) {
			NpNodeInfo node;
			g_autofree gchar *claimed = NULL;
			np_engine_get_node(engine, h, n, &node);
			claimed = g_strdup_printf("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
			                          node.claimed_vcpus,
			                          node.claimed_memory_mb);
			g_string_append_printf(out,
			                       "%-16s %5" G_GINT64_FORMAT " %4" G_GINT64_FORMAT
			                       " %8" G_GINT64_FORMAT " %9" G_GINT64_FORMAT
			                       "  %-18s %8" G_GINT64_FORMAT " %8" G_GINT64_FORMAT
			                       "\n",
			                       n == 0 ? name : "",
			                       node.id,
			                       node.cpus,
			                       node.memory_mb,
			                       node.reserved_mb,
			                       claimed,
			                       node.backed_mb,
			                       node.free_mb);
		}
		g_string_append_printf(out,
		                       "%-16s host claims %" G_GINT64_FORMAT
		                       " vCPUs, %" G_GINT64_FORMAT " MiB\n",
		                       "",
		                       host.claimed_vcpus,
		                       host.claimed_memory_mb);
	}
	np_report_free_text(out, engine, headroom);
	g_string_append_printf(out,
	                       "\nVMs: %" G_GINT64_FORMAT " active, %" G_GINT64_FORMAT
	                       " stopped, %" G_GINT64_FORMAT " rejected, %" G_GINT64_FORMAT
	                       " failed to start, %" G_GINT64_FORMAT " deleted, %" G_GINT64_FORMAT
	                       " lost; %" G_GINT64_FORMAT " spanned (%" G_GINT64_FORMAT
	                       " MiB remote)\n",
	                       summary[0],
	                       summary[1],
	                       summary[2],
	                       summary[3],
	                       summary[4],
	                       summary[5],
	                       summary[6],
	                       summary[7]);
	g_string_append_printf(out,
	                       "expectations: %u passed, %u failed\n",
	                       tally->passed,
	                       tally->failed);
	cJSON_ArrayForEach (failure, tally->failures) {
		const cJSON *index = cJSON_GetObjectItemCaseSensitive(failure, "event");
		const cJSON *vm = cJSON_GetObjectItemCaseSensitive(failure, "vm");
		const cJSON *key = cJSON_GetObjectItemCaseSensitive(failure, "key");
		g_autofree gchar *expected =
		    np_json_short(cJSON_GetObjectItemCaseSensitive(failure, "expected"));
		g_autofree gchar *actual =
		    np_json_short(cJSON_GetObjectItemCaseSensitive(failure, "actual"));
		g_autofree gchar *where = NULL;
		gint64 event = 0;
		if (cJSON_IsNull(index) || !np_json_get_int64(index, &event))
			where = g_strdup("final");
		else
			where = g_strdup_printf("event %" G_GINT64_FORMAT, event);
		g_string_append_printf(out,
		                       "FAILED %s%s%s: %s: expected %s, got %s\n",
		                       where,
		                       cJSON_IsString(vm) ? " " : "",
		                       cJSON_IsString(vm) ? vm->valuestring : "",
		                       cJSON_IsString(key) ? key->valuestring : "?",
		                       expected,
		                       actual);
	}
}
