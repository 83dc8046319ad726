/* The documents of `numaplan capacity` and `numaplan failover`
 * (scenario.md §4; docs/capacity.md): JSON, text, CSV and HTML */
#include "np-markup.h"
#include "np-report-private.h"

static void
np_expectations_member(NpJsonWriter *w, const NpReport *report)
{
	const NpExpectTally *tally = np_report_get_tally(report);
	np_json_begin_object(w, "expectations");
	np_json_int(w, "passed", tally->passed);
	np_json_int(w, "failed", tally->failed);
	np_json_value(w, "failures", tally->failures);
	np_json_end(w);
}

static void
np_code_or_null(NpJsonWriter *w, const gchar *key, NpCode code)
{
	np_json_string(w, key, code == NP_CODE_NONE ? NULL : np_code_to_string(code));
}

static const gchar *
np_code_text(NpCode code)
{
	return code == NP_CODE_NONE ? "-" : np_code_to_string(code);
}

/* "after its 13 events" */
static gchar *
np_after_events(const NpScenario *scenario)
{
	return g_strdup_printf("after its %u event%s",
	                       scenario->events->len,
	                       scenario->events->len == 1 ? "" : "s");
}

/* ------------------------------------------------------------- capacity */

static void
np_capacity_json(GString *out,
                 const NpScenario *scenario,
                 const NpEngine *engine,
                 const GPtrArray *answers,
                 const NpHeadroom *headroom,
                 const NpReport *report)
{
	g_autoptr(NpJsonWriter) w = np_json_writer_new(out);

	np_json_begin_object(w, NULL);
	np_json_int(w, "numaplan", 1);
	np_json_string(w, "scenario", scenario->name);
	np_json_begin_array(w, "capacity");
	for (guint i = 0; i < answers->len; i++) {
		const NpCapacityAnswer *a = g_ptr_array_index(answers, i);
		const NpEventResult *r = a->result;
		np_json_begin_object(w, NULL);
		np_json_string(w, "flavor", r->flavor);
		np_json_int(w, "fits", r->fits);
		np_json_begin_object(w, "per_host");
		for (guint h = 0; r->per_host != NULL && h < r->per_host->len; h++) {
			const NpHostCount *count = g_ptr_array_index(r->per_host, h);
			np_json_int(w, count->host, count->count);
		}
		np_json_end(w);
		np_json_int(w, "would_span", r->would_span);
		np_code_or_null(w, "stopped_by", r->stopped_by);
		np_json_int(w, "upper_bound", a->upper_bound);
		np_json_begin_object(w, "upper_bound_per_host");
		for (guint h = 0; h < engine->hosts->len; h++) {
			if (!np_engine_host(engine, h)->removed)
				np_json_int(w, np_engine_host(engine, h)->name, a->host_bounds[h]);
		}
		np_json_end(w);
		np_json_string(w, "message", r->message);
		np_json_end(w);
	}
	np_json_end(w);
	np_report_free_json(w, engine, headroom);
	np_expectations_member(w, report);
	np_json_end(w);
	np_json_finish(w);
}

static void
np_capacity_text(GString *out,
                 const NpScenario *scenario,
                 const NpEngine *engine,
                 const GPtrArray *answers,
                 const NpHeadroom *headroom,
                 const NpReport *report)
{
	g_autofree gchar *after = np_after_events(scenario);
	const NpExpectTally *tally = np_report_get_tally(report);

	g_string_append_printf(
	    out,
	    "scenario %s, %s: how many more VMs fit (each flavor on its own copy "
	    "of the end state)\n",
	    scenario->name,
	    after);
	for (guint i = 0; i < answers->len; i++) {
		const NpCapacityAnswer *a = g_ptr_array_index(answers, i);
		const NpEventResult *r = a->result;
		g_string_append_printf(out,
		                       "\n%s: %" G_GINT64_FORMAT " more fit (%" G_GINT64_FORMAT
		                       " would span); upper bound %" G_GINT64_FORMAT
		                       " (each host filled alone)\n",
		                       r->flavor,
		                       r->fits,
		                       r->would_span,
		                       a->upper_bound);
		if (r->fits == 0) {
			g_string_append_printf(out,
			                       "  nothing fits: %s%s%s\n",
			                       np_code_text(r->stopped_by),
			                       r->message != NULL ? ": " : "",
			                       r->message != NULL ? r->message : "");
		} else {
			g_string_append(out, "  host                  fits  bound\n");
			for (guint h = 0; r->per_host != NULL && h < r->per_host->len; h++) {
				const NpHostCount *count = g_ptr_array_index(r->per_host, h);
				guint index = 0;
				gint64 bound = 0;
				if (np_engine_lookup_host(engine, count->host, &index))
					bound = a->host_bounds[index];
				g_string_append_printf(out,
				                       "  %-20s %5" G_GINT64_FORMAT
				                       " %6" G_GINT64_FORMAT "\n",
				                       count->host,
				                       count->count,
				                       bound);
			}
			g_string_append_printf(out,
			                       "  stopped by %s%s%s\n",
			                       np_code_text(r->stopped_by),
			                       r->message != NULL ? ": " : "",
			                       r->message != NULL ? r->message : "");
		}
	}
	np_report_free_text(out, engine, headroom);
	g_string_append_printf(out,
	                       "expectations: %u passed, %u failed\n",
	                       tally->passed,
	                       tally->failed);
}

static const gchar *const np_capacity_columns[] = {"record",
                                                   "flavor",
                                                   "image",
                                                   "host",
                                                   "node",
                                                   "fits",
                                                   "upper_bound",
                                                   "would_span",
                                                   "stopped_by",
                                                   "status",
                                                   "nova_free_mb",
                                                   "hyperv_free_mb",
                                                   "gap_mb",
                                                   "nova_free_vcpus",
                                                   "stranded_mb",
                                                   "stranded_vcpus",
                                                   "message",
                                                   NULL};

static void
np_capacity_csv(GString *out,
                const NpEngine *engine,
                const GPtrArray *answers,
                const gchar *image,
                const NpHeadroom *headroom)
{
	NpCsvRecord row;

	np_csv_record(out, np_capacity_columns, g_strv_length((gchar **)np_capacity_columns));
	for (guint i = 0; i < answers->len; i++) {
		const NpCapacityAnswer *a = g_ptr_array_index(answers, i);
		const NpEventResult *r = a->result;
		np_csv_begin(&row, np_capacity_columns);
		np_csv_put(&row, "record", "flavor");
		np_csv_put(&row, "flavor", r->flavor);
		np_csv_put(&row, "image", image);
		np_csv_put_int(&row, "fits", r->fits);
		np_csv_put_int(&row, "upper_bound", a->upper_bound);
		np_csv_put_int(&row, "would_span", r->would_span);
		np_csv_put(&row,
		           "stopped_by",
		           r->stopped_by == NP_CODE_NONE ? NULL : np_code_to_string(r->stopped_by));
		np_csv_put(&row, "message", r->message);
		np_csv_end(out, &row);
		for (guint h = 0; r->per_host != NULL && h < r->per_host->len; h++) {
			const NpHostCount *count = g_ptr_array_index(r->per_host, h);
			guint index = 0;
			np_csv_begin(&row, np_capacity_columns);
			np_csv_put(&row, "record", "host");
			np_csv_put(&row, "flavor", r->flavor);
			np_csv_put(&row, "image", image);
			np_csv_put(&row, "host", count->host);
			np_csv_put_int(&row, "fits", count->count);
			if (np_engine_lookup_host(engine, count->host, &index))
				np_csv_put_int(&row, "upper_bound", a->host_bounds[index]);
			np_csv_end(out, &row);
		}
	}
	np_csv_free_rows(out, np_capacity_columns, engine, headroom);
}

static void
np_capacity_html(GString *out,
                 const NpScenario *scenario,
                 const NpEngine *engine,
                 const GPtrArray *answers,
                 const NpHeadroom *headroom,
                 const NpReport *report)
{
	g_autofree gchar *title = g_strdup_printf("numaplan capacity: %s", scenario->name);
	g_autofree gchar *after = np_after_events(scenario);
	g_autofree gchar *subtitle = g_strdup_printf("%s: how many more VMs fit", after);

	np_html_begin(out, title, subtitle);
	np_html_cards(out, engine, headroom, np_report_get_tally(report));
	np_html_capacity_answers(out, engine, answers);
	np_html_glance(out, engine);
	np_html_hosts(out, engine, "Hosts after the last event");
	np_html_free(out, engine, headroom);
	np_html_fragmentation(out, engine, headroom);
	np_html_vms(out, engine);
	np_html_end(out);
}

/**
 * np_capacity_document:
 * @answers: (element-type NpCapacityAnswer): one per --flavor, in order
 * @image: (nullable): --image
 * @report: the run's report: its expectations
 */
void
np_capacity_document(GString *out,
                     NpReportFormat format,
                     const NpScenario *scenario,
                     const NpEngine *engine,
                     const GPtrArray *answers,
                     const gchar *image,
                     const NpHeadroom *headroom,
                     const NpReport *report)
{
	switch (format) {
	case NP_REPORT_JSON:
		np_capacity_json(out, scenario, engine, answers, headroom, report);
		break;
	case NP_REPORT_CSV:
		np_capacity_csv(out, engine, answers, image, headroom);
		break;
	case NP_REPORT_HTML:
		np_capacity_html(out, scenario, engine, answers, headroom, report);
		break;
	case NP_REPORT_TEXT:
	case NP_REPORT_JUNIT:
	case NP_REPORT_LAST:
	default:
		np_capacity_text(out, scenario, engine, answers, headroom, report);
		break;
	}
}

/* ------------------------------------------------------------- failover */

static void
np_failover_json(GString *out,
                 const NpScenario *scenario,
                 const NpEngine *engine,
                 const NpFailover *failover,
                 const NpHeadroom *headroom,
                 const NpReport *report)
{
	g_autoptr(NpJsonWriter) w = np_json_writer_new(out);
	const NpFailoverHost *worst =
	    failover->worst >= 0 ? g_ptr_array_index(failover->hosts, failover->worst) : NULL;

	np_json_begin_object(w, NULL);
	np_json_int(w, "numaplan", 1);
	np_json_string(w, "scenario", scenario->name);
	np_json_begin_array(w, "failover");
	for (guint i = 0; i < failover->hosts->len; i++) {
		const NpFailoverHost *f = g_ptr_array_index(failover->hosts, i);
		np_json_begin_object(w, NULL);
		np_json_string(w, "host", np_engine_host(engine, f->host)->name);
		np_json_begin_array(w, "evacuated");
		for (guint v = 0; v < f->result->vms->len; v++) {
			np_json_begin_object(w, NULL);
			np_report_vm_fields(w, g_ptr_array_index(f->result->vms, v));
			np_json_end(w);
		}
		np_json_end(w);
		np_json_int(w, "lost", f->lost);
		np_json_int(w, "spanned", f->spanned);
		np_json_int(w, "remote_mb", f->remote_mb);
		np_json_begin_object(w, "free_after");
		np_json_int(w, "nova_free_mb", f->free_after.nova_free_mb);
		np_json_int(w, "hyperv_free_mb", f->free_after.hyperv_free_mb);
		np_json_int(w, "gap_mb", f->free_after.nova_free_mb - f->free_after.hyperv_free_mb);
		np_json_int(w, "nova_free_vcpus", f->free_after.nova_free_vcpus);
		np_json_end(w);
		np_json_end(w);
	}
	np_json_end(w);
	np_json_string(w,
	               "worst",
	               worst != NULL ? np_engine_host(engine, worst->host)->name : NULL);
	np_json_bool(w, "survives", failover->survives);
	np_report_free_json(w, engine, headroom);
	np_expectations_member(w, report);
	np_json_end(w);
	np_json_finish(w);
}

static void
np_failover_text(GString *out,
                 const NpScenario *scenario,
                 const NpEngine *engine,
                 const NpFailover *failover,
                 const NpHeadroom *headroom,
                 const NpReport *report)
{
	g_autofree gchar *after = np_after_events(scenario);
	const NpExpectTally *tally = np_report_get_tally(report);

	g_string_append_printf(out,
	                       "scenario %s, %s: N+1 failover (each host failed on its own copy "
	                       "of the end state)\n",
	                       scenario->name,
	                       after);
	if (failover->hosts->len == 0)
		g_string_append(out, "\nno host to fail: none is enabled\n");
	for (guint i = 0; i < failover->hosts->len; i++) {
		const NpFailoverHost *f = g_ptr_array_index(failover->hosts, i);
		const NpSimHost *host = np_engine_host(engine, f->host);
		g_string_append_printf(out,
		                       "\n%s fails: %u VM%s to evacuate, %" G_GINT64_FORMAT
		                       " lost, %" G_GINT64_FORMAT " spanned (%" G_GINT64_FORMAT
		                       " MiB remote)\n",
		                       host->name,
		                       f->result->vms->len,
		                       f->result->vms->len == 1 ? "" : "s",
		                       f->lost,
		                       f->spanned,
		                       f->remote_mb);
		if (f->result->code == NP_CODE_HOST_FAILED)
			g_string_append(out, "  already failed: nothing to evacuate\n");
		for (guint v = 0; v < f->result->vms->len; v++)
			np_report_text_vm(out, g_ptr_array_index(f->result->vms, v), "  ");
		g_string_append_printf(out,
		                       "  then free: Nova %" G_GINT64_FORMAT
		                       " MiB, Hyper-V %" G_GINT64_FORMAT " MiB\n",
		                       f->free_after.nova_free_mb,
		                       f->free_after.hyperv_free_mb);
	}
	if (failover->worst >= 0) {
		const NpFailoverHost *worst = g_ptr_array_index(failover->hosts, failover->worst);
		g_string_append_printf(out,
		                       "\nworst: %s (%" G_GINT64_FORMAT " lost, %" G_GINT64_FORMAT
		                       " MiB remote)\n",
		                       np_engine_host(engine, worst->host)->name,
		                       worst->lost,
		                       worst->remote_mb);
	}
	g_string_append_printf(out,
	                       "%s\n",
	                       failover->survives
	                           ? "the cluster survives the failure of any one of these hosts"
	                           : "the cluster does NOT survive every single host failure: "
	                             "VMs are lost");
	np_report_free_text(out, engine, headroom);
	g_string_append_printf(out,
	                       "expectations: %u passed, %u failed\n",
	                       tally->passed,
	                       tally->failed);
}

static const gchar *const np_failover_columns[] = {"record",       "failed_host",
                                                   "vm",           "status",
                                                   "host",         "node",
                                                   "code",         "attempts",
                                                   "spanned",      "remote_mb",
                                                   "evacuated",    "lost",
                                                   "worst",        "survives",
                                                   "nova_free_mb", "hyperv_free_mb",
                                                   "gap_mb",       "nova_free_vcpus",
                                                   "stranded_mb",  "stranded_vcpus",
                                                   "message",      NULL};

static void
np_failover_csv(GString *out,
                const NpEngine *engine,
                const NpFailover *failover,
                const NpHeadroom *headroom)
{
	NpCsvRecord row;

	np_csv_record(out, np_failover_columns, g_strv_length((gchar **)np_failover_columns));
	for (guint i = 0; i < failover->hosts->len; i++) {
		const NpFailoverHost *f = g_ptr_array_index(failover->hosts, i);
		const gchar *name = np_engine_host(engine, f->host)->name;
		np_csv_begin(&row, np_failover_columns);
		np_csv_put(&row, "record", "failover");
		np_csv_put(&row, "failed_host", name);
		np_csv_put_int(&row, "evacuated", f->result->vms->len);
		np_csv_put_int(&row, "lost", f->lost);
		np_csv_put_int(&row, "spanned", f->spanned);
		np_csv_put_int(&row, "remote_mb", f->remote_mb);
		np_csv_put(&row, "worst", (gint)i == failover->worst ? "true" : "false");
		np_csv_put_int(&row, "nova_free_mb", f->free_after.nova_free_mb);
		np_csv_put_int(&row, "hyperv_free_mb", f->free_after.hyperv_free_mb);
		np_csv_put_int(&row,
		               "gap_mb",
		               f->free_after.nova_free_mb - f->free_after.hyperv_free_mb);
		np_csv_put_int(&row, "nova_free_vcpus", f->free_after.nova_free_vcpus);
		np_csv_end(out, &row);
		for (guint v = 0; v < f->result->vms->len; v++) {
			const NpVmResult *r = g_ptr_array_index(f->result->vms, v);
			np_csv_begin(&row, np_failover_columns);
			np_csv_put(&row, "record", "evacuee");
			np_csv_put(&row, "failed_host", name);
			np_csv_put(&row, "vm", r->vm);
			np_csv_put(&row, "status", np_status_to_string(r->status));
			np_csv_put(&row, "host", r->host);
			np_csv_put(&row,
			           "code",
			           r->code == NP_CODE_NONE ? NULL : np_code_to_string(r->code));
			np_csv_put_int(&row, "attempts", r->attempts);
			np_csv_put(&row, "spanned", r->spanned ? "true" : "false");
			np_csv_put_int(&row, "remote_mb", r->remote_mb);
			np_csv_put(&row, "message", r->message);
			np_csv_end(out, &row);
		}
	}
	np_csv_begin(&row, np_failover_columns);
	np_csv_put(&row, "record", "summary");
	if (failover->worst >= 0) {
		const NpFailoverHost *worst = g_ptr_array_index(failover->hosts, failover->worst);
		np_csv_put(&row, "worst", np_engine_host(engine, worst->host)->name);
	}
	np_csv_put(&row, "survives", failover->survives ? "true" : "false");
	np_csv_end(out, &row);
	np_csv_free_rows(out, np_failover_columns, engine, headroom);
}

static void
np_failover_html(GString *out,
                 const NpScenario *scenario,
                 const NpEngine *engine,
                 const NpFailover *failover,
                 const NpHeadroom *headroom,
                 const NpReport *report)
{
	g_autofree gchar *title = g_strdup_printf("numaplan failover: %s", scenario->name);
	g_autofree gchar *after = np_after_events(scenario);
	g_autofree gchar *subtitle = g_strdup_printf("%s: what if one host fails?", after);

	np_html_begin(out, title, subtitle);
	np_html_cards(out, engine, headroom, np_report_get_tally(report));
	np_html_failover(out, engine, failover);
	np_html_glance(out, engine);
	np_html_hosts(out, engine, "Hosts before any failure");
	np_html_free(out, engine, headroom);
	np_html_fragmentation(out, engine, headroom);
	np_html_vms(out, engine);
	np_html_end(out);
}

void
np_failover_document(GString *out,
                     NpReportFormat format,
                     const NpScenario *scenario,
                     const NpEngine *engine,
                     const NpFailover *failover,
                     const NpHeadroom *headroom,
                     const NpReport *report)
{
	switch (format) {
	case NP_REPORT_JSON:
		np_failover_json(out, scenario, engine, failover, headroom, report);
		break;
	case NP_REPORT_CSV:
		np_failover_csv(out, engine, failover, headroom);
		break;
	case NP_REPORT_HTML:
		np_failover_html(out, scenario, engine, failover, headroom, report);
		break;
	case NP_REPORT_TEXT:
	case NP_REPORT_JUNIT:
	case NP_REPORT_LAST:
	default:
		np_failover_text(out, scenario, engine, failover, headroom, report);
		break;
	}
}
