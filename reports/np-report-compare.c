/* The document of `numaplan compare` (scenario.md §4; docs/capacity.md):
 * per VM what differs between two replays, and the summary's deltas */
#include "np-markup.h"
#include "np-report-private.h"

static const struct {
	NpVmField field;
	const gchar *name;
} np_vm_fields[] = {
    {NP_VM_FIELD_STATUS, "status"},
    {NP_VM_FIELD_HOST, "host"},
    {NP_VM_FIELD_CODE, "code"},
    {NP_VM_FIELD_SPANNED, "spanned"},
    {NP_VM_FIELD_REMOTE_MB, "remote_mb"},
};

/* one side's value as JSON (null when the VM is not there) */
static void
np_vm_field_json(NpJsonWriter *w, const NpVmState *s, NpVmField field)
{
	if (!s->present) {
		np_json_null(w, NULL);
		return;
	}
	switch (field) {
	case NP_VM_FIELD_STATUS:
		np_json_string(w, NULL, np_status_to_string(s->status));
		break;
	case NP_VM_FIELD_HOST:
		np_json_string(w, NULL, s->host);
		break;
	case NP_VM_FIELD_CODE:
		np_json_string(w,
		               NULL,
		               s->code == NP_CODE_NONE ? NULL : np_code_to_string(s->code));
		break;
	case NP_VM_FIELD_SPANNED:
		np_json_bool(w, NULL, s->spanned);
		break;
	case NP_VM_FIELD_REMOTE_MB:
	case NP_VM_FIELD_ALL:
	default:
		np_json_int(w, NULL, s->remote_mb);
		break;
	}
}

/* the same as text; NULL for JSON null */
static gchar *
np_vm_field_text(const NpVmState *s, NpVmField field)
{
	if (!s->present)
		return NULL;
	switch (field) {
	case NP_VM_FIELD_STATUS:
		return g_strdup(np_status_to_string(s->status));
	case NP_VM_FIELD_HOST:
		return g_strdup(s->host);
	case NP_VM_FIELD_CODE:
		return s->code == NP_CODE_NONE ? NULL : g_strdup(np_code_to_string(s->code));
	case NP_VM_FIELD_SPANNED:
		return g_strdup(s->spanned ? "true" : "false");
	case NP_VM_FIELD_REMOTE_MB:
	case NP_VM_FIELD_ALL:
	default:
		return g_strdup_printf("%" G_GINT64_FORMAT, s->remote_mb);
	}
}

static void
np_compare_json(GString *out,
                const NpScenario *a,
                const gchar *other,
                const gchar *const *sets,
                const NpCompare *compare)
{
	g_autoptr(NpJsonWriter) w = np_json_writer_new(out);

	np_json_begin_object(w, NULL);
	np_json_int(w, "numaplan", 1);
	np_json_string(w, "scenario", a->name);
	np_json_string(w, "other", other);
	np_json_begin_array(w, "set");
	for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
		np_json_string(w, NULL, sets[i]);
	np_json_end(w);
	np_json_begin_array(w, "vms");
	for (guint i = 0; i < compare->vms->len; i++) {
		const NpVmDiff *d = g_ptr_array_index(compare->vms, i);
		np_json_begin_object(w, NULL);
		np_json_string(w, "vm", d->vm);
		for (guint f = 0; f < G_N_ELEMENTS(np_vm_fields); f++) {
			if (!(d->differs & np_vm_fields[f].field))
				continue;
			np_json_begin_array(w, np_vm_fields[f].name);
			np_vm_field_json(w, &d->a, np_vm_fields[f].field);
			np_vm_field_json(w, &d->b, np_vm_fields[f].field);
			np_json_end(w);
		}
		np_json_end(w);
	}
	np_json_end(w);
	np_json_begin_object(w, "summary");
	for (guint f = 0; f < NP_SUMMARY_LAST; f++)
		np_json_int(w, np_summary_field_to_string(f), compare->b[f] - compare->a[f]);
	np_json_end(w);
	np_json_end(w);
	np_json_finish(w);
}

static void
np_compare_text(GString *out, const NpScenario *a, const gchar *b_name, const NpCompare *compare)
{
	g_string_append_printf(out,
	                       "compare %s (A) with %s (B): final VM states\n\n",
	                       a->name,
	                       b_name);
	if (compare->vms->len == 0)
		g_string_append(out,
		                "no VM differs: every VM ends with the same status, host, code, "
		                "spanning and remote memory\n");
	else
		g_string_append_printf(out, "%-20s %-10s %-22s %s\n", "VM", "field", "A", "B");
	for (guint i = 0; i < compare->vms->len; i++) {
		const NpVmDiff *d = g_ptr_array_index(compare->vms, i);
		gboolean first = TRUE;
		for (guint f = 0; f < G_N_ELEMENTS(np_vm_fields); f++) {
			g_autofree gchar *va = NULL, *vb = NULL;
			if (!(d->differs & np_vm_fields[f].field))
				continue;
			va = np_vm_field_text(&d->a, np_vm_fields[f].field);
			vb = np_vm_field_text(&d->b, np_vm_fields[f].field);
			g_string_append_printf(out,
			                       "%-20s %-10s %-22s %s\n",
			                       first ? d->vm : "",
			                       np_vm_fields[f].name,
			                       !d->a.present ? "(not there)"
			                       : va != NULL  ? va
			                                     : "-",
			                       !d->b.present ? "(not there)"
			                       : vb != NULL  ? vb
			                                     : "-");
			first = FALSE;
		}
	}
	g_string_append_printf(out, "\n%-16s %10s %10s %10s\n", "summary", "A", "B", "B - A");
	for (guint f = 0; f < NP_SUMMARY_LAST; f++)
		g_string_append_printf(out,
		                       "%-16s %10" G_GINT64_FORMAT " %10" G_GINT64_FORMAT
		                       " %+10" G_GINT64_FORMAT "\n",
		                       np_summary_field_to_string(f),
		                       compare->a[f],
		                       compare->b[f],
		                       compare->b[f] - compare->a[f]);
}

static const gchar *const np_compare_columns[] =
    {"record", "vm", "field", "a", "b", "difference", NULL};

static void
np_compare_csv(GString *out, const NpCompare *compare)
{
	NpCsvRecord row;

	np_csv_record(out, np_compare_columns, g_strv_length((gchar **)np_compare_columns));
	for (guint i = 0; i < compare->vms->len; i++) {
		const NpVmDiff *d = g_ptr_array_index(compare->vms, i);
		for (guint f = 0; f < G_N_ELEMENTS(np_vm_fields); f++) {
			g_autofree gchar *va = NULL, *vb = NULL;
			if (!(d->differs & np_vm_fields[f].field))
				continue;
			va = np_vm_field_text(&d->a, np_vm_fields[f].field);
			vb = np_vm_field_text(&d->b, np_vm_fields[f].field);
			np_csv_begin(&row, np_compare_columns);
			np_csv_put(&row, "record", "vm");
			np_csv_put(&row, "vm", d->vm);
			np_csv_put(&row, "field", np_vm_fields[f].name);
			np_csv_put(&row, "a", va);
			np_csv_put(&row, "b", vb);
			np_csv_end(out, &row);
		}
	}
	for (guint f = 0; f < NP_SUMMARY_LAST; f++) {
		np_csv_begin(&row, np_compare_columns);
		np_csv_put(&row, "record", "summary");
		np_csv_put(&row, "field", np_summary_field_to_string(f));
		np_csv_put_int(&row, "a", compare->a[f]);
		np_csv_put_int(&row, "b", compare->b[f]);
		np_csv_put_int(&row, "difference", compare->b[f] - compare->a[f]);
		np_csv_end(out, &row);
	}
}

static void
np_compare_html(GString *out,
                const NpScenario *a,
                const gchar *b_name,
                const NpEngine *ea,
                const NpEngine *eb,
                const NpCompare *compare)
{
	g_autofree gchar *title = g_strdup_printf("numaplan compare: %s", a->name);
	g_autofree gchar *subtitle = g_strdup_printf("A: %s — B: %s", a->name, b_name);
	g_autofree gchar *hosts_a = g_strdup_printf("A: %s, hosts at the end", a->name);
	g_autofree gchar *hosts_b = g_strdup_printf("B: %s, hosts at the end", b_name);

	np_html_begin(out, title, subtitle);
	g_string_append(out,
	                "<h2>Summary</h2>\n<table class=\"summary\">\n<tr><th></th>"
	                "<th class=\"num\">A</th><th class=\"num\">B</th><th class=\"num\">"
	                "B − A</th></tr>\n");
	for (guint f = 0; f < NP_SUMMARY_LAST; f++) {
		gint64 d = compare->b[f] - compare->a[f];
		g_string_append(out, "<tr><td>");
		np_html_append(out, np_summary_field_to_string(f));
		g_string_append_printf(out,
		                       "</td><td class=\"num\">%" G_GINT64_FORMAT
		                       "</td><td class=\"num\">%" G_GINT64_FORMAT
		                       "</td><td class=\"num%s\">%+" G_GINT64_FORMAT "</td></tr>\n",
		                       compare->a[f],
		                       compare->b[f],
		                       d != 0 ? " fail" : "",
		                       d);
	}
	g_string_append(out, "</table>\n<h2>VMs that end differently</h2>\n");
	if (compare->vms->len == 0)
		g_string_append(out, "<p class=\"ok\">No VM differs.</p>\n");
	else
		g_string_append(out,
		                "<table class=\"compare\">\n<tr><th>VM</th><th>field</th><th>A"
		                "</th><th>B</th></tr>\n");
	for (guint i = 0; i < compare->vms->len; i++) {
		const NpVmDiff *d = g_ptr_array_index(compare->vms, i);
		for (guint f = 0; f < G_N_ELEMENTS(np_vm_fields); f++) {
			g_autofree gchar *va = NULL, *vb = NULL;
			if (!(d->differs & np_vm_fields[f].field))
				continue;
			va = np_vm_field_text(&d->a, np_vm_fields[f].field);
			vb = np_vm_field_text(&d->b, np_vm_fields[f].field);
			g_string_append(out, "<tr data-vm=\"");
			np_html_append(out, d->vm);
			g_string_append(out, "\"><td>");
			np_html_append(out, d->vm);
			g_string_append(out, "</td><td>");
			np_html_append(out, np_vm_fields[f].name);
			g_string_append(out, "</td><td>");
			np_html_append(out, !d->a.present ? "(not there)" : va != NULL ? va : "—");
			g_string_append(out, "</td><td>");
			np_html_append(out, !d->b.present ? "(not there)" : vb != NULL ? vb : "—");
			g_string_append(out, "</td></tr>\n");
		}
	}
	if (compare->vms->len > 0)
		g_string_append(out, "</table>\n");
	np_html_hosts(out, ea, hosts_a);
	np_html_hosts(out, eb, hosts_b);
	np_html_end(out);
}

/**
 * np_compare_document:
 * @other: (nullable): OTHER's name; %NULL for SCENARIO's variant
 * @sets: (nullable): the --set KEY=VALUE texts, in order
 */
void
np_compare_document(GString *out,
                    NpReportFormat format,
                    const NpScenario *a,
                    const gchar *other,
                    const gchar *const *sets,
                    const NpEngine *ea,
                    const NpEngine *eb,
                    const NpCompare *compare)
{
	g_autoptr(GString) b = g_string_new(other != NULL ? other : a->name);
	const gchar *b_name;

	for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
		g_string_append_printf(b, "%s%s", i == 0 ? " with " : ", ", sets[i]);
	b_name = b->str;
	switch (format) {
	case NP_REPORT_JSON:
		np_compare_json(out, a, other, sets, compare);
		break;
	case NP_REPORT_CSV:
		np_compare_csv(out, compare);
		break;
	case NP_REPORT_HTML:
		np_compare_html(out, a, b_name, ea, eb, compare);
		break;
	case NP_REPORT_TEXT:
	case NP_REPORT_JUNIT:
	case NP_REPORT_LAST:
	default:
		np_compare_text(out, a, b_name, compare);
		break;
	}
}
