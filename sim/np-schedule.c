/* Scheduling and starting a VM: Nova picks a host (rules.md §3: the
 * filters and weighers in nova/), claims it, and Hyper-V starts the VM
 * there (rules.md §4: backing in hypervisor/); a start that fails is
 * retried on the next host of the first attempt's order, up to
 * max_attempts starts. */
#include <math.h>
#include <string.h>

#include "np-engine-private.h"

gboolean
np_sim_vm_is_placed(const NpSimVm *vm)
{
	return vm->status == NP_STATUS_ACTIVE || vm->status == NP_STATUS_STOPPED;
}

void
np_nova_request(const NpEngine *engine, const NpConfig *config, NpNovaRequest *request)
{
	request->vcpus = config->flavor->vcpus;
	request->memory_mb = config->flavor->memory_mb;
	request->n_cells = config->vnuma ? config->n_units : 0;
	request->cells = config->cells;
	request->pack_cells = engine->settings.numa_cells_pack;
}

/* ------------------------------------------------------------- claims */

void
np_claim(NpEngine *engine, NpSimVm *vm, gint host_index, guint32 *cells)
{
	NpNovaRequest request;
	np_nova_request(engine, vm->config, &request);
	vm->host = host_index;
	vm->claimed = TRUE;
	g_free(vm->cells);
	vm->cells = cells;
	np_nova_claim(&np_engine_host(engine, host_index)->nova, &request, cells, +1);
	np_engine_host_changed(engine, host_index);
}

void
np_release_claims(NpEngine *engine, NpSimVm *vm)
{
	NpNovaRequest request;
	if (!vm->claimed)
		return;
	np_nova_request(engine, vm->config, &request);
	np_nova_claim(&np_engine_host(engine, vm->host)->nova, &request, vm->cells, -1);
	np_engine_host_changed(engine, vm->host);
	g_clear_pointer(&vm->cells, g_free);
	vm->claimed = FALSE;
	vm->host = -1;
}

void
np_release_backing(NpEngine *engine, NpSimVm *vm)
{
	if (vm->backing.n_parts == 0)
		return;
	np_hv_release(&np_engine_host(engine, vm->host)->hv, &vm->backing);
}

/* ----------------------------------------------------------- starting */

NpCode
np_start(NpEngine *engine, NpSimVm *vm, gchar **message)
{
	NpSimHost *host = np_engine_host(engine, vm->host);
	const NpConfig *config = vm->config;
	const NpFlavor *flavor = config->flavor;

	if (config->vnuma) {
		/* the blueprint's limits are the host's: Nova doesn't know them */
		if (host->settings.max_vnuma_vcpus > 0
		    && flavor->vcpus > host->settings.max_vnuma_vcpus) {
			*message = g_strdup_printf(
			    "%s allows at most %" G_GINT64_FORMAT
			    " vCPUs in a vNUMA VM; the flavor has %" G_GINT64_FORMAT,
			    host->name,
			    host->settings.max_vnuma_vcpus,
			    flavor->vcpus);
			return NP_CODE_TOO_MANY_VCPUS;
		}
		if (host->settings.max_vnuma_memory_mb > 0
		    && flavor->memory_mb > host->settings.max_vnuma_memory_mb) {
			*message = g_strdup_printf(
			    "%s allows at most %" G_GINT64_FORMAT
			    " MiB in a vNUMA VM; the flavor has %" G_GINT64_FORMAT " MiB",
			    host->name,
			    host->settings.max_vnuma_memory_mb,
			    flavor->memory_mb);
			return NP_CODE_TOO_MUCH_MEMORY;
		}
	}
	np_hv_backing_reserve(&vm->backing, config->n_units);
	for (guint32 u = 0; u < config->n_units; u++) {
		NpCode code = np_hv_back_unit(&host->hv,
		                              &vm->backing,
		                              u,
		                              config->unit_mb,
		                              engine->settings.backing);
		if (code != NP_CODE_NONE) {
			np_release_backing(engine, vm);
			*message = g_strdup_printf(
			    "%s could not back %" G_GINT64_FORMAT " MiB (vnode %u): %s",
			    host->name,
			    config->unit_mb,
			    u,
			    code == NP_CODE_NO_NODE_FITS_SPANNING_DISABLED
			        ? "no single NUMA node has that much free and NUMA spanning is off"
			        : "the host has not that much free memory");
			return code;
		}
	}
	return NP_CODE_NONE;
}

/* -------------------------------------------------------- scheduling */

/* the first hosts of the weighers' order among those that pass every
 * filter: as many as a boot may try (the first and its alternates) */
/* a boot's hosts and cells fit on the stack up to these sizes */
#define NP_SCHEDULE_STACK_HOSTS 8
#define NP_SCHEDULE_STACK_CELLS 64

typedef struct {
	NpWeighed *order;
	guint n;
	guint size;     /* room in @order: max_attempts */
	guint32 *cells; /* n_units cell indices per entry of @order (vNUMA) */
	guint n_units;
	NpFilterCounts counts;
	NpWeighed order_buf[NP_SCHEDULE_STACK_HOSTS];
	guint32 cells_buf[NP_SCHEDULE_STACK_CELLS];
} NpSchedule;

static void
np_schedule_clear(NpSchedule *schedule)
{
	if (schedule->order != schedule->order_buf)
		g_free(schedule->order);
	if (schedule->cells != schedule->cells_buf)
		g_free(schedule->cells);
}

/* puts @w (its cells in @cells) into the first @size by the weighers'
 * order: highest weight first, ties in host order */
static void
np_schedule_offer(NpSchedule *s, const NpWeighed *w, const guint32 *cells)
{
	guint at = s->n;
	while (at > 0 && np_cmp_weighed(w, &s->order[at - 1]) < 0)
		at--;
	if (at >= s->size)
		return;
	if (s->n < s->size)
		s->n++;
	memmove(&s->order[at + 1], &s->order[at], (s->n - 1 - at) * sizeof(NpWeighed));
	s->order[at] = *w;
	if (s->n_units > 0) {
		memmove(s->cells + (gsize)(at + 1) * s->n_units,
		        s->cells + (gsize)at * s->n_units,
		        (gsize)(s->n - 1 - at) * s->n_units * sizeof(guint32));
		memcpy(s->cells + (gsize)at * s->n_units, cells, s->n_units * sizeof(guint32));
	}
}

/* @w after the hosts already in @s (the caller walks in order) */
static void
np_schedule_append(NpSchedule *s, const NpWeighed *w, const guint32 *cells)
{
	s->order[s->n] = *w;
	if (s->n_units > 0)
		memcpy(s->cells + (gsize)s->n * s->n_units, cells, s->n_units * sizeof(guint32));
	s->n++;
}

static void
np_schedule_init(NpEngine *engine, const NpNovaRequest *request, NpSchedule *out)
{
	out->n = 0;
	memset(&out->counts, 0, sizeof(out->counts));
	out->size = (guint)MAX(engine->settings.max_attempts, 1);
	out->order =
	    out->size <= NP_SCHEDULE_STACK_HOSTS ? out->order_buf : g_new(NpWeighed, out->size);
	out->n_units = request->n_cells;
	out->cells = NULL;
	if (out->n_units > 0)
		out->cells = (gsize)out->size * out->n_units <= NP_SCHEDULE_STACK_CELLS
		                 ? out->cells_buf
		                 : g_new(guint32, (gsize)out->size * out->n_units);
}

/* rules.md §3 as written: every host (or only @forced) but @exclude
 * through the filters, counting what each removes, then the weighers
 * over every host that passed */
static void
np_schedule_scan(NpEngine *engine,
                 const NpNovaRequest *request,
                 gint forced,
                 gint exclude,
                 NpSchedule *out)
{
	guint n_hosts = engine->hosts->len;
	g_autofree NpWeighed *passed = g_new(NpWeighed, n_hosts);
	g_autofree guint32 *cells = NULL;
	guint n = 0;

	if (out->n_units > 0)
		cells = g_new(guint32, (gsize)n_hosts * out->n_units);
	for (guint i = 0; i < n_hosts; i++) {
		const NpSimHost *host = np_engine_host(engine, i);
		NpFilterOutcome outcome;
		if ((gint)i == exclude || (forced >= 0 && (gint)i != forced))
			continue;
		/* semantics.md: the compute filter removes failed and removed hosts */
		if (host->failed || host->removed) {
			out->counts.compute++;
			continue;
		}
		outcome = np_nova_filter(&host->nova,
		                         request,
		                         out->n_units > 0 ? cells + (gsize)n * out->n_units : NULL);
		switch (outcome.filter) {
		case NP_FILTER_PASSED:
			passed[n].index = i;
			passed[n].host = &host->nova;
			n++;
			break;
		case NP_FILTER_RAM:
			out->counts.ram++;
			break;
		case NP_FILTER_CPU:
			out->counts.cpu++;
			break;
		case NP_FILTER_NUMA:
		case NP_FILTER_COMPUTE:
		case NP_FILTER_LAST:
		default:
			out->counts.numa++;
			break;
		}
	}
	np_weigh_unsorted(passed, n, &engine->weights);
	for (guint k = 0; k < n; k++)
		np_schedule_offer(out,
		                  &passed[k],
		                  cells != NULL ? cells + (gsize)k * out->n_units : NULL);
}

/* a walk of an index: the hosts that pass the filters exactly */
typedef struct {
	NpEngine *engine;
	const NpNovaRequest *request;
	gint exclude;
	NpSchedule *out;
	guint32 *cells; /* scratch for one host's cells */
	/* spread, pack: stop at out->size hosts; nova: the walk's purpose */
	gint mode;
	gdouble found; /* the value of the first host that passed */
	gboolean any;
	/* nova's top hosts */
	gdouble ram_hi;
	gdouble cpu_hi;
	gdouble primary_weight; /* the walked weigher's multiplier */
	gdouble primary_hi;
	gdouble others_max; /* the most the other weighers can add */
	gdouble margin;
} NpIndexWalk;

enum { NP_WALK_ORDER, NP_WALK_FIRST, NP_WALK_NOVA };

static gboolean
np_walk_host(guint i, gdouble value, gpointer data)
{
	NpIndexWalk *w = data;
	const NpSimHost *host = np_engine_host(w->engine, i);
	NpWeighed weighed = {0};

	if (w->mode == NP_WALK_NOVA && w->out->n == w->out->size) {
		/* no host from here on can beat the last of the top hosts */
		gdouble bound =
		    w->primary_weight * np_normalise(value, 0.0, w->primary_hi) + w->others_max;
		if (bound + w->margin < w->out->order[w->out->n - 1].weight)
			return FALSE;
	}
	if ((gint)i == w->exclude)
		return TRUE;
	if (np_nova_filter(&host->nova, w->request, w->cells).filter != NP_FILTER_PASSED)
		return TRUE;
	if (w->mode == NP_WALK_FIRST) {
		w->found = value;
		w->any = TRUE;
		return FALSE;
	}
	weighed.index = i;
	weighed.host = &host->nova;
	if (w->mode == NP_WALK_NOVA) {
		weighed.ram = np_weigher_ram_value(&host->nova);
		weighed.cpu = np_weigher_cpu_value(&host->nova);
		weighed.weight = np_weight_combine(&w->engine->weights,
		                                   np_normalise(weighed.ram, 0.0, w->ram_hi),
		                                   np_normalise(weighed.cpu, 0.0, w->cpu_hi),
		                                   0.0);
	}
	if (w->mode == NP_WALK_NOVA) {
		np_schedule_offer(w->out, &weighed, w->cells);
		return TRUE;
	}
	/* spread and pack: the index's order is the weigher's */
	np_schedule_append(w->out, &weighed, w->cells);
	return w->out->n < w->out->size;
}

/* the largest value of @index's weigher over the hosts that pass; FALSE
 * when none does */
static gboolean
np_index_top(NpIndexWalk *w, const NpHostIndex *index, gdouble *top)
{
	w->mode = NP_WALK_FIRST;
	w->any = FALSE;
	np_host_index_walk(index,
	                   w->request->memory_mb,
	                   w->request->vcpus,
	                   index->sign > 0, /* largest first */
	                   np_walk_host,
	                   w);
	*top = w->found;
	return w->any;
}

/* rules.md §3 through the indexes: the same first hosts as the scan,
 * without looking at every host; FALSE when it cannot answer (no host
 * passes: the scan counts what each filter removed) */
static gboolean
np_schedule_index(NpEngine *engine, const NpNovaRequest *request, gint exclude, NpSchedule *out)
{
	guint32 cells_buf[NP_SCHEDULE_STACK_CELLS];
	g_autofree guint32 *heap =
	    out->n_units > NP_SCHEDULE_STACK_CELLS ? g_new(guint32, out->n_units) : NULL;
	NpIndexWalk w =
	    {engine, request, exclude, out, heap != NULL ? heap : cells_buf, NP_WALK_ORDER};
	const NpWeights *weights = &engine->weights;

	if (engine->settings.weigher != NP_WEIGHER_NOVA) {
		/* spread, pack: the RAM weigher alone orders as its value does */
		np_host_index_walk(&engine->by_ram,
		                   request->memory_mb,
		                   request->vcpus,
		                   FALSE,
		                   np_walk_host,
		                   &w);
		return out->n > 0;
	}
	/* nova: each weigher normalised over the hosts that pass */
	if (!np_index_top(&w, &engine->by_ram, &w.ram_hi)
	    || !np_index_top(&w, &engine->by_cpu, &w.cpu_hi))
		return FALSE;
	/* walk the RAM weigher's order (or the CPU one's when RAM weighs
	 * nothing); the other can add at most its multiplier (n ≤ 1) */
	if (weights->ram != 0) {
		w.primary_weight = weights->ram;
		w.primary_hi = w.ram_hi;
		w.others_max = MAX(weights->cpu, 0.0);
	} else {
		w.primary_weight = weights->cpu;
		w.primary_hi = w.cpu_hi;
		w.others_max = 0.0;
	}
	/* the bound and the weights round differently in the last bits */
	w.margin = 1e-9 * (fabs(weights->ram) + fabs(weights->cpu) + 1.0);
	w.mode = NP_WALK_NOVA;
	np_host_index_walk(weights->ram != 0 ? &engine->by_ram : &engine->by_cpu,
	                   request->memory_mb,
	                   request->vcpus,
	                   FALSE,
	                   np_walk_host,
	                   &w);
	return out->n > 0;
}

/* the hosts a boot may try, best first (rules.md §3) */
static void
np_schedule(NpEngine *engine, const NpSimVm *vm, gint forced, gint exclude, NpSchedule *out)
{
	NpNovaRequest request;
	const NpWeights *weights = &engine->weights;

	np_nova_request(engine, vm->config, &request);
	np_schedule_init(engine, &request, out);
	/* the indexes answer unless: a forced host (one host to look at), a
	 * host with failed builds under nova (the build failure weigher then
	 * varies), or nova with no RAM or CPU weight */
	if (forced < 0 && !engine->scan
	    && (weights->build_failure == 0 || engine->n_failing == 0
	        || engine->settings.weigher != NP_WEIGHER_NOVA)
	    && (engine->settings.weigher != NP_WEIGHER_NOVA || weights->ram != 0
	        || weights->cpu != 0)
	    && np_schedule_index(engine, &request, exclude, out))
		return;
	out->n = 0;
	np_schedule_scan(engine, &request, forced, exclude, out);
}

void
np_place_outcome_clear(NpPlaceOutcome *out)
{
	g_free(out->message);
	g_clear_pointer(&out->failed_starts, g_ptr_array_unref);
}

gchar *
np_filtered_message(const NpFilterCounts *f)
{
	return g_strdup_printf("no host passed the filters (removed by compute %u, ram %u, cpu %u, "
	                       "numa %u)",
	                       f->compute,
	                       f->ram,
	                       f->cpu,
	                       f->numa);
}

gboolean
np_place(NpEngine *engine,
         NpSimVm *vm,
         gint forced,
         gint exclude,
         gboolean start,
         NpPlaceOutcome *out)
{
	g_autoptr(GString) tried = NULL;
	NpSchedule schedule;
	guint next = 0;

	memset(out, 0, sizeof(*out));
	if (G_UNLIKELY(engine->place_hook != NULL))
		engine->place_hook(engine, vm, forced, exclude, start, engine->place_hook_data);
	np_schedule(engine, vm, forced, exclude, &schedule);
	if (schedule.n == 0) {
		out->code = NP_CODE_NO_VALID_HOST;
		out->has_filtered = TRUE;
		out->filtered = schedule.counts;
		out->message = np_filtered_message(&schedule.counts);
		np_schedule_clear(&schedule);
		return FALSE;
	}
	/* a reschedule takes the next host of the first attempt's order (Nova's
	 * alternates); the failed attempt's claims are gone, so the others
	 * still pass */
	while (out->attempts < engine->settings.max_attempts) {
		gint host;
		guint32 *cells = NULL;
		g_autofree gchar *why = NULL;
		NpCode code;
		if (next == schedule.n) {
			g_free(out->message);
			out->message = g_strdup_printf("no other host passed the filters; %s",
			                               tried != NULL ? tried->str : "");
			np_schedule_clear(&schedule);
			return FALSE;
		}
		host = (gint)schedule.order[next].index;
		if (schedule.n_units > 0)
			cells = g_memdup2(schedule.cells + (gsize)next * schedule.n_units,
			                  schedule.n_units * sizeof(guint32));
		next++;
		np_claim(engine, vm, host, cells);
		if (!start) {
			np_schedule_clear(&schedule);
			return TRUE;
		}
		out->attempts++;
		code = np_start(engine, vm, &why);
		if (code == NP_CODE_NONE) {
			np_engine_set_failed_builds(engine, host, 0);
			g_clear_pointer(&out->message, g_free);
			out->code = NP_CODE_NONE;
			np_schedule_clear(&schedule);
			return TRUE;
		}
		np_release_claims(engine, vm);
		np_engine_set_failed_builds(engine,
		                            host,
		                            np_engine_host(engine, host)->nova.failed_builds + 1);
		out->code = code;
		if (tried == NULL)
			tried = g_string_new(NULL);
		np_failed_starts_add(&out->failed_starts,
		                     np_engine_host(engine, host)->name,
		                     code,
		                     why);
		g_string_append_printf(tried,
		                       "%s%s: %s",
		                       tried->len > 0 ? "; " : "start failed on ",
		                       np_engine_host(engine, host)->name,
		                       why);
		g_free(out->message);
		out->message = g_strdup(tried->str);
	}
	np_schedule_clear(&schedule);
	return FALSE;
}
