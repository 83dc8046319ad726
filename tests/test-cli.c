/* CLI tests: run the built numaplan and check its exit status and output.
 *
 * test-cli STATUS STDOUT_NEEDLE STDERR_NEEDLE -- PROGRAM ARGS...
 * A needle of "-" checks nothing. Standard input is /dev/null.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	gint expected, wait_status = 0, status = 0;
	const gint sep = 4;

	if (argc < sep + 2 || g_strcmp0(argv[sep], "--") != 0) {
		fprintf(stderr, "usage: %s STATUS OUT ERR -- PROGRAM ARGS...\n", argv[0]);
		return 2;
	}
	expected = atoi(argv[1]);
	if (!g_spawn_sync(NULL,
	                  argv + sep + 1,
	                  NULL,
	                  G_SPAWN_STDIN_FROM_DEV_NULL,
	                  NULL,
	                  NULL,
	                  &out,
	                  &err,
	                  &wait_status,
	                  &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	if (!WIFEXITED(wait_status)) {
		fprintf(stderr, "the program did not exit normally (crashed?)\n%s", err);
		return 1;
	}
	if (WEXITSTATUS(wait_status) != expected) {
		fprintf(stderr,
		        "exit status %d, expected %d\n",
		        WEXITSTATUS(wait_status),
		        expected);
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
