/* libFuzzer harness: a sweep document as `merge` reads it
 * (reports/np-sweep-report.c: the JSON reader's limits, the document's
 * fields and their checks) */
#include "np-fuzz.h"
#include "np-sweep-report-private.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpSweepDoc) doc =
	    np_sweep_doc_parse((const gchar *)data, size, "fuzz.sweep.json", &error);

	g_assert((doc == NULL) != (error == NULL));
	return 0;
}
