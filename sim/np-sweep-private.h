/* numaplan — sweeps (scenario.md §6): many trials of random arrivals,
 * lifetimes and host failures on copies of a scenario's end state
 *
 * Like the rest of the engine this does no I/O and reads no clock; every
 * random number comes from a generator seeded from (S, trial index), so a
 * trial's record depends on the scenario, S and its index alone — not on
 * the threads, the shard or the other trials. docs/sweeps.md gives the
 * generator, the draws in order and the formulas.
 */
#pragma once

#include "np-engine.h"
#include "np-sweep-spec-private.h"

G_BEGIN_DECLS

/* ---------------------------------------------------------- generator */

/* xoshiro256** (Blackman and Vigna), seeded through SplitMix64 */
typedef struct {
	guint64 s[4];
} NpRng;

/* SplitMix64's next output; advances *@state */
guint64 np_splitmix64(guint64 *state);
/* trial @trial of seed @seed: k = SplitMix64(@seed)'s first output XOR
 * @trial; the state is SplitMix64(k)'s first four outputs */
void np_rng_seed(NpRng *rng, guint64 seed, guint64 trial);
guint64 np_rng_next(NpRng *rng);
/* ((next >> 11) + 1) · 2⁻⁵³: uniform on (0, 1] */
gdouble np_rng_uniform(NpRng *rng);
/* ln(@u) for @u in (0, 1], from IEEE-754 +, −, ×, ÷ alone (no libm):
 * the same bits on every platform; within 3 ulp of ln */
gdouble np_sweep_ln(gdouble u);
/* −np_sweep_ln(u), u = np_rng_uniform(): exponential with mean 1 */
gdouble np_rng_exponential(NpRng *rng);

/* -------------------------------------------------------------- queue */

/* what a trial does next, in the tie order of scenario.md §6 */
typedef enum {
	NP_SWEEP_RECOVER,
	NP_SWEEP_FAIL,
	NP_SWEEP_DELETE,
	NP_SWEEP_BOOT,
} NpSweepTickKind;

/* @target: the stream (boot), the engine's VM index (delete) or the host
 * index (fail, recover); @seq: the order it was scheduled in */
typedef struct {
	gdouble time;
	guint32 kind;
	guint32 target;
	guint64 seq;
} NpSweepTick;

/* a binary min-heap keyed by (time, kind, seq): O(log n) a push or pop */
typedef struct {
	GArray *heap;
	guint64 seq;
} NpSweepQueue;

void np_sweep_queue_init(NpSweepQueue *queue);
void np_sweep_queue_clear(NpSweepQueue *queue);
void np_sweep_queue_push(NpSweepQueue *queue, gdouble time, NpSweepTickKind kind, guint32 target);
/* the first tick; FALSE when empty */
gboolean np_sweep_queue_pop(NpSweepQueue *queue, NpSweepTick *out);

/* ------------------------------------------------------------- records */

typedef struct {
	gchar *code;
	gint64 count;
} NpSweepCode;

/**
 * NpSweepTrial:
 * @by_code: (element-type NpSweepCode): rejections per code, codes
 *   sorted bytewise
 *
 * One trial's record (scenario.md §6), each count over the window
 * [warmup, horizon).
 */
typedef struct {
	guint64 trial;
	gint64 arrivals;
	gint64 admitted;
	gint64 rejected;
	GArray *by_code;
	gdouble rejected_share;
	gint64 spanned;
	gdouble spanned_share;
	gint64 remote_mb;
	gint64 lost;
	gint64 peak_vms;
	gint64 peak_memory_mb;
	gdouble mean_vms;
} NpSweepTrial;

NpSweepTrial *np_sweep_trial_new(guint64 trial) G_GNUC_WARN_UNUSED_RESULT;
void np_sweep_trial_free(NpSweepTrial *trial);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpSweepTrial, np_sweep_trial_free)
/* adds @count to @code's count, keeping the codes sorted */
void np_sweep_trial_add_code(NpSweepTrial *trial, const gchar *code, gint64 count);

/* ---------------------------------------------------------------- runs */

/* trial @index of @seed on its own copy of @base (the scenario's end
 * state); @flags: NP_RUN_CHECK_INVARIANTS checks the engine's books and
 * the trial's own at the end of the trial */
NpSweepTrial *np_sweep_run_trial(const NpEngine *base,
                                 const NpSweepSpec *spec,
                                 guint64 seed,
                                 guint64 index,
                                 NpRunFlags flags,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * NpSweepOptions:
 * @trials: N, trials 0 … N−1
 * @seed: S
 * @threads: worker threads (1: the calling thread alone)
 * @shard_index, @shard_count: only trials i with i mod count = index
 *   (count 1: all)
 */
typedef struct {
	guint64 trials;
	guint64 seed;
	guint threads;
	guint64 shard_index;
	guint64 shard_count;
	NpRunFlags flags;
} NpSweepOptions;

/* called in the calling thread as trials end, in no fixed order */
typedef void (*NpSweepProgress)(guint64 done, guint64 total, gpointer user_data);

/* replays @scenario once (expectations unchecked), then runs the shard's
 * trials on copies of its end state, @options->threads at a time.
 * Returns: (transfer full) (element-type NpSweepTrial): the records in
 * trial order, or %NULL with the error of the lowest failed trial */
GPtrArray *np_sweep_run(const NpScenario *scenario,
                        const NpSweepOptions *options,
                        NpSweepProgress progress,
                        gpointer user_data,
                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
