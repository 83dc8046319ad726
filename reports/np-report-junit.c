/* The JUnit XML report of a run (docs/reports.md): one testsuite for the
 * scenario, one testcase per expectation, a failure carrying the
 * expected and the actual value. Valid against tests/junit/junit.xsd,
 * the shape Jenkins, GitLab and other CI readers take. No clock: every
 * time is 0. */
#include "np-markup.h"
#include "np-report-private.h"

static void
np_xml_attr(GString *out, const gchar *name, const gchar *value)
{
	g_string_append_printf(out, " %s=\"", name);
	np_xml_append(out, value);
	g_string_append_c(out, '"');
}

/* "event 3 (boot db-1): status", "final: summary.active" */
static gchar *
np_junit_name(const NpScenario *scenario, const cJSON *check)
{
	const cJSON *event = cJSON_GetObjectItemCaseSensitive(check, "event");
	const cJSON *vm = cJSON_GetObjectItemCaseSensitive(check, "vm");
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(check, "key");
	const gchar *key_text = cJSON_IsString(key) ? key->valuestring : "?";
	gint64 index = 0;
	const NpEvent *ev;

	if (!np_json_get_int64(event, &index) || index < 0
	    || index >= (gint64)scenario->events->len)
		return g_strdup_printf("final: %s", key_text);
	ev = g_ptr_array_index(scenario->events, index);
	return g_strdup_printf("event %" G_GINT64_FORMAT " (%s %s): %s",
	                       index,
	                       np_event_type_to_string(ev->type),
	                       cJSON_IsString(vm)   ? vm->valuestring
	                       : ev->host != NULL   ? ev->host
	                       : ev->flavor != NULL ? ev->flavor
	                                            : "-",
	                       key_text);
}

void
np_report_junit_finish(GString *out, const NpScenario *scenario, const NpExpectTally *tally)
{
	guint tests = tally->passed + tally->failed;
	g_autofree gchar *n = g_strdup_printf("%u", tests);
	g_autofree gchar *f = g_strdup_printf("%u", tally->failed);
	const cJSON *check;

	g_string_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	np_xml_attr(out, "name", "numaplan");
	np_xml_attr(out, "tests", n);
	np_xml_attr(out, "failures", f);
	np_xml_attr(out, "errors", "0");
	np_xml_attr(out, "time", "0");
	g_string_append(out, ">\n  <testsuite");
	np_xml_attr(out, "name", scenario->name);
	np_xml_attr(out, "tests", n);
	np_xml_attr(out, "failures", f);
	np_xml_attr(out, "errors", "0");
	np_xml_attr(out, "skipped", "0");
	np_xml_attr(out, "time", "0");
	g_string_append(out, ">\n");
	cJSON_ArrayForEach (check, tally->checks) {
		g_autofree gchar *name = np_junit_name(scenario, check);
		g_autofree gchar *expected =
		    np_json_print_line(cJSON_GetObjectItemCaseSensitive(check, "expected"));
		g_autofree gchar *actual =
		    np_json_print_line(cJSON_GetObjectItemCaseSensitive(check, "actual"));
		const cJSON *where = cJSON_GetObjectItemCaseSensitive(check, "where");
		g_autofree gchar *message = NULL;
		g_string_append(out, "    <testcase");
		np_xml_attr(out, "name", name);
		np_xml_attr(out, "classname", scenario->name);
		np_xml_attr(out, "time", "0");
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(check, "ok"))) {
			g_string_append(out, "/>\n");
			continue;
		}
		message = g_strdup_printf("expected %s, got %s", expected, actual);
		g_string_append(out, ">\n      <failure");
		np_xml_attr(out, "message", message);
		np_xml_attr(out, "type", "expectation");
		g_string_append(out, ">");
		np_xml_append(out, name);
		g_string_append(out, "\nexpected: ");
		np_xml_append(out, expected);
		g_string_append(out, "\nactual: ");
		np_xml_append(out, actual);
		if (cJSON_IsString(where)) {
			g_string_append(out, "\nfirst difference at: ");
			np_xml_append(out, where->valuestring);
		}
		g_string_append(out, "</failure>\n    </testcase>\n");
	}
	g_string_append(out, "  </testsuite>\n</testsuites>\n");
}
