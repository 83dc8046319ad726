/* Typed values from text: see np-scalar-private.h */
#include <math.h>
#include <string.h>

#include "np-enum-private.h"
#include "np-pos-private.h"
#include "np-scalar-private.h"

gchar *
np_scalar_describe(const NpScalar *value)
{
	g_autofree gchar *shown = NULL;
	switch (value->kind) {
	case NP_SCALAR_LIST:
		return g_strdup("a list");
	case NP_SCALAR_MAPPING:
		return g_strdup("a mapping");
	case NP_SCALAR_STRING:
		return g_strdup("a string");
	case NP_SCALAR_PLAIN:
	default:
		break;
	}
	if (np_scalar_is_null(value))
		return g_strdup("nothing");
	shown = np_show_text(value->text);
	return g_strdup_printf("'%s'", shown);
}

gboolean
np_scalar_is_null(const NpScalar *value)
{
	static const gchar *const nulls[] = {"", "~", "null", "Null", "NULL"};
	return value->kind == NP_SCALAR_PLAIN
	       && np_enum_lookup(nulls, sizeof(nulls[0]), G_N_ELEMENTS(nulls), value->text)
	              < G_N_ELEMENTS(nulls);
}

static gboolean G_GNUC_PRINTF(2, 3) np_say(gchar **message, const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	*message = g_strdup_vprintf(format, args);
	va_end(args);
	return FALSE;
}

static gboolean
np_is_decimal(const gchar *text)
{
	if (*text == '-')
		text++;
	return *text != '\0' && strspn(text, "0123456789") == strlen(text);
}

gboolean
np_scalar_read_int(const NpScalar *value,
                   const gchar *key,
                   gint64 minimum,
                   gint64 maximum,
                   gint64 *out,
                   gchar **message)
{
	g_autofree gchar *shown = NULL;
	gboolean parsed;

	if (value->kind != NP_SCALAR_PLAIN || !np_is_decimal(value->text)) {
		g_autofree gchar *what = np_scalar_describe(value);
		return np_say(message, "%s: expected an integer, got %s", key, what);
	}
	shown = np_show_text(value->text);
	parsed = g_ascii_string_to_signed(value->text, 10, G_MININT64, G_MAXINT64, out, NULL);
	if (minimum >= 0 && value->text[0] == '-' && (!parsed || *out < 0))
		return np_say(message, "%s: must not be negative (got %s)", key, shown);
	if (parsed && *out < minimum)
		return np_say(message,
		              "%s: must be at least %" G_GINT64_FORMAT " (got %" G_GINT64_FORMAT
		              ")",
		              key,
		              minimum,
		              *out);
	if (!parsed || *out > maximum || *out < minimum)
		return np_say(message,
		              "%s: %s is out of range (at most %" G_GINT64_FORMAT ")",
		              key,
		              shown,
		              maximum);
	return TRUE;
}

/* YAML's decimal floats (and integers) */
static gboolean
np_is_float(const gchar *text)
{
	gboolean digits = FALSE;
	if (*text == '-' || *text == '+')
		text++;
	for (; g_ascii_isdigit(*text); text++)
		digits = TRUE;
	if (*text == '.') {
		for (text++; g_ascii_isdigit(*text); text++)
			digits = TRUE;
	}
	if (!digits)
		return FALSE;
	if (*text == 'e' || *text == 'E') {
		text++;
		if (*text == '-' || *text == '+')
			text++;
		if (!g_ascii_isdigit(*text))
			return FALSE;
		while (g_ascii_isdigit(*text))
			text++;
	}
	return *text == '\0';
}

gboolean
np_scalar_read_number(const NpScalar *value,
                      const gchar *key,
                      gboolean positive,
                      gdouble *out,
                      gchar **message)
{
	g_autofree gchar *shown = NULL;

	if (value->kind != NP_SCALAR_PLAIN || !np_is_float(value->text)) {
		g_autofree gchar *what = np_scalar_describe(value);
		return np_say(message, "%s: expected a number, got %s", key, what);
	}
	shown = np_show_text(value->text);
	*out = g_ascii_strtod(value->text, NULL);
	if (!isfinite(*out))
		return np_say(message, "%s: %s is out of range", key, shown);
	if (positive && *out <= 0)
		return np_say(message, "%s: must be greater than 0 (got %s)", key, shown);
	return TRUE;
}

gboolean
np_scalar_read_bool(const NpScalar *value, const gchar *key, gboolean *out, gchar **message)
{
	static const gchar *const yes[] = {"true", "yes", "on"};
	static const gchar *const no[] = {"false", "no", "off"};
	g_autofree gchar *what = NULL;

	if (value->kind == NP_SCALAR_PLAIN) {
		g_autofree gchar *lower = g_ascii_strdown(value->text, -1);
		if (np_enum_lookup(yes, sizeof(yes[0]), G_N_ELEMENTS(yes), lower)
		    < G_N_ELEMENTS(yes)) {
			*out = TRUE;
			return TRUE;
		}
		if (np_enum_lookup(no, sizeof(no[0]), G_N_ELEMENTS(no), lower) < G_N_ELEMENTS(no)) {
			*out = FALSE;
			return TRUE;
		}
	}
	what = np_scalar_describe(value);
	return np_say(message, "%s: expected true or false, got %s", key, what);
}

gboolean
np_scalar_read_name(const NpScalar *value, const gchar *key, const gchar **out, gchar **message)
{
	if (value->kind == NP_SCALAR_LIST || value->kind == NP_SCALAR_MAPPING
	    || np_scalar_is_null(value)) {
		g_autofree gchar *what = np_scalar_describe(value);
		return np_say(message, "%s: expected a name, got %s", key, what);
	}
	if (value->text[0] == '\0')
		return np_say(message, "%s: a name must not be empty", key);
	*out = value->text;
	return TRUE;
}

gboolean
np_scalar_read_enum(const NpScalar *value,
                    const gchar *key,
                    const gchar *const *names,
                    guint n,
                    guint *out,
                    gchar **message)
{
	g_autofree gchar *list = np_enum_describe(names, sizeof(names[0]), n);
	g_autofree gchar *what = np_scalar_describe(value);
	const gchar *suggestion;

	if (value->kind == NP_SCALAR_LIST || value->kind == NP_SCALAR_MAPPING)
		return np_say(message, "%s: expected %s, got %s", key, list, what);
	*out = np_enum_lookup(names, sizeof(names[0]), n, value->text);
	if (*out < n)
		return TRUE;
	suggestion = np_suggest(value->text, names, (gint)n);
	if (suggestion != NULL) {
		g_autofree gchar *shown = np_show_text(value->text);
		return np_say(message,
		              "%s: expected %s, got '%s'; did you mean '%s'?",
		              key,
		              list,
		              shown,
		              suggestion);
	}
	return np_say(message, "%s: expected %s, got %s", key, list, what);
}
