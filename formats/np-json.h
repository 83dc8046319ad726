/* numaplan — JSON helpers on cJSON, shared by the report writers */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "np-pos-private.h"
#include "np-props-private.h"
#include "np-request-private.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(cJSON, cJSON_Delete)

/**
 * np_json_parse:
 * @text: the document
 * @path: (nullable): the file name for error messages
 *
 * Parses @text with cJSON and remembers each number's literal text (in
 * the node's valuestring) so that integers are exact and `2.0` stays a
 * float, as Python's json module would keep them.
 * On error the message is `PATH:LINE:COLUMN: message`.
 */
cJSON *np_json_parse(const gchar *text, gsize length, const gchar *path, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
/* the same for a text that starts on line @first_line of its file */
cJSON *np_json_parse_at(const gchar *text,
                        gsize length,
                        const gchar *path,
                        guint first_line,
                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the same with a limit on the values of the document other than
 * NP_JSON_MAX_VALUES (every parse refuses more than NP_JSON_MAX_DEPTH
 * levels and NP_MAX_KEYS_PER_OBJECT keys in an object) */
cJSON *np_json_parse_limited(const gchar *text,
                             gsize length,
                             const gchar *path,
                             guint first_line,
                             guint max_values,
                             GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE when the number was written without '.', 'e' or 'E' (parsed, or
 * written exactly by np_json_new_int) */
gboolean np_json_number_is_integer(const cJSON *item);
/* the exact integer; FALSE when not an integer or outside gint64 */
gboolean np_json_get_int64(const cJSON *item, gint64 *out);
/* the value as Python holds it after json.loads() */
NpValue *np_json_to_value(const cJSON *item) G_GNUC_WARN_UNUSED_RESULT;
/* Python's str() of the value */
gchar *np_json_python_str(const cJSON *item) G_GNUC_WARN_UNUSED_RESULT;

/* exact, locale-independent number output */
cJSON *np_json_new_int(gint64 value);
cJSON *np_json_new_double(gdouble value);
cJSON *np_json_new_string_or_null(const gchar *value);
void np_json_add_int(cJSON *object, const gchar *key, gint64 value);
void np_json_add_double(cJSON *object, const gchar *key, gdouble value);
void np_json_add_string_or_null(cJSON *object, const gchar *key, const gchar *value);
cJSON *np_json_new_int_array(const GArray *values /* of gint64 */);
/* [{"code", "message", "key"?}] of NpWarning */
cJSON *np_json_new_warnings(const GPtrArray *warnings);

/* --- positions, for messages that point into a file */

/* the 1-based line and column of byte @offset of @text: lines end at
 * '\n', columns count characters */
void np_json_get_position(const gchar *text, gsize offset, guint *line, guint *column);

/**
 * NpJsonPositions:
 *
 * Where each value of a parsed document starts in its text: cJSON keeps no
 * positions, and messages about a value (not only syntax errors) should
 * name its line and column.
 */
typedef struct _NpJsonPositions NpJsonPositions;

NpJsonPositions *
np_json_positions_new(const gchar *text, gsize length, const cJSON *root) G_GNUC_WARN_UNUSED_RESULT;
void np_json_positions_get(const NpJsonPositions *positions,
                           const cJSON *item,
                           guint *line,
                           guint *column);
void np_json_positions_free(NpJsonPositions *positions);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpJsonPositions, np_json_positions_free)

/* a file's bytes as UTF-8 without BOM (UTF-16 with a BOM converted);
 * FALSE with the offset and a description of a NUL or an invalid
 * sequence; shared by the JSON and YAML readers */
gboolean np_text_to_utf8(const gchar *data,
                         gsize length,
                         gchar **text,
                         gsize *text_length,
                         gsize *bad_offset,
                         gchar **problem) G_GNUC_WARN_UNUSED_RESULT;

/* a JSON file's bytes parsed, with the positions of its values */
cJSON *np_json_parse_file(const gchar *data,
                          gsize length,
                          const gchar *path,
                          NpJsonPositions **positions,
                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* one line, no trailing newline */
gchar *np_json_print_line(const cJSON *item) G_GNUC_WARN_UNUSED_RESULT;
/* indented, trailing newline */
gchar *np_json_print_pretty(const cJSON *item) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
