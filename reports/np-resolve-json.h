/* numaplan — `numaplan resolve`: one JSON case in, one JSON answer out
 *
 * scenario.md §3 "resolve cases". Each answer says what Nova's
 * numa_get_constraints() gives, what the Hyper-V driver does with it, and
 * where Nova's NUMA fit puts it on the case's host.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "np-lines-private.h"

G_BEGIN_DECLS

/**
 * np_resolve_json_line:
 * @line: one input line (a JSON object)
 * @origin: (nullable): the input's name for messages ("<stdin>" when %NULL)
 * @line_number: where @line is in it (1-based)
 * @bad_line: (out) (optional): TRUE when the answer is an error object
 *
 * Answers one case. Bad input never fails: the answer is then
 * `{"id": ..., "error": "..."}`.
 *
 * Returns: (transfer full): the answer, one line without newline
 */
gchar *np_resolve_json_line(const gchar *line,
                            const gchar *origin,
                            guint line_number,
                            gboolean *bad_line) G_GNUC_WARN_UNUSED_RESULT;

/**
 * np_resolve_json_stream:
 * @reader: the cases, one per line (np-lines-private.h: '\n' ends a line,
 *   NP_JSONL_MAX_LINE_BYTES at most, no NUL)
 * @origin: (nullable): the input's name for messages
 * @out: where the answers go, one line each
 * @any_bad: (out): TRUE when a line was answered with an error
 *
 * Answers every case of @reader; blank lines and lines starting with '#'
 * are skipped. Returns: FALSE on a read or write error
 */
gboolean np_resolve_json_stream(NpLineReader *reader,
                                const gchar *origin,
                                FILE *out,
                                gboolean *any_bad,
                                GError **error);

G_END_DECLS
