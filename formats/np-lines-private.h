/* numaplan — reading JSON Lines: lines end at '\n' only, each no longer
 * than a limit, with no NUL; a refused line is skipped whole (bounded
 * memory, whatever the input) and reported at its position */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NpLineReader NpLineReader;

/* reads @fd (left open) when @data is %NULL, else @length bytes of @data;
 * @path names the input in messages; lines longer than @max_line bytes
 * (the '\n' not counted) are refused */
NpLineReader *np_line_reader_new(gint fd,
                                 const gchar *data,
                                 gsize length,
                                 const gchar *path,
                                 gsize max_line) G_GNUC_WARN_UNUSED_RESULT;
void np_line_reader_free(NpLineReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpLineReader, np_line_reader_free)

/**
 * np_line_reader_next:
 * @line: (out): the line, NUL-terminated, without its '\n'; valid until
 *   the next call
 * @line_number: (out): its 1-based number
 * @problem: (out): %NULL, or `PATH:LINE:COLUMN: why` when the line is
 *   refused (a NUL byte, longer than the limit); @line is then empty
 *
 * Returns: FALSE at the end of the input or on a read error (@error set)
 */
gboolean np_line_reader_next(NpLineReader *reader,
                             const gchar **line,
                             guint *line_number,
                             gchar **problem,
                             GError **error);

G_END_DECLS
