/* numaplan — `numaplan resolve`: one JSON case in, one JSON answer out
 *
 * scenario.md §3 "resolve cases". Each answer says what Nova's
 * numa_get_constraints() gives, what the Hyper-V driver does with it, and
 * where Nova's NUMA fit puts it on the case's host.
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
