/* Nova 26's weighers over the hosts that passed the filters: rules.md §3
 * "Weighers". Each weigher's values are normalised over those hosts, then
 * multiplied and added in Nova's order: build failures, CPU, RAM. */
#include <string.h>

#include "np-scheduler-private.h"

void
np_weights_init(NpWeights *weights, const NpSettings *settings)
{
	switch (settings->weigher) {
	case NP_WEIGHER_NOVA:
		weights->ram = settings->ram_weight_multiplier;
		weights->cpu = settings->cpu_weight_multiplier;
		weights->build_failure = settings->build_failure_weight_multiplier;
		break;
	case NP_WEIGHER_PACK:
		*weights = (NpWeights){-1.0, 0.0, 0.0};
		break;
	case NP_WEIGHER_SPREAD:
	case NP_WEIGHER_LAST:
	default:
		*weights = (NpWeights){1.0, 0.0, 0.0};
		break;
	}
}

/* Nova's free_ram_mb: the ram ratio does not enter */
gdouble
np_weigher_ram_value(const NpNovaHost *host)
{
	return (gdouble)MAX(host->memory_mb - host->reserved_mb - host->claimed_memory_mb, 0);
}

gdouble
np_weigher_cpu_value(const NpNovaHost *host)
{
	gdouble free =
	    (gdouble)host->cpus * host->cpu_allocation_ratio - (gdouble)host->claimed_vcpus;
	return free > 0 ? free : 0.0;
}

gdouble
np_weigher_build_failure_value(const NpNovaHost *host)
{
	return (gdouble)host->failed_builds;
}

gdouble
np_normalise(gdouble x, gdouble lo, gdouble hi)
{
	return hi == lo ? 0.0 : (x - lo) / (hi - lo);
}

gdouble
np_weight_combine(const NpWeights *weights, gdouble n_ram, gdouble n_cpu, gdouble n_build_failure)
{
	/* each operation rounds on its own: the build compiles with
	 * -ffp-contract=off, so no multiply-add is fused */
	gdouble b = -weights->build_failure * n_build_failure;
	gdouble c = weights->cpu * n_cpu;
	gdouble r = weights->ram * n_ram;
	return (b + c) + r;
}

/* highest weight first; equal weights keep input order */
gint
np_cmp_weighed(gconstpointer pa, gconstpointer pb)
{
	const NpWeighed *a = pa, *b = pb;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index ? 1 : 0;
}

void
np_weigh_bounds(NpWeighed *hosts, guint n, NpWeighBounds *bounds)
{
	memset(bounds, 0, sizeof(*bounds));
	for (guint i = 0; i < n; i++) {
		NpWeighed *w = &hosts[i];
		w->ram = np_weigher_ram_value(w->host);
		w->cpu = np_weigher_cpu_value(w->host);
		w->build_failure = np_weigher_build_failure_value(w->host);
		if (i == 0 || w->ram > bounds->ram_hi)
			bounds->ram_hi = w->ram;
		if (i == 0 || w->cpu > bounds->cpu_hi)
			bounds->cpu_hi = w->cpu;
		if (i == 0 || w->build_failure > bounds->build_failure_hi)
			bounds->build_failure_hi = w->build_failure;
		if (i == 0 || w->build_failure < bounds->build_failure_lo)
			bounds->build_failure_lo = w->build_failure;
	}
}

void
np_weighed_normalise(const NpWeighed *w, const NpWeighBounds *bounds, gdouble normalised[3])
{
	normalised[0] = np_normalise(w->ram, 0.0, bounds->ram_hi);
	normalised[1] = np_normalise(w->cpu, 0.0, bounds->cpu_hi);
	normalised[2] =
	    np_normalise(w->build_failure, bounds->build_failure_lo, bounds->build_failure_hi);
}

void
np_weigh_unsorted(NpWeighed *hosts, guint n, const NpWeights *weights)
{
	NpWeighBounds bounds;

	np_weigh_bounds(hosts, n, &bounds);
	for (guint i = 0; i < n; i++) {
		gdouble normalised[3];
		np_weighed_normalise(&hosts[i], &bounds, normalised);
		hosts[i].weight =
		    np_weight_combine(weights, normalised[0], normalised[1], normalised[2]);
	}
}

void
np_weigh(NpWeighed *hosts, guint n, const NpWeights *weights)
{
	np_weigh_unsorted(hosts, n, weights);
	qsort(hosts, n, sizeof(NpWeighed), np_cmp_weighed);
}
