/* Where a command's output goes: stdout, or --output FILE written through
 * a temporary file in the same directory and renamed at the end, so a
 * failure never leaves half a file and the file appears whole or not at
 * all (scenario.md §3) */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "np-cli.h"
#include "np-error-private.h"
#include "np-error.h"

struct _NpCliOutput {
	gchar *path; /* as the user gave it; NULL for stdout */
	gchar *tmp;
	FILE *file;
};

void
np_cli_output_free(NpCliOutput *output)
{
	if (output == NULL)
		return;
	if (output->file != NULL && output->file != stdout)
		fclose(output->file);
	if (output->tmp != NULL)
		g_unlink(output->tmp);
	g_free(output->tmp);
	g_free(output->path);
	g_free(output);
}

/**
 * np_cli_output_open:
 * @path: (nullable): the file, or %NULL or "-" for stdout
 *
 * Returns: (transfer full): the output, or %NULL with an error naming
 * @path (%NP_ERROR_IO)
 */
NpCliOutput *
np_cli_output_open(const gchar *path, GError **error)
{
	g_autoptr(NpCliOutput) output = g_new0(NpCliOutput, 1);
	g_autofree gchar *dir = NULL;
	g_autofree gchar *base = NULL;
	gint fd;

	if (path == NULL || g_strcmp0(path, "-") == 0) {
		output->file = stdout;
		return g_steal_pointer(&output);
	}
	output->path = g_strdup(path);
	dir = g_path_get_dirname(path);
	base = g_path_get_basename(path);
	output->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	fd = g_mkstemp_full(output->tmp, O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0) {
		gint saved = errno;
		g_clear_pointer(&output->tmp, g_free);
		np_set_io_error(error, path, saved);
		return NULL;
	}
	output->file = fdopen(fd, "w");
	if (output->file == NULL) {
		close(fd);
		np_set_io_error(error, path, errno);
		return NULL;
	}
	return g_steal_pointer(&output);
}

/* an NpWriteFunc */
gboolean
np_cli_output_write(const gchar *data, gsize length, gpointer user_data, GError **error)
{
	NpCliOutput *output = user_data;
	if (fwrite(data, 1, length, output->file) != length) {
		np_set_io_error(error,
		                output->path != NULL ? output->path : "standard output",
		                errno);
		return FALSE;
	}
	return TRUE;
}

/* the output is complete: flushed, and for a file renamed into place */
gboolean
np_cli_output_commit(NpCliOutput *output, GError **error)
{
	const gchar *name = output->path != NULL ? output->path : "standard output";
	if (fflush(output->file) != 0 || ferror(output->file)) {
		g_set_error(error, NP_ERROR, NP_ERROR_IO, "%s: writing failed", name);
		return FALSE;
	}
	if (output->path == NULL)
		return TRUE;
	if (fsync(fileno(output->file)) != 0 || fclose(output->file) != 0) {
		output->file = NULL;
		np_set_io_error(error, name, errno);
		return FALSE;
	}
	output->file = NULL;
	if (g_rename(output->tmp, output->path) != 0) {
		np_set_io_error(error, name, errno);
		return FALSE;
	}
	g_clear_pointer(&output->tmp, g_free);
	return TRUE;
}

gboolean
np_cli_write_output(const gchar *path, const gchar *contents, GError **error)
{
	g_autoptr(NpCliOutput) output = np_cli_output_open(path, error);
	return output != NULL && np_cli_output_write(contents, strlen(contents), output, error)
	       && np_cli_output_commit(output, error);
}
