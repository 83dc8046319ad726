/* numaplan resolve: JSON Lines in, JSON Lines out (scenario.md §3) */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "np-cli.h"
#include "np-error-private.h"
#include "np-error.h"
#include "np-limits.h"
#include "np-resolve-json.h"

/* a file descriptor closed when it goes out of scope (g_autofd is GLib
 * 2.76) */
typedef gint NpFd;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC(NpFd, close, -1)

gint
np_cli_resolve(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *input = NULL;
	g_autoptr(GOptionContext) context = NULL;
	g_autoptr(NpLineReader) reader = NULL;
	g_auto(NpFd) fd = -1;
	gboolean any_bad = FALSE;
	GOptionEntry entries[] = {{"input",
	                           'i',
	                           0,
	                           G_OPTION_ARG_FILENAME,
	                           &input,
	                           "read cases from FILE, not stdin",
	                           "FILE"},
	                          {NULL, 0, 0, 0, NULL, NULL, NULL}};

	context = g_option_context_new("< CASES.jsonl");
	g_option_context_set_summary(
	    context,
	    "Answers one request-resolution case per input line, one JSON answer per output\n"
	    "line, in input order: Nova's numa_get_constraints() ('constraints'), the\n"
	    "Hyper-V driver and os-win settings ('hyperv'), Nova's NUMA fit on the case's\n"
	    "host ('fit') and the NUMATopologyFilter ('filter'). Without a 'config', a case\n"
	    "is answered as Nova 26 would: image_conflict=reject, no vNUMA limits.\n"
	    "Blank lines and lines starting with '#' are skipped. A bad line is answered\n"
	    "with {\"id\": ..., \"error\": ...} and the rest is still answered; the exit\n"
	    "status is then 2.\n\n"
	    "Example:\n"
	    "  echo '{\"id\":1,\"flavor\":{\"vcpus\":4,\"memory_mb\":4096,"
	    "\"extra_specs\":{\"hw:numa_nodes\":\"2\"}}}' | numaplan resolve");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (argc > 1) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "unexpected argument '%s'", argv[1]);
		return NP_EXIT_BAD_INPUT;
	}
	if (input != NULL) {
		/* non-blocking: a FIFO must not hang the open; a regular file
		 * only (a pipe comes on standard input) */
		struct stat info;
		fd = g_open(input, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
		if (fd < 0 || fstat(fd, &info) != 0) {
			gint saved = errno;
			np_set_io_error(error, input, saved);
			return NP_EXIT_BAD_INPUT;
		}
		if (!S_ISREG(info.st_mode)) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_IO,
			            "%s: not a regular file (give a pipe on standard input)",
			            input);
			return NP_EXIT_BAD_INPUT;
		}
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
			gint saved = errno;
			np_set_io_error(error, input, saved);
			return NP_EXIT_FAILURE;
		}
	}
	reader = np_line_reader_new(input != NULL ? fd : STDIN_FILENO,
	                            NULL,
	                            0,
	                            input,
	                            NP_JSONL_MAX_LINE_BYTES);
	if (!np_resolve_json_stream(reader, input, stdout, &any_bad, error))
		return NP_EXIT_FAILURE;
	if (fflush(stdout) != 0) {
		g_set_error(error, NP_ERROR, NP_ERROR_IO, "writing to standard output failed");
		return NP_EXIT_FAILURE;
	}
	return any_bad ? NP_EXIT_BAD_INPUT : NP_EXIT_OK;
}
