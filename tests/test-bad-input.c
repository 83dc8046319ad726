/* Bad scenario files (tests/bad): `numaplan check NAME.yaml`, run in
 * tests/bad so that messages carry the short path, must exit 2, print
 * nothing on stdout, and print NAME.err as the first line of stderr. A
 * crash or a run longer than 10 s fails.
 *
 * Usage: test-bad-input [--generate-big | --fifo FILE] NUMAPLAN NAME
 *
 * --generate-big writes NAME.yaml, one byte over the 64 MiB limit and
 * otherwise a valid scenario, into the build directory and runs there:
 * such a file does not belong in the repository.
 * --fifo FILE copies NAME.yaml-fifo into the build directory, as
 * NAME.yaml, beside a FIFO
 * named FILE (git keeps no FIFO), with no writer: opening it for reading
 * blocks unless done without blocking.
 */
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define NP_TEST_TIMEOUT_SECONDS 10
#define NP_TEST_BIG_BYTES (64 * 1024 * 1024 + 1)

static void
np_child_setup(gpointer data)
{
	/* the timer survives exec: a hung child dies of SIGALRM */
	alarm(NP_TEST_TIMEOUT_SECONDS);
}

static gboolean
np_write_big(const gchar *path, GError **error)
{
	static const gchar head[] = "numaplan: 1\nname: big\n# ";
	g_autofree gchar *contents = g_malloc(NP_TEST_BIG_BYTES);

	memset(contents, 'x', NP_TEST_BIG_BYTES);
	memcpy(contents, head, strlen(head));
	contents[NP_TEST_BIG_BYTES - 1] = '\n';
	return g_file_set_contents(path, contents, NP_TEST_BIG_BYTES, error);
}

static gchar *
np_first_line(const gchar *text)
{
	return g_strndup(text, strcspn(text, "\n"));
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *bad_dir = NULL;
	g_autofree gchar *err_path = NULL;
	g_autofree gchar *expected_text = NULL;
	g_autofree gchar *expected = NULL;
	g_autofree gchar *scenario = NULL;
	g_autofree gchar *workdir = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *actual = NULL;
	g_autofree gchar *numaplan = NULL;
	const gchar *srcdir = g_getenv("NP_TEST_SRCDIR");
	gboolean big = argc > 1 && g_strcmp0(argv[1], "--generate-big") == 0;
	const gchar *fifo = NULL;
	gchar *child_argv[4];
	gint status = 0;

	if (big) {
		argc--;
		argv++;
	} else if (argc > 2 && g_strcmp0(argv[1], "--fifo") == 0) {
		fifo = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc != 3 || srcdir == NULL) {
		fprintf(stderr,
		        "usage: NP_TEST_SRCDIR=DIR test-bad-input [--generate-big] "
		        "NUMAPLAN NAME\n");
		return 2;
	}
	bad_dir = g_build_filename(srcdir, "bad", NULL);
	err_path = g_strdup_printf("%s/%s.err", bad_dir, argv[2]);
	scenario = g_strdup_printf("%s.yaml", argv[2]);
	if (!g_file_get_contents(err_path, &expected_text, NULL, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	expected = np_first_line(expected_text);
	if (big) {
		const gchar *builddir = g_getenv("NP_TEST_BUILDDIR");
		g_autofree gchar *path = NULL;
		workdir = g_strdup(builddir != NULL ? builddir : ".");
		path = g_build_filename(workdir, scenario, NULL);
		if (!np_write_big(path, &error)) {
			fprintf(stderr, "%s\n", error->message);
			return 1;
		}
	} else if (fifo != NULL) {
		const gchar *builddir = g_getenv("NP_TEST_BUILDDIR");
		/* not NAME.yaml: the unit tests load every tests/bad/NAME.yaml
		 * where they are, without the FIFO */
		g_autofree gchar *source = g_strdup_printf("%s/%s-fifo", bad_dir, scenario);
		g_autofree gchar *copy = NULL;
		g_autofree gchar *fifo_path = NULL;
		g_autofree gchar *text = NULL;
		gsize length = 0;
		workdir = g_build_filename(builddir != NULL ? builddir : ".", "bad-fifo", NULL);
		copy = g_build_filename(workdir, scenario, NULL);
		fifo_path = g_build_filename(workdir, fifo, NULL);
		if (g_mkdir_with_parents(workdir, 0755) != 0
		    || !g_file_get_contents(source, &text, &length, &error)
		    || !g_file_set_contents(copy, text, (gssize)length, &error)) {
			fprintf(stderr,
			        "cannot copy %s: %s\n",
			        source,
			        error != NULL ? error->message : "");
			return 1;
		}
		unlink(fifo_path);
		if (mkfifo(fifo_path, 0600) != 0) {
			perror(fifo_path);
			return 1;
		}
	} else {
		workdir = g_strdup(bad_dir);
	}

	/* meson passes the program relative to where the test starts */
	numaplan = g_canonicalize_filename(argv[1], NULL);
	child_argv[0] = numaplan;
	child_argv[1] = (gchar *)"check";
	child_argv[2] = scenario;
	child_argv[3] = NULL;
	if (!g_spawn_sync(workdir,
	                  child_argv,
	                  NULL,
	                  G_SPAWN_DEFAULT,
	                  np_child_setup,
	                  NULL,
	                  &out,
	                  &err,
	                  &status,
	                  &error)) {
		fprintf(stderr, "cannot run %s: %s\n", numaplan, error->message);
		return 1;
	}
	fprintf(stderr, "stderr of 'numaplan check %s':\n%s", scenario, err);
	if (WIFSIGNALED(status)) {
		fprintf(stderr,
		        "FAIL: killed by signal %d%s\n",
		        WTERMSIG(status),
		        WTERMSIG(status) == SIGALRM ? " (it ran for more than 10 s)" : "");
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 2) {
		fprintf(stderr,
		        "FAIL: exit status %d, expected 2\n",
		        WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return 1;
	}
	if (out[0] != '\0') {
		fprintf(stderr, "FAIL: stdout is not empty:\n%s\n", out);
		return 1;
	}
	actual = np_first_line(err);
	if (g_strcmp0(actual, expected) != 0) {
		fprintf(stderr,
		        "FAIL: first line of stderr\n  got:      %s\n  expected: %s\n",
		        actual,
		        expected);
		return 1;
	}
	return 0;
}
