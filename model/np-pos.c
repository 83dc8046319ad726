/* Positions and positioned messages: see np-pos-private.h */
#include "np-error.h"
#include "np-pos-private.h"

/* longest user text quoted in a message, in characters */
#define NP_SHOW_MAX 64

gchar *
np_pos_prefix(const gchar *path, NpPos pos)
{
	if (path == NULL)
		return g_strdup("");
	if (!np_pos_is_set(pos))
		return g_strdup_printf("%s: ", path);
	return g_strdup_printf("%s:%u:%u: ", path, pos.line, pos.column);
}

gboolean
np_error_at_va(GError **error,
               gint code,
               const gchar *path,
               NpPos pos,
               const gchar *format,
               va_list args)
{
	g_autofree gchar *message = g_strdup_vprintf(format, args);
	g_autofree gchar *prefix = np_pos_prefix(path, pos);
	g_set_error(error, NP_ERROR, code, "%s%s", prefix, message);
	return FALSE;
}

gboolean
np_error_at(GError **error, gint code, const gchar *path, NpPos pos, const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	np_error_at_va(error, code, path, pos, format, args);
	va_end(args);
	return FALSE;
}

gchar *
np_show_text(const gchar *text)
{
	GString *out = g_string_new(NULL);
	guint chars = 0;
	if (text == NULL)
		return g_string_free(out, FALSE);
	for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		guchar c = (guchar)*p;
		if (chars++ == NP_SHOW_MAX) {
			g_string_append(out, "...");
			break;
		}
		if (c == '\n')
			g_string_append(out, "\\n");
		else if (c == '\t')
			g_string_append(out, "\\t");
		else if (c == '\r')
			g_string_append(out, "\\r");
		else if (c < 0x20 || c == 0x7f)
			g_string_append_printf(out, "\\x%02x", c);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}
