/* Benchmark: replaying a large synthetic cluster.
 *
 * Usage: bench-run [HOSTS] [BOOTS]
 * Builds a scenario in memory (HOSTS 2- and 4-node hosts, BOOTS boots of a
 * flavor mix, restarts, a host failure, a capacity question), loads it and
 * replays it, and prints the time of each phase. With the invariant checker
 * on and off side by side, it also gives the checker's cost as a ratio.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "np-engine-private.h"
#include "np-report.h"
#include "np-scenario-load.h"

static gboolean
np_append(const gchar *data, gsize length, gpointer user_data, GError **error)
{
	g_string_append_len(user_data, data, length);
	return TRUE;
}

static gchar *
np_make_scenario(guint hosts, guint boots)
{
	GString *y = g_string_new("numaplan: 1\nname: bench\nhosts:\n");
	static const gchar *flavors[] = {"small", "medium", "numa2", "numa4", "dm"};
	g_string_append_printf(y,
	                       "  - name: two\n    count: %u\n    nodes:\n"
	                       "      - {id: 0, cpus: 24, memory_mb: 196608, reserved_mb: 8192}\n"
	                       "      - {id: 1, cpus: 24, memory_mb: 196608}\n",
	                       hosts / 2);
	g_string_append_printf(y,
	                       "  - name: four\n    count: %u\n    nodes:\n"
	                       "      - {id: 0, cpus: 16, memory_mb: 131072, reserved_mb: 4096}\n"
	                       "      - {id: 1, cpus: 16, memory_mb: 131072}\n"
	                       "      - {id: 2, cpus: 16, memory_mb: 131072}\n"
	                       "      - {id: 3, cpus: 16, memory_mb: 131072}\n",
	                       hosts - hosts / 2);
	g_string_append(
	    y,
	    "flavors:\n"
	    "  small: {vcpus: 2, memory_mb: 4096}\n"
	    "  medium: {vcpus: 4, memory_mb: 16384}\n"
	    "  numa2: {vcpus: 8, memory_mb: 32768, extra_specs: {'hw:numa_nodes': '2'}}\n"
	    "  numa4: {vcpus: 16, memory_mb: 65536, extra_specs: {'hw:numa_nodes': '4'}}\n"
	    "  dm: {vcpus: 2, memory_mb: 8192}\n"
	    "events:\n");
	for (guint i = 0; i < boots; i++) {
		const gchar *f = flavors[i % G_N_ELEMENTS(flavors)];
		if (i % 5 == 4)
			g_string_append_printf(y,
			                       "  - boot: {name: vm%u, flavor: %s, dynamic_memory: "
			                       "{startup_mb: 2048}}\n",
			                       i,
			                       f);
		else
			g_string_append_printf(y, "  - boot: {name: vm%u, flavor: %s}\n", i, f);
		if (i % 50 == 49)
			g_string_append_printf(y, "  - restart: vm%u\n", i - 10);
	}
	g_string_append(y, "  - fail_host: four-1\n  - capacity: {flavor: numa2}\n");
	return g_string_free(y, FALSE);
}

int
main(int argc, char **argv)
{
	guint hosts = argc > 1 ? (guint)atoi(argv[1]) : 100;
	guint boots = argc > 2 ? (guint)atoi(argv[2]) : 3000;
	g_autofree gchar *yaml = np_make_scenario(hosts, boots);
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = NULL;
	gint64 t0, t_load, t_run[2], t_report;
	guint active = 0;

	t0 = g_get_monotonic_time();
	scenario = np_scenario_load_data(yaml, strlen(yaml), "bench.yaml", &error);
	t_load = g_get_monotonic_time() - t0;
	if (scenario == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	for (guint check = 0; check < 2; check++) {
		g_autoptr(NpEngine) engine = NULL;
		t0 = g_get_monotonic_time();
		engine = np_sim_run(scenario,
		                    check == 1 ? NP_RUN_CHECK_INVARIANTS : NP_RUN_NONE,
		                    NULL,
		                    NULL,
		                    &error);
		t_run[check] = g_get_monotonic_time() - t0;
		if (engine == NULL) {
			fprintf(stderr, "%s\n", error->message);
			return 1;
		}
		if (check == 0) {
			g_autoptr(GString) json = g_string_new(NULL);
			g_autoptr(NpReport) report =
			    np_report_new(NP_REPORT_JSON, scenario, np_append, json);
			g_autoptr(NpEngine) again = NULL;
			t0 = g_get_monotonic_time();
			again =
			    np_sim_run(scenario, NP_RUN_NONE, np_report_add_event, report, &error);
			if (again == NULL || !np_report_finish(report, again, &error)) {
				fprintf(stderr, "%s\n", error->message);
				return 1;
			}
			t_report = g_get_monotonic_time() - t0 - t_run[0];
			for (guint i = 0; i < np_engine_get_n_vms(engine); i++) {
				NpVmInfo info;
				np_engine_get_vm(engine, i, &info);
				active += info.status == NP_STATUS_ACTIVE;
			}
		}
	}
	printf("%u hosts, %u boots (%u active at the end), %u events, %zu bytes of YAML\n",
	       hosts,
	       boots,
	       active,
	       np_scenario_get_n_events(scenario),
	       strlen(yaml));
	printf("load:                 %8.1f ms\n", t_load / 1000.0);
	printf("replay:               %8.1f ms\n", t_run[0] / 1000.0);
	printf("replay with checker:  %8.1f ms (ratio %.2f)\n",
	       t_run[1] / 1000.0,
	       (gdouble)t_run[1] / (gdouble)MAX(t_run[0], 1));
	printf("JSON report (extra):  %8.1f ms\n", t_report / 1000.0);
	return 0;
}
