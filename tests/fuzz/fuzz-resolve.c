/* libFuzzer harness: `resolve` input — JSON Lines read as the program
 * reads them (formats/np-lines.c: '\n' only, the line limit, NUL) and
 * every case answered (reports/np-resolve-json.c: the case's fields,
 * numa_get_constraints, the Hyper-V driver, the NUMA fit) */
#include <stdio.h>

#include "np-fuzz.h"
#include "np-limits.h"
#include "np-resolve-json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(NpLineReader) reader = NULL;
	gboolean any_bad = FALSE;

	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	g_assert(sink != NULL);
	/* data may be NULL when size is 0: an empty input, not an fd */
	reader = np_line_reader_new(-1,
	                            size > 0 ? (const gchar *)data : "",
	                            size,
	                            "fuzz.jsonl",
	                            NP_JSONL_MAX_LINE_BYTES);
	g_assert(np_resolve_json_stream(reader, "fuzz.jsonl", sink, &any_bad, &error));
	return 0;
}
