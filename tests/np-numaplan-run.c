/* see np-numaplan-run.h */
#include "np-numaplan-run.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "np-scenario-load.h"
#include "np-scenario-write.h"

void
np_run_clear(NpRun *run)
{
	g_free(run->out);
	g_free(run->err);
}

gboolean
np_numaplan_run(NpRun *run, gchar **env, const gchar *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	const gchar *program = g_getenv("NP_NUMAPLAN");
	gint wait_status = 0;

	g_ptr_array_add(argv, (gpointer)(program != NULL ? program : "numaplan"));
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	if (!g_spawn_sync(NULL,
	                  (gchar **)argv->pdata,
	                  env,
	                  G_SPAWN_STDIN_FROM_DEV_NULL,
	                  NULL,
	                  NULL,
	                  &run->out,
	                  &run->err,
	                  &wait_status,
	                  &error)) {
		fprintf(stderr, "\n  %s\n", error->message);
		return FALSE;
	}
	if (!WIFEXITED(wait_status)) {
		fprintf(stderr, "\n  numaplan did not exit normally:\n%s", run->err);
		return FALSE;
	}
	run->status = WEXITSTATUS(wait_status);
	return TRUE;
}

gboolean
np_ran(const NpRun *run, gint status)
{
	if (run->status == status)
		return TRUE;
	fprintf(stderr,
	        "\n  exit status %d, expected %d\n--- stdout\n%s--- stderr\n%s",
	        run->status,
	        status,
	        run->out,
	        run->err);
	return FALSE;
}

gboolean
np_same_as_golden(const gchar *actual, const gchar *golden)
{
	g_autofree gchar *expected = NULL;
	g_autoptr(GError) error = NULL;

	if (g_strcmp0(g_getenv("NP_TEST_REGENERATE"), "1") == 0) {
		if (!g_file_set_contents(golden, actual, -1, &error)) {
			fprintf(stderr, "\n  %s\n", error->message);
			return FALSE;
		}
		fprintf(stderr, "\n  rewrote %s\n", golden);
		return TRUE;
	}
	if (!g_file_get_contents(golden, &expected, NULL, &error)) {
		fprintf(stderr, "\n  %s (NP_TEST_REGENERATE=1 writes it)\n", error->message);
		return FALSE;
	}
	if (g_strcmp0(expected, actual) != 0) {
		fprintf(stderr, "\n  differs from %s; got:\n%s", golden, actual);
		return FALSE;
	}
	return TRUE;
}

gboolean
np_round_trips(const gchar *text, const gchar *header, const gchar *what)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_scenario_load_data(text, strlen(text), what, &error);
	g_autofree gchar *again = NULL;

	if (scenario == NULL) {
		fprintf(stderr, "\n  %s does not load: %s\n", what, error->message);
		return FALSE;
	}
	again = np_scenario_write_yaml(scenario, header, &error);
	if (again == NULL) {
		fprintf(stderr, "\n  %s: %s\n", what, error->message);
		return FALSE;
	}
	if (g_strcmp0(again, text) != 0) {
		fprintf(stderr,
		        "\n  %s written again differs:\n%s\n--- was\n%s",
		        what,
		        again,
		        text);
		return FALSE;
	}
	return TRUE;
}

gboolean
np_runs(const gchar *path)
{
	g_auto(NpRun) check = {0};
	g_auto(NpRun) run = {0};
	return np_numaplan_run(&check, NULL, ARGV("check", path)) && np_ran(&check, 0)
	       && np_numaplan_run(&run, NULL, ARGV("run", path)) && np_ran(&run, 0);
}
