/* numaplan — escaping for the report formats that are not JSON: HTML
 * (text and attribute values), XML (JUnit) and CSV fields (RFC 4180) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text as HTML text or a quoted attribute value: & < > " ' escaped;
 * invalid UTF-8 and control characters but tab and newline become U+FFFD */
void np_html_append(GString *out, const gchar *text);
/* printf, then np_html_append() of the result */
void np_html_append_printf(GString *out, const gchar *format, ...) G_GNUC_PRINTF(2, 3);
/* the same for XML 1.0: characters XML cannot hold become U+FFFD */
void np_xml_append(GString *out, const gchar *text);

/* CSV (RFC 4180): fields separated by commas, records ended by CRLF; a
 * field holding a comma, a double quote, CR or LF, or starting or ending
 * with a space, is quoted and its quotes doubled. %NULL is an empty field. */
#define NP_CSV_EOL "\r\n"
void np_csv_field(GString *out, const gchar *text);
/* a record: @fields separated by commas, then CRLF */
void np_csv_record(GString *out, const gchar *const *fields, guint n);
void np_csv_int(GString *out, gint64 value);

G_END_DECLS
