/* What the benchmarks share: one flavor mix, one deterministic generator and
 * one clock, so that bench-gen's scenario file and bench-replay's API events
 * are the same workload. */
#pragma once

#include <glib.h>
#include <time.h>

/* 40 % of the mix asks for vNUMA */
static const struct {
	const gchar *name;
	gint64 vcpus, memory_mb;
	const gchar *nodes; /* hw:numa_nodes, or NULL */
} np_bench_flavors[] = {
    {"p2", 2, 4096, NULL},
    {"p4", 4, 8192, NULL},
    {"n2", 4, 8192, "2"},
    {"p8", 8, 16384, NULL},
    {"n4", 8, 16384, "4"},
    {"p16", 8, 32768, NULL},
    {"n2b", 8, 32768, "2"},
    {"p4b", 2, 8192, NULL},
    {"n4b", 16, 32768, "4"},
    {"p2b", 2, 2048, NULL},
};

/* a small deterministic generator: the same events on every run */
static inline guint64
np_bench_next(guint64 *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/* this process's CPU time in µs: the machines are shared, wall time lies */
static inline gint64
np_bench_cpu_time_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#ifdef NP_BENCH_ENGINE
#include "np-engine.h"

/* an engine with HOSTS hosts of 4 nodes × 16 LPs × 128 GiB (4 GiB of node 0
 * kept for the root partition) and the first N_FLAVORS flavors of the mix */
static inline NpEngine *
np_bench_engine_new(NpSettings *settings, guint hosts, guint n_flavors)
{
	NpEngine *engine = np_engine_new(settings);
	for (guint h = 0; h < hosts; h++) {
		g_autofree gchar *name = g_strdup_printf("hv%06u", h);
		g_autoptr(NpHost) host = np_host_new(name);
		for (gint n = 0; n < 4; n++)
			np_host_add_node(host, n, 16, 131072, n == 0 ? 4096 : 0);
		np_engine_add_host(engine, host, NULL);
	}
	for (guint f = 0; f < MIN(n_flavors, G_N_ELEMENTS(np_bench_flavors)); f++) {
		g_autoptr(NpFlavor) flavor = np_flavor_new(np_bench_flavors[f].name,
		                                           np_bench_flavors[f].vcpus,
		                                           np_bench_flavors[f].memory_mb);
		if (np_bench_flavors[f].nodes != NULL)
			np_flavor_set_extra_spec(flavor,
			                         "hw:numa_nodes",
			                         np_bench_flavors[f].nodes);
		np_engine_add_flavor(engine, flavor, NULL);
	}
	return engine;
}
#endif
