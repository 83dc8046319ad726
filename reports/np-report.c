/* Reports as sinks: see np-report.h. Expectations are checked against the
 * very objects the JSON report holds (an `expect:` names their keys), so
 * JSON, text and the exit status can never disagree. */
#include <string.h>

#include "np-enum-private.h"
#include "np-report-private.h"

/* output is handed to the writer in pieces of about this size */
#define NP_REPORT_CHUNK (64 * 1024)

static const gchar *const np_report_format_names[] = {"text", "json", "csv", "junit", "html"};

NP_DEFINE_ENUM_STRINGS(NpReportFormat, np_report_format, NP_REPORT_LAST, np_report_format_names)

/* the summary's counts of final VM statuses, in scenario.md §2 order */
static const struct {
	NpStatus status;
	const gchar *key;
} np_summary_statuses[] = {
    {NP_STATUS_ACTIVE, "active"},
    {NP_STATUS_STOPPED, "stopped"},
    {NP_STATUS_REJECTED, "rejected"},
    {NP_STATUS_FAILED_TO_START, "failed_to_start"},
    {NP_STATUS_DELETED, "deleted"},
    {NP_STATUS_ERROR, "error"},
};

struct _NpReport {
	NpReportFormat format;
	const NpScenario *scenario;
	NpWriteFunc write;
	gpointer user_data;
	GString *out;
	NpJsonWriter *json;
	NpExpectTally tally;
	guint64 by_code[NP_CODE_LAST]; /* event objects carrying each code */
	guint n_events;
	gboolean started;
	gboolean finished;
	/* html: the cluster after each event, the capacity answers */
	GArray *samples; /* NpSample */
	cJSON *capacity;
};

/**
 * np_report_new:
 * @format: text or JSON
 * @scenario: (transfer none): names the run and holds the expectations;
 *   it must outlive the report
 * @write: where the output goes
 *
 * Returns: (transfer full): the report
 */
NpReport *
np_report_new(NpReportFormat format,
              const NpScenario *scenario,
              NpWriteFunc write,
              gpointer user_data)
{
	NpReport *report;
	g_return_val_if_fail(format < NP_REPORT_LAST, NULL);
	g_return_val_if_fail(scenario != NULL && write != NULL, NULL);
	report = g_new0(NpReport, 1);
	report->format = format;
	report->scenario = scenario;
	report->write = write;
	report->user_data = user_data;
	report->out = g_string_new(NULL);
	report->json = np_json_writer_new(report->out);
	report->tally.failures = cJSON_CreateArray();
	if (format == NP_REPORT_JUNIT)
		report->tally.checks = cJSON_CreateArray();
	if (format == NP_REPORT_HTML) {
		report->samples = g_array_new(FALSE, TRUE, sizeof(NpSample));
		g_array_set_clear_func(report->samples, (GDestroyNotify)np_sample_clear);
		report->capacity = cJSON_CreateArray();
	}
	return report;
}

void
np_report_free(NpReport *report)
{
	if (report == NULL)
		return;
	np_json_writer_free(report->json);
	g_string_free(report->out, TRUE);
	cJSON_Delete(report->tally.failures);
	cJSON_Delete(report->tally.checks);
	if (report->samples != NULL)
		g_array_unref(report->samples);
	cJSON_Delete(report->capacity);
	g_free(report);
}

guint
np_report_get_passed(const NpReport *report)
{
	g_return_val_if_fail(report != NULL, 0);
	return report->tally.passed;
}

guint
np_report_get_failed(const NpReport *report)
{
	g_return_val_if_fail(report != NULL, 0);
	return report->tally.failed;
}

const NpExpectTally *
np_report_get_tally(const NpReport *report)
{
	return &report->tally;
}

static gboolean
np_report_flush(NpReport *report, gboolean all, GError **error)
{
	if (report->out->len == 0 || (!all && report->out->len < NP_REPORT_CHUNK))
		return TRUE;
	/* a container still deciding its layout may yet rewrite its tail */
	if (!all && !np_json_writer_is_settled(report->json))
		return TRUE;
	if (!report->write(report->out->str, report->out->len, report->user_data, error))
		return FALSE;
	g_string_truncate(report->out, 0);
	return TRUE;
}

static void
np_report_start(NpReport *report)
{
	if (report->started)
		return;
	report->started = TRUE;
	if (report->format == NP_REPORT_JSON) {
		np_json_begin_object(report->json, NULL);
		np_json_int(report->json, "numaplan", 1);
		np_json_string(report->json, "scenario", report->scenario->name);
		np_json_int(report->json, "seed", (gint64)report->scenario->settings.seed);
		np_json_begin_array(report->json, "events");
	} else if (report->format == NP_REPORT_TEXT) {
		g_string_append_printf(report->out, "scenario %s\n\n", report->scenario->name);
	} else if (report->format == NP_REPORT_CSV) {
		np_report_csv_header(report->out);
	}
}

static void
np_emit_vm_result(NpJsonWriter *w, gconstpointer event, gconstpointer vm)
{
	np_report_vm_result(w, event, vm);
}

static void
np_emit_host_event(NpJsonWriter *w, gconstpointer event, gconstpointer unused)
{
	np_report_host_event(w, event);
}

/* one object of `events`: with its expectations checked when it has any */
static void
np_report_event_object(NpReport *report,
                       const cJSON *expect,
                       NpEmitFunc emit,
                       gconstpointer a,
                       gconstpointer b,
                       const gchar *vm)
{
	g_autoptr(cJSON) object = NULL;
	cJSON *result, *failures;
	guint before = report->tally.failed;

	if (expect == NULL) {
		if (report->format != NP_REPORT_JSON)
			return;
		np_json_begin_object(report->json, NULL);
		emit(report->json, a, b);
		np_json_null(report->json, "expect");
		np_json_end(report->json);
		return;
	}
	object = np_report_to_cjson(emit, a, b);
	result = cJSON_CreateObject();
	failures = cJSON_CreateArray();
	np_expect_check(&report->tally,
	                expect,
	                object,
	                failures,
	                NULL,
	                cJSON_GetObjectItemCaseSensitive(object, "index"),
	                vm);
	cJSON_AddBoolToObject(result, "ok", report->tally.failed == before);
	cJSON_AddItemToObject(result, "failures", failures);
	cJSON_AddItemToObject(object, "expect", result);
	if (report->format == NP_REPORT_JSON)
		np_json_value(report->json, NULL, object);
}

static void
np_report_count(NpReport *report, NpCode code)
{
	if (code != NP_CODE_NONE && code < NP_CODE_LAST)
		report->by_code[code]++;
}

gboolean
np_report_add_event(const NpEvent *event,
                    const NpEventResult *result,
                    gpointer data,
                    GError **error)
{
	NpReport *report = data;
	g_autoptr(cJSON) expect = NULL;

	g_return_val_if_fail(report != NULL && result != NULL, FALSE);
	g_return_val_if_fail(!report->finished, FALSE);
	np_report_start(report);
	report->n_events++;
	if (event != NULL && event->expect_json != NULL)
		expect =
		    np_json_parse(event->expect_json, strlen(event->expect_json), "<expect>", NULL);
	if (np_event_type_is_vm_event(result->type)) {
		for (guint v = 0; v < result->vms->len; v++) {
			const NpVmResult *r = g_ptr_array_index(result->vms, v);
			np_report_count(report, r->code);
			np_report_event_object(report, expect, np_emit_vm_result, result, r, r->vm);
			if (report->format == NP_REPORT_TEXT)
				np_report_text_vm_event(report->out, result, r);
			else if (report->format == NP_REPORT_CSV)
				np_report_csv_vm_event(report->out, result, r);
			/* a count: boot's VMs go out as they are written */
			if (!np_report_flush(report, FALSE, error))
				return FALSE;
		}
		return TRUE;
	} else {
		np_report_count(report, result->code);
		for (guint v = 0; v < result->vms->len; v++)
			np_report_count(report,
			                ((NpVmResult *)g_ptr_array_index(result->vms, v))->code);
		np_report_event_object(report, expect, np_emit_host_event, result, NULL, NULL);
	}
	if (report->format == NP_REPORT_TEXT)
		np_report_text_event(report->out, result);
	else if (report->format == NP_REPORT_CSV)
		np_report_csv_event(report->out, result);
	else if (report->format == NP_REPORT_HTML && result->type == NP_EVENT_CAPACITY)
		cJSON_AddItemToArray(report->capacity,
		                     np_report_to_cjson(np_emit_host_event, result, NULL));
	return np_report_flush(report, FALSE, error);
}

/* ------------------------------------------------------------- the end */

static gint
np_cmp_string_ptr(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

static void
np_emit_vm_state(NpJsonWriter *w, gconstpointer engine, gconstpointer data)
{
	const NpSimVm *vm = data;
	g_autoptr(NpVmResult) r = np_sim_vm_result(engine, vm, vm->status);
	np_report_vm_state(w, r, vm->config != NULL ? vm->config->flavor->name : NULL, vm->code);
}

static void
np_emit_host_state(NpJsonWriter *w, gconstpointer engine, gconstpointer index)
{
	np_report_host_state(w, engine, GPOINTER_TO_UINT(index));
}

static void
np_emit_summary(NpJsonWriter *w, gconstpointer report_data, gconstpointer engine_data)
{
	const NpReport *report = report_data;
	const NpEngine *engine = engine_data;
	gint64 spanned = 0, remote = 0;
	g_autoptr(GPtrArray) codes = g_ptr_array_new();

	np_json_int(w, "events", report->n_events);
	for (guint s = 0; s < G_N_ELEMENTS(np_summary_statuses); s++) {
		gint64 n = 0;
		for (guint i = 0; i < engine->vms->len; i++) {
			const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
			n += vm->status == np_summary_statuses[s].status;
		}
		np_json_int(w, np_summary_statuses[s].key, n);
	}
	for (guint i = 0; i < engine->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
		if (vm->status != NP_STATUS_ACTIVE)
			continue;
		spanned += np_hv_backing_is_spanned(&vm->backing);
		remote += np_hv_backing_get_remote_mb(&vm->backing);
	}
	np_json_int(w, "spanned", spanned);
	np_json_int(w, "remote_mb", remote);
	for (guint c = 0; c < NP_CODE_LAST; c++) {
		if (report->by_code[c] > 0)
			g_ptr_array_add(codes, (gpointer)np_code_to_string(c));
	}
	/* keys sorted bytewise */
	g_ptr_array_sort(codes, np_cmp_string_ptr);
	np_json_begin_object(w, "by_code");
	for (guint i = 0; i < codes->len; i++) {
		const gchar *code = g_ptr_array_index(codes, i);
		np_json_int(w, code, report->by_code[np_code_from_string(code)]);
	}
	np_json_end(w);
}

/* the top-level expect: summary keys, vms.NAME keys, hosts.NAME keys, in
 * the order the file names them */
static void
np_check_final(NpReport *report, const NpEngine *engine)
{
	g_autoptr(cJSON) expect = NULL;
	g_autoptr(cJSON) scratch = cJSON_CreateArray();
	const cJSON *section;

	if (report->scenario->expect_json == NULL)
		return;
	expect = np_json_parse(report->scenario->expect_json,
	                       strlen(report->scenario->expect_json),
	                       "<expect>",
	                       NULL);
	cJSON_ArrayForEach (section, expect) {
		const cJSON *entry;
		if (g_strcmp0(section->string, "summary") == 0) {
			g_autoptr(cJSON) summary =
			    np_report_to_cjson(np_emit_summary, report, engine);
			np_expect_check(&report->tally,
			                section,
			                summary,
			                scratch,
			                "summary",
			                NULL,
			                NULL);
			continue;
		}
		cJSON_ArrayForEach (entry, section) {
			g_autofree gchar *prefix =
			    g_strdup_printf("%s.%s", section->string, entry->string);
			g_autoptr(cJSON) found = NULL;
			gboolean vms = g_strcmp0(section->string, "vms") == 0;
			guint index = 0;
			if (vms && np_engine_lookup_vm(engine, entry->string, &index))
				found = np_report_to_cjson(np_emit_vm_state,
				                           engine,
				                           g_ptr_array_index(engine->vms, index));
			else if (!vms && np_engine_lookup_host(engine, entry->string, &index)
			         && !np_engine_host(engine, index)->removed)
				found = np_report_to_cjson(np_emit_host_state,
				                           engine,
				                           GUINT_TO_POINTER(index));
			np_expect_check(&report->tally,
			                entry,
			                found,
			                scratch,
			                prefix,
			                NULL,
			                vms ? entry->string : NULL);
		}
	}
}

/**
 * np_report_finish:
 * @engine: the engine after the last event: its VMs and hosts end the
 *   report
 *
 * Checks the scenario's final expectations and writes the rest.
 *
 * Returns: FALSE when writing failed
 */
/* the HTML page of a run */
static void
np_report_html(NpReport *report,
               const NpEngine *engine,
               NpEngine *scratch,
               const NpHeadroom *headroom)
{
	gint64 summary[NP_SUMMARY_LAST];
	g_autofree gchar *title = g_strdup_printf("numaplan: %s", report->scenario->name);
	g_autofree gchar *subtitle = NULL;
	g_autoptr(NpFailover) failover = np_failover_new(scratch, NULL);
	guint n_hosts = 0, n_nodes = 0;

	np_engine_summary(engine, report->n_events, summary);
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		n_hosts += !host->removed;
		n_nodes += host->removed ? 0 : host->hv.n_nodes;
	}
	subtitle = g_strdup_printf("after %u events: %u hosts, %u NUMA nodes, %" G_GINT64_FORMAT
	                           " VMs active, %" G_GINT64_FORMAT " spanning NUMA nodes",
	                           report->n_events,
	                           n_hosts,
	                           n_nodes,
	                           summary[NP_SUMMARY_ACTIVE],
	                           summary[NP_SUMMARY_SPANNED]);
	np_html_begin(report->out, title, subtitle);
	np_html_cards(report->out, engine, headroom, &report->tally);
	np_html_glance(report->out, engine);
	np_html_hosts(report->out, engine, "Hosts after the last event");
	np_html_timeline(report->out, report->samples);
	np_html_free(report->out, engine, headroom);
	np_html_fragmentation(report->out, engine, headroom);
	np_html_capacity_events(report->out, report->capacity);
	np_html_failover(report->out, engine, failover);
	np_html_vms(report->out, engine);
	np_html_expectations(report->out, &report->tally);
	np_html_end(report->out);
}

/**
 * np_report_finish:
 * @engine: the engine after the last event: its VMs and hosts end the
 *   report
 *
 * Checks the scenario's final expectations and writes the rest.
 *
 * Returns: FALSE when writing failed
 */
gboolean
np_report_finish(NpReport *report, const NpEngine *engine, GError **error)
{
	NpJsonWriter *w = report->json;
	gint64 summary[G_N_ELEMENTS(np_summary_statuses) + 2] = {0};
	g_autoptr(NpEngine) scratch = NULL;
	g_autoptr(NpHeadroom) headroom = NULL;

	g_return_val_if_fail(report != NULL && engine != NULL, FALSE);
	g_return_val_if_fail(!report->finished, FALSE);
	np_report_start(report);
	report->finished = TRUE;
	np_check_final(report, engine);
	if (report->format == NP_REPORT_JUNIT) {
		np_report_junit_finish(report->out, report->scenario, &report->tally);
		return np_report_flush(report, TRUE, error);
	}
	/* free capacity and fragmentation: trial VMs on a copy of the hosts;
	 * the HTML report's failover also needs the VMs */
	scratch = np_engine_copy_state(engine, report->format == NP_REPORT_HTML);
	headroom = np_headroom_new(scratch);
	if (report->format == NP_REPORT_CSV) {
		np_report_csv_finish(report->out, engine, headroom);
		return np_report_flush(report, TRUE, error);
	}
	if (report->format == NP_REPORT_HTML) {
		np_report_html(report, engine, scratch, headroom);
		return np_report_flush(report, TRUE, error);
	}
	if (report->format == NP_REPORT_TEXT) {
		for (guint i = 0; i < engine->vms->len; i++) {
			const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
			for (guint s = 0; s < G_N_ELEMENTS(np_summary_statuses); s++)
				summary[s] += vm->status == np_summary_statuses[s].status;
			if (vm->status == NP_STATUS_ACTIVE) {
				summary[G_N_ELEMENTS(np_summary_statuses)] +=
				    np_hv_backing_is_spanned(&vm->backing);
				summary[G_N_ELEMENTS(np_summary_statuses) + 1] +=
				    np_hv_backing_get_remote_mb(&vm->backing);
			}
		}
		np_report_text_finish(report->out, engine, summary, &report->tally, headroom);
		return np_report_flush(report, TRUE, error);
	}
	np_json_end(w); /* events */
	np_json_begin_array(w, "vms");
	for (guint i = 0; i < engine->vms->len; i++) {
		np_json_begin_object(w, NULL);
		np_emit_vm_state(w, engine, g_ptr_array_index(engine->vms, i));
		np_json_end(w);
		if (!np_report_flush(report, FALSE, error))
			return FALSE;
	}
	np_json_end(w);
	np_json_begin_array(w, "hosts");
	for (guint i = 0; i < engine->hosts->len; i++) {
		if (np_engine_host(engine, i)->removed)
			continue;
		np_json_begin_object(w, NULL);
		np_emit_host_state(w, engine, GUINT_TO_POINTER(i));
		np_json_end(w);
	}
	np_json_end(w);
	np_report_free_json(w, engine, headroom);
	np_json_begin_object(w, "summary");
	np_emit_summary(w, report, engine);
	np_json_end(w);
	np_json_begin_object(w, "expectations");
	np_json_int(w, "passed", report->tally.passed);
	np_json_int(w, "failed", report->tally.failed);
	np_json_value(w, "failures", report->tally.failures);
	np_json_end(w);
	np_json_end(w);
	np_json_finish(w);
	return np_report_flush(report, TRUE, error);
}

/* ------------------------------------------------------------ a whole run */

void
np_sample_clear(NpSample *sample)
{
	g_clear_pointer(&sample->label, g_free);
}

/* the cluster's free memory (enabled hosts) and VMs after an event */
void
np_sample_take(NpSample *sample, const NpEngine *engine, const NpEvent *event, guint index)
{
	memset(sample, 0, sizeof(*sample));
	sample->index = index;
	sample->label = g_strdup_printf("%s %s",
	                                np_event_type_to_string(event->type),
	                                event->vm != NULL       ? event->vm
	                                : event->host != NULL   ? event->host
	                                : event->flavor != NULL ? event->flavor
	                                                        : "");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->failed || host->removed)
			continue;
		sample->nova_free_mb += host->nova.capacity_mb - host->nova.claimed_memory_mb;
		for (guint n = 0; n < host->hv.n_nodes; n++)
			sample->hyperv_free_mb += host->hv.nodes[n].free_mb;
	}
	for (guint i = 0; i < engine->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
		if (vm->status != NP_STATUS_ACTIVE)
			continue;
		sample->active++;
		sample->spanned += np_hv_backing_is_spanned(&vm->backing);
	}
}

typedef struct {
	NpReport *report;
	NpProgressFunc progress;
	gpointer progress_data;
	guint n_events;
} NpReportRun;

static gboolean
np_report_step(const NpEngine *engine,
               const NpEvent *event,
               guint index,
               const NpEventResult *result,
               gpointer data,
               GError **error)
{
	NpReportRun *run = data;
	if (run->report != NULL && !np_report_add_event(event, result, run->report, error))
		return FALSE;
	if (run->report != NULL && run->report->samples != NULL) {
		NpSample sample;
		np_sample_take(&sample, engine, event, index);
		g_array_append_val(run->report->samples, sample);
	}
	if (run->progress != NULL)
		run->progress(index + 1, run->n_events, run->progress_data);
	return TRUE;
}

/**
 * np_report_run:
 * @report: (nullable): where each result goes; %NULL to replay only
 * @flags: %NP_RUN_CHECK_INVARIANTS to check the books after every event
 * @progress: (nullable): called after each event
 *
 * np_sim_run() into @report; the HTML report also sees the cluster after
 * each event (its timeline). np_report_finish() is the caller's.
 *
 * Returns: (transfer full): the engine after the last event, or %NULL
 */
NpEngine *
np_report_run(NpReport *report,
              const NpScenario *scenario,
              NpRunFlags flags,
              NpProgressFunc progress,
              gpointer progress_data,
              GError **error)
{
	g_autoptr(NpEngine) engine = NULL;
	NpReportRun run = {report, progress, progress_data, 0};

	g_return_val_if_fail(scenario != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	run.n_events = scenario->events->len;
	engine = np_engine_new_for_scenario(scenario, error);
	if (engine == NULL || !np_sim_replay(engine, scenario, flags, np_report_step, &run, error))
		return NULL;
	return g_steal_pointer(&engine);
}

/**
 * np_event_result_to_json:
 *
 * Returns: (transfer full): @result as one line of JSON: a VM event's
 * objects as an array (one per VM), a host event's object alone
 */
gchar *
np_event_result_to_json(const NpEventResult *result)
{
	GString *out = g_string_new(NULL);
	g_autoptr(NpJsonWriter) w = np_json_writer_new_compact(out);

	g_return_val_if_fail(result != NULL, NULL);
	if (np_event_type_is_vm_event(result->type)) {
		np_json_begin_array(w, NULL);
		for (guint v = 0; v < result->vms->len; v++) {
			np_json_begin_object(w, NULL);
			np_report_vm_result(w, result, g_ptr_array_index(result->vms, v));
			np_json_end(w);
		}
		np_json_end(w);
	} else {
		np_json_begin_object(w, NULL);
		np_report_host_event(w, result);
		np_json_end(w);
	}
	return g_string_free(out, FALSE);
}
