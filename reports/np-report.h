/* numaplan — reports: a run's results for programs (JSON, scenario.md §2;
 * CSV; JUnit XML for CI) and people (text; one self-contained HTML page),
 * written as the events happen
 *
 * A report is a sink: give it each event's result (np_report_add_event(),
 * which fits np_sim_run()'s callback) and, at the end, the engine
 * (np_report_finish()). It checks the scenario's expectations on the way
 * and writes through @write in pieces, so its memory does not grow with
 * the number of events.
 */
#pragma once

#include <glib.h>

#include "np-engine.h"

G_BEGIN_DECLS

typedef enum {
	NP_REPORT_TEXT,
	NP_REPORT_JSON,
	NP_REPORT_CSV,   /* RFC 4180, CRLF: a row per event object and per VM */
	NP_REPORT_JUNIT, /* a testcase per expectation */
	NP_REPORT_HTML,  /* one self-contained page: inline CSS and SVG, no script */
	NP_REPORT_LAST
} NpReportFormat;

const gchar *np_report_format_to_string(NpReportFormat format);
NpReportFormat np_report_format_from_string(const gchar *str);

/* writes @length bytes of output; FALSE (with @error) stops the report */
typedef gboolean (*NpWriteFunc)(const gchar *data,
                                gsize length,
                                gpointer user_data,
                                GError **error);

typedef struct _NpReport NpReport;

NpReport *np_report_new(NpReportFormat format,
                        const NpScenario *scenario,
                        NpWriteFunc write,
                        gpointer user_data) G_GNUC_WARN_UNUSED_RESULT;
void np_report_free(NpReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpReport, np_report_free)

/* an NpResultFunc: @report is the user data */
gboolean np_report_add_event(const NpEvent *event,
                             const NpEventResult *result,
                             gpointer report,
                             GError **error);
gboolean np_report_finish(NpReport *report, const NpEngine *engine, GError **error);

/* called after each event of np_report_run(): @done of @total */
typedef void (*NpProgressFunc)(guint done, guint total, gpointer user_data);

NpEngine *np_report_run(NpReport *report,
                        const NpScenario *scenario,
                        NpRunFlags flags,
                        NpProgressFunc progress,
                        gpointer progress_data,
                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

guint np_report_get_passed(const NpReport *report);
guint np_report_get_failed(const NpReport *report);

/* one event result as a JSON line (scenario.md §2's event objects) */
gchar *np_event_result_to_json(const NpEventResult *result) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
