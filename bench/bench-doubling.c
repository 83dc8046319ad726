/* Work stays linear in what a user feeds numaplan: each reader is timed on
 * an input of N units and of 2N, side by side in this process's CPU time
 * (best of 5), and the ratio printed. A quadratic step (a linear search per
 * key, per flavor, per line) shows as a ratio near 4; the benchmark fails
 * when a ratio is over 3.
 *
 *   bench-doubling [N]      (default 20000)
 *
 * Inputs: a scenario (N hosts, N flavors, one flavor of N extra specs, one
 * image of N properties, N boots), a PowerShell topology of N nodes, a Nova
 * numa_topology of N cells, N resolve cases and one case of N extra specs,
 * a sweep document of N trials.
 */
#include <stdio.h>
#include <stdlib.h>

#include "np-bench.h"
#include "np-limits.h"
#include "np-lines-private.h"
#include "np-nova-topology.h"
#include "np-resolve-json.h"
#include "np-scenario-load.h"
#include "np-sweep-report-private.h"
#include "np-topology-json.h"

typedef gchar *(*NpMakeFunc)(guint n);
typedef gboolean (*NpReadFunc)(const gchar *text, gsize length);

static gchar *
np_make_scenario(guint n)
{
	GString *s = g_string_new("numaplan: 1\nhosts:\n");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(
		    s,
		    "  - {name: h%u, nodes: [{id: 0, cpus: 16, memory_mb: 65536}]}\n",
		    i);
	g_string_append(s, "flavors:\n");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(s,
		                       "  f%u: {vcpus: 1, memory_mb: 512, extra_specs: "
		                       "{\"hw:numa_nodes\": \"1\"}}\n",
		                       i);
	g_string_append(s, "  big:\n    vcpus: 1\n    memory_mb: 512\n    extra_specs:\n");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "      \"key:%u\": \"%u\"\n", i, i);
	g_string_append(s, "images:\n  img:\n    properties:\n");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "      prop_%u: \"%u\"\n", i, i);
	g_string_append(s, "events:\n");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "  - boot: {name: v%u, flavor: f%u}\n", i, n - 1 - i);
	return g_string_free(s, FALSE);
}

static gboolean
np_read_scenario(const gchar *text, gsize length)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_scenario_load_data(text, length, "bench.yaml", &error);
	if (scenario == NULL)
		fprintf(stderr, "scenario: %s\n", error->message);
	return scenario != NULL;
}

static gchar *
np_make_topology(guint n)
{
	GString *s = g_string_new("[");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(
		    s,
		    "%s{\"NodeId\": %u, \"ProcessorsAvailability\": [0, 0, 0, 0], "
		    "\"MemoryTotal\": 65536, \"MemoryAvailable\": 60000, "
		    "\"ComputerName\": \"hv01\"}\n",
		    i == 0 ? "" : ",",
		    i);
	g_string_append(s, "]\n");
	return g_string_free(s, FALSE);
}

static gboolean
np_read_topology(const gchar *text, gsize length)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) nodes = np_topology_json_parse(text, length, "bench.json", NULL, &error);
	if (nodes == NULL)
		fprintf(stderr, "topology: %s\n", error->message);
	return nodes != NULL;
}

static gchar *
np_make_nova(guint n)
{
	GString *s =
	    g_string_new("{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": "
	                 "\"nova\", \"nova_object.version\": \"1.2\", \"nova_object.data\": "
	                 "{\"cells\": [");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(
		    s,
		    "%s{\"nova_object.name\": \"NUMACell\", \"nova_object.namespace\": "
		    "\"nova\", \"nova_object.version\": \"1.5\", \"nova_object.data\": "
		    "{\"id\": %u, \"cpuset\": [%u, %u], \"pcpuset\": [], \"memory\": "
		    "65536, \"cpu_usage\": 0, \"memory_usage\": 4096, \"pinned_cpus\": "
		    "[], \"siblings\": [], \"mempages\": []}}\n",
		    i == 0 ? "" : ",",
		    i,
		    2 * i,
		    2 * i + 1);
	g_string_append(s, "]}}\n");
	return g_string_free(s, FALSE);
}

static gboolean
np_read_nova(const gchar *text, gsize length)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) cells = np_nova_topology_parse(text, length, "bench.json", &error);
	if (cells == NULL)
		fprintf(stderr, "nova: %s\n", error->message);
	return cells != NULL;
}

static gchar *
np_make_resolve_lines(guint n)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(
		    s,
		    "{\"id\": %u, \"flavor\": {\"vcpus\": 4, \"memory_mb\": 8192, "
		    "\"extra_specs\": {\"hw:numa_nodes\": \"2\"}}, \"host\": {\"cells\": "
		    "[{\"id\": 0, \"cpus\": [0, 1, 2, 3], \"memory_mb\": 16384}, {\"id\": "
		    "1, \"cpus\": [4, 5, 6, 7], \"memory_mb\": 16384}]}}\n",
		    i);
	return g_string_free(s, FALSE);
}

/* one case of n extra specs (each key twice: the duplicates are folded) */
static gchar *
np_make_resolve_keys(guint n)
{
	GString *s = g_string_new("{\"id\": 1, \"flavor\": {\"vcpus\": 4, \"memory_mb\": 8192, "
	                          "\"extra_specs\": {");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "%s\"k%u\": \"v\"", i == 0 ? "" : ", ", i % (n / 2 + 1));
	g_string_append(s, "}}}\n");
	return g_string_free(s, FALSE);
}

static gboolean
np_read_resolve(const gchar *text, gsize length)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpLineReader) reader =
	    np_line_reader_new(-1, text, length, "bench.jsonl", NP_JSONL_MAX_LINE_BYTES);
	static FILE *sink = NULL;
	gboolean any_bad = FALSE;

	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	if (!np_resolve_json_stream(reader, "bench.jsonl", sink, &any_bad, &error) || any_bad) {
		fprintf(stderr, "resolve: a case was refused\n");
		return FALSE;
	}
	return TRUE;
}

static gchar *
np_make_sweep(guint n)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(
	    s,
	    "{\"numaplan\": 1, \"sweep\": {\"scenario\": \"s\", \"sha256\": \"%064u\", "
	    "\"seed\": 7, \"trials\": %u, \"horizon_hours\": 500, \"warmup_hours\": "
	    "50, \"shard\": null}, \"trials\": [",
	    0,
	    n);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(
		    s,
		    "%s{\"trial\": %u, \"arrivals\": 1191, \"admitted\": 948, "
		    "\"rejected\": 243, \"by_code\": {\"no-valid-host\": 243}, "
		    "\"rejected_share\": 0.2040302267002519, \"spanned\": 8, "
		    "\"spanned_share\": 0.008438818565400843, \"remote_mb\": 73728, "
		    "\"lost\": 4, \"peak_vms\": 27, \"peak_memory_mb\": 458752, "
		    "\"mean_vms\": 19.552333644326932}\n",
		    i == 0 ? "" : ",",
		    i);
	g_string_append(s, "]}\n");
	return g_string_free(s, FALSE);
}

static gboolean
np_read_sweep(const gchar *text, gsize length)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpSweepDoc) doc = np_sweep_doc_parse(text, length, "bench.sweep.json", &error);
	if (doc == NULL)
		fprintf(stderr, "sweep: %s\n", error->message);
	return doc != NULL;
}

/* the best of 5 runs, µs of CPU time */
static gint64
np_time(NpReadFunc read, const gchar *text, gboolean *ok)
{
	gint64 best = G_MAXINT64;
	gsize length = strlen(text);
	for (guint k = 0; k < 5; k++) {
		gint64 t0 = np_bench_cpu_time_us();
		*ok &= read(text, length);
		best = MIN(best, np_bench_cpu_time_us() - t0);
	}
	return MAX(best, 1);
}

int
main(int argc, char **argv)
{
	static const struct {
		const gchar *name;
		NpMakeFunc make;
		NpReadFunc read;
		guint scale; /* units per N (the biggest must stay inside the limits) */
	} inputs[] = {
	    {"scenario YAML", np_make_scenario, np_read_scenario, 1},
	    {"topology JSON (PowerShell)", np_make_topology, np_read_topology, 1},
	    {"topology JSON (Nova)", np_make_nova, np_read_nova, 1},
	    {"resolve JSONL (lines)", np_make_resolve_lines, np_read_resolve, 1},
	    {"resolve JSONL (keys of one case)", np_make_resolve_keys, np_read_resolve, 1},
	    {"sweep document (merge)", np_make_sweep, np_read_sweep, 1},
	};
	guint n = argc > 1 ? (guint)atoi(argv[1]) : 20000;
	gboolean ok = TRUE;

	if (n < 2) {
		fprintf(stderr, "usage: %s [N]\n", argv[0]);
		return 2;
	}
	printf("%-34s %10s %10s %12s %12s %6s\n", "input", "N", "2N", "N us", "2N us", "ratio");
	for (guint i = 0; i < G_N_ELEMENTS(inputs); i++) {
		guint units = n * inputs[i].scale;
		g_autofree gchar *one = inputs[i].make(units);
		g_autofree gchar *two = inputs[i].make(2 * units);
		gboolean read_ok = TRUE;
		gint64 t1 = np_time(inputs[i].read, one, &read_ok);
		gint64 t2 = np_time(inputs[i].read, two, &read_ok);
		gdouble ratio = (gdouble)t2 / (gdouble)t1;
		gboolean linear = ratio <= 3.0;

		printf("%-34s %10u %10u %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT " %6.2f%s\n",
		       inputs[i].name,
		       units,
		       2 * units,
		       t1,
		       t2,
		       ratio,
		       !read_ok ? "  REFUSED"
		       : linear ? ""
		                : "  OVER 3");
		ok &= read_ok && linear;
	}
	return ok ? 0 : 1;
}
