/* JSON Lines input; see np-lines-private.h */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "np-error-private.h"
#include "np-error.h"
#include "np-json.h"
#include "np-lines-private.h"
#include "np-pos-private.h"

struct _NpLineReader {
	gint fd;
	const gchar *data; /* memory input, or the chunk read from fd */
	gsize length;
	gsize offset;
	gchar *chunk;
	gchar *path;
	gsize max_line;
	GString *line;
	guint line_number;
	gboolean eof;
};

NpLineReader *
np_line_reader_new(gint fd, const gchar *data, gsize length, const gchar *path, gsize max_line)
{
	NpLineReader *reader = g_new0(NpLineReader, 1);
	reader->fd = data != NULL ? -1 : fd;
	reader->data = data;
	reader->length = data != NULL ? length : 0;
	reader->chunk = data != NULL ? NULL : g_malloc(65536);
	reader->path = g_strdup(path != NULL ? path : "<stdin>");
	reader->max_line = max_line;
	reader->line = g_string_sized_new(256);
	return reader;
}

void
np_line_reader_free(NpLineReader *reader)
{
	if (reader == NULL)
		return;
	g_free(reader->chunk);
	g_free(reader->path);
	g_string_free(reader->line, TRUE);
	g_free(reader);
}

/* more bytes in data[offset..length); FALSE at the end */
static gboolean
np_line_reader_fill(NpLineReader *reader, GError **error)
{
	if (reader->offset < reader->length)
		return TRUE;
	if (reader->fd < 0 || reader->eof)
		return FALSE;
	for (;;) {
		gssize got = read(reader->fd, reader->chunk, 65536);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			gint saved = errno;
			np_set_io_error(error, reader->path, saved);
			return FALSE;
		}
		if (got == 0) {
			reader->eof = TRUE;
			return FALSE;
		}
		reader->data = reader->chunk;
		reader->length = (gsize)got;
		reader->offset = 0;
		return TRUE;
	}
}

/* characters in @text[0..@bytes), plus one: a 1-based column */
static guint
np_line_column(const gchar *text, gsize bytes)
{
	guint line = 1, column = 1;
	np_json_get_position(text, bytes, &line, &column);
	return column;
}

gboolean
np_line_reader_next(NpLineReader *reader,
                    const gchar **line,
                    guint *line_number,
                    gchar **problem,
                    GError **error)
{
	gboolean too_long = FALSE, any = FALSE;
	gssize nul = -1;

	*problem = NULL;
	g_string_truncate(reader->line, 0);
	for (;;) {
		const gchar *start, *newline;
		gsize size, keep;
		g_autoptr(GError) local = NULL;

		if (!np_line_reader_fill(reader, &local)) {
			if (local != NULL) {
				g_propagate_error(error, g_steal_pointer(&local));
				return FALSE;
			}
			if (!any)
				return FALSE;
			break; /* a last line without '\n' */
		}
		any = TRUE;
		start = reader->data + reader->offset;
		size = reader->length - reader->offset;
		newline = memchr(start, '\n', size);
		if (newline != NULL)
			size = (gsize)(newline - start);
		/* a refused line is read to its end but not kept */
		keep = too_long || nul >= 0 ? 0 : size;
		if (reader->line->len + keep > reader->max_line) {
			keep = reader->max_line - reader->line->len;
			too_long = TRUE;
		}
		if (keep > 0) {
			const gchar *zero = memchr(start, '\0', keep);
			if (zero != NULL) {
				nul = (gssize)(reader->line->len + (gsize)(zero - start));
				keep = (gsize)(zero - start);
			}
			g_string_append_len(reader->line, start, (gssize)keep);
		}
		reader->offset += size + (newline != NULL ? 1 : 0);
		if (newline != NULL)
			break;
	}
	reader->line_number++;
	*line_number = reader->line_number;
	if (nul >= 0 || too_long) {
		NpPos pos = {reader->line_number,
		             np_line_column(reader->line->str, reader->line->len)};
		g_autoptr(GError) refused = NULL;
		if (nul >= 0)
			np_error_at(&refused,
			            NP_ERROR_PARSE,
			            reader->path,
			            pos,
			            "NUL byte in a line (JSON Lines are text)");
		else
			np_error_at(&refused,
			            NP_ERROR_PARSE,
			            reader->path,
			            pos,
			            "the line exceeds the limit of %" G_GSIZE_FORMAT " bytes",
			            reader->max_line);
		*problem = g_strdup(refused->message);
		g_string_truncate(reader->line, 0);
	}
	*line = reader->line->str;
	return TRUE;
}
