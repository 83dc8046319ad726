/* Imports from files and Nova's numa_topology (scenario.md §3, §5, §7):
 * the numaplan program run as a user would, and what it wrote read back.
 *
 * test-import CASE — one case (meson registers each); --count N checks
 * that meson registers them all. Environment: NP_NUMAPLAN (the program),
 * NP_SOURCE_ROOT, NP_TEST_SRCDIR. NP_TEST_REGENERATE=1 rewrites the
 * golden scenario files under tests/golden/import/ for review.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "np-error.h"
#include "np-import.h"
#include "np-json.h"
#include "np-nova-topology.h"
#include "np-numaplan-run.h"
#include "np-scenario-load.h"
#include "np-scenario-write.h"
#include "np-test.h"

/* ------------------------------------------------------------ helpers */

static gboolean
np_numaplan(NpRun *run, const gchar *const *args)
{
	return np_numaplan_run(run, NULL, args);
}

/* refused with exit 2: one line on stderr that starts with @prefix and
 * holds @needle, nothing on stdout */
static gboolean
np_refused(const NpRun *run, const gchar *prefix, const gchar *needle)
{
	const gchar *newline = strchr(run->err, '\n');

	if (!np_ran(run, 2))
		return FALSE;
	if (!g_str_has_prefix(run->err, prefix) || strstr(run->err, needle) == NULL
	    || newline == NULL || newline[1] != '\0' || run->out[0] != '\0') {
		fprintf(
		    stderr,
		    "\n  expected one line starting '%s' with '%s'; got stdout '%s', stderr '%s'\n",
		    prefix,
		    needle,
		    run->out,
		    run->err);
		return FALSE;
	}
	return TRUE;
}

static gchar *
np_root_path(const gchar *relative)
{
	const gchar *root = g_getenv("NP_SOURCE_ROOT");
	return g_build_filename(root != NULL ? root : "..", relative, NULL);
}

static gchar *
np_data_path(const gchar *name)
{
	return g_build_filename(np_test_srcdir(), "data", "import", name, NULL);
}

static gchar *
np_golden_path(const gchar *name)
{
	return g_build_filename(np_test_srcdir(), "golden", "import", name, NULL);
}

/* a fresh directory for files a case writes; removed with its files */
typedef struct {
	gchar *path;
} NpTmp;

static void
np_tmp_clear(NpTmp *tmp)
{
	g_autoptr(GDir) dir = NULL;
	const gchar *name;

	if (tmp->path == NULL)
		return;
	dir = g_dir_open(tmp->path, 0, NULL);
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(tmp->path, name, NULL);
		g_unlink(child);
	}
	g_rmdir(tmp->path);
	g_free(tmp->path);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpTmp, np_tmp_clear)

static gboolean
np_tmp_init(NpTmp *tmp)
{
	tmp->path = g_dir_make_tmp("np-test-import-XXXXXX", NULL);
	return tmp->path != NULL;
}

static gchar *
np_tmp_file(const NpTmp *tmp, const gchar *name)
{
	return g_build_filename(tmp->path, name, NULL);
}

static guint
np_tmp_count(const NpTmp *tmp)
{
	g_autoptr(GDir) dir = g_dir_open(tmp->path, 0, NULL);
	guint n = 0;
	while (dir != NULL && g_dir_read_name(dir) != NULL)
		n++;
	return n;
}

/* ----------------------------------------------- PowerShell captures */

/* every shape PowerShell writes gives the same scenario */
static void
test_ps_shapes(void)
{
	static const struct {
		const gchar *file;
		const gchar *golden;
	} shapes[] = {
	    {"ps51-two-node-utf16le.json", "two-node.yaml"}, /* `> file` in 5.1 */
	    {"ps51-two-node-utf16be.json", "two-node.yaml"},
	    {"ps51-two-node-utf8-bom.json", "two-node.yaml"}, /* Out-File -Encoding utf8 */
	    {"ps7-two-node-crlf.json", "two-node.yaml"},
	    {"ps7-two-node-lf.json", "two-node.yaml"},
	    {"ps51-one-node-object.json", "one-node.yaml"}, /* 5.1: a bare object */
	    {"ps7-one-node-asarray.json", "one-node.yaml"}, /* 7: -AsArray */
	};
	g_auto(NpTmp) tmp = {0};

	NP_CHECK(np_tmp_init(&tmp));
	for (guint i = 0; i < G_N_ELEMENTS(shapes); i++) {
		g_autofree gchar *input = np_data_path(shapes[i].file);
		g_autofree gchar *golden = np_golden_path(shapes[i].golden);
		g_autofree gchar *output = np_tmp_file(&tmp, "imported.yaml");
		g_autofree gchar *written = NULL;
		g_auto(NpRun) run = {0};
		g_auto(NpRun) again = {0};

		NP_CHECK(np_numaplan(&run, ARGV("import", "--from-json", input)));
		NP_CHECK(np_ran(&run, 0));
		NP_CHECK(run.err[0] == '\0');
		NP_CHECK(np_same_as_golden(run.out, golden));
		NP_CHECK(np_round_trips(run.out, NP_IMPORT_HEADER, shapes[i].file));
		/* --output: the same bytes, and a line saying so */
		NP_CHECK(
		    np_numaplan(&again, ARGV("import", "--from-json", input, "--output", output)));
		NP_CHECK(np_ran(&again, 0));
		NP_CHECK(g_file_get_contents(output, &written, NULL, NULL));
		NP_CHECK_STR(written, run.out);
		NP_CHECK(strstr(again.out, "NUMA node") != NULL);
		NP_CHECK(np_runs(output));
	}
}

static void
test_ps_name(void)
{
	g_autofree gchar *input = np_data_path("ps7-two-node-lf.json");
	g_autofree gchar *nameless = np_data_path("no-computer-name.json");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(NpRun) run = {0};
	g_auto(NpRun) refused = {0};
	g_auto(NpRun) named = {0};

	/* --name renames the host; hyperv.name keeps what the capture says */
	NP_CHECK(np_numaplan(&run, ARGV("import", "--from-json", input, "--name", "rack1: hv#2")));
	NP_CHECK(np_ran(&run, 0));
	scenario = np_scenario_load_data(run.out, strlen(run.out), "named", &error);
	NP_CHECK(scenario != NULL);
	NP_CHECK_STR(np_host_get_name(np_scenario_get_host(scenario, 0)), "rack1: hv#2");
	NP_CHECK_STR(np_scenario_get_name(scenario), "rack1: hv#2");
	NP_CHECK(strstr(np_scenario_get_host(scenario, 0)->hyperv_json, "\"name\":\"HV-LAB02\"")
	         != NULL);
	NP_CHECK(np_round_trips(run.out, NP_IMPORT_HEADER, "named"));

	/* no ComputerName: --name is needed */
	NP_CHECK(np_numaplan(&refused, ARGV("import", "--from-json", nameless)));
	NP_CHECK(np_refused(&refused, "numaplan import: ", "no ComputerName"));
	NP_CHECK(strstr(refused.err, nameless) != NULL);
	NP_CHECK(np_numaplan(&named, ARGV("import", "--from-json", nameless, "--name", "hv9")));
	NP_CHECK(np_ran(&named, 0));
	NP_CHECK(strstr(named.out, "name: \"hv9\"") != NULL);
	NP_CHECK(np_round_trips(named.out, NP_IMPORT_HEADER, "nameless"));
}

/* malformed captures: exit 2 naming the file (at the fault), nothing written */
static void
test_ps_malformed(void)
{
	static const struct {
		const gchar *file;
		const gchar *where;
		const gchar *needle;
	} cases[] = {
	    {"bad/truncated.json", ":25:4: ", "invalid JSON"},
	    {"bad/empty-file.json", ":1:1: ", "unexpected end of JSON"},
	    {"bad/empty-array.json", ":1:1: ", "no NUMA nodes"},
	    {"bad/not-a-node.json", ":1:1: ", "expected an array of Get-VMHostNumaNode"},
	    {"bad/missing-total.json", ":26:3: ", "no 'MemoryTotal'"},
	    {"bad/available-over-total.json", ":22:24: ", "is more than MemoryTotal"},
	    {"bad/duplicate-node.json", ":27:15: ", "duplicate NodeId 0 (first at 3:15)"},
	    {"bad/total-as-string.json", ":23:20: ", "expected an integer, got a string"},
	    /* UTF-16 needs its byte-order mark (PowerShell always writes one) */
	    {"bad/utf16-without-bom.json", ":1:2: ", "a NUL character is not allowed"},
	    {"bad/no-such-file.json", ": ", "cannot read the file"},
	};
	g_auto(NpTmp) tmp = {0};

	NP_CHECK(np_tmp_init(&tmp));
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *input = np_data_path(cases[i].file);
		g_autofree gchar *output = np_tmp_file(&tmp, "out.yaml");
		g_autofree gchar *prefix = g_strconcat(input, cases[i].where, NULL);
		g_auto(NpRun) run = {0};

		NP_CHECK(np_numaplan(&run, ARGV("import", "--from-json", input, "-o", output)));
		if (g_str_has_prefix(cases[i].file, "bad/no-such"))
			NP_CHECK(np_refused(&run, "numaplan import: ", cases[i].needle)
			         && strstr(run.err, input) != NULL);
		else
			NP_CHECK(np_refused(&run, prefix, cases[i].needle));
		NP_CHECK(np_tmp_count(&tmp) == 0); /* nothing written, no temporary left */
	}
}

/* the scenario files in tests/golden/import: load → write gives them back;
 * check and run take them */
static void
test_goldens_round_trip(void)
{
	g_autofree gchar *dir_path = g_build_filename(np_test_srcdir(), "golden", "import", NULL);
	g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
	const gchar *name;
	guint n = 0;

	NP_CHECK(dir != NULL);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename(dir_path, name, NULL);
		g_autofree gchar *text = NULL;
		if (!g_str_has_suffix(name, ".yaml"))
			continue;
		NP_CHECK(g_file_get_contents(path, &text, NULL, NULL));
		NP_CHECK(np_round_trips(text, NP_IMPORT_HEADER, path));
		NP_CHECK(np_runs(path));
		n++;
	}
	NP_CHECK(n >= 3);
}

/* the writer on what imports cannot produce but users may write: odd
 * names, settings, images, count, a hyperv: map of every JSON kind */
static void
test_writer_odd_values(void)
{
	static const gchar *const names[] = {
	    "db's \"main\"",
	    "a: b #c",
	    "- x",
	    "true",
	    "~",
	    "null",
	    "1.5",
	    "0x10",
	    "{a: b}",
	    "[1]",
	    "é ü 中文 🙂",
	    "tab\there",
	    "new\nline",
	    "crlf\r\n",
	    "sep\xe2\x80\xa8l",
	    "nel\xc2\x85x",
	    "bom\xef\xbb\xbfx",
	    "back\\slash",
	    " lead",
	    "trail ",
	    "*alias",
	    "&anchor",
	    "!tag",
	    "%percent",
	    "@at",
	    "`tick",
	    "|pipe",
	    ">fold",
	    "?q",
	    "x-1",
	};
	const gchar *yaml =
	    "numaplan: 1\n"
	    "name: odd\n"
	    "settings: {weigher: pack, cpu_allocation_ratio: 4.0, seed: 7}\n"
	    "hosts:\n"
	    "  - {name: 'h: 1', numa_spanning: false, ram_allocation_ratio: 1.5,\n"
	    "     nodes: [{id: 0, cpus: [0, 2, 4], memory_mb: 4096, reserved_mb: 0}],\n"
	    "     hyperv: {a: [1, 2.50, -3, 1e3, true, null, 'x', [], {}], 'key with: colon': {n: "
	    "{m: []}},\n"
	    "              '<<': 1, 'y': 'n', '': 0, 7: yes}}\n"
	    "flavors:\n"
	    "  'f #1': {vcpus: 1, memory_mb: 512, extra_specs: {'hw:numa_nodes': '1', x: 2}}\n"
	    "images:\n"
	    "  img: {properties: {hw_numa_nodes: 1}}\n"
	    "  bare: {}\n"
	    "events:\n"
	    "  - boot: {name: c, flavor: 'f #1', count: 2, image: img,\n"
	    "           dynamic_memory: {maximum_mb: 1024}}\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_scenario_load_data(yaml, strlen(yaml), "odd", &error);
	g_autoptr(NpScenario) named = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *named_text = NULL;

	if (scenario == NULL)
		fprintf(stderr, "\n  %s\n", error->message);
	NP_CHECK(scenario != NULL);
	text = np_scenario_write_yaml(scenario, NP_IMPORT_HEADER, &error);
	NP_CHECK(text != NULL);
	NP_CHECK(np_round_trips(text, NP_IMPORT_HEADER, "odd"));
	NP_CHECK(strstr(text, "ram_allocation_ratio: 1.5") != NULL);
	NP_CHECK(strstr(text, "weigher: pack") != NULL);

	/* every name a host, a flavor and a VM, read back as written */
	named = np_scenario_new("names");
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		NpHost *host = np_host_new(names[i]);
		g_autoptr(cJSON) record = cJSON_CreateObject();
		NpEvent *boot = np_event_new_boot(names[i], names[i]);
		np_host_add_node(host, 0, 1, 1024, 0);
		cJSON_AddStringToObject(record, "name", names[i]);
		cJSON_AddStringToObject(record, names[i], names[i]);
		host->hyperv_json = np_json_print_line(record);
		np_scenario_add_host(named, host);
		np_scenario_add_flavor(named, np_flavor_new(names[i], 1, 64));
		np_event_set_host(boot, names[i]);
		boot->hyperv_json = np_json_print_line(record);
		np_scenario_add_event(named, boot);
	}
	named_text = np_scenario_write_yaml(named, NULL, &error);
	NP_CHECK(named_text != NULL);
	NP_CHECK(np_round_trips(named_text, NULL, "names"));
	{
		g_autoptr(NpScenario) back =
		    np_scenario_load_data(named_text, strlen(named_text), "names", &error);
		g_autofree gchar *again = NULL;
		if (back == NULL)
			fprintf(stderr, "\n  %s\n%s", error->message, named_text);
		NP_CHECK(back != NULL);
		for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
			const NpHost *host = np_scenario_get_host(back, i);
			const NpEvent *event = np_scenario_get_event(back, i);
			g_autoptr(cJSON) record = NULL;
			NP_CHECK_STR(np_host_get_name(host), names[i]);
			NP_CHECK_STR(np_event_get_vm(event), names[i]);
			NP_CHECK_STR(np_event_get_flavor(event), names[i]);
			NP_CHECK_STR(np_event_get_host(event), names[i]);
			record = cJSON_Parse(host->hyperv_json);
			NP_CHECK(record != NULL);
			NP_CHECK_STR(cJSON_GetObjectItemCaseSensitive(record, "name")->valuestring,
			             names[i]);
			NP_CHECK_STR(
			    cJSON_GetObjectItemCaseSensitive(record, names[i])->valuestring,
			    names[i]);
		}
		again = np_scenario_write_yaml(back, NULL, &error);
		NP_CHECK_STR(again, named_text);
	}
}

static void
test_writer_refuses(void)
{
	const gchar *yaml = "numaplan: 1\n"
	                    "hosts: [{name: h, nodes: [{id: 0, cpus: 1, memory_mb: 64}]}]\n"
	                    "flavors: {f: {vcpus: 1, memory_mb: 64}}\n"
	                    "events: [{boot: {name: a, flavor: f}}, {stop: a}]\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_scenario_load_data(yaml, strlen(yaml), "s", &error);
	g_autofree gchar *text = NULL;

	NP_CHECK(scenario != NULL);
	text = np_scenario_write_yaml(scenario, NULL, &error);
	NP_CHECK(text == NULL);
	NP_CHECK(g_error_matches(error, NP_ERROR, NP_ERROR_UNSUPPORTED));
	NP_CHECK(strstr(error->message, "event 1") != NULL);
}

/* ------------------------------------------------------------- options */

static void
test_import_options(void)
{
	g_autofree gchar *input = np_data_path("ps7-two-node-lf.json");
	static const struct {
		const gchar *args[6];
		const gchar *needle;
	} cases[] = {
	    {{NULL}, "give one source"},
	    {{"--from-json", "x.json", "--from-nova", "y.json"}, "one source only"},
	    {{"--from-nova", "y.json"}, "--from-nova needs --name"},
	    {{"--from-json", "IN", "--insecure"}, "--insecure applies to --wsman only"},
	    {{"--from-json", "IN", "--user", "u"}, "--user applies to --wsman only"},
	    {{"--from-json", "IN", "--password-file", "p"}, "--password-file applies"},
	    {{"--wsman", "https://h:5986/wsman", "--auth", "ntlm"}, "unknown --auth 'ntlm'"},
	    {{"--from-json", "IN", "--name", ""}, "must not be empty"},
	    {{"--from-json", "IN", "extra"}, "unexpected argument 'extra'"},
	    {{"--password", "secret"}, "Unknown option --password"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const gchar *args[8] = {"import"};
		g_auto(NpRun) run = {0};
		for (guint a = 0; cases[i].args[a] != NULL; a++)
			args[a + 1] =
			    g_strcmp0(cases[i].args[a], "IN") == 0 ? input : cases[i].args[a];
		NP_CHECK(np_numaplan(&run, args));
		NP_CHECK(np_refused(&run, "numaplan import: ", cases[i].needle));
	}
	{
		g_auto(NpRun) help = {0};
		NP_CHECK(np_numaplan(&help, ARGV("import", "--help")));
		NP_CHECK(np_ran(&help, 0));
		NP_CHECK(strstr(help.out, "--from-json") != NULL
		         && strstr(help.out, "Exit status") != NULL);
	}
}

/* an output that cannot be written: exit 3, nothing left behind */
static void
test_import_output_unwritable(void)
{
	g_autofree gchar *input = np_data_path("ps7-two-node-lf.json");
	g_auto(NpRun) run = {0};

	NP_CHECK(
	    np_numaplan(&run,
	                ARGV("import", "--from-json", input, "-o", "/nonexistent-dir/x.yaml")));
	NP_CHECK(np_ran(&run, 3));
	NP_CHECK(strstr(run.err, "/nonexistent-dir/x.yaml") != NULL);
}

/* --------------------------------------------------------------- Nova */

static gchar *
np_export(const gchar *scenario, const gchar *host, gint *status)
{
	g_auto(NpRun) run = {0};
	if (!np_numaplan(&run,
	                 host != NULL
	                     ? ARGV("topology", scenario, "--host", host, "--format", "nova")
	                     : ARGV("topology", scenario, "--format", "nova")))
		return NULL;
	*status = run.status;
	if (run.status != 0)
		fprintf(stderr, "\n  topology %s: %s", scenario, run.err);
	return g_steal_pointer(&run.out);
}

/* export → import → export gives the same document, for hosts with
 * reserved memory, VMs (vNUMA, dynamic memory, spanned), one node and four */
static void
test_nova_round_trip(void)
{
	static const struct {
		const gchar *scenario;
		const gchar *host;
	} cases[] = {
	    {"scenarios/examples/topology-import.yaml", NULL},
	    {"scenarios/examples/quickstart.yaml", "hv01"},
	    {"scenarios/examples/quickstart.yaml", "hv04"},
	    {"scenarios/examples/dynamic-memory.yaml", NULL},
	    {"scenarios/examples/spanning-off.yaml", "hv02"},
	    {"scenarios/regression/span-one-node-host.yaml", "hv02"},
	    {"scenarios/regression/event-add-host.yaml", "rack-2"},
	    {"tests/golden/import/two-node.yaml", NULL},
	};
	g_auto(NpTmp) tmp = {0};

	NP_CHECK(np_tmp_init(&tmp));
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *scenario = np_root_path(cases[i].scenario);
		g_autofree gchar *doc_path = np_tmp_file(&tmp, "numa_topology.json");
		g_autofree gchar *imported = np_tmp_file(&tmp, "imported.yaml");
		g_autofree gchar *first = NULL;
		g_autofree gchar *second = NULL;
		g_auto(NpRun) import = {0};
		gint status = -1;

		first = np_export(scenario, cases[i].host, &status);
		NP_CHECK(first != NULL && status == 0);
		/* one line and a newline */
		NP_CHECK(strchr(first, '\n') == first + strlen(first) - 1);
		NP_CHECK(g_file_set_contents(doc_path, first, -1, NULL));
		NP_CHECK(np_numaplan(&import,
		                     ARGV("import",
		                          "--from-nova",
		                          doc_path,
		                          "--name",
		                          cases[i].host != NULL ? cases[i].host : "h",
		                          "-o",
		                          imported)));
		NP_CHECK(np_ran(&import, 0));
		NP_CHECK(np_runs(imported));
		second = np_export(imported, NULL, &status);
		NP_CHECK(second != NULL && status == 0);
		NP_CHECK_STR(second, first);
	}
}

/* the nodes numaplan reads from @document equal what Nova read (@nova) */
static gboolean
np_reads_like_nova(const gchar *document, const cJSON *nova, const gchar *id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) nodes = np_nova_topology_parse(document, strlen(document), id, &error);
	const cJSON *cells = cJSON_GetObjectItemCaseSensitive(nova, "cells");
	const cJSON *cell;
	guint i = 0;

	if (nodes == NULL) {
		fprintf(stderr, "\n  %s: %s\n", id, error->message);
		return FALSE;
	}
	if (nodes->len != (guint)cJSON_GetArraySize(cells)) {
		fprintf(stderr,
		        "\n  %s: %u cells, Nova read %d\n",
		        id,
		        nodes->len,
		        cJSON_GetArraySize(cells));
		return FALSE;
	}
	cJSON_ArrayForEach (cell, cells) {
		const NpNodeSpec *node = &g_array_index(nodes, NpNodeSpec, i++);
		const cJSON *usage = cJSON_GetObjectItemCaseSensitive(cell, "memory_usage");
		const cJSON *pcpus = cJSON_GetObjectItemCaseSensitive(cell, "pcpuset");
		g_autoptr(GHashTable) cpus = g_hash_table_new(g_direct_hash, g_direct_equal);
		const cJSON *cpu;
		gint64 memory =
		    (gint64)cJSON_GetObjectItemCaseSensitive(cell, "memory")->valuedouble;

		cJSON_ArrayForEach (cpu, cJSON_GetObjectItemCaseSensitive(cell, "cpuset"))
			g_hash_table_add(cpus, GINT_TO_POINTER(cpu->valueint));
		if (cJSON_IsArray(pcpus))
			cJSON_ArrayForEach (cpu, pcpus)
				g_hash_table_add(cpus, GINT_TO_POINTER(cpu->valueint));
		if (node->id != (gint64)cJSON_GetObjectItemCaseSensitive(cell, "id")->valuedouble
		    || node->memory_mb != memory
		    || node->reserved_mb
		           != memory - (cJSON_IsNumber(usage) ? (gint64)usage->valuedouble : 0)
		    || node->cpus != (gint64)g_hash_table_size(cpus)) {
			fprintf(stderr,
			        "\n  %s: cell %u read as id %" G_GINT64_FORMAT
			        ", cpus %" G_GINT64_FORMAT ", memory %" G_GINT64_FORMAT
			        ", reserved %" G_GINT64_FORMAT ", not as Nova did\n",
			        id,
			        i - 1,
			        node->id,
			        node->cpus,
			        node->memory_mb,
			        node->reserved_mb);
			return FALSE;
		}
	}
	return TRUE;
}

static GPtrArray *
np_vectors(const gchar *name)
{
	g_autofree gchar *path = g_build_filename(np_test_srcdir(), "nova", name, NULL);
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)cJSON_Delete);

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return out;
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		if (lines[i][0] != '\0')
			g_ptr_array_add(out, cJSON_Parse(lines[i]));
	}
	return out;
}

static const gchar *
np_str(const cJSON *object, const gchar *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* numaplan's export of each recorded host is still the document Nova's
 * code was given, Nova's driver reports the same, and numaplan reads it
 * back as Nova does */
static void
test_nova_exported(void)
{
	g_autoptr(GPtrArray) vectors = np_vectors("topology-exported.nova.jsonl");

	NP_CHECK(vectors->len >= 10);
	for (guint i = 0; i < vectors->len; i++) {
		const cJSON *v = g_ptr_array_index(vectors, i);
		g_autofree gchar *scenario = NULL;
		g_autofree gchar *document = NULL;
		g_autofree gchar *expected = NULL;
		gint status = -1;

		NP_CHECK(v != NULL && np_str(v, "scenario") != NULL);
		scenario = np_root_path(np_str(v, "scenario"));
		document = np_export(scenario, np_str(v, "host"), &status);
		NP_CHECK(document != NULL && status == 0);
		expected = g_strconcat(np_str(v, "document"), "\n", NULL);
		NP_CHECK_STR(document, expected);
		NP_CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "driver")));
		NP_CHECK(np_reads_like_nova(document,
		                            cJSON_GetObjectItemCaseSensitive(v, "nova"),
		                            np_str(v, "id")));
	}
}

/* documents Nova wrote (and variants): imported as Nova reads them, or
 * refused (exit 2, naming the file) where Nova refuses or §7 does */
static void
test_nova_made(void)
{
	g_autoptr(GPtrArray) vectors = np_vectors("topology-nova-made.nova.jsonl");
	g_auto(NpTmp) tmp = {0};
	guint refused = 0, read = 0;

	NP_CHECK(np_tmp_init(&tmp));
	NP_CHECK(vectors->len >= 20);
	for (guint i = 0; i < vectors->len; i++) {
		const cJSON *v = g_ptr_array_index(vectors, i);
		g_autofree gchar *path = np_tmp_file(&tmp, "numa_topology.json");
		g_autofree gchar *output = np_tmp_file(&tmp, "out.yaml");
		const gchar *needle = np_str(v, "numaplan_refuses");
		g_auto(NpRun) run = {0};

		NP_CHECK(v != NULL);
		NP_CHECK(g_file_set_contents(path, np_str(v, "document"), -1, NULL));
		NP_CHECK(
		    np_numaplan(&run,
		                ARGV("import", "--from-nova", path, "--name", "n", "-o", output)));
		if (needle != NULL || cJSON_GetObjectItemCaseSensitive(v, "nova_error") != NULL) {
			g_autofree gchar *prefix = g_strconcat(path, ":", NULL);
			if (!np_refused(&run, prefix, needle != NULL ? needle : ""))
				fprintf(stderr, "  (vector %s)\n", np_str(v, "id"));
			NP_CHECK(run.status == 2);
			NP_CHECK(!g_file_test(output, G_FILE_TEST_EXISTS));
			refused++;
		} else {
			NP_CHECK(np_ran(&run, 0));
			NP_CHECK(np_runs(output));
			NP_CHECK(np_reads_like_nova(np_str(v, "document"),
			                            cJSON_GetObjectItemCaseSensitive(v, "nova"),
			                            np_str(v, "id")));
			g_unlink(output);
			read++;
		}
		g_unlink(path);
	}
	NP_CHECK(refused >= 10 && read >= 5);
}

/* what neither Nova nor §7 takes, beyond the recorded vectors */
static void
test_nova_malformed(void)
{
	static const struct {
		const gchar *document;
		const gchar *where;
		const gchar *needle;
	} cases[] = {
	    {"[]", ":1:1: ", "expected a nova NUMATopology object"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\"}",
	     ":1:1: ",
	     "has no nova_object.version"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.x\", \"nova_object.data\": {}}",
	     ":1:94: ",
	     "version '1.x' is not MAJOR.MINOR"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": 1.2, \"nova_object.data\": {}}",
	     ":1:94: ",
	     "nova_object.version must be a string"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.2\", \"nova_object.data\": []}",
	     ":1:121: ",
	     "nova_object.data must be an object"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.2\", \"nova_object.data\": {\"cells\": [3]}}",
	     ":1:132: ",
	     "expected a nova NUMACell object"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.2\", \"nova_object.data\": {\"cells\": [{"
	     "\"nova_object.name\": \"NUMACell\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.5\", \"nova_object.data\": {\"id\": -1, "
	     "\"memory\": 1, \"cpuset\": [0]}}]}}",
	     ":1:255: ",
	     "id: -1 is out of range"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.2\", \"nova_object.data\": {\"cells\": [{"
	     "\"nova_object.name\": \"NUMACell\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.5\", \"nova_object.data\": {\"id\": 0, "
	     "\"memory\": 1, \"cpuset\": [0, -2]}}]}}",
	     ":1:285: ",
	     "a CPU id must be an integer >= 0"},
	    {"{\"nova_object.name\": \"NUMATopology\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.2\", \"nova_object.data\": {\"cells\": [{"
	     "\"nova_object.name\": \"NUMACell\", \"nova_object.namespace\": \"nova\", "
	     "\"nova_object.version\": \"1.5\", \"nova_object.data\": {\"id\": 0, "
	     "\"memory\": 0, \"cpuset\": [0]}}]}}",
	     ":1:268: ",
	     "memory: 0 is out of range"},
	    {"not json", ":1:1: ", "invalid JSON"},
	};
	g_auto(NpTmp) tmp = {0};

	NP_CHECK(np_tmp_init(&tmp));
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *path = np_tmp_file(&tmp, "doc.json");
		g_autofree gchar *prefix = g_strconcat(path, cases[i].where, NULL);
		g_auto(NpRun) run = {0};

		NP_CHECK(g_file_set_contents(path, cases[i].document, -1, NULL));
		NP_CHECK(np_numaplan(&run, ARGV("import", "--from-nova", path, "--name", "n")));
		NP_CHECK(np_refused(&run, prefix, cases[i].needle));
		g_unlink(path);
	}
}

/* --------------------------------------------------------- topology */

static void
test_topology_cli(void)
{
	g_autofree gchar *quickstart = np_root_path("scenarios/examples/quickstart.yaml");
	g_autofree gchar *one = np_root_path("scenarios/examples/topology-import.yaml");
	g_auto(NpRun) several = {0};
	g_auto(NpRun) unknown = {0};
	g_auto(NpRun) format = {0};
	g_auto(NpRun) text = {0};
	g_auto(NpRun) missing = {0};
	g_auto(NpRun) twice = {0};
	g_auto(NpRun) help = {0};

	NP_CHECK(np_numaplan(&several, ARGV("topology", quickstart, "--format", "nova")));
	NP_CHECK(np_refused(&several, "numaplan topology: ", "name one with --host (hv01, hv02"));
	NP_CHECK(np_numaplan(&unknown, ARGV("topology", quickstart, "--host", "hv99")));
	NP_CHECK(np_refused(&unknown, "numaplan topology: ", "no host 'hv99'"));
	NP_CHECK(np_numaplan(&format, ARGV("topology", one, "--format", "xml")));
	NP_CHECK(np_refused(&format, "numaplan topology: ", "unknown --format 'xml'"));
	NP_CHECK(np_numaplan(&missing, ARGV("topology", "no-such.yaml")));
	NP_CHECK(np_refused(&missing, "numaplan topology: no-such.yaml", "cannot read"));
	NP_CHECK(np_numaplan(&text, ARGV("topology", one)));
	NP_CHECK(np_ran(&text, 0));
	NP_CHECK(strstr(text.out, "hv-imported: 2 NUMA nodes, 24 logical processors") != NULL);
	NP_CHECK(strstr(text.out, "memory_usage = free_mb") != NULL);
	/* the same bytes every time */
	NP_CHECK(np_numaplan(&twice, ARGV("topology", one)));
	NP_CHECK_STR(twice.out, text.out);
	NP_CHECK(np_numaplan(&help, ARGV("topology", "--help")));
	NP_CHECK(np_ran(&help, 0) && strstr(help.out, "--format") != NULL);
	{
		g_auto(NpTmp) tmp = {0};
		g_autofree gchar *huge = NULL;
		g_auto(NpRun) unwritable = {0};
		g_auto(NpRun) too_many = {0};
		g_auto(NpRun) as_text = {0};

		NP_CHECK(np_tmp_init(&tmp));
		NP_CHECK(np_numaplan(&unwritable,
		                     ARGV("topology", one, "-o", "/nonexistent-dir/t.json")));
		NP_CHECK(np_ran(&unwritable, 3));
		/* Nova's cpuset names every LP: a node of more than 65 536 is refused */
		huge = np_tmp_file(&tmp, "huge.yaml");
		NP_CHECK(g_file_set_contents(huge,
		                             "numaplan: 1\nhosts:\n  - {name: big, nodes: [{id: 0, "
		                             "cpus: 65537, memory_mb: 1024}]}\n",
		                             -1,
		                             NULL));
		NP_CHECK(np_numaplan(&too_many, ARGV("topology", huge, "--format", "nova")));
		NP_CHECK(np_refused(&too_many, "numaplan topology: ", "65537 logical processors"));
		NP_CHECK(np_numaplan(&as_text, ARGV("topology", huge)));
		NP_CHECK(np_ran(&as_text, 0));
	}
}

/* README's "Importing a Hyper-V host" runs as written (but for the live
 * host): its sh blocks in a fresh directory, with this build's numaplan */
static void
test_readme(void)
{
	g_autofree gchar *readme_path = np_root_path("README.md");
	g_autofree gchar *capture = np_root_path("scenarios/examples/hv-numa.json");
	g_autofree gchar *readme = NULL;
	g_autoptr(GString) script = g_string_new("set -e\n");
	g_autoptr(GError) error = NULL;
	g_auto(NpTmp) tmp = {0};
	g_auto(GStrv) blocks = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *numaplan = g_strdup(g_getenv("NP_NUMAPLAN"));
	g_autofree gchar *text = NULL;
	const gchar *section, *end;
	const gchar *argv[] = {"/bin/sh", "-c", NULL, NULL};
	gint wait_status = 0;
	guint commands = 0;

	NP_CHECK(np_tmp_init(&tmp));
	NP_CHECK(g_file_get_contents(readme_path, &readme, NULL, NULL));
	section = strstr(readme, "\n## Importing a Hyper-V host\n");
	NP_CHECK(section != NULL);
	end = strstr(section + 1, "\n## ");
	NP_CHECK(end != NULL);
	text = g_strndup(section, end - section);
	blocks = g_strsplit(text, "```", -1);
	for (guint i = 1; blocks[i] != NULL; i += 2) {
		g_autofree gchar *block = NULL;
		if (!g_str_has_prefix(blocks[i], "sh\n") || strstr(blocks[i], "--wsman") != NULL)
			continue;
		block = g_strdup(blocks[i] + 3);
		g_string_append(script, block);
		commands++;
	}
	NP_CHECK(commands >= 2);
	/* this build's program, the capture by its absolute path */
	g_string_replace(script, "build/cli/numaplan", numaplan, 0);
	g_string_replace(script, "scenarios/examples/hv-numa.json", capture, 0);
	argv[2] = script->str;
	NP_CHECK(g_spawn_sync(tmp.path,
	                      (gchar **)argv,
	                      NULL,
	                      G_SPAWN_STDIN_FROM_DEV_NULL,
	                      NULL,
	                      NULL,
	                      &out,
	                      &err,
	                      &wait_status,
	                      &error));
	if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0)
		fprintf(stderr,
		        "\n  the README's commands failed:\n%s\n%s%s",
		        script->str,
		        out,
		        err);
	NP_CHECK(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0);
	NP_CHECK(strstr(out, "db ") != NULL && strstr(out, "m1.large: 5 more fit") != NULL);
	{
		g_autofree gchar *a = np_tmp_file(&tmp, "hv01.yaml");
		g_autofree gchar *b = np_tmp_file(&tmp, "hv01-from-nova.yaml");
		NP_CHECK(np_runs(a) && np_runs(b));
	}
}

/* ------------------------------------------------------------- driver */

static const NpTestCase np_cases[] = {
    {"ps-shapes", test_ps_shapes},
    {"ps-name", test_ps_name},
    {"ps-malformed", test_ps_malformed},
    {"goldens-round-trip", test_goldens_round_trip},
    {"writer-odd-values", test_writer_odd_values},
    {"writer-refuses", test_writer_refuses},
    {"options", test_import_options},
    {"output-unwritable", test_import_output_unwritable},
    {"nova-round-trip", test_nova_round_trip},
    {"nova-exported", test_nova_exported},
    {"nova-made", test_nova_made},
    {"nova-malformed", test_nova_malformed},
    {"topology-cli", test_topology_cli},
    {"readme", test_readme},
};

int
main(int argc, char **argv)
{
	gint status =
	    np_test_cases_register(argc, argv, "import", np_cases, G_N_ELEMENTS(np_cases));

	return status >= 0 ? status : np_test_run();
}
