/* numaplan compare: what-if, two replays side by side (scenario.md §4) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-report-private.h"
#include "np-scenario-load.h"

#define NP_COMPARE_FORMATS                                                       \
	((1u << NP_REPORT_TEXT) | (1u << NP_REPORT_JSON) | (1u << NP_REPORT_CSV) \
	 | (1u << NP_REPORT_HTML))

/* each --set KEY=VALUE on @scenario's settings, in order (a host that
 * sets the key itself keeps its own value: hosts resolve their settings
 * against the cluster's when the engine is built) */
static gboolean
np_apply_sets(NpScenario *scenario, gchar **sets, GError **error)
{
	for (guint i = 0; sets != NULL && sets[i] != NULL; i++) {
		const gchar *eq = strchr(sets[i], '=');
		g_autofree gchar *key = NULL;
		if (eq == NULL || eq == sets[i]) {
			g_set_error(
			    error,
			    NP_ERROR,
			    NP_ERROR_INVALID,
			    "--set '%s': expected KEY=VALUE, a key of settings: and its value "
			    "written as there (numa_spanning=false)",
			    sets[i]);
			return FALSE;
		}
		key = g_strndup(sets[i], eq - sets[i]);
		if (!np_settings_set(np_scenario_get_settings(scenario), key, eq + 1, error)) {
			g_prefix_error(error, "--set %s: ", sets[i]);
			return FALSE;
		}
	}
	return TRUE;
}

static NpEngine *
np_replay(const NpScenario *scenario, NpCliProgress *progress, GError **error)
{
	return np_report_run(NULL,
	                     scenario,
	                     np_cli_debug_check() ? NP_RUN_CHECK_INVARIANTS : NP_RUN_NONE,
	                     np_cli_progress_update,
	                     progress,
	                     error);
}

gint
np_cli_compare(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output_path = NULL;
	g_auto(GStrv) sets = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO [OTHER]");
	g_autoptr(NpScenario) a = NULL;
	g_autoptr(NpScenario) b = NULL;
	g_autoptr(NpEngine) ea = NULL;
	g_autoptr(NpEngine) eb = NULL;
	g_autoptr(NpCompare) compare = NULL;
	g_autoptr(GString) text = g_string_new(NULL);
	g_autofree gchar *other = NULL;
	NpCliProgress progress;
	gint format;
	GOptionEntry entries[] = {
	    {"set",
	     0,
	     0,
	     G_OPTION_ARG_STRING_ARRAY,
	     &sets,
	     "replay a variant whose settings: have KEY=VALUE (repeat for "
	     "several; with OTHER, OTHER is changed)",
	     "KEY=VALUE"},
	    NP_CLI_OPTION_FORMAT(&format_name, "text (default), json, csv or html"),
	    NP_CLI_OPTION_OUTPUT(&output_path),
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "What if? Replays SCENARIO and OTHER (or SCENARIO again with --set overrides on\n"
	    "its settings:; a host that sets the key itself keeps its own value) and shows\n"
	    "every VM whose final status, host, code, spanning or remote memory differs,\n"
	    "and how the summary changes (B - A). No expectation is checked: the exit\n"
	    "status is 0 whenever it answers.\n\n"
	    "Examples:\n"
	    "  numaplan compare scenarios/examples/quickstart.yaml --set numa_spanning=false\n"
	    "  numaplan compare scenarios/examples/quickstart.yaml --set weigher=pack "
	    "--set backing=best-fit --format json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_cli_parse_format(format_name, NP_COMPARE_FORMATS, "compare", &format, error))
		return NP_EXIT_BAD_INPUT;
	if (argc < 2) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "a SCENARIO file is needed");
		return NP_EXIT_BAD_INPUT;
	}
	if (argc > 3) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "unexpected argument '%s'", argv[3]);
		return NP_EXIT_BAD_INPUT;
	}
	if (argc == 2 && sets == NULL) {
		g_set_error(
		    error,
		    NP_ERROR,
		    NP_ERROR_INVALID,
		    "nothing to compare with: give OTHER, or --set KEY=VALUE for a variant");
		return NP_EXIT_BAD_INPUT;
	}
	a = np_scenario_load_file(argv[1], error);
	if (a == NULL)
		return NP_EXIT_BAD_INPUT;
	/* the variant is a copy of SCENARIO: the file read again */
	b = np_scenario_load_file(argc == 3 ? argv[2] : argv[1], error);
	if (b == NULL)
		return NP_EXIT_BAD_INPUT;
	if (!np_apply_sets(b, sets, error))
		return NP_EXIT_BAD_INPUT;
	if (argc == 3)
		other = g_strdup(np_scenario_get_name(b));
	np_cli_progress_init(&progress, "compare: replaying A");
	ea = np_replay(a, &progress, error);
	if (ea != NULL) {
		progress.what = "compare: replaying B";
		eb = np_replay(b, &progress, error);
	}
	np_cli_progress_end(&progress);
	if (ea == NULL || eb == NULL) {
		/* a scenario that loads but an engine refuses is bad input */
		return NP_EXIT_BAD_INPUT;
	}
	compare = np_compare_new(ea, np_scenario_get_n_events(a), eb, np_scenario_get_n_events(b));
	np_compare_document(text, format, a, other, (const gchar *const *)sets, ea, eb, compare);
	if (!np_cli_write_output(output_path, text->str, error))
		return NP_EXIT_FAILURE;
	return NP_EXIT_OK;
}
