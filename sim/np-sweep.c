/* Sweeps: the generator, one trial, and many trials on a thread pool (see
 * np-sweep-private.h; docs/sweeps.md writes down every draw and formula).
 *
 * A trial is a discrete-event simulation on its own copy of the scenario's
 * end state. Pending events wait in a binary heap keyed by (time, kind,
 * sequence): kinds in the tie order of scenario.md §6 (recover, fail,
 * delete, boot), the sequence the order they were scheduled in, so every
 * tie is broken the same way on every machine. Each event is one
 * np_engine_apply(); the trial keeps its own books (active VMs, backed
 * MiB) from the results so that no event costs a scan of the cluster.
 */
#include <math.h>
#include <string.h>

#include "np-engine-private.h"
#include "np-error.h"
#include "np-sweep-private.h"

/* ----------------------------------------------------------- generator */

guint64
np_splitmix64(guint64 *state)
{
	guint64 z = (*state += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void
np_rng_seed(NpRng *rng, guint64 seed, guint64 trial)
{
	guint64 state = seed;
	guint64 key = np_splitmix64(&state) ^ trial;
	/* four outputs of a bijection on distinct counters: never all zero */
	for (guint i = 0; i < 4; i++)
		rng->s[i] = np_splitmix64(&key);
}

static inline guint64
np_rotl(guint64 x, gint k)
{
	return (x << k) | (x >> (64 - k));
}

guint64
np_rng_next(NpRng *rng)
{
	guint64 *s = rng->s;
	guint64 result = np_rotl(s[1] * 5, 7) * 9;
	guint64 t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = np_rotl(s[3], 45);
	return result;
}

gdouble
np_rng_uniform(NpRng *rng)
{
	return (gdouble)((np_rng_next(rng) >> 11) + 1) * 0x1.0p-53;
}

/* ln(2) split as fdlibm does: @hi has trailing zero bits, so e·hi is
 * exact for every exponent a double in (0, 1] has */
#define NP_LN2_HI 0x1.62e42feep-1
#define NP_LN2_LO 0x1.a39ef35793c76p-33

gdouble
np_sweep_ln(gdouble u)
{
	gint e = 0;
	gdouble m = frexp(u, &e); /* u = m·2^e, m in [1/2, 1): exact */
	gdouble s, z, p;

	if (m < 0x1.6a09e667f3bcdp-1) { /* √½: m into [√½, √2) */
		m *= 2;
		e -= 1;
	}
	/* ln m = 2·atanh(s) = 2s·(1 + z/3 + z²/5 + …), s = (m − 1)/(m + 1),
	 * |s| < 0.172, z = s²: 12 terms reach below 2⁻⁶⁰ */
	s = (m - 1) / (m + 1);
	z = s * s;
	p = 1.0 / 23;
	for (gint k = 21; k >= 1; k -= 2)
		p = p * z + 1.0 / k;
	return e * NP_LN2_HI + (e * NP_LN2_LO + 2 * s * p);
}

gdouble
np_rng_exponential(NpRng *rng)
{
	return 0.0 - np_sweep_ln(np_rng_uniform(rng));
}

/* ------------------------------------------------------------- records */

static void
np_sweep_code_clear(gpointer data)
{
	g_free(((NpSweepCode *)data)->code);
}

NpSweepTrial *
np_sweep_trial_new(guint64 trial)
{
	NpSweepTrial *record = g_new0(NpSweepTrial, 1);
	record->trial = trial;
	record->by_code = g_array_new(FALSE, TRUE, sizeof(NpSweepCode));
	g_array_set_clear_func(record->by_code, np_sweep_code_clear);
	return record;
}

void
np_sweep_trial_free(NpSweepTrial *trial)
{
	if (trial == NULL)
		return;
	g_array_unref(trial->by_code);
	g_free(trial);
}

void
np_sweep_trial_add_code(NpSweepTrial *trial, const gchar *code, gint64 count)
{
	guint i = 0;
	NpSweepCode added;

	for (; i < trial->by_code->len; i++) {
		NpSweepCode *c = &g_array_index(trial->by_code, NpSweepCode, i);
		gint order = strcmp(c->code, code);
		if (order == 0) {
			c->count += count;
			return;
		}
		if (order > 0)
			break;
	}
	added.code = g_strdup(code);
	added.count = count;
	g_array_insert_val(trial->by_code, i, added);
}

/* ---------------------------------------------------------- the queue */

static gboolean
np_tick_before(const NpSweepTick *a, const NpSweepTick *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	if (a->kind != b->kind)
		return a->kind < b->kind;
	return a->seq < b->seq;
}

void
np_sweep_queue_init(NpSweepQueue *queue)
{
	queue->heap = g_array_new(FALSE, FALSE, sizeof(NpSweepTick));
	queue->seq = 0;
}

void
np_sweep_queue_clear(NpSweepQueue *queue)
{
	g_clear_pointer(&queue->heap, g_array_unref);
}

void
np_sweep_queue_push(NpSweepQueue *queue, gdouble time, NpSweepTickKind kind, guint32 target)
{
	NpSweepTick tick = {time, kind, target, queue->seq++};
	NpSweepTick *h;
	guint i;

	g_array_append_val(queue->heap, tick);
	h = (NpSweepTick *)queue->heap->data;
	for (i = queue->heap->len - 1; i > 0;) {
		guint parent = (i - 1) / 2;
		if (!np_tick_before(&h[i], &h[parent]))
			break;
		tick = h[parent];
		h[parent] = h[i];
		h[i] = tick;
		i = parent;
	}
}

gboolean
np_sweep_queue_pop(NpSweepQueue *queue, NpSweepTick *out)
{
	guint n = queue->heap->len, i = 0;
	NpSweepTick *h = (NpSweepTick *)queue->heap->data;

	if (n == 0)
		return FALSE;
	*out = h[0];
	h[0] = h[--n];
	g_array_set_size(queue->heap, n);
	for (;;) {
		guint l = 2 * i + 1, r = l + 1, m = i;
		NpSweepTick swap;
		if (l < n && np_tick_before(&h[l], &h[m]))
			m = l;
		if (r < n && np_tick_before(&h[r], &h[m]))
			m = r;
		if (m == i)
			return TRUE;
		swap = h[i];
		h[i] = h[m];
		h[m] = swap;
		i = m;
	}
}

/* a VM as the trial's books hold it */
typedef struct {
	gint64 backed_mb;
	gboolean active;
} NpVmBook;

typedef struct {
	NpEngine *engine;
	const NpSweepSpec *spec;
	NpRng rng;
	NpSweepQueue queue;
	guint64 next_vm; /* K of the last sweep-K */
	GArray *books;   /* NpVmBook by the engine's VM index */
	gint64 active;   /* VMs active now, all hosts */
	gint64 backed_mb;
	gboolean in_window;
	gdouble last; /* the time the area is counted to */
	gdouble area; /* ∫ active VMs dt over the window so far */
	gdouble mean_fail_hours;
	NpSweepTrial *record;
} NpTrial;

/* schedules @kind at @time when it falls before the horizon */
static void
np_schedule(NpTrial *t, gdouble time, NpSweepTickKind kind, guint32 target)
{
	if (time < t->spec->horizon_hours)
		np_sweep_queue_push(&t->queue, time, kind, target);
}

/* ------------------------------------------------------------ the books */

static NpVmBook *
np_book(NpTrial *t, guint index)
{
	if (index >= t->books->len)
		g_array_set_size(t->books, index + 1);
	return &g_array_index(t->books, NpVmBook, index);
}

/* VM @index as the engine has it now, into the books */
static void
np_book_update(NpTrial *t, guint index)
{
	NpVmBook *book = np_book(t, index);
	NpVmInfo info;
	gboolean active = FALSE;
	gint64 backed = 0;

	if (np_engine_get_vm(t->engine, index, &info) && info.status == NP_STATUS_ACTIVE) {
		active = TRUE;
		backed = info.backed_mb;
	}
	t->active += (gint64)active - (gint64)book->active;
	t->backed_mb += backed - book->backed_mb;
	book->active = active;
	book->backed_mb = backed;
}

/* the state held from t->last to @time counts into the window */
static void
np_advance(NpTrial *t, gdouble time)
{
	NpSweepTrial *r = t->record;
	if (time > t->spec->horizon_hours)
		time = t->spec->horizon_hours;
	if (!t->in_window) {
		if (time < t->spec->warmup_hours)
			return;
		t->in_window = TRUE;
		t->last = t->spec->warmup_hours;
		r->peak_vms = t->active;
		r->peak_memory_mb = t->backed_mb;
	}
	t->area += (gdouble)t->active * (time - t->last);
	t->last = time;
}

static void
np_peaks(NpTrial *t)
{
	if (!t->in_window)
		return;
	t->record->peak_vms = MAX(t->record->peak_vms, t->active);
	t->record->peak_memory_mb = MAX(t->record->peak_memory_mb, t->backed_mb);
}

/* ---------------------------------------------------------- the events */

static gboolean
np_trial_boot(NpTrial *t, const NpSweepTick *tick, GHashTable *codes, GError **error)
{
	const NpSweepStream *stream = &g_array_index(t->spec->streams, NpSweepStream, tick->target);
	NpSweepTrial *r = t->record;
	gboolean counted = tick->time >= t->spec->warmup_hours;
	g_autofree gchar *name = NULL;
	g_autoptr(NpEvent) event = NULL;
	g_autoptr(NpEventResult) result = NULL;
	const NpVmResult *vm;
	guint index = 0;
	NpStatus status;

	if (t->next_vm >= NP_SWEEP_HARD_ARRIVALS) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "the boots of one trial exceed the limit of %d",
		            NP_SWEEP_HARD_ARRIVALS);
		return FALSE;
	}
	name = g_strdup_printf("sweep-%" G_GUINT64_FORMAT, ++t->next_vm);
	event = np_event_new_boot(name, stream->flavor);
	if (stream->image != NULL)
		np_event_set_image(event, stream->image);
	result = np_engine_apply(t->engine, event, error);
	if (result == NULL)
		return FALSE;
	vm = np_event_result_get_vm(result, 0);
	status = np_vm_result_get_status(vm);
	if (!np_engine_lookup_vm(t->engine, name, &index)) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "internal error: %s not booted",
		            name);
		return FALSE;
	}
	np_book_update(t, index);
	if (counted) {
		r->arrivals++;
		if (status == NP_STATUS_ACTIVE) {
			r->admitted++;
			r->spanned += np_vm_result_get_spanned(vm) ? 1 : 0;
			r->remote_mb += np_vm_result_get_remote_mb(vm);
		} else {
			NpCode code = np_vm_result_get_code(vm);
			const gchar *key = code != NP_CODE_NONE ? np_code_to_string(code)
			                                        : np_status_to_string(status);
			r->rejected++;
			g_hash_table_insert(
			    codes,
			    (gpointer)key,
			    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(codes, key))
			                     + 1));
		}
	}
	/* the draws: the stream's next arrival, then this VM's lifetime */
	np_schedule(t,
	            tick->time + np_rng_exponential(&t->rng) / stream->per_hour,
	            NP_SWEEP_BOOT,
	            tick->target);
	if (status == NP_STATUS_ACTIVE)
		np_schedule(t,
		            tick->time + np_rng_exponential(&t->rng) * stream->lifetime_hours,
		            NP_SWEEP_DELETE,
		            index);
	return TRUE;
}

static gboolean
np_trial_delete(NpTrial *t, const NpSweepTick *tick, GError **error)
{
	g_autoptr(NpEvent) event = NULL;
	g_autoptr(NpEventResult) result = NULL;
	NpVmInfo info;

	/* a VM lost in an evacuation is not deleted later */
	if (!np_book(t, tick->target)->active || !np_engine_get_vm(t->engine, tick->target, &info))
		return TRUE;
	event = np_event_new(NP_EVENT_DELETE, info.name);
	result = np_engine_apply(t->engine, event, error);
	if (result == NULL)
		return FALSE;
	np_book_update(t, tick->target);
	return TRUE;
}

static gboolean
np_trial_fail(NpTrial *t, const NpSweepTick *tick, GError **error)
{
	g_autoptr(NpEvent) event = NULL;
	g_autoptr(NpEventResult) result = NULL;
	NpHostInfo host;

	if (!np_engine_get_host(t->engine, tick->target, &host)) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "internal error: no host %u",
		            tick->target);
		return FALSE;
	}
	event = np_event_new(NP_EVENT_FAIL_HOST, host.name);
	result = np_engine_apply(t->engine, event, error);
	if (result == NULL)
		return FALSE;
	for (guint i = 0; i < np_event_result_get_n_vms(result); i++) {
		const NpVmResult *vm = np_event_result_get_vm(result, i);
		guint index = 0;
		if (np_engine_lookup_vm(t->engine, np_vm_result_get_name(vm), &index))
			np_book_update(t, index);
		if (np_vm_result_get_status(vm) == NP_STATUS_ERROR
		    && tick->time >= t->spec->warmup_hours)
			t->record->lost++;
	}
	np_schedule(t, tick->time + t->spec->repair_hours, NP_SWEEP_RECOVER, tick->target);
	return TRUE;
}

static gboolean
np_trial_recover(NpTrial *t, const NpSweepTick *tick, GError **error)
{
	g_autoptr(NpEvent) event = NULL;
	g_autoptr(NpEventResult) result = NULL;
	NpHostInfo host;

	if (!np_engine_get_host(t->engine, tick->target, &host)) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "internal error: no host %u",
		            tick->target);
		return FALSE;
	}
	event = np_event_new(NP_EVENT_RECOVER_HOST, host.name);
	result = np_engine_apply(t->engine, event, error);
	if (result == NULL)
		return FALSE;
	np_schedule(t,
	            tick->time + np_rng_exponential(&t->rng) * t->mean_fail_hours,
	            NP_SWEEP_FAIL,
	            tick->target);
	return TRUE;
}

/* with the checker on: the trial's books against the engine's state */
static gboolean
np_trial_check(NpTrial *t, GError **error)
{
	gint64 active = 0, backed = 0;

	if (!np_engine_check(t->engine, error))
		return FALSE;
	for (guint i = 0; i < np_engine_get_n_vms(t->engine); i++) {
		NpVmInfo info;
		np_engine_get_vm(t->engine, i, &info);
		if (info.status == NP_STATUS_ACTIVE) {
			active++;
			backed += info.backed_mb;
		}
	}
	if (active != t->active || backed != t->backed_mb) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "internal error: the trial counts %" G_GINT64_FORMAT
		            " active VMs backing %" G_GINT64_FORMAT
		            " MiB, the engine %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
		            t->active,
		            t->backed_mb,
		            active,
		            backed);
		return FALSE;
	}
	return TRUE;
}

static gint
np_compare_keys(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

/* the record's counts become its shares, codes and mean */
static void
np_trial_finish(NpTrial *t, GHashTable *codes)
{
	NpSweepTrial *r = t->record;
	g_autofree gpointer *keys = NULL;
	guint n = 0;

	np_advance(t, t->spec->horizon_hours);
	r->rejected_share = r->arrivals > 0 ? (gdouble)r->rejected / (gdouble)r->arrivals : 0.0;
	r->spanned_share = r->admitted > 0 ? (gdouble)r->spanned / (gdouble)r->admitted : 0.0;
	r->mean_vms = t->area / (t->spec->horizon_hours - t->spec->warmup_hours);
	keys = g_hash_table_get_keys_as_array(codes, &n);
	qsort(keys, n, sizeof(gpointer), np_compare_keys);
	for (guint i = 0; i < n; i++)
		np_sweep_trial_add_code(
		    r,
		    keys[i],
		    (gint64)GPOINTER_TO_SIZE(g_hash_table_lookup(codes, keys[i])));
}

NpSweepTrial *
np_sweep_run_trial(const NpEngine *base,
                   const NpSweepSpec *spec,
                   guint64 seed,
                   guint64 index,
                   NpRunFlags flags,
                   GError **error)
{
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(NpSweepTrial) record = np_sweep_trial_new(index);
	g_autoptr(GArray) books = g_array_new(FALSE, TRUE, sizeof(NpVmBook));
	g_autoptr(GHashTable) codes = g_hash_table_new(g_str_hash, g_str_equal);
	NpTrial t = {0};
	NpSweepTick tick;
	gboolean ok = TRUE;

	g_return_val_if_fail(base != NULL && spec != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	engine = np_engine_copy(base);
	t.engine = engine;
	t.spec = spec;
	np_sweep_queue_init(&t.queue);
	t.books = books;
	t.record = record;
	np_rng_seed(&t.rng, seed, index);
	for (guint i = 0; i < np_engine_get_n_vms(engine); i++)
		np_book_update(&t, i);

	/* the first draws: each stream's first arrival, in file order, then
	 * each host's first failure, in host order */
	for (guint i = 0; i < spec->streams->len; i++) {
		const NpSweepStream *s = &g_array_index(spec->streams, NpSweepStream, i);
		np_schedule(&t, np_rng_exponential(&t.rng) / s->per_hour, NP_SWEEP_BOOT, i);
	}
	if (spec->host_failures && spec->per_host_per_year > 0) {
		t.mean_fail_hours = NP_SWEEP_HOURS_PER_YEAR / spec->per_host_per_year;
		for (guint i = 0; i < np_engine_get_n_hosts(engine); i++) {
			NpHostInfo host;
			if (!np_engine_get_host(engine, i, &host) || !host.enabled)
				continue;
			np_schedule(&t,
			            np_rng_exponential(&t.rng) * t.mean_fail_hours,
			            NP_SWEEP_FAIL,
			            i);
		}
	}

	while (ok && np_sweep_queue_pop(&t.queue, &tick)) {
		np_advance(&t, tick.time);
		switch ((NpSweepTickKind)tick.kind) {
		case NP_SWEEP_BOOT:
			ok = np_trial_boot(&t, &tick, codes, error);
			break;
		case NP_SWEEP_DELETE:
			ok = np_trial_delete(&t, &tick, error);
			break;
		case NP_SWEEP_FAIL:
			ok = np_trial_fail(&t, &tick, error);
			break;
		case NP_SWEEP_RECOVER:
			ok = np_trial_recover(&t, &tick, error);
			break;
		default:
			g_assert_not_reached();
		}
		np_peaks(&t);
	}
	np_sweep_queue_clear(&t.queue);
	if (!ok) {
		g_prefix_error(error, "trial %" G_GUINT64_FORMAT ": ", index);
		return NULL;
	}
	np_trial_finish(&t, codes);
	if ((flags & NP_RUN_CHECK_INVARIANTS) && !np_trial_check(&t, error)) {
		g_prefix_error(error, "trial %" G_GUINT64_FORMAT ": ", index);
		return NULL;
	}
	return g_steal_pointer(&record);
}

/* ---------------------------------------------------------------- runs */

typedef struct {
	const NpEngine *base;
	const NpSweepSpec *spec;
	const NpSweepOptions *options;
	guint n;
	GPtrArray *records; /* by slot */
	GError **errors;    /* by slot */
	GAsyncQueue *done;  /* a slot ended */
	gint next;          /* the next slot a worker takes */
	gint first_failed;  /* the lowest slot that failed, G_MAXINT for none */
} NpSweepJob;

static void
np_sweep_one(NpSweepJob *job, guint slot)
{
	guint64 index = job->options->shard_index + (guint64)slot * job->options->shard_count;
	NpSweepTrial *record;

	/* once a trial has failed, later ones are not worth running; earlier
	 * ones still run, so the error reported is the lowest trial's
	 * whatever the threads did */
	if ((gint)slot > g_atomic_int_get(&job->first_failed))
		return;
	record = np_sweep_run_trial(job->base,
	                            job->spec,
	                            job->options->seed,
	                            index,
	                            job->options->flags,
	                            &job->errors[slot]);
	g_ptr_array_index(job->records, slot) = record;
	while (record == NULL) {
		gint seen = g_atomic_int_get(&job->first_failed);
		if ((gint)slot >= seen
		    || g_atomic_int_compare_and_exchange(&job->first_failed, seen, (gint)slot))
			break;
	}
}

/* a worker of the pool: takes the next slot until none is left. Each
 * record lands in its own slot, so the order the trials end in changes
 * nothing. */
static gpointer
np_sweep_worker(gpointer data)
{
	NpSweepJob *job = data;
	for (;;) {
		gint slot = g_atomic_int_add(&job->next, 1);
		if (slot >= (gint)job->n)
			return NULL;
		np_sweep_one(job, (guint)slot);
		g_async_queue_push(job->done, GINT_TO_POINTER(slot + 1));
	}
}

GPtrArray *
np_sweep_run(const NpScenario *scenario,
             const NpSweepOptions *options,
             NpSweepProgress progress,
             gpointer user_data,
             GError **error)
{
	const NpSweepSpec *spec;
	g_autoptr(NpEngine) base = NULL;
	g_autoptr(GPtrArray) records = NULL;
	g_autofree GError **errors = NULL;
	NpSweepJob job = {0};
	guint64 n;

	g_return_val_if_fail(scenario != NULL && options != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	spec = np_scenario_get_sweep(scenario);
	if (spec == NULL) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "the scenario has no sweep: section");
		return NULL;
	}
	if (options->trials < 1 || options->trials > NP_SWEEP_MAX_TRIALS || options->threads < 1
	    || options->threads > NP_SWEEP_MAX_THREADS || options->shard_count < 1
	    || options->shard_index >= options->shard_count) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "sweep options out of range");
		return NULL;
	}
	base = np_sim_run(scenario, options->flags, NULL, NULL, error);
	if (base == NULL)
		return NULL;

	/* the shard's trials: index, index + count, … */
	n = options->trials > options->shard_index
	        ? (options->trials - options->shard_index + options->shard_count - 1)
	              / options->shard_count
	        : 0;
	records = g_ptr_array_new_full((guint)n, (GDestroyNotify)np_sweep_trial_free);
	g_ptr_array_set_size(records, (guint)n);
	errors = g_new0(GError *, n + 1);
	job.base = base;
	job.spec = spec;
	job.options = options;
	job.n = (guint)n;
	job.records = records;
	job.errors = errors;
	job.first_failed = G_MAXINT;

	if (options->threads == 1 || n <= 1) {
		for (guint slot = 0; slot < n; slot++) {
			np_sweep_one(&job, slot);
			if (progress != NULL)
				progress(slot + 1, n, user_data);
		}
	} else {
		/* the pool: its own threads, joined before returning (so none
		 * outlives the run) */
		guint n_threads = (guint)MIN(options->threads, n);
		g_autoptr(GPtrArray) threads = g_ptr_array_new();
		job.done = g_async_queue_new();
		for (guint i = 0; i < n_threads; i++)
			g_ptr_array_add(threads, g_thread_new("np-sweep", np_sweep_worker, &job));
		for (guint64 done = 1; done <= n; done++) {
			g_async_queue_pop(job.done);
			if (progress != NULL)
				progress(done, n, user_data);
		}
		for (guint i = 0; i < threads->len; i++)
			g_thread_join(g_ptr_array_index(threads, i));
		g_async_queue_unref(job.done);
	}

	/* the error of the lowest trial that failed, whatever the threads */
	for (guint slot = 0; slot < n; slot++) {
		if (errors[slot] != NULL) {
			g_propagate_error(error, errors[slot]);
			errors[slot] = NULL;
			for (guint rest = slot + 1; rest < n; rest++)
				g_clear_error(&errors[rest]);
			return NULL;
		}
	}
	return g_steal_pointer(&records);
}
