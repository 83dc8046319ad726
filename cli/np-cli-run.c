/* numaplan run / capacity: replay a scenario and report (scenario.md §3) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-json.h"
#include "np-report.h"
#include "np-scenario.h"
#include "np-sim.h"

typedef enum { NP_FORMAT_TEXT, NP_FORMAT_JSON } NpFormat;

static gboolean
np_parse_format(const gchar *name, NpFormat *format, GError **error)
{
	if (name == NULL || g_strcmp0(name, "text") == 0) {
		*format = NP_FORMAT_TEXT;
		return TRUE;
	}
	if (g_strcmp0(name, "json") == 0) {
		*format = NP_FORMAT_JSON;
		return TRUE;
	}
	if (g_strcmp0(name, "csv") == 0 || g_strcmp0(name, "junit") == 0 ||
	    g_strcmp0(name, "html") == 0) {
		g_set_error(error, NP_ERROR, NP_ERROR_UNSUPPORTED,
			    "--format %s is not available in this version; use text or json", name);
		return FALSE;
	}
	g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
		    "unknown --format '%s' (text, json, csv, junit, html)", name);
	return FALSE;
}

/* NP_DEBUG_CHECK=1 turns the engine's invariant checker on */
static gboolean
np_debug_check(void)
{
	const gchar *value = g_getenv("NP_DEBUG_CHECK");
	return value != NULL && value[0] != '\0' && g_strcmp0(value, "0") != 0;
}

static gint
np_cli_replay(const gchar *path, const gchar *capacity_flavor, const gchar *capacity_image,
	      NpFormat format, const gchar *output, GError **error)
{
	g_autoptr(NpScenario) scenario = np_scenario_load_file(path, error);
	g_autoptr(NpRun) run = NULL;
	g_autoptr(cJSON) report = NULL;
	g_autofree gchar *text = NULL;
	NpSimOptions options = {0};

	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	if (capacity_flavor != NULL && np_scenario_get_flavor(scenario, capacity_flavor) == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_NOT_FOUND, "%s: no flavor '%s'", path,
			    capacity_flavor);
		return NP_EXIT_BAD_INPUT;
	}
	if (capacity_image != NULL && np_scenario_get_image(scenario, capacity_image) == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_NOT_FOUND, "%s: no image '%s'", path,
			    capacity_image);
		return NP_EXIT_BAD_INPUT;
	}
	options.check_invariants = np_debug_check();
	options.capacity_flavor = capacity_flavor;
	options.capacity_image = capacity_image;
	run = np_sim_run(scenario, &options, error);
	if (run == NULL)
		return NP_EXIT_FAILURE;
	report = np_report_build(scenario, run);
	if (capacity_flavor != NULL) {
		/* the answer is the last event: the capacity question */
		cJSON *events = cJSON_GetObjectItemCaseSensitive(report, "events");
		cJSON *answer = cJSON_DetachItemFromArray(events, cJSON_GetArraySize(events) - 1);
		cJSON_AddItemToObject(report, "capacity", answer);
		cJSON_DeleteItemFromObject(answer, "expect");
		cJSON_DeleteItemFromObject(answer, "index");
	}
	if (format == NP_FORMAT_JSON) {
		text = np_report_to_json(report);
	} else if (capacity_flavor != NULL) {
		const cJSON *answer = cJSON_GetObjectItemCaseSensitive(report, "capacity");
		const cJSON *item;
		GString *out = g_string_new(NULL);
		g_autofree gchar *stopped = np_json_print_line(
		    cJSON_GetObjectItemCaseSensitive(answer, "stopped_by"));
		g_autofree gchar *fits =
		    np_json_print_line(cJSON_GetObjectItemCaseSensitive(answer, "fits"));
		g_autofree gchar *span =
		    np_json_print_line(cJSON_GetObjectItemCaseSensitive(answer, "would_span"));
		g_string_append_printf(out, "%s more '%s' fit after the scenario's %u events (%s of them would span)\n",
				       fits, capacity_flavor, scenario->events->len, span);
		cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(answer, "per_host"))
		{
			g_autofree gchar *n = np_json_print_line(item);
			g_string_append_printf(out, "  %-20s %s\n", item->string, n);
		}
		g_string_append_printf(out, "stopped by %s\n", stopped);
		text = g_string_free(out, FALSE);
	} else {
		text = np_report_to_text(report);
	}
	if (!np_cli_write_output(output, text, error))
		return NP_EXIT_FAILURE;
	return np_report_get_failed(report) > 0 ? NP_EXIT_EXPECTATION : NP_EXIT_OK;
}

static gboolean
np_one_path(gint argc, gchar **argv, const gchar **path, GError **error)
{
	if (argc < 2) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "a SCENARIO file is needed");
		return FALSE;
	}
	if (argc > 2) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "unexpected argument '%s'", argv[2]);
		return FALSE;
	}
	*path = argv[1];
	return TRUE;
}

gint
np_cli_run(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO");
	const gchar *path = NULL;
	NpFormat format;
	GOptionEntry entries[] = {
	    {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
	     "text (default) or json (csv, junit, html: not yet)", "FORMAT"},
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
	     "write the report to FILE (atomically) instead of stdout", "FILE"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Replays a scenario file event by event: where each VM lands (Nova's filters,\n"
	    "weigher and NUMA fit), how Hyper-V backs its memory, whether it spans NUMA\n"
	    "nodes, and why anything fails. Checks the scenario's expect: entries.\n\n"
	    "Exit status: 0 every expectation held, 1 an expectation failed,\n"
	    "2 bad input or usage (nothing ran), 3 other failure.\n\n"
	    "Example:\n"
	    "  numaplan run scenarios/examples/quickstart.yaml\n"
	    "  numaplan run scenarios/examples/quickstart.yaml --format json -o result.json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_one_path(argc, argv, &path, error) || !np_parse_format(format_name, &format, error))
		return NP_EXIT_BAD_INPUT;
	return np_cli_replay(path, NULL, NULL, format, output, error);
}

gint
np_cli_capacity(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output = NULL;
	g_autofree gchar *flavor = NULL;
	g_autofree gchar *image = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO --flavor NAME");
	const gchar *path = NULL;
	NpFormat format;
	GOptionEntry entries[] = {
	    {"flavor", 0, 0, G_OPTION_ARG_STRING, &flavor, "the flavor to fit (required)", "NAME"},
	    {"image", 0, 0, G_OPTION_ARG_STRING, &image, "its image", "NAME"},
	    {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "text (default) or json", "FORMAT"},
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "write to FILE instead of stdout",
	     "FILE"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "After replaying every event of the scenario, answers: how many more VMs of\n"
	    "this flavor fit now? Trial VMs are booted one after another (same scheduler,\n"
	    "backing and reschedules) until one does not start; nothing is kept.\n\n"
	    "Example:\n"
	    "  numaplan capacity scenarios/examples/quickstart.yaml --flavor m1.numa2");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_one_path(argc, argv, &path, error) || !np_parse_format(format_name, &format, error))
		return NP_EXIT_BAD_INPUT;
	if (flavor == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "--flavor NAME is required");
		return NP_EXIT_BAD_INPUT;
	}
	return np_cli_replay(path, flavor, image, format, output, error);
}
