/* numaplan — results for programs (JSON) and people (text)
 *
 * scenario.md §2. The JSON tree is built once; expectations are checked
 * against it (an `expect:` names keys of these very objects), and the text
 * report reads the same tree, so the two can never disagree.
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "np-scenario.h"
#include "np-sim.h"

G_BEGIN_DECLS

/**
 * np_report_build:
 *
 * Returns: (transfer full): the result document of scenario.md §2, with
 * every expectation of @scenario checked.
 */
cJSON *np_report_build(const NpScenario *scenario, const NpRun *run) G_GNUC_WARN_UNUSED_RESULT;

/* expectations that failed in a built document */
guint np_report_get_failed(const cJSON *report);

/* the document as JSON text: byte-identical for the same input */
gchar *np_report_to_json(const cJSON *report) G_GNUC_WARN_UNUSED_RESULT;

/* one line per event result, a table per host and NUMA node, the summary
 * and every expectation failure */
gchar *np_report_to_text(const cJSON *report) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
