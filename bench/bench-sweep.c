/* Benchmark: a sweep with one thread and with two, side by side.
 *
 * Usage: bench-sweep [TRIALS] [HOSTS]
 * Builds a cluster of HOSTS two-node hosts with three arrival streams
 * (about 90 % of its memory asked for) and host failures, then runs the
 * same TRIALS trials with --threads 1 and 2, twice each, alternating, and
 * prints the best time of each and the speed-up. The two documents must be
 * the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "np-scenario-load.h"
#include "np-sweep-report-private.h"

static gchar *
np_make_scenario(guint hosts)
{
	/* per host 2 × 64 GiB; the streams ask for λ·lifetime·size ≈ 115 GiB */
	return g_strdup_printf(
	    "numaplan: 1\nname: bench-sweep\n"
	    "hosts:\n  - name: hv\n    count: %u\n    nodes:\n"
	    "      - {id: 0, cpus: 24, memory_mb: 65536, reserved_mb: 2048}\n"
	    "      - {id: 1, cpus: 24, memory_mb: 65536}\n"
	    "flavors:\n"
	    "  small: {vcpus: 2, memory_mb: 4096}\n"
	    "  medium: {vcpus: 4, memory_mb: 16384}\n"
	    "  numa2: {vcpus: 8, memory_mb: 32768, extra_specs: {'hw:numa_nodes': '2'}}\n"
	    "sweep:\n  horizon_hours: 500\n  warmup_hours: 50\n  arrivals:\n"
	    "    - {flavor: small, per_hour: %g, lifetime_hours: 6}\n"
	    "    - {flavor: medium, per_hour: %g, lifetime_hours: 10}\n"
	    "    - {flavor: numa2, per_hour: %g, lifetime_hours: 20}\n"
	    "  host_failures: {per_host_per_year: 3, repair_hours: 12}\n",
	    hosts,
	    1.0 * hosts,
	    0.3 * hosts,
	    0.07 * hosts);
}

/* seconds for the sweep, and its JSON in *@json */
static gdouble
np_time_sweep(const NpScenario *scenario, guint64 trials, guint threads, gchar **json)
{
	g_autoptr(GError) error = NULL;
	NpSweepOptions options = {trials, 1, threads, 0, 1, NP_RUN_NONE};
	gint64 t0 = g_get_monotonic_time();
	GPtrArray *records = np_sweep_run(scenario, &options, NULL, NULL, &error);
	gint64 t1 = g_get_monotonic_time();
	g_autoptr(NpSweepDoc) doc = NULL;

	if (records == NULL) {
		fprintf(stderr, "%s\n", error->message);
		exit(1);
	}
	doc = np_sweep_doc_new_for_run(scenario, "-", &options, FALSE, records);
	g_free(*json);
	*json = np_sweep_doc_to_json(doc);
	return (t1 - t0) / 1e6;
}

int
main(int argc, char **argv)
{
	guint64 trials = argc > 1 ? (guint64)atoi(argv[1]) : 40;
	guint hosts = argc > 2 ? (guint)atoi(argv[2]) : 20;
	g_autofree gchar *yaml = np_make_scenario(hosts);
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_scenario_load_data(yaml, strlen(yaml), "bench-sweep.yaml", &error);
	g_autofree gchar *one = NULL, *two = NULL;
	gdouble best[2] = {G_MAXDOUBLE, G_MAXDOUBLE};
	NpSweepStat arrivals;
	g_autoptr(NpSweepDoc) doc = NULL;

	if (scenario == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	for (guint round = 0; round < 2; round++) {
		best[0] = MIN(best[0], np_time_sweep(scenario, trials, 1, &one));
		best[1] = MIN(best[1], np_time_sweep(scenario, trials, 2, &two));
	}
	if (strcmp(one, two) != 0) {
		fprintf(stderr, "--threads 1 and 2 gave different documents\n");
		return 1;
	}
	doc = np_sweep_doc_parse(one, strlen(one), "one", &error);
	np_sweep_doc_stat(doc, "arrivals", NULL, &arrivals);
	printf("%u hosts, %" G_GUINT64_FORMAT " trials of 500 h, %.0f arrivals per trial, "
	       "%u processors\n",
	       hosts,
	       trials,
	       arrivals.mean,
	       g_get_num_processors());
	printf("--threads 1:  %8.3f s  (%.0f trials/s)\n", best[0], trials / best[0]);
	printf("--threads 2:  %8.3f s  (%.0f trials/s)\n", best[1], trials / best[1]);
	printf("speed-up:     %8.2f   (best of 2 each, same bytes)\n", best[0] / best[1]);
	return 0;
}
