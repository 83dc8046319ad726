/* JSON helpers; see np-json.h */
#include "np-json.h"

#include <string.h>

#include "np-error.h"
#include "np-json-writer.h"
#include "np-limits.h"
#include "np-py-private.h"

void
np_json_get_position(const gchar *text, gsize offset, guint *line, guint *column)
{
	*line = 1;
	*column = 1;
	for (const gchar *p = text; p < text + offset && *p != '\0'; p++) {
		if (*p == '\n') {
			(*line)++;
			*column = 1;
		} else if (((guchar)*p & 0xc0) != 0x80) {
			(*column)++;
		}
	}
}

/* number literals of a valid document, in document order */
static GPtrArray *
np_json_scan_numbers(const gchar *text, gsize length)
{
	GPtrArray *literals = g_ptr_array_new_with_free_func(g_free);
	gsize i = 0;
	while (i < length) {
		gchar c = text[i];
		if (c == '"') {
			i++;
			while (i < length && text[i] != '"') {
				if (text[i] == '\\')
					i++;
				i++;
			}
			i++;
		} else if (c == '-' || g_ascii_isdigit(c)) {
			gsize start = i;
			while (i < length
			       && (g_ascii_isdigit(text[i]) || text[i] == '-' || text[i] == '+'
			           || text[i] == '.' || text[i] == 'e' || text[i] == 'E'))
				i++;
			g_ptr_array_add(literals, g_strndup(text + start, i - start));
		} else if (g_ascii_isalpha(c)) {
			while (i < length && g_ascii_isalpha(text[i]))
				i++;
		} else {
			i++;
		}
	}
	return literals;
}

static void
np_json_attach_literals(cJSON *item, GPtrArray *literals, guint *next)
{
	for (; item != NULL; item = item->next) {
		if (cJSON_IsNumber(item) && *next < literals->len) {
			g_free(item->valuestring);
			item->valuestring = g_strdup(g_ptr_array_index(literals, *next));
			(*next)++;
		}
		if (item->child != NULL)
			np_json_attach_literals(item->child, literals, next);
	}
}

cJSON *
np_json_parse(const gchar *text, gsize length, const gchar *path, GError **error)
{
	return np_json_parse_at(text, length, path, 1, error);
}

/* refuses, before cJSON builds anything, a document over the limits on
 * nesting, values and keys per object (np-limits.h): cJSON spends about
 * 150 bytes per value and recurses per level. Syntax is cJSON's to judge:
 * this only counts. */
static gboolean
np_json_check_limits(const gchar *text,
                     gsize length,
                     const gchar *path,
                     guint first_line,
                     guint max_values,
                     GError **error)
{
	guint keys[NP_JSON_MAX_DEPTH + 1] = {0};
	gboolean in_object[NP_JSON_MAX_DEPTH + 1] = {FALSE};
	guint depth = 0, values = 0;
	gsize last_string = 0;
	const gchar *what = NULL, *unit = NULL;
	guint limit = 0;
	gsize at = 0;

	for (gsize i = 0; i < length && what == NULL; i++) {
		gchar c = text[i];
		switch (c) {
		case '"':
			last_string = i;
			values++;
			for (i++; i < length && text[i] != '"'; i++)
				if (text[i] == '\\')
					i++;
			break;
		case '{':
		case '[':
			values++;
			if (depth == NP_JSON_MAX_DEPTH) {
				what = "nesting exceeds";
				unit = "levels";
				limit = NP_JSON_MAX_DEPTH;
				at = i;
				break;
			}
			depth++;
			keys[depth] = 0;
			in_object[depth] = c == '{';
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			break;
		case ':':
			/* the string before it was a key, not a value */
			if (values > 0)
				values--;
			if (depth > 0 && in_object[depth]
			    && ++keys[depth] > NP_MAX_KEYS_PER_OBJECT) {
				what = "an object exceeds";
				unit = "keys";
				limit = NP_MAX_KEYS_PER_OBJECT;
				at = last_string;
			}
			break;
		default:
			if (c == '-' || g_ascii_isalnum(c)) {
				values++;
				while (i + 1 < length
				       && (g_ascii_isalnum(text[i + 1]) || text[i + 1] == '.'
				           || text[i + 1] == '+' || text[i + 1] == '-'))
					i++;
			}
			break;
		}
		if (what == NULL && values > max_values) {
			what = "the document exceeds";
			unit = "values";
			limit = max_values;
			at = i;
		}
	}
	if (what != NULL) {
		guint line, column;
		np_json_get_position(text, at, &line, &column);
		np_error_at(error,
		            NP_ERROR_PARSE,
		            path != NULL ? path : "<input>",
		            (NpPos){line + first_line - 1, column},
		            "%s the limit of %u %s",
		            what,
		            limit,
		            unit);
		return FALSE;
	}
	return TRUE;
}

cJSON *
np_json_parse_at(const gchar *text,
                 gsize length,
                 const gchar *path,
                 guint first_line,
                 GError **error)
{
	return np_json_parse_limited(text, length, path, first_line, NP_JSON_MAX_VALUES, error);
}

cJSON *
np_json_parse_limited(const gchar *text,
                      gsize length,
                      const gchar *path,
                      guint first_line,
                      guint max_values,
                      GError **error)
{
	const gchar *end = NULL;
	cJSON *root;
	g_autoptr(GPtrArray) literals = NULL;
	guint next = 0;

	if (!np_json_check_limits(text, length, path, first_line, max_values, error))
		return NULL;
	root = cJSON_ParseWithLengthOpts(text, length, &end, FALSE);
	if (root != NULL && end != NULL) {
		/* only whitespace may follow the document */
		const gchar *p = end;
		while (p < text + length && g_ascii_isspace(*p))
			p++;
		if (p < text + length) {
			cJSON_Delete(root);
			root = NULL;
			end = p;
		}
	}
	if (root == NULL) {
		if (end == NULL)
			end = cJSON_GetErrorPtr();
		guint line, column;
		const gchar *at = end != NULL ? end : text;

		if (at < text || at > text + length)
			at = text;
		/* cJSON can stop one past the culprit (the line break after a
		 * '}' that follows a trailing comma): point at the culprit */
		while (at > text && at < text + length && g_ascii_isspace(*at))
			at--;
		np_json_get_position(text, (gsize)(at - text), &line, &column);
		line += first_line - 1;
		if (at == text + length || *at == '\0')
			np_error_at(error,
			            NP_ERROR_PARSE,
			            path != NULL ? path : "<input>",
			            (NpPos){line, column},
			            "unexpected end of JSON");
		else
			np_error_at(error,
			            NP_ERROR_PARSE,
			            path != NULL ? path : "<input>",
			            (NpPos){line, column},
			            "invalid JSON near '%c'",
			            g_ascii_isprint(*at) ? *at : '?');
		return NULL;
	}
	literals = np_json_scan_numbers(text, length);
	np_json_attach_literals(root, literals, &next);
	return root;
}

gboolean
np_json_number_is_integer(const cJSON *item)
{
	/* raw nodes are the exact numbers numaplan writes (np_json_new_int) */
	if (cJSON_IsRaw(item))
		return item->valuestring != NULL && strpbrk(item->valuestring, ".eEna") == NULL;
	if (!cJSON_IsNumber(item))
		return FALSE;
	if (item->valuestring == NULL)
		return item->valuedouble == (gdouble)(gint64)item->valuedouble;
	return strpbrk(item->valuestring, ".eE") == NULL;
}

gboolean
np_json_get_int64(const cJSON *item, gint64 *out)
{
	if (!np_json_number_is_integer(item))
		return FALSE;
	if (item->valuestring == NULL) {
		*out = (gint64)item->valuedouble;
		return TRUE;
	}
	return g_ascii_string_to_signed(item->valuestring, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static void
np_json_python_repr_append(GString *out, const cJSON *item, gboolean top)
{
	if (cJSON_IsString(item)) {
		if (top) {
			g_string_append(out, item->valuestring);
		} else {
			g_autofree gchar *repr = np_py_repr_str(item->valuestring);
			g_string_append(out, repr);
		}
	} else if (cJSON_IsNumber(item)) {
		g_autoptr(NpValue) value = np_json_to_value(item);
		g_string_append(out, value->str);
	} else if (cJSON_IsBool(item)) {
		g_string_append(out, cJSON_IsTrue(item) ? "True" : "False");
	} else if (cJSON_IsNull(item)) {
		g_string_append(out, "None");
	} else if (cJSON_IsArray(item)) {
		g_string_append_c(out, '[');
		for (const cJSON *c = item->child; c != NULL; c = c->next) {
			np_json_python_repr_append(out, c, FALSE);
			if (c->next != NULL)
				g_string_append(out, ", ");
		}
		g_string_append_c(out, ']');
	} else if (cJSON_IsObject(item)) {
		g_string_append_c(out, '{');
		for (const cJSON *c = item->child; c != NULL; c = c->next) {
			g_autofree gchar *key = np_py_repr_str(c->string);
			g_string_append_printf(out, "%s: ", key);
			np_json_python_repr_append(out, c, FALSE);
			if (c->next != NULL)
				g_string_append(out, ", ");
		}
		g_string_append_c(out, '}');
	}
}

gchar *
np_json_python_str(const cJSON *item)
{
	GString *out = g_string_new(NULL);
	np_json_python_repr_append(out, item, TRUE);
	return g_string_free(out, FALSE);
}

NpValue *
np_json_to_value(const cJSON *item)
{
	if (cJSON_IsString(item))
		return np_value_new_string(item->valuestring);
	if (cJSON_IsNumber(item)) {
		gint64 integer = 0;
		if (np_json_number_is_integer(item)) {
			if (np_json_get_int64(item, &integer))
				return np_value_new_integer(integer);
			/* beyond gint64: saturate, keep the digits */
			{
				NpValue *value = np_value_new_integer(
				    item->valuedouble < 0 ? G_MININT64 : G_MAXINT64);
				g_free(value->str);
				value->str = g_strdup(item->valuestring);
				return value;
			}
		}
		{
			g_autofree gchar *repr = np_py_repr_float(item->valuedouble);
			return np_value_new_float(item->valuedouble, repr);
		}
	}
	if (cJSON_IsBool(item))
		return np_value_new_boolean(cJSON_IsTrue(item));
	if (cJSON_IsNull(item))
		return np_value_new_null();
	{
		g_autofree gchar *str = np_json_python_str(item);
		return np_value_new_container(cJSON_IsArray(item) ? NP_VALUE_LIST : NP_VALUE_OBJECT,
		                              str);
	}
}

cJSON *
np_json_new_int(gint64 value)
{
	g_autofree gchar *raw = g_strdup_printf("%" G_GINT64_FORMAT, value);
	return cJSON_CreateRaw(raw);
}

cJSON *
np_json_new_double(gdouble value)
{
	g_autofree gchar *raw = np_py_repr_float(value);
	if (g_strcmp0(raw, "nan") == 0 || g_strcmp0(raw, "inf") == 0 || g_strcmp0(raw, "-inf") == 0)
		return cJSON_CreateNull();
	return cJSON_CreateRaw(raw);
}

cJSON *
np_json_new_string_or_null(const gchar *value)
{
	return value != NULL ? cJSON_CreateString(value) : cJSON_CreateNull();
}

void
np_json_add_int(cJSON *object, const gchar *key, gint64 value)
{
	cJSON_AddItemToObject(object, key, np_json_new_int(value));
}

void
np_json_add_double(cJSON *object, const gchar *key, gdouble value)
{
	cJSON_AddItemToObject(object, key, np_json_new_double(value));
}

void
np_json_add_string_or_null(cJSON *object, const gchar *key, const gchar *value)
{
	cJSON_AddItemToObject(object, key, np_json_new_string_or_null(value));
}

cJSON *
np_json_new_int_array(const GArray *values)
{
	cJSON *array = cJSON_CreateArray();
	for (guint i = 0; values != NULL && i < values->len; i++)
		cJSON_AddItemToArray(array, np_json_new_int(g_array_index(values, gint64, i)));
	return array;
}

gchar *
np_json_print_line(const cJSON *item)
{
	GString *out = g_string_new(NULL);
	g_autoptr(NpJsonWriter) writer = np_json_writer_new_compact(out);
	np_json_value(writer, NULL, item);
	return g_string_free(out, FALSE);
}

gchar *
np_json_print_pretty(const cJSON *item)
{
	GString *out = g_string_new(NULL);
	g_autoptr(NpJsonWriter) writer = np_json_writer_new(out);
	np_json_value(writer, NULL, item);
	np_json_finish(writer);
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------ positions */

typedef struct {
	guint line;
	guint column;
} NpJsonPosition;

struct _NpJsonPositions {
	GHashTable *index; /* cJSON * → 1 + its entry in @positions */
	GArray *positions; /* of NpJsonPosition, values in document order */
};

static void
np_json_collect_items(const cJSON *item, GPtrArray *items)
{
	/* pre-order, as the values appear in the text */
	for (; item != NULL; item = item->next) {
		g_ptr_array_add(items, (gpointer)item);
		if (item->child != NULL)
			np_json_collect_items(item->child, items);
	}
}

static gboolean
np_json_is_delimiter(gchar c)
{
	return c == ',' || c == ':' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\r'
	       || c == '\n';
}

/**
 * np_json_positions_new:
 * @text: the document @root was parsed from; it must be valid JSON
 * @length: its length in bytes
 * @root: the parsed document
 *
 * Walks @text once, noting where each value starts (object keys are not
 * values), and pairs the values with the nodes of @root, which cJSON keeps
 * in the same order.
 *
 * Returns: (transfer full): the index
 */
NpJsonPositions *
np_json_positions_new(const gchar *text, gsize length, const cJSON *root)
{
	g_autoptr(NpJsonPositions) positions = g_new0(NpJsonPositions, 1);
	g_autoptr(GString) stack = g_string_new(NULL); /* the open '{' and '[' */
	g_autoptr(GPtrArray) items = g_ptr_array_new();
	gboolean expect_key = FALSE;
	NpJsonPosition at = {1, 1};
	gsize i = 0;

	positions->index = g_hash_table_new(NULL, NULL);
	positions->positions = g_array_new(FALSE, FALSE, sizeof(NpJsonPosition));
	while (i < length) {
		NpJsonPosition start = at;
		gsize from = i;
		gchar c = text[i];
		gboolean value = FALSE;

		if (c == '"') {
			for (i++; i < length && text[i] != '"'; i++) {
				if (text[i] == '\\')
					i++;
			}
			i++;
			value = !expect_key;
		} else if (c == '{' || c == '[') {
			g_string_append_c(stack, c);
			value = TRUE;
			expect_key = c == '{';
			i++;
		} else if (c == '}' || c == ']') {
			if (stack->len > 0)
				g_string_truncate(stack, stack->len - 1);
			expect_key = FALSE;
			i++;
		} else if (c == ',') {
			expect_key = stack->len > 0 && stack->str[stack->len - 1] == '{';
			i++;
		} else if (c == ':') {
			expect_key = FALSE;
			i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			i++;
		} else {
			while (i < length && !np_json_is_delimiter(text[i]))
				i++;
			value = TRUE;
		}
		if (value)
			g_array_append_val(positions->positions, start);
		for (; from < i && from < length; from++) {
			if (text[from] == '\n') {
				at.line++;
				at.column = 1;
			} else if (((guchar)text[from] & 0xc0) != 0x80) {
				at.column++;
			}
		}
	}
	np_json_collect_items(root, items);
	/* a mismatch can only come from text that is not @root's: then no
	 * value has a known position */
	if (items->len == positions->positions->len) {
		for (guint k = 0; k < items->len; k++)
			g_hash_table_insert(positions->index,
			                    g_ptr_array_index(items, k),
			                    GUINT_TO_POINTER(k + 1));
	}
	return g_steal_pointer(&positions);
}

/**
 * np_json_positions_get:
 * @positions: an index from np_json_positions_new()
 * @item: a node of the indexed document
 * @line: (out): 1-based line of its first character, 1 when unknown
 * @column: (out): 1-based column (characters), 1 when unknown
 */
void
np_json_positions_get(const NpJsonPositions *positions,
                      const cJSON *item,
                      guint *line,
                      guint *column)
{
	guint k;
	*line = 1;
	*column = 1;
	g_return_if_fail(positions != NULL);
	k = GPOINTER_TO_UINT(g_hash_table_lookup(positions->index, item));
	if (k == 0)
		return;
	*line = g_array_index(positions->positions, NpJsonPosition, k - 1).line;
	*column = g_array_index(positions->positions, NpJsonPosition, k - 1).column;
}

void
np_json_positions_free(NpJsonPositions *positions)
{
	if (positions == NULL)
		return;
	if (positions->index != NULL)
		g_hash_table_unref(positions->index);
	if (positions->positions != NULL)
		g_array_unref(positions->positions);
	g_free(positions);
}

/* ----------------------------------------------------------------- text */

/**
 * np_text_to_utf8:
 * @data: a file's bytes
 * @length: their number
 * @text: (out) (transfer full): the text as UTF-8, NUL-terminated, without
 *   a byte-order mark; on failure the part before the problem
 * @text_length: (out): its length in bytes
 * @bad_offset: (out): on failure, where in @text the problem is
 * @problem: (out) (transfer full): on failure, what it is
 *
 * UTF-16 (LE or BE) with a byte-order mark is converted, as Windows
 * PowerShell 5.1 writes it; a UTF-8 byte-order mark is dropped. The text
 * must then be valid UTF-8 without NUL characters.
 *
 * Returns: %TRUE when the text is usable
 */
gboolean
np_text_to_utf8(const gchar *data,
                gsize length,
                gchar **text,
                gsize *text_length,
                gsize *bad_offset,
                gchar **problem)
{
	g_autofree gchar *converted = NULL;
	gsize converted_length = 0;
	const gchar *encoding = NULL;
	const gchar *end = NULL;

	*problem = NULL;
	*bad_offset = 0;
	if (length >= 2 && (guchar)data[0] == 0xff && (guchar)data[1] == 0xfe)
		encoding = "UTF-16LE";
	else if (length >= 2 && (guchar)data[0] == 0xfe && (guchar)data[1] == 0xff)
		encoding = "UTF-16BE";
	if (encoding != NULL) {
		gsize read = 0;
		converted = g_convert(data + 2,
		                      length - 2,
		                      "UTF-8",
		                      encoding,
		                      &read,
		                      &converted_length,
		                      NULL);
		/* a cut character at the end converts "successfully", short */
		if (converted == NULL || read < length - 2) {
			g_free(converted);
			/* what comes before the bad sequence converts, and places it */
			converted = g_convert(data + 2,
			                      read,
			                      "UTF-8",
			                      encoding,
			                      NULL,
			                      &converted_length,
			                      NULL);
			if (converted == NULL) {
				converted = g_strdup("");
				converted_length = 0;
			}
			*bad_offset = converted_length;
			*problem = g_strdup_printf("invalid %s text", encoding);
			*text_length = converted_length;
			*text = g_steal_pointer(&converted);
			return FALSE;
		}
	} else {
		if (length >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
			data += 3;
			length -= 3;
		}
		converted = g_malloc(length + 1);
		memcpy(converted, data, length);
		converted[length] = '\0';
		converted_length = length;
	}
	*text_length = converted_length;
	if (!g_utf8_validate_len(converted, converted_length, &end)) {
		*bad_offset = (gsize)(end - converted);
		if (*end == '\0')
			*problem = g_strdup("a NUL character is not allowed");
		else
			*problem = g_strdup_printf("invalid UTF-8 (byte 0x%02x)", (guchar)*end);
		*text = g_steal_pointer(&converted);
		return FALSE;
	}
	*text = g_steal_pointer(&converted);
	return TRUE;
}

/**
 * np_json_parse_file:
 * @data: a JSON file's bytes (UTF-8, or UTF-16 with a byte-order mark)
 * @length: their number
 * @path: names the file in messages
 * @positions: (out): where each value of the document starts
 *
 * np_text_to_utf8(), np_json_parse() and np_json_positions_new() in one:
 * what a reader that names values by FILE:LINE:COLUMN needs.
 *
 * Returns: (transfer full): the document, or %NULL with %NP_ERROR_PARSE
 * at the fault
 */
cJSON *
np_json_parse_file(const gchar *data,
                   gsize length,
                   const gchar *path,
                   NpJsonPositions **positions,
                   GError **error)
{
	g_autofree gchar *text = NULL;
	g_autofree gchar *problem = NULL;
	gsize text_length = 0;
	gsize bad = 0;
	cJSON *root;

	if (!np_text_to_utf8(data != NULL ? data : "",
	                     length,
	                     &text,
	                     &text_length,
	                     &bad,
	                     &problem)) {
		guint line, column;
		np_json_get_position(text, bad, &line, &column);
		np_error_at(error, NP_ERROR_PARSE, path, (NpPos){line, column}, "%s", problem);
		return NULL;
	}
	root = np_json_parse(text, text_length, path, error);
	if (root != NULL)
		*positions = np_json_positions_new(text, text_length, root);
	return root;
}

cJSON *
np_json_new_warnings(const GPtrArray *warnings)
{
	cJSON *array = cJSON_CreateArray();
	for (guint i = 0; warnings != NULL && i < warnings->len; i++) {
		const NpWarning *w = g_ptr_array_index(warnings, i);
		cJSON *obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "code", np_code_to_string(w->code));
		np_json_add_string_or_null(obj, "message", w->message);
		if (w->key != NULL)
			cJSON_AddStringToObject(obj, "key", w->key);
		cJSON_AddItemToArray(array, obj);
	}
	return array;
}
