/* numaplan plan: what apply would change on imported Hyper-V hosts
 * (scenario.md §5). Exit 0 written, 2 bad input, 3 writing failed. */
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-plan.h"
#include "np-scenario-load.h"

gint
np_cli_plan(gint argc, gchar **argv, GError **error)
{
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpPlan) plan = NULL;
	g_autofree gchar *output = NULL;
	g_autofree gchar *text = NULL;
	const gchar *path;
	GOptionEntry entries[] = {NP_CLI_OPTION_OUTPUT(&output), {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Replays SCENARIO and compares, for each host and VM a live import wrote\n"
	    "(their hyperv: maps), the end state with what the import recorded: the\n"
	    "Hyper-V settings to write (vNUMA on or off and its per-node caps, vCPUs,\n"
	    "static or dynamic memory), host NUMA spanning, and the preconditions apply\n"
	    "checks first (the host's name and NUMA fingerprint, each VM's GUID, name and\n"
	    "recorded values). Edit an imported boot's flavor or dynamic_memory, or the\n"
	    "host's numa_spanning, to change a VM or host. VMs the scenario boots that\n"
	    "the host does not have are listed under \"create\" and never performed.\n"
	    "No difference: an empty plan. The plan is JSON (\"numaplan_plan\": 1,\n"
	    "docs/plan-apply.md), written to PLAN (atomically) or stdout.\n\n"
	    "Exit status: 0 written, 2 bad input, 3 the file could not be written.\n\n"
	    "Example:\n"
	    "  numaplan plan tests/data/plan/edited.yaml -o plan.json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_cli_one_path(argc, argv, &path, error))
		return NP_EXIT_BAD_INPUT;
	scenario = np_scenario_load_file(path, error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	plan = np_plan_compute(scenario, error);
	if (plan == NULL)
		return NP_EXIT_BAD_INPUT;
	text = np_plan_to_json(plan);
	if (!np_cli_write_output(output, text, error))
		return NP_EXIT_FAILURE;
	return NP_EXIT_OK;
}
