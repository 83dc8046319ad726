/* Capacity planning (scenario.md §4) on hand-computed scenarios
 * (tests/data/planning: each file says how its numbers were computed),
 * the closed-form upper bound against forced trial boots on random
 * hosts and flavors, and explain against the replay for every VM of
 * every bundled scenario. */
#include <string.h>

#include "np-error.h"
#include "np-planning-private.h"
#include "np-scenario-load.h"
#include "np-test.h"

static NpScenario *
np_load(const gchar *name)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = g_build_filename(np_test_srcdir(), "data", "planning", name, NULL);
	NpScenario *scenario = np_scenario_load_file(path, &error);
	if (scenario == NULL)
		fprintf(stderr, "%s\n", error->message);
	return scenario;
}

static NpEngine *
np_replay(const NpScenario *scenario)
{
	g_autoptr(GError) error = NULL;
	NpEngine *engine = np_sim_run(scenario, NP_RUN_CHECK_INVARIANTS, NULL, NULL, &error);
	if (engine == NULL)
		fprintf(stderr, "%s\n", error->message);
	return engine;
}

static gint64
np_per_host(const NpEventResult *r, const gchar *host)
{
	for (guint i = 0; r->per_host != NULL && i < r->per_host->len; i++) {
		const NpHostCount *count = g_ptr_array_index(r->per_host, i);
		if (strcmp(count->host, host) == 0)
			return count->count;
	}
	return -1;
}

/* --------------------------------------------------------------- capacity */

static void
test_capacity_hand(void)
{
	g_autoptr(NpScenario) scenario = np_load("upper-bound.yaml");
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(NpCapacityAnswer) p6 = NULL;
	g_autoptr(NpCapacityAnswer) n2 = NULL;

	NP_CHECK(scenario != NULL);
	engine = np_replay(scenario);
	NP_CHECK(engine != NULL);
	p6 = np_capacity_answer(engine, "p6", NULL, NULL);
	n2 = np_capacity_answer(engine, "n2", NULL, NULL);
	NP_CHECK(p6 != NULL && n2 != NULL);
	CU_ASSERT_EQUAL(p6->result->fits, 9);
	CU_ASSERT_EQUAL(np_per_host(p6->result, "a"), 4);
	CU_ASSERT_EQUAL(np_per_host(p6->result, "b"), 4);
	CU_ASSERT_EQUAL(np_per_host(p6->result, "c"), 1);
	CU_ASSERT_EQUAL(p6->result->would_span, 1);
	CU_ASSERT_EQUAL(p6->result->stopped_by, NP_CODE_NO_NODE_FITS_SPANNING_DISABLED);
	CU_ASSERT_EQUAL(p6->upper_bound, 9);
	CU_ASSERT_EQUAL(p6->host_bounds[0], 4);
	CU_ASSERT_EQUAL(p6->host_bounds[1], 4);
	CU_ASSERT_EQUAL(p6->host_bounds[2], 1);
	CU_ASSERT_EQUAL(n2->upper_bound, 7);
	CU_ASSERT_EQUAL(n2->host_bounds[0], 3);
	CU_ASSERT_EQUAL(n2->host_bounds[1], 4);
	CU_ASSERT_EQUAL(n2->host_bounds[2], 0);
	CU_ASSERT_EQUAL(n2->result->fits, 7);
	CU_ASSERT_EQUAL(n2->result->would_span, 0);
	CU_ASSERT_EQUAL(n2->result->stopped_by, NP_CODE_NO_VALID_HOST);
	/* the questions changed nothing */
	CU_ASSERT_EQUAL(np_engine_get_n_vms(engine), 1);
}

static void
test_headroom_hand(void)
{
	g_autoptr(NpScenario) scenario = np_load("upper-bound.yaml");
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(NpHeadroom) headroom = NULL;
	NpFree node;

	NP_CHECK(scenario != NULL);
	engine = np_replay(scenario);
	NP_CHECK(engine != NULL);
	headroom = np_headroom_new(engine);
	/* a: x claims 6144 of 32768 and is backed on node 0 */
	CU_ASSERT_EQUAL(headroom->hosts[0].nova_free_mb, 26624);
	CU_ASSERT_EQUAL(headroom->hosts[0].hyperv_free_mb, 26624);
	CU_ASSERT_EQUAL(headroom->hosts[0].nova_free_vcpus, 62); /* 16 LPs × 4.0 − 2 */
	np_free_of_node(engine, 0, 0, &node);
	/* Nova sees no cell claim (x is plain): 16384 free; Hyper-V 10240 */
	CU_ASSERT_EQUAL(node.nova_free_mb, 16384);
	CU_ASSERT_EQUAL(node.hyperv_free_mb, 10240);
	CU_ASSERT_EQUAL(node.nova_free_vcpus, 32);
	/* fragmentation: a: n2 3 × 8192 = p6 4 × 6144 = 24576 of 26624 →
	 * 2048 stranded; vCPUs 62 − 3 × 4 = 50. b: n2 4 × 8192 fills it; vCPUs
	 * 64 − 16 = 48. c: p6 once: 8192 − 6144 = 2048; vCPUs 16 − 2 = 14 */
	CU_ASSERT_EQUAL(headroom->hosts[0].stranded_mb, 2048);
	CU_ASSERT_EQUAL(headroom->hosts[0].stranded_vcpus, 50);
	CU_ASSERT_EQUAL(headroom->hosts[1].stranded_mb, 0);
	CU_ASSERT_EQUAL(headroom->hosts[1].stranded_vcpus, 48);
	CU_ASSERT_EQUAL(headroom->hosts[2].stranded_mb, 2048);
	CU_ASSERT_EQUAL(headroom->hosts[2].stranded_vcpus, 14);
	CU_ASSERT_EQUAL(headroom->cluster.hyperv_free_mb, 26624 + 32768 + 8192);
	CU_ASSERT_EQUAL(headroom->cluster.nova_free_mb, 26624 + 32768 + 8192);
	CU_ASSERT_EQUAL(headroom->cluster.stranded_mb, 4096);
	CU_ASSERT_EQUAL(headroom->cluster.stranded_vcpus, 112);
}

/* the host-by-host fill (closed forms, or Nova's filter and the backing
 * per VM) equals the forced trials it stands for, on random hosts
 * (nodes, reserved memory, ratios, spanning, vNUMA limits), random load
 * (plain, vNUMA and dynamic-memory VMs, some stopped) and random flavors */
static void
test_upper_bound_random(void)
{
	GRand *rand = g_rand_new_with_seed(20240917);
	guint compared = 0, closed = 0;

	for (guint round = 0; round < 300; round++) {
		g_autoptr(NpEngine) engine = NULL;
		g_autoptr(NpSettings) settings = np_settings_new();
		guint n_hosts = g_rand_int_range(rand, 1, 4);
		static const gchar *const backings[] = {"most-free", "best-fit", "first-fit"};
		g_autoptr(GPtrArray) flavors = g_ptr_array_new();

		np_settings_set(settings, "backing", backings[g_rand_int_range(rand, 0, 3)], NULL);
		if (g_rand_boolean(rand))
			np_settings_set(settings, "ram_allocation_ratio", "1.5", NULL);
		if (g_rand_int_range(rand, 0, 4) == 0)
			np_settings_set(settings, "cpu_allocation_ratio", "1.0", NULL);
		engine = np_engine_new(settings);
		for (guint h = 0; h < n_hosts; h++) {
			g_autofree gchar *name = g_strdup_printf("h%u", h);
			g_autoptr(NpHost) host = np_host_new(name);
			guint n_nodes = g_rand_int_range(rand, 1, 5);
			for (guint n = 0; n < n_nodes; n++)
				np_host_add_node(host,
				                 n,
				                 g_rand_int_range(rand, 2, 17),
				                 1024 * g_rand_int_range(rand, 4, 65),
				                 g_rand_int_range(rand, 0, 3) == 0 ? 1024 : 0);
			if (g_rand_boolean(rand))
				np_host_set(host, "numa_spanning", "false", NULL);
			if (g_rand_int_range(rand, 0, 6) == 0)
				np_host_set(host, "max_vnuma_vcpus", "4", NULL);
			NP_CHECK(np_engine_add_host(engine, host, NULL));
		}
		for (guint f = 0; f < 6; f++) {
			g_autofree gchar *name = g_strdup_printf("f%u", f);
			guint nodes = g_rand_int_range(rand, 0, 5);
			gint64 vcpus = nodes * g_rand_int_range(rand, 1, 4) + (nodes == 0 ? 1 : 0);
			gint64 memory =
			    (nodes > 0 ? nodes : 1) * 512 * g_rand_int_range(rand, 1, 33);
			g_autoptr(NpFlavor) flavor = np_flavor_new(name, vcpus, memory);
			if (nodes > 0) {
				g_autofree gchar *text = g_strdup_printf("%u", nodes);
				np_flavor_set_extra_spec(flavor, "hw:numa_nodes", text);
			}
			NP_CHECK(np_engine_add_flavor(engine, flavor, NULL));
			g_ptr_array_add(flavors, g_hash_table_lookup(engine->flavors, name));
		}
		/* some load: random boots (any host), some forced, some stopped,
		 * some with dynamic memory */
		for (guint v = 0, n = g_rand_int_range(rand, 0, 12); v < n; v++) {
			g_autofree gchar *name = g_strdup_printf("vm%u", v);
			const NpFlavor *flavor =
			    g_ptr_array_index(flavors, g_rand_int_range(rand, 0, flavors->len));
			g_autoptr(NpEvent) boot = np_event_new_boot(name, flavor->name);
			g_autoptr(NpEventResult) result = NULL;
			if (g_rand_int_range(rand, 0, 3) == 0) {
				g_autofree gchar *host =
				    g_strdup_printf("h%d", g_rand_int_range(rand, 0, n_hosts));
				np_event_set_host(boot, host);
			}
			if (np_flavor_get_extra_spec(flavor, "hw:numa_nodes") == NULL
			    && g_rand_int_range(rand, 0, 4) == 0)
				np_event_set_dynamic_memory(boot,
				                            flavor->memory_mb / 2,
				                            flavor->memory_mb / 4,
				                            flavor->memory_mb,
				                            20);
			result = np_engine_apply(engine, boot, NULL);
			NP_CHECK(result != NULL);
			if (g_rand_int_range(rand, 0, 5) == 0) {
				g_autoptr(NpEvent) stop = np_event_new(NP_EVENT_STOP, name);
				g_autoptr(NpEventResult) stopped =
				    np_engine_apply(engine, stop, NULL);
				NP_CHECK(stopped != NULL);
			}
		}
		for (guint f = 0; f < flavors->len; f++) {
			g_autoptr(NpConfig) config =
			    np_engine_config_for(engine, g_ptr_array_index(flavors, f), NULL, NULL);
			for (guint h = 0; h < n_hosts; h++) {
				gint64 fast = np_capacity_host_bound(engine, h, config);
				gint64 slow = np_capacity_host_bound_by_trials(engine, h, config);
				if (fast != slow)
					fprintf(stderr,
					        "\n  round %u host %u flavor %u: closed form "
					        "%" G_GINT64_FORMAT ", trials %" G_GINT64_FORMAT
					        "\n",
					        round,
					        h,
					        f,
					        fast,
					        slow);
				CU_ASSERT_EQUAL(fast, slow);
				compared++;
				closed +=
				    !config->vnuma || config->n_units == 1
				    || config->n_units == np_engine_host(engine, h)->nova.n_cells;
			}
		}
		NP_CHECK(np_engine_check(engine, NULL));
	}
	printf("\n  %u bounds compared, %u by the closed form\n", compared, closed);
	CU_ASSERT_TRUE(closed > compared / 2);
	g_rand_free(rand);
}

/* --------------------------------------------------------------- failover */

static void
test_failover_hand(void)
{
	g_autoptr(NpScenario) scenario = np_load("failover.yaml");
	g_autoptr(NpScenario) loss = np_load("failover-loss.yaml");
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(NpEngine) loss_engine = NULL;
	g_autoptr(NpFailover) all = NULL;
	g_autoptr(NpFailover) h3 = NULL;
	g_autoptr(NpFailover) lost = NULL;
	g_autoptr(GArray) only_h3 = g_array_new(FALSE, FALSE, sizeof(guint));
	const NpFailoverHost *f;
	const NpVmResult *r;
	guint index = 2;

	NP_CHECK(scenario != NULL && loss != NULL);
	engine = np_replay(scenario);
	loss_engine = np_replay(loss);
	NP_CHECK(engine != NULL && loss_engine != NULL);
	all = np_failover_new(engine, NULL);
	/* h3 failed before the end: not answered by default */
	NP_CHECK(all->hosts->len == 2);
	f = g_ptr_array_index(all->hosts, 0);
	CU_ASSERT_EQUAL(f->host, 0);
	NP_CHECK(f->result->vms->len == 1);
	r = g_ptr_array_index(f->result->vms, 0);
	NP_CHECK_STR(r->vm, "c");
	NP_CHECK_STR(r->host, "h2");
	CU_ASSERT_EQUAL(r->status, NP_STATUS_ACTIVE);
	CU_ASSERT_TRUE(r->spanned);
	CU_ASSERT_EQUAL(r->remote_mb, 2048);
	CU_ASSERT_EQUAL(f->lost, 0);
	CU_ASSERT_EQUAL(f->spanned, 1);
	CU_ASSERT_EQUAL(f->remote_mb, 2048);
	f = g_ptr_array_index(all->hosts, 1);
	NP_CHECK(f->result->vms->len == 2);
	NP_CHECK_STR(((NpVmResult *)g_ptr_array_index(f->result->vms, 0))->vm, "a");
	NP_CHECK_STR(((NpVmResult *)g_ptr_array_index(f->result->vms, 0))->host, "h1");
	NP_CHECK_STR(((NpVmResult *)g_ptr_array_index(f->result->vms, 1))->vm, "b");
	NP_CHECK_STR(((NpVmResult *)g_ptr_array_index(f->result->vms, 1))->host, "h1");
	CU_ASSERT_EQUAL(f->lost, 0);
	CU_ASSERT_EQUAL(f->spanned, 0);
	CU_ASSERT_EQUAL(f->remote_mb, 0);
	CU_ASSERT_EQUAL(all->worst, 0);
	CU_ASSERT_TRUE(all->survives);

	g_array_append_val(only_h3, index);
	h3 = np_failover_new(engine, only_h3);
	NP_CHECK(h3->hosts->len == 1);
	f = g_ptr_array_index(h3->hosts, 0);
	CU_ASSERT_EQUAL(f->result->vms->len, 0);
	CU_ASSERT_EQUAL(h3->worst, 0);
	CU_ASSERT_TRUE(h3->survives);

	lost = np_failover_new(loss_engine, NULL);
	NP_CHECK(lost->hosts->len == 2);
	for (guint i = 0; i < 2; i++) {
		f = g_ptr_array_index(lost->hosts, i);
		CU_ASSERT_EQUAL(f->lost, 1);
		r = g_ptr_array_index(f->result->vms, 0);
		CU_ASSERT_EQUAL(r->status, NP_STATUS_ERROR);
		CU_ASSERT_EQUAL(r->code, NP_CODE_NO_VALID_HOST);
		CU_ASSERT_PTR_NULL(r->host);
	}
	CU_ASSERT_EQUAL(lost->worst, 0);
	CU_ASSERT_FALSE(lost->survives);
	/* the end state is untouched */
	CU_ASSERT_EQUAL(np_engine_host(engine, 0)->failed, FALSE);
}

/* ---------------------------------------------------------------- compare */

static void
test_compare_hand(void)
{
	g_autoptr(NpScenario) a = np_load("compare.yaml");
	g_autoptr(NpScenario) variant = np_load("compare.yaml");
	g_autoptr(NpScenario) other = np_load("compare-other.yaml");
	g_autoptr(NpEngine) ea = NULL;
	g_autoptr(NpEngine) ev = NULL;
	g_autoptr(NpEngine) eo = NULL;
	g_autoptr(NpCompare) cv = NULL;
	g_autoptr(NpCompare) co = NULL;
	g_autoptr(NpCompare) same = NULL;
	const NpVmDiff *d;

	NP_CHECK(a != NULL && variant != NULL && other != NULL);
	NP_CHECK(
	    np_settings_set(np_scenario_get_settings(variant), "numa_spanning", "false", NULL));
	ea = np_replay(a);
	ev = np_replay(variant);
	eo = np_replay(other);
	NP_CHECK(ea != NULL && ev != NULL && eo != NULL);

	cv = np_compare_new(ea, 6, ev, 6);
	NP_CHECK(cv->vms->len == 1);
	d = g_ptr_array_index(cv->vms, 0);
	NP_CHECK_STR(d->vm, "c");
	CU_ASSERT_EQUAL(d->differs, NP_VM_FIELD_ALL);
	CU_ASSERT_EQUAL(d->a.status, NP_STATUS_ACTIVE);
	CU_ASSERT_EQUAL(d->b.status, NP_STATUS_FAILED_TO_START);
	NP_CHECK_STR(d->a.host, "h1");
	CU_ASSERT_PTR_NULL(d->b.host);
	CU_ASSERT_EQUAL(d->a.code, NP_CODE_NONE);
	CU_ASSERT_EQUAL(d->b.code, NP_CODE_NO_NODE_FITS_SPANNING_DISABLED);
	CU_ASSERT_EQUAL(d->a.remote_mb, 2048);
	CU_ASSERT_EQUAL(d->b.remote_mb, 0);
	CU_ASSERT_EQUAL(cv->b[NP_SUMMARY_ACTIVE] - cv->a[NP_SUMMARY_ACTIVE], -1);
	CU_ASSERT_EQUAL(cv->b[NP_SUMMARY_FAILED_TO_START] - cv->a[NP_SUMMARY_FAILED_TO_START], 1);
	CU_ASSERT_EQUAL(cv->b[NP_SUMMARY_SPANNED] - cv->a[NP_SUMMARY_SPANNED], -1);
	CU_ASSERT_EQUAL(cv->b[NP_SUMMARY_REMOTE_MB] - cv->a[NP_SUMMARY_REMOTE_MB], -2048);
	CU_ASSERT_EQUAL(cv->b[NP_SUMMARY_EVENTS] - cv->a[NP_SUMMARY_EVENTS], 0);

	co = np_compare_new(ea, 6, eo, 6);
	NP_CHECK(co->vms->len == 2);
	d = g_ptr_array_index(co->vms, 0);
	NP_CHECK_STR(d->vm, "f");
	CU_ASSERT_TRUE(d->a.present && !d->b.present);
	CU_ASSERT_EQUAL(d->differs, NP_VM_FIELD_ALL);
	d = g_ptr_array_index(co->vms, 1);
	NP_CHECK_STR(d->vm, "g");
	CU_ASSERT_TRUE(!d->a.present && d->b.present);
	NP_CHECK_STR(d->b.host, "h2");
	CU_ASSERT_FALSE(d->b.spanned);
	CU_ASSERT_EQUAL(co->b[NP_SUMMARY_SPANNED] - co->a[NP_SUMMARY_SPANNED], -1);
	CU_ASSERT_EQUAL(co->b[NP_SUMMARY_REMOTE_MB] - co->a[NP_SUMMARY_REMOTE_MB], -2048);
	CU_ASSERT_EQUAL(co->b[NP_SUMMARY_ACTIVE] - co->a[NP_SUMMARY_ACTIVE], 0);

	same = np_compare_new(ea, 6, ea, 6);
	CU_ASSERT_EQUAL(same->vms->len, 0);
	for (guint f = 0; f < NP_SUMMARY_LAST; f++)
		CU_ASSERT_EQUAL(same->a[f], same->b[f]);
}

/* ---------------------------------------------------------------- explain */

/* each weigher's value, normalised value and multiplier per host (issue:
 * explain shows how the nova weigher added up) */
static void
test_explain_weighers(void)
{
	g_autoptr(NpScenario) scenario = np_load("explain-nova.yaml");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpExplain) v = NULL;
	const NpExplainWeighed *a, *b;

	NP_CHECK(scenario != NULL);
	v = np_explain_new(scenario, "v", -1, &error);
	NP_CHECK(v != NULL);
	NP_CHECK(v->order->len == 2);
	CU_ASSERT_EQUAL(v->multipliers.ram, 1.0);
	CU_ASSERT_EQUAL(v->multipliers.cpu, 1.0);
	CU_ASSERT_EQUAL(v->multipliers.build_failure, 1000000.0);
	a = g_ptr_array_index(v->order, 0);
	b = g_ptr_array_index(v->order, 1);
	CU_ASSERT_STRING_EQUAL(a->name, "a");
	CU_ASSERT_STRING_EQUAL(b->name, "b");
	CU_ASSERT_EQUAL(a->ram, 16384.0);
	CU_ASSERT_EQUAL(a->cpu, 32.0);
	CU_ASSERT_EQUAL(a->normalised[0], 1.0);
	CU_ASSERT_EQUAL(a->normalised[1], 0.5);
	CU_ASSERT_EQUAL(a->normalised[2], 0.0);
	CU_ASSERT_EQUAL(b->normalised[0], 0.5);
	CU_ASSERT_EQUAL(b->normalised[1], 1.0);
	CU_ASSERT_EQUAL(a->weight, 1.5);
	CU_ASSERT_EQUAL(b->weight, 1.5);
}

static const NpExplainHost *
np_explain_host(const NpExplain *e, guint i)
{
	return g_ptr_array_index(e->hosts, i);
}

static void
test_explain_hand(void)
{
	g_autoptr(NpScenario) scenario = np_load("explain.yaml");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpExplain) v = NULL;
	g_autoptr(NpExplain) n = NULL;
	g_autoptr(NpExplain) p1 = NULL;
	g_autoptr(NpExplain) bad = NULL;
	const NpExplainAttempt *a;
	const NpExplainUnit *u;

	NP_CHECK(scenario != NULL);
	v = np_explain_new(scenario, "v", -1, &error);
	NP_CHECK(v != NULL);
	CU_ASSERT_EQUAL(v->event, 2);
	CU_ASSERT_EQUAL(v->kind, NP_EXPLAIN_SCHEDULED);
	NP_CHECK(v->hosts->len == 3);
	CU_ASSERT_EQUAL(np_explain_host(v, 0)->state, NP_EXPLAIN_HOST_PASSED);
	CU_ASSERT_EQUAL(np_explain_host(v, 1)->state, NP_EXPLAIN_HOST_PASSED);
	CU_ASSERT_EQUAL(np_explain_host(v, 2)->state, NP_EXPLAIN_HOST_FILTERED);
	CU_ASSERT_EQUAL(np_explain_host(v, 2)->outcome.filter, NP_FILTER_RAM);
	CU_ASSERT_EQUAL(np_explain_host(v, 2)->outcome.asked, 6144);
	CU_ASSERT_EQUAL(np_explain_host(v, 2)->outcome.free, 4096);
	NP_CHECK(v->order->len == 2);
	NP_CHECK_STR(((NpExplainWeighed *)g_ptr_array_index(v->order, 0))->name, "h1");
	NP_CHECK_STR(((NpExplainWeighed *)g_ptr_array_index(v->order, 1))->name, "h2");
	CU_ASSERT_EQUAL(((NpExplainWeighed *)g_ptr_array_index(v->order, 0))->weight, 1.0);
	CU_ASSERT_EQUAL(((NpExplainWeighed *)g_ptr_array_index(v->order, 0))->ram, 8192.0);
	NP_CHECK(v->attempts->len == 2);
	a = g_ptr_array_index(v->attempts, 0);
	NP_CHECK_STR(a->host, "h1");
	CU_ASSERT_EQUAL(a->position, 1);
	CU_ASSERT_EQUAL(a->code, NP_CODE_NO_NODE_FITS_SPANNING_DISABLED);
	NP_CHECK(a->units->len == 1);
	u = g_ptr_array_index(a->units, 0);
	CU_ASSERT_EQUAL(u->parts->len, 0);
	CU_ASSERT_EQUAL(g_array_index(u->free_before, NpNodeFree, 0).free_mb, 4096);
	CU_ASSERT_EQUAL(g_array_index(u->free_before, NpNodeFree, 1).free_mb, 4096);
	a = g_ptr_array_index(v->attempts, 1);
	NP_CHECK_STR(a->host, "h2");
	CU_ASSERT_EQUAL(a->position, 2);
	CU_ASSERT_EQUAL(a->code, NP_CODE_NONE);
	u = g_ptr_array_index(a->units, 0);
	NP_CHECK(u->parts->len == 2);
	CU_ASSERT_EQUAL(g_array_index(u->parts, NpPart, 0).node, 0);
	CU_ASSERT_EQUAL(g_array_index(u->parts, NpPart, 0).memory_mb, 4096);
	CU_ASSERT_EQUAL(g_array_index(u->parts, NpPart, 1).node, 1);
	CU_ASSERT_EQUAL(g_array_index(u->parts, NpPart, 1).memory_mb, 2048);
	NP_CHECK_STR(v->host, "h2");
	CU_ASSERT_TRUE(v->spanned);
	CU_ASSERT_EQUAL(v->remote_mb, 2048);

	n = np_explain_new(scenario, "n", 3, &error);
	NP_CHECK(n != NULL);
	CU_ASSERT_EQUAL(np_explain_host(n, 0)->state, NP_EXPLAIN_HOST_PASSED);
	CU_ASSERT_EQUAL(np_explain_host(n, 1)->outcome.filter, NP_FILTER_RAM);
	CU_ASSERT_EQUAL(np_explain_host(n, 1)->outcome.asked, 4096);
	CU_ASSERT_EQUAL(np_explain_host(n, 1)->outcome.free, 2048);
	CU_ASSERT_EQUAL(np_explain_host(n, 2)->outcome.filter, NP_FILTER_NUMA);
	NP_CHECK(n->attempts->len == 1);
	a = g_ptr_array_index(n->attempts, 0);
	NP_CHECK(a->cells != NULL && a->cells->len == 2);
	CU_ASSERT_EQUAL(g_array_index(a->cells, gint64, 0), 0);
	CU_ASSERT_EQUAL(g_array_index(a->cells, gint64, 1), 1);
	NP_CHECK(a->units->len == 2);
	CU_ASSERT_EQUAL(
	    g_array_index(((NpExplainUnit *)g_ptr_array_index(a->units, 0))->parts, NpPart, 0).node,
	    0);
	CU_ASSERT_EQUAL(
	    g_array_index(((NpExplainUnit *)g_ptr_array_index(a->units, 1))->parts, NpPart, 0).node,
	    1);

	p1 = np_explain_new(scenario, "p1", -1, &error);
	NP_CHECK(p1 != NULL);
	NP_CHECK_STR(p1->forced, "h1");
	CU_ASSERT_EQUAL(np_explain_host(p1, 1)->state, NP_EXPLAIN_HOST_NOT_FORCED);

	bad = np_explain_new(scenario, "nobody", -1, &error);
	CU_ASSERT_PTR_NULL(bad);
	CU_ASSERT_TRUE(g_error_matches(error, NP_ERROR, NP_ERROR_NOT_FOUND));
	g_clear_error(&error);
	bad = np_explain_new(scenario, "v", 0, &error);
	CU_ASSERT_PTR_NULL(bad);
	CU_ASSERT_TRUE(g_error_matches(error, NP_ERROR, NP_ERROR_INVALID));
}

typedef struct {
	gchar *vm;
	guint event;
	NpStatus status;
} NpPlacement;

static void
np_placement_clear(NpPlacement *p)
{
	g_free(p->vm);
}

/* explain re-makes the placements of every VM of the bundled scenarios
 * (at most 60 per file, evenly spread: one file has 8000 VMs): its trace
 * must end where the replay ended (np_explain_new() refuses with
 * "internal error" otherwise) */
static void
np_explain_everything(const gchar *dir, guint *explained)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const gchar *entry;

	while (d != NULL && (entry = g_dir_read_name(d)) != NULL) {
		g_autofree gchar *path = g_build_filename(dir, entry, NULL);
		g_autoptr(NpScenario) scenario = NULL;
		g_autoptr(NpEngine) engine = NULL;
		g_autoptr(GArray) placements = g_array_new(FALSE, FALSE, sizeof(NpPlacement));
		guint step;
		g_array_set_clear_func(placements, (GDestroyNotify)np_placement_clear);
		if (!g_str_has_suffix(entry, ".yaml"))
			continue;
		scenario = np_scenario_load_file(path, NULL);
		if (scenario == NULL)
			continue;
		engine = np_engine_new_for_scenario(scenario, NULL);
		NP_CHECK(engine != NULL);
		for (guint i = 0; i < scenario->events->len; i++) {
			const NpEvent *event = g_ptr_array_index(scenario->events, i);
			g_autoptr(NpEventResult) result = np_engine_apply(engine, event, NULL);
			NP_CHECK(result != NULL);
			if (event->type == NP_EVENT_DELETE || event->type == NP_EVENT_STOP
			    || event->type == NP_EVENT_DEMAND)
				continue;
			for (guint v = 0; v < result->vms->len; v++) {
				const NpVmResult *r = g_ptr_array_index(result->vms, v);
				NpPlacement p = {g_strdup(r->vm), i, r->status};
				g_array_append_val(placements, p);
			}
		}
		step = placements->len / 60 + 1;
		for (guint k = 0; k < placements->len; k += step) {
			const NpPlacement *p = &g_array_index(placements, NpPlacement, k);
			g_autoptr(GError) error = NULL;
			g_autoptr(NpExplain) e = np_explain_new(scenario, p->vm, p->event, &error);
			if (e == NULL)
				fprintf(stderr,
				        "\n  %s: %s event %u: %s\n",
				        entry,
				        p->vm,
				        p->event,
				        error->message);
			CU_ASSERT_PTR_NOT_NULL(e);
			if (e != NULL)
				CU_ASSERT_EQUAL(e->status, p->status);
			(*explained)++;
		}
	}
}

static void
test_explain_everything(void)
{
	g_autofree gchar *regression =
	    g_build_filename(g_getenv("NP_SOURCE_ROOT"), "scenarios", "regression", NULL);
	g_autofree gchar *examples =
	    g_build_filename(g_getenv("NP_SOURCE_ROOT"), "scenarios", "examples", NULL);
	g_autofree gchar *planning = g_build_filename(np_test_srcdir(), "data", "planning", NULL);
	guint explained = 0;

	NP_CHECK(g_getenv("NP_SOURCE_ROOT") != NULL);
	np_explain_everything(regression, &explained);
	np_explain_everything(examples, &explained);
	np_explain_everything(planning, &explained);
	printf("\n  %u placements explained\n", explained);
	CU_ASSERT_TRUE(explained > 300);
}

int
main(void)
{
	CU_pSuite suite;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return EXIT_FAILURE;
	suite = CU_add_suite("planning", NULL, NULL);
	CU_add_test(suite, "capacity_hand", test_capacity_hand);
	CU_add_test(suite, "headroom_hand", test_headroom_hand);
	CU_add_test(suite, "upper_bound_random", test_upper_bound_random);
	CU_add_test(suite, "failover_hand", test_failover_hand);
	CU_add_test(suite, "compare_hand", test_compare_hand);
	CU_add_test(suite, "explain_hand", test_explain_hand);
	CU_add_test(suite, "explain_weighers", test_explain_weighers);
	CU_add_test(suite, "explain_everything", test_explain_everything);
	return np_test_run();
}
