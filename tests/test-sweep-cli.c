/* numaplan sweep and merge, the program (scenario.md §6):
 *
 *   test-sweep-cli NUMAPLAN SCENARIO
 *       the same bytes whatever --threads and however the trials are
 *       sharded and merged; each refusal exits 2 with one line on stderr
 *       and nothing written; progress on stderr only when it is a terminal
 *   test-sweep-cli --golden NUMAPLAN SCENARIO GOLDEN
 *       `sweep SCENARIO --trials 8 --seed 7` in JSON and text against
 *       GOLDEN.json and GOLDEN.txt (NP_TEST_REGENERATE=1 rewrites them),
 *       twice
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static gchar *numaplan;
static gchar *workdir;
static guint failures;

#define NP_FAIL(...)                                                 \
	do {                                                         \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__);                        \
		fprintf(stderr, "\n");                               \
		failures++;                                          \
	} while (0)

typedef struct {
	gint status;
	gchar *out;
	gchar *err;
} NpRun;

static void
np_run_clear(NpRun *run)
{
	g_free(run->out);
	g_free(run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpRun, np_run_clear)

/* numaplan with the arguments up to NULL, in the work folder */
static void
np_numaplan(NpRun *run, const gchar *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	gint wait_status = 0;
	va_list args;

	g_ptr_array_add(argv, (gpointer)numaplan);
	va_start(args, first);
	for (const gchar *a = first; a != NULL; a = va_arg(args, const gchar *))
		g_ptr_array_add(argv, (gpointer)a);
	va_end(args);
	g_ptr_array_add(argv, NULL);
	memset(run, 0, sizeof(*run));
	if (!g_spawn_sync(workdir,
	                  (gchar **)argv->pdata,
	                  NULL,
	                  G_SPAWN_STDIN_FROM_DEV_NULL,
	                  NULL,
	                  NULL,
	                  &run->out,
	                  &run->err,
	                  &wait_status,
	                  &error)) {
		NP_FAIL("%s", error->message);
		run->status = -1;
		run->out = g_strdup("");
		run->err = g_strdup("");
		return;
	}
	run->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

static gchar *
np_read(const gchar *name)
{
	g_autofree gchar *path = g_build_filename(workdir, name, NULL);
	gchar *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	return text;
}

static gboolean
np_exists(const gchar *name)
{
	g_autofree gchar *path = g_build_filename(workdir, name, NULL);
	return g_file_test(path, G_FILE_TEST_EXISTS);
}

static void
np_write(const gchar *name, const gchar *text)
{
	g_autofree gchar *path = g_build_filename(workdir, name, NULL);
	if (!g_file_set_contents(path, text, -1, NULL))
		NP_FAIL("cannot write %s", path);
}

/* a run that must succeed with stdout @expected (when not NULL) */
static gchar *
np_expect_ok(NpRun *run, const gchar *what, const gchar *expected)
{
	if (run->status != 0) {
		NP_FAIL("%s: exit %d, stderr: %s", what, run->status, run->err);
		return NULL;
	}
	if (expected != NULL && strcmp(run->out, expected) != 0) {
		NP_FAIL("%s: output differs from the single run's", what);
		return NULL;
	}
	return run->out;
}

/* exit 2, one line on stderr containing @needle, nothing on stdout, no
 * out.json written */
static void
np_expect_refused(NpRun *run, const gchar *what, const gchar *needle)
{
	const gchar *newline = strchr(run->err, '\n');
	if (run->status != 2)
		NP_FAIL("%s: exit %d, expected 2 (stderr: %s)", what, run->status, run->err);
	else if (strstr(run->err, needle) == NULL)
		NP_FAIL("%s: stderr lacks '%s': %s", what, needle, run->err);
	else if (newline == NULL || newline[1] != '\0')
		NP_FAIL("%s: expected one line on stderr: %s", what, run->err);
	else if (run->out[0] != '\0')
		NP_FAIL("%s: wrote to stdout: %s", what, run->out);
	else if (np_exists("out.json"))
		NP_FAIL("%s: wrote out.json", what);
	else
		printf("ok: %s: %s", what, run->err);
}

static void
test_same_bytes(const gchar *scenario)
{
	g_auto(NpRun) one = {0}, again = {0}, threads = {0}, file = {0}, text = {0};
	g_auto(NpRun) merged = {0}, merged_file = {0}, merged_text = {0};
	g_autofree gchar *written = NULL, *merged_written = NULL;
	const gchar *single;

	np_numaplan(&one,
	            "sweep",
	            scenario,
	            "--trials",
	            "12",
	            "--seed",
	            "5",
	            "--format",
	            "json",
	            NULL);
	single = np_expect_ok(&one, "single run", NULL);
	if (single == NULL)
		return;
	np_numaplan(&again,
	            "sweep",
	            scenario,
	            "--trials",
	            "12",
	            "--seed",
	            "5",
	            "--format",
	            "json",
	            NULL);
	np_expect_ok(&again, "the same run again", single);
	np_numaplan(&threads,
	            "sweep",
	            scenario,
	            "--trials",
	            "12",
	            "--seed",
	            "5",
	            "--threads",
	            "2",
	            "--format",
	            "json",
	            NULL);
	np_expect_ok(&threads, "--threads 2", single);
	np_numaplan(&file,
	            "sweep",
	            scenario,
	            "--trials=12",
	            "--seed=5",
	            "--threads=3",
	            "--format=json",
	            "--output",
	            "single.json",
	            NULL);
	written = np_read("single.json");
	if (np_expect_ok(&file, "--threads 3 --output", "") != NULL
	    && g_strcmp0(written, single) != 0)
		NP_FAIL("--output single.json differs from stdout");

	/* four shards, merged in another order */
	for (guint i = 0; i < 4; i++) {
		g_auto(NpRun) part = {0};
		g_autofree gchar *shard = g_strdup_printf("%u/4", i);
		g_autofree gchar *name = g_strdup_printf("part-%u.json", i);
		np_numaplan(&part,
		            "sweep",
		            scenario,
		            "--trials",
		            "12",
		            "--seed",
		            "5",
		            "--shard",
		            shard,
		            "--threads",
		            i % 2 == 0 ? "1" : "2",
		            "--format",
		            "json",
		            "-o",
		            name,
		            NULL);
		np_expect_ok(&part, name, "");
	}
	np_numaplan(&merged,
	            "merge",
	            "part-2.json",
	            "part-0.json",
	            "part-3.json",
	            "part-1.json",
	            NULL);
	np_expect_ok(&merged, "merge of 4 shards", single);
	np_numaplan(&merged_file,
	            "merge",
	            "part-0.json",
	            "part-1.json",
	            "part-2.json",
	            "part-3.json",
	            "--output",
	            "merged.json",
	            NULL);
	merged_written = np_read("merged.json");
	if (np_expect_ok(&merged_file, "merge --output", "") != NULL
	    && g_strcmp0(merged_written, single) != 0)
		NP_FAIL("merge --output merged.json differs from the single run");
	/* text: merge's equals sweep's */
	np_numaplan(&text, "sweep", scenario, "--trials", "12", "--seed", "5", NULL);
	np_numaplan(&merged_text,
	            "merge",
	            "part-0.json",
	            "part-1.json",
	            "part-2.json",
	            "part-3.json",
	            "--format",
	            "text",
	            NULL);
	if (np_expect_ok(&text, "text", NULL) != NULL)
		np_expect_ok(&merged_text, "merge --format text", text.out);
	printf("ok: one run, --threads 2 and 3, and 4 shards merged give the same bytes\n");
}

static void
test_refusals(const gchar *scenario, const gchar *no_sweep)
{
	static const struct {
		const gchar *what;
		const gchar *needle;
		const gchar *args[8];
	} cases[] = {
	    {"missing trial",
	     "trial 3 is in no input",
	     {"merge", "part-0.json", "part-1.json", "part-2.json"}},
	    {"a shard given twice",
	     "part-1.json is given twice",
	     {"merge", "part-0.json", "part-1.json", "part-1.json", "part-2.json", "part-3.json"}},
	    {"overlapping shards",
	     "trial 1 is in ",
	     {"merge", "part-0.json", "part-1.json", "half-1.json"}},
	    {"another seed", "sweep.seed is 6", {"merge", "part-0.json", "seed6-1.json"}},
	    {"another trial count", "sweep.trials is 13", {"merge", "part-0.json", "n13-1.json"}},
	    {"not JSON", "invalid JSON", {"merge", "part-0.json", "SCENARIO"}},
	    {"a run document", "not a sweep document", {"merge", "run.json"}},
	    {"no input", "at least one PART.json", {"merge"}},
	    {"a missing input", "nope.json", {"merge", "nope.json"}},
	    {"merge --format", "unknown --format", {"merge", "part-0.json", "--format", "xml"}},
	    {"--trials 0", "--trials: must be at least 1", {"sweep", "SCENARIO", "--trials", "0"}},
	    {"--trials over the limit",
	     "exceeds the limit of 100000 trials",
	     {"sweep", "SCENARIO", "--trials", "100001"}},
	    {"--trials not a number",
	     "--trials: expected an integer",
	     {"sweep", "SCENARIO", "--trials", "ten"}},
	    {"--seed negative",
	     "--seed: must not be negative",
	     {"sweep", "SCENARIO", "--seed", "-1"}},
	    {"--seed too big",
	     "--seed: 9223372036854775808 is out of range",
	     {"sweep", "SCENARIO", "--seed", "9223372036854775808"}},
	    {"--threads 0",
	     "--threads: must be at least 1",
	     {"sweep", "SCENARIO", "--threads", "0"}},
	    {"--threads over the limit",
	     "exceeds the limit of 256 threads",
	     {"sweep", "SCENARIO", "--threads", "257"}},
	    {"--shard I = M",
	     "--shard: the index must be less than the count",
	     {"sweep", "SCENARIO", "--shard", "4/4"}},
	    {"--shard without /", "--shard: expected I/M", {"sweep", "SCENARIO", "--shard", "2"}},
	    {"--shard M > N",
	     "a shard would be empty",
	     {"sweep", "SCENARIO", "--trials", "3", "--shard", "0/4"}},
	    {"--format csv", "not available for sweeps", {"sweep", "SCENARIO", "--format", "csv"}},
	    {"no sweep: section", ":1:1: no 'sweep:' section", {"sweep", "NO_SWEEP"}},
	    {"two scenarios", "expected one SCENARIO", {"sweep", "SCENARIO", "SCENARIO"}},
	};
	g_auto(NpRun) half = {0}, seed6 = {0}, n13 = {0}, run = {0};

	/* the odd inputs */
	np_numaplan(&half,
	            "sweep",
	            scenario,
	            "--trials",
	            "12",
	            "--seed",
	            "5",
	            "--shard",
	            "1/2",
	            "--format",
	            "json",
	            "-o",
	            "half-1.json",
	            NULL);
	np_numaplan(&seed6,
	            "sweep",
	            scenario,
	            "--trials",
	            "12",
	            "--seed",
	            "6",
	            "--shard",
	            "1/4",
	            "--format",
	            "json",
	            "-o",
	            "seed6-1.json",
	            NULL);
	np_numaplan(&n13,
	            "sweep",
	            scenario,
	            "--trials",
	            "13",
	            "--seed",
	            "5",
	            "--shard",
	            "1/4",
	            "--format",
	            "json",
	            "-o",
	            "n13-1.json",
	            NULL);
	np_numaplan(&run, "run", no_sweep, "--format", "json", "-o", "run.json", NULL);
	if (half.status != 0 || seed6.status != 0 || n13.status != 0 || run.status != 0) {
		NP_FAIL("could not make the inputs: %s%s%s%s",
		        half.err,
		        seed6.err,
		        n13.err,
		        run.err);
		return;
	}
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GPtrArray) argv = g_ptr_array_new();
		g_autoptr(GError) error = NULL;
		g_auto(NpRun) r = {0};
		gint wait_status = 0;

		g_ptr_array_add(argv, (gpointer)numaplan);
		for (guint j = 0; j < G_N_ELEMENTS(cases[i].args) && cases[i].args[j] != NULL;
		     j++) {
			const gchar *a = cases[i].args[j];
			g_ptr_array_add(argv,
			                (gpointer)(strcmp(a, "SCENARIO") == 0   ? scenario
			                           : strcmp(a, "NO_SWEEP") == 0 ? no_sweep
			                                                        : a));
		}
		g_ptr_array_add(argv, (gpointer) "--output");
		g_ptr_array_add(argv, (gpointer) "out.json");
		g_ptr_array_add(argv, NULL);
		if (!g_spawn_sync(workdir,
		                  (gchar **)argv->pdata,
		                  NULL,
		                  G_SPAWN_STDIN_FROM_DEV_NULL,
		                  NULL,
		                  NULL,
		                  &r.out,
		                  &r.err,
		                  &wait_status,
		                  &error)) {
			NP_FAIL("%s", error->message);
			continue;
		}
		r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
		np_expect_refused(&r, cases[i].what, cases[i].needle);
	}
}

/* with stderr a terminal: "sweep: N of N trials"; else nothing */
static void
test_progress(const gchar *scenario)
{
	g_auto(NpRun) piped = {0};
	GString *seen = g_string_new(NULL);
	gint master = -1, status = 0;
	pid_t pid;

	np_numaplan(&piped, "sweep", scenario, "--trials", "5", "--seed", "1", "-o", "p.txt", NULL);
	if (piped.status != 0 || piped.err[0] != '\0')
		NP_FAIL("no terminal: exit %d, stderr '%s'", piped.status, piped.err);

	pid = forkpty(&master, NULL, NULL, NULL);
	if (pid < 0) {
		NP_FAIL("forkpty: %s", g_strerror(errno));
		g_string_free(seen, TRUE);
		return;
	}
	if (pid == 0) {
		gint null = open("/dev/null", O_RDWR);
		/* stdout elsewhere: only stderr is the terminal */
		dup2(null, 0);
		dup2(null, 1);
		if (chdir(workdir) != 0)
			_exit(127);
		execl(numaplan,
		      numaplan,
		      "sweep",
		      scenario,
		      "--trials",
		      "5",
		      "--seed",
		      "1",
		      "--threads",
		      "2",
		      (gchar *)NULL);
		_exit(127);
	}
	for (;;) {
		gchar buffer[256];
		gssize got = read(master, buffer, sizeof(buffer));
		if (got <= 0)
			break; /* EIO once the child has gone */
		g_string_append_len(seen, buffer, got);
	}
	close(master);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		NP_FAIL("with a terminal: exit status %d", status);
	else if (strstr(seen->str, "sweep: 5 of 5 trials") == NULL)
		NP_FAIL("with a terminal, stderr lacks the progress: '%s'", seen->str);
	else
		printf("ok: progress on a terminal, none in a pipe\n");
	g_string_free(seen, TRUE);
}

/* @actual against the golden file @golden (NP_TEST_REGENERATE=1 rewrites it) */
static void
np_compare_golden(const gchar *golden, const gchar *actual)
{
	g_autofree gchar *expected = NULL;
	if (g_strcmp0(g_getenv("NP_TEST_REGENERATE"), "1") == 0) {
		if (!g_file_set_contents(golden, actual, -1, NULL))
			NP_FAIL("cannot write %s", golden);
		else
			printf("rewrote %s\n", golden);
		return;
	}
	if (!g_file_get_contents(golden, &expected, NULL, NULL))
		NP_FAIL("cannot read %s (NP_TEST_REGENERATE=1 creates it)", golden);
	else if (strcmp(expected, actual) != 0) {
		const gchar *diff[] = {"diff", "-u", golden, "actual", NULL};
		np_write("actual", actual);
		g_spawn_sync(workdir,
		             (gchar **)diff,
		             NULL,
		             G_SPAWN_SEARCH_PATH,
		             NULL,
		             NULL,
		             NULL,
		             NULL,
		             NULL,
		             NULL);
		NP_FAIL("output differs from %s", golden);
	} else {
		printf("ok: %s\n", golden);
	}
}

static void
test_golden(const gchar *scenario, const gchar *golden)
{
	static const gchar *formats[] = {"json", "text"};
	for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
		g_auto(NpRun) run = {0}, again = {0};
		g_autofree gchar *path = g_strdup_printf("%s.%s", golden, i == 0 ? "json" : "txt");
		np_numaplan(&run,
		            "sweep",
		            scenario,
		            "--trials",
		            "8",
		            "--seed",
		            "7",
		            "--format",
		            formats[i],
		            NULL);
		if (np_expect_ok(&run, formats[i], NULL) == NULL)
			continue;
		np_compare_golden(path, run.out);
		np_numaplan(&again,
		            "sweep",
		            scenario,
		            "--trials",
		            "8",
		            "--seed",
		            "7",
		            "--format",
		            formats[i],
		            "--threads",
		            "2",
		            NULL);
		np_expect_ok(&again, "again, with 2 threads", run.out);
	}
}

static void
np_remove_tree(const gchar *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const gchar *name;
	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		g_autofree gchar *path = g_build_filename(dir, name, NULL);
		g_unlink(path);
	}
	g_rmdir(dir);
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *scenario = NULL;

	if (argc == 5 && strcmp(argv[1], "--golden") == 0) {
		numaplan = g_canonicalize_filename(argv[2], NULL);
		scenario = g_canonicalize_filename(argv[3], NULL);
	} else if (argc == 4) {
		numaplan = g_canonicalize_filename(argv[1], NULL);
		scenario = g_canonicalize_filename(argv[2], NULL);
	} else {
		fprintf(stderr,
		        "usage: %s NUMAPLAN SCENARIO NO_SWEEP_SCENARIO | --golden NUMAPLAN "
		        "SCENARIO GOLDEN\n",
		        argv[0]);
		return 2;
	}
	workdir = g_dir_make_tmp("np-sweep-cli-XXXXXX", &error);
	if (workdir == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	if (argc == 5) {
		g_autofree gchar *golden = g_canonicalize_filename(argv[4], NULL);
		test_golden(scenario, golden);
	} else {
		g_autofree gchar *no_sweep = g_canonicalize_filename(argv[3], NULL);
		test_same_bytes(scenario);
		test_refusals(scenario, no_sweep);
		test_progress(scenario);
	}
	np_remove_tree(workdir);
	g_free(workdir);
	g_free(numaplan);
	if (failures > 0) {
		fprintf(stderr, "%u failure(s)\n", failures);
		return 1;
	}
	return 0;
}
