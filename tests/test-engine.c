/* The engine's library API: a cluster built in code, stepped, queried and
 * copied; and every kind of broken reference in a code-built scenario is an
 * error naming it, never a crash. */
#include <string.h>

#include "np-engine-private.h"
#include "np-error.h"
#include "np-test.h"

static NpHost *
np_two_node_host(const gchar *name)
{
	NpHost *host = np_host_new(name);
	np_host_add_node(host, 0, 16, 65536, 4096);
	np_host_add_node(host, 1, 16, 65536, 0);
	return host;
}

/* a small valid scenario: two hosts, two flavors, an image */
static NpScenario *
np_base(void)
{
	NpScenario *scenario = np_scenario_new("code");
	NpFlavor *numa2 = np_flavor_new("numa2", 8, 32768);
	np_flavor_set_extra_spec(numa2, "hw:numa_nodes", "2");
	np_scenario_add_host(scenario, np_two_node_host("hv01"));
	np_scenario_add_host(scenario, np_two_node_host("hv02"));
	np_scenario_add_flavor(scenario, np_flavor_new("small", 2, 4096));
	np_scenario_add_flavor(scenario, numa2);
	np_scenario_add_image(scenario, np_image_new("win"));
	return scenario;
}

static void
test_step_query_copy(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_base();
	g_autoptr(NpEngine) engine = np_engine_new_for_scenario(scenario, &error);
	g_autoptr(NpEngine) copy = NULL;
	g_autoptr(NpEvent) boot = np_event_new_boot("web", "small");
	g_autoptr(NpEvent) numa = np_event_new_boot("db", "numa2");
	g_autoptr(NpEvent) fail = np_event_new(NP_EVENT_FAIL_HOST, "hv01");
	g_autoptr(NpEventResult) r1 = NULL;
	g_autoptr(NpEventResult) r2 = NULL;
	g_autoptr(NpEventResult) r3 = NULL;
	NpHostInfo host;
	NpNodeInfo node;
	NpVmInfo vm;
	guint index = 0;

	NP_CHECK(engine != NULL);
	np_event_set_count(boot, 2);
	r1 = np_engine_apply(engine, boot, &error);
	NP_CHECK(r1 != NULL);
	CU_ASSERT_EQUAL(np_event_result_get_n_vms(r1), 2);
	NP_CHECK_STR(np_vm_result_get_name(np_event_result_get_vm(r1, 0)), "web-1");
	CU_ASSERT_EQUAL(np_vm_result_get_status(np_event_result_get_vm(r1, 0)), NP_STATUS_ACTIVE);
	/* spread: web-1 on hv01 (tie, first listed), web-2 on hv02 */
	NP_CHECK_STR(np_vm_result_get_host(np_event_result_get_vm(r1, 0)), "hv01");
	NP_CHECK_STR(np_vm_result_get_host(np_event_result_get_vm(r1, 1)), "hv02");
	r2 = np_engine_apply(engine, numa, &error);
	NP_CHECK(r2 != NULL);
	CU_ASSERT_EQUAL(np_vm_result_get_vnuma_nodes(np_event_result_get_vm(r2, 0)), 2);
	CU_ASSERT_EQUAL(np_vm_result_get_n_units(np_event_result_get_vm(r2, 0)), 2);
	CU_ASSERT_EQUAL(np_engine_get_n_applied(engine), 2);

	/* queries: Nova's claims beside Hyper-V's free memory */
	NP_CHECK(np_engine_lookup_host(engine, "hv01", &index));
	NP_CHECK(np_engine_get_host(engine, index, &host));
	NP_CHECK_STR(host.name, "hv01");
	CU_ASSERT_TRUE(host.present && host.enabled && host.numa_spanning);
	CU_ASSERT_EQUAL(host.n_nodes, 2);
	CU_ASSERT_EQUAL(host.memory_mb, 131072);
	CU_ASSERT_EQUAL(host.reserved_mb, 4096);
	NP_CHECK(np_engine_get_node(engine, index, 0, &node));
	CU_ASSERT_EQUAL(node.memory_mb, 65536);
	CU_ASSERT_EQUAL(node.reserved_mb, 4096);
	CU_ASSERT_EQUAL(node.free_mb + node.backed_mb, 65536 - 4096);
	CU_ASSERT_FALSE(np_engine_get_node(engine, index, 2, &node));
	NP_CHECK(np_engine_lookup_vm(engine, "web-2", &index));
	CU_ASSERT_EQUAL(index, 1);
	NP_CHECK(np_engine_get_vm(engine, index, &vm));
	NP_CHECK_STR(vm.flavor, "small");
	CU_ASSERT_EQUAL(vm.backed_mb, 4096);
	CU_ASSERT_FALSE(np_engine_lookup_vm(engine, "nope", NULL));

	/* a copy is independent */
	copy = np_engine_copy(engine);
	r3 = np_engine_apply(copy, fail, &error);
	NP_CHECK(r3 != NULL);
	CU_ASSERT_TRUE(np_event_result_get_n_vms(r3) >= 1);
	NP_CHECK(np_engine_lookup_host(copy, "hv01", &index));
	np_engine_get_host(copy, index, &host);
	CU_ASSERT_FALSE(host.enabled);
	np_engine_get_host(engine, index, &host);
	CU_ASSERT_TRUE(host.enabled);
	CU_ASSERT_EQUAL(np_engine_get_n_applied(engine), 2);
	CU_ASSERT_EQUAL(np_engine_get_n_applied(copy), 3);
	CU_ASSERT_TRUE(np_engine_check(engine, NULL));
	CU_ASSERT_TRUE(np_engine_check(copy, NULL));
}

/* an event the engine must refuse, leaving everything as it was */
static void
np_expect_refused(NpEngine *engine, NpEvent *owned, gint code, const gchar *needle)
{
	g_autoptr(NpEvent) event = owned;
	g_autoptr(GError) error = NULL;
	g_autoptr(NpEventResult) result = NULL;
	guint applied = np_engine_get_n_applied(engine);
	guint vms = np_engine_get_n_vms(engine);

	result = np_engine_apply(engine, event, &error);
	if (result != NULL)
		fprintf(stderr, "\n  applied, expected a refusal with '%s'\n", needle);
	CU_ASSERT_PTR_NULL(result);
	NP_CHECK(error != NULL);
	CU_ASSERT_TRUE(g_error_matches(error, NP_ERROR, code));
	if (strstr(error->message, needle) == NULL) {
		fprintf(stderr, "\n  '%s' lacks '%s'\n", error->message, needle);
		CU_FAIL("message");
	}
	CU_ASSERT_EQUAL(np_engine_get_n_applied(engine), applied);
	CU_ASSERT_EQUAL(np_engine_get_n_vms(engine), vms);
}

static void
test_engine_refuses(void)
{
	g_autoptr(NpScenario) scenario = np_base();
	g_autoptr(NpEngine) engine = np_engine_new_for_scenario(scenario, NULL);
	g_autoptr(NpEvent) boot = np_event_new_boot("a", "small");
	g_autoptr(NpEventResult) ok = NULL;
	NpEvent *event;

	NP_CHECK(engine != NULL);
	ok = np_engine_apply(engine, boot, NULL);
	NP_CHECK(ok != NULL);
	np_expect_refused(engine,
	                  np_event_new_boot("b", "huge"),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown flavor 'huge'");
	event = np_event_new_boot("b", "small");
	np_event_set_image(event, "linux");
	np_expect_refused(engine, event, NP_ERROR_NOT_FOUND, "unknown image 'linux'");
	event = np_event_new_boot("b", "small");
	np_event_set_host(event, "hv09");
	np_expect_refused(engine, event, NP_ERROR_NOT_FOUND, "unknown host 'hv09'");
	np_expect_refused(engine,
	                  np_event_new_boot("a", "small"),
	                  NP_ERROR_INVALID,
	                  "duplicate VM name 'a'");
	{
		g_autoptr(NpEvent) c2 = np_event_new_boot("c-2", "small");
		g_autoptr(NpEventResult) applied = np_engine_apply(engine, c2, NULL);
		NP_CHECK(applied != NULL);
	}
	event = np_event_new_boot("c", "small");
	np_event_set_count(event, 3);
	np_expect_refused(engine, event, NP_ERROR_INVALID, "duplicate VM name 'c-2'");
	event = np_event_new_boot("c", "small");
	np_event_set_count(event, -1);
	np_expect_refused(engine, event, NP_ERROR_INVALID, "count");
	event = np_event_new_boot("c", "small");
	np_event_set_dynamic_memory(event, 8192, 0, 0, 0);
	np_expect_refused(engine,
	                  event,
	                  NP_ERROR_INVALID,
	                  "minimum_mb <= startup_mb <= maximum_mb");
	event = np_event_new_boot("c", "small");
	np_event_set_dynamic_memory(event, 0, 0, 0, 3);
	np_expect_refused(engine, event, NP_ERROR_INVALID, "buffer_percent");
	for (NpEventType type = NP_EVENT_DELETE; type <= NP_EVENT_RESTART; type++)
		np_expect_refused(engine,
		                  np_event_new(type, "ghost"),
		                  NP_ERROR_NOT_FOUND,
		                  "unknown VM 'ghost'");
	np_expect_refused(engine,
	                  np_event_new_resize("ghost", "small"),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown VM");
	np_expect_refused(engine,
	                  np_event_new_resize("a", "huge"),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown flavor");
	np_expect_refused(engine,
	                  np_event_new_migrate("a", "hv09"),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown host");
	np_expect_refused(engine,
	                  np_event_new_demand("ghost", 10),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown VM");
	np_expect_refused(engine, np_event_new_demand("a", -10), NP_ERROR_INVALID, "memory_mb");
	np_expect_refused(engine,
	                  np_event_new_set_spanning("hv09", FALSE),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown host");
	for (NpEventType type = NP_EVENT_FAIL_HOST; type <= NP_EVENT_REMOVE_HOST; type++) {
		if (type != NP_EVENT_ADD_HOST)
			np_expect_refused(engine,
			                  np_event_new(type, "hv09"),
			                  NP_ERROR_NOT_FOUND,
			                  "unknown host");
	}
	np_expect_refused(engine,
	                  np_event_new_add_host(np_two_node_host("hv01")),
	                  NP_ERROR_INVALID,
	                  "duplicate host name 'hv01'");
	np_expect_refused(engine,
	                  np_event_new_add_host(np_host_new("empty")),
	                  NP_ERROR_INVALID,
	                  "at least one node");
	np_expect_refused(engine,
	                  np_event_new_capacity("huge", NULL),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown flavor");
	np_expect_refused(engine,
	                  np_event_new_capacity("small", "linux"),
	                  NP_ERROR_NOT_FOUND,
	                  "unknown image");
	CU_ASSERT_TRUE(np_engine_check(engine, NULL));
}

typedef void (*NpBreakFunc)(NpScenario *scenario);

/* @brk breaks a valid scenario: validation, the engine and a whole run
 * must each refuse it with @needle in the message */
static void
np_expect_invalid(NpBreakFunc brk, const gchar *needle)
{
	g_autoptr(NpScenario) scenario = np_base();
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) run_error = NULL;
	g_autoptr(NpEngine) engine = NULL;

	brk(scenario);
	CU_ASSERT_FALSE(np_scenario_validate(scenario, &error));
	NP_CHECK(error != NULL);
	CU_ASSERT_TRUE(g_error_matches(error, NP_ERROR, NP_ERROR_INVALID));
	if (strstr(error->message, needle) == NULL) {
		fprintf(stderr, "\n  '%s' lacks '%s'\n", error->message, needle);
		CU_FAIL("message");
	}
	engine = np_sim_run(scenario, NP_RUN_CHECK_INVARIANTS, NULL, NULL, &run_error);
	CU_ASSERT_PTR_NULL(engine);
	CU_ASSERT_PTR_NOT_NULL(run_error);
}

static void
np_add(NpScenario *s, NpEvent *event)
{
	np_scenario_add_event(s, event);
}

static void
brk_unknown_flavor(NpScenario *s)
{
	np_add(s, np_event_new_boot("a", "smal"));
}
static void
brk_unknown_image(NpScenario *s)
{
	NpEvent *event = np_event_new_boot("a", "small");
	np_event_set_image(event, "linux");
	np_add(s, event);
}
static void
brk_unknown_forced_host(NpScenario *s)
{
	NpEvent *event = np_event_new_boot("a", "small");
	np_event_set_host(event, "hv03");
	np_add(s, event);
}
static void
brk_vm_before_boot(NpScenario *s)
{
	np_add(s, np_event_new(NP_EVENT_STOP, "a"));
	np_add(s, np_event_new_boot("a", "small"));
}
static void
brk_unknown_vm(NpScenario *s)
{
	np_add(s, np_event_new_demand("ghost", 1024));
}
static void
brk_duplicate_vm(NpScenario *s)
{
	NpEvent *event = np_event_new_boot("db", "small");
	np_event_set_count(event, 2);
	np_add(s, np_event_new_boot("db-2", "small"));
	np_add(s, event);
}
static void
brk_resize_flavor(NpScenario *s)
{
	np_add(s, np_event_new_boot("a", "small"));
	np_add(s, np_event_new_resize("a", "large"));
}
static void
brk_migrate_host(NpScenario *s)
{
	np_add(s, np_event_new_boot("a", "small"));
	np_add(s, np_event_new_migrate("a", "hv7"));
}
static void
brk_removed_host(NpScenario *s)
{
	np_add(s, np_event_new(NP_EVENT_REMOVE_HOST, "hv02"));
	np_add(s, np_event_new(NP_EVENT_FAIL_HOST, "hv02"));
}
static void
brk_host_added_later(NpScenario *s)
{
	np_add(s, np_event_new_set_spanning("hv03", FALSE));
	np_add(s, np_event_new_add_host(np_two_node_host("hv03")));
}
static void
brk_duplicate_host(NpScenario *s)
{
	np_scenario_add_host(s, np_two_node_host("hv01"));
}
static void
brk_add_duplicate_host(NpScenario *s)
{
	np_add(s, np_event_new_add_host(np_two_node_host("hv02")));
}
static void
brk_host_no_nodes(NpScenario *s)
{
	np_scenario_add_host(s, np_host_new("hv03"));
}
static void
brk_reserved_over_memory(NpScenario *s)
{
	NpHost *host = np_host_new("hv03");
	np_host_add_node(host, 0, 8, 4096, 8192);
	np_scenario_add_host(s, host);
}
static void
brk_duplicate_node(NpScenario *s)
{
	NpHost *host = np_host_new("hv03");
	np_host_add_node(host, 0, 8, 4096, 0);
	np_host_add_node(host, 0, 8, 4096, 0);
	np_scenario_add_host(s, host);
}
static void
brk_negative_cpus(NpScenario *s)
{
	NpHost *host = np_host_new("hv03");
	np_host_add_node(host, 0, -8, 4096, 0);
	np_scenario_add_host(s, host);
}
static void
brk_duplicate_flavor(NpScenario *s)
{
	np_scenario_add_flavor(s, np_flavor_new("small", 4, 8192));
}
static void
brk_zero_vcpus(NpScenario *s)
{
	np_scenario_add_flavor(s, np_flavor_new("zero", 0, 8192));
}
static void
brk_duplicate_image(NpScenario *s)
{
	np_scenario_add_image(s, np_image_new("win"));
}
static void
brk_capacity_flavor(NpScenario *s)
{
	np_add(s, np_event_new_capacity("huge", NULL));
}
static void
brk_dynamic_memory(NpScenario *s)
{
	NpEvent *event = np_event_new_boot("a", "small");
	np_event_set_dynamic_memory(event, 2048, 4096, 0, 0);
	np_add(s, event);
}
static void
brk_bad_ratio(NpScenario *s)
{
	np_scenario_get_settings(s)->max_attempts = 0;
}

static void
test_validate_refuses(void)
{
	static const struct {
		NpBreakFunc brk;
		const gchar *needle;
	} cases[] = {
	    {brk_unknown_flavor, "unknown flavor 'smal'; did you mean 'small'?"},
	    {brk_unknown_image, "unknown image 'linux'"},
	    {brk_unknown_forced_host, "unknown host 'hv03'; did you mean"},
	    {brk_vm_before_boot, "VM 'a' is not booted yet: event 1 boots it"},
	    {brk_unknown_vm, "unknown VM 'ghost': no event before this one boots it"},
	    {brk_duplicate_vm, "duplicate VM name 'db-2'"},
	    {brk_resize_flavor, "unknown flavor 'large'"},
	    {brk_migrate_host, "unknown host 'hv7'"},
	    {brk_removed_host, "host 'hv02' was removed by event 0"},
	    {brk_host_added_later, "host 'hv03' is not added yet: event 1 adds it"},
	    {brk_duplicate_host, "duplicate host name 'hv01'"},
	    {brk_add_duplicate_host, "duplicate host name 'hv02'"},
	    {brk_host_no_nodes, "a host needs at least one node"},
	    {brk_reserved_over_memory, "reserved_mb 8192 is more than memory_mb 4096"},
	    {brk_duplicate_node, "duplicate node id 0"},
	    {brk_negative_cpus, "cpus: must not be negative"},
	    {brk_duplicate_flavor, "duplicate flavor name 'small'"},
	    {brk_zero_vcpus, "vcpus: must be at least 1"},
	    {brk_duplicate_image, "duplicate image name 'win'"},
	    {brk_capacity_flavor, "unknown flavor 'huge'"},
	    {brk_dynamic_memory, "dynamic_memory needs minimum_mb <= startup_mb <= maximum_mb"},
	    {brk_bad_ratio, "max_attempts"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		np_expect_invalid(cases[i].brk, cases[i].needle);
}

/* a code-built error names the object: there is no file position */
static void
test_validate_names_object(void)
{
	g_autoptr(NpScenario) scenario = np_base();
	g_autoptr(GError) error = NULL;
	np_add(scenario, np_event_new_boot("a", "small"));
	np_add(scenario, np_event_new_boot("b", "smal"));
	CU_ASSERT_FALSE(np_scenario_validate(scenario, &error));
	NP_CHECK(error != NULL);
	NP_CHECK_STR(error->message,
	             "events[1] (boot): unknown flavor 'smal'; did you mean 'small'?");
}

static void
test_settings_by_key(void)
{
	g_autoptr(NpSettings) settings = np_settings_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *weigher = NULL;
	g_autofree gchar *ratio = NULL;
	g_autoptr(NpHost) host = np_host_new("h");

	NP_CHECK(np_settings_set(settings, "weigher", "nova", &error));
	weigher = np_settings_get(settings, "weigher");
	NP_CHECK_STR(weigher, "nova");
	CU_ASSERT_EQUAL(np_settings_get_weigher(settings), NP_WEIGHER_NOVA);
	NP_CHECK(np_settings_set(settings, "cpu_allocation_ratio", "16", &error));
	ratio = np_settings_get(settings, "cpu_allocation_ratio");
	NP_CHECK_STR(ratio, "16");
	CU_ASSERT_FALSE(np_settings_set(settings, "wieghter", "pack", &error));
	NP_CHECK(error != NULL);
	NP_CHECK_STR(error->message, "unknown setting 'wieghter'; did you mean 'weigher'?");
	g_clear_error(&error);
	CU_ASSERT_FALSE(np_settings_set(settings, "weigher", "sprad", &error));
	NP_CHECK(error != NULL);
	NP_CHECK_STR(error->message,
	             "weigher: expected spread, pack or nova, got 'sprad'; did you mean 'spread'?");
	g_clear_error(&error);
	CU_ASSERT_FALSE(np_settings_set(settings, "ram_weight_multiplier", "inf", &error));
	g_clear_error(&error);
	CU_ASSERT_TRUE(np_host_set(host, "numa_spanning", "off", NULL));
	CU_ASSERT_FALSE(np_host_set(host, "weigher", "pack", &error));
	NP_CHECK(error != NULL);
	CU_ASSERT_TRUE(strstr(error->message, "cluster-wide") != NULL);
	CU_ASSERT_TRUE(np_settings_key_is_per_host("ram_allocation_ratio"));
	CU_ASSERT_FALSE(np_settings_key_is_per_host("backing"));
}

int
main(void)
{
	CU_pSuite suite;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return EXIT_FAILURE;
	suite = CU_add_suite("engine", NULL, NULL);
	CU_add_test(suite, "step_query_copy", test_step_query_copy);
	CU_add_test(suite, "engine_refuses", test_engine_refuses);
	CU_add_test(suite, "validate_refuses", test_validate_refuses);
	CU_add_test(suite, "validate_names_object", test_validate_names_object);
	CU_add_test(suite, "settings_by_key", test_settings_by_key);
	return np_test_run();
}
