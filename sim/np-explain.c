/* explain (scenario.md §4): the decision behind one placement, traced.
 *
 * The scenario is replayed; at the moment the engine starts deciding for
 * the VM (np_place()'s hook, or just before a start/restart event) a copy
 * of the state is kept. The decision is then made again on that copy, step
 * by step and with the rules' own functions — Nova's filters and weighers
 * (nova/), Hyper-V's backing one unit at a time (hypervisor/) — recording
 * what each step saw. The traced outcome must be the one the replay had;
 * if it is not, that is a bug, and explain says so instead of answering. */
#include <string.h>

#include "np-error.h"
#include "np-planning-private.h"

/* ------------------------------------------------------------- freeing */

static void
np_explain_host_free(NpExplainHost *host)
{
	if (host == NULL)
		return;
	g_free(host->name);
	if (host->cells != NULL)
		g_array_unref(host->cells);
	g_free(host->why);
	g_free(host);
}

static void
np_explain_weighed_free(NpExplainWeighed *weighed)
{
	if (weighed == NULL)
		return;
	g_free(weighed->name);
	g_free(weighed);
}

static void
np_explain_unit_free(NpExplainUnit *unit)
{
	if (unit == NULL)
		return;
	g_array_unref(unit->free_before);
	g_array_unref(unit->parts);
	g_free(unit->why);
	g_free(unit);
}

static void
np_explain_attempt_free(NpExplainAttempt *attempt)
{
	if (attempt == NULL)
		return;
	g_free(attempt->host);
	if (attempt->cells != NULL)
		g_array_unref(attempt->cells);
	g_ptr_array_unref(attempt->units);
	g_free(attempt->message);
	g_free(attempt);
}

void
np_explain_free(NpExplain *explain)
{
	if (explain == NULL)
		return;
	g_free(explain->vm);
	g_free(explain->flavor);
	g_free(explain->image);
	g_free(explain->forced);
	g_free(explain->excluded);
	g_free(explain->weigher);
	g_free(explain->backing);
	g_ptr_array_unref(explain->hosts);
	g_ptr_array_unref(explain->order);
	g_ptr_array_unref(explain->attempts);
	g_free(explain->host);
	g_free(explain->message);
	g_free(explain->why);
	g_free(explain);
}

static NpExplain *
np_explain_alloc(void)
{
	NpExplain *explain = g_new0(NpExplain, 1);
	explain->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_explain_host_free);
	explain->order = g_ptr_array_new_with_free_func((GDestroyNotify)np_explain_weighed_free);
	explain->attempts = g_ptr_array_new_with_free_func((GDestroyNotify)np_explain_attempt_free);
	return explain;
}

/* ------------------------------------------------------------ the moment */

/* what the replay kept of the placement being explained */
typedef struct {
	const gchar *vm;
	/* set by the hook while the current event runs */
	NpEngine *moment;
	gint forced;
	gint exclude;
	gboolean start;
} NpCapture;

static void
np_capture_hook(const NpEngine *engine,
                const NpSimVm *vm,
                gint forced,
                gint exclude,
                gboolean start,
                gpointer data)
{
	NpCapture *capture = data;
	if (strcmp(vm->name, capture->vm) != 0)
		return;
	g_clear_pointer(&capture->moment, np_engine_free);
	capture->moment = np_engine_copy(engine);
	capture->forced = forced;
	capture->exclude = exclude;
	capture->start = start;
}

/* events that decide where a VM is or where its memory goes */
static gboolean
np_event_places(NpEventType type)
{
	switch (type) {
	case NP_EVENT_BOOT:
	case NP_EVENT_RESIZE:
	case NP_EVENT_MIGRATE:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
	case NP_EVENT_FAIL_HOST:
		return TRUE;
	default:
		return FALSE;
	}
}

/* the codes of an event that could not act on the VM at all */
static gboolean
np_code_is_state_error(NpCode code)
{
	switch (code) {
	case NP_CODE_VM_NOT_RUNNING:
	case NP_CODE_VM_NOT_STOPPED:
	case NP_CODE_VM_NOT_PLACED:
	case NP_CODE_SAME_HOST:
	case NP_CODE_HOST_REMOVED:
		return TRUE;
	default:
		return FALSE;
	}
}

/* -------------------------------------------------------------- filters */

static gchar *
np_unit_text(NpFilter filter)
{
	return g_strdup(filter == NP_FILTER_CPU ? "vCPUs" : "MiB");
}

static NpExplainHost *
np_trace_host(const NpEngine *s,
              guint index,
              const NpNovaRequest *request,
              const NpCapture *capture,
              NpFilterOutcome *outcome,
              guint *cells_out)
{
	const NpSimHost *host = np_engine_host(s, index);
	NpExplainHost *h = g_new0(NpExplainHost, 1);
	g_autofree gchar *unit = NULL;

	h->name = g_strdup(host->name);
	if ((gint)index == capture->exclude) {
		h->state = NP_EXPLAIN_HOST_EXCLUDED;
		h->why = g_strdup("the VM's own host: resize and migrate never pick it");
		return h;
	}
	if (capture->forced >= 0 && (gint)index != capture->forced) {
		h->state = NP_EXPLAIN_HOST_NOT_FORCED;
		h->why = g_strdup("another host was forced");
		return h;
	}
	if (host->failed || host->removed) {
		h->state = NP_EXPLAIN_HOST_DISABLED;
		h->outcome.filter = NP_FILTER_COMPUTE;
		h->why = g_strdup(host->failed ? "the compute filter: the host has failed"
		                               : "the compute filter: the host was removed");
		return h;
	}
	*outcome = np_nova_filter(&host->nova, request, cells_out);
	h->outcome = *outcome;
	if (outcome->filter == NP_FILTER_PASSED) {
		h->state = NP_EXPLAIN_HOST_PASSED;
		h->why =
		    g_strdup(request->n_cells > 0
		                 ? "passed the ram, cpu and numa filters"
		                 : "passed the ram and cpu filters (no vNUMA: no numa filter)");
		return h;
	}
	h->state = NP_EXPLAIN_HOST_FILTERED;
	unit = np_unit_text(outcome->filter);
	if (outcome->filter == NP_FILTER_NUMA) {
		const NpFitGuestCell *guest = &request->cells[0];
		h->cells = g_array_new(FALSE, FALSE, sizeof(NpExplainCell));
		for (guint c = 0; c < host->nova.n_cells; c++) {
			const NpFitHostCell *cell = &host->nova.cells[c];
			NpExplainCell e = {
			    cell->id,
			    cell->cpus,
			    cell->memory_mb,
			    (gint64)((gdouble)cell->cpus * host->nova.cpu_allocation_ratio)
			        - cell->used_cpus,
			    (gint64)((gdouble)cell->memory_mb * host->nova.ram_allocation_ratio)
			        - cell->used_memory_mb,
			};
			g_array_append_val(h->cells, e);
		}
		if (request->n_cells > host->nova.n_cells)
			h->why =
			    g_strdup_printf("the numa filter: the VM has %u NUMA nodes, the host "
			                    "%u cell%s",
			                    request->n_cells,
			                    host->nova.n_cells,
			                    host->nova.n_cells == 1 ? "" : "s");
		else if (request->n_cells == 1)
			h->why = g_strdup_printf(
			    "the numa filter: none of its %u cells holds a guest "
			    "cell of %" G_GINT64_FORMAT " vCPUs and %" G_GINT64_FORMAT " MiB",
			    host->nova.n_cells,
			    guest->shared_cpus,
			    guest->memory_mb);
		else
			h->why =
			    g_strdup_printf("the numa filter: no %u distinct cells of its %u each "
			                    "hold a guest cell of %" G_GINT64_FORMAT
			                    " vCPUs and %" G_GINT64_FORMAT " MiB",
			                    request->n_cells,
			                    host->nova.n_cells,
			                    guest->shared_cpus,
			                    guest->memory_mb);
	} else {
		h->why = g_strdup_printf("the %s filter: asked %.0f %s, %.0f %s free",
		                         np_filter_to_string(outcome->filter),
		                         outcome->asked,
		                         unit,
		                         outcome->free,
		                         unit);
	}
	return h;
}

/* -------------------------------------------------------------- backing */

static GArray *
np_node_free_now(const NpHvHost *hv)
{
	GArray *free = g_array_sized_new(FALSE, FALSE, sizeof(NpNodeFree), hv->n_nodes);
	for (guint i = 0; i < hv->n_nodes; i++) {
		NpNodeFree f = {hv->nodes[i].id, hv->nodes[i].free_mb};
		g_array_append_val(free, f);
	}
	return free;
}

static const gchar *
np_policy_reason(NpBackingPolicy policy)
{
	switch (policy) {
	case NP_BACKING_BEST_FIT:
		return "the least free memory that fits (best-fit)";
	case NP_BACKING_FIRST_FIT:
		return "the lowest id that fits (first-fit)";
	case NP_BACKING_MOST_FREE:
	case NP_BACKING_LAST:
	default:
		return "the most free memory (most-free)";
	}
}

static gchar *
np_unit_why(const NpHvHost *hv, const NpExplainUnit *unit, gboolean avoided, NpBackingPolicy policy)
{
	gint64 largest = 0, total = 0, largest_node = 0;
	for (guint i = 0; i < unit->free_before->len; i++) {
		const NpNodeFree *f = &g_array_index(unit->free_before, NpNodeFree, i);
		total += f->free_mb;
		if (i == 0 || f->free_mb > largest) {
			largest = f->free_mb;
			largest_node = f->node;
		}
	}
	switch (unit->code) {
	case NP_CODE_NONE:
		break;
	case NP_CODE_NO_NODE_FITS_SPANNING_DISABLED:
		return g_strdup_printf(
		    "no node had %" G_GINT64_FORMAT " MiB free (the most was %" G_GINT64_FORMAT
		    " MiB on node %" G_GINT64_FORMAT ") and NUMA spanning is off: the start fails",
		    unit->memory_mb,
		    largest,
		    largest_node);
	case NP_CODE_INSUFFICIENT_MEMORY:
	default:
		if (hv->n_nodes == 1)
			return g_strdup_printf("the host's one node had %" G_GINT64_FORMAT
			                       " MiB free, not %" G_GINT64_FORMAT " MiB",
			                       largest,
			                       unit->memory_mb);
		return g_strdup_printf("the host had %" G_GINT64_FORMAT
		                       " MiB free over all its nodes, not %" G_GINT64_FORMAT
		                       " MiB: even spanning cannot hold it",
		                       total,
		                       unit->memory_mb);
	}
	if (unit->parts->len > 1)
		return g_strdup_printf(
		    "no node had %" G_GINT64_FORMAT " MiB free (the most was %" G_GINT64_FORMAT
		    " MiB on node %" G_GINT64_FORMAT "); NUMA spanning is on, so Hyper-V took it "
		    "from the nodes with most free memory: spanned, %" G_GINT64_FORMAT
		    " MiB remote",
		    unit->memory_mb,
		    largest,
		    largest_node,
		    unit->memory_mb - g_array_index(unit->parts, NpPart, 0).memory_mb);
	return g_strdup_printf("node %" G_GINT64_FORMAT " had %s%s",
	                       g_array_index(unit->parts, NpPart, 0).node,
	                       np_policy_reason(policy),
	                       avoided ? ", among the nodes this VM's other units did not use"
	                               : "");
}

/* the node @policy picks among those that hold @unit_mb, the VM's own
 * preference aside: is it one the VM's earlier units use? */
static gboolean
np_policy_pick_is_used(const NpHvHost *hv,
                       const NpHvBacking *backing,
                       gint64 unit_mb,
                       NpBackingPolicy policy)
{
	gint best = -1;
	for (guint i = 0; i < hv->n_nodes; i++) {
		const NpHvNode *node = &hv->nodes[i];
		const NpHvNode *b = best >= 0 ? &hv->nodes[best] : NULL;
		gboolean better;
		if (node->free_mb < unit_mb)
			continue;
		if (b == NULL)
			better = TRUE;
		else if (policy == NP_BACKING_BEST_FIT && node->free_mb != b->free_mb)
			better = node->free_mb < b->free_mb;
		else if (policy == NP_BACKING_MOST_FREE && node->free_mb != b->free_mb)
			better = node->free_mb > b->free_mb;
		else
			better = node->id < b->id;
		if (better)
			best = (gint)i;
	}
	for (guint i = 0; best >= 0 && i < backing->n_parts; i++) {
		if (backing->parts[i].node == (guint32)best)
			return TRUE;
	}
	return FALSE;
}

/* Hyper-V starts the VM on its host (np_start()), one unit at a time, on
 * @s; records each unit. NP_CODE_NONE, or why not (*@message). */
static NpCode
np_trace_start(NpEngine *s, NpSimVm *vm, NpExplainAttempt *attempt, gchar **message)
{
	NpSimHost *host = np_engine_host(s, vm->host);
	const NpConfig *config = vm->config;
	NpCode code;

	/* the blueprint's limits (np_start() checks them first) */
	code = np_start(s, vm, message);
	if (code == NP_CODE_TOO_MANY_VCPUS || code == NP_CODE_TOO_MUCH_MEMORY)
		return code;
	if (code == NP_CODE_NONE)
		np_release_backing(s, vm);
	np_hv_backing_clear(&vm->backing);
	g_clear_pointer(message, g_free);
	for (guint32 u = 0; u < config->n_units; u++) {
		NpExplainUnit *unit = g_new0(NpExplainUnit, 1);
		guint before = vm->backing.n_parts;
		gboolean avoided = FALSE;
		unit->vnode = u;
		unit->memory_mb = config->unit_mb;
		unit->free_before = np_node_free_now(&host->hv);
		unit->parts = g_array_new(FALSE, FALSE, sizeof(NpPart));
		/* would the policy alone have picked a node this VM already uses? */
		avoided = np_policy_pick_is_used(&host->hv,
		                                 &vm->backing,
		                                 config->unit_mb,
		                                 s->settings.backing);
		unit->code = np_hv_back_unit(&host->hv,
		                             &vm->backing,
		                             u,
		                             config->unit_mb,
		                             s->settings.backing);
		for (guint i = before; i < vm->backing.n_parts; i++) {
			NpPart part = {.vnode = u,
			               .node = host->hv.nodes[vm->backing.parts[i].node].id,
			               .memory_mb = vm->backing.parts[i].memory_mb};
			g_array_append_val(unit->parts, part);
		}
		unit->why = np_unit_why(&host->hv, unit, avoided, s->settings.backing);
		g_ptr_array_add(attempt->units, unit);
		if (unit->code != NP_CODE_NONE) {
			np_release_backing(s, vm);
			np_hv_backing_clear(&vm->backing);
			*message = g_strdup_printf("%s could not back %" G_GINT64_FORMAT
			                           " MiB (vnode %u): %s",
			                           host->name,
			                           config->unit_mb,
			                           u,
			                           unit->why);
			return unit->code;
		}
	}
	return NP_CODE_NONE;
}

/* --------------------------------------------------------------- request */

static void
np_trace_request(NpExplain *explain, const NpEngine *s, const NpSimVm *vm)
{
	const NpConfig *config = vm->config;
	explain->flavor = g_strdup(config->flavor->name);
	explain->image = config->image != NULL ? g_strdup(config->image->name) : NULL;
	explain->vcpus = config->flavor->vcpus;
	explain->memory_mb = config->flavor->memory_mb;
	explain->vnuma = config->vnuma;
	explain->n_units = config->n_units;
	explain->unit_mb = config->unit_mb;
	explain->max_attempts = s->settings.max_attempts;
	explain->weigher = g_strdup(np_weigher_to_string(s->settings.weigher));
	explain->backing = g_strdup(np_backing_policy_to_string(s->settings.backing));
}

static NpExplainAttempt *
np_attempt_new(guint number, const NpSimHost *host, guint position)
{
	NpExplainAttempt *attempt = g_new0(NpExplainAttempt, 1);
	attempt->number = number;
	attempt->host = g_strdup(host->name);
	attempt->position = position;
	attempt->units = g_ptr_array_new_with_free_func((GDestroyNotify)np_explain_unit_free);
	return attempt;
}

static void
np_attempt_cells(NpExplainAttempt *attempt, const NpSimHost *host, const NpSimVm *vm)
{
	if (vm->cells == NULL)
		return;
	attempt->cells = g_array_new(FALSE, FALSE, sizeof(gint64));
	for (guint i = 0; i < vm->config->n_units; i++)
		g_array_append_val(attempt->cells, host->nova.cells[vm->cells[i]].id);
}

/* np_place() again, on @s, recording every step */
static void
np_trace_scheduled(NpExplain *explain, NpEngine *s, NpSimVm *vm, const NpCapture *capture)
{
	NpNovaRequest request;
	NpWeighBounds bounds;
	guint n_hosts = s->hosts->len;
	g_autofree NpWeighed *order = g_new0(NpWeighed, n_hosts);
	g_autofree guint *cells = NULL;
	guint n = 0, next = 0, attempts = 0;

	np_nova_request(s, vm->config, &request);
	if (request.n_cells > 0)
		cells = g_new0(guint, (gsize)n_hosts * request.n_cells);
	explain->start = capture->start;
	if (capture->forced >= 0)
		explain->forced = g_strdup(np_engine_host(s, capture->forced)->name);
	if (capture->exclude >= 0)
		explain->excluded = g_strdup(np_engine_host(s, capture->exclude)->name);
	for (guint i = 0; i < n_hosts; i++) {
		NpFilterOutcome outcome = {0};
		NpExplainHost *h;
		if (np_engine_host(s, i)->removed)
			continue;
		h = np_trace_host(s,
		                  i,
		                  &request,
		                  capture,
		                  &outcome,
		                  cells != NULL ? cells + (gsize)i * request.n_cells : NULL);
		if (h->state == NP_EXPLAIN_HOST_PASSED) {
			order[n].index = i;
			order[n].host = &np_engine_host(s, i)->nova;
			n++;
		}
		g_ptr_array_add(explain->hosts, h);
	}
	np_weigh(order, n, &s->weights);
	np_weigh_bounds(order, n, &bounds);
	explain->multipliers = s->weights;
	for (guint i = 0; i < n; i++) {
		NpExplainWeighed *w = g_new0(NpExplainWeighed, 1);
		np_weighed_normalise(&order[i], &bounds, w->normalised);
		w->name = g_strdup(np_engine_host(s, order[i].index)->name);
		w->weight = order[i].weight;
		w->ram = order[i].ram;
		w->cpu = order[i].cpu;
		w->build_failure = order[i].build_failure;
		g_ptr_array_add(explain->order, w);
	}
	/* the attempts: the next host of this order each time (alternates) */
	while (n > 0 && attempts < (guint)s->settings.max_attempts && next < n) {
		guint index = order[next].index;
		NpSimHost *host = np_engine_host(s, index);
		NpExplainAttempt *attempt = np_attempt_new(attempts + 1, host, next + 1);
		guint32 *claimed = NULL;
		g_autofree gchar *why = NULL;
		next++;
		if (request.n_cells > 0)
			claimed = g_memdup2(cells + (gsize)index * request.n_cells,
			                    request.n_cells * sizeof(guint32));
		np_claim(s, vm, (gint)index, claimed);
		np_attempt_cells(attempt, host, vm);
		g_ptr_array_add(explain->attempts, attempt);
		if (!capture->start)
			break;
		attempts++;
		attempt->started = TRUE;
		attempt->code = np_trace_start(s, vm, attempt, &why);
		attempt->message = g_steal_pointer(&why);
		if (attempt->code == NP_CODE_NONE) {
			host->nova.failed_builds = 0;
			break;
		}
		np_release_claims(s, vm);
		host->nova.failed_builds++;
	}
}

/* ---------------------------------------------------------------- outcome */

static void
np_trace_outcome(NpExplain *explain, const NpVmResult *r)
{
	explain->status = r->status;
	explain->host = g_strdup(r->host);
	explain->code = r->code;
	explain->message = g_strdup(r->message);
	explain->spanned = r->spanned;
	explain->remote_mb = r->remote_mb;
}

static gboolean
np_trace_agrees(const NpExplain *explain, const NpVmResult *r, GError **error)
{
	const NpExplainAttempt *last =
	    explain->attempts->len > 0
	        ? g_ptr_array_index(explain->attempts, explain->attempts->len - 1)
	        : NULL;
	gboolean placed = r->status == NP_STATUS_ACTIVE || r->status == NP_STATUS_STOPPED;
	gboolean traced_placed = last != NULL && last->code == NP_CODE_NONE;
	guint started = 0;
	for (guint i = 0; i < explain->attempts->len; i++)
		started += ((NpExplainAttempt *)g_ptr_array_index(explain->attempts, i))->started;
	if (explain->kind == NP_EXPLAIN_IN_PLACE) {
		if (last != NULL && last->code == r->code)
			return TRUE;
	} else if (explain->kind != NP_EXPLAIN_SCHEDULED) {
		return TRUE;
	} else if (placed == traced_placed && (!placed || g_strcmp0(last->host, r->host) == 0)
	           && started == (guint)r->attempts) {
		return TRUE;
	}
	g_set_error(error,
	            NP_ERROR,
	            NP_ERROR_INVALID,
	            "internal error: the traced decision for %s (%s on %s after %u starts) is not "
	            "the replay's (%s on %s after %d)",
	            explain->vm,
	            traced_placed ? "placed" : "not placed",
	            last != NULL ? last->host : "no host",
	            started,
	            np_status_to_string(r->status),
	            r->host != NULL ? r->host : "no host",
	            r->attempts);
	return FALSE;
}

/* the one-sentence answer */
static gchar *
np_explain_why(const NpExplain *explain)
{
	g_autoptr(GString) why = g_string_new(NULL);
	const NpExplainAttempt *last =
	    explain->attempts->len > 0
	        ? g_ptr_array_index(explain->attempts, explain->attempts->len - 1)
	        : NULL;

	switch (explain->kind) {
	case NP_EXPLAIN_REFUSED:
		g_string_printf(why,
		                "refused before scheduling (%s): %s",
		                np_code_to_string(explain->code),
		                explain->message != NULL ? explain->message : "");
		return g_string_free(g_steal_pointer(&why), FALSE);
	case NP_EXPLAIN_NO_ACTION:
		g_string_printf(why,
		                "the %s event did not act on the VM (%s): %s",
		                np_event_type_to_string(explain->event_type),
		                np_code_to_string(explain->code),
		                explain->message != NULL ? explain->message : "");
		return g_string_free(g_steal_pointer(&why), FALSE);
	case NP_EXPLAIN_IN_PLACE:
		g_string_printf(why,
		                "Hyper-V %s it on %s, where it stays (no scheduling)",
		                explain->event_type == NP_EVENT_RESTART ? "restarted" : "started",
		                last != NULL ? last->host : "its host");
		break;
	case NP_EXPLAIN_SCHEDULED:
	default:
		if (explain->order->len == 0) {
			g_string_printf(why,
			                "no host passed the filters: %s",
			                explain->message != NULL ? explain->message : "");
			return g_string_free(g_steal_pointer(&why), FALSE);
		}
		if (last != NULL && last->code == NP_CODE_NONE && explain->order->len == 1)
			g_string_printf(why,
			                "Nova picked %s, the only host that passed",
			                last->host);
		else if (last != NULL && last->code == NP_CODE_NONE)
			g_string_printf(why,
			                "Nova picked %s (%s of %u hosts that passed, weigher %s)",
			                last->host,
			                last->position == 1 ? "the best" : "an alternate",
			                explain->order->len,
			                explain->weigher);
		else
			g_string_printf(why,
			                "%u start%s failed and no attempt was left",
			                explain->attempts->len,
			                explain->attempts->len == 1 ? "" : "s");
		if (explain->attempts->len > 1 && last != NULL && last->code == NP_CODE_NONE)
			g_string_append_printf(why,
			                       " after %u failed start%s",
			                       explain->attempts->len - 1,
			                       explain->attempts->len == 2 ? "" : "s");
		break;
	}
	if (last == NULL || !last->started)
		g_string_append(why, "; a stopped VM moves its claims only");
	else if (last->code != NP_CODE_NONE)
		g_string_append_printf(why,
		                       "; the last start failed with %s",
		                       np_code_to_string(last->code));
	else if (explain->spanned)
		g_string_append_printf(why,
		                       "; Hyper-V spanned it over NUMA nodes (%" G_GINT64_FORMAT
		                       " MiB remote): no single node had a unit's memory free",
		                       explain->remote_mb);
	else
		g_string_append(why, "; each unit fit on one NUMA node: not spanned");
	return g_string_free(g_steal_pointer(&why), FALSE);
}

/* ------------------------------------------------------------- replaying */

static const NpVmResult *
np_result_for(const NpEventResult *result, const gchar *vm)
{
	for (guint i = 0; i < result->vms->len; i++) {
		const NpVmResult *r = g_ptr_array_index(result->vms, i);
		if (g_strcmp0(r->vm, vm) == 0)
			return r;
	}
	return NULL;
}

/* does a boot of @scenario name @vm (count: expanded)? */
static gboolean
np_scenario_boots(const NpScenario *scenario, const gchar *vm)
{
	for (guint i = 0; i < scenario->events->len; i++) {
		const NpEvent *ev = g_ptr_array_index(scenario->events, i);
		gsize len;
		guint64 n = 0;
		if (ev->type != NP_EVENT_BOOT || ev->vm == NULL)
			continue;
		if (ev->count == 0) {
			if (strcmp(ev->vm, vm) == 0)
				return TRUE;
			continue;
		}
		len = strlen(ev->vm);
		if (strncmp(ev->vm, vm, len) == 0 && vm[len] == '-' && vm[len + 1] != '0'
		    && g_ascii_string_to_unsigned(vm + len + 1,
		                                  10,
		                                  1,
		                                  (guint64)ev->count,
		                                  &n,
		                                  NULL))
			return TRUE;
	}
	return FALSE;
}

/**
 * np_explain_new:
 * @event: the event's index, or -1 for the VM's last placement
 *
 * Returns: (transfer full): the trace, or %NULL with @error
 */
NpExplain *
np_explain_new(const NpScenario *scenario, const gchar *vm_name, gint64 event, GError **error)
{
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(NpEngine) moment = NULL;
	g_autoptr(NpExplain) explain = np_explain_alloc();
	g_autoptr(NpEventResult) outcome_event = NULL;
	const NpVmResult *outcome = NULL; /* the event's own view of the VM, in outcome_event */
	NpCapture capture = {vm_name, NULL, -1, -1, FALSE};
	NpCapture kept = {vm_name, NULL, -1, -1, FALSE};
	gboolean found = FALSE, scheduled = FALSE;

	g_return_val_if_fail(scenario != NULL && vm_name != NULL, NULL);
	if (event >= (gint64)scenario->events->len) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "--event %" G_GINT64_FORMAT ": the scenario has %u events (0 to %u)",
		            event,
		            scenario->events->len,
		            scenario->events->len > 0 ? scenario->events->len - 1 : 0);
		return NULL;
	}
	if (!np_scenario_boots(scenario, vm_name)) {
		g_set_error(error, NP_ERROR, NP_ERROR_NOT_FOUND, "no VM named '%s'", vm_name);
		return NULL;
	}
	engine = np_engine_new_for_scenario(scenario, error);
	if (engine == NULL)
		return NULL;
	engine->place_hook = np_capture_hook;
	engine->place_hook_data = &capture;
	for (guint i = 0; i < scenario->events->len; i++) {
		const NpEvent *ev = g_ptr_array_index(scenario->events, i);
		g_autoptr(NpEngine) before = NULL;
		g_autoptr(NpEventResult) result = NULL;
		const NpVmResult *r;
		if (event >= 0 && i > (guint)event)
			break;
		if ((ev->type == NP_EVENT_START || ev->type == NP_EVENT_RESTART)
		    && g_strcmp0(ev->vm, vm_name) == 0)
			before = np_engine_copy(engine);
		result = np_engine_apply(engine, ev, error);
		if (result == NULL)
			return NULL;
		r = np_result_for(result, vm_name);
		if (r == NULL || !np_event_places(ev->type)
		    || (event < 0 && r->status == NP_STATUS_ERROR
		        && np_code_is_state_error(r->code))
		    || (event >= 0 && i != (guint)event)) {
			g_clear_pointer(&capture.moment, np_engine_free);
			continue;
		}
		found = TRUE;
		g_clear_pointer(&moment, np_engine_free);
		explain->event = i;
		explain->event_type = ev->type;
		kept = capture;
		kept.moment = NULL;
		scheduled = capture.moment != NULL;
		moment = capture.moment != NULL ? g_steal_pointer(&capture.moment)
		                                : g_steal_pointer(&before);
		outcome = r;
		g_clear_pointer(&outcome_event, np_event_result_free);
		outcome_event = g_steal_pointer(&result);
	}
	g_clear_pointer(&capture.moment, np_engine_free);
	if (!found && event >= 0) {
		const NpEvent *ev = g_ptr_array_index(scenario->events, event);
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "event %" G_GINT64_FORMAT " (%s) does not place %s",
		            event,
		            np_event_type_to_string(ev->type),
		            vm_name);
		return NULL;
	}
	if (!found) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "no event placed %s", vm_name);
		return NULL;
	}
	explain->vm = g_strdup(vm_name);
	np_trace_outcome(explain, outcome);
	if (moment == NULL) {
		/* nothing was decided: refused before scheduling, or the
		 * event could not act on the VM */
		gboolean state =
		    outcome->status == NP_STATUS_ERROR && np_code_is_state_error(outcome->code);
		const NpSimVm *vm = g_hash_table_lookup(engine->vm_index, vm_name);
		explain->kind = state ? NP_EXPLAIN_NO_ACTION : NP_EXPLAIN_REFUSED;
		if (vm->config != NULL)
			np_trace_request(explain, engine, vm);
	} else {
		NpSimVm *vm = g_hash_table_lookup(moment->vm_index, vm_name);
		np_trace_request(explain, moment, vm);
		if (scheduled) {
			explain->kind = NP_EXPLAIN_SCHEDULED;
			np_trace_scheduled(explain, moment, vm, &kept);
		} else if (vm->status == NP_STATUS_ACTIVE
		           && explain->event_type == NP_EVENT_START) {
			explain->kind = NP_EXPLAIN_NO_ACTION;
		} else if ((vm->status == NP_STATUS_STOPPED
		            && explain->event_type == NP_EVENT_START)
		           || (vm->status == NP_STATUS_ACTIVE
		               && explain->event_type == NP_EVENT_RESTART)) {
			NpSimHost *host = np_engine_host(moment, vm->host);
			NpExplainAttempt *attempt = np_attempt_new(1, host, 0);
			g_autofree gchar *why = NULL;
			explain->kind = NP_EXPLAIN_IN_PLACE;
			explain->start = TRUE;
			/* restart: stop first (backing released, claims kept) */
			np_release_backing(moment, vm);
			np_hv_backing_clear(&vm->backing);
			np_attempt_cells(attempt, host, vm);
			attempt->started = TRUE;
			attempt->code = np_trace_start(moment, vm, attempt, &why);
			attempt->message = g_steal_pointer(&why);
			g_ptr_array_add(explain->attempts, attempt);
		} else {
			explain->kind = NP_EXPLAIN_NO_ACTION;
		}
	}
	if (!np_trace_agrees(explain, outcome, error))
		return NULL;
	explain->why = np_explain_why(explain);
	return g_steal_pointer(&explain);
}
