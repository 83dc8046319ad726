/* CLI tests: run the built numaplan and check its exit status and output.
 *
 * test-cli STATUS STDOUT_NEEDLE STDERR_NEEDLE STDIN_FILE -- PROGRAM ARGS...
 * A needle of "-" checks nothing; STDIN_FILE "-" gives empty input.
 */
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *input = NULL;
	gint expected, wait_status = 0, status;
	gint sep = 5;

	if (argc < 7 || g_strcmp0(argv[sep], "--") != 0) {
		fprintf(stderr, "usage: %s STATUS OUT ERR STDIN -- PROGRAM ARGS...\n", argv[0]);
		return 2;
	}
	expected = atoi(argv[1]);
	if (g_strcmp0(argv[4], "-") != 0 && !g_file_get_contents(argv[4], &input, NULL, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	{
		g_autoptr(GSubprocess) proc = g_subprocess_newv(
		    (const gchar *const *)(argv + sep + 1),
		    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
			G_SUBPROCESS_FLAGS_STDERR_PIPE,
		    &error);
		if (proc == NULL ||
		    !g_subprocess_communicate_utf8(proc, input != NULL ? input : "", NULL, &out, &err,
						   &error)) {
			fprintf(stderr, "%s\n", error->message);
			return 1;
		}
		if (!g_subprocess_get_if_exited(proc)) {
			fprintf(stderr, "the program did not exit normally (crashed?)\n%s", err);
			return 1;
		}
		wait_status = g_subprocess_get_exit_status(proc);
	}
	status = 0;
	if (wait_status != expected) {
		fprintf(stderr, "exit status %d, expected %d\n", wait_status, expected);
		status = 1;
	}
	if (g_strcmp0(argv[2], "-") != 0 && strstr(out, argv[2]) == NULL) {
		fprintf(stderr, "stdout lacks '%s'\n", argv[2]);
		status = 1;
	}
	if (g_strcmp0(argv[3], "-") != 0 && strstr(err, argv[3]) == NULL) {
		fprintf(stderr, "stderr lacks '%s'\n", argv[3]);
		status = 1;
	}
	if (status != 0)
		fprintf(stderr, "--- stdout\n%s--- stderr\n%s", out, err);
	return status;
}
