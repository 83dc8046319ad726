/* Python behaviours that decide Nova's answers; see np-py-private.h */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "np-py-private.h"
#include "np-py-unicode.h"

/* binary search in sorted, disjoint ranges */
static gboolean
np_py_in_ranges(const NpPyRange *ranges, gsize n, gunichar c)
{
	gsize lo = 0, hi = n;
	while (lo < hi) {
		gsize mid = lo + (hi - lo) / 2;
		if (c < ranges[mid].first)
			hi = mid;
		else if (c > ranges[mid].last)
			lo = mid + 1;
		else
			return TRUE;
	}
	return FALSE;
}

/* Python's str.isspace() (CPython 3.11's Unicode tables) */
static gboolean
np_py_isspace(gunichar c)
{
	return np_py_in_ranges(np_py_space_ranges, G_N_ELEMENTS(np_py_space_ranges), c);
}

gboolean
np_py_isspace_char(gunichar c)
{
	return np_py_isspace(c);
}

/* Python's Py_UNICODE_TODECIMAL: -1 when @c is no decimal digit */
static gint
np_py_decimal_value(gunichar c)
{
	gsize lo = 0, hi = G_N_ELEMENTS(np_py_decimal_runs);
	if (c >= '0' && c <= '9')
		return (gint)(c - '0');
	if (c < 0x80)
		return -1;
	while (lo < hi) {
		gsize mid = lo + (hi - lo) / 2;
		const NpPyDecimalRun *run = &np_py_decimal_runs[mid];
		if (c < run->first)
			hi = mid;
		else if (c > run->last)
			lo = mid + 1;
		else
			return run->value + (gint)(c - run->first);
	}
	return -1;
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

/* Unicode Other_Lowercase / Other_Uppercase (CPython 3.11: Unicode 14):
 * characters that are cased without being letters */
static gboolean
np_py_is_other_cased(gunichar c)
{
	static const gunichar ranges[][2] = {
	    {0x00aa, 0x00aa},   {0x00ba, 0x00ba},   {0x02b0, 0x02b8},   {0x02c0, 0x02c1},
	    {0x02e0, 0x02e4},   {0x0345, 0x0345},   {0x037a, 0x037a},   {0x10fc, 0x10fc},
	    {0x1d2c, 0x1d6a},   {0x1d78, 0x1d78},   {0x1d9b, 0x1dbf},   {0x2071, 0x2071},
	    {0x207f, 0x207f},   {0x2090, 0x209c},   {0x2160, 0x217f},   {0x24b6, 0x24e9},
	    {0x2c7c, 0x2c7d},   {0xa69c, 0xa69d},   {0xa770, 0xa770},   {0xa7f8, 0xa7f9},
	    {0xab5c, 0xab5f},   {0xab69, 0xab69},   {0x10780, 0x10780}, {0x10783, 0x10785},
	    {0x10787, 0x107b0}, {0x107b2, 0x107ba}, {0x1f130, 0x1f149}, {0x1f150, 0x1f169},
	    {0x1f170, 0x1f189},
	};
	for (guint i = 0; i < G_N_ELEMENTS(ranges); i++) {
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return TRUE;
	}
	return FALSE;
}

/* _PyUnicode_IsCased() */
static gboolean
np_py_is_cased(gunichar c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_LOWERCASE_LETTER:
	case G_UNICODE_UPPERCASE_LETTER:
	case G_UNICODE_TITLECASE_LETTER:
		return TRUE;
	default:
		return np_py_is_other_cased(c);
	}
}

/* _PyUnicode_IsCaseIgnorable(): Mn Me Cf Lm Sk, and Word_Break MidLetter,
 * MidNumLet or Single_Quote */
static gboolean
np_py_is_case_ignorable(gunichar c)
{
	static const gunichar mid[] = {0x0027,
	                               0x002e,
	                               0x003a,
	                               0x00b7,
	                               0x0387,
	                               0x055f,
	                               0x05f4,
	                               0x2018,
	                               0x2019,
	                               0x2024,
	                               0x2027,
	                               0xfe13,
	                               0xfe52,
	                               0xfe55,
	                               0xff07,
	                               0xff0e,
	                               0xff1a};
	switch (g_unichar_type(c)) {
	case G_UNICODE_NON_SPACING_MARK:
	case G_UNICODE_ENCLOSING_MARK:
	case G_UNICODE_FORMAT:
	case G_UNICODE_MODIFIER_LETTER:
	case G_UNICODE_MODIFIER_SYMBOL:
		return TRUE;
	default:
		break;
	}
	for (guint i = 0; i < G_N_ELEMENTS(mid); i++) {
		if (c == mid[i])
			return TRUE;
	}
	return FALSE;
}

/* CPython's handle_capital_sigma(): final sigma after a cased character
 * (case-ignorables skipped) and not before one */
static gboolean
np_py_is_final_sigma(const gunichar *ucs, glong len, glong at)
{
	glong j = at - 1;
	while (j >= 0 && np_py_is_case_ignorable(ucs[j]))
		j--;
	if (j < 0 || !np_py_is_cased(ucs[j]))
		return FALSE;
	j = at + 1;
	while (j < len && np_py_is_case_ignorable(ucs[j]))
		j++;
	return j == len || !np_py_is_cased(ucs[j]);
}

gchar *
np_py_lower(const gchar *str)
{
	glong len = 0;
	g_autofree gunichar *ucs = np_py_decode(str, &len);
	GString *out = g_string_sized_new((gsize)len);
	for (glong i = 0; i < len; i++) {
		gunichar c = ucs[i];
		if (c == 0x3a3) {
			gboolean final = np_py_is_final_sigma(ucs, len, i);
			g_string_append_unichar(out, final ? 0x3c2 : 0x3c3);
		} else if (c == 0x130) {
			/* SpecialCasing: LATIN CAPITAL LETTER I WITH DOT ABOVE */
			g_string_append(out, "i\xcc\x87");
		} else if ((c >= 0x2160 && c <= 0x216f) || (c >= 0x24b6 && c <= 0x24cf)) {
			/* roman numerals and circled letters: GLib has no mapping */
			g_string_append_unichar(out, c + (c <= 0x216f ? 0x10 : 0x1a));
		} else {
			g_string_append_unichar(out, g_unichar_tolower(c));
		}
	}
	return g_string_free(out, FALSE);
}

/* CPython 3.11's sys.get_int_max_str_digits() */
#define NP_PY_INT_MAX_STR_DIGITS 4300

/* int()'s padding: ASCII " \t\n\v\f\r", and any non-ASCII character that
 * str.isspace() accepts. CPython maps only non-ASCII spaces to ' ' before
 * parsing, so the ASCII separators \x1c-\x1f are refused. */
static gboolean
np_py_int_isspace(gunichar c)
{
	if (c < 0x80)
		return c == ' ' || (c >= 0x09 && c <= 0x0d);
	return np_py_isspace(c);
}

typedef struct {
	gboolean negative;
	gboolean overflow; /* the magnitude exceeds NP_PY_INT_MAX */
	unsigned __int128 magnitude;
	glong ndigits;
} NpPyIntScan;

/* int(str)'s syntax: TRUE when @str is a well-formed base-10 literal (the
 * digit limit is left to the caller) */
static gboolean
np_py_int_scan(const gchar *str, NpPyIntScan *scan)
{
	glong len = 0, i = 0;
	g_autofree gunichar *ucs = np_py_decode(str, &len);
	gboolean want_digit = TRUE;

	memset(scan, 0, sizeof(*scan));
	while (i < len && np_py_int_isspace(ucs[i]))
		i++;
	if (i < len && (ucs[i] == '+' || ucs[i] == '-')) {
		scan->negative = ucs[i] == '-';
		i++;
	}
	for (; i < len; i++) {
		gint digit = np_py_decimal_value(ucs[i]);
		if (digit >= 0) {
			unsigned __int128 limit = (unsigned __int128)NP_PY_INT_MAX - (guint)digit;
			if (scan->magnitude > limit / 10)
				scan->overflow = TRUE;
			else
				scan->magnitude = scan->magnitude * 10 + (guint)digit;
			scan->ndigits++;
			want_digit = FALSE;
			continue;
		}
		if (ucs[i] == '_' && !want_digit) {
			want_digit = TRUE;
			continue;
		}
		break;
	}
	if (scan->ndigits == 0 || want_digit)
		return FALSE;
	while (i < len && np_py_int_isspace(ucs[i]))
		i++;
	return i == len;
}

NpPyIntResult
np_py_int_parse_big(const gchar *str, NpPyInt *out)
{
	NpPyIntScan scan;

	*out = 0;
	if (!np_py_int_scan(str, &scan) || scan.ndigits > NP_PY_INT_MAX_STR_DIGITS)
		return NP_PY_INT_INVALID;
	if (scan.overflow) {
		*out = scan.negative ? NP_PY_INT_MIN : NP_PY_INT_MAX;
		return NP_PY_INT_OVERFLOW;
	}
	*out = scan.negative ? -(NpPyInt)scan.magnitude : (NpPyInt)scan.magnitude;
	return NP_PY_INT_OK;
}

gint64
np_py_int_clamp64(NpPyInt value)
{
	if (value > G_MAXINT64)
		return G_MAXINT64;
	if (value < G_MININT64)
		return G_MININT64;
	return (gint64)value;
}

NpPyInt
np_py_int_add(NpPyInt a, NpPyInt b)
{
	if (b > 0 && a > NP_PY_INT_MAX - b)
		return NP_PY_INT_MAX;
	if (b < 0 && a < NP_PY_INT_MIN - b)
		return NP_PY_INT_MIN;
	return a + b;
}

NpPyIntResult
np_py_int_parse(const gchar *str, gint64 *out)
{
	NpPyInt value = 0;
	NpPyIntResult result = np_py_int_parse_big(str, &value);
	*out = np_py_int_clamp64(value);
	if (result == NP_PY_INT_OK && (NpPyInt)*out != value)
		return NP_PY_INT_OVERFLOW;
	return result;
}

gboolean
np_py_int_from_float(gdouble value, NpPyInt *out)
{
	/* 2^127: the first double beyond NpPyInt */
	const gdouble limit = ldexp(1.0, 127);
	*out = 0;
	if (isnan(value) || isinf(value))
		return FALSE;
	if (value >= limit)
		*out = NP_PY_INT_MAX;
	else if (value <= -limit)
		*out = NP_PY_INT_MIN;
	else
		*out = (NpPyInt)value; /* truncates toward zero, as int() does */
	return TRUE;
}

gchar *
np_py_int_to_string(NpPyInt value)
{
	gchar buf[48];
	gsize pos = sizeof(buf) - 1;
	unsigned __int128 magnitude =
	    value < 0 ? (unsigned __int128)0 - (unsigned __int128)value : (unsigned __int128)value;

	buf[pos] = '\0';
	do {
		buf[--pos] = (gchar)('0' + (gint)(magnitude % 10));
		magnitude /= 10;
	} while (magnitude > 0);
	if (value < 0)
		buf[--pos] = '-';
	return g_strdup(buf + pos);
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
	return np_py_in_ranges(np_py_digit_only_ranges, G_N_ELEMENTS(np_py_digit_only_ranges), c);
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
	return !np_py_in_ranges(np_py_unprintable_ranges,
	                        G_N_ELEMENTS(np_py_unprintable_ranges),
	                        c);
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
	g_autofree gchar *repr = NULL;
	NpPyIntScan scan;
	if (np_py_int_scan(str, &scan) && scan.ndigits > NP_PY_INT_MAX_STR_DIGITS)
		return g_strdup_printf("Exceeds the limit (%d digits) for integer string "
		                       "conversion: value has %ld digits; use "
		                       "sys.set_int_max_str_digits() to increase the limit",
		                       NP_PY_INT_MAX_STR_DIGITS,
		                       scan.ndigits);
	repr = np_py_repr_str(str);
	/* CPython formats the value with %.200R */
	if (g_utf8_strlen(repr, -1) > 200) {
		gchar *cut = g_utf8_offset_to_pointer(repr, 200);
		*cut = '\0';
	}
	return g_strdup_printf("invalid literal for int() with base 10: %s", repr);
}

NpPyKibResult
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
			return NP_PY_KIB_INVALID;
		}
	} else if (int_end == int_start) {
		g_string_free(number, TRUE);
		return NP_PY_KIB_INVALID;
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
	} else if ((len - i == 1 && ucs[i] == 'b')
	           || (len - i == 3 && ucs[i] == 'b' && ucs[i + 1] == 'i' && ucs[i + 2] == 't')) {
		bits = TRUE;
	} else {
		g_string_free(number, TRUE);
		return NP_PY_KIB_INVALID;
	}
	magnitude = g_ascii_strtod(number->str, NULL);
	g_string_free(number, TRUE);
	if (bits)
		magnitude /= 8;
	result = magnitude * pow(1024.0, exponent);
	/* int(math.ceil(inf)): "1" * 400 + "B" overflows the float */
	if (isinf(result))
		return NP_PY_KIB_OVERFLOW;
	*out_kib = ceil(result) / 1024.0;
	return NP_PY_KIB_OK;
}
