/* Golden and scenario tests.
 *
 *   test-golden --run SCENARIO             replay; every expectation must hold
 *   test-golden --golden SCENARIO GOLDEN [FORMATS]
 *                                          also compare each report byte for
 *                                          byte: GOLDEN is NAME.json, the
 *                                          others NAME.txt, NAME.csv,
 *                                          NAME.junit.xml, NAME.html; FORMATS
 *                                          (default json,text) a comma list
 *                                          (NP_TEST_REGENERATE=1 rewrites
 *                                          them for review)
 *   test-golden --list DIR NAME...         DIR's *.yaml are exactly NAME...
 *
 * The invariant checker runs after every event.
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "np-report.h"
#include "np-scenario-load.h"

static gboolean
np_append(const gchar *data, gsize length, gpointer user_data, GError **error)
{
	g_string_append_len(user_data, data, length);
	return TRUE;
}

/* the report of @scenario in @format; *@failed its failed expectations */
static gchar *
np_report_of(const NpScenario *scenario, NpReportFormat format, guint *failed, GError **error)
{
	GString *out = g_string_new(NULL);
	g_autoptr(NpReport) report = np_report_new(format, scenario, np_append, out);
	g_autoptr(NpEngine) engine =
	    np_report_run(report, scenario, NP_RUN_CHECK_INVARIANTS, NULL, NULL, error);
	if (engine == NULL || !np_report_finish(report, engine, error)) {
		g_string_free(out, TRUE);
		return NULL;
	}
	*failed = np_report_get_failed(report);
	return g_string_free(out, FALSE);
}

/* @actual against the golden file @golden (NP_TEST_REGENERATE=1 rewrites
 * it); a unified diff on stderr when they differ */
static gboolean
np_compare(const gchar *path, const gchar *golden, const gchar *actual)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *expected = NULL;

	if (g_strcmp0(g_getenv("NP_TEST_REGENERATE"), "1") == 0) {
		if (!g_file_set_contents(golden, actual, -1, &error)) {
			fprintf(stderr, "%s\n", error->message);
			return FALSE;
		}
		printf("rewrote %s\n", golden);
		return TRUE;
	}
	if (!g_file_get_contents(golden, &expected, NULL, &error)) {
		fprintf(stderr, "%s (NP_TEST_REGENERATE=1 creates it)\n", error->message);
		return FALSE;
	}
	if (g_strcmp0(expected, actual) != 0) {
		g_autofree gchar *tmp = g_build_filename(g_get_tmp_dir(), "np-golden-XXXXXX", NULL);
		gint fd = g_mkstemp(tmp);
		const gchar *argv[] = {"diff", "-u", golden, tmp, NULL};
		if (fd >= 0) {
			close(fd);
			g_file_set_contents(tmp, actual, -1, NULL);
			g_spawn_sync(NULL,
			             (gchar **)argv,
			             NULL,
			             G_SPAWN_SEARCH_PATH,
			             NULL,
			             NULL,
			             NULL,
			             NULL,
			             NULL,
			             NULL);
			g_unlink(tmp);
		}
		fprintf(stderr, "%s: output differs from %s\n", path, golden);
		return FALSE;
	}
	return TRUE;
}

static const gchar *
np_golden_extension(NpReportFormat format)
{
	switch (format) {
	case NP_REPORT_TEXT:
		return ".txt";
	case NP_REPORT_CSV:
		return ".csv";
	case NP_REPORT_JUNIT:
		return ".junit.xml";
	case NP_REPORT_HTML:
		return ".html";
	case NP_REPORT_JSON:
	case NP_REPORT_LAST:
	default:
		return ".json";
	}
}

/* replays @path with the invariant checker on; with @golden (NAME.json)
 * compares each report of @formats with its golden file */
static int
np_run(const gchar *path, const gchar *golden, const gchar *formats)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario = np_scenario_load_file(path, &error);
	g_auto(GStrv) names = g_strsplit(formats != NULL ? formats : "json,text", ",", -1);
	g_autofree gchar *base = NULL;
	guint failed = 0;

	if (scenario == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	if (golden != NULL)
		base = g_strndup(golden, strlen(golden) - strlen(".json"));
	for (guint i = 0; names[i] != NULL; i++) {
		NpReportFormat format = np_report_format_from_string(names[i]);
		g_autofree gchar *report = NULL;
		g_autofree gchar *again = NULL;
		g_autofree gchar *file = NULL;
		if (format >= NP_REPORT_LAST) {
			fprintf(stderr, "unknown format '%s'\n", names[i]);
			return 2;
		}
		report = np_report_of(scenario, format, &failed, &error);
		if (report == NULL) {
			fprintf(stderr, "%s: %s\n", path, error->message);
			return 1;
		}
		if (failed > 0) {
			g_autofree gchar *text =
			    np_report_of(scenario, NP_REPORT_TEXT, &failed, NULL);
			fprintf(stderr, "%s", text != NULL ? text : "");
			fprintf(stderr, "%s: %u expectation(s) failed\n", path, failed);
			return 1;
		}
		if (golden == NULL)
			break;
		file = g_strconcat(base, np_golden_extension(format), NULL);
		if (!np_compare(path, file, report))
			return 1;
		/* the same input must give the same bytes */
		again = np_report_of(scenario, format, &failed, NULL);
		if (g_strcmp0(report, again) != 0) {
			fprintf(stderr, "%s: two %s reports differ\n", path, names[i]);
			return 1;
		}
	}
	printf("%s: ok\n", path);
	return 0;
}

static int
np_check_list(const gchar *dir, gint n, gchar **names)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) d = g_dir_open(dir, 0, &error);
	g_autoptr(GHashTable) listed = g_hash_table_new(g_str_hash, g_str_equal);
	const gchar *entry;
	int status = 0;
	if (d == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	for (gint i = 0; i < n; i++)
		g_hash_table_add(listed, names[i]);
	while ((entry = g_dir_read_name(d)) != NULL) {
		g_autofree gchar *base = NULL;
		if (!g_str_has_suffix(entry, ".yaml"))
			continue;
		base = g_strndup(entry, strlen(entry) - 5);
		if (!g_hash_table_remove(listed, base)) {
			fprintf(stderr,
			        "%s/%s is not registered in scenarios/meson.build\n",
			        dir,
			        entry);
			status = 1;
		}
	}
	if (g_hash_table_size(listed) > 0) {
		fprintf(stderr,
		        "scenarios/meson.build lists %u file(s) missing from %s\n",
		        g_hash_table_size(listed),
		        dir);
		status = 1;
	}
	return status;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && g_strcmp0(argv[1], "--run") == 0)
		return np_run(argv[2], NULL, NULL);
	if ((argc == 4 || argc == 5) && g_strcmp0(argv[1], "--golden") == 0)
		return np_run(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (argc >= 3 && g_strcmp0(argv[1], "--list") == 0)
		return np_check_list(argv[2], argc - 3, argv + 3);
	fprintf(stderr,
	        "usage: %s --run SCENARIO | --golden SCENARIO GOLDEN [FORMATS] | --list DIR "
	        "NAME...\n",
	        argv[0]);
	return 2;
}
