/* Reading an input file whole, refusing what is not a regular file (a FIFO
 * or a device would block or never end) and what exceeds a size limit
 * before and while reading it (np-file-private.h). */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "np-error.h"
#include "np-file-private.h"

static GByteArray *
np_too_big(gsize limit, GError **error)
{
	g_set_error(error,
	            NP_ERROR,
	            NP_ERROR_INVALID,
	            "the file exceeds the limit of %" G_GSIZE_FORMAT " MiB",
	            limit / (1024 * 1024));
	return NULL;
}

GByteArray *
np_read_limited(const gchar *path, gsize limit, GError **error)
{
	g_autoptr(GIOChannel) channel = NULL;
	g_autoptr(GByteArray) bytes = g_byte_array_new();
	struct stat info;
	/* non-blocking: a FIFO must not hang the open */
	gint fd = g_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);

	if (fd < 0) {
		gint saved = errno;
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, g_strerror(saved));
		return NULL;
	}
	channel = g_io_channel_unix_new(fd);
	g_io_channel_set_close_on_unref(channel, TRUE);
	if (fstat(fd, &info) != 0) {
		gint saved = errno;
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, g_strerror(saved));
		return NULL;
	}
	if (S_ISDIR(info.st_mode)) {
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, g_strerror(EISDIR));
		return NULL;
	}
	if (!S_ISREG(info.st_mode)) {
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, "not a regular file");
		return NULL;
	}
	if ((guint64)info.st_size > limit)
		return np_too_big(limit, error);
	if (g_io_channel_set_encoding(channel, NULL, error) != G_IO_STATUS_NORMAL)
		return NULL;
	for (;;) {
		gchar buffer[65536];
		gsize got = 0;
		GIOStatus status =
		    g_io_channel_read_chars(channel, buffer, sizeof(buffer), &got, error);
		if (status == G_IO_STATUS_ERROR)
			return NULL;
		g_byte_array_append(bytes, (const guint8 *)buffer, got);
		if (bytes->len > limit)
			return np_too_big(limit, error);
		if (status == G_IO_STATUS_EOF)
			return g_steal_pointer(&bytes);
	}
}
