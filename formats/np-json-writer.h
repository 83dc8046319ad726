/* numaplan — the one JSON writer: numaplan's layout (two-space indent;
 * arrays of scalars, empty containers and objects of at most four scalars
 * on one line), streamed as values arrive so a report of any length is
 * written in bounded memory */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _NpJsonWriter NpJsonWriter;

/* writes into @out (not owned); the caller drains it as it likes */
NpJsonWriter *np_json_writer_new(GString *out) G_GNUC_WARN_UNUSED_RESULT;
/* the same on one line, without spaces (JSON Lines) */
NpJsonWriter *np_json_writer_new_compact(GString *out) G_GNUC_WARN_UNUSED_RESULT;
/* one line with ", " and ": " between members, as Python's json.dumps()
 * writes (Nova's _to_json()) */
NpJsonWriter *np_json_writer_new_python(GString *out) G_GNUC_WARN_UNUSED_RESULT;
void np_json_writer_free(NpJsonWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpJsonWriter, np_json_writer_free)

/* @key: the member's name inside an object, %NULL inside an array or at
 * the top */
void np_json_begin_object(NpJsonWriter *writer, const gchar *key);
void np_json_begin_array(NpJsonWriter *writer, const gchar *key);
void np_json_end(NpJsonWriter *writer);
void np_json_int(NpJsonWriter *writer, const gchar *key, gint64 value);
/* exact, locale-independent: Python's repr(); NaN and infinities are null */
void np_json_double(NpJsonWriter *writer, const gchar *key, gdouble value);
/* %NULL writes null */
void np_json_string(NpJsonWriter *writer, const gchar *key, const gchar *value);
void np_json_bool(NpJsonWriter *writer, const gchar *key, gboolean value);
void np_json_null(NpJsonWriter *writer, const gchar *key);
/* a number already written as JSON text */
void np_json_raw(NpJsonWriter *writer, const gchar *key, const gchar *literal);
/* a whole cJSON value */
void np_json_value(NpJsonWriter *writer, const gchar *key, const cJSON *item);
/* TRUE when the output so far is final (no container waits to know its
 * layout): then the caller may drain it */
gboolean np_json_writer_is_settled(const NpJsonWriter *writer);
/* after the top-level value: the closing newline */
void np_json_finish(NpJsonWriter *writer);

G_END_DECLS
