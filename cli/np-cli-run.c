/* numaplan run: replay a scenario and report (scenario.md §3) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-report-private.h"
#include "np-scenario-load.h"

gboolean
np_cli_parse_format(const gchar *name,
                    guint allowed,
                    const gchar *command,
                    gint *format,
                    GError **error)
{
	g_autoptr(GString) names = g_string_new(NULL);
	NpReportFormat f;

	if (name == NULL) {
		*format = NP_REPORT_TEXT;
		return TRUE;
	}
	for (guint i = 0; i < NP_REPORT_LAST; i++) {
		if (allowed & (1u << i))
			g_string_append_printf(names,
			                       "%s%s",
			                       names->len > 0 ? ", " : "",
			                       np_report_format_to_string(i));
	}
	f = np_report_format_from_string(name);
	if (f >= NP_REPORT_LAST) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "unknown --format '%s' (%s)",
		            name,
		            names->str);
		return FALSE;
	}
	if (!(allowed & (1u << f))) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_UNSUPPORTED,
		            "%s writes no %s: --format is one of %s",
		            command,
		            name,
		            names->str);
		return FALSE;
	}
	*format = f;
	return TRUE;
}

gboolean
np_cli_one_path(gint argc, gchar **argv, const gchar **path, GError **error)
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

static NpRunFlags
np_run_flags(void)
{
	return np_cli_debug_check() ? NP_RUN_CHECK_INVARIANTS : NP_RUN_NONE;
}

gint
np_cli_run(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output_path = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpCliOutput) output = NULL;
	g_autoptr(NpReport) report = NULL;
	g_autoptr(NpEngine) engine = NULL;
	NpCliProgress progress;
	const gchar *path = NULL;
	gint format;
	GOptionEntry entries[] = {
	    NP_CLI_OPTION_FORMAT(&format_name, "text (default), json, csv, junit or html"),
	    {"output",
	     'o',
	     0,
	     G_OPTION_ARG_FILENAME,
	     &output_path,
	     "write the report to FILE (atomically) instead of stdout",
	     "FILE"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Replays a scenario file event by event: where each VM lands (Nova's filters,\n"
	    "weighers and NUMA fit), how Hyper-V backs its memory, whether it spans NUMA\n"
	    "nodes, and why anything fails; then the hosts, free capacity as Nova's claims\n"
	    "and Hyper-V's backing each see it, and fragmentation. Checks the scenario's\n"
	    "expect: entries.\n\n"
	    "Formats: text for people; json (scenario.md §2) for programs; csv (RFC 4180,\n"
	    "CRLF) a row per event and per VM; junit a testcase per expectation for CI;\n"
	    "html one self-contained page (no script, no network) of the cluster.\n\n"
	    "Exit status: 0 every expectation held, 1 an expectation failed,\n"
	    "2 bad input or usage (nothing ran), 3 other failure.\n\n"
	    "Examples:\n"
	    "  numaplan run scenarios/examples/quickstart.yaml\n"
	    "  numaplan run scenarios/examples/quickstart.yaml --format json -o result.json\n"
	    "  numaplan run scenarios/examples/quickstart.yaml --format html -o quickstart.html\n"
	    "  numaplan run scenarios/examples/quickstart.yaml --format junit -o junit.xml");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_cli_one_path(argc, argv, &path, error)
	    || !np_cli_parse_format(format_name, 0x1f, "run", &format, error))
		return NP_EXIT_BAD_INPUT;
	scenario = np_scenario_load_file(path, error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	output = np_cli_output_open(output_path, error);
	if (output == NULL)
		return NP_EXIT_FAILURE;
	report = np_report_new(format, scenario, np_cli_output_write, output);
	np_cli_progress_init(&progress, "replaying");
	engine = np_report_run(report,
	                       scenario,
	                       np_run_flags(),
	                       np_cli_progress_update,
	                       &progress,
	                       error);
	np_cli_progress_end(&progress);
	if (engine == NULL || !np_report_finish(report, engine, error)
	    || !np_cli_output_commit(output, error))
		return NP_EXIT_FAILURE;
	return np_report_get_failed(report) > 0 ? NP_EXIT_EXPECTATION : NP_EXIT_OK;
}
