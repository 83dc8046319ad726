/* JSON helpers; see np-json.h */
#include <string.h>

#include "np-error.h"
#include "np-json.h"

static void
np_json_position(const gchar *text, const gchar *at, guint *line, guint *column)
{
	*line = 1;
	*column = 1;
	for (const gchar *p = text; p < at && *p != '\0'; p++) {
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
			while (i < length && (g_ascii_isdigit(text[i]) || text[i] == '-' ||
					      text[i] == '+' || text[i] == '.' || text[i] == 'e' ||
					      text[i] == 'E'))
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
	const gchar *end = NULL;
	cJSON *root;
	g_autoptr(GPtrArray) literals = NULL;
	guint next = 0;

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
		np_json_position(text, at, &line, &column);
		if (at == text + length || *at == '\0')
			g_set_error(error, NP_ERROR, NP_ERROR_PARSE,
				    "%s:%u:%u: unexpected end of JSON", path != NULL ? path : "<input>",
				    line, column);
		else
			g_set_error(error, NP_ERROR, NP_ERROR_PARSE,
				    "%s:%u:%u: invalid JSON near '%c'", path != NULL ? path : "<input>",
				    line, column, g_ascii_isprint(*at) ? *at : '?');
		return NULL;
	}
	literals = np_json_scan_numbers(text, length);
	np_json_attach_literals(root, literals, &next);
	return root;
}

gboolean
np_json_number_is_integer(const cJSON *item)
{
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
			g_autofree gchar *repr = np_python_repr_string(item->valuestring);
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
			g_autofree gchar *key = np_python_repr_string(c->string);
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
		return np_value_new_float(item->valuedouble);
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
	g_autofree gchar *raw = np_python_repr_float(value);
	if (g_strcmp0(raw, "nan") == 0 || g_strcmp0(raw, "inf") == 0 ||
	    g_strcmp0(raw, "-inf") == 0)
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

static gchar *
np_json_steal_cjson_string(gchar *printed)
{
	gchar *copy = g_strdup(printed);
	cJSON_free(printed);
	return copy;
}

gchar *
np_json_print_line(const cJSON *item)
{
	return np_json_steal_cjson_string(cJSON_PrintUnformatted(item));
}

static void
np_json_write_string(GString *out, const gchar *str)
{
	g_string_append_c(out, '"');
	for (const guchar *p = (const guchar *)str; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (gchar)*p);
		}
	}
	g_string_append_c(out, '"');
}

static gboolean
np_json_is_flat(const cJSON *item)
{
	/* arrays of scalars and empty containers stay on one line */
	if (item->child == NULL)
		return TRUE;
	if (!cJSON_IsArray(item))
		return FALSE;
	for (const cJSON *c = item->child; c != NULL; c = c->next) {
		if (cJSON_IsArray(c) || cJSON_IsObject(c))
			return FALSE;
	}
	return TRUE;
}

static void
np_json_write(GString *out, const cJSON *item, guint depth)
{
	if (cJSON_IsRaw(item)) {
		g_string_append(out, item->valuestring);
	} else if (cJSON_IsNull(item)) {
		g_string_append(out, "null");
	} else if (cJSON_IsTrue(item)) {
		g_string_append(out, "true");
	} else if (cJSON_IsFalse(item)) {
		g_string_append(out, "false");
	} else if (cJSON_IsNumber(item)) {
		g_autoptr(NpValue) value = np_json_to_value(item);
		g_string_append(out, value->type == NP_VALUE_FLOAT || value->type == NP_VALUE_INTEGER
					 ? value->str
					 : "null");
	} else if (cJSON_IsString(item)) {
		np_json_write_string(out, item->valuestring);
	} else {
		gboolean object = cJSON_IsObject(item);
		gboolean flat = np_json_is_flat(item);
		g_string_append_c(out, object ? '{' : '[');
		for (const cJSON *c = item->child; c != NULL; c = c->next) {
			if (flat) {
				if (c != item->child)
					g_string_append(out, ", ");
			} else {
				g_string_append_c(out, '\n');
				for (guint i = 0; i < depth + 1; i++)
					g_string_append(out, "  ");
			}
			if (object) {
				np_json_write_string(out, c->string);
				g_string_append(out, ": ");
			}
			np_json_write(out, c, depth + 1);
			if (!flat && c->next != NULL)
				g_string_append_c(out, ',');
		}
		if (!flat) {
			g_string_append_c(out, '\n');
			for (guint i = 0; i < depth; i++)
				g_string_append(out, "  ");
		}
		g_string_append_c(out, object ? '}' : ']');
	}
}

gchar *
np_json_print_pretty(const cJSON *item)
{
	GString *out = g_string_new(NULL);
	np_json_write(out, item, 0);
	g_string_append_c(out, '\n');
	return g_string_free(out, FALSE);
}
