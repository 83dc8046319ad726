/* numaplan sweep / merge (scenario.md §6): many random trials on a
 * scenario's end state, and shards merged into the single run's document */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-file-private.h"
#include "np-scalar-private.h"
#include "np-scenario-load.h"
#include "np-sweep-report-private.h"

typedef enum {
	NP_SWEEP_TEXT,
	NP_SWEEP_JSON,
} NpSweepFormat;

static gboolean
np_sweep_format(const gchar *name, NpSweepFormat fallback, NpSweepFormat *format, GError **error)
{
	if (name == NULL) {
		*format = fallback;
		return TRUE;
	}
	if (strcmp(name, "text") == 0 || strcmp(name, "json") == 0) {
		*format = name[0] == 't' ? NP_SWEEP_TEXT : NP_SWEEP_JSON;
		return TRUE;
	}
	if (strcmp(name, "csv") == 0 || strcmp(name, "junit") == 0 || strcmp(name, "html") == 0)
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_UNSUPPORTED,
		            "--format %s is not available for sweeps; use text or json",
		            name);
	else
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "unknown --format '%s' (text, json)",
		            name);
	return FALSE;
}

/* an option's integer in [@minimum, @maximum]; @limit names the
 * documented limit in the message when @maximum is one */
static gboolean
np_option_int(const gchar *option,
              const gchar *text,
              gint64 minimum,
              gint64 maximum,
              const gchar *limit,
              gint64 *out,
              GError **error)
{
	NpScalar scalar = {NP_SCALAR_PLAIN, text};
	g_autofree gchar *message = NULL;

	if (!np_scalar_read_int(&scalar, option, minimum, G_MAXINT64, out, &message)) {
		g_set_error_literal(error, NP_ERROR, NP_ERROR_INVALID, message);
		return FALSE;
	}
	if (*out > maximum) {
		if (limit != NULL)
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "%s: %" G_GINT64_FORMAT
			            " exceeds the limit of %" G_GINT64_FORMAT " %s",
			            option,
			            *out,
			            maximum,
			            limit);
		else
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "%s: must be at most %" G_GINT64_FORMAT
			            " (got %" G_GINT64_FORMAT ")",
			            option,
			            maximum,
			            *out);
		return FALSE;
	}
	return TRUE;
}

/* "I/M", 0 ≤ I < M */
static gboolean
np_option_shard(const gchar *text, gint64 *index, gint64 *count, GError **error)
{
	const gchar *slash = strchr(text, '/');
	g_autofree gchar *left = NULL;

	if (slash == NULL) {
		g_autofree gchar *shown = np_show_text(text);
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "--shard: expected I/M (this run's index and the number of shards), "
		            "got '%s'",
		            shown);
		return FALSE;
	}
	left = g_strndup(text, slash - text);
	if (!np_option_int("--shard index", left, 0, G_MAXINT64, NULL, index, error)
	    || !np_option_int("--shard count", slash + 1, 1, G_MAXINT64, NULL, count, error))
		return FALSE;
	if (*index >= *count) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "--shard: the index must be less than the count (got %s)",
		            text);
		return FALSE;
	}
	return TRUE;
}

typedef struct {
	gint64 last_us;
	gboolean shown;
} NpProgress;

/* "sweep: 37 of 100 trials" on stderr, rewritten in place, at most ten
 * times a second (only when stderr is a terminal) */
static void
np_progress(guint64 done, guint64 total, gpointer user_data)
{
	NpProgress *progress = user_data;
	gint64 now = g_get_monotonic_time();

	if (done < total && now - progress->last_us < G_USEC_PER_SEC / 10)
		return;
	progress->last_us = now;
	progress->shown = TRUE;
	fprintf(stderr,
	        "\rsweep: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " trials",
	        done,
	        total);
	if (done == total)
		fputs("\n", stderr);
	fflush(stderr);
}

static gboolean
np_write_doc(const NpSweepDoc *doc, NpSweepFormat format, const gchar *output, GError **error)
{
	g_autofree gchar *text =
	    format == NP_SWEEP_JSON ? np_sweep_doc_to_json(doc) : np_sweep_doc_to_text(doc);
	return np_cli_write_output(output, text, error);
}

gint
np_cli_sweep(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output_path = NULL;
	g_autofree gchar *trials_text = NULL;
	g_autofree gchar *seed_text = NULL;
	g_autofree gchar *threads_text = NULL;
	g_autofree gchar *shard_text = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("SCENARIO");
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(GPtrArray) records = NULL;
	g_autoptr(NpSweepDoc) doc = NULL;
	g_autofree gchar *bytes = NULL;
	g_autofree gchar *sha256 = NULL;
	gsize length = 0;
	gint64 trials = 100, seed = 0, threads = 1, shard_index = 0, shard_count = 1;
	NpSweepOptions options = {0};
	NpSweepFormat format;
	NpProgress progress = {0};
	const gchar *path;
	GOptionEntry entries[] = {
	    {"trials",
	     'n',
	     0,
	     G_OPTION_ARG_STRING,
	     &trials_text,
	     "trials, 1 .. 100000 (default 100)",
	     "N"},
	    {"seed",
	     's',
	     0,
	     G_OPTION_ARG_STRING,
	     &seed_text,
	     "0 .. 2^63-1 (default: the scenario's settings.seed)",
	     "S"},
	    {"threads",
	     't',
	     0,
	     G_OPTION_ARG_STRING,
	     &threads_text,
	     "trials run at once, 1 .. 256 (default 1); changes no byte of the output",
	     "T"},
	    {"shard",
	     0,
	     0,
	     G_OPTION_ARG_STRING,
	     &shard_text,
	     "only trials i with i mod M = I (0 <= I < M <= N); 'numaplan merge' joins them",
	     "I/M"},
	    NP_CLI_OPTION_FORMAT(&format_name, "text (default) or json"),
	    NP_CLI_OPTION_OUTPUT(&output_path),
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Replays the scenario once (expectations unchecked), then runs N trials on copies\n"
	    "of its end state as its sweep: section says: Poisson arrivals per stream,\n"
	    "exponential lifetimes, optional host failures. Each trial's record depends only\n"
	    "on the scenario, the seed and its index: any --threads and any sharding give\n"
	    "the same bytes. Progress goes to stderr when it is a terminal.\n\n"
	    "Exit status: 0 done, 2 bad input or usage (nothing written), 3 other failure.\n\n"
	    "Examples:\n"
	    "  numaplan sweep scenarios/examples/sweep.yaml --trials 20 --seed 7\n"
	    "  numaplan sweep scenarios/examples/sweep.yaml --trials 100 --shard 0/2 --format json "
	    "-o "
	    "part-0.json\n"
	    "  numaplan sweep scenarios/examples/sweep.yaml --trials 100 --shard 1/2 --format json "
	    "-o "
	    "part-1.json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (argc != 2) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    argc < 2 ? "a SCENARIO file is needed"
		                             : "expected one SCENARIO argument");
		return NP_EXIT_BAD_INPUT;
	}
	path = argv[1];
	if (!np_sweep_format(format_name, NP_SWEEP_TEXT, &format, error)
	    || (trials_text != NULL
	        && !np_option_int("--trials",
	                          trials_text,
	                          1,
	                          NP_SWEEP_MAX_TRIALS,
	                          "trials (the sweep limit)",
	                          &trials,
	                          error))
	    || (seed_text != NULL
	        && !np_option_int("--seed", seed_text, 0, G_MAXINT64, NULL, &seed, error))
	    || (threads_text != NULL
	        && !np_option_int("--threads",
	                          threads_text,
	                          1,
	                          NP_SWEEP_MAX_THREADS,
	                          "threads",
	                          &threads,
	                          error))
	    || (shard_text != NULL
	        && !np_option_shard(shard_text, &shard_index, &shard_count, error)))
		return NP_EXIT_BAD_INPUT;
	if (shard_count > trials) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "--shard: %" G_GINT64_FORMAT " shards of %" G_GINT64_FORMAT
		            " trials: a shard would be empty (the count must be at most --trials)",
		            shard_count,
		            trials);
		return NP_EXIT_BAD_INPUT;
	}

	scenario = np_scenario_load_file(path, error);
	if (scenario == NULL)
		return NP_EXIT_BAD_INPUT;
	if (np_scenario_get_sweep(scenario) == NULL) {
		np_error_at(error,
		            NP_ERROR_INVALID,
		            path,
		            (NpPos){1, 1},
		            "no 'sweep:' section: numaplan sweep needs one (scenario.md §6)");
		return NP_EXIT_BAD_INPUT;
	}
	/* the document names the file by its bytes, not its path */
	if (!g_file_get_contents(path, &bytes, &length, error))
		return NP_EXIT_FAILURE;

	options.trials = (guint64)trials;
	options.seed = seed_text != NULL ? (guint64)seed
	                                 : np_settings_get_seed(np_scenario_get_settings(scenario));
	options.threads = (guint)threads;
	options.shard_index = (guint64)shard_index;
	options.shard_count = (guint64)shard_count;
	options.flags = np_cli_debug_check() ? NP_RUN_CHECK_INVARIANTS : NP_RUN_NONE;
	records = np_sweep_run(scenario,
	                       &options,
	                       isatty(STDERR_FILENO) ? np_progress : NULL,
	                       &progress,
	                       error);
	if (records == NULL)
		return NP_EXIT_FAILURE;

	sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, length);
	doc = np_sweep_doc_new_for_run(scenario,
	                               sha256,
	                               &options,
	                               shard_text != NULL,
	                               g_steal_pointer(&records));
	if (!np_write_doc(doc, format, output_path, error))
		return NP_EXIT_FAILURE;
	return NP_EXIT_OK;
}

/* @path's document; %NP_ERROR_INVALID for anything but a readable sweep
 * document (bad input: exit 2) */
static NpSweepDoc *
np_read_doc(const gchar *path, GError **error)
{
	g_autoptr(GError) local = NULL;
	/* non-blocking, a regular file only (a FIFO would hang the open, a
	 * device would be read without end), at most the merge limit */
	g_autoptr(GByteArray) bytes = np_read_limited(path, NP_SWEEP_MAX_DOCUMENT_BYTES, &local);

	if (bytes == NULL) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "%s: %s", path, local->message);
		return NULL;
	}
	return np_sweep_doc_parse((const gchar *)bytes->data, bytes->len, path, error);
}

gint
np_cli_merge(gint argc, gchar **argv, GError **error)
{
	g_autofree gchar *format_name = NULL;
	g_autofree gchar *output_path = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("PART.json...");
	g_autoptr(GPtrArray) docs =
	    g_ptr_array_new_with_free_func((GDestroyNotify)np_sweep_doc_free);
	g_autoptr(NpSweepDoc) merged = NULL;
	NpSweepFormat format;
	GOptionEntry entries[] = {NP_CLI_OPTION_FORMAT(&format_name, "json (default) or text"),
	                          NP_CLI_OPTION_OUTPUT(&output_path),
	                          {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Joins the JSON documents of a sweep's shards (numaplan sweep --shard I/M\n"
	    "--format json) into exactly the document one run of all trials writes.\n"
	    "Refused (exit 2, nothing written): an input that is not a sweep document,\n"
	    "inputs of different sweeps (scenario, sha256, seed, trials, horizon_hours or\n"
	    "warmup_hours differ), a trial in two inputs, a trial in none.\n\n"
	    "Example:\n"
	    "  numaplan merge part-0.json part-1.json --output sweep.json");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_sweep_format(format_name, NP_SWEEP_JSON, &format, error))
		return NP_EXIT_BAD_INPUT;
	if (argc < 2) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    "at least one PART.json is needed");
		return NP_EXIT_BAD_INPUT;
	}
	for (gint i = 1; i < argc; i++) {
		NpSweepDoc *doc = np_read_doc(argv[i], error);
		if (doc == NULL)
			return NP_EXIT_BAD_INPUT;
		g_ptr_array_add(docs, doc);
	}
	merged = np_sweep_merge(docs, (const gchar *const *)argv + 1, error);
	if (merged == NULL)
		return NP_EXIT_BAD_INPUT;
	if (!np_write_doc(merged, format, output_path, error))
		return NP_EXIT_FAILURE;
	return NP_EXIT_OK;
}
