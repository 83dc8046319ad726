/* numaplan topology: one host after a scenario's events, for people or as
 * the numa_topology Nova 26's Hyper-V driver reports (scenario.md §7) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-engine.h"
#include "np-error.h"
#include "np-nova-topology.h"
#include "np-scenario-load.h"

/* the hosts present after the run, names joined for a message */
static gchar *
np_present_hosts(const NpEngine *engine, guint *count, guint *last)
{
	g_autoptr(GString) names = g_string_new(NULL);

	*count = 0;
	for (guint i = 0; i < np_engine_get_n_hosts(engine); i++) {
		NpHostInfo info;
		if (!np_engine_get_host(engine, i, &info) || !info.present)
			continue;
		g_string_append_printf(names, "%s%s", *count > 0 ? ", " : "", info.name);
		(*count)++;
		*last = i;
	}
	return g_string_free(g_steal_pointer(&names), FALSE);
}

static gboolean
np_pick_host(const NpEngine *engine, const gchar *name, guint *index, GError **error)
{
	guint count = 0, last = 0;
	g_autofree gchar *names = np_present_hosts(engine, &count, &last);
	NpHostInfo info;

	if (name != NULL) {
		if (np_engine_lookup_host(engine, name, index)
		    && np_engine_get_host(engine, *index, &info) && info.present)
			return TRUE;
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_NOT_FOUND,
		            "no host '%s' after the scenario's events (hosts: %s)",
		            name,
		            count > 0 ? names : "none");
		return FALSE;
	}
	if (count == 1) {
		*index = last;
		return TRUE;
	}
	if (count == 0)
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    "the scenario has no host left after its events");
	else
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "the scenario has %u hosts: name one with --host (%s)",
		            count,
		            names);
	return FALSE;
}

static gchar *
np_topology_text(const NpEngine *engine, guint index, const NpScenario *scenario)
{
	g_autoptr(GString) out = g_string_new(NULL);
	NpHostInfo host;

	np_engine_get_host(engine, index, &host);
	g_string_append_printf(out,
	                       "%s: %u NUMA node%s, %" G_GINT64_FORMAT
	                       " logical processors, %" G_GINT64_FORMAT
	                       " MiB; NUMA spanning %s%s\n",
	                       host.name,
	                       host.n_nodes,
	                       host.n_nodes == 1 ? "" : "s",
	                       host.cpus,
	                       host.memory_mb,
	                       host.numa_spanning ? "on" : "off",
	                       host.enabled ? "" : "; failed");
	g_string_append_printf(out,
	                       "after the %u event%s of %s (expectations not checked)\n\n",
	                       np_scenario_get_n_events(scenario),
	                       np_scenario_get_n_events(scenario) == 1 ? "" : "s",
	                       np_scenario_get_name(scenario));
	g_string_append_printf(out,
	                       "%6s %6s %12s %12s %12s %12s %14s %18s\n",
	                       "node",
	                       "LPs",
	                       "memory_mb",
	                       "reserved_mb",
	                       "backed_mb",
	                       "free_mb",
	                       "claimed_vcpus",
	                       "claimed_memory_mb");
	for (guint n = 0; n < host.n_nodes; n++) {
		NpNodeInfo node;
		np_engine_get_node(engine, index, n, &node);
		g_string_append_printf(out,
		                       "%6" G_GINT64_FORMAT " %6" G_GINT64_FORMAT
		                       " %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT
		                       " %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT
		                       " %14" G_GINT64_FORMAT " %18" G_GINT64_FORMAT "\n",
		                       node.id,
		                       node.cpus,
		                       node.memory_mb,
		                       node.reserved_mb,
		                       node.backed_mb,
		                       node.free_mb,
		                       node.claimed_vcpus,
		                       node.claimed_memory_mb);
	}
	g_string_append(
	    out,
	    "\nWhat Nova's Hyper-V driver reports for it (--format nova): one cell per\n"
	    "node with memory = memory_mb, memory_usage = free_mb (free memory: os-win's\n"
	    "meaning) and cpuset 0 .. LPs-1; Nova's own claims are not in it.\n");
	return g_string_free(g_steal_pointer(&out), FALSE);
}

static gchar *
np_topology_nova(const NpEngine *engine, guint index, GError **error)
{
	NpHostInfo host;
	g_autofree NpNovaCell *cells = NULL;

	np_engine_get_host(engine, index, &host);
	cells = g_new0(NpNovaCell, MAX(host.n_nodes, 1));
	for (guint n = 0; n < host.n_nodes; n++) {
		NpNodeInfo node;
		np_engine_get_node(engine, index, n, &node);
		cells[n] = (NpNovaCell){node.id, node.cpus, node.memory_mb, node.free_mb};
	}
	return np_nova_topology_to_json(cells, host.n_nodes, error);
}

gint
np_cli_topology(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format = NULL;
	g_autofree gchar *output_path = NULL;
	g_autofree gchar *host_name = NULL;
	g_autofree gchar *text = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpEngine) engine = NULL;
	guint index = 0;
	GOptionEntry entries[] = {
	    {"host",
	     0,
	     0,
	     G_OPTION_ARG_STRING,
	     &host_name,
	     "the host (when there are several)",
	     "NAME"},
	    NP_CLI_OPTION_FORMAT(&format, "text (default) or nova (numa_topology JSON)"),
	    NP_CLI_OPTION_OUTPUT(&output_path),
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Replays a scenario (expectations are not checked) and shows one host's NUMA\n"
	    "nodes in their end state. --format nova prints, on one line, the numa_topology\n"
	    "Nova 26's Hyper-V driver would report for it from get_available_resource():\n"
	    "the JSON of objects.NUMATopology, with each node's FREE memory as memory_usage\n"
	    "(os-win's meaning). 'numaplan import --from-nova' reads it back.\n\n"
	    "Exit status: 0 written, 2 bad input (an unknown --host, or none with several\n"
	    "hosts), 3 other failure.\n\n"
	    "Examples:\n"
	    "  numaplan topology scenarios/examples/topology-import.yaml\n"
	    "  numaplan topology scenarios/examples/quickstart.yaml --host hv01 --format nova");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (argc != 2) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    argc < 2 ? "a SCENARIO file is needed"
		                             : "expected one SCENARIO argument");
		return NP_EXIT_BAD_INPUT;
	}
	if (format != NULL && g_strcmp0(format, "text") != 0 && g_strcmp0(format, "nova") != 0) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "unknown --format '%s' (text, nova)",
		            format);
		return NP_EXIT_BAD_INPUT;
	}
	scenario = np_scenario_load_file(argv[1], error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	engine = np_sim_run(scenario,
	                    np_cli_debug_check() ? NP_RUN_CHECK_INVARIANTS : NP_RUN_NONE,
	                    NULL,
	                    NULL,
	                    error);
	if (engine == NULL)
		return NP_EXIT_FAILURE;
	if (!np_pick_host(engine, host_name, &index, error))
		return NP_EXIT_BAD_INPUT;
	if (g_strcmp0(format, "nova") == 0) {
		text = np_topology_nova(engine, index, error);
		if (text == NULL)
			return NP_EXIT_BAD_INPUT;
	} else {
		text = np_topology_text(engine, index, scenario);
	}
	return np_cli_write_output(output_path, text, error) ? NP_EXIT_OK : NP_EXIT_FAILURE;
}
