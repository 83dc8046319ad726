/* Scheduling against Nova 26's own code: every boot of the recorded corpus
 * (tests/nova/scheduler.cases.jsonl, from tests/nova/sched_oracle.py) must
 * land on the host Nova picked, after the same number of attempts, for the
 * spread, pack and nova weighers. Ties are counted apart: Nova breaks them
 * by a hash-randomised order, numaplan (and the recording) by host order.
 *
 *   test-scheduler CASES.jsonl
 */
#include <stdio.h>
#include <string.h>

#include "np-engine.h"
#include "np-json.h"
#include "np-scenario-load.h"

typedef struct {
	GPtrArray *hosts; /* per VM booted: its host or NULL, in order */
	GArray *attempts; /* gint */
} NpBoots;

static gboolean
np_collect(const NpEvent *event, const NpEventResult *result, gpointer data, GError **error)
{
	NpBoots *boots = data;
	if (np_event_result_get_event_type(result) != NP_EVENT_BOOT)
		return TRUE;
	for (guint i = 0; i < np_event_result_get_n_vms(result); i++) {
		const NpVmResult *vm = np_event_result_get_vm(result, i);
		gint attempts = np_vm_result_get_attempts(vm);
		g_ptr_array_add(boots->hosts, g_strdup(np_vm_result_get_host(vm)));
		g_array_append_val(boots->attempts, attempts);
	}
	return TRUE;
}

typedef struct {
	guint cases;
	guint boots;
	guint ties;
	guint wrong;
} NpTally;

static void
np_check_case(const cJSON *item, GHashTable *tallies)
{
	const cJSON *id = cJSON_GetObjectItem(item, "id");
	const cJSON *weigher = cJSON_GetObjectItem(item, "weigher");
	const cJSON *text = cJSON_GetObjectItem(item, "scenario");
	const cJSON *expected = cJSON_GetObjectItem(item, "boots");
	const cJSON *boot;
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GArray) attempts = g_array_new(FALSE, FALSE, sizeof(gint));
	NpBoots boots = {hosts, attempts};
	NpTally *tally = g_hash_table_lookup(tallies, weigher->valuestring);
	g_autofree gchar *path = g_strdup_printf("%s.yaml", id->valuestring);
	guint i = 0;

	tally->cases++;
	scenario =
	    np_scenario_load_data(text->valuestring, strlen(text->valuestring), path, &error);
	if (scenario != NULL)
		engine = np_sim_run(scenario, NP_RUN_CHECK_INVARIANTS, np_collect, &boots, &error);
	if (engine == NULL) {
		printf("%s: %s\n", id->valuestring, error->message);
		tally->wrong++;
		return;
	}
	if ((guint)cJSON_GetArraySize(expected) != hosts->len) {
		printf("%s: %u boots, Nova's record has %d\n",
		       id->valuestring,
		       hosts->len,
		       cJSON_GetArraySize(expected));
		tally->wrong++;
		return;
	}
	cJSON_ArrayForEach (boot, expected) {
		const cJSON *host = cJSON_GetObjectItem(boot, "host");
		const gchar *want = cJSON_IsString(host) ? host->valuestring : NULL;
		const gchar *got = g_ptr_array_index(hosts, i);
		gint want_attempts = cJSON_GetObjectItem(boot, "attempts")->valueint;
		gint got_attempts = g_array_index(attempts, gint, i);
		tally->boots++;
		if (cJSON_IsTrue(cJSON_GetObjectItem(boot, "tie")))
			tally->ties++;
		if (g_strcmp0(want, got) != 0 || want_attempts != got_attempts) {
			printf("%s: %s (event %d): Nova %s after %d attempt(s), numaplan %s after "
			       "%d\n",
			       id->valuestring,
			       cJSON_GetObjectItem(boot, "vm")->valuestring,
			       cJSON_GetObjectItem(boot, "event")->valueint,
			       want ? want : "none",
			       want_attempts,
			       got ? got : "none",
			       got_attempts);
			tally->wrong++;
		}
		i++;
	}
}

int
main(int argc, char **argv)
{
	static const gchar *weighers[] = {"spread", "pack", "nova"};
	g_autoptr(GError) error = NULL;
	g_autofree gchar *contents = NULL;
	g_autoptr(GHashTable) tallies =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	g_auto(GStrv) lines = NULL;
	guint wrong = 0, boots = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CASES.jsonl\n", argv[0]);
		return 2;
	}
	if (!g_file_get_contents(argv[1], &contents, NULL, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 2;
	}
	for (guint w = 0; w < G_N_ELEMENTS(weighers); w++)
		g_hash_table_insert(tallies, (gpointer)weighers[w], g_new0(NpTally, 1));
	lines = g_strsplit(contents, "\n", -1);
	for (guint l = 0; lines[l] != NULL; l++) {
		g_autoptr(cJSON) item = NULL;
		if (lines[l][0] == '\0')
			continue;
		item = np_json_parse(lines[l], strlen(lines[l]), argv[1], &error);
		if (item == NULL) {
			fprintf(stderr, "%s\n", error->message);
			return 2;
		}
		np_check_case(item, tallies);
	}
	for (guint w = 0; w < G_N_ELEMENTS(weighers); w++) {
		const NpTally *t = g_hash_table_lookup(tallies, weighers[w]);
		printf("%-6s %3u clusters, %5u boots (%u after a tie): %u differ from Nova\n",
		       weighers[w],
		       t->cases,
		       t->boots,
		       t->ties,
		       t->wrong);
		wrong += t->wrong;
		boots += t->boots;
	}
	if (boots == 0) {
		fprintf(stderr, "no boot checked\n");
		return 1;
	}
	return wrong > 0 ? 1 : 0;
}
