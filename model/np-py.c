/* Python behaviours that decide Nova's answers; see np-py-private.h */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "np-py-private.h"

/* Python's str.isspace() */
static gboolean
np_py_isspace(gunichar c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Python's Py_UNICODE_TODECIMAL: -1 when @c is no decimal digit */
static gint
np_py_decimal_value(gunichar c)
{
	if (c >= '0' && c <= '9')
		return (gint)(c - '0');
	if (c < 0x80)
		return -1;
	if (g_unichar_type(c) != G_UNICODE_DECIMAL_NUMBER)
		return -1;
	return g_unichar_digit_value(c);
}

static gunichar *
np_py_decode(const gchar *str, glong *len)
{
	gunichar *ucs = g_utf8_to_ucs4(str, -1, NULL, len, NULL);
	if (ucs == NULL) {
		/* not UTF-8: treat bytes as Latin-1 so nothing is lost */
		gsize n = strlen(str);
		ucs = g_new0(gunichar, n + 1);
		for (gsize i = 0; i < n; i++)
			ucs[i] = (guchar)str[i];
		*len = (glong)n;
	}
	return ucs;
}

gchar *
np_py_strip(const gchar *str)
{
	glong len = 0, start = 0, end;
	g_autofree gunichar *ucs = np_py_decode(str, &len);
	end = len;
	while (start < end && np_py_isspace(ucs[start]))
		start++;
	while (end > start && np_py_isspace(ucs[end - 1]))
		end--;
	return g_ucs4_to_utf8(ucs + start, end - start, NULL, NULL, NULL);
}

NpPyIntResult
np_py_int_parse(const gchar *str, gint64 *out)
{
	glong len = 0, i = 0;
	g_autofree gunichar *ucs = np_py_decode(str, &len);
	gboolean negative = FALSE, overflow = FALSE, want_digit = TRUE;
	guint64 magnitude = 0;
	glong ndigits = 0;

	*out = 0;
	while (i < len && np_py_isspace(ucs[i]))
		i++;
	if (i < len && (ucs[i] == '+' || ucs[i] == '-')) {
		negative = ucs[i] == '-';
		i++;
	}
	for (; i < len; i++) {
		gint digit = np_py_decimal_value(ucs[i]);
		if (digit >= 0) {
			if (magnitude > (G_MAXUINT64 - (guint64)digit) / 10)
				overflow = TRUE;
			else
				magnitude = magnitude * 10 + (guint64)digit;
			ndigits++;
			want_digit = FALSE;
			continue;
		}
		if (ucs[i] == '_' && !want_digit) {
			want_digit = TRUE;
			continue;
		}
		break;
	}
	if (ndigits == 0 || want_digit)
		return NP_PY_INT_INVALID;
	while (i < len && np_py_isspace(ucs[i]))
		i++;
	if (i != len)
		return NP_PY_INT_INVALID;
	/* CPython 3.11 refuses to convert more than 4300 digits */
	if (ndigits > 4300)
		return NP_PY_INT_INVALID;
	if (!negative && magnitude > (guint64)G_MAXINT64)
		overflow = TRUE;
	if (negative && magnitude > (guint64)G_MAXINT64 + 1)
		overflow = TRUE;
	if (overflow) {
		*out = negative ? G_MININT64 : G_MAXINT64;
		return NP_PY_INT_OVERFLOW;
	}
	*out = negative ? (gint64)(0 - magnitude) : (gint64)magnitude;
	return NP_PY_INT_OK;
}

gboolean
np_py_is_int_like(const gchar *str)
{
	const gchar *p = str;
	if (*p == '-')
		p++;
	if (*p == '\0')
		return FALSE;
	if (*p == '0')
		return p[1] == '\0' && p == str; /* "0" yes, "-0" and "01" no */
	if (strlen(p) > 4300)
		return FALSE;
	for (; *p != '\0'; p++) {
		if (!g_ascii_isdigit(*p))
			return FALSE;
	}
	return TRUE;
}

gboolean
np_py_bool_from_string(const gchar *str)
{
	static const gchar *true_strings[] = {"1", "t", "true", "on", "y", "yes"};
	g_autofree gchar *stripped = NULL;
	g_autofree gchar *lowered = NULL;
	if (str == NULL)
		return FALSE;
	stripped = np_py_strip(str);
	lowered = g_ascii_strdown(stripped, -1);
	for (guint i = 0; i < G_N_ELEMENTS(true_strings); i++) {
		if (g_strcmp0(lowered, true_strings[i]) == 0)
			return TRUE;
	}
	return FALSE;
}

/* Unicode Numeric_Type=Digit characters that are not decimal digits:
 * str.isdigit() accepts them, int() does not */
static gboolean
np_py_is_digit_not_decimal(gunichar c)
{
	return c == 0xb2 || c == 0xb3 || c == 0xb9 || c == 0x2070 || (c >= 0x2074 && c <= 0x2079) ||
	       (c >= 0x2080 && c <= 0x2089) || (c >= 0x2460 && c <= 0x2468) ||
	       (c >= 0x2474 && c <= 0x247c) || (c >= 0x2488 && c <= 0x2490) || c == 0x24ea ||
	       (c >= 0x24f5 && c <= 0x24fd) || c == 0x24ff || (c >= 0x2776 && c <= 0x277e) ||
	       (c >= 0x2780 && c <= 0x2788) || (c >= 0x278a && c <= 0x2792) ||
	       (c >= 0x1369 && c <= 0x1371) || c == 0x19da;
}

gboolean
np_py_str_isdigit(const gchar *str)
{
	glong len = 0;
	g_autofree gunichar *ucs = np_py_decode(str, &len);
	if (len == 0)
		return FALSE;
	for (glong i = 0; i < len; i++) {
		if (np_py_decimal_value(ucs[i]) < 0 && !np_py_is_digit_not_decimal(ucs[i]))
			return FALSE;
	}
	return TRUE;
}

/* Python's str.isprintable() for one character */
static gboolean
np_py_isprintable(gunichar c)
{
	if (c == ' ')
		return TRUE;
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_UNASSIGNED:
	case G_UNICODE_PRIVATE_USE:
	case G_UNICODE_SURROGATE:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR:
	case G_UNICODE_SPACE_SEPARATOR:
		return FALSE;
	default:
		return TRUE;
	}
}

gchar *
np_py_repr_str(const gchar *str)
{
	glong len = 0;
	g_autofree gunichar *ucs = np_py_decode(str, &len);
	GString *out = g_string_new(NULL);
	gboolean has_single = FALSE, has_double = FALSE;
	gchar quote;

	for (glong i = 0; i < len; i++) {
		has_single |= ucs[i] == '\'';
		has_double |= ucs[i] == '"';
	}
	quote = (has_single && !has_double) ? '"' : '\'';
	g_string_append_c(out, quote);
	for (glong i = 0; i < len; i++) {
		gunichar c = ucs[i];
		if (c == (gunichar)quote || c == '\\') {
			g_string_append_c(out, '\\');
			g_string_append_c(out, (gchar)c);
		} else if (c == '\t') {
			g_string_append(out, "\\t");
		} else if (c == '\n') {
			g_string_append(out, "\\n");
		} else if (c == '\r') {
			g_string_append(out, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			g_string_append_printf(out, "\\x%02x", c);
		} else if (c < 0x7f) {
			g_string_append_c(out, (gchar)c);
		} else if (!np_py_isprintable(c)) {
			if (c <= 0xff)
				g_string_append_printf(out, "\\x%02x", c);
			else if (c <= 0xffff)
				g_string_append_printf(out, "\\u%04x", c);
			else
				g_string_append_printf(out, "\\U%08x", c);
		} else {
			g_string_append_unichar(out, c);
		}
	}
	g_string_append_c(out, quote);
	return g_string_free(out, FALSE);
}

gchar *
np_py_repr_float(gdouble value)
{
	gchar buf[64];
	gchar mantissa[40] = "";
	gint exponent = 0;
	GString *out;
	const gchar *e;

	if (isnan(value))
		return g_strdup("nan");
	if (isinf(value))
		return g_strdup(value > 0 ? "inf" : "-inf");
	/* shortest digits that read back as @value */
	for (gint prec = 0; prec <= 16; prec++) {
		g_autofree gchar *fmt = g_strdup_printf("%%.%de", prec);
		g_ascii_formatd(buf, sizeof(buf), fmt, value);
		if (g_ascii_strtod(buf, NULL) == value)
			break;
	}
	e = strchr(buf, 'e');
	g_strlcpy(mantissa, buf, MIN((gsize)(e - buf) + 1, sizeof(mantissa)));
	exponent = atoi(e + 1);

	out = g_string_new(NULL);
	if (exponent >= -5 + 1 && exponent < 16) {
		/* positional notation, like repr() */
		gboolean negative = mantissa[0] == '-';
		GString *digits = g_string_new(NULL);
		gint point;
		for (const gchar *p = mantissa; *p != '\0'; p++) {
			if (g_ascii_isdigit(*p))
				g_string_append_c(digits, *p);
		}
		point = exponent + 1; /* digits before the point */
		if (negative)
			g_string_append_c(out, '-');
		if (point <= 0) {
			g_string_append(out, "0.");
			for (gint i = 0; i < -point; i++)
				g_string_append_c(out, '0');
			g_string_append(out, digits->str);
		} else if ((gsize)point >= digits->len) {
			g_string_append(out, digits->str);
			for (gsize i = digits->len; i < (gsize)point; i++)
				g_string_append_c(out, '0');
			g_string_append(out, ".0");
		} else {
			g_string_append_len(out, digits->str, point);
			g_string_append_c(out, '.');
			g_string_append(out, digits->str + point);
		}
		g_string_free(digits, TRUE);
	} else {
		g_string_append(out, mantissa);
		g_string_append_printf(out, "e%c%02d", exponent < 0 ? '-' : '+', ABS(exponent));
	}
	return g_string_free(out, FALSE);
}

gchar *
np_py_int_error_message(const gchar *str)
{
	g_autofree gchar *repr = np_py_repr_str(str);
	/* CPython formats the value with %.200R */
	if (g_utf8_strlen(repr, -1) > 200) {
		gchar *cut = g_utf8_offset_to_pointer(repr, 200);
		*cut = '\0';
	}
	return g_strdup_printf("invalid literal for int() with base 10: %s", repr);
}

gboolean
np_py_string_to_kib(const gchar *str, gdouble *out_kib)
{
	/* oslo's IEC pattern: (^[-+]?\d*\.?\d+)([KMGT]i?)?(b|bit|B)$ */
	glong len = 0, i = 0, int_start, int_end, frac_start = -1, frac_end = -1;
	g_autofree gunichar *ucs = np_py_decode(str, &len);
	GString *number = g_string_new(NULL);
	gdouble magnitude, result;
	gint exponent = 0;
	gboolean bits = FALSE;

	/* '$' also matches before one trailing newline */
	if (len > 0 && ucs[len - 1] == '\n')
		len--;
	if (i < len && (ucs[i] == '+' || ucs[i] == '-')) {
		g_string_append_c(number, (gchar)ucs[i]);
		i++;
	}
	int_start = i;
	while (i < len && np_py_decimal_value(ucs[i]) >= 0)
		i++;
	int_end = i;
	if (i < len && ucs[i] == '.') {
		frac_start = ++i;
		while (i < len && np_py_decimal_value(ucs[i]) >= 0)
			i++;
		frac_end = i;
		if (frac_end == frac_start) {
			g_string_free(number, TRUE);
			return FALSE;
		}
	} else if (int_end == int_start) {
		g_string_free(number, TRUE);
		return FALSE;
	}
	for (glong k = int_start; k < int_end; k++)
		g_string_append_c(number, (gchar)('0' + np_py_decimal_value(ucs[k])));
	if (frac_start >= 0) {
		g_string_append_c(number, '.');
		for (glong k = frac_start; k < frac_end; k++)
			g_string_append_c(number, (gchar)('0' + np_py_decimal_value(ucs[k])));
	}
	if (i < len && (ucs[i] == 'K' || ucs[i] == 'M' || ucs[i] == 'G' || ucs[i] == 'T')) {
		exponent = ucs[i] == 'K' ? 1 : ucs[i] == 'M' ? 2 : ucs[i] == 'G' ? 3 : 4;
		i++;
		if (i < len && ucs[i] == 'i')
			i++;
	}
	if (len - i == 1 && ucs[i] == 'B') {
		bits = FALSE;
	} else if ((len - i == 1 && ucs[i] == 'b') ||
		   (len - i == 3 && ucs[i] == 'b' && ucs[i + 1] == 'i' && ucs[i + 2] == 't')) {
		bits = TRUE;
	} else {
		g_string_free(number, TRUE);
		return FALSE;
	}
	magnitude = g_ascii_strtod(number->str, NULL);
	g_string_free(number, TRUE);
	if (bits)
		magnitude /= 8;
	result = magnitude * pow(1024.0, exponent);
	*out_kib = ceil(result) / 1024.0;
	return TRUE;
}
