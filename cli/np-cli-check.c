/* numaplan check: load and validate a scenario, run nothing (scenario.md §3) */
#include <stdio.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-scenario-load.h"
#include "np-scenario-private.h"

gint
np_cli_check(gint argc, gchar **argv, GError **error)
{
	g_autoptr(GOptionContext) context = NULL;
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(GError) local = NULL;
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};

	context = g_option_context_new("SCENARIO");
	g_option_context_set_summary(
	    context,
	    "Loads and validates a scenario file (format v1) without running it: every key,\n"
	    "type and limit, every flavor, image, host and VM an event names, and the\n"
	    "topology files it reads. Prints one line when the file is good. A bad file\n"
	    "gets one line 'FILE:LINE:COLUMN: message' on stderr and exit status 2 (an\n"
	    "error inside a topology file adds a line pointing at the topology_file: that\n"
	    "names it); so does a file that cannot be read.\n\n"
	    "Example:\n"
	    "  numaplan check scenarios/examples/quickstart.yaml\n"
	    "  (prints: quickstart: 4 hosts, 5 flavors, 1 image, 13 events: OK)");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (argc != 2) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    argc < 2 ? "missing SCENARIO (see 'numaplan check --help')"
		                             : "expected one SCENARIO argument");
		return NP_EXIT_BAD_INPUT;
	}
	scenario = np_scenario_load_file(argv[1], &local);
	if (scenario == NULL) {
		/* like a missing topology_file (scenario.md §1), a missing or
		 * unreadable scenario is bad input: nothing ran */
		g_propagate_error(error, g_steal_pointer(&local));
		return NP_EXIT_BAD_INPUT;
	}
	if (printf("%s: %u host%s, %u flavor%s, %u image%s, %u event%s: OK\n",
	           scenario->name,
	           scenario->hosts->len,
	           scenario->hosts->len == 1 ? "" : "s",
	           scenario->flavors->len,
	           scenario->flavors->len == 1 ? "" : "s",
	           scenario->images->len,
	           scenario->images->len == 1 ? "" : "s",
	           scenario->events->len,
	           scenario->events->len == 1 ? "" : "s")
	        < 0
	    || fflush(stdout) != 0) {
		g_set_error(error, NP_ERROR, NP_ERROR_IO, "writing to standard output failed");
		return NP_EXIT_FAILURE;
	}
	return NP_EXIT_OK;
}
