/* numaplan resolve: JSON Lines in, JSON Lines out (scenario.md §3) */
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-resolve-json.h"

gint
np_cli_resolve(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *input = NULL;
	g_autoptr(GOptionContext) context = NULL;
	g_autoptr(GIOChannel) channel = NULL;
	g_autoptr(GString) line = g_string_new(NULL);
	gboolean any_bad = FALSE;
	guint line_number = 0;
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
	if (input != NULL)
		channel = g_io_channel_new_file(input, "r", error);
	else
		channel = g_io_channel_unix_new(fileno(stdin));
	if (channel == NULL)
		return NP_EXIT_BAD_INPUT;
	if (g_io_channel_set_encoding(channel, NULL, error) != G_IO_STATUS_NORMAL)
		return NP_EXIT_FAILURE;

	for (;;) {
		gsize terminator = 0;
		gboolean bad_line = FALSE;
		g_autofree gchar *answer = NULL;
		GIOStatus status = g_io_channel_read_line_string(channel, line, &terminator, error);
		const gchar *text;
		if (status == G_IO_STATUS_EOF)
			break;
		if (status != G_IO_STATUS_NORMAL)
			return NP_EXIT_FAILURE;
		line_number++;
		g_string_truncate(line, terminator);
		text = line->str;
		while (*text == ' ' || *text == '\t' || *text == '\r')
			text++;
		if (*text == '\0' || *text == '#' || strspn(text, " \t\r") == strlen(text))
			continue;
		answer = np_resolve_json_line(text, input, line_number, &bad_line);
		any_bad |= bad_line;
		if (printf("%s\n", answer) < 0) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_IO,
			            "writing to standard output failed");
			return NP_EXIT_FAILURE;
		}
	}
	if (fflush(stdout) != 0) {
		g_set_error(error, NP_ERROR, NP_ERROR_IO, "writing to standard output failed");
		return NP_EXIT_FAILURE;
	}
	return any_bad ? NP_EXIT_BAD_INPUT : NP_EXIT_OK;
}
