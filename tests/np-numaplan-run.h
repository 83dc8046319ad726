/* numaplan tests — running the numaplan program as a user would, and
 * checking what an import wrote (tests/test-import.c,
 * tests/hyperv/test-import-live.c) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* what a run gave: exit status, stdout, stderr */
typedef struct {
	gint status;
	gchar *out;
	gchar *err;
} NpRun;

void np_run_clear(NpRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpRun, np_run_clear)

#define ARGV(...) ((const gchar *const[]){__VA_ARGS__, NULL})

/* runs $NP_NUMAPLAN with @args (NULL-terminated) in @env (NULL: ours);
 * FALSE, said on stderr, when it could not start or did not exit */
gboolean np_numaplan_run(NpRun *run, gchar **env, const gchar *const *args);
/* it exited with @status; otherwise says what came out */
gboolean np_ran(const NpRun *run, gint status);
/* @actual equals the file @golden (NP_TEST_REGENERATE=1 rewrites it) */
gboolean np_same_as_golden(const gchar *actual, const gchar *golden);
/* @text loads, and written again with @header gives the same bytes */
gboolean np_round_trips(const gchar *text, const gchar *header, const gchar *what);
/* `numaplan check` and `numaplan run` take the file @path */
gboolean np_runs(const gchar *path);

G_END_DECLS
