/* Result documents and expectations; see np-report.h */
#include <math.h>
#include <string.h>

#include "np-json.h"
#include "np-report.h"

/* --------------------------------------------------------- building */

static cJSON *
np_code_json(NpCode code)
{
	return code == NP_CODE_NONE ? cJSON_CreateNull() : cJSON_CreateString(np_code_to_string(code));
}

static cJSON *
np_backing_json(const GPtrArray *backing)
{
	cJSON *array = cJSON_CreateArray();
	for (guint i = 0; backing != NULL && i < backing->len; i++) {
		const NpUnit *unit = g_ptr_array_index(backing, i);
		cJSON *obj = cJSON_CreateObject();
		cJSON *parts = cJSON_CreateArray();
		np_json_add_int(obj, "vnode", unit->vnode);
		np_json_add_int(obj, "home", np_unit_get_home(unit));
		for (guint p = 0; p < unit->parts->len; p++) {
			const NpPart *part = &g_array_index(unit->parts, NpPart, p);
			cJSON *po = cJSON_CreateObject();
			np_json_add_int(po, "node", part->node);
			np_json_add_int(po, "memory_mb", part->memory_mb);
			cJSON_AddItemToArray(parts, po);
		}
		cJSON_AddItemToObject(obj, "parts", parts);
		cJSON_AddItemToArray(array, obj);
	}
	return array;
}

static cJSON *
np_cells_json(const GArray *cells)
{
	return cells != NULL ? np_json_new_int_array(cells) : cJSON_CreateNull();
}

static cJSON *
np_filtered_json(const NpFilterCounts *f)
{
	cJSON *obj = cJSON_CreateObject();
	np_json_add_int(obj, "compute", f->compute);
	np_json_add_int(obj, "ram", f->ram);
	np_json_add_int(obj, "cpu", f->cpu);
	np_json_add_int(obj, "numa", f->numa);
	return obj;
}

/* the fields of a VM result, after index/type for events */
static void
np_vm_result_fill(cJSON *obj, const NpVmResult *r)
{
	cJSON_AddStringToObject(obj, "vm", r->vm);
	cJSON_AddStringToObject(obj, "status", np_status_to_string(r->status));
	cJSON_AddItemToObject(obj, "code", np_code_json(r->code));
	np_json_add_string_or_null(obj, "message", r->message);
	np_json_add_string_or_null(obj, "host", r->host);
	np_json_add_int(obj, "attempts", r->attempts);
	if (r->has_vnuma) {
		cJSON *vnuma = cJSON_AddObjectToObject(obj, "vnuma");
		cJSON_AddBoolToObject(vnuma, "enabled", r->vnuma_enabled);
		np_json_add_int(vnuma, "nodes", r->vnuma_nodes);
		np_json_add_int(vnuma, "cpus_per_node", r->cpus_per_node);
		np_json_add_int(vnuma, "memory_mb_per_node", r->memory_mb_per_node);
	} else {
		cJSON_AddNullToObject(obj, "vnuma");
	}
	cJSON_AddItemToObject(obj, "cells", np_cells_json(r->cells));
	cJSON_AddItemToObject(obj, "backing", np_backing_json(r->backing));
	cJSON_AddBoolToObject(obj, "spanned", r->spanned);
	np_json_add_int(obj, "remote_mb", r->remote_mb);
	cJSON_AddItemToObject(obj, "warnings", np_json_new_warnings(r->warnings));
	if (r->has_filtered)
		cJSON_AddItemToObject(obj, "filtered", np_filtered_json(&r->filtered));
	if (r->has_demand) {
		np_json_add_int(obj, "memory_mb", r->memory_mb);
		np_json_add_int(obj, "target_mb", r->target_mb);
		np_json_add_int(obj, "shortfall_mb", r->shortfall_mb);
	}
}

static cJSON *
np_event_head(const NpEventResult *e)
{
	cJSON *obj = cJSON_CreateObject();
	np_json_add_int(obj, "index", e->index);
	cJSON_AddStringToObject(obj, "type", np_event_type_to_string(e->type));
	return obj;
}

static cJSON *
np_host_event_json(const NpEventResult *e)
{
	cJSON *obj = np_event_head(e);
	np_json_add_string_or_null(obj, "host", e->host);
	cJSON_AddStringToObject(obj, "status", np_status_to_string(e->status));
	cJSON_AddItemToObject(obj, "code", np_code_json(e->code));
	np_json_add_string_or_null(obj, "message", e->message);
	cJSON_AddItemToObject(obj, "warnings", np_json_new_warnings(e->warnings));
	if (e->type == NP_EVENT_SET_SPANNING)
		cJSON_AddBoolToObject(obj, "enabled", e->enabled);
	if (e->type == NP_EVENT_FAIL_HOST) {
		cJSON *evacuated = cJSON_AddArrayToObject(obj, "evacuated");
		for (guint i = 0; i < e->vms->len; i++) {
			cJSON *vm = cJSON_CreateObject();
			np_vm_result_fill(vm, g_ptr_array_index(e->vms, i));
			cJSON_AddItemToArray(evacuated, vm);
		}
	}
	if (e->type == NP_EVENT_CAPACITY) {
		cJSON *per_host = cJSON_CreateObject();
		np_json_add_string_or_null(obj, "flavor", e->flavor);
		np_json_add_int(obj, "fits", e->fits);
		for (guint i = 0; e->per_host != NULL && i < e->per_host->len; i++) {
			const NpHostCount *count = g_ptr_array_index(e->per_host, i);
			np_json_add_int(per_host, count->host, count->count);
		}
		cJSON_AddItemToObject(obj, "per_host", per_host);
		np_json_add_int(obj, "would_span", e->would_span);
		cJSON_AddItemToObject(obj, "stopped_by", np_code_json(e->stopped_by));
	}
	return obj;
}

static cJSON *
np_vms_json(const NpRun *run)
{
	cJSON *array = cJSON_CreateArray();
	for (guint i = 0; i < run->vms->len; i++) {
		const NpVmState *vm = g_ptr_array_index(run->vms, i);
		cJSON *obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "name", vm->name);
		cJSON_AddStringToObject(obj, "status", np_status_to_string(vm->status));
		np_json_add_string_or_null(obj, "host", vm->host);
		np_json_add_string_or_null(obj, "flavor", vm->flavor);
		cJSON_AddItemToObject(obj, "code", np_code_json(vm->code));
		cJSON_AddItemToObject(obj, "cells", np_cells_json(vm->cells));
		cJSON_AddItemToObject(obj, "backing", np_backing_json(vm->backing));
		cJSON_AddBoolToObject(obj, "spanned", vm->spanned);
		np_json_add_int(obj, "remote_mb", vm->remote_mb);
		cJSON_AddItemToArray(array, obj);
	}
	return array;
}

static cJSON *
np_hosts_json(const NpRun *run)
{
	cJSON *array = cJSON_CreateArray();
	for (guint i = 0; i < run->hosts->len; i++) {
		const NpHostState *host = g_ptr_array_index(run->hosts, i);
		cJSON *obj = cJSON_CreateObject();
		cJSON *nodes = cJSON_CreateArray();
		cJSON_AddStringToObject(obj, "name", host->name);
		cJSON_AddBoolToObject(obj, "numa_spanning", host->numa_spanning);
		cJSON_AddBoolToObject(obj, "enabled", host->enabled);
		np_json_add_int(obj, "claimed_vcpus", host->claimed_vcpus);
		np_json_add_int(obj, "claimed_memory_mb", host->claimed_memory_mb);
		for (guint n = 0; n < host->nodes->len; n++) {
			const NpNodeState *node = &g_array_index(host->nodes, NpNodeState, n);
			cJSON *no = cJSON_CreateObject();
			np_json_add_int(no, "id", node->id);
			np_json_add_int(no, "cpus", node->cpus);
			np_json_add_int(no, "memory_mb", node->memory_mb);
			np_json_add_int(no, "reserved_mb", node->reserved_mb);
			np_json_add_int(no, "free_mb", node->free_mb);
			np_json_add_int(no, "backed_mb", node->backed_mb);
			np_json_add_int(no, "claimed_vcpus", node->claimed_vcpus);
			np_json_add_int(no, "claimed_memory_mb", node->claimed_memory_mb);
			cJSON_AddItemToArray(nodes, no);
		}
		cJSON_AddItemToObject(obj, "nodes", nodes);
		cJSON_AddItemToArray(array, obj);
	}
	return array;
}

static void
np_count_code(GHashTable *by_code, const cJSON *obj)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(obj, "code");
	if (cJSON_IsString(code)) {
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(by_code, code->valuestring));
		g_hash_table_insert(by_code, code->valuestring, GUINT_TO_POINTER(n + 1));
	}
}

static cJSON *
np_summary_json(const NpScenario *scenario, const NpRun *run, const cJSON *events)
{
	static const struct {
		NpStatus status;
		const gchar *key;
	} statuses[] = {
	    {NP_STATUS_ACTIVE, "active"},   {NP_STATUS_STOPPED, "stopped"},
	    {NP_STATUS_REJECTED, "rejected"}, {NP_STATUS_FAILED_TO_START, "failed_to_start"},
	    {NP_STATUS_DELETED, "deleted"}, {NP_STATUS_ERROR, "error"},
	};
	cJSON *obj = cJSON_CreateObject();
	cJSON *by_code_obj = cJSON_CreateObject();
	g_autoptr(GHashTable) by_code = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GList) codes = NULL;
	const cJSON *event;
	gint64 spanned = 0, remote = 0;

	np_json_add_int(obj, "events", scenario->events->len);
	for (guint s = 0; s < G_N_ELEMENTS(statuses); s++) {
		gint64 n = 0;
		for (guint i = 0; i < run->vms->len; i++) {
			const NpVmState *vm = g_ptr_array_index(run->vms, i);
			n += vm->status == statuses[s].status;
		}
		np_json_add_int(obj, statuses[s].key, n);
	}
	for (guint i = 0; i < run->vms->len; i++) {
		const NpVmState *vm = g_ptr_array_index(run->vms, i);
		if (vm->status != NP_STATUS_ACTIVE)
			continue;
		spanned += vm->spanned;
		remote += vm->remote_mb;
	}
	np_json_add_int(obj, "spanned", spanned);
	np_json_add_int(obj, "remote_mb", remote);
	cJSON_ArrayForEach(event, events)
	{
		const cJSON *evacuated = cJSON_GetObjectItemCaseSensitive(event, "evacuated");
		const cJSON *vm;
		np_count_code(by_code, event);
		cJSON_ArrayForEach(vm, evacuated) np_count_code(by_code, vm);
	}
	codes = g_hash_table_get_keys(by_code);
	codes = g_list_sort(codes, (GCompareFunc)g_strcmp0);
	for (GList *l = codes; l != NULL; l = l->next)
		np_json_add_int(by_code_obj, l->data,
				GPOINTER_TO_UINT(g_hash_table_lookup(by_code, l->data)));
	cJSON_AddItemToObject(obj, "by_code", by_code_obj);
	return obj;
}

/* ------------------------------------------------------- expectations */

typedef struct {
	guint passed;
	guint failed;
	cJSON *failures; /* every failure, for the expectations block */
} NpExpectTally;

static gchar *
np_json_short(const cJSON *item)
{
	if (item == NULL)
		return g_strdup("(missing)");
	return np_json_print_line(item);
}

static gboolean
np_value_equal(const cJSON *expected, const cJSON *actual)
{
	if (actual == NULL)
		return FALSE;
	if (cJSON_IsNumber(expected) || cJSON_IsRaw(expected)) {
		gdouble e = cJSON_IsRaw(expected) ? g_ascii_strtod(expected->valuestring, NULL)
						  : expected->valuedouble;
		gdouble a;
		gint64 ei, ai;
		/* exact when both are integers: a double would make values beyond
		 * 2^53 equal to their neighbours */
		if (np_json_get_int64(expected, &ei) && np_json_get_int64(actual, &ai))
			return ei == ai;
		if (cJSON_IsRaw(actual))
			a = g_ascii_strtod(actual->valuestring, NULL);
		else if (cJSON_IsNumber(actual))
			a = actual->valuedouble;
		else
			return FALSE;
		return e == a;
	}
	if (cJSON_IsString(expected))
		return cJSON_IsString(actual) && g_strcmp0(expected->valuestring, actual->valuestring) == 0;
	if (cJSON_IsBool(expected))
		return cJSON_IsBool(actual) && cJSON_IsTrue(expected) == cJSON_IsTrue(actual);
	if (cJSON_IsNull(expected))
		return cJSON_IsNull(actual);
	return FALSE;
}

/* subset match: the first mismatching path in @where, NULL when it matches */
static gchar *
np_match(const cJSON *expected, const cJSON *actual, const gchar *path)
{
	if (cJSON_IsObject(expected)) {
		const cJSON *e;
		if (!cJSON_IsObject(actual))
			return g_strdup(path);
		cJSON_ArrayForEach(e, expected)
		{
			g_autofree gchar *sub = g_strdup_printf("%s.%s", path, e->string);
			gchar *bad = np_match(e, cJSON_GetObjectItemCaseSensitive(actual, e->string), sub);
			if (bad != NULL)
				return bad;
		}
		return NULL;
	}
	if (cJSON_IsArray(expected)) {
		gint i = 0;
		const cJSON *e;
		if (!cJSON_IsArray(actual) || cJSON_GetArraySize(expected) != cJSON_GetArraySize(actual))
			return g_strdup(path);
		cJSON_ArrayForEach(e, expected)
		{
			g_autofree gchar *sub = g_strdup_printf("%s[%d]", path, i);
			gchar *bad = np_match(e, cJSON_GetArrayItem(actual, i), sub);
			if (bad != NULL)
				return bad;
			i++;
		}
		return NULL;
	}
	return np_value_equal(expected, actual) ? NULL : g_strdup(path);
}

/* checks each key of @expect against @actual; failures go to @failures */
static void
np_check(NpExpectTally *tally, const cJSON *expect, const cJSON *actual, cJSON *failures,
	 const gchar *prefix, const cJSON *event_index, const gchar *vm)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, expect)
	{
		g_autofree gchar *key =
		    prefix != NULL ? g_strdup_printf("%s.%s", prefix, e->string) : g_strdup(e->string);
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(actual, e->string);
		g_autofree gchar *bad = np_match(e, a, key);
		cJSON *failure;
		if (bad == NULL) {
			tally->passed++;
			continue;
		}
		tally->failed++;
		failure = cJSON_CreateObject();
		cJSON_AddItemToObject(failure, "event",
				      event_index != NULL ? cJSON_Duplicate(event_index, TRUE)
							  : cJSON_CreateNull());
		np_json_add_string_or_null(failure, "vm", vm);
		cJSON_AddStringToObject(failure, "key", key);
		if (g_strcmp0(bad, key) != 0)
			cJSON_AddStringToObject(failure, "where", bad);
		cJSON_AddItemToObject(failure, "expected", cJSON_Duplicate(e, TRUE));
		cJSON_AddItemToObject(failure, "actual",
				      a != NULL ? cJSON_Duplicate(a, TRUE) : cJSON_CreateNull());
		cJSON_AddItemToArray(failures, cJSON_Duplicate(failure, TRUE));
		cJSON_AddItemToArray(tally->failures, failure);
	}
}

static void
np_check_event(NpExpectTally *tally, const cJSON *expect, cJSON *obj)
{
	cJSON *result = cJSON_CreateObject();
	cJSON *failures = cJSON_CreateArray();
	const cJSON *vm = cJSON_GetObjectItemCaseSensitive(obj, "vm");
	guint before = tally->failed;
	np_check(tally, expect, obj, failures, NULL, cJSON_GetObjectItemCaseSensitive(obj, "index"),
		 cJSON_IsString(vm) ? vm->valuestring : NULL);
	cJSON_AddBoolToObject(result, "ok", tally->failed == before);
	cJSON_AddItemToObject(result, "failures", failures);
	cJSON_AddItemToObject(obj, "expect", result);
}

/* the top-level expect: summary keys, vms.NAME keys, hosts.NAME keys */
static void
np_check_final(NpExpectTally *tally, const cJSON *expect, const cJSON *report)
{
	const cJSON *section;
	g_autoptr(cJSON) scratch = cJSON_CreateArray();
	cJSON_ArrayForEach(section, expect)
	{
		const cJSON *actual = cJSON_GetObjectItemCaseSensitive(report, section->string);
		if (g_strcmp0(section->string, "summary") == 0) {
			np_check(tally, section, actual, scratch, "summary", NULL, NULL);
		} else {
			/* vms and hosts: name → keys of that entry */
			const cJSON *entry;
			cJSON_ArrayForEach(entry, section)
			{
				const cJSON *found = NULL, *item;
				g_autofree gchar *prefix =
				    g_strdup_printf("%s.%s", section->string, entry->string);
				cJSON_ArrayForEach(item, actual)
				{
					const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
					if (cJSON_IsString(name) &&
					    g_strcmp0(name->valuestring, entry->string) == 0)
						found = item;
				}
				np_check(tally, entry, found, scratch, prefix, NULL,
					 g_strcmp0(section->string, "vms") == 0 ? entry->string : NULL);
			}
		}
	}
}

cJSON *
np_report_build(const NpScenario *scenario, const NpRun *run)
{
	cJSON *report = cJSON_CreateObject();
	cJSON *events = cJSON_CreateArray();
	cJSON *expectations = cJSON_CreateObject();
	NpExpectTally tally = {0, 0, cJSON_CreateArray()};

	np_json_add_int(report, "numaplan", 1);
	cJSON_AddStringToObject(report, "scenario", scenario->name);
	np_json_add_int(report, "seed", (gint64)scenario->settings.seed);
	for (guint i = 0; i < run->events->len; i++) {
		const NpEventResult *e = g_ptr_array_index(run->events, i);
		const NpEvent *event =
		    e->index < scenario->events->len ? g_ptr_array_index(scenario->events, e->index) : NULL;
		const cJSON *expect = event != NULL ? event->expect : NULL;
		if (np_event_type_is_vm_event(e->type)) {
			for (guint v = 0; v < e->vms->len; v++) {
				cJSON *obj = np_event_head(e);
				np_vm_result_fill(obj, g_ptr_array_index(e->vms, v));
				if (expect != NULL)
					np_check_event(&tally, expect, obj);
				else
					cJSON_AddNullToObject(obj, "expect");
				cJSON_AddItemToArray(events, obj);
			}
		} else {
			cJSON *obj = np_host_event_json(e);
			if (expect != NULL)
				np_check_event(&tally, expect, obj);
			else
				cJSON_AddNullToObject(obj, "expect");
			cJSON_AddItemToArray(events, obj);
		}
	}
	cJSON_AddItemToObject(report, "events", events);
	cJSON_AddItemToObject(report, "vms", np_vms_json(run));
	cJSON_AddItemToObject(report, "hosts", np_hosts_json(run));
	cJSON_AddItemToObject(report, "summary", np_summary_json(scenario, run, events));
	if (scenario->expect != NULL)
		np_check_final(&tally, scenario->expect, report);
	np_json_add_int(expectations, "passed", tally.passed);
	np_json_add_int(expectations, "failed", tally.failed);
	cJSON_AddItemToObject(expectations, "failures", tally.failures);
	cJSON_AddItemToObject(report, "expectations", expectations);
	return report;
}

guint
np_report_get_failed(const cJSON *report)
{
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(report, "expectations");
	gint64 failed = 0;
	if (!np_json_get_int64(cJSON_GetObjectItemCaseSensitive(exp, "failed"), &failed))
		return 0;
	return (guint)failed;
}

gchar *
np_report_to_json(const cJSON *report)
{
	return np_json_print_pretty(report);
}

/* ----------------------------------------------------------------- text */

static const gchar *
np_s(const cJSON *obj, const gchar *key, const gchar *fallback)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(item) ? item->valuestring : fallback;
}

static gint64
np_i(const cJSON *obj, const gchar *key)
{
	gint64 value = 0;
	if (!np_json_get_int64(cJSON_GetObjectItemCaseSensitive(obj, key), &value))
		return 0;
	return value;
}

static void
np_text_backing(GString *out, const cJSON *backing)
{
	const cJSON *unit;
	cJSON_ArrayForEach(unit, backing)
	{
		const cJSON *part;
		g_string_append_printf(out, " v%" G_GINT64_FORMAT ":", np_i(unit, "vnode"));
		cJSON_ArrayForEach(part, cJSON_GetObjectItemCaseSensitive(unit, "parts"))
		{
			g_string_append_printf(out, "%s%" G_GINT64_FORMAT "=%" G_GINT64_FORMAT,
					       part == cJSON_GetObjectItemCaseSensitive(unit, "parts")->child ? "n" : "+n",
					       np_i(part, "node"), np_i(part, "memory_mb"));
		}
	}
}

static void
np_text_vm_line(GString *out, const cJSON *obj, const gchar *lead)
{
	const cJSON *cells = cJSON_GetObjectItemCaseSensitive(obj, "cells");
	const cJSON *backing = cJSON_GetObjectItemCaseSensitive(obj, "backing");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(obj, "code");
	g_string_append_printf(out, "%s%-16s %-15s %-10s", lead, np_s(obj, "vm", "?"),
			       np_s(obj, "status", "?"), np_s(obj, "host", "-"));
	if (cJSON_IsArray(cells)) {
		g_autofree gchar *c = np_json_print_line(cells);
		g_string_append_printf(out, " cells %s", c);
	}
	if (cJSON_GetArraySize(backing) > 0) {
		g_string_append(out, " backing");
		np_text_backing(out, backing);
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "spanned")))
			g_string_append_printf(out, " SPANNED remote %" G_GINT64_FORMAT " MiB",
					       np_i(obj, "remote_mb"));
	}
	if (cJSON_GetObjectItemCaseSensitive(obj, "target_mb") != NULL)
		g_string_append_printf(out, " memory %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " MiB",
				       np_i(obj, "memory_mb"), np_i(obj, "target_mb"));
	if (cJSON_IsString(code))
		g_string_append_printf(out, " [%s]", code->valuestring);
	g_string_append_c(out, '\n');
	if (cJSON_IsString(code) && np_s(obj, "message", NULL) != NULL)
		g_string_append_printf(out, "%*s  %s\n", (gint)strlen(lead), "",
				       np_s(obj, "message", ""));
	{
		const cJSON *w;
		cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(obj, "warnings"))
		    g_string_append_printf(out, "%*s  warning %s: %s\n", (gint)strlen(lead), "",
					   np_s(w, "code", "?"), np_s(w, "message", ""));
	}
}

gchar *
np_report_to_text(const cJSON *report)
{
	GString *out = g_string_new(NULL);
	const cJSON *event, *host, *failure;
	const cJSON *summary = cJSON_GetObjectItemCaseSensitive(report, "summary");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(report, "expectations");

	g_string_append_printf(out, "scenario %s\n\n", np_s(report, "scenario", "?"));
	cJSON_ArrayForEach(event, cJSON_GetObjectItemCaseSensitive(report, "events"))
	{
		g_autofree gchar *lead =
		    g_strdup_printf("#%-3" G_GINT64_FORMAT " %-12s ", np_i(event, "index"),
				    np_s(event, "type", "?"));
		if (cJSON_GetObjectItemCaseSensitive(event, "vm") != NULL) {
			np_text_vm_line(out, event, lead);
		} else {
			const cJSON *code = cJSON_GetObjectItemCaseSensitive(event, "code");
			const cJSON *w, *vm;
			g_string_append_printf(out, "%s%-16s %s", lead, np_s(event, "host", "-"),
					       np_s(event, "status", "?"));
			if (cJSON_IsString(code))
				g_string_append_printf(out, " [%s] %s", code->valuestring,
						       np_s(event, "message", ""));
			if (cJSON_GetObjectItemCaseSensitive(event, "fits") != NULL) {
				const cJSON *ph;
				g_string_append_printf(
				    out, " %s: %" G_GINT64_FORMAT " more fit (%" G_GINT64_FORMAT
					 " would span), stopped by %s;",
				    np_s(event, "flavor", "?"), np_i(event, "fits"),
				    np_i(event, "would_span"), np_s(event, "stopped_by", "-"));
				/* hosts that take none are left out of the text */
				cJSON_ArrayForEach(ph, cJSON_GetObjectItemCaseSensitive(event, "per_host"))
				{
					gint64 n = np_i(cJSON_GetObjectItemCaseSensitive(event, "per_host"),
							ph->string);
					if (n > 0)
						g_string_append_printf(out, " %s=%" G_GINT64_FORMAT,
								       ph->string, n);
				}
			}
			g_string_append_c(out, '\n');
			cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(event, "warnings"))
			    g_string_append_printf(out, "%*s  warning %s: %s\n", (gint)strlen(lead), "",
						   np_s(w, "code", "?"), np_s(w, "message", ""));
			cJSON_ArrayForEach(vm, cJSON_GetObjectItemCaseSensitive(event, "evacuated"))
			    np_text_vm_line(out, vm, "       evacuated ");
		}
	}

	g_string_append(out, "\nhost             node  LPs   memory  reserved  claimed vCPU/MiB     "
			     "backed     free\n");
	cJSON_ArrayForEach(host, cJSON_GetObjectItemCaseSensitive(report, "hosts"))
	{
		const cJSON *node;
		g_autofree gchar *name = g_strdup_printf(
		    "%s%s%s", np_s(host, "name", "?"),
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(host, "enabled")) ? "" : " (failed)",
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(host, "numa_spanning")) ? ""
											  : " (no span)");
		cJSON_ArrayForEach(node, cJSON_GetObjectItemCaseSensitive(host, "nodes"))
		{
			g_autofree gchar *claimed =
			    g_strdup_printf("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
					    np_i(node, "claimed_vcpus"), np_i(node, "claimed_memory_mb"));
			g_string_append_printf(out,
					       "%-16s %5" G_GINT64_FORMAT " %4" G_GINT64_FORMAT
					       " %8" G_GINT64_FORMAT " %9" G_GINT64_FORMAT
					       "  %-18s %8" G_GINT64_FORMAT " %8" G_GINT64_FORMAT "\n",
					       node == cJSON_GetObjectItemCaseSensitive(host, "nodes")->child
						   ? name
						   : "",
					       np_i(node, "id"), np_i(node, "cpus"), np_i(node, "memory_mb"),
					       np_i(node, "reserved_mb"), claimed, np_i(node, "backed_mb"),
					       np_i(node, "free_mb"));
		}
		g_string_append_printf(out, "%-16s host claims %" G_GINT64_FORMAT " vCPUs, %" G_GINT64_FORMAT
					    " MiB\n",
				       "", np_i(host, "claimed_vcpus"), np_i(host, "claimed_memory_mb"));
	}
	g_string_append_printf(
	    out,
	    "\nVMs: %" G_GINT64_FORMAT " active, %" G_GINT64_FORMAT " stopped, %" G_GINT64_FORMAT
	    " rejected, %" G_GINT64_FORMAT " failed to start, %" G_GINT64_FORMAT
	    " deleted, %" G_GINT64_FORMAT " lost; %" G_GINT64_FORMAT " spanned (%" G_GINT64_FORMAT
	    " MiB remote)\n",
	    np_i(summary, "active"), np_i(summary, "stopped"), np_i(summary, "rejected"),
	    np_i(summary, "failed_to_start"), np_i(summary, "deleted"), np_i(summary, "error"),
	    np_i(summary, "spanned"), np_i(summary, "remote_mb"));
	g_string_append_printf(out, "expectations: %" G_GINT64_FORMAT " passed, %" G_GINT64_FORMAT
				    " failed\n",
			       np_i(exp, "passed"), np_i(exp, "failed"));
	cJSON_ArrayForEach(failure, cJSON_GetObjectItemCaseSensitive(exp, "failures"))
	{
		g_autofree gchar *expected =
		    np_json_short(cJSON_GetObjectItemCaseSensitive(failure, "expected"));
		g_autofree gchar *actual =
		    np_json_short(cJSON_GetObjectItemCaseSensitive(failure, "actual"));
		const cJSON *index = cJSON_GetObjectItemCaseSensitive(failure, "event");
		g_autofree gchar *where =
		    cJSON_IsNull(index) ? g_strdup("final")
					: g_strdup_printf("event %" G_GINT64_FORMAT, np_i(failure, "event"));
		g_string_append_printf(out, "FAILED %s%s%s: %s: expected %s, got %s\n", where,
				       np_s(failure, "vm", NULL) != NULL ? " " : "",
				       np_s(failure, "vm", ""), np_s(failure, "key", "?"), expected,
				       actual);
	}
	return g_string_free(out, FALSE);
}
