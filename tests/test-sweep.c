/* Sweeps (scenario.md §6): the generator against its reference values, the
 * event queue's tie order, STAT, how numbers print, the sweep: section,
 * determinism (seed, threads, shards), merge and its refusals, and the
 * trial's own books against the engine with host failures. */
#include <math.h>
#include <string.h>

#include "np-error.h"
#include "np-json.h"
#include "np-scenario-load.h"
#include "np-sweep-report-private.h"
#include "np-test.h"

/* the example scenario, with its sweep: section */
static gchar *
np_example_path(void)
{
	return g_build_filename(np_test_srcdir(),
	                        "..",
	                        "scenarios",
	                        "examples",
	                        "sweep.yaml",
	                        NULL);
}

static NpScenario *
np_load(const gchar *yaml, GError **error)
{
	return np_scenario_load_data(yaml, strlen(yaml), "t.yaml", error);
}

/* the example with a shorter horizon: the same events, streams and
 * failures at less cost (these tests also run under valgrind) */
static NpScenario *
np_load_example(void)
{
	g_autofree gchar *path = np_example_path();
	g_autofree gchar *text = NULL;
	g_autoptr(GError) error = NULL;
	gchar *at;
	NpScenario *scenario;

	if (!g_file_get_contents(path, &text, NULL, &error)
	    || (at = strstr(text, "horizon_hours: 500")) == NULL) {
		fprintf(stderr, "%s: cannot read the example\n", path);
		return NULL;
	}
	memcpy(at, "horizon_hours: 150", strlen("horizon_hours: 150"));
	scenario = np_scenario_load_data(text, strlen(text), path, &error);
	if (scenario == NULL)
		fprintf(stderr, "%s\n", error->message);
	return scenario;
}

static gchar *
np_load_error(const gchar *yaml)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load(yaml, &error);
	if (scenario != NULL || error == NULL)
		return g_strdup("(loaded)");
	return g_strdup(error->message);
}

/* the JSON document of a sweep of @scenario */
static gchar *
np_sweep_json(const NpScenario *scenario,
              guint64 trials,
              guint64 seed,
              guint threads,
              guint64 shard_index,
              guint64 shard_count,
              gboolean sharded)
{
	g_autoptr(GError) error = NULL;
	NpSweepOptions options =
	    {trials, seed, threads, shard_index, shard_count, NP_RUN_CHECK_INVARIANTS};
	GPtrArray *records = np_sweep_run(scenario, &options, NULL, NULL, &error);
	g_autoptr(NpSweepDoc) doc = NULL;

	if (records == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return NULL;
	}
	doc = np_sweep_doc_new_for_run(scenario, "00ff", &options, sharded, records);
	return np_sweep_doc_to_json(doc);
}

/* ---------------------------------------------------------- generator */

static void
test_generator(void)
{
	/* published reference values: SplitMix64 from 0, xoshiro256** from
	 * the state {1, 2, 3, 4} */
	static const guint64 xoshiro[] = {11520u,
	                                  0u,
	                                  1509978240u,
	                                  G_GUINT64_CONSTANT(1215971899390074240)};
	/* this generator's own, pinned (docs/sweeps.md has a Python
	 * reference that gives the same) */
	static const guint64 seven[] = {G_GUINT64_CONSTANT(5478278237059175447),
	                                G_GUINT64_CONSTANT(18095852408168305621),
	                                G_GUINT64_CONSTANT(5918088815361298344)};
	guint64 state = 0;
	NpRng rng = {{1, 2, 3, 4}}, other;
	gdouble sum = 0, esum = 0;
	const guint draws = 50000;

	NP_CHECK(np_splitmix64(&state) == G_GUINT64_CONSTANT(0xE220A8397B1DCDAF));
	for (guint i = 0; i < G_N_ELEMENTS(xoshiro); i++)
		NP_CHECK(np_rng_next(&rng) == xoshiro[i]);
	np_rng_seed(&rng, 7, 0);
	for (guint i = 0; i < G_N_ELEMENTS(seven); i++)
		NP_CHECK(np_rng_next(&rng) == seven[i]);
	np_rng_seed(&rng, 1, 12345);
	NP_CHECK(np_rng_exponential(&rng) == 1.0768068108566256);

	/* (S, i) and (S, i') or (S', i) give different streams */
	np_rng_seed(&rng, 7, 1);
	np_rng_seed(&other, 7, 2);
	NP_CHECK(np_rng_next(&rng) != np_rng_next(&other));
	np_rng_seed(&other, 8, 1);
	np_rng_seed(&rng, 7, 1);
	NP_CHECK(np_rng_next(&rng) != np_rng_next(&other));

	/* ln from IEEE arithmetic alone: exact at 1, within 3 ulp of libm's */
	NP_CHECK(np_sweep_ln(1.0) == 0.0);
	NP_CHECK(np_sweep_ln(0.5) == -0.6931471805599453);
	NP_CHECK(np_sweep_ln(0x1p-53) == -36.7368005696771);
	np_rng_seed(&rng, 9, 0);
	for (guint i = 0; i < draws; i++) {
		gdouble u = ldexp(np_rng_uniform(&rng), -(gint)(i % 900));
		gdouble exact = log(u);
		gdouble ulp = nextafter(fabs(exact), INFINITY) - fabs(exact);
		NP_CHECK(fabs(np_sweep_ln(u) - exact) <= 3 * ulp);
	}

	/* uniform on (0, 1], mean 1/2; exponential, mean 1 */
	np_rng_seed(&rng, 42, 0);
	for (guint i = 0; i < draws; i++) {
		gdouble u = np_rng_uniform(&rng);
		NP_CHECK(u > 0 && u <= 1);
		sum += u;
		esum += np_rng_exponential(&rng);
	}
	NP_CHECK(fabs(sum / draws - 0.5) < 0.005);
	NP_CHECK(fabs(esum / draws - 1.0) < 0.02);
}

/* ------------------------------------------------------------- queue */

static void
test_queue(void)
{
	NpSweepQueue queue;
	NpSweepTick tick, previous = {0};
	NpRng rng;
	static const struct {
		gdouble time;
		NpSweepTickKind kind;
		guint32 target;
	} pushed[] = {
	    {5.0, NP_SWEEP_BOOT, 1},
	    {5.0, NP_SWEEP_DELETE, 2},
	    {5.0, NP_SWEEP_FAIL, 3},
	    {5.0, NP_SWEEP_RECOVER, 4},
	    {1.0, NP_SWEEP_BOOT, 5},
	    {5.0, NP_SWEEP_BOOT, 6},
	    {5.0, NP_SWEEP_RECOVER, 7},
	};
	/* time first; at a tie recover, fail, delete, boot; then the order
	 * they were scheduled in */
	static const guint32 expected[] = {5, 4, 7, 3, 2, 1, 6};

	np_sweep_queue_init(&queue);
	for (guint i = 0; i < G_N_ELEMENTS(pushed); i++)
		np_sweep_queue_push(&queue, pushed[i].time, pushed[i].kind, pushed[i].target);
	for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
		if (!np_sweep_queue_pop(&queue, &tick) || tick.target != expected[i]) {
			np_sweep_queue_clear(&queue);
			CU_FAIL("tie order");
			return;
		}
	}
	NP_CHECK(!np_sweep_queue_pop(&queue, &tick));

	/* many, with ties: out in order */
	np_rng_seed(&rng, 3, 0);
	for (guint i = 0; i < 5000; i++)
		np_sweep_queue_push(&queue,
		                    (gdouble)(np_rng_next(&rng) % 100),
		                    np_rng_next(&rng) % 4,
		                    i);
	for (guint i = 0; i < 5000; i++) {
		gboolean ordered;
		np_sweep_queue_pop(&queue, &tick);
		ordered = i == 0 || previous.time < tick.time
		          || (previous.time == tick.time
		              && (previous.kind < tick.kind
		                  || (previous.kind == tick.kind && previous.seq < tick.seq)));
		if (!ordered) {
			np_sweep_queue_clear(&queue);
			CU_FAIL("heap order");
			return;
		}
		previous = tick;
	}
	NP_CHECK(!np_sweep_queue_pop(&queue, &tick));
	np_sweep_queue_clear(&queue);
}

/* -------------------------------------------------------------- STAT */

static void
test_stat(void)
{
	static const gdouble four[] = {3, 1, 4, 2};
	static const gdouble one[] = {7.5};
	gdouble twenty[20];
	NpSweepStat stat;
	gdouble s = sqrt(5.0 / 3.0), h = 1.96 * s / 2.0;

	np_sweep_stat(four, 4, &stat);
	NP_CHECK(stat.mean == 2.5);
	NP_CHECK(stat.has_ci && stat.ci_low == 2.5 - h && stat.ci_high == 2.5 + h);
	/* ranks ⌈50·4/100⌉ = 2 and ⌈95·4/100⌉ = 4 */
	NP_CHECK(stat.p50 == 2 && stat.p95 == 4 && stat.min == 1 && stat.max == 4);

	np_sweep_stat(one, 1, &stat);
	NP_CHECK(stat.mean == 7.5 && !stat.has_ci);
	NP_CHECK(stat.p50 == 7.5 && stat.p95 == 7.5 && stat.min == 7.5 && stat.max == 7.5);

	/* 1 … 20: ranks 10 and 19 */
	for (guint i = 0; i < 20; i++)
		twenty[i] = 20 - i;
	np_sweep_stat(twenty, 20, &stat);
	NP_CHECK(stat.p50 == 10 && stat.p95 == 19 && stat.mean == 10.5);
}

/* ----------------------------------------------------------- numbers */

static void
test_numbers(void)
{
	static const struct {
		gdouble value;
		const gchar *text;
	} cases[] = {
	    {0.0, "0"},
	    {-0.0, "0"},
	    {2000.0, "2000"},
	    {-3.0, "-3"},
	    {0.1, "0.1"},
	    {0.0456, "0.0456"},
	    {1e-7, "1e-07"},
	    {1.0 / 3.0, "0.3333333333333333"},
	    {9007199254740992.0, "9007199254740992.0"},
	    {1e300, "1e+300"},
	};
	NpRng rng;

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *text = np_sweep_format_number(cases[i].value);
		NP_CHECK_STR(text, cases[i].text);
	}
	/* what prints reads back as np_sweep_printed() says */
	np_rng_seed(&rng, 5, 0);
	for (guint i = 0; i < 4000; i++) {
		guint64 bits = np_rng_next(&rng);
		gdouble value;
		g_autofree gchar *text = NULL;
		memcpy(&value, &bits, sizeof(value));
		if (i % 2 == 0)
			value = np_rng_uniform(&rng) * (gdouble)(i + 1);
		if (!isfinite(value))
			continue;
		text = np_sweep_format_number(value);
		NP_CHECK(g_ascii_strtod(text, NULL) == np_sweep_printed(value));
	}
}

/* ----------------------------------------------------------- section */

#define NP_BASE                                             \
	"numaplan: 1\nname: s\n"                            \
	"hosts:\n  - name: hv\n    count: 2\n"              \
	"    nodes: [{id: 0, cpus: 8, memory_mb: 16384}]\n" \
	"flavors:\n  small: {vcpus: 1, memory_mb: 4096}\n"  \
	"images:\n  img: {properties: {}}\n"

static void
test_section(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_load(NP_BASE "sweep:\n  horizon_hours: 100.5\n  warmup_hours: 10\n"
	                    "  arrivals:\n"
	                    "    - {flavor: small, per_hour: 2, lifetime_hours: 2.5, image: img}\n"
	                    "    - {flavor: small, per_hour: 0.25, lifetime_hours: 1e1}\n"
	                    "  host_failures: {per_host_per_year: 0, repair_hours: 8}\n",
	            &error);
	g_autoptr(NpScenario) plain = np_load(NP_BASE, &error);
	g_autoptr(NpEngine) engine = NULL;
	const NpSweepSpec *spec;
	const NpSweepStream *s;

	NP_CHECK(scenario != NULL && plain != NULL);
	spec = np_scenario_get_sweep(scenario);
	NP_CHECK(spec != NULL && np_scenario_get_sweep(plain) == NULL);
	NP_CHECK(spec->horizon_hours == 100.5 && spec->warmup_hours == 10);
	NP_CHECK(spec->streams->len == 2 && spec->host_failures);
	NP_CHECK(spec->per_host_per_year == 0 && spec->repair_hours == 8);
	s = &g_array_index(spec->streams, NpSweepStream, 0);
	NP_CHECK_STR(s->flavor, "small");
	NP_CHECK_STR(s->image, "img");
	NP_CHECK(s->per_hour == 2 && s->lifetime_hours == 2.5);
	NP_CHECK(s->flavor_pos.line == 15 && s->flavor_pos.column == 16);
	s = &g_array_index(spec->streams, NpSweepStream, 1);
	NP_CHECK(s->image == NULL && s->lifetime_hours == 10);
	/* `run` ignores the section */
	engine = np_sim_run(scenario, NP_RUN_CHECK_INVARIANTS, NULL, NULL, &error);
	NP_CHECK(engine != NULL);
	/* per_host_per_year 0: no host ever fails */
	{
		g_autofree gchar *json = np_sweep_json(scenario, 3, 1, 1, 0, 1, FALSE);
		NP_CHECK(json != NULL && strstr(json, "\"lost\": 0,") != NULL);
	}
}

static void
test_section_errors(void)
{
	static const struct {
		const gchar *sweep;
		const gchar *message;
	} cases[] = {
	    {"sweep: []\n", "t.yaml:11:8: sweep: expected a mapping, got a list"},
	    {"sweep: {horizon_hours: 10, arrivals: [], horizen_hours: 3}\n",
	     "t.yaml:11:42: unknown key 'horizen_hours' in sweep; did you mean 'horizon_hours'?"},
	    {"sweep: {arrivals: [{flavor: small, per_hour: 1, lifetime_hours: 1}]}\n",
	     "t.yaml:11:8: missing 'horizon_hours' in sweep"},
	    {"sweep: {horizon_hours: 0, arrivals: []}\n",
	     "t.yaml:11:24: horizon_hours: must be greater than 0 (got 0)"},
	    {"sweep: {horizon_hours: 10, warmup_hours: -1, arrivals: []}\n",
	     "t.yaml:11:42: warmup_hours: must not be negative (got -1)"},
	    {"sweep: {horizon_hours: 10, warmup_hours: 10, arrivals: [{flavor: small, "
	     "per_hour: 1, lifetime_hours: 1}]}\n",
	     "t.yaml:11:42: warmup_hours: must be less than horizon_hours (10), got 10"},
	    {"sweep: {horizon_hours: 10, arrivals: []}\n",
	     "t.yaml:11:38: arrivals: a sweep needs at least one stream"},
	    {"sweep: {horizon_hours: 10, arrivals: {flavor: small}}\n",
	     "t.yaml:11:38: sweep.arrivals: expected a list, got a mapping"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: smal, per_hour: 1, "
	     "lifetime_hours: 1}]}\n",
	     "t.yaml:11:48: unknown flavor 'smal'; did you mean 'small'?"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: small, image: im, per_hour: 1, "
	     "lifetime_hours: 1}]}\n",
	     "t.yaml:11:62: unknown image 'im'; did you mean 'img'?"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: small, per_hour: 0, "
	     "lifetime_hours: 1}]}\n",
	     "t.yaml:11:65: per_hour: must be greater than 0 (got 0)"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: small, per_hour: 1}]}\n",
	     "t.yaml:11:39: missing 'lifetime_hours' in sweep.arrivals[0]"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: small, per_hour: one, "
	     "lifetime_hours: 1}]}\n",
	     "t.yaml:11:65: per_hour: expected a number, got 'one'"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: small, per_hour: 1, "
	     "lifetime_hours: 1}], host_failures: {per_host_per_year: 1}}\n",
	     "t.yaml:11:104: missing 'repair_hours' in sweep.host_failures"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: small, per_hour: 1, "
	     "lifetime_hours: 1}], host_failures: {per_host_per_year: -2, repair_hours: 1}}\n",
	     "t.yaml:11:124: per_host_per_year: must not be negative (got -2)"},
	    {"sweep: {horizon_hours: 10, arrivals: [{flavor: small, per_hour: 1, "
	     "lifetime_hours: 1}], host_failures: {per_host_per_year: 1, repair_hours: 0}}\n",
	     "t.yaml:11:141: repair_hours: must be greater than 0 (got 0)"},
	    /* the limits */
	    {"sweep: {horizon_hours: 1000000, arrivals: [{flavor: small, per_hour: 2, "
	     "lifetime_hours: 1}]}\n",
	     "t.yaml:11:43: arrivals: 2000000 boots expected per trial (the sum of per_hour x "
	     "horizon_hours) exceeds the limit of 1000000"},
	    {"sweep: {horizon_hours: 1000, arrivals: [{flavor: small, per_hour: 2, "
	     "lifetime_hours: 1}], host_failures: {per_host_per_year: 1e7, repair_hours: 1}}\n",
	     "t.yaml:11:126: host_failures: 2283105.02283105 failures expected per trial (hosts x "
	     "per_host_per_year / 8760 x horizon_hours) exceeds the limit of 1000000"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *yaml = g_strconcat(NP_BASE, cases[i].sweep, NULL);
		g_autofree gchar *message = np_load_error(yaml);
		NP_CHECK_STR(message, cases[i].message);
	}
}

static void
test_reserved_names(void)
{
	static const gchar *sweep =
	    "sweep: {horizon_hours: 10, arrivals: [{flavor: small, per_hour: 1, "
	    "lifetime_hours: 1}]}\n";
	g_autofree gchar *one = g_strconcat(NP_BASE,
	                                    "events:\n  - boot: {name: sweep-12, flavor: small}\n",
	                                    sweep,
	                                    NULL);
	g_autofree gchar *count = g_strconcat(NP_BASE,
	                                      "events:\n  - boot: {name: sweep, flavor: small, "
	                                      "count: 2}\n",
	                                      sweep,
	                                      NULL);
	g_autofree gchar *fine = g_strconcat(NP_BASE,
	                                     "events:\n  - boot: {name: sweep-01, flavor: small}\n"
	                                     "  - boot: {name: sweep-x, flavor: small}\n"
	                                     "  - boot: {name: sweep-1, flavor: small, count: 2}\n",
	                                     sweep,
	                                     NULL);
	g_autofree gchar *no_sweep =
	    g_strconcat(NP_BASE, "events:\n  - boot: {name: sweep-12, flavor: small}\n", NULL);
	g_autofree gchar *m1 = np_load_error(one);
	g_autofree gchar *m2 = np_load_error(count);
	g_autofree gchar *m3 = np_load_error(fine);
	g_autofree gchar *m4 = np_load_error(no_sweep);

	NP_CHECK_STR(m1,
	             "t.yaml:12:18: VM name 'sweep-12' is reserved: a sweep names its VMs "
	             "sweep-1, sweep-2, ...");
	NP_CHECK_STR(m2,
	             "t.yaml:12:18: this boot makes 'sweep-1' .. 'sweep-2', names reserved: a "
	             "sweep names its VMs sweep-1, sweep-2, ...");
	NP_CHECK_STR(m3, "(loaded)");
	NP_CHECK_STR(m4, "(loaded)");
	NP_CHECK(np_sweep_is_reserved_name("sweep-1") && np_sweep_is_reserved_name("sweep-90"));
	NP_CHECK(!np_sweep_is_reserved_name("sweep-0") && !np_sweep_is_reserved_name("sweep-")
	         && !np_sweep_is_reserved_name("sweep-1a")
	         && !np_sweep_is_reserved_name("Sweep-1"));
}

/* ------------------------------------------------------- determinism */

static NpSweepDoc *
np_reparse(const gchar *json, const gchar *path)
{
	g_autoptr(GError) error = NULL;
	NpSweepDoc *doc = np_sweep_doc_parse(json, strlen(json), path, &error);
	if (doc == NULL)
		fprintf(stderr, "%s\n", error->message);
	return doc;
}

static void
test_determinism(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load_example();
	g_autofree gchar *one = NULL, *again = NULL, *threads = NULL, *other = NULL;
	g_autofree gchar *longer = NULL, *remade = NULL;
	g_autoptr(GPtrArray) parts =
	    g_ptr_array_new_with_free_func((GDestroyNotify)np_sweep_doc_free);
	g_autoptr(NpSweepDoc) merged = NULL;
	g_autoptr(NpSweepDoc) single = NULL;
	const gchar *names[] = {"p0", "p1", "p2"};

	NP_CHECK(scenario != NULL);
	one = np_sweep_json(scenario, 7, 7, 1, 0, 1, FALSE);
	again = np_sweep_json(scenario, 7, 7, 1, 0, 1, FALSE);
	threads = np_sweep_json(scenario, 7, 7, 3, 0, 1, FALSE);
	other = np_sweep_json(scenario, 7, 8, 2, 0, 1, FALSE);
	NP_CHECK(one != NULL && again != NULL && threads != NULL && other != NULL);
	NP_CHECK_STR(again, one);
	NP_CHECK_STR(threads, one);
	NP_CHECK(strcmp(one, other) != 0);

	/* shards, read back and merged: the same bytes */
	for (guint i = 0; i < 3; i++) {
		g_autofree gchar *json = np_sweep_json(scenario, 7, 7, 2, i, 3, TRUE);
		NpSweepDoc *doc = json != NULL ? np_reparse(json, names[i]) : NULL;
		NP_CHECK(doc != NULL);
		g_ptr_array_add(parts, doc);
	}
	merged = np_sweep_merge(parts, names, &error);
	NP_CHECK(merged != NULL);
	remade = np_sweep_doc_to_json(merged);
	NP_CHECK_STR(remade, one);
	/* a document read back and written again is the same */
	single = np_reparse(one, "one");
	NP_CHECK(single != NULL);
	g_free(remade);
	remade = np_sweep_doc_to_json(single);
	NP_CHECK_STR(remade, one);

	/* a trial's record depends on its index, not on N */
	longer = np_sweep_json(scenario, 12, 7, 2, 0, 1, FALSE);
	g_clear_pointer(&single, np_sweep_doc_free);
	single = np_reparse(longer, "longer");
	NP_CHECK(single != NULL && single->records->len == 12);
	g_ptr_array_set_size(single->records, 7);
	single->trials = 7;
	g_free(remade);
	remade = np_sweep_doc_to_json(single);
	NP_CHECK_STR(remade, one);
}

/* the records are consistent with themselves */
static void
test_records(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load_example();
	NpSweepOptions options = {12, 3, 2, 0, 1, NP_RUN_CHECK_INVARIANTS};
	g_autoptr(GPtrArray) records = NULL;
	gint64 lost = 0, spanned = 0;

	NP_CHECK(scenario != NULL);
	records = np_sweep_run(scenario, &options, NULL, NULL, &error);
	NP_CHECK(records != NULL && records->len == 12);
	for (guint i = 0; i < records->len; i++) {
		const NpSweepTrial *r = g_ptr_array_index(records, i);
		gint64 by_code = 0;
		NP_CHECK(r->trial == i);
		NP_CHECK(r->arrivals == r->admitted + r->rejected);
		for (guint j = 0; j < r->by_code->len; j++) {
			const NpSweepCode *c = &g_array_index(r->by_code, NpSweepCode, j);
			by_code += c->count;
			NP_CHECK(
			    j == 0
			    || strcmp(g_array_index(r->by_code, NpSweepCode, j - 1).code, c->code)
			           < 0);
		}
		NP_CHECK(by_code == r->rejected);
		NP_CHECK(r->rejected_share == (gdouble)r->rejected / (gdouble)r->arrivals);
		NP_CHECK(r->spanned <= r->admitted);
		NP_CHECK(r->mean_vms > 0 && r->mean_vms <= (gdouble)r->peak_vms);
		NP_CHECK(r->peak_memory_mb > 0);
		lost += r->lost;
		spanned += r->spanned;
	}
	/* the example is busy: some VMs span, some hosts fail with VMs lost */
	NP_CHECK(lost > 0 && spanned > 0);
}

/* hosts fail often: every trial's books (active VMs, backed MiB) must
 * agree with the engine at the end (NP_RUN_CHECK_INVARIANTS) */
static void
test_host_failures(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load(
	    "numaplan: 1\nname: failing\n"
	    "hosts:\n  - name: hv\n    count: 3\n"
	    "    nodes: [{id: 0, cpus: 8, memory_mb: 16384}, {id: 1, cpus: 8, memory_mb: 16384}]\n"
	    "flavors:\n  small: {vcpus: 1, memory_mb: 4096}\n"
	    "  dm: {vcpus: 1, memory_mb: 8192}\n"
	    "events:\n  - boot: {name: keep, flavor: small}\n"
	    "  - boot: {name: dyn, flavor: dm, dynamic_memory: {startup_mb: 2048}}\n"
	    "  - stop: keep\n"
	    "sweep:\n  horizon_hours: 200\n  warmup_hours: 20\n"
	    "  arrivals:\n    - {flavor: small, per_hour: 3, lifetime_hours: 3}\n"
	    "  host_failures: {per_host_per_year: 400, repair_hours: 5}\n",
	    &error);
	NpSweepOptions options = {6, 11, 2, 0, 1, NP_RUN_CHECK_INVARIANTS};
	g_autoptr(GPtrArray) records = NULL;
	gint64 lost = 0;

	NP_CHECK(scenario != NULL);
	records = np_sweep_run(scenario, &options, NULL, NULL, &error);
	if (records == NULL)
		fprintf(stderr, "%s\n", error->message);
	NP_CHECK(records != NULL);
	for (guint i = 0; i < records->len; i++)
		lost += ((NpSweepTrial *)g_ptr_array_index(records, i))->lost;
	NP_CHECK(lost > 0);
}

static void
test_run_refusals(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) plain = np_load(NP_BASE, &error);
	NpSweepOptions options = {1, 1, 1, 0, 1, NP_RUN_NONE};
	GPtrArray *records;

	NP_CHECK(plain != NULL);
	records = np_sweep_run(plain, &options, NULL, NULL, &error);
	NP_CHECK(records == NULL && error != NULL);
	NP_CHECK(strstr(error->message, "no sweep") != NULL);
}

/* ------------------------------------------------------------- merge */

static gchar *
np_merge_error(const gchar *const *texts, guint n)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) docs =
	    g_ptr_array_new_with_free_func((GDestroyNotify)np_sweep_doc_free);
	g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(NpSweepDoc) merged = NULL;

	for (guint i = 0; i < n; i++) {
		gchar *path = g_strdup_printf("in%u.json", i);
		NpSweepDoc *doc = np_sweep_doc_parse(texts[i], strlen(texts[i]), path, &error);
		g_ptr_array_add(paths, path);
		if (doc == NULL)
			return g_strdup(error->message);
		g_ptr_array_add(docs, doc);
	}
	merged = np_sweep_merge(docs, (const gchar *const *)paths->pdata, &error);
	if (merged != NULL)
		return g_strdup("(merged)");
	return g_strdup(error->message);
}

/* @json with the first @from replaced by @to */
static gchar *
np_replace(const gchar *json, const gchar *from, const gchar *to)
{
	const gchar *at = strstr(json, from);
	if (at == NULL)
		return g_strdup("(no such text)");
	return g_strdup_printf("%.*s%s%s", (gint)(at - json), json, to, at + strlen(from));
}

static void
test_merge_refusals(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load_example();
	g_autofree gchar *p0 = NULL, *p1 = NULL, *p2 = NULL;
	static const struct {
		const gchar *from;
		const gchar *to;
		const gchar *message;
	} header[] = {
	    {"\"scenario\": \"sweep-example\"",
	     "\"scenario\": \"other\"",
	     "in1.json: sweep.scenario is 'other', but in0.json has 'sweep-example': these are "
	     "not shards of one sweep"},
	    {"\"sha256\": \"00ff\"",
	     "\"sha256\": \"00fe\"",
	     "in1.json: sweep.sha256 is '00fe', but in0.json has '00ff': these are not shards of "
	     "one sweep"},
	    {"\"seed\": 7", "\"seed\": 8", "in1.json: sweep.seed is 8, but in0.json has 7"},
	    {"\"trials\": 5", "\"trials\": 6", "in1.json: sweep.trials is 6, but in0.json has 5"},
	    {"\"horizon_hours\": 150",
	     "\"horizon_hours\": 150.5",
	     "in1.json: sweep.horizon_hours is 150.5, but in0.json has 150"},
	    {"\"warmup_hours\": 50", "\"warmup_hours\": 5e1", "(merged)"}, /* the same number */
	    {"\"warmup_hours\": 50",
	     "\"warmup_hours\": 0",
	     "in1.json: sweep.warmup_hours is 0, but in0.json has 50"},
	};
	static const struct {
		const gchar *from;
		const gchar *to;
		const gchar *message;
	} broken[] = {
	    {"\"numaplan\": 1",
	     "\"numaplan\": 2",
	     "in0.json: not a sweep document: numaplan: expected 1, got 2"},
	    {"\"sweep\": {", "\"sweeps\": {", "in0.json: not a sweep document: no 'sweep' object"},
	    {"\"seed\": 7",
	     "\"seed\": 7.5",
	     "in0.json: not a sweep document: sweep.seed: expected an integer"},
	    {"\"shard\": {",
	     "\"shards\": {",
	     "in0.json: not a sweep document: sweep has no 'shard'"},
	    {"\"mean_vms\": ",
	     "\"mean_vms\": \"x\", \"y\": ",
	     "in0.json: not a sweep document: trials[0].mean_vms: expected a number"},
	    {"\"admitted\": ",
	     "\"admitted\": 1.5, \"x\": ",
	     "in0.json: not a sweep document: trials[0].admitted: expected an integer"},
	    {"\"trial\": 0",
	     "\"trial\": -1",
	     "in0.json: not a sweep document: trials[0].trial: must be at least 0"},
	    {"\"by_code\": {",
	     "\"by_code\": {\"x\": -1, ",
	     "in0.json: not a sweep document: trials[0].by_code.x: expected a count"},
	    {"\"trials\": [",
	     "\"trials\": 3, \"x\": [",
	     "in0.json: not a sweep document: no 'trials' list"},
	    {"{", "[", "in0.json:2:13: invalid JSON near ':'"},
	};

	NP_CHECK(scenario != NULL);
	p0 = np_sweep_json(scenario, 5, 7, 1, 0, 2, TRUE);
	p1 = np_sweep_json(scenario, 5, 7, 1, 1, 2, TRUE);
	p2 = np_sweep_json(scenario, 5, 7, 1, 1, 3, TRUE); /* trials 1 and 4 */
	NP_CHECK(p0 != NULL && p1 != NULL && p2 != NULL);
	{
		const gchar *ok[] = {p1, p0};
		const gchar *missing[] = {p0};
		const gchar *overlap[] = {p0, p1, p2};
		const gchar *twice[] = {p0, p0, p1};
		g_autofree gchar *m1 = np_merge_error(ok, 2);
		g_autofree gchar *m2 = np_merge_error(missing, 1);
		g_autofree gchar *m3 = np_merge_error(overlap, 3);
		g_autofree gchar *m4 = np_merge_error(twice, 3);
		NP_CHECK_STR(m1, "(merged)");
		NP_CHECK_STR(m2, "trial 1 is in no input (a sweep of 5 trials needs 0 .. 4)");
		NP_CHECK_STR(m3, "trial 1 is in in1.json and in in2.json");
		NP_CHECK_STR(m4, "trial 0 is in in0.json and in in1.json");
	}
	for (guint i = 0; i < G_N_ELEMENTS(header); i++) {
		g_autofree gchar *changed = np_replace(p1, header[i].from, header[i].to);
		const gchar *texts[] = {p0, changed};
		g_autofree gchar *message = np_merge_error(texts, 2);
		if (!g_str_has_prefix(message, header[i].message)) {
			fprintf(stderr,
			        "\n  got '%s', expected '%s'\n",
			        message,
			        header[i].message);
			CU_FAIL("merge header");
			return;
		}
	}
	for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
		g_autofree gchar *changed = np_replace(p0, broken[i].from, broken[i].to);
		const gchar *texts[] = {changed, p1};
		g_autofree gchar *message = np_merge_error(texts, 2);
		NP_CHECK_STR(message, broken[i].message);
	}
	{
		/* a trial beyond N */
		g_autofree gchar *changed = np_replace(p1, "\"trial\": 3", "\"trial\": 5");
		const gchar *texts[] = {p0, changed};
		g_autofree gchar *message = np_merge_error(texts, 2);
		NP_CHECK_STR(message, "in1.json: trial 5 is not one of 0 .. 4");
	}
}

int
main(void)
{
	CU_pSuite suite;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return CU_get_error();
	suite = CU_add_suite("sweep", NULL, NULL);
	CU_add_test(suite, "generator", test_generator);
	CU_add_test(suite, "queue", test_queue);
	CU_add_test(suite, "stat", test_stat);
	CU_add_test(suite, "numbers", test_numbers);
	CU_add_test(suite, "section", test_section);
	CU_add_test(suite, "section_errors", test_section_errors);
	CU_add_test(suite, "reserved_names", test_reserved_names);
	CU_add_test(suite, "determinism", test_determinism);
	CU_add_test(suite, "records", test_records);
	CU_add_test(suite, "host_failures", test_host_failures);
	CU_add_test(suite, "run_refusals", test_run_refusals);
	CU_add_test(suite, "merge_refusals", test_merge_refusals);
	return np_test_run();
}
