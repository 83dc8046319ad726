/* Scenario files (scenario.md §1): good files load with every field where
 * it belongs; the limits on hostile input hold at their boundaries; every
 * file of tests/bad fails in-process with the message its .err names. */
#include <glib/gstdio.h>
#include <string.h>

#include "np-error.h"
#include "np-json.h"
#include "np-scenario-load.h"
#include "np-scenario-private.h"
#include "np-test.h"
#include "np-topology-json.h"
#include "np-yaml-tree-private.h"

/* @yaml as if read from tests/data/test.yaml (topology files resolve there) */
static NpScenario *
np_load(const gchar *yaml, GError **error)
{
	g_autofree gchar *path = g_build_filename(np_test_srcdir(), "data", "test.yaml", NULL);
	return np_scenario_load_data(yaml, strlen(yaml), path, error);
}

/* the message of a load that must fail, without the path prefix */
static gchar *
np_load_error(const gchar *yaml)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_scenario_load_data(yaml, strlen(yaml), "t.yaml", &error);
	if (scenario != NULL || error == NULL)
		return g_strdup("(loaded)");
	return g_strdup(error->message);
}

static const NpHost *
np_host(const NpScenario *scenario, guint i)
{
	return g_ptr_array_index(scenario->hosts, i);
}

static const NpNodeSpec *
np_node(const NpHost *host, guint i)
{
	return &g_array_index(host->nodes, NpNodeSpec, i);
}

static const NpEvent *
np_event(const NpScenario *scenario, guint i)
{
	return g_ptr_array_index(scenario->events, i);
}

#define NP_HOST_LINE "    nodes: [{id: 0, cpus: 4, memory_mb: 8192}]\n"
#define NP_ONE_HOST "hosts:\n  - name: hv01\n" NP_HOST_LINE
#define NP_FLAVORS \
	"flavors:\n  small: {vcpus: 1, memory_mb: 1024}\n  big: {vcpus: 4, memory_mb: 4096}\n"

/* an expect: as the loader keeps it, parsed back */
static cJSON *
np_expect_of(const gchar *json)
{
	return json != NULL ? np_json_parse(json, strlen(json), "<expect>", NULL) : NULL;
}

/* a host's settings with the scenario's filling what it does not set */
static NpHostSettings
np_effective(const NpScenario *scenario, const NpHost *host)
{
	NpHostSettings out;
	np_host_settings_resolve(&out, &host->settings, host->overridden, &scenario->settings);
	return out;
}

static void
test_defaults(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_scenario_load_data("numaplan: 1\n", 12, "dir/my-cluster.v2.yaml", &error);
	NpSettings defaults;

	NP_CHECK(scenario != NULL);
	NP_CHECK_STR(scenario->name, "my-cluster.v2");
	NP_CHECK_STR(scenario->path, "dir/my-cluster.v2.yaml");
	np_settings_init(&defaults);
	CU_ASSERT_EQUAL(memcmp(&scenario->settings, &defaults, sizeof(defaults)), 0);
	CU_ASSERT_TRUE(defaults.host_defaults.numa_spanning);
	CU_ASSERT_DOUBLE_EQUAL(defaults.host_defaults.cpu_allocation_ratio, 4.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(defaults.host_defaults.ram_allocation_ratio, 1.0, 0);
	CU_ASSERT_EQUAL(defaults.host_defaults.max_vnuma_vcpus, 64);
	CU_ASSERT_EQUAL(defaults.host_defaults.max_vnuma_memory_mb, 1048576);
	CU_ASSERT_EQUAL(defaults.weigher, NP_WEIGHER_SPREAD);
	CU_ASSERT_FALSE(defaults.numa_cells_pack);
	CU_ASSERT_EQUAL(defaults.backing, NP_BACKING_MOST_FREE);
	CU_ASSERT_EQUAL(defaults.image_conflict, NP_IMAGE_CONFLICT_OVERRIDE);
	CU_ASSERT_DOUBLE_EQUAL(defaults.dynamic_memory_ratio, 1.0, 0);
	CU_ASSERT_EQUAL(defaults.max_attempts, 3);
	CU_ASSERT_EQUAL(defaults.seed, 1);
	CU_ASSERT_EQUAL(scenario->hosts->len, 0);
	CU_ASSERT_EQUAL(scenario->events->len, 0);
	CU_ASSERT_PTR_NULL(scenario->expect_json);
}

static void
test_settings(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load("numaplan: 1\n"
	                                         "name: all-set\n"
	                                         "settings:\n"
	                                         "  cpu_allocation_ratio: 16\n"
	                                         "  ram_allocation_ratio: 1.5\n"
	                                         "  weigher: pack\n"
	                                         "  numa_cells: pack\n"
	                                         "  backing: best-fit\n"
	                                         "  image_conflict: reject\n"
	                                         "  dynamic_memory_ratio: 2.0\n"
	                                         "  numa_spanning: Off\n"
	                                         "  max_vnuma_vcpus: 240\n"
	                                         "  max_vnuma_memory_mb: 0\n"
	                                         "  max_attempts: 1\n"
	                                         "  seed: 9223372036854775807\n",
	                                         &error);
	const NpSettings *settings;

	NP_CHECK(scenario != NULL);
	settings = &scenario->settings;
	NP_CHECK_STR(scenario->name, "all-set");
	CU_ASSERT_DOUBLE_EQUAL(settings->host_defaults.cpu_allocation_ratio, 16.0, 0);
	CU_ASSERT_DOUBLE_EQUAL(settings->host_defaults.ram_allocation_ratio, 1.5, 0);
	CU_ASSERT_EQUAL(settings->weigher, NP_WEIGHER_PACK);
	CU_ASSERT_TRUE(settings->numa_cells_pack);
	CU_ASSERT_EQUAL(settings->backing, NP_BACKING_BEST_FIT);
	CU_ASSERT_EQUAL(settings->image_conflict, NP_IMAGE_CONFLICT_REJECT);
	CU_ASSERT_DOUBLE_EQUAL(settings->dynamic_memory_ratio, 2.0, 0);
	CU_ASSERT_FALSE(settings->host_defaults.numa_spanning);
	CU_ASSERT_EQUAL(settings->host_defaults.max_vnuma_vcpus, 240);
	CU_ASSERT_EQUAL(settings->host_defaults.max_vnuma_memory_mb, 0);
	CU_ASSERT_EQUAL(settings->max_attempts, 1);
	CU_ASSERT_EQUAL(settings->seed, G_MAXINT64);
}

static void
test_enums(void)
{
	for (guint i = 0; i < NP_WEIGHER_LAST; i++)
		CU_ASSERT_EQUAL(np_weigher_from_string(np_weigher_to_string(i)), i);
	for (guint i = 0; i < NP_BACKING_LAST; i++)
		CU_ASSERT_EQUAL(np_backing_policy_from_string(np_backing_policy_to_string(i)), i);
	for (guint i = 0; i < NP_EVENT_LAST; i++)
		CU_ASSERT_EQUAL(np_event_type_from_string(np_event_type_to_string(i)), i);
	NP_CHECK_STR(np_backing_policy_to_string(NP_BACKING_FIRST_FIT), "first-fit");
	NP_CHECK_STR(np_event_type_to_string(NP_EVENT_SET_SPANNING), "set_spanning");
	CU_ASSERT_EQUAL(np_weigher_from_string("Spread"), NP_WEIGHER_LAST);
	CU_ASSERT_EQUAL(np_backing_policy_from_string(NULL), NP_BACKING_LAST);
	CU_ASSERT_EQUAL(np_event_type_from_string("reboot"), NP_EVENT_LAST);
}

static void
test_host_overrides_and_count(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_load("numaplan: 1\n"
	            "settings: {cpu_allocation_ratio: 8.0, max_vnuma_vcpus: 32}\n"
	            "hosts:\n"
	            "  - name: hv01\n"
	            "    numa_spanning: no\n"
	            "    cpu_allocation_ratio: 2.5\n"
	            "    ram_allocation_ratio: 1.25\n"
	            "    max_vnuma_vcpus: 240\n"
	            "    max_vnuma_memory_mb: 12582912\n"
	            "    nodes:\n"
	            "      - {id: 0, cpus: 16, memory_mb: 131072, reserved_mb: 4096}\n"
	            "      - {id: 3, cpus: [0, 2, 4, 6, 8], memory_mb: 131072, reserved_mb: 0}\n"
	            "  - name: rack\n"
	            "    count: 3\n"
	            "    nodes: [{id: 0, cpus: 32, memory_mb: 262144}]\n",
	            &error);
	const NpHost *host;

	NP_CHECK(scenario != NULL);
	NP_CHECK(scenario->hosts->len == 4);
	host = np_host(scenario, 0);
	NP_CHECK_STR(host->name, "hv01");
	CU_ASSERT_EQUAL(host->pos.line, 4);
	CU_ASSERT_EQUAL(host->pos.column, 5);
	CU_ASSERT_FALSE(np_effective(scenario, host).numa_spanning);
	CU_ASSERT_DOUBLE_EQUAL(np_effective(scenario, host).cpu_allocation_ratio, 2.5, 0);
	CU_ASSERT_DOUBLE_EQUAL(np_effective(scenario, host).ram_allocation_ratio, 1.25, 0);
	CU_ASSERT_EQUAL(np_effective(scenario, host).max_vnuma_vcpus, 240);
	CU_ASSERT_EQUAL(np_effective(scenario, host).max_vnuma_memory_mb, 12582912);
	NP_CHECK(host->nodes->len == 2);
	CU_ASSERT_EQUAL(np_node(host, 0)->id, 0);
	CU_ASSERT_EQUAL(np_node(host, 0)->cpus, 16);
	CU_ASSERT_EQUAL(np_node(host, 0)->memory_mb, 131072);
	CU_ASSERT_EQUAL(np_node(host, 0)->reserved_mb, 4096);
	CU_ASSERT_EQUAL(np_node(host, 1)->id, 3);
	CU_ASSERT_EQUAL(np_node(host, 1)->cpus, 5);
	CU_ASSERT_EQUAL(np_node(host, 1)->reserved_mb, 0);
	for (guint i = 1; i <= 3; i++) {
		g_autofree gchar *name = g_strdup_printf("rack-%u", i);
		host = np_host(scenario, i);
		NP_CHECK_STR(host->name, name);
		CU_ASSERT_EQUAL(host->pos.line, 13);
		/* cluster settings, not hv01's */
		CU_ASSERT_TRUE(np_effective(scenario, host).numa_spanning);
		CU_ASSERT_DOUBLE_EQUAL(np_effective(scenario, host).cpu_allocation_ratio, 8.0, 0);
		CU_ASSERT_DOUBLE_EQUAL(np_effective(scenario, host).ram_allocation_ratio, 1.0, 0);
		CU_ASSERT_EQUAL(np_effective(scenario, host).max_vnuma_vcpus, 32);
		NP_CHECK(host->nodes->len == 1);
		CU_ASSERT_EQUAL(np_node(host, 0)->cpus, 32);
		CU_ASSERT_EQUAL(np_node(host, 0)->memory_mb, 262144);
	}
	/* copies are deep */
	{
		g_autoptr(NpHost) copy = np_host_copy(np_host(scenario, 0));
		NP_CHECK_STR(copy->name, "hv01");
		NP_CHECK(copy->nodes != np_host(scenario, 0)->nodes && copy->nodes->len == 2);
		CU_ASSERT_EQUAL(np_node(copy, 1)->id, 3);
		CU_ASSERT_FALSE(np_effective(scenario, copy).numa_spanning);
	}
}

static void
np_check_topology_host(const NpHost *host, const gchar *name)
{
	NP_CHECK_STR(host->name, name);
	NP_CHECK(host->nodes->len == 2);
	CU_ASSERT_EQUAL(np_node(host, 0)->id, 0);
	CU_ASSERT_EQUAL(np_node(host, 0)->cpus, 4);
	CU_ASSERT_EQUAL(np_node(host, 0)->memory_mb, 4093);
	CU_ASSERT_EQUAL(np_node(host, 0)->reserved_mb, 4093 - 3196);
	CU_ASSERT_EQUAL(np_node(host, 1)->id, 1);
	CU_ASSERT_EQUAL(np_node(host, 1)->cpus, 4);
	CU_ASSERT_EQUAL(np_node(host, 1)->memory_mb, 4096);
	CU_ASSERT_EQUAL(np_node(host, 1)->reserved_mb, 4096 - 2533);
}

static void
test_topology_files(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_load("numaplan: 1\n"
	            "hosts:\n"
	            "  - {name: array, topology_file: topo-array.json}\n"
	            "  - {name: utf16, topology_file: topo-utf16le.json}\n"
	            "  - {name: bom, topology_file: topo-bom-crlf.json}\n"
	            "  - name: single\n"
	            "    topology_file: topo-single.json\n"
	            "    numa_spanning: false\n",
	            &error);
	const NpHost *single;

	if (error != NULL)
		fprintf(stderr, "\n%s\n", error->message);
	NP_CHECK(scenario != NULL);
	NP_CHECK(scenario->hosts->len == 4);
	np_check_topology_host(np_host(scenario, 0), "array");
	np_check_topology_host(np_host(scenario, 1), "utf16");
	np_check_topology_host(np_host(scenario, 2), "bom");
	single = np_host(scenario, 3);
	NP_CHECK_STR(single->name, "single");
	NP_CHECK(single->nodes->len == 1);
	CU_ASSERT_EQUAL(np_node(single, 0)->cpus, 2);
	CU_ASSERT_EQUAL(np_node(single, 0)->memory_mb, 32768);
	CU_ASSERT_EQUAL(np_node(single, 0)->reserved_mb, 2768);
	CU_ASSERT_FALSE(single->settings.numa_spanning);
}

static GArray *
np_parse_fixture(const gchar *file, gchar **computer_name, GError **error)
{
	g_autofree gchar *path = g_build_filename(np_test_srcdir(), "data", file, NULL);
	g_autofree gchar *data = NULL;
	gsize length = 0;
	if (!g_file_get_contents(path, &data, &length, error))
		return NULL;
	return np_topology_json_parse(data, length, file, computer_name, error);
}

static void
test_topology_json(void)
{
	static const struct {
		const gchar *file;
		const gchar *computer;
	} fixtures[] = {
	    {"topo-array.json", "HV01"},
	    {"topo-utf16le.json", "HV02"},
	    {"topo-bom-crlf.json", "HV03"},
	    {"topo-single.json", "SMALL01"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(fixtures); i++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *computer = NULL;
		g_autoptr(GArray) nodes = np_parse_fixture(fixtures[i].file, &computer, &error);
		NP_CHECK(nodes != NULL);
		NP_CHECK_STR(computer, fixtures[i].computer);
	}
	/* UTF-16BE with a BOM, and no ComputerName */
	{
		static const gchar json[] = "[{\"NodeId\": 7, \"ProcessorsAvailability\": [1],\n"
		                            "  \"MemoryAvailable\": 0, \"MemoryTotal\": 512}]";
		g_autoptr(GError) error = NULL;
		static gchar stale[] = "stale";
		gchar *computer = stale; /* the out parameter is always set */
		g_autofree gchar *utf16 = NULL;
		g_autofree gchar *data = NULL;
		g_autoptr(GArray) nodes = NULL;
		gsize written = 0;
		utf16 = g_convert(json, -1, "UTF-16BE", "UTF-8", NULL, &written, &error);
		NP_CHECK(utf16 != NULL);
		data = g_malloc(written + 2);
		memcpy(data, "\xfe\xff", 2);
		memcpy(data + 2, utf16, written);
		nodes = np_topology_json_parse(data, written + 2, "be.json", &computer, &error);
		NP_CHECK(nodes != NULL && nodes->len == 1);
		CU_ASSERT_PTR_NULL(computer);
		CU_ASSERT_EQUAL(g_array_index(nodes, NpNodeSpec, 0).id, 7);
		CU_ASSERT_EQUAL(g_array_index(nodes, NpNodeSpec, 0).reserved_mb, 512);
	}
}

static void
test_topology_json_errors(void)
{
	static const struct {
		const gchar *json;
		const gchar *message;
	} cases[] = {
	    {"[]", "t.json:1:1: no NUMA nodes: the array is empty"},
	    {"42",
	     "t.json:1:1: expected an array of Get-VMHostNumaNode objects (or one object), "
	     "got a number"},
	    {"[{\"NodeId\": 0, \"ProcessorsAvailability\": [1], \"MemoryAvailable\": 1,\n"
	     "  \"MemoryTotal\": 2},\n"
	     " {\"NodeId\": 0, \"ProcessorsAvailability\": [1], \"MemoryAvailable\": 1,\n"
	     "  \"MemoryTotal\": 2}]",
	     "t.json:3:13: duplicate NodeId 0 (first at 1:13)"},
	    {"{\"NodeId\": \"0\"}", "t.json:1:12: NodeId: expected an integer, got a string"},
	    {"{\"NodeId\": 1.5}", "t.json:1:12: NodeId: expected an integer, got 1.5"},
	    {"{\"NodeId\": -1}", "t.json:1:12: NodeId: must not be negative (got -1)"},
	    {"{\"NodeId\": 0, \"ProcessorsAvailability\": []}",
	     "t.json:1:41: ProcessorsAvailability is empty: a node needs at least one logical "
	     "processor"},
	    {"{\"NodeId\": 0, \"ProcessorsAvailability\": \"System.Int32[]\"}",
	     "t.json:1:41: ProcessorsAvailability: expected an array (one entry per logical "
	     "processor), got a string"},
	    {"{\"NodeId\": 0, \"ProcessorsAvailability\": [1], \"MemoryTotal\": 0}",
	     "t.json:1:61: MemoryTotal: must be at least 1 (got 0)"},
	    {"{\"NodeId\": 0, \"ProcessorsAvailability\": [1], \"MemoryTotal\": 9}",
	     "t.json:1:1: a node has no 'MemoryAvailable'"},
	    {"[{\"NodeId\": 0}, 5]", "t.json:1:2: a node has no 'ProcessorsAvailability'"},
	    {"[{\"NodeId\": 0, \"ProcessorsAvailability\": [1], \"MemoryAvailable\": 1, "
	     "\"MemoryTotal\": 2}, \"x\"]",
	     "t.json:1:88: expected a Get-VMHostNumaNode object, got a string"},
	    {"\xef\xbb\xbf[{\"NodeId\": 0,\r\n \"x\": \"\xe9\"}]",
	     "t.json:2:8: invalid UTF-8 (byte 0xe9)"},
	    {"[1,\n 2,]", "t.json:2:4: invalid JSON near ']'"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GArray) nodes = np_topology_json_parse(cases[i].json,
		                                                 strlen(cases[i].json),
		                                                 "t.json",
		                                                 NULL,
		                                                 &error);
		NP_CHECK(nodes == NULL && error != NULL);
		NP_CHECK_STR(error->message, cases[i].message);
	}
	/* a NUL is not JSON: UTF-16 without a byte-order mark looks like this */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(GArray) nodes =
		    np_topology_json_parse("[\0{\0", 4, "t.json", NULL, &error);
		NP_CHECK(nodes == NULL);
		NP_CHECK_STR(error->message, "t.json:1:2: a NUL character is not allowed");
	}
	/* UTF-16 cut in the middle of a character */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(GArray) nodes =
		    np_topology_json_parse("\xff\xfe[\0\n\0{", 7, "t.json", NULL, &error);
		NP_CHECK(nodes == NULL);
		NP_CHECK_STR(error->message, "t.json:2:1: invalid UTF-16LE text");
	}
}

static void
test_json_positions(void)
{
	static const gchar text[] = "{\"a\": [1, {\"b\": \"x\\\"y\"}],\n"
	                            " \"c\": null, \"é\": true}";
	g_autoptr(GError) error = NULL;
	g_autoptr(cJSON) root = np_json_parse(text, strlen(text), "p.json", &error);
	g_autoptr(NpJsonPositions) positions = NULL;
	guint line = 0, column = 0;

	NP_CHECK(root != NULL);
	positions = np_json_positions_new(text, strlen(text), root);
	np_json_positions_get(positions, root, &line, &column);
	CU_ASSERT(line == 1 && column == 1);
	np_json_positions_get(positions, cJSON_GetObjectItem(root, "a"), &line, &column);
	CU_ASSERT(line == 1 && column == 7);
	np_json_positions_get(positions,
	                      cJSON_GetArrayItem(cJSON_GetObjectItem(root, "a"), 1),
	                      &line,
	                      &column);
	CU_ASSERT(line == 1 && column == 11);
	np_json_positions_get(
	    positions,
	    cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "a"), 1), "b"),
	    &line,
	    &column);
	CU_ASSERT(line == 1 && column == 17);
	np_json_positions_get(positions, cJSON_GetObjectItem(root, "c"), &line, &column);
	CU_ASSERT(line == 2 && column == 7);
	/* columns count characters: "é" is one */
	np_json_positions_get(positions, cJSON_GetObjectItem(root, "é"), &line, &column);
	CU_ASSERT(line == 2 && column == 18);
	/* a node of another document has no position */
	{
		g_autoptr(cJSON) other = cJSON_CreateNull();
		np_json_positions_get(positions, other, &line, &column);
		CU_ASSERT(line == 1 && column == 1);
	}
}

static void
test_aliases(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_load("numaplan: 1\n"
	            "hosts:\n"
	            "  - name: hv01\n"
	            "    nodes: &two [{id: 0, cpus: 8, memory_mb: 65536}, &n1 {id: 1, cpus: 8,"
	            " memory_mb: 65536}]\n"
	            "  - {name: hv02, nodes: *two}\n"
	            "  - {name: hv03, nodes: [*n1]}\n" NP_FLAVORS "events:\n"
	            "  - boot: &boot {name: a, flavor: small}\n"
	            "    expect: &ok {status: active}\n"
	            "  - boot: {name: b, flavor: small}\n"
	            "    expect: *ok\n",
	            &error);

	NP_CHECK(scenario != NULL);
	NP_CHECK(scenario->hosts->len == 3);
	CU_ASSERT_EQUAL(np_host(scenario, 1)->nodes->len, 2);
	CU_ASSERT_EQUAL(np_node(np_host(scenario, 1), 1)->id, 1);
	NP_CHECK(np_host(scenario, 2)->nodes->len == 1);
	CU_ASSERT_EQUAL(np_node(np_host(scenario, 2), 0)->id, 1);
	{
		g_autoptr(cJSON) expect = np_expect_of(np_event(scenario, 1)->expect_json);
		NP_CHECK(expect != NULL);
		NP_CHECK_STR(cJSON_GetObjectItem(expect, "status")->valuestring, "active");
	}
	/* an alias of a boot boots the same name again */
	{
		g_autofree gchar *message =
		    np_load_error("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n"
		                  "  - boot: &boot {name: a, flavor: small}\n"
		                  "  - boot: *boot\n");
		NP_CHECK_STR(message,
		             "t.yaml:9:24: duplicate VM name 'a' (first booted at event 0)");
	}
}

/* a list of @n plain scalars, anchored, then aliased @times times, in a
 * host's free-form hyperv: map */
static gchar *
np_alias_yaml(guint n, guint times)
{
	GString *yaml = g_string_new("numaplan: 1\nhosts:\n  - name: h\n"
	                             "    nodes: [{id: 0, cpus: 1, memory_mb: 1}]\n"
	                             "    hyperv:\n      a: &a [");
	for (guint i = 0; i < n; i++)
		g_string_append(yaml, i == 0 ? "x" : ", x");
	g_string_append(yaml, "]\n      b: [");
	for (guint i = 0; i < times; i++)
		g_string_append(yaml, i == 0 ? "*a" : ", *a");
	g_string_append(yaml, "]\n");
	return g_string_free(yaml, FALSE);
}

/* @levels nested flow lists, innermost holding one scalar, in a host's
 * free-form hyperv: map */
static gchar *
np_deep_yaml(guint levels)
{
	GString *yaml = g_string_new("numaplan: 1\nhosts:\n  - name: h\n"
	                             "    nodes: [{id: 0, cpus: 1, memory_mb: 1}]\n"
	                             "    hyperv:\n      x: ");
	/* the document, hosts, the host and hyperv are four levels already */
	for (guint i = 0; i < levels - 4; i++)
		g_string_append_c(yaml, '[');
	g_string_append_c(yaml, '1');
	for (guint i = 0; i < levels - 4; i++)
		g_string_append_c(yaml, ']');
	g_string_append_c(yaml, '\n');
	return g_string_free(yaml, FALSE);
}

static void
test_limits(void)
{
	/* 100 nodes per alias (the list and its 99 items) */
	{
		g_autofree gchar *yaml = np_alias_yaml(99, 100);
		g_autoptr(GError) error = NULL;
		g_autoptr(NpScenario) scenario =
		    np_scenario_load_data(yaml, strlen(yaml), "t.yaml", &error);
		NP_CHECK(scenario != NULL);
	}
	{
		g_autofree gchar *yaml = np_alias_yaml(99, 101);
		g_autofree gchar *message = np_load_error(yaml);
		NP_CHECK_STR(message,
		             "t.yaml:7:411: alias expansion exceeds the limit of 10000 nodes");
	}
	{
		g_autofree gchar *yaml = np_deep_yaml(NP_YAML_MAX_DEPTH);
		g_autoptr(GError) error = NULL;
		g_autoptr(NpScenario) scenario =
		    np_scenario_load_data(yaml, strlen(yaml), "t.yaml", &error);
		NP_CHECK(scenario != NULL);
	}
	{
		g_autofree gchar *yaml = np_deep_yaml(NP_YAML_MAX_DEPTH + 1);
		g_autofree gchar *message = np_load_error(yaml);
		NP_CHECK_STR(message, "t.yaml:6:70: nesting exceeds the limit of 64 levels");
	}
	/* an alias that would nest too deep where it is used */
	{
		g_autofree gchar *message = np_load_error(
		    "numaplan: 1\nexpect:\n  summary:\n    by_code:\n      a: &a [[[[1]]]]\n"
		    "      b: "
		    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]"
		    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
		NP_CHECK_STR(
		    message,
		    "t.yaml:6:69: nesting exceeds the limit of 64 levels (through alias '*a')");
	}
	/* few nodes, much text: a 1 MiB scalar aliased 65 times */
	{
		GString *yaml = g_string_new("numaplan: 1\nexpect: {summary: {by_code: {a: &a ");
		g_autofree gchar *fill = g_strnfill(1024 * 1024, 'x');
		g_autofree gchar *text = NULL;
		g_autofree gchar *message = NULL;
		g_string_append(yaml, fill);
		g_string_append(yaml, ", b: [*a");
		for (guint i = 1; i < 65; i++)
			g_string_append(yaml, ", *a");
		g_string_append(yaml, "]}}}\n");
		text = g_string_free(yaml, FALSE);
		message = np_load_error(text);
		NP_CHECK_STR(
		    message,
		    "t.yaml:2:1048874: alias expansion exceeds the limit of 64 MiB of text");
	}
	/* one byte over 64 MiB is refused before anything is read */
	{
		g_autoptr(GError) error = NULL;
		g_autofree gchar *data = g_malloc0(NP_YAML_MAX_BYTES + 1);
		g_autoptr(NpScenario) scenario =
		    np_scenario_load_data(data, NP_YAML_MAX_BYTES + 1, "big.yaml", &error);
		NP_CHECK(scenario == NULL);
		NP_CHECK_STR(error->message, "big.yaml:1:1: the file exceeds the limit of 64 MiB");
		CU_ASSERT_TRUE(g_error_matches(error, NP_ERROR, NP_ERROR_INVALID));
	}
	/* count: beyond the node and VM limits */
	{
		g_autofree gchar *message =
		    np_load_error("numaplan: 1\nhosts:\n  - name: r\n    count: 600000\n"
		                  "    nodes: [{id: 0, cpus: 1, memory_mb: 1}, {id: 1, cpus: 1, "
		                  "memory_mb: 1}]\n");
		NP_CHECK_STR(
		    message,
		    "t.yaml:4:12: the NUMA nodes of the scenario exceed the limit of 1000000");
	}
	{
		g_autofree gchar *message =
		    np_load_error("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n"
		                  "  - boot: {name: a, flavor: small, count: 600000}\n"
		                  "  - boot: {name: b, flavor: small, count: 400001}\n");
		NP_CHECK_STR(message,
		             "t.yaml:10:18: the VMs of the scenario exceed the limit of 1000000");
	}
}

/* YAML 1.2's core schema for free-form values (a boot's hyperv: map, and
 * expect: values, which must then also have the type of their key) */
static void
test_expect_typing(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_load("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n"
	            "  - boot:\n"
	            "      name: web\n"
	            "      flavor: small\n"
	            "      count: 2\n"
	            "      hyperv:\n"
	            "        code: ~\n"
	            "        message: null\n"
	            "        host: ''\n"
	            "        spanned: false\n"
	            "        attempts: 12\n"
	            "        remote_mb: -3\n"
	            "        fits: 2.0\n"
	            "        filtered: {ram: 1, numa: +2, big: 99999999999999999999, exp: 1e3}\n"
	            "        vm: \"12\"\n"
	            "        status: yes\n"
	            "        index: !!str 7\n"
	            "        type: !!int '8'\n"
	            "        cells: [0, 1.5, x, [true, True, TRUE, FALSE]]\n"
	            "        warnings: []\n"
	            "        backing: .inf\n"
	            "expect:\n"
	            "  summary: {active: 2, by_code: {no-valid-host: 0}}\n"
	            "  vms:\n"
	            "    web-2: {status: active, host: hv01}\n"
	            "  hosts:\n"
	            "    hv01: {nodes: [{id: 0, free_mb: 6144}]}\n",
	            &error);
	const cJSON *expect, *filtered, *cells;
	g_autoptr(cJSON) owned = NULL;
	gint64 big = 0;

	if (error != NULL)
		fprintf(stderr, "\n%s\n", error->message);
	NP_CHECK(scenario != NULL);
	owned = np_expect_of(np_event(scenario, 0)->hyperv_json);
	expect = owned;
	NP_CHECK(expect != NULL);
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(expect, "code")));
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(expect, "message")));
	NP_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(expect, "host")), "");
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(expect, "spanned")));
	CU_ASSERT_TRUE(np_json_number_is_integer(cJSON_GetObjectItem(expect, "attempts")));
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(expect, "attempts")->valuedouble, 12);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(expect, "remote_mb")->valuedouble, -3);
	CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetObjectItem(expect, "fits")));
	CU_ASSERT_FALSE(np_json_number_is_integer(cJSON_GetObjectItem(expect, "fits")));
	filtered = cJSON_GetObjectItem(expect, "filtered");
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(filtered, "numa")->valuedouble, 2);
	NP_CHECK_STR(cJSON_GetObjectItem(filtered, "numa")->valuestring, "2");
	CU_ASSERT_TRUE(np_json_number_is_integer(cJSON_GetObjectItem(filtered, "big")));
	CU_ASSERT_FALSE(np_json_get_int64(cJSON_GetObjectItem(filtered, "big"), &big));
	CU_ASSERT_FALSE(np_json_number_is_integer(cJSON_GetObjectItem(filtered, "exp")));
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(filtered, "exp")->valuedouble, 1000);
	NP_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(expect, "vm")), "12");
	NP_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(expect, "status")), "yes");
	NP_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(expect, "index")), "7");
	CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetObjectItem(expect, "type")));
	NP_CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(expect, "backing")), ".inf");
	cells = cJSON_GetObjectItem(expect, "cells");
	NP_CHECK(cJSON_GetArraySize(cells) == 4);
	CU_ASSERT_TRUE(cJSON_IsNumber(cJSON_GetArrayItem(cells, 1)));
	NP_CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cells, 2)), "x");
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetArrayItem(cJSON_GetArrayItem(cells, 3), 1)));
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetArrayItem(cJSON_GetArrayItem(cells, 3), 2)));
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetArrayItem(cJSON_GetArrayItem(cells, 3), 3)));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(expect, "warnings")), 0);
	/* keys keep the file's order */
	NP_CHECK_STR(scenario->expect_json,
	             "{\"summary\":{\"active\":2,\"by_code\":{\"no-valid-host\":0}},"
	             "\"vms\":{\"web-2\":{\"status\":\"active\",\"host\":\"hv01\"}},"
	             "\"hosts\":{\"hv01\":{\"nodes\":[{\"id\":0,\"free_mb\":6144}]}}}");
	/* the same values as expectations must have their key's type */
	{
		g_autofree gchar *message =
		    np_load_error("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n"
		                  "  - capacity: {flavor: small}\n"
		                  "    expect: {fits: 2.0}\n");
		NP_CHECK_STR(message,
		             "t.yaml:10:20: events[0].expect.fits: expected an integer, got '2.0'");
	}
	{
		g_autofree gchar *message =
		    np_load_error("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n"
		                  "  - boot: {name: web, flavor: small}\n"
		                  "    expect: {status: yes}\n");
		NP_CHECK_STR(
		    message,
		    "t.yaml:10:22: events[0].expect.status: expected a status (active, rejected, "
		    "failed-to-start, stopped, deleted, error, ok), got 'yes'");
	}
}

static void
test_event_shapes(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load(
	    "numaplan: 1\n"
	    "hosts:\n"
	    "  - name: hv01\n" NP_HOST_LINE "  - name: hv02\n" NP_HOST_LINE NP_FLAVORS "images:\n"
	    "  win: {properties: {hw_numa_nodes: 2, hw_cpu_policy: 'shared'}}\n"
	    "  plain: {}\n"
	    "events:\n"
	    "  - boot: {name: a, flavor: small, image: win, host: hv02}\n"
	    "  - boot:\n"
	    "      name: dm\n"
	    "      flavor: big\n"
	    "      dynamic_memory: {minimum_mb: 512, buffer_percent: 2000}\n"
	    "  - stop: a\n"
	    "  - start: {vm: a}\n"
	    "  - restart: dm\n"
	    "  - delete: {vm: dm}\n"
	    "  - resize: {vm: a, flavor: big}\n"
	    "  - migrate: {vm: a}\n"
	    "  - migrate: {vm: a, host: hv01}\n"
	    "  - demand: {vm: a, memory_mb: 0}\n"
	    "  - set_spanning: {host: hv01, enabled: off}\n"
	    "  - fail_host: {host: hv01}\n"
	    "  - recover_host: hv01\n"
	    "  - capacity: {flavor: small, image: plain}\n"
	    "    expect: {fits: 3, per_host: {hv01: 1}}\n",
	    &error);
	const NpEvent *event;

	if (error != NULL)
		fprintf(stderr, "\n%s\n", error->message);
	NP_CHECK(scenario != NULL);
	NP_CHECK(scenario->events->len == 14);
	for (guint i = 0; i < scenario->events->len; i++)
		CU_ASSERT_EQUAL(np_event(scenario, i)->index, i);
	event = np_event(scenario, 0);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_BOOT);
	CU_ASSERT(event->pos.line == 14 && event->pos.column == 5);
	NP_CHECK_STR(event->vm, "a");
	NP_CHECK_STR(event->flavor, "small");
	NP_CHECK_STR(event->image, "win");
	NP_CHECK_STR(event->host, "hv02");
	CU_ASSERT_EQUAL(event->count, 0);
	CU_ASSERT_FALSE(event->dynamic_memory.enabled);
	event = np_event(scenario, 1);
	CU_ASSERT_PTR_NULL(event->image);
	CU_ASSERT_PTR_NULL(event->host);
	CU_ASSERT_TRUE(event->dynamic_memory.enabled);
	CU_ASSERT_EQUAL(event->dynamic_memory.minimum_mb, 512);
	CU_ASSERT_EQUAL(event->dynamic_memory.startup_mb, 0);
	CU_ASSERT_EQUAL(event->dynamic_memory.maximum_mb, 0);
	CU_ASSERT_EQUAL(event->dynamic_memory.buffer_percent, 2000);
	event = np_event(scenario, 2);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_STOP);
	NP_CHECK_STR(event->vm, "a");
	event = np_event(scenario, 3);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_START);
	NP_CHECK_STR(event->vm, "a");
	CU_ASSERT_EQUAL(np_event(scenario, 4)->type, NP_EVENT_RESTART);
	CU_ASSERT_EQUAL(np_event(scenario, 5)->type, NP_EVENT_DELETE);
	NP_CHECK_STR(np_event(scenario, 5)->vm, "dm");
	event = np_event(scenario, 6);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_RESIZE);
	NP_CHECK_STR(event->flavor, "big");
	CU_ASSERT_PTR_NULL(np_event(scenario, 7)->host);
	NP_CHECK_STR(np_event(scenario, 8)->host, "hv01");
	event = np_event(scenario, 9);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_DEMAND);
	CU_ASSERT_EQUAL(event->memory_mb, 0);
	event = np_event(scenario, 10);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_SET_SPANNING);
	NP_CHECK_STR(event->host, "hv01");
	CU_ASSERT_FALSE(event->enabled);
	NP_CHECK_STR(np_event(scenario, 11)->host, "hv01");
	CU_ASSERT_EQUAL(np_event(scenario, 12)->type, NP_EVENT_RECOVER_HOST);
	event = np_event(scenario, 13);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_CAPACITY);
	NP_CHECK_STR(event->flavor, "small");
	NP_CHECK_STR(event->image, "plain");
	{
		g_autoptr(cJSON) expect = np_expect_of(event->expect_json);
		NP_CHECK(expect != NULL);
		CU_ASSERT_EQUAL(cJSON_GetObjectItem(expect, "fits")->valuedouble, 3);
	}
	CU_ASSERT_PTR_NULL(np_event(scenario, 12)->expect_json);

	NP_CHECK(np_scenario_lookup_flavor(scenario, "big") != NULL);
	CU_ASSERT_EQUAL(np_scenario_lookup_flavor(scenario, "big")->memory_mb, 4096);
	CU_ASSERT_PTR_NULL(np_scenario_lookup_flavor(scenario, "huge"));
	NP_CHECK(np_scenario_lookup_image(scenario, "win") != NULL);
	NP_CHECK_STR(np_props_lookup_string(np_scenario_lookup_image(scenario, "win")->properties,
	                                    "hw_numa_nodes"),
	             "2");
	CU_ASSERT_EQUAL(np_props_get_size(np_scenario_lookup_image(scenario, "plain")->properties),
	                0);
	CU_ASSERT_PTR_NULL(np_scenario_lookup_image(scenario, "linux"));
}

static void
test_extra_specs_are_data(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_load("numaplan: 1\n"
	            "flavors:\n"
	            "  odd:\n"
	            "    vcpus: 3\n"
	            "    memory_mb: 1000\n"
	            "    extra_specs:\n"
	            "      hw:numa_nodes: 2\n"
	            "      \"hw:numa_cpus.0\": '0-5'\n"
	            "      hw:mem_page_size: huge\n"
	            "      hw:cpu_policy: \"\"\n"
	            "      hw:numa_mem.0:\n"
	            "      \"trait:HW_CPU_HYPERTHREADING\": forbidden\n"
	            "      custom:flag: 1.50\n",
	            &error);
	const NpFlavor *flavor;

	NP_CHECK(scenario != NULL);
	flavor = np_scenario_lookup_flavor(scenario, "odd");
	NP_CHECK(flavor != NULL);
	CU_ASSERT_EQUAL(flavor->vcpus, 3);
	CU_ASSERT_EQUAL(np_props_get_size(flavor->extra_specs), 7);
	NP_CHECK_STR(np_props_get_key(flavor->extra_specs, 0), "hw:numa_nodes");
	NP_CHECK_STR(np_props_lookup_string(flavor->extra_specs, "hw:numa_nodes"), "2");
	CU_ASSERT_EQUAL(np_props_lookup(flavor->extra_specs, "hw:numa_nodes")->type,
	                NP_VALUE_STRING);
	NP_CHECK_STR(np_props_lookup_string(flavor->extra_specs, "hw:numa_cpus.0"), "0-5");
	NP_CHECK_STR(np_props_lookup_string(flavor->extra_specs, "hw:cpu_policy"), "");
	NP_CHECK_STR(np_props_lookup_string(flavor->extra_specs, "hw:numa_mem.0"), "");
	NP_CHECK_STR(np_props_lookup_string(flavor->extra_specs, "custom:flag"), "1.50");
}

static void
test_host_tracking(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_load(
	    "numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n"
	    "  - add_host:\n"
	    "      name: new\n"
	    "      count: 2\n"
	    "      numa_spanning: false\n"
	    "      nodes: [{id: 0, cpus: 2, memory_mb: 4096}, {id: 1, cpus: 2, memory_mb: 4096}]\n"
	    "  - boot: {name: a, flavor: small, host: new-2}\n"
	    "  - remove_host: {host: new-1}\n"
	    "  - add_host: {name: solo, topology_file: topo-single.json}\n"
	    "  - remove_host: hv01\n"
	    "  - fail_host: solo\n"
	    "  - remove_host: hv01\n" /* a retry: the first may fail, host-not-empty */
	    "expect:\n"
	    "  hosts: {new-2: {enabled: true}, solo: {enabled: false}}\n",
	    &error);
	const NpEvent *event;
	const NpHost *host;

	if (error != NULL)
		fprintf(stderr, "\n%s\n", error->message);
	NP_CHECK(scenario != NULL);
	CU_ASSERT_EQUAL(scenario->hosts->len, 1);
	event = np_event(scenario, 0);
	CU_ASSERT_EQUAL(event->type, NP_EVENT_ADD_HOST);
	CU_ASSERT_PTR_NULL(event->host);
	NP_CHECK(event->new_hosts != NULL && event->new_hosts->len == 2);
	host = g_ptr_array_index(event->new_hosts, 1);
	NP_CHECK_STR(host->name, "new-2");
	CU_ASSERT_FALSE(host->settings.numa_spanning);
	CU_ASSERT_EQUAL(host->nodes->len, 2);
	NP_CHECK_STR(np_event(scenario, 2)->host, "new-1");
	event = np_event(scenario, 3);
	NP_CHECK(event->new_hosts != NULL && event->new_hosts->len == 1);
	CU_ASSERT_EQUAL(((NpHost *)g_ptr_array_index(event->new_hosts, 0))->nodes->len, 1);

	static const struct {
		const gchar *events;
		const gchar *message;
	} cases[] = {
	    {"  - remove_host: hv01\n  - fail_host: hv01\n",
	     "t.yaml:10:16: host 'hv01' was removed by event 0"},
	    {"  - remove_host: hv01\n  - add_host: {name: hv01, nodes: [{id: 0, cpus: 1, "
	     "memory_mb: 1}]}\n",
	     "t.yaml:10:22: duplicate host name 'hv01' (first defined at 3:5)"},
	    {"  - add_host: {name: r, count: 2, nodes: [{id: 0, cpus: 1, memory_mb: 1}]}\n"
	     "  - boot: {name: x, flavor: small, host: r}\n",
	     "t.yaml:10:42: unknown host 'r'; did you mean 'r-1'?"},
	    {"  - set_spanning: {enabled: true, host: hv9}\n",
	     "t.yaml:9:41: unknown host 'hv9'; did you mean 'hv01'?"},
	    {"  - remove_host: hv01\nexpect: {hosts: {hv01: {}}}\n",
	     "t.yaml:10:18: expect.hosts: host 'hv01' is removed by event 0 and is not there at "
	     "the end"},
	    {"  - recover_host: {host: new}\n  - add_host: {name: new, nodes: [{id: 0, cpus: 1, "
	     "memory_mb: 1}]}\n",
	     "t.yaml:9:26: host 'new' is not added yet: event 1 adds it"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *yaml =
		    g_strconcat("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n",
		                cases[i].events,
		                NULL);
		g_autofree gchar *message = np_load_error(yaml);
		NP_CHECK_STR(message, cases[i].message);
	}
}

static void
test_vm_names(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_load("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n"
	            "  - boot: {name: db, flavor: small, count: 2}\n"
	            "  - boot: {name: db-02, flavor: small}\n"
	            "  - boot: {name: db-3, flavor: small}\n"
	            "  - boot: {name: db-1-1, flavor: small}\n"
	            "  - boot: {name: x-5, flavor: small}\n"
	            "  - boot: {name: x, flavor: small, count: 4}\n"
	            "  - boot: {name: '-1', flavor: small}\n"
	            "  - stop: db-2\n"
	            "  - stop: db-02\n"
	            "  - delete: x-4\n"
	            "expect:\n"
	            "  vms: {db-1: {}, x-5: {}, x-1: {status: active}}\n",
	            &error);

	if (error != NULL)
		fprintf(stderr, "\n%s\n", error->message);
	NP_CHECK(scenario != NULL);
	CU_ASSERT_EQUAL(np_event(scenario, 0)->count, 2);
	NP_CHECK_STR(np_event(scenario, 0)->vm, "db");

	static const struct {
		const gchar *events;
		const gchar *message;
	} cases[] = {
	    {"  - boot: {name: x-5, flavor: small}\n  - boot: {name: x, flavor: small, count: 5}\n",
	     "t.yaml:10:18: duplicate VM name 'x-5' (first booted at event 0)"},
	    {"  - boot: {name: x, flavor: small, count: 5}\n  - boot: {name: x, flavor: small, "
	     "count: 1}\n",
	     "t.yaml:10:18: duplicate VM name 'x-1' (first booted at event 0)"},
	    {"  - boot: {name: x, flavor: small, count: 5}\n  - stop: x-6\n",
	     "t.yaml:10:11: unknown VM 'x-6': no event before this one boots it"},
	    {"  - boot: {name: x, flavor: small, count: 5}\n  - stop: x\n",
	     "t.yaml:10:11: unknown VM 'x': no event before this one boots it"},
	    {"  - demand: {vm: late-3, memory_mb: 5}\n  - boot: {name: late, count: 3, flavor: "
	     "small}\n",
	     "t.yaml:9:18: VM 'late-3' is not booted yet: event 1 boots it"},
	    {"  - boot: {name: a, flavor: big,\n"
	     "           dynamic_memory: {startup_mb: 8192}}\n",
	     "t.yaml:10:28: dynamic_memory needs minimum_mb <= startup_mb <= maximum_mb; got "
	     "minimum_mb 8192 (default), startup_mb 8192, maximum_mb 4096 (the flavor's memory)"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *yaml =
		    g_strconcat("numaplan: 1\n" NP_ONE_HOST NP_FLAVORS "events:\n",
		                cases[i].events,
		                NULL);
		g_autofree gchar *message = np_load_error(yaml);
		NP_CHECK_STR(message, cases[i].message);
	}
}

static void
test_encodings_and_paths(void)
{
	/* UTF-16LE with a BOM, and a UTF-8 BOM with CRLF */
	{
		static const gchar yaml[] = "numaplan: 1\r\nname: \xc3\xa9t\xc3\xa9\r\n";
		g_autoptr(GError) error = NULL;
		gsize written = 0;
		g_autofree gchar *utf16 =
		    g_convert(yaml, -1, "UTF-16LE", "UTF-8", NULL, &written, &error);
		g_autofree gchar *data = g_malloc(written + 2);
		g_autoptr(NpScenario) scenario = NULL;
		g_autoptr(NpScenario) bom = NULL;
		g_autofree gchar *with_bom = g_strconcat("\xef\xbb\xbf", yaml, NULL);
		memcpy(data, "\xff\xfe", 2);
		memcpy(data + 2, utf16, written);
		scenario = np_scenario_load_data(data, written + 2, NULL, &error);
		NP_CHECK(scenario != NULL);
		NP_CHECK_STR(scenario->name, "\xc3\xa9t\xc3\xa9");
		NP_CHECK_STR(scenario->path, "<input>");
		bom = np_scenario_load_data(with_bom, strlen(with_bom), "b.yaml", &error);
		NP_CHECK(bom != NULL);
		NP_CHECK_STR(bom->name, "\xc3\xa9t\xc3\xa9");
	}
	/* columns count characters, as libyaml's marks do */
	{
		g_autofree gchar *message = np_load_error("numaplan: 1\nname: {\"\xc3\xa9\": x}\n");
		NP_CHECK_STR(message, "t.yaml:2:7: name: expected a name, got a mapping");
	}
	{
		g_autofree gchar *message = np_load_error("numaplan: 1\n\xc3\xa9t\xc3\xa9: [1, 2");
		NP_CHECK_STR(message,
		             "t.yaml:3:1: did not find expected ',' or ']' (while parsing a "
		             "flow sequence at 2:6)");
	}
	/* an unreadable file */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(NpScenario) scenario =
		    np_scenario_load_file("/nonexistent/numaplan.yaml", &error);
		NP_CHECK(scenario == NULL);
		CU_ASSERT_TRUE(g_error_matches(error, NP_ERROR, NP_ERROR_IO));
		NP_CHECK_STR(error->message,
		             "/nonexistent/numaplan.yaml: cannot read the file: No "
		             "such file or directory");
	}
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(NpScenario) scenario = np_scenario_load_file(np_test_srcdir(), &error);
		NP_CHECK(scenario == NULL);
		CU_ASSERT_TRUE(g_error_matches(error, NP_ERROR, NP_ERROR_IO));
	}
	/* topology paths: relative to the scenario's directory */
	{
		g_autofree gchar *path = g_build_filename(np_test_srcdir(),
		                                          "data",
		                                          "spec-example",
		                                          "two-socket-cluster.yaml",
		                                          NULL);
		g_autoptr(GError) error = NULL;
		g_autoptr(NpScenario) scenario = np_scenario_load_file(path, &error);
		NP_CHECK(scenario != NULL);
		NP_CHECK_STR(scenario->name, "two-socket-cluster");
		CU_ASSERT_EQUAL(scenario->hosts->len, 42);
		CU_ASSERT_EQUAL(scenario->flavors->len, 2);
		CU_ASSERT_EQUAL(scenario->images->len, 1);
		CU_ASSERT_EQUAL(scenario->events->len, 14);
		NP_CHECK_STR(np_host(scenario, 41)->name, "hv03");
		CU_ASSERT_EQUAL(np_host(scenario, 41)->nodes->len, 2);
		CU_ASSERT_EQUAL(np_event(scenario, 1)->count, 3);
		CU_ASSERT_EQUAL(np_event(scenario, 2)->dynamic_memory.buffer_percent, 20);
		NP_CHECK_STR(np_event(scenario, 9)->host, "rack2-3");
	}
	/* an absolute topology path */
	{
		g_autofree gchar *json =
		    g_build_filename(np_test_srcdir(), "data", "topo-single.json", NULL);
		g_autofree gchar *yaml =
		    g_strdup_printf("numaplan: 1\nhosts:\n  - {name: a, topology_file: '%s'}\n",
		                    json);
		g_autoptr(GError) error = NULL;
		g_autoptr(NpScenario) scenario =
		    np_scenario_load_data(yaml, strlen(yaml), "elsewhere/x.yaml", &error);
		NP_CHECK(scenario != NULL);
		CU_ASSERT_EQUAL(np_node(np_host(scenario, 0), 0)->memory_mb, 32768);
	}
}

/* every tests/bad file fails in-process with the message of its .err:
 * under the valgrind setup this checks the error paths for leaks */
static void
test_bad_files(void)
{
	g_autofree gchar *bad_dir = g_build_filename(np_test_srcdir(), "bad", NULL);
	g_autofree gchar *cwd = g_get_current_dir();
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *entry;

	dir = g_dir_open(bad_dir, 0, &error);
	NP_CHECK(dir != NULL);
	while ((entry = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_suffix(entry, ".yaml"))
			g_ptr_array_add(names, g_strdup(entry));
	}
	NP_CHECK(names->len >= 30);
	NP_CHECK(g_chdir(bad_dir) == 0);
	for (guint i = 0; i < names->len; i++) {
		const gchar *name = g_ptr_array_index(names, i);
		g_autofree gchar *base = g_strndup(name, strlen(name) - strlen(".yaml"));
		g_autofree gchar *err_file = g_strconcat(base, ".err", NULL);
		g_autofree gchar *expected = NULL;
		g_autofree gchar *actual = NULL;
		g_autoptr(GError) load_error = NULL;
		g_autoptr(NpScenario) scenario = np_scenario_load_file(name, &load_error);

		if (!g_file_get_contents(err_file, &expected, NULL, NULL)) {
			fprintf(stderr, "\n  %s: no .err file\n", name);
			CU_FAIL("missing .err");
			continue;
		}
		expected[strcspn(expected, "\n")] = '\0';
		if (scenario != NULL || load_error == NULL) {
			fprintf(stderr, "\n  %s: loaded\n", name);
			CU_FAIL("a bad file loaded");
			continue;
		}
		actual = g_strdup(load_error->message);
		actual[strcspn(actual, "\n")] = '\0';
		if (g_strcmp0(actual, expected) != 0) {
			fprintf(stderr,
			        "\n  %s:\n    got      %s\n    expected %s\n",
			        name,
			        actual,
			        expected);
			CU_FAIL("message differs");
		}
		CU_ASSERT_FALSE(g_error_matches(load_error, NP_ERROR, NP_ERROR_IO));
	}
	CU_ASSERT_EQUAL(g_chdir(cwd), 0);
}

int
main(void)
{
	CU_pSuite suite;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return EXIT_FAILURE;
	suite = CU_add_suite("scenario", NULL, NULL);
	CU_add_test(suite, "defaults", test_defaults);
	CU_add_test(suite, "settings", test_settings);
	CU_add_test(suite, "enums", test_enums);
	CU_add_test(suite, "host_overrides_and_count", test_host_overrides_and_count);
	CU_add_test(suite, "topology_files", test_topology_files);
	CU_add_test(suite, "topology_json", test_topology_json);
	CU_add_test(suite, "topology_json_errors", test_topology_json_errors);
	CU_add_test(suite, "json_positions", test_json_positions);
	CU_add_test(suite, "aliases", test_aliases);
	CU_add_test(suite, "limits", test_limits);
	CU_add_test(suite, "expect_typing", test_expect_typing);
	CU_add_test(suite, "event_shapes", test_event_shapes);
	CU_add_test(suite, "extra_specs_are_data", test_extra_specs_are_data);
	CU_add_test(suite, "host_tracking", test_host_tracking);
	CU_add_test(suite, "vm_names", test_vm_names);
	CU_add_test(suite, "encodings_and_paths", test_encodings_and_paths);
	CU_add_test(suite, "bad_files", test_bad_files);
	return np_test_run();
}
