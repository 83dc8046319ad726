/* numaplan — report internals: the JSON objects of scenario.md §2 and the
 * expectations checked against them */
#pragma once

#include <cjson/cJSON.h>

#include "np-engine-private.h"
#include "np-json-writer.h"
#include "np-json.h"
#include "np-planning-private.h"
#include "np-report.h"

G_BEGIN_DECLS

/* ------------------------------------------------ np-report-objects.c */

/* the objects of scenario.md §2, through @writer */
void np_report_vm_result(NpJsonWriter *writer, const NpEventResult *event, const NpVmResult *r);
void np_report_host_event(NpJsonWriter *writer, const NpEventResult *event);
void
np_report_vm_state(NpJsonWriter *writer, const NpVmResult *vm, const gchar *flavor, NpCode code);
void np_report_host_state(NpJsonWriter *writer, const NpEngine *engine, guint index);
/* "v0:n0=8192+n1=4096" per unit, units joined by @unit_sep, parts in the
 * order taken (CSV and HTML) */
void np_report_backing_text(GString *out, const NpVmResult *r, const gchar *unit_sep);
/* the host cells Nova claimed, joined by @sep; FALSE (nothing appended)
 * when the VM has none */
gboolean np_report_cells_text(GString *out, const NpVmResult *r, const gchar *sep);
/* one object through a compact writer, parsed back for expectations */
typedef void (*NpEmitFunc)(NpJsonWriter *writer, gconstpointer a, gconstpointer b);
cJSON *np_report_to_cjson(NpEmitFunc emit, gconstpointer a, gconstpointer b);

/* ---------------------------------------------------- np-expect.c */

typedef struct {
	guint passed;
	guint failed;
	cJSON *failures; /* every failure, for the expectations block */
	cJSON *checks;   /* NULL, or every expectation: {event, vm, key, ok, expected, actual} */
} NpExpectTally;

/* checks each key of @expect against @actual; failures go to @failures
 * (when not NULL) and the tally */
void np_expect_check(NpExpectTally *tally,
                     const cJSON *expect,
                     const cJSON *actual,
                     cJSON *failures,
                     const gchar *prefix,
                     const cJSON *event_index,
                     const gchar *vm);

/* --------------------------------------------------- np-report-text.c */

void np_report_text_event(GString *out, const NpEventResult *result);
/* one VM of a VM event (np_report_text_event() writes them all) */
void np_report_text_vm_event(GString *out, const NpEventResult *result, const NpVmResult *vm);
void np_report_text_finish(GString *out,
                           const NpEngine *engine,
                           const gint64 *summary,
                           const NpExpectTally *tally,
                           const NpHeadroom *headroom);
/* the lines of one VM result (np_report_text_event's) */
void np_report_text_vm(GString *out, const NpVmResult *r, const gchar *lead);

/* --------------------------------------------------- np-report-free.c */

/* @part / @whole rounded to four decimals, 0 when @whole ≤ 0 */
gdouble np_share(gint64 part, gint64 whole);
/* "12.5%" (C locale) */
gchar *np_percent_text(gdouble share) G_GNUC_WARN_UNUSED_RESULT;
/* "free" and "fragmentation" members */
void np_report_free_json(NpJsonWriter *writer, const NpEngine *engine, const NpHeadroom *headroom);
void np_report_free_text(GString *out, const NpEngine *engine, const NpHeadroom *headroom);

/* ---------------------------------------------------- np-report-csv.c */

void np_report_csv_header(GString *out);
void np_report_csv_event(GString *out, const NpEventResult *result);
/* one VM of a VM event (np_report_csv_event() writes them all) */
void np_report_csv_vm_event(GString *out, const NpEventResult *result, const NpVmResult *vm);
void np_report_csv_finish(GString *out, const NpEngine *engine, const NpHeadroom *headroom);

/* a CSV record of named columns (the planning documents) */
typedef struct {
	const gchar *const *columns; /* NULL-terminated */
	guint n;
	gchar **fields;
} NpCsvRecord;

void np_csv_begin(NpCsvRecord *row, const gchar *const *columns);
void np_csv_put(NpCsvRecord *row, const gchar *column, const gchar *value);
void np_csv_put_int(NpCsvRecord *row, const gchar *column, gint64 value);
/* writes the record and empties it */
void np_csv_end(GString *out, NpCsvRecord *row);
void np_csv_free_rows(GString *out,
                      const gchar *const *columns,
                      const NpEngine *engine,
                      const NpHeadroom *headroom);

/* -------------------------------------------------- np-report-junit.c */

void np_report_junit_finish(GString *out, const NpScenario *scenario, const NpExpectTally *tally);

/* --------------------------------------------------- np-report-html.c */

/* the cluster after one event, for the timeline */
typedef struct {
	guint index;
	gchar *label; /* "boot db", "fail_host hv02" */
	gint64 hyperv_free_mb;
	gint64 nova_free_mb;
	gint64 active;
	gint64 spanned;
} NpSample;

void np_sample_clear(NpSample *sample);
void np_sample_take(NpSample *sample, const NpEngine *engine, const NpEvent *event, guint index);

void np_html_begin(GString *out, const gchar *title, const gchar *subtitle);
void np_html_end(GString *out);
void np_html_cards(GString *out,
                   const NpEngine *engine,
                   const NpHeadroom *headroom,
                   const NpExpectTally *tally);
void np_html_glance(GString *out, const NpEngine *engine);
void np_html_hosts(GString *out, const NpEngine *engine, const gchar *heading);
void np_html_timeline(GString *out, const GArray *samples);
void np_html_free(GString *out, const NpEngine *engine, const NpHeadroom *headroom);
void np_html_fragmentation(GString *out, const NpEngine *engine, const NpHeadroom *headroom);
void np_html_capacity_events(GString *out, const cJSON *events);
void np_html_capacity_answers(GString *out, const NpEngine *engine, const GPtrArray *answers);
void np_html_failover(GString *out, const NpEngine *engine, const NpFailover *failover);
void np_html_vms(GString *out, const NpEngine *engine);
void np_html_expectations(GString *out, const NpExpectTally *tally);

/* --------------------------------------------- the planning documents */

void np_capacity_document(GString *out,
                          NpReportFormat format,
                          const NpScenario *scenario,
                          const NpEngine *engine,
                          const GPtrArray *answers,
                          const gchar *image,
                          const NpHeadroom *headroom,
                          const NpReport *report);
void np_failover_document(GString *out,
                          NpReportFormat format,
                          const NpScenario *scenario,
                          const NpEngine *engine,
                          const NpFailover *failover,
                          const NpHeadroom *headroom,
                          const NpReport *report);
void np_compare_document(GString *out,
                         NpReportFormat format,
                         const NpScenario *a,
                         const gchar *other,
                         const gchar *const *sets,
                         const NpEngine *ea,
                         const NpEngine *eb,
                         const NpCompare *compare);
/* text or JSON */
void np_explain_document(GString *out,
                         NpReportFormat format,
                         const NpScenario *scenario,
                         const NpExplain *explain);

/* --------------------------------------------- the planning documents */

void np_capacity_document(GString *out,
                          NpReportFormat format,
                          const NpScenario *scenario,
                          const NpEngine *engine,
                          const GPtrArray *answers,
                          const gchar *image,
                          const NpHeadroom *headroom,
                          const NpReport *report);
void np_failover_document(GString *out,
                          NpReportFormat format,
                          const NpScenario *scenario,
                          const NpEngine *engine,
                          const NpFailover *failover,
                          const NpHeadroom *headroom,
                          const NpReport *report);
void np_compare_document(GString *out,
                         NpReportFormat format,
                         const NpScenario *a,
                         const gchar *other,
                         const gchar *const *sets,
                         const NpEngine *ea,
                         const NpEngine *eb,
                         const NpCompare *compare);
/* text or JSON */
void np_explain_document(GString *out,
                         NpReportFormat format,
                         const NpScenario *scenario,
                         const NpExplain *explain);

/* ------------------------------------------------------- np-report.c */

const NpExpectTally *np_report_get_tally(const NpReport *report);

/* ------------------------------------------------ np-report-objects.c */

/* the fields of a VM result (inside an open object) */
void np_report_vm_fields(NpJsonWriter *writer, const NpVmResult *r);

G_END_DECLS
