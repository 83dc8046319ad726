/* A progress line on stderr for long replays: shown only when stderr is
 * a terminal and the work has lasted a second, redrawn at most ten times
 * a second, erased at the end. Never part of any output a program reads.
 * NP_PROGRESS_DELAY_MS changes the second (tests use 0). */
#include <stdio.h>
#include <unistd.h>

#include "np-cli.h"

#define NP_PROGRESS_DELAY_US (1000 * 1000)
#define NP_PROGRESS_EVERY_US (100 * 1000)

void
np_cli_progress_init(NpCliProgress *progress, const gchar *what)
{
	const gchar *delay = g_getenv("NP_PROGRESS_DELAY_MS");
	guint64 ms = 0;

	progress->enabled = isatty(STDERR_FILENO);
	progress->start_us = g_get_monotonic_time();
	progress->last_us = 0;
	progress->delay_us = NP_PROGRESS_DELAY_US;
	if (delay != NULL && g_ascii_string_to_unsigned(delay, 10, 0, 3600000, &ms, NULL))
		progress->delay_us = (gint64)ms * 1000;
	progress->shown = FALSE;
	progress->what = what;
}

static gboolean
np_cli_progress_due(NpCliProgress *progress)
{
	gint64 now;
	if (!progress->enabled)
		return FALSE;
	now = g_get_monotonic_time();
	if (now - progress->start_us < progress->delay_us)
		return FALSE;
	if (progress->shown && now - progress->last_us < NP_PROGRESS_EVERY_US)
		return FALSE;
	progress->last_us = now;
	progress->shown = TRUE;
	return TRUE;
}

void
np_cli_progress_update(guint done, guint total, gpointer data)
{
	NpCliProgress *progress = data;
	if (!np_cli_progress_due(progress) && !(progress->shown && done == total))
		return;
	fprintf(stderr,
	        "\r\033[Knumaplan: %s: event %u of %u (%u%%)",
	        progress->what,
	        done,
	        total,
	        total > 0 ? (guint)((guint64)done * 100 / total) : 100);
	fflush(stderr);
}

void
np_cli_progress_step(NpCliProgress *progress, const gchar *step)
{
	if (!np_cli_progress_due(progress))
		return;
	fprintf(stderr, "\r\033[Knumaplan: %s: %s", progress->what, step);
	fflush(stderr);
}

void
np_cli_progress_end(NpCliProgress *progress)
{
	if (!progress->shown)
		return;
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
	progress->shown = FALSE;
}
