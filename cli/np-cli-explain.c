/* numaplan explain: the decision behind one placement (scenario.md §4) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-report-private.h"
#include "np-scenario-load.h"

gint
np_cli_explain(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output_path = NULL;
	g_autofree gchar *event_text = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO VM");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpExplain) explain = NULL;
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GError) local = NULL;
	guint64 event = 0;
	gint format;
	GOptionEntry entries[] = {{"event",
	                           'e',
	                           0,
	                           G_OPTION_ARG_STRING,
	                           &event_text,
	                           "explain event N (its index, from 0) instead of the VM's last "
	                           "placement",
	                           "N"},
	                          NP_CLI_OPTION_FORMAT(&format_name, "text (default) or json"),
	                          NP_CLI_OPTION_OUTPUT(&output_path),
	                          {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Why did VM land where it did, or fail? Replays the scenario up to the VM's last\n"
	    "placement (boot, resize, migrate, start, restart, or its evacuation by\n"
	    "fail_host), or up to event N, and traces that decision on a copy of the state\n"
	    "of that moment: each host with the first filter that removed it and the\n"
	    "numbers it compared; the weigher's order; each start attempt with the host\n"
	    "cells Nova claimed, and per virtual node the physical node(s) that backed it,\n"
	    "the free memory of every node just before, and why it spanned or failed.\n\n"
	    "Examples:\n"
	    "  numaplan explain scenarios/examples/quickstart.yaml bigmem\n"
	    "  numaplan explain scenarios/examples/quickstart.yaml sql --event 10 --format json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_cli_parse_format(format_name,
	                         (1u << NP_REPORT_TEXT) | (1u << NP_REPORT_JSON),
	                         "explain",
	                         &format,
	                         error))
		return NP_EXIT_BAD_INPUT;
	if (argc != 3) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            argc < 3 ? "SCENARIO and VM are needed" : "unexpected argument '%s'",
		            argc < 3 ? "" : argv[3]);
		return NP_EXIT_BAD_INPUT;
	}
	if (event_text != NULL
	    && !g_ascii_string_to_unsigned(event_text, 10, 0, G_MAXINT32, &event, NULL)) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "--event '%s': expected an event index (0, 1, ...)",
		            event_text);
		return NP_EXIT_BAD_INPUT;
	}
	scenario = np_scenario_load_file(argv[1], error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	explain =
	    np_explain_new(scenario, argv[2], event_text != NULL ? (gint64)event : -1, &local);
	if (explain == NULL) {
		gboolean bug = g_str_has_prefix(local->message, "internal error");
		g_propagate_prefixed_error(error, g_steal_pointer(&local), "%s: ", argv[1]);
		return bug ? NP_EXIT_FAILURE : NP_EXIT_BAD_INPUT;
	}
	np_explain_document(text, format, scenario, explain);
	if (!np_cli_write_output(output_path, text->str, error))
		return NP_EXIT_FAILURE;
	return NP_EXIT_OK;
}
