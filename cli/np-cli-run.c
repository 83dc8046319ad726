/* numaplan run / capacity: replay a scenario and report (scenario.md §3, §4) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-json-writer.h"
#include "np-report-private.h"
#include "np-scenario-load.h"

static gboolean
np_parse_format(const gchar *name, NpReportFormat *format, GError **error)
{
	if (name == NULL) {
		*format = NP_REPORT_TEXT;
		return TRUE;
	}
	*format = np_report_format_from_string(name);
	if (*format < NP_REPORT_LAST)
		return TRUE;
	if (g_strcmp0(name, "csv") == 0 || g_strcmp0(name, "junit") == 0
	    || g_strcmp0(name, "html") == 0) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_UNSUPPORTED,
		            "--format %s is not available in this version; use text or json",
		            name);
		return FALSE;
	}
	g_set_error(error,
	            NP_ERROR,
	            NP_ERROR_INVALID,
	            "unknown --format '%s' (text, json, csv, junit, html)",
	            name);
	return FALSE;
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
	g_autoptr(GError) local = NULL;
	const gchar *path = NULL;
	NpReportFormat format;
	GOptionEntry entries[] = {{"format",
	                           'f',
	                           0,
	                           G_OPTION_ARG_STRING,
	                           &format_name,
	                           "text (default) or json (csv, junit, html: not yet)",
	                           "FORMAT"},
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
	scenario = np_scenario_load_file(path, error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	output = np_cli_output_open(output_path, error);
	if (output == NULL)
		return NP_EXIT_FAILURE;
	report = np_report_new(format, scenario, np_cli_output_write, output);
	engine = np_sim_run(scenario, np_run_flags(), np_report_add_event, report, error);
	if (engine == NULL || !np_report_finish(report, engine, error)
	    || !np_cli_output_commit(output, error))
		return NP_EXIT_FAILURE;
	return np_report_get_failed(report) > 0 ? NP_EXIT_EXPECTATION : NP_EXIT_OK;
}

static gboolean
np_discard(const gchar *data, gsize length, gpointer user_data, GError **error)
{
	return TRUE;
}

/* the capacity document of scenario.md §4 */
static void
np_capacity_json(NpJsonWriter *w,
                 const NpScenario *scenario,
                 GPtrArray *answers,
                 const NpReport *report)
{
	np_json_begin_object(w, NULL);
	np_json_int(w, "numaplan", 1);
	np_json_string(w, "scenario", np_scenario_get_name(scenario));
	np_json_begin_array(w, "capacity");
	for (guint i = 0; i < answers->len; i++) {
		const NpEventResult *answer = g_ptr_array_index(answers, i);
		np_json_begin_object(w, NULL);
		np_json_string(w, "flavor", answer->flavor);
		np_json_int(w, "fits", answer->fits);
		np_json_begin_object(w, "per_host");
		for (guint h = 0; h < np_event_result_get_n_per_host(answer); h++) {
			gint64 count = 0;
			const gchar *host = np_event_result_get_per_host(answer, h, &count);
			np_json_int(w, host, count);
		}
		np_json_end(w);
		np_json_int(w, "would_span", answer->would_span);
		np_json_string(w,
		               "stopped_by",
		               answer->stopped_by == NP_CODE_NONE
		                   ? NULL
		                   : np_code_to_string(answer->stopped_by));
		np_json_end(w);
	}
	np_json_end(w);
	np_json_begin_object(w, "expectations");
	np_json_int(w, "passed", np_report_get_passed(report));
	np_json_int(w, "failed", np_report_get_failed(report));
	np_json_end(w);
	np_json_end(w);
	np_json_finish(w);
}

static void
np_capacity_text(GString *out, const NpScenario *scenario, GPtrArray *answers)
{
	for (guint i = 0; i < answers->len; i++) {
		const NpEventResult *answer = g_ptr_array_index(answers, i);
		guint shown = 0;
		g_string_append_printf(out,
		                       "%" G_GINT64_FORMAT " more '%s' fit after the scenario's %u "
		                       "events (%" G_GINT64_FORMAT " of them would span)\n",
		                       answer->fits,
		                       answer->flavor,
		                       np_scenario_get_n_events(scenario),
		                       answer->would_span);
		for (guint h = 0; h < np_event_result_get_n_per_host(answer); h++) {
			gint64 count = 0;
			const gchar *host = np_event_result_get_per_host(answer, h, &count);
			if (count == 0)
				continue;
			g_string_append_printf(out, "  %-20s %" G_GINT64_FORMAT "\n", host, count);
			shown++;
		}
		if (shown == 0)
			g_string_append(out, "  no host takes one more\n");
		g_string_append_printf(out,
		                       "stopped by %s%s%s\n",
		                       answer->stopped_by == NP_CODE_NONE
		                           ? "-"
		                           : np_code_to_string(answer->stopped_by),
		                       answer->message != NULL ? ": " : "",
		                       answer->message != NULL ? answer->message : "");
	}
}

gint
np_cli_capacity(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output_path = NULL;
	g_auto(GStrv) flavors = NULL;
	g_autofree gchar *image = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO --flavor NAME...");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpReport) report = NULL;
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(GPtrArray) answers = NULL;
	g_autoptr(GString) text = g_string_new(NULL);
	const gchar *path = NULL;
	NpReportFormat format;
	GOptionEntry entries[] = {
	    {"flavor",
	     0,
	     0,
	     G_OPTION_ARG_STRING_ARRAY,
	     &flavors,
	     "a flavor to fit (required; repeat for several)",
	     "NAME"},
	    {"image", 0, 0, G_OPTION_ARG_STRING, &image, "their image", "NAME"},
	    {"format",
	     'f',
	     0,
	     G_OPTION_ARG_STRING,
	     &format_name,
	     "text (default) or json",
	     "FORMAT"},
	    {"output",
	     'o',
	     0,
	     G_OPTION_ARG_FILENAME,
	     &output_path,
	     "write to FILE (atomically) instead of stdout",
	     "FILE"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Replays the scenario, then answers for each flavor, on its own copy of the end\n"
	    "state: how many more VMs of it fit now? Trial VMs are booted one after another\n"
	    "(same scheduler, backing and reschedules) until one does not start; nothing is\n"
	    "kept. Exit status as 'numaplan run' gives for the scenario's expectations.\n\n"
	    "Example:\n"
	    "  numaplan capacity scenarios/examples/quickstart.yaml --flavor m1.numa2");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_one_path(argc, argv, &path, error) || !np_parse_format(format_name, &format, error))
		return NP_EXIT_BAD_INPUT;
	if (flavors == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "--flavor NAME is required");
		return NP_EXIT_BAD_INPUT;
	}
	scenario = np_scenario_load_file(path, error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	for (guint i = 0; flavors[i] != NULL; i++) {
		if (np_scenario_lookup_flavor(scenario, flavors[i]) == NULL) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_NOT_FOUND,
			            "%s: no flavor '%s'",
			            path,
			            flavors[i]);
			return NP_EXIT_BAD_INPUT;
		}
	}
	if (image != NULL && np_scenario_lookup_image(scenario, image) == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_NOT_FOUND, "%s: no image '%s'", path, image);
		return NP_EXIT_BAD_INPUT;
	}
	/* the run's expectations decide the exit status */
	report = np_report_new(NP_REPORT_JSON, scenario, np_discard, NULL);
	engine = np_sim_run(scenario, np_run_flags(), np_report_add_event, report, error);
	if (engine == NULL || !np_report_finish(report, engine, error))
		return NP_EXIT_FAILURE;
	answers = g_ptr_array_new_with_free_func((GDestroyNotify)np_event_result_free);
	for (guint i = 0; flavors[i] != NULL; i++) {
		/* each flavor on its own copy: one's trial VMs never touch another's */
		g_autoptr(NpEngine) copy = np_engine_copy(engine);
		g_autoptr(NpEvent) question = np_event_new_capacity(flavors[i], image);
		NpEventResult *answer = np_engine_apply(copy, question, error);
		if (answer == NULL)
			return NP_EXIT_FAILURE;
		g_ptr_array_add(answers, answer);
	}
	if (format == NP_REPORT_JSON) {
		g_autoptr(NpJsonWriter) w = np_json_writer_new(text);
		np_capacity_json(w, scenario, answers, report);
	} else {
		np_capacity_text(text, scenario, answers);
	}
	if (!np_cli_write_output(output_path, text->str, error))
		return NP_EXIT_FAILURE;
	return np_report_get_failed(report) > 0 ? NP_EXIT_EXPECTATION : NP_EXIT_OK;
}
