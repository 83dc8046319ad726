/* Scheduling and starting a VM: Nova picks a host (rules.md §3: the
 * filters and weighers in nova/), claims it, and Hyper-V starts the VM
 * there (rules.md §4: backing in hypervisor/); a start that fails is
 * retried on the next host of the first attempt's order, up to
 * max_attempts starts. */
#include <string.h>

#include "np-engine-private.h"

gboolean
np_sim_vm_is_placed(const NpSimVm *vm)
{
	return vm->status == NP_STATUS_ACTIVE || vm->status == NP_STATUS_STOPPED;
}

static void
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
}

void
np_release_claims(NpEngine *engine, NpSimVm *vm)
{
	NpNovaRequest request;
	if (!vm->claimed)
		return;
	np_nova_request(engine, vm->config, &request);
	np_nova_claim(&np_engine_host(engine, vm->host)->nova, &request, vm->cells, -1);
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

typedef struct {
	NpWeighed *order; /* the hosts that passed, best first */
	guint n;
	guint32 *cells; /* n_units cell indices per host index (vNUMA) */
	guint n_units;
	NpFilterCounts counts;
} NpSchedule;

static void
np_schedule_clear(NpSchedule *schedule)
{
	g_free(schedule->order);
	g_free(schedule->cells);
}

/* rules.md §3: every host (or only @forced) not in @skip through the
 * filters, then the weighers over those that passed */
static void
np_schedule(NpEngine *engine, const NpSimVm *vm, gint forced, gint exclude, NpSchedule *out)
{
	NpNovaRequest request;
	guint n_hosts = engine->hosts->len;

	memset(out, 0, sizeof(*out));
	np_nova_request(engine, vm->config, &request);
	out->order = g_new(NpWeighed, n_hosts);
	out->n_units = request.n_cells;
	if (out->n_units > 0)
		out->cells = g_new(guint32, (gsize)n_hosts * out->n_units);
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
		outcome =
		    np_nova_filter(&host->nova,
		                   &request,
		                   out->n_units > 0 ? out->cells + (gsize)i * out->n_units : NULL);
		switch (outcome.filter) {
		case NP_FILTER_PASSED:
			out->order[out->n].index = i;
			out->order[out->n].host = &host->nova;
			out->n++;
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
	np_weigh(out->order, out->n, &engine->weights);
}

void
np_place_outcome_clear(NpPlaceOutcome *out)
{
	g_free(out->message);
	g_clear_pointer(&out->failed_starts, g_ptr_array_unref);
}

static gchar *
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
	g_autoptr(GString) tried = g_string_new(NULL);
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
			out->message =
			    g_strdup_printf("no other host passed the filters; %s", tried->str);
			np_schedule_clear(&schedule);
			return FALSE;
		}
		host = (gint)schedule.order[next].index;
		next++;
		if (schedule.n_units > 0)
			cells = g_memdup2(schedule.cells + (gsize)host * schedule.n_units,
			                  schedule.n_units * sizeof(guint32));
		np_claim(engine, vm, host, cells);
		if (!start) {
			np_schedule_clear(&schedule);
			return TRUE;
		}
		out->attempts++;
		code = np_start(engine, vm, &why);
		if (code == NP_CODE_NONE) {
			np_engine_host(engine, host)->nova.failed_builds = 0;
			g_clear_pointer(&out->message, g_free);
			out->code = NP_CODE_NONE;
			np_schedule_clear(&schedule);
			return TRUE;
		}
		np_release_claims(engine, vm);
		np_engine_host(engine, host)->nova.failed_builds++;
		out->code = code;
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
