/* numaplan capacity and failover: questions about the end state of a
 * scenario, each answered on its own copy of it (scenario.md §4) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-report-private.h"
#include "np-scenario-load.h"

/* formats these commands write: text, json, csv, html */
#define NP_PLANNING_FORMATS                                                      \
	((1u << NP_REPORT_TEXT) | (1u << NP_REPORT_JSON) | (1u << NP_REPORT_CSV) \
	 | (1u << NP_REPORT_HTML))

static gboolean
np_discard(const gchar *data, gsize length, gpointer user_data, GError **error)
{
	return TRUE;
}

/* the replay, with the scenario's expectations checked: they give the
 * exit status (scenario.md §4) */
static NpEngine *
np_cli_replay(const NpScenario *scenario,
              NpReport **report,
              NpCliProgress *progress,
              GError **error)
{
	g_autoptr(NpEngine) engine = NULL;
	*report = np_report_new(NP_REPORT_JSON, scenario, np_discard, NULL);
	engine = np_report_run(*report,
	                       scenario,
	                       np_cli_debug_check() ? NP_RUN_CHECK_INVARIANTS : NP_RUN_NONE,
	                       np_cli_progress_update,
	                       progress,
	                       error);
	if (engine == NULL || !np_report_finish(*report, engine, error))
		return NULL;
	return g_steal_pointer(&engine);
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
	g_autoptr(NpEngine) scratch = NULL;
	g_autoptr(NpHeadroom) headroom = NULL;
	g_autoptr(GPtrArray) answers = NULL;
	g_autoptr(GString) text = g_string_new(NULL);
	NpCliProgress progress;
	const gchar *path = NULL;
	gint format;
	GOptionEntry entries[] = {
	    {"flavor",
	     0,
	     0,
	     G_OPTION_ARG_STRING_ARRAY,
	     &flavors,
	     "a flavor to fit (required; repeat for several)",
	     "NAME"},
	    {"image",
	     0,
	     0,
	     G_OPTION_ARG_STRING,
	     &image,
	     "the image every flavor boots with",
	     "NAME"},
	    NP_CLI_OPTION_FORMAT(&format_name, "text (default), json, csv or html"),
	    NP_CLI_OPTION_OUTPUT(&output_path),
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Replays the scenario once, then answers for each flavor, in the order given\n"
	    "and each on its own copy of the end state: how many more VMs of it fit now?\n"
	    "'fits' is the scheduler's own greedy answer: trial VMs booted one after\n"
	    "another (same filters, weighers, backing and reschedules) until one does not\n"
	    "start. 'upper bound' fills each host alone with forced trial VMs and adds\n"
	    "them up, so fits <= upper bound. Nothing is kept. Also prints free capacity\n"
	    "as Nova's claims and Hyper-V's backing see it, and fragmentation.\n"
	    "Exit status as 'numaplan run' gives for the scenario's expectations.\n\n"
	    "Examples:\n"
	    "  numaplan capacity scenarios/examples/quickstart.yaml --flavor v2.large\n"
	    "  numaplan capacity scenarios/examples/quickstart.yaml --flavor m1.small "
	    "--flavor v2.large --flavor v4.xlarge --format json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_cli_one_path(argc, argv, &path, error)
	    || !np_cli_parse_format(format_name, NP_PLANNING_FORMATS, "capacity", &format, error))
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
	np_cli_progress_init(&progress, "capacity");
	engine = np_cli_replay(scenario, &report, &progress, error);
	if (engine == NULL) {
		np_cli_progress_end(&progress);
		return NP_EXIT_FAILURE;
	}
	answers = g_ptr_array_new_with_free_func((GDestroyNotify)np_capacity_answer_free);
	for (guint i = 0; flavors[i] != NULL; i++) {
		/* each flavor on its own copy: one's trial VMs never touch another's */
		g_autofree gchar *step = g_strdup_printf("flavor %u of %u (%s)",
		                                         i + 1,
		                                         g_strv_length(flavors),
		                                         flavors[i]);
		NpCapacityAnswer *answer;
		np_cli_progress_step(&progress, step);
		answer = np_capacity_answer(engine, flavors[i], image, error);
		if (answer == NULL) {
			np_cli_progress_end(&progress);
			return NP_EXIT_FAILURE;
		}
		g_ptr_array_add(answers, answer);
	}
	np_cli_progress_step(&progress, "free capacity and fragmentation");
	scratch = np_engine_copy(engine);
	headroom = np_headroom_new(scratch);
	np_cli_progress_end(&progress);
	np_capacity_document(text, format, scenario, engine, answers, image, headroom, report);
	if (!np_cli_write_output(output_path, text->str, error))
		return NP_EXIT_FAILURE;
	return np_report_get_failed(report) > 0 ? NP_EXIT_EXPECTATION : NP_EXIT_OK;
}

gint
np_cli_failover(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output_path = NULL;
	g_auto(GStrv) hosts = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpReport) report = NULL;
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(NpEngine) scratch = NULL;
	g_autoptr(NpHeadroom) headroom = NULL;
	g_autoptr(NpFailover) failover = NULL;
	g_autoptr(GArray) indices = NULL;
	g_autoptr(GString) text = g_string_new(NULL);
	NpCliProgress progress;
	const gchar *path = NULL;
	gint format;
	GOptionEntry entries[] = {
	    {"host",
	     0,
	     0,
	     G_OPTION_ARG_STRING_ARRAY,
	     &hosts,
	     "fail this host (repeat for several); default: every host "
	     "enabled after the last event",
	     "NAME"},
	    NP_CLI_OPTION_FORMAT(&format_name, "text (default), json, csv or html"),
	    NP_CLI_OPTION_OUTPUT(&output_path),
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "N+1: replays the scenario, then fails each host on its own copy of the end\n"
	    "state (a fail_host event) and says where each of its VMs goes, which span\n"
	    "NUMA nodes, which are lost (no host takes them), the remote memory, the worst\n"
	    "host, and whether the cluster survives any single host failure. A lost VM is\n"
	    "an answer, not a failure: the exit status is the scenario's expectations', as\n"
	    "'numaplan run' gives it.\n\n"
	    "Examples:\n"
	    "  numaplan failover scenarios/examples/quickstart.yaml\n"
	    "  numaplan failover scenarios/examples/quickstart.yaml --host hv03 --format json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_cli_one_path(argc, argv, &path, error)
	    || !np_cli_parse_format(format_name, NP_PLANNING_FORMATS, "failover", &format, error))
		return NP_EXIT_BAD_INPUT;
	scenario = np_scenario_load_file(path, error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	np_cli_progress_init(&progress, "failover");
	engine = np_cli_replay(scenario, &report, &progress, error);
	if (engine == NULL) {
		np_cli_progress_end(&progress);
		return NP_EXIT_FAILURE;
	}
	if (hosts != NULL) {
		indices = g_array_new(FALSE, FALSE, sizeof(guint));
		for (guint i = 0; hosts[i] != NULL; i++) {
			guint index = 0;
			NpHostInfo info;
			if (!np_engine_lookup_host(engine, hosts[i], &index)
			    || !np_engine_get_host(engine, index, &info) || !info.present) {
				np_cli_progress_end(&progress);
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_NOT_FOUND,
				            "%s: no host '%s' after the last event",
				            path,
				            hosts[i]);
				return NP_EXIT_BAD_INPUT;
			}
			g_array_append_val(indices, index);
		}
	}
	np_cli_progress_step(&progress, "failing each host on a copy");
	failover = np_failover_new(engine, indices);
	scratch = np_engine_copy(engine);
	headroom = np_headroom_new(scratch);
	np_cli_progress_end(&progress);
	np_failover_document(text, format, scenario, engine, failover, headroom, report);
	if (!np_cli_write_output(output_path, text->str, error))
		return NP_EXIT_FAILURE;
	return np_report_get_failed(report) > 0 ? NP_EXIT_EXPECTATION : NP_EXIT_OK;
}
