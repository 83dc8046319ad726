/* numaplan — the sweep document (scenario.md §6): its records and summary
 * as JSON and text, reading it back, and merging shards into exactly the
 * single run's document */
#pragma once

#include "np-limits.h"
#include "np-sweep-private.h"

G_BEGIN_DECLS

/**
 * NpSweepDoc:
 * @scenario: its name, as `run` names it
 * @sha256: hex of the scenario file's bytes
 * @sharded: FALSE for `"shard": null`
 * @records: (element-type NpSweepTrial): in trial order
 */
typedef struct {
	gchar *scenario;
	gchar *sha256;
	guint64 seed;
	guint64 trials;
	gdouble horizon_hours;
	gdouble warmup_hours;
	gboolean sharded;
	guint64 shard_index;
	guint64 shard_count;
	GPtrArray *records;
} NpSweepDoc;

NpSweepDoc *np_sweep_doc_new(void) G_GNUC_WARN_UNUSED_RESULT;
void np_sweep_doc_free(NpSweepDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpSweepDoc, np_sweep_doc_free)

/* the document of a run of @scenario (whose file's bytes hash to
 * @sha256) with @options; @sharded: run with --shard (else `"shard":
 * null`); @records: (transfer full) what np_sweep_run() gave */
NpSweepDoc *np_sweep_doc_new_for_run(const NpScenario *scenario,
                                     const gchar *sha256,
                                     const NpSweepOptions *options,
                                     gboolean sharded,
                                     GPtrArray *records) G_GNUC_WARN_UNUSED_RESULT;

/* the document as `--format json` and `--format text` print it */
gchar *np_sweep_doc_to_json(const NpSweepDoc *doc) G_GNUC_WARN_UNUSED_RESULT;
gchar *np_sweep_doc_to_text(const NpSweepDoc *doc) G_GNUC_WARN_UNUSED_RESULT;

/* a number as the document prints it: an integral value below 2⁵³ in
 * magnitude as an integer, any other as Python's repr() (the shortest
 * text that reads back as the same double) */
gchar *np_sweep_format_number(gdouble value) G_GNUC_WARN_UNUSED_RESULT;
/* the value a reader of the printed number gets back */
gdouble np_sweep_printed(gdouble value);

/**
 * NpSweepStat:
 *
 * STAT of scenario.md §6 over x₁ … xₙ in trial order; @has_ci FALSE when
 * n < 2 (`ci95` null).
 */
typedef struct {
	guint n;
	gdouble mean;
	gboolean has_ci;
	gdouble ci_low;
	gdouble ci_high;
	gdouble p50;
	gdouble p95;
	gdouble min;
	gdouble max;
} NpSweepStat;

void np_sweep_stat(const gdouble *values, guint n, NpSweepStat *stat);
/* STAT of a numeric trial field ("arrivals", …, "mean_vms") or, with
 * @code, of that code's count (0 where a trial lacks it); FALSE for an
 * unknown field */
gboolean
np_sweep_doc_stat(const NpSweepDoc *doc, const gchar *field, const gchar *code, NpSweepStat *stat);

/* a document read back: %NP_ERROR_INVALID, naming @path, for text that
 * is not a sweep document */
NpSweepDoc *np_sweep_doc_parse(const gchar *text, gsize length, const gchar *path, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* the single run's document from shards @docs (read from @paths, for
 * messages): %NP_ERROR_INVALID when a header field differs, a trial is
 * in two inputs or one of 0 … N−1 in none (the message names it) */
NpSweepDoc *np_sweep_merge(GPtrArray *docs,
                           const gchar *const *paths,
                           GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
