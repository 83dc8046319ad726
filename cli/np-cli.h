/* numaplan — command-line plumbing shared by the subcommands */
#pragma once

#include <glib.h>

#include "np-wsman.h"

G_BEGIN_DECLS

/* exit statuses, scenario.md §3 */
typedef enum {
	NP_EXIT_OK = 0,          /* ran, every expectation held */
	NP_EXIT_EXPECTATION = 1, /* an expectation failed */
	NP_EXIT_BAD_INPUT = 2,   /* bad input or usage; nothing ran */
	NP_EXIT_FAILURE = 3,     /* I/O, a live host */
} NpExit;

typedef struct {
	const gchar *name;
	const gchar *args;
	const gchar *summary;
	/* returns an exit status; sets @error for 2 and 3 */
	gint (*func)(gint argc, gchar **argv, GError **error);
} NpCliCommand;

gint np_cli_resolve(gint argc, gchar **argv, GError **error);
gint np_cli_check(gint argc, gchar **argv, GError **error);
gint np_cli_run(gint argc, gchar **argv, GError **error);
gint np_cli_capacity(gint argc, gchar **argv, GError **error);
gint np_cli_settings(gint argc, gchar **argv, GError **error);
gint np_cli_sweep(gint argc, gchar **argv, GError **error);
gint np_cli_merge(gint argc, gchar **argv, GError **error);
gint np_cli_failover(gint argc, gchar **argv, GError **error);
gint np_cli_compare(gint argc, gchar **argv, GError **error);
gint np_cli_explain(gint argc, gchar **argv, GError **error);

/* --format NAME among @allowed (NpReportFormat bits: 1 << format); NULL
 * is text. An unknown name, or one @command does not write, is bad usage. */
gboolean np_cli_parse_format(const gchar *name,
                             guint allowed,
                             const gchar *command,
                             gint *format,
                             GError **error);
/* the one SCENARIO argument (argv[1]) */
gboolean np_cli_one_path(gint argc, gchar **argv, const gchar **path, GError **error);

/* a progress line on stderr while a long replay runs, only when stderr is
 * a terminal (np-cli-progress.c) */
typedef struct {
	gboolean enabled;
	gint64 start_us;
	gint64 last_us;
	gint64 delay_us;
	gboolean shown;
	const gchar *what;
} NpCliProgress;

void np_cli_progress_init(NpCliProgress *progress, const gchar *what);
/* an NpProgressFunc */
void np_cli_progress_update(guint done, guint total, gpointer progress);
/* a step of the answer after the replay ("flavor 2 of 3") */
void np_cli_progress_step(NpCliProgress *progress, const gchar *step);
/* clears the line */
void np_cli_progress_end(NpCliProgress *progress);
gint np_cli_import(gint argc, gchar **argv, GError **error);
gint np_cli_topology(gint argc, gchar **argv, GError **error);
gint np_cli_plan(gint argc, gchar **argv, GError **error);
gint np_cli_apply(gint argc, gchar **argv, GError **error);

/* the options most commands share, as GOptionEntry initializers */
#define NP_CLI_OPTION_FORMAT(variable, formats)                                        \
	{                                                                              \
		"format", 'f', 0, G_OPTION_ARG_STRING, (variable), (formats), "FORMAT" \
	}
#define NP_CLI_OPTION_OUTPUT(variable)                                     \
	{                                                                  \
		"output", 'o', 0, G_OPTION_ARG_FILENAME, (variable),       \
		    "write to FILE (atomically) instead of stdout", "FILE" \
	}

/* an option or argument refused (NP_ERROR_INVALID: exit status 2, nothing
 * sent); always FALSE */
gboolean np_cli_refuse(GError **error, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

/* a live host's options, shared by import and apply (np-cli-wsman.c) */
typedef struct {
	gchar *url;
	gchar *user;
	gchar *password_file;
	gchar *auth;
	gchar *cacert;
	gboolean insecure;
	gboolean allow_unencrypted;
} NpCliWsman;

void np_cli_wsman_clear(NpCliWsman *w);
/* --wsman and the options that go with it */
void np_cli_wsman_add_entries(GOptionContext *context, NpCliWsman *w);
/* @live FALSE: no option of a live host may be given; TRUE: --auth is
 * known and this build speaks WS-Management. NP_ERROR_INVALID otherwise */
gboolean np_cli_wsman_check(const NpCliWsman *w, gboolean live, GError **error);
void np_cli_wsman_options(const NpCliWsman *w, NpWsmanOptions *options);

/* output to stdout or, atomically, to a file (np-cli-output.c) */
typedef struct _NpCliOutput NpCliOutput;
NpCliOutput *np_cli_output_open(const gchar *path, GError **error);
gboolean np_cli_output_write(const gchar *data, gsize length, gpointer output, GError **error);
gboolean np_cli_output_commit(NpCliOutput *output, GError **error);
void np_cli_output_free(NpCliOutput *output);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpCliOutput, np_cli_output_free)
/* @contents to @path atomically, or to stdout when @path is NULL */
gboolean np_cli_write_output(const gchar *path, const gchar *contents, GError **error);
/* NP_DEBUG_CHECK=1 turns the engine's invariant checker on */
gboolean np_cli_debug_check(void);

G_END_DECLS
