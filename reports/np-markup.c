/* Escaping for HTML, XML and CSV (np-markup.h) */
#include "np-markup.h"

#include <string.h>

/* a character XML 1.0 can hold (HTML too, but for tab and newline) */
static gboolean
np_xml_char_ok(gunichar c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
	       || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static void
np_markup_append(GString *out, const gchar *text, gboolean html)
{
	const gchar *p = text;
	const gchar *end;

	if (text == NULL)
		return;
	end = text + strlen(text);
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append(out, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		switch (c) {
		case '&':
			g_string_append(out, "&amp;");
			break;
		case '<':
			g_string_append(out, "&lt;");
			break;
		case '>':
			g_string_append(out, "&gt;");
			break;
		case '"':
			g_string_append(out, "&quot;");
			break;
		case '\'':
			g_string_append(out, "&#39;");
			break;
		default:
			if (!np_xml_char_ok(c) || (html && c == 0xD) || (c >= 0x7F && c <= 0x9F))
				g_string_append(out, "\xEF\xBF\xBD");
			else
				g_string_append_len(out, p, g_utf8_next_char(p) - p);
			break;
		}
		p = g_utf8_next_char(p);
	}
}

void
np_html_append(GString *out, const gchar *text)
{
	np_markup_append(out, text, TRUE);
}

void
np_html_append_printf(GString *out, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *text = NULL;
	va_start(args, format);
	text = g_strdup_vprintf(format, args);
	va_end(args);
	np_html_append(out, text);
}

void
np_xml_append(GString *out, const gchar *text)
{
	np_markup_append(out, text, FALSE);
}

void
np_csv_field(GString *out, const gchar *text)
{
	gsize len;
	if (text == NULL)
		return;
	len = strlen(text);
	if (strpbrk(text, ",\"\r\n") == NULL
	    && (len == 0 || (text[0] != ' ' && text[len - 1] != ' '))) {
		g_string_append(out, text);
		return;
	}
	g_string_append_c(out, '"');
	for (const gchar *p = text; *p != '\0'; p++) {
		if (*p == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

void
np_csv_record(GString *out, const gchar *const *fields, guint n)
{
	for (guint i = 0; i < n; i++) {
		if (i > 0)
			g_string_append_c(out, ',');
		np_csv_field(out, fields[i]);
	}
	g_string_append(out, NP_CSV_EOL);
}

void
np_csv_int(GString *out, gint64 value)
{
	g_string_append_printf(out, "%" G_GINT64_FORMAT, value);
}
