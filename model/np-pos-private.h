/* numaplan — positions in input files, and the one place that formats
 * them: every message about a file starts `PATH:LINE:COLUMN: `
 * (scenario.md §1, §3) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 1-based; line 0 means "no position" (a scenario built in code) */
typedef struct {
	guint32 line;
	guint32 column;
} NpPos;

#define NP_POS_NONE ((NpPos){0, 0})

static inline gboolean
np_pos_is_set(NpPos pos)
{
	return pos.line > 0;
}

/* "PATH:LINE:COLUMN: MESSAGE" in NP_ERROR with @code; without @path or a
 * position the message stands alone. Always FALSE. */
gboolean
np_error_at(GError **error, gint code, const gchar *path, NpPos pos, const gchar *format, ...)
    G_GNUC_PRINTF(5, 6);
gboolean np_error_at_va(GError **error,
                        gint code,
                        const gchar *path,
                        NpPos pos,
                        const gchar *format,
                        va_list args) G_GNUC_PRINTF(5, 0);
/* the prefix alone: "PATH:LINE:COLUMN: " (transfer full) */
gchar *np_pos_prefix(const gchar *path, NpPos pos) G_GNUC_WARN_UNUSED_RESULT;

/* @text for a one-line message: control characters escaped, at most 64
 * characters (transfer full) */
gchar *np_show_text(const gchar *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
