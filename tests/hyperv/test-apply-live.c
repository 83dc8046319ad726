/* plan and apply against the fake WinRM endpoint's write side, in process
 * (so valgrind and ASan see apply, the journal and the WS-Management
 * client): preconditions refuse with nothing written, the order of
 * writes, --allow-stop's clean shutdown and start, and a fault of each
 * kind injected at every write, after which the journal matches the host
 * exactly and a rerun converges.
 *
 * The plan comes from tests/data/plan/edited.yaml: the fake host's import
 * (tests/golden/import/hyperv-2node.yaml) with NUMA spanning turned on, the
 * running VM "db's \"main\"" made static with two vNUMA nodes and the off
 * VM web1 turned from vNUMA to dynamic memory.
 *
 * test-apply-live CASE (meson registers each). Environment:
 * NP_TEST_HYPERV_DIR, NP_PYTHON3, NP_TEST_SRCDIR.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "../np-numaplan-run.h"
#include "../np-test.h"
#include "np-apply.h"
#include "np-fake.h"
#include "np-json.h"
#include "np-plan.h"
#include "np-scenario-load.h"

#define DB_GUID "0F2C4A6E-8B1D-4C3E-A5F7-091B2D3E4F02"
#define WEB1_GUID "6B8A2D8E-0C55-4E37-9A0B-3C1C2B1E0F01"

/* a fake host and a scratch folder for its state and the journal */
typedef struct {
	NpFake *fake;
	gchar *dir;
	gchar *state_path;
	gchar *journal_path;
	GString *said;
} NpLiveHost;

static void
np_live_host_free(NpLiveHost *host)
{
	if (host == NULL)
		return;
	np_fake_stop(host->fake);
	if (host->dir != NULL) {
		g_unlink(host->state_path);
		g_unlink(host->journal_path);
		g_rmdir(host->dir);
	}
	g_free(host->dir);
	g_free(host->state_path);
	g_free(host->journal_path);
	g_string_free(host->said, TRUE);
	g_free(host);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpLiveHost, np_live_host_free)

/* the fake with its write side; @fail: "N:KIND" or NULL */
static NpLiveHost *
np_live_host_start(const gchar *data, const gchar *fail)
{
	g_autoptr(NpLiveHost) host = g_new0(NpLiveHost, 1);
	const gchar *extra[8] = {"--writes", "--job-polls", "1", "--state", NULL, NULL, NULL, NULL};

	host->said = g_string_new(NULL);
	host->dir = g_dir_make_tmp("np-apply-XXXXXX", NULL);
	if (host->dir == NULL)
		return NULL;
	host->state_path = g_build_filename(host->dir, "state.json", NULL);
	host->journal_path = g_build_filename(host->dir, "plan.json.journal", NULL);
	extra[4] = host->state_path;
	if (fail != NULL) {
		extra[5] = "--fail-invoke";
		extra[6] = fail;
	}
	host->fake = np_fake_start(data, FALSE, extra);
	return host->fake != NULL ? g_steal_pointer(&host) : NULL;
}

static NpPlan *
np_plan_of(const gchar *name)
{
	g_autofree gchar *path = g_build_filename(np_test_srcdir(), "data", "plan", name, NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_scenario_load_file(path, &error);
	NpPlan *plan;

	if (scenario == NULL) {
		fprintf(stderr, "\n  %s\n", error->message);
		return NULL;
	}
	plan = np_plan_compute(scenario, &error);
	if (plan == NULL)
		fprintf(stderr, "\n  %s\n", error->message);
	return plan;
}

static void
np_say_into(const gchar *line, gpointer data)
{
	g_string_append_printf(data, "%s\n", line);
}

static NpApplyResult
np_apply(NpLiveHost *host,
         const NpPlan *plan,
         gboolean allow_stop,
         gboolean dry_run,
         GError **error)
{
	NpWsmanOptions options = {
	    .url = host->fake->url,
	    .user = "admin",
	    .allow_unencrypted = TRUE,
	    .timeout_ms = 20000,
	};
	NpApplyOptions apply = {
	    .dry_run = dry_run,
	    .allow_stop = allow_stop,
	    .journal_path = host->journal_path,
	    .job_timeout_ms = 1500,
	    .stop_timeout_ms = 5000,
	    .say = np_say_into,
	    .say_data = host->said,
	};
	g_autoptr(NpWsmanClient) client = NULL;

	g_setenv("NUMAPLAN_PASSWORD", "secret", TRUE);
	client = np_wsman_client_new(&options, error);
	if (client == NULL)
		return NP_APPLY_REFUSED;
	g_string_truncate(host->said, 0);
	return np_apply_run(client, plan, &apply, error);
}

static cJSON *
np_state(const NpLiveHost *host)
{
	g_autofree gchar *text = NULL;
	if (!g_file_get_contents(host->state_path, &text, NULL, NULL))
		return NULL;
	return cJSON_Parse(text);
}

/* the journal's lines, parsed (an empty array when there is no file) */
static cJSON *
np_journal_lines(const NpLiveHost *host)
{
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;
	cJSON *out = cJSON_CreateArray();

	if (!g_file_get_contents(host->journal_path, &text, NULL, NULL))
		return out;
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++)
		if (lines[i][0] != '\0')
			cJSON_AddItemToArray(out, cJSON_Parse(lines[i]));
	return out;
}

/* the index of the last journal line for (@step, @guid), or -1 */
static gint
np_journal_find(const cJSON *lines, const gchar *step, const gchar *guid)
{
	gint found = -1, i = 0;
	const cJSON *line;
	cJSON_ArrayForEach (line, lines) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(line, "step");
		const cJSON *vm = cJSON_GetObjectItemCaseSensitive(line, "vm");
		if (cJSON_IsString(s) && strcmp(s->valuestring, step) == 0
		    && (guid == NULL ? vm == NULL
		                     : cJSON_IsString(vm) && strcmp(vm->valuestring, guid) == 0))
			found = i;
		i++;
	}
	return found;
}

/* the state's values of one part, against the step's recorded or target */
static gboolean
np_part_is(const cJSON *state_part, const NpPlanSettings *s, gboolean target)
{
	for (guint i = 0; i < s->values->len; i++) {
		const NpPlanValue *v = &g_array_index(s->values, NpPlanValue, i);
		const cJSON *item = cJSON_GetObjectItemCaseSensitive(state_part, v->key->name);
		gint64 want = target ? v->target : v->recorded, have = -1;
		if (cJSON_IsBool(item))
			have = cJSON_IsTrue(item);
		else if (cJSON_IsNumber(item))
			have = (gint64)item->valuedouble;
		else if (cJSON_IsNull(item))
			have = 0; /* the import reads nil as 0 */
		if (have != want)
			return FALSE;
	}
	return TRUE;
}

static gboolean
np_part_changes(const NpPlanSettings *s)
{
	for (guint i = 0; i < s->values->len; i++) {
		const NpPlanValue *v = &g_array_index(s->values, NpPlanValue, i);
		if (v->recorded != v->target)
			return TRUE;
	}
	return FALSE;
}

static gint64
np_vm_state(const cJSON *state, const gchar *guid)
{
	const cJSON *vm =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(state, "vms"), guid);
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(vm, "EnabledState");
	return cJSON_IsNumber(s) ? (gint64)s->valuedouble : -1;
}

/* The journal matches the host exactly: each part (and spanning) is at
 * its target with a journal line, or at its recorded value without one;
 * a VM is off only when a journal line says this apply shut it down. With
 * @converged every change must be done and every VM in its first state. */
static gboolean
np_journal_matches_host(const NpLiveHost *host, const NpPlan *plan, gboolean converged)
{
	g_autoptr(cJSON) state = np_state(host);
	g_autoptr(cJSON) lines = np_journal_lines(host);
	const NpPlanHost *ph = g_ptr_array_index(plan->hosts, 0);

	if (state == NULL) {
		fprintf(stderr, "\n  no state file\n");
		return FALSE;
	}
	if (ph->spanning) {
		gboolean now = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(state, "spanning"));
		gboolean journaled = np_journal_find(lines, "spanning", NULL) >= 0;
		if ((now == ph->spanning_target) != journaled || (converged && !journaled)) {
			fprintf(stderr,
			        "\n  spanning %d at the host, journaled %d\n",
			        now,
			        journaled);
			return FALSE;
		}
	}
	for (guint i = 0; i < ph->vms->len; i++) {
		const NpPlanVm *step = g_ptr_array_index(ph->vms, i);
		const cJSON *vm =
		    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(state, "vms"),
		                                     step->guid);
		gint shutdown = np_journal_find(lines, "shutdown", step->guid);
		gint start = np_journal_find(lines, "start", step->guid);
		gint64 enabled = np_vm_state(state, step->guid);
		gint64 first = strcmp(step->guid, DB_GUID) == 0 ? 2 : 3;

		for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
			const NpPlanSettings *s = &step->parts[p];
			const cJSON *part =
			    cJSON_GetObjectItemCaseSensitive(vm, np_plan_part_to_string(p));
			gboolean at_target = np_part_is(part, s, TRUE);
			gboolean at_recorded = np_part_is(part, s, FALSE);
			gboolean journaled =
			    np_journal_find(lines, np_plan_part_to_string(p), step->guid) >= 0;
			if (!np_part_changes(s))
				continue;
			if ((!at_target && !at_recorded) || at_target != journaled
			    || (converged && !at_target)) {
				fprintf(
				    stderr,
				    "\n  VM %s %s: at target %d, at recorded %d, journaled %d\n",
				    step->name,
				    np_plan_part_to_string(p),
				    at_target,
				    at_recorded,
				    journaled);
				return FALSE;
			}
		}
		/* off only when this apply said it shut it down (and has not
		 * started it since) */
		if (enabled != first && !(first == 2 && enabled == 3 && shutdown > start)) {
			fprintf(stderr,
			        "\n  VM %s is in state %" G_GINT64_FORMAT ", was %" G_GINT64_FORMAT
			        "; shutdown line %d, start line %d\n",
			        step->name,
			        enabled,
			        first,
			        shutdown,
			        start);
			return FALSE;
		}
		if (converged && enabled != first)
			return FALSE;
	}
	return TRUE;
}

/* never a power-off or reset, and a shutdown only with allow_stop */
static gboolean
np_no_power_off(const NpFake *fake, gboolean allow_stop)
{
	g_autoptr(GPtrArray) requests = np_fake_requests(fake);
	for (guint i = 0; i < requests->len; i++) {
		gchar **r = g_ptr_array_index(requests, i);
		if (g_strcmp0(r[0], "Invoke") != 0)
			continue;
		if (r[4] != NULL
		    && (strstr(r[4], "RequestedState=3") != NULL
		        || strstr(r[4], "RequestedState=11") != NULL)) {
			fprintf(stderr, "\n  a power-off: %s\n", r[4]);
			return FALSE;
		}
		if (!allow_stop && g_str_has_suffix(r[1], "/InitiateShutdown")) {
			fprintf(stderr, "\n  a shutdown without allow_stop\n");
			return FALSE;
		}
	}
	return TRUE;
}

static guint
np_invokes(const NpFake *fake)
{
	g_autoptr(GPtrArray) requests = np_fake_requests(fake);
	return np_count_op(requests, "Invoke");
}

/* the methods invoked, in order, one a line */
static gchar *
np_invoked(const NpFake *fake)
{
	g_autoptr(GPtrArray) requests = np_fake_requests(fake);
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < requests->len; i++) {
		gchar **r = g_ptr_array_index(requests, i);
		const gchar *method;
		if (g_strcmp0(r[0], "Invoke") != 0)
			continue;
		method = strrchr(r[1], '/') + 1;
		g_string_append(out, method);
		if (strstr(r[4], "Msvm_MemorySettingData") != NULL)
			g_string_append(out, " memory");
		else if (strstr(r[4], "Msvm_ProcessorSettingData") != NULL)
			g_string_append(out, " processor");
		else if (strstr(r[4], "SystemSettings=") != NULL)
			g_string_append(out, " system");
		if (strstr(r[4], DB_GUID) != NULL)
			g_string_append(out, " db");
		else if (strstr(r[4], WEB1_GUID) != NULL)
			g_string_append(out, " web1");
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------- cases */

static void
test_plan_round_trip(void)
{
	g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
	g_autoptr(NpPlan) back = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *again = NULL;

	NP_CHECK(plan != NULL);
	text = np_plan_to_json(plan);
	back = np_plan_parse(text, strlen(text), "plan.json", &error);
	NP_CHECK(back != NULL);
	again = np_plan_to_json(back);
	NP_CHECK_STR(again, text);
}

/* hand-made import → edit → plan: tests/data/plan/NAME.yaml against
 * tests/golden/plan/NAME.json (NP_TEST_REGENERATE=1 rewrites them), or for
 * a refused edit its message, NAME.err; twice, byte for byte */
static void
test_plan_golden(void)
{
	g_autofree gchar *dir = g_build_filename(np_test_srcdir(), "data", "plan", NULL);
	g_autoptr(GDir) list = g_dir_open(dir, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	NP_CHECK(list != NULL);
	while ((name = g_dir_read_name(list)) != NULL)
		if (g_str_has_suffix(name, ".yaml"))
			g_ptr_array_add(names, g_strndup(name, strlen(name) - 5));
	g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
	NP_CHECK(names->len >= 5);
	for (guint i = 0; i < names->len; i++) {
		const gchar *base = g_ptr_array_index(names, i);
		g_autofree gchar *file = g_strconcat(base, ".yaml", NULL);
		g_autofree gchar *path = g_build_filename(dir, file, NULL);
		g_autoptr(GError) error = NULL;
		g_autoptr(NpScenario) scenario = np_scenario_load_file(path, &error);
		g_autoptr(NpPlan) plan = NULL;
		g_autoptr(NpPlan) again = NULL;
		g_autofree gchar *text = NULL;
		g_autofree gchar *golden = NULL;
		g_autofree gchar *second = NULL;

		NP_CHECK(scenario != NULL);
		plan = np_plan_compute(scenario, &error);
		if (plan == NULL) {
			g_autofree gchar *err_name = g_strconcat(base, ".err", NULL);
			/* the message without the source folder */
			const gchar *message = strstr(error->message, file);
			text = g_strconcat(message != NULL ? message : error->message, "\n", NULL);
			golden =
			    g_build_filename(np_test_srcdir(), "golden", "plan", err_name, NULL);
		} else {
			g_autofree gchar *json_name = g_strconcat(base, ".json", NULL);
			text = np_plan_to_json(plan);
			golden =
			    g_build_filename(np_test_srcdir(), "golden", "plan", json_name, NULL);
			again = np_plan_compute(scenario, &error);
			NP_CHECK(again != NULL);
			second = np_plan_to_json(again);
			NP_CHECK_STR(second, text);
		}
		NP_CHECK(np_same_as_golden(text, golden));
	}
}

/* the whole plan applied; a second apply sends no write */
static void
test_apply_converges(void)
{
	g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", NULL);
	g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *order = NULL;
	guint writes;

	NP_CHECK(host != NULL && plan != NULL);
	NP_CHECK(np_apply(host, plan, TRUE, FALSE, &error) == NP_APPLY_DONE);
	NP_CHECK(np_journal_matches_host(host, plan, TRUE));
	NP_CHECK(strstr(host->said->str, "(vmms) is restarted") != NULL);
	/* spanning; db: stopped, memory → processor → system (turning vNUMA
	 * on), started; web1 (off): system → processor → memory (off) */
	order = np_invoked(host->fake);
	NP_CHECK_STR(order,
	             "ModifyServiceSettings\n"
	             "InitiateShutdown db\n"
	             "ModifyResourceSettings memory db\n"
	             "ModifyResourceSettings processor db\n"
	             "ModifySystemSettings system db\n"
	             "RequestStateChange db\n"
	             "ModifySystemSettings system web1\n"
	             "ModifyResourceSettings processor web1\n"
	             "ModifyResourceSettings memory web1\n");
	writes = np_invokes(host->fake);
	NP_CHECK(np_apply(host, plan, TRUE, FALSE, &error) == NP_APPLY_DONE);
	NP_CHECK(np_invokes(host->fake) == writes);
	NP_CHECK(strstr(host->said->str, "nothing to do") != NULL);
	NP_CHECK(np_no_power_off(host->fake, TRUE));
}

/* reads only, prints each call, writes no journal */
static void
test_dry_run(void)
{
	g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", NULL);
	g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;

	NP_CHECK(host != NULL && plan != NULL);
	NP_CHECK(np_apply(host, plan, TRUE, TRUE, &error) == NP_APPLY_DONE);
	requests = np_fake_requests(host->fake);
	NP_CHECK(np_only_reads(requests));
	NP_CHECK(!g_file_test(host->journal_path, G_FILE_TEST_EXISTS));
	NP_CHECK(strstr(host->said->str, "would call ModifyServiceSettings") != NULL);
	NP_CHECK(strstr(host->said->str, "VM 'web1'") != NULL);
	NP_CHECK(strstr(host->said->str, "VM 'db's \"main\"'") != NULL);
	NP_CHECK(strstr(host->said->str, "would call InitiateShutdown") != NULL);
	/* a refusal is the same as for a real run */
	NP_CHECK(np_apply(host, plan, FALSE, TRUE, &error) == NP_APPLY_REFUSED);
}

/* a running VM with a change refuses the whole plan without allow_stop */
static void
test_running_refused(void)
{
	g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", NULL);
	g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;

	NP_CHECK(host != NULL && plan != NULL);
	NP_CHECK(np_apply(host, plan, FALSE, FALSE, &error) == NP_APPLY_REFUSED);
	NP_CHECK(error != NULL && strstr(error->message, "is running") != NULL
	         && strstr(error->message, "db's \"main\"") != NULL);
	requests = np_fake_requests(host->fake);
	NP_CHECK(np_only_reads(requests));
	NP_CHECK(np_journal_matches_host(host, plan, FALSE));
}

/* a saved VM with a change is refused even with allow_stop */
static void
test_saved_refused(void)
{
	g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", NULL);
	g_autoptr(NpPlan) plan = np_plan_of("edited-saved.yaml");
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;

	NP_CHECK(host != NULL && plan != NULL);
	NP_CHECK(np_apply(host, plan, TRUE, FALSE, &error) == NP_APPLY_REFUSED);
	NP_CHECK(error != NULL && strstr(error->message, "'archive'") != NULL
	         && strstr(error->message, "saved") != NULL);
	requests = np_fake_requests(host->fake);
	NP_CHECK(np_only_reads(requests));
}

/* preconditions: the host's name, its fingerprint, a VM's GUID and name, a
 * value neither recorded nor the target */
static void
test_preconditions(void)
{
	static const struct {
		const gchar *what;
		const gchar *needle;
	} cases[] = {
	    {"name", "the host is 'HV-SYNTH01' but the plan is for 'OTHER'"},
	    {"fingerprint", "its NUMA nodes are not the plan's"},
	    {"guid", "is not on host"},
	    {"vm-name", "at the host, not 'renamed'"},
	    {"value", "is 4 at the host, neither the recorded 6 nor the target 2"},
	    {"instance", "settings are 'Microsoft:"},
	};
	g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", NULL);

	NP_CHECK(host != NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
		g_autoptr(GError) error = NULL;
		g_autoptr(GPtrArray) requests = NULL;
		NpPlanHost *ph = g_ptr_array_index(plan->hosts, 0);
		NpPlanVm *web1 = g_ptr_array_index(ph->vms, 1);

		if (strcmp(cases[i].what, "name") == 0) {
			g_free(ph->name);
			ph->name = g_strdup("OTHER");
		} else if (strcmp(cases[i].what, "fingerprint") == 0) {
			g_array_index(ph->nodes, NpPlanNode, 1).memory_mb += 2;
		} else if (strcmp(cases[i].what, "guid") == 0) {
			web1->guid[0] = '7';
		} else if (strcmp(cases[i].what, "vm-name") == 0) {
			g_free(web1->name);
			web1->name = g_strdup("renamed");
		} else if (strcmp(cases[i].what, "value") == 0) {
			g_array_index(web1->parts[NP_PLAN_PROCESSOR].values, NpPlanValue, 0)
			    .recorded = 6;
		} else {
			g_free(web1->parts[NP_PLAN_MEMORY].instance_id);
			web1->parts[NP_PLAN_MEMORY].instance_id = g_strdup("Microsoft:elsewhere");
		}
		NP_CHECK(np_apply(host, plan, TRUE, FALSE, &error) == NP_APPLY_REFUSED);
		if (error == NULL || strstr(error->message, cases[i].needle) == NULL) {
			fprintf(stderr,
			        "\n  %s: %s\n",
			        cases[i].what,
			        error != NULL ? error->message : "no error");
			NP_CHECK(FALSE);
		}
		requests = np_fake_requests(host->fake);
		NP_CHECK(np_only_reads(requests));
	}
}

/* 32775 once: sent again after a second, and the run goes on */
static void
test_busy_once(void)
{
	g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", "3:busy-once");
	g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *order = NULL;

	NP_CHECK(host != NULL && plan != NULL);
	NP_CHECK(np_apply(host, plan, TRUE, FALSE, &error) == NP_APPLY_DONE);
	NP_CHECK(np_journal_matches_host(host, plan, TRUE));
	order = np_invoked(host->fake);
	NP_CHECK(g_str_has_prefix(order,
	                          "ModifyServiceSettings\n"
	                          "InitiateShutdown db\n"
	                          "ModifyResourceSettings memory db\n"
	                          "ModifyResourceSettings memory db\n"));
}

/* The fault matrix: KIND injected at each write in turn. The run fails
 * (exit 3) with the journal matching the host, the rerun converges, and
 * no VM was ever powered off. */
static void
np_fault_matrix(const gchar *kind)
{
	g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
	guint total = 0;

	NP_CHECK(plan != NULL);
	{
		/* how many writes the plan takes when nothing fails */
		g_autoptr(NpLiveHost) clean = np_live_host_start("host-2node.json", NULL);
		g_autoptr(GError) error = NULL;
		NP_CHECK(clean != NULL);
		NP_CHECK(np_apply(clean, plan, TRUE, FALSE, &error) == NP_APPLY_DONE);
		total = np_invokes(clean->fake);
		NP_CHECK(total == 9);
	}
	for (guint n = 1; n <= total; n++) {
		g_autofree gchar *fail = g_strdup_printf("%u:%s", n, kind);
		g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", fail);
		g_autoptr(GError) error = NULL;
		g_autoptr(GError) again = NULL;
		g_autoptr(cJSON) lines = NULL;
		const cJSON *last;
		guint writes;

		NP_CHECK(host != NULL);
		if (np_apply(host, plan, TRUE, FALSE, &error) != NP_APPLY_FAILED) {
			fprintf(stderr, "\n  %s: the run did not fail\n", fail);
			NP_CHECK(FALSE);
		}
		NP_CHECK(error != NULL && error->domain == NP_WSMAN_ERROR);
		if (!np_journal_matches_host(host, plan, FALSE)) {
			fprintf(stderr, "\n  after %s: %s\n", fail, error->message);
			NP_CHECK(FALSE);
		}
		/* the journal's last line says where */
		lines = np_journal_lines(host);
		last = cJSON_GetArrayItem(lines, cJSON_GetArraySize(lines) - 1);
		NP_CHECK_STR(cJSON_GetObjectItemCaseSensitive(last, "step")->valuestring, "failed");
		/* the rerun: what is done is not sent again */
		if (np_apply(host, plan, TRUE, FALSE, &again) != NP_APPLY_DONE) {
			fprintf(stderr,
			        "\n  rerun after %s: %s\n",
			        fail,
			        again != NULL ? again->message : "?");
			NP_CHECK(FALSE);
		}
		NP_CHECK(np_journal_matches_host(host, plan, TRUE));
		NP_CHECK(np_no_power_off(host->fake, TRUE));
		writes = np_invokes(host->fake);
		NP_CHECK(np_apply(host, plan, FALSE, FALSE, &again) == NP_APPLY_DONE);
		NP_CHECK(np_invokes(host->fake) == writes);
	}
}

static void
test_faults_fault(void)
{
	np_fault_matrix("fault");
}

static void
test_faults_401(void)
{
	np_fault_matrix("401");
}

static void
test_faults_drop(void)
{
	np_fault_matrix("drop");
}

static void
test_faults_timeout(void)
{
	np_fault_matrix("timeout");
}

static void
test_faults_job_failed(void)
{
	np_fault_matrix("job-failed");
}

static void
test_faults_busy(void)
{
	np_fault_matrix("busy");
}

/* stopped by an earlier run and left off by a failure: a rerun starts
 * it again without being allowed to stop anything */
static void
test_restart_after_failure(void)
{
	/* write 6 is RequestStateChange (start db) */
	g_autoptr(NpLiveHost) host = np_live_host_start("host-2node.json", "6:fault");
	g_autoptr(NpPlan) plan = np_plan_of("edited.yaml");
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) again = NULL;
	g_autoptr(cJSON) state = NULL;

	NP_CHECK(host != NULL && plan != NULL);
	NP_CHECK(np_apply(host, plan, TRUE, FALSE, &error) == NP_APPLY_FAILED);
	state = np_state(host);
	NP_CHECK(np_vm_state(state, DB_GUID) == 3);
	NP_CHECK(np_apply(host, plan, FALSE, FALSE, &again) == NP_APPLY_DONE);
	g_clear_pointer(&state, cJSON_Delete);
	state = np_state(host);
	NP_CHECK(np_vm_state(state, DB_GUID) == 2);
	NP_CHECK(np_journal_matches_host(host, plan, TRUE));
}

/* a run that died writing a line leaves it torn: the next run reads the
 * journal, cuts the torn line off before appending, and the journal reads
 * again afterwards (a torn line in the middle refuses the run) */
static void
test_journal_torn(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("np-journal-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename(dir, "p.json.journal", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(NpApplyJournal) reread = NULL;
	const gchar *whole = "{\"step\":\"shutdown\",\"host\":\"H\",\"vm\":\"" DB_GUID "\"}\n";

	text = g_strconcat(whole, "{\"step\":\"sto", NULL);
	NP_CHECK(g_file_set_contents(path, text, -1, NULL));
	{
		g_autoptr(NpApplyJournal) journal = np_apply_journal_open(path, TRUE, &error);
		NP_CHECK(journal != NULL);
		NP_CHECK(np_apply_journal_stopped_by_us(journal, DB_GUID));
		NP_CHECK(np_apply_journal_add(journal, "start", "H", DB_GUID, NULL, NULL, &error));
	}
	g_clear_pointer(&text, g_free);
	NP_CHECK(g_file_get_contents(path, &text, NULL, NULL));
	NP_CHECK_STR(text,
	             "{\"step\":\"shutdown\",\"host\":\"H\",\"vm\":\"" DB_GUID "\"}\n"
	             "{\"step\":\"start\",\"host\":\"H\",\"vm\":\"" DB_GUID "\"}\n");
	reread = np_apply_journal_open(path, FALSE, &error);
	NP_CHECK(reread != NULL);
	NP_CHECK(!np_apply_journal_stopped_by_us(reread, DB_GUID));

	/* the same torn line with a line after it is no longer the last */
	g_clear_pointer(&text, g_free);
	text = g_strconcat(whole, "{\"step\":\"sto\n", whole, NULL);
	g_clear_pointer(&reread, np_apply_journal_free);
	reread = np_apply_journal_parse(text, strlen(text), "j", &error);
	NP_CHECK(reread == NULL);
	NP_CHECK(error != NULL);
	NP_CHECK_STR(error->message,
	             "j:2:1: not a journal line (numaplan apply writes one JSON object a "
	             "line)");
	g_unlink(path);
	g_rmdir(dir);
}

static const NpTestCase np_cases[] = {
    {"plan-round-trip", test_plan_round_trip},
    {"plan-golden", test_plan_golden},
    {"converges", test_apply_converges},
    {"dry-run", test_dry_run},
    {"running-refused", test_running_refused},
    {"saved-refused", test_saved_refused},
    {"preconditions", test_preconditions},
    {"busy-once", test_busy_once},
    {"restart-after-failure", test_restart_after_failure},
    {"faults-fault", test_faults_fault},
    {"faults-401", test_faults_401},
    {"faults-drop", test_faults_drop},
    {"faults-timeout", test_faults_timeout},
    {"faults-job-failed", test_faults_job_failed},
    {"faults-busy", test_faults_busy},
    {"journal-torn", test_journal_torn},
};

int
main(int argc, char **argv)
{
	gint status =
	    np_test_cases_register(argc, argv, "apply-live", np_cases, G_N_ELEMENTS(np_cases));

	return status >= 0 ? status : np_test_run();
}
