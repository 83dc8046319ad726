/* `numaplan import --wsman` against the fake WinRM endpoint, as a user
 * runs it: the scenario written (golden files, NP_TEST_REGENERATE=1
 * rewrites them), that it loads, runs and writes back unchanged, that the
 * host saw only reads, and one clear line and the right exit status for
 * each way it can fail, with nothing written.
 *
 * test-import-live CASE (meson registers each). Environment:
 * NP_NUMAPLAN, NP_TEST_HYPERV_DIR, NP_PYTHON3, NP_TEST_SRCDIR.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "../np-numaplan-run.h"
#include "../np-test.h"
#include "np-fake.h"
#include "np-import.h"
#include "np-scenario-load.h"
#include "np-scenario-write.h"

/* numaplan import --wsman FAKE-URL @args; @password for
 * $NUMAPLAN_PASSWORD (NULL: unset) */
static gboolean
np_import(NpRun *run, const NpFake *fake, const gchar *password, const gchar *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_auto(GStrv) env = g_get_environ();

	env = password != NULL ? g_environ_setenv(env, "NUMAPLAN_PASSWORD", password, TRUE)
	                       : g_environ_unsetenv(env, "NUMAPLAN_PASSWORD");
	/* the fake is local: no proxy from the environment */
	env = g_environ_setenv(env, "no_proxy", "*", TRUE);
	env = g_environ_setenv(env, "NO_PROXY", "*", TRUE);
	g_ptr_array_add(argv, (gpointer) "import");
	g_ptr_array_add(argv, (gpointer) "--wsman");
	g_ptr_array_add(argv, fake->url);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	return np_numaplan_run(run, env, (const gchar *const *)argv->pdata);
}

/* failed with @status: one line on stderr holding each needle, nothing
 * on stdout, and never the password */
static gboolean
np_failed(const NpRun *run, gint status, const gchar *needle, const gchar *needle2)
{
	const gchar *newline = strchr(run->err, '\n');

	if (!np_ran(run, status))
		return FALSE;
	if (newline == NULL || newline[1] != '\0' || run->out[0] != '\0'
	    || strstr(run->err, needle) == NULL
	    || (needle2 != NULL && strstr(run->err, needle2) == NULL)
	    || strstr(run->err, "fake-password") != NULL || strstr(run->err, "right") != NULL) {
		fprintf(stderr,
		        "\n  expected one line with '%s'%s%s%s; got stdout '%s', stderr '%s'\n",
		        needle,
		        needle2 != NULL ? " and '" : "",
		        needle2 != NULL ? needle2 : "",
		        needle2 != NULL ? "'" : "",
		        run->out,
		        run->err);
		return FALSE;
	}
	return TRUE;
}

static gboolean
np_same_as_golden_named(const gchar *actual, const gchar *name)
{
	g_autofree gchar *golden =
	    g_build_filename(g_getenv("NP_TEST_SRCDIR"), "golden", "import", name, NULL);
	return np_same_as_golden(actual, golden);
}

/* the host saw reads only, and at most ten enumerations */
static gboolean
np_host_saw_reads(const NpFake *fake)
{
	g_autoptr(GPtrArray) requests = np_fake_requests(fake);
	return requests->len > 0 && np_only_reads(requests)
	       && np_count_op(requests, "Enumerate") <= 12;
}

static gboolean
np_host_saw_nothing(const NpFake *fake)
{
	g_autoptr(GPtrArray) requests = np_fake_requests(fake);
	return requests->len == 0;
}

/* ------------------------------------------------------------- cases */

static void
test_live_golden(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "2");
	g_auto(NpRun) run = {0};
	g_autofree gchar *path = g_build_filename(fake->dir, "hv.yaml", NULL);

	NP_CHECK(
	    np_import(&run, fake, "fake-password", ARGS("--user", "admin", "--allow-unencrypted")));
	NP_CHECK(np_ran(&run, 0));
	NP_CHECK(run.err[0] == '\0');
	NP_CHECK(np_same_as_golden_named(run.out, "hyperv-2node.yaml"));
	NP_CHECK(np_round_trips(run.out, NP_IMPORT_HEADER, "import"));
	NP_CHECK(np_host_saw_reads(fake));
	NP_CHECK(g_file_set_contents(path, run.out, -1, NULL));
	NP_CHECK(np_runs(path));
	/* the password never lands in the file */
	NP_CHECK(strstr(run.out, "fake-password") == NULL);
}

static void
test_live_odd_names(void)
{
	START_FAKE(fake, "host-odd-names.json", FALSE, "--page-size", "3");
	g_auto(NpRun) run = {0};
	g_autofree gchar *path = g_build_filename(fake->dir, "hv.yaml", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = NULL;

	NP_CHECK(
	    np_import(&run, fake, "fake-password", ARGS("--user", "admin", "--allow-unencrypted")));
	NP_CHECK(np_ran(&run, 0));
	NP_CHECK(np_same_as_golden_named(run.out, "hyperv-odd-names.yaml"));
	NP_CHECK(np_round_trips(run.out, NP_IMPORT_HEADER, "import"));
	scenario = np_scenario_load_data(run.out, strlen(run.out), "odd", &error);
	NP_CHECK(scenario != NULL);
	/* names as Hyper-V has them, two of one name told apart by GUID, none → GUID */
	NP_CHECK_STR(np_event_get_vm(np_scenario_get_event(scenario, 0)),
	             "11111111-2222-4333-8444-555555555504");
	NP_CHECK_STR(np_event_get_vm(np_scenario_get_event(scenario, 2)),
	             "db (11111111-2222-4333-8444-555555555502)");
	NP_CHECK_STR(np_event_get_vm(np_scenario_get_event(scenario, 4)), "web: \"front\" #1");
	NP_CHECK_STR(np_event_get_vm(np_scenario_get_event(scenario, 5)), "数据库 ü");
	/* vNUMA: max(⌈6 / 4⌉, ⌈12288 / 4096⌉) = 3 nodes */
	NP_CHECK(strstr(run.out,
	                "\"hv-6vcpu-12288mb-numa3\": {vcpus: 6, memory_mb: 12288, "
	                "extra_specs: {\"hw:numa_nodes\": \"3\"}}")
	         != NULL);
	/* dynamic memory: the flavor takes the maximum; nil values stay defaults */
	NP_CHECK(strstr(run.out, "dynamic_memory: {startup_mb: 1024, maximum_mb: 4096}") != NULL);
	NP_CHECK(strstr(run.out, "flavor: \"hv-2vcpu-4096mb\"") != NULL);
	/* running VMs' memory on a known node is not reserved as well:
	 * node 0 15360 available + 1024 (db), node 1 14336 + 1024 ("- x",
	 * whose other 1024 MiB are split over nodes and stay reserved) */
	NP_CHECK(strstr(run.out, "{id: 0, cpus: 8, memory_mb: 16384, reserved_mb: 0}") != NULL);
	NP_CHECK(strstr(run.out, "{id: 1, cpus: 8, memory_mb: 16384, reserved_mb: 1024}") != NULL);
	NP_CHECK(strstr(run.err, "VM '- x': 1024 MiB of its memory is on no single node (spanned)")
	         != NULL);
	NP_CHECK(np_host_saw_reads(fake));
	NP_CHECK(g_file_set_contents(path, run.out, -1, NULL));
	NP_CHECK(np_runs(path));
}

/* --output, --name: the file appears whole; the host renamed, its own
 * name kept in hyperv: */
static void
test_live_output_name(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "100");
	g_auto(NpRun) run = {0};
	g_autofree gchar *path = g_build_filename(fake->dir, "out.yaml", NULL);
	g_autofree gchar *text = NULL;

	NP_CHECK(np_import(
	    &run,
	    fake,
	    "fake-password",
	    ARGS("--user", "admin", "--allow-unencrypted", "--name", "hv01", "-o", path)));
	NP_CHECK(np_ran(&run, 0));
	NP_CHECK(strstr(run.out, "host hv01, 2 NUMA nodes, 3 VMs") != NULL);
	NP_CHECK(g_file_get_contents(path, &text, NULL, NULL));
	NP_CHECK(strstr(text, "- name: \"hv01\"\n  numa_spanning: false\n") != NULL);
	NP_CHECK(strstr(text, "    name: \"HV-SYNTH01\"\n    service_settings:") != NULL);
	NP_CHECK(strstr(text, "host: \"HV-SYNTH01\"") == NULL);
	NP_CHECK(np_round_trips(text, NP_IMPORT_HEADER, "import"));
}

/* a node without memory is left out, with a warning */
static void
test_live_odd_host(void)
{
	START_FAKE(fake, "host-odd.json", FALSE, "--page-size", "1");
	g_auto(NpRun) run = {0};

	NP_CHECK(
	    np_import(&run, fake, "fake-password", ARGS("--user", "admin", "--allow-unencrypted")));
	NP_CHECK(np_ran(&run, 0));
	NP_CHECK(strstr(run.err, "warning: node 1 has no memory: left out") != NULL);
	NP_CHECK(
	    strstr(run.out, "  - {id: 0, cpus: 2, memory_mb: 2048, reserved_mb: 1024}\n  hyperv:")
	    != NULL);
	NP_CHECK(np_round_trips(run.out, NP_IMPORT_HEADER, "import"));
}

static void
test_live_wrong_password(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--user", "admin", "--password", "right");
	g_auto(NpRun) run = {0};
	g_autofree gchar *path = g_build_filename(fake->dir, "out.yaml", NULL);

	NP_CHECK(np_import(&run,
	                   fake,
	                   "fake-password",
	                   ARGS("--user", "admin", "--allow-unencrypted", "-o", path)));
	NP_CHECK(np_failed(&run, 3, fake->url, "HTTP 401"));
	NP_CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
}

static void
test_live_dropped(void)
{
	START_FAKE(fake,
	           "host-2node.json",
	           FALSE,
	           "--page-size",
	           "2",
	           "--misbehave",
	           "Pull:Msvm_Processor=drop");
	g_auto(NpRun) run = {0};
	g_autofree gchar *path = g_build_filename(fake->dir, "out.yaml", NULL);

	NP_CHECK(np_import(&run,
	                   fake,
	                   "fake-password",
	                   ARGS("--user", "admin", "--allow-unencrypted", "-o", path)));
	NP_CHECK(np_failed(&run, 3, fake->url, "connection"));
	NP_CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
}

static void
test_live_untrusted(void)
{
	START_FAKE(fake, "host-2node.json", TRUE, "--page-size", "50");
	g_auto(NpRun) refused = {0};
	g_auto(NpRun) trusted = {0};
	g_auto(NpRun) insecure = {0};

	NP_CHECK(np_import(&refused, fake, "fake-password", ARGS("--user", "admin")));
	NP_CHECK(np_failed(&refused, 3, fake->url, "certificate"));
	NP_CHECK(np_host_saw_nothing(fake));
	NP_CHECK(np_import(&trusted,
	                   fake,
	                   "fake-password",
	                   ARGS("--user", "admin", "--cacert", fake->ca_file)));
	NP_CHECK(np_ran(&trusted, 0));
	NP_CHECK(
	    np_import(&insecure, fake, "fake-password", ARGS("--user", "admin", "--insecure")));
	NP_CHECK(np_ran(&insecure, 0));
	NP_CHECK_STR(insecure.out, trusted.out);
}

/* a fault and a reply that is not XML: the host's failures, exit 3 */
static void
test_live_fault(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--misbehave", "Enumerate:Msvm_NumaNode=fault");
	g_auto(NpRun) run = {0};

	NP_CHECK(
	    np_import(&run, fake, "fake-password", ARGS("--user", "admin", "--allow-unencrypted")));
	NP_CHECK(np_failed(&run, 3, fake->url, "fault"));
}

static void
test_live_malformed_reply(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--misbehave", "any:Msvm_Memory=malformed");
	g_auto(NpRun) run = {0};

	NP_CHECK(
	    np_import(&run, fake, "fake-password", ARGS("--user", "admin", "--allow-unencrypted")));
	NP_CHECK(np_failed(&run, 3, fake->url, "Msvm_Memory"));
}

/* what Hyper-V would not hold is a bad reply, not a guess */
static void
test_live_bad_vm(void)
{
	START_FAKE(fake, "host-bad-vm.json", FALSE, "--page-size", "10");
	g_auto(NpRun) run = {0};

	NP_CHECK(
	    np_import(&run, fake, "fake-password", ARGS("--user", "admin", "--allow-unencrypted")));
	NP_CHECK(np_failed(&run,
	                   3,
	                   "VM 'broken' (22222222-2222-4333-8444-555555555501)",
	                   "MaxProcessorsPerNumaNode is 0"));
}

/* refused before anything is sent: exit 2 */
static void
test_live_refused_before_sending(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "10");
	g_autofree gchar *secret = g_build_filename(fake->dir, "password", NULL);
	g_auto(NpRun) unencrypted = {0};
	g_auto(NpRun) mode = {0};
	g_auto(NpRun) no_password = {0};
	g_auto(NpRun) no_user = {0};

	NP_CHECK(np_import(&unencrypted, fake, "fake-password", ARGS("--user", "admin")));
	NP_CHECK(np_failed(&unencrypted, 2, "refusing to send Basic credentials", NULL));
	NP_CHECK(g_file_set_contents(secret, "fake-password\n", -1, NULL));
	NP_CHECK(g_chmod(secret, 0644) == 0);
	NP_CHECK(
	    np_import(&mode,
	              fake,
	              NULL,
	              ARGS("--user", "admin", "--allow-unencrypted", "--password-file", secret)));
	NP_CHECK(np_failed(&mode, 2, secret, NULL));
	NP_CHECK(
	    np_import(&no_password, fake, NULL, ARGS("--user", "admin", "--allow-unencrypted")));
	NP_CHECK(np_failed(&no_password, 2, "no password", NULL));
	NP_CHECK(np_import(&no_user, fake, "fake-password", ARGS("--allow-unencrypted")));
	NP_CHECK(np_failed(&no_user, 2, "needs a user", NULL));
	NP_CHECK(np_host_saw_nothing(fake));
}

static void
test_live_password_file(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--user", "admin", "--password", "right");
	g_autofree gchar *secret = g_build_filename(fake->dir, "password", NULL);
	g_auto(NpRun) run = {0};

	NP_CHECK(g_file_set_contents(secret, "right\n", -1, NULL));
	NP_CHECK(g_chmod(secret, 0600) == 0);
	NP_CHECK(
	    np_import(&run,
	              fake,
	              NULL,
	              ARGS("--user", "admin", "--allow-unencrypted", "--password-file", secret)));
	NP_CHECK(np_ran(&run, 0));
	NP_CHECK(np_host_saw_reads(fake));
}

static const NpTestCase np_cases[] = {
    {"golden", test_live_golden},
    {"odd-names", test_live_odd_names},
    {"output-name", test_live_output_name},
    {"odd-host", test_live_odd_host},
    {"wrong-password", test_live_wrong_password},
    {"dropped", test_live_dropped},
    {"untrusted", test_live_untrusted},
    {"fault", test_live_fault},
    {"malformed-reply", test_live_malformed_reply},
    {"bad-vm", test_live_bad_vm},
    {"refused-before-sending", test_live_refused_before_sending},
    {"password-file", test_live_password_file},
};

int
main(int argc, char **argv)
{
	gint status =
	    np_test_cases_register(argc, argv, "import-live", np_cases, G_N_ELEMENTS(np_cases));

	return status >= 0 ? status : np_test_run();
}
