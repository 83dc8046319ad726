/* numaplan — report internals: the JSON objects of scenario.md §2 and the
 * expectations checked against them */
#pragma once

#include <cjson/cJSON.h>

#include "np-engine-private.h"
#include "np-json-writer.h"
#include "np-json.h"
#include "np-report.h"

G_BEGIN_DECLS

/* ------------------------------------------------ np-report-objects.c */

/* the objects of scenario.md §2, through @writer */
void np_report_vm_result(NpJsonWriter *writer, const NpEventResult *event, const NpVmResult *r);
void np_report_host_event(NpJsonWriter *writer, const NpEventResult *event);
void
np_report_vm_state(NpJsonWriter *writer, const NpVmResult *vm, const gchar *flavor, NpCode code);
void np_report_host_state(NpJsonWriter *writer, const NpEngine *engine, guint index);
/* one object through a compact writer, parsed back for expectations */
typedef void (*NpEmitFunc)(NpJsonWriter *writer, gconstpointer a, gconstpointer b);
cJSON *np_report_to_cjson(NpEmitFunc emit, gconstpointer a, gconstpointer b);

/* ---------------------------------------------------- np-expect.c */

typedef struct {
	guint passed;
	guint failed;
	cJSON *failures; /* every failure, for the expectations block */
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
void np_report_text_finish(GString *out,
                           const NpEngine *engine,
                           const gint64 *summary,
                           const NpExpectTally *tally);

G_END_DECLS
