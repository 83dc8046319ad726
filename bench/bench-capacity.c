/* Planning questions on a full cluster: HOSTS hosts of 4 nodes × 16 LPs ×
 * 128 GiB, about 16 VMs of the benchmark mix per host (booted through the
 * API before the clock starts), then
 *   - capacity: the capacity event for each flavor of the mix (answered
 *     host by host where that is exact), and the same question answered by
 *     the trial loop (the reference mode, every trial over every host) for
 *     the first flavor on a cluster of LOOP_HOSTS hosts, side by side;
 *   - failover: N+1 over every host of a FAILOVER_HOSTS-host cluster.
 * It also times a copy of the whole engine (what-if questions start from
 * one). Times are this process's CPU time.
 *
 *   bench-capacity [HOSTS [FAILOVER_HOSTS [LOOP_HOSTS]]]   (default 10000 1000 200)
 */
#include <stdio.h>
#include <stdlib.h>

#define NP_BENCH_ENGINE
#include "np-bench.h"
#include "np-planning-private.h"

static NpEngine *
np_full_cluster(guint hosts)
{
	NpEngine *engine = np_bench_engine_new(NULL, hosts, G_N_ELEMENTS(np_bench_flavors));
	guint64 state = 42;
	for (guint i = 0; i < hosts * 16; i++) {
		g_autofree gchar *name = g_strdup_printf("vm%u", i);
		g_autoptr(NpEvent) boot = np_event_new_boot(
		    name,
		    np_bench_flavors[np_bench_next(&state) % G_N_ELEMENTS(np_bench_flavors)].name);
		g_autoptr(NpEventResult) result = np_engine_apply(engine, boot, NULL);
	}
	return engine;
}

/* the capacity event's µs and answer */
static gint64
np_time_capacity(NpEngine *engine, const gchar *flavor, gint64 *fits)
{
	g_autoptr(NpEvent) question = np_event_new_capacity(flavor, NULL);
	gint64 t0 = np_bench_cpu_time_us();
	g_autoptr(NpEventResult) result = np_engine_apply(engine, question, NULL);
	gint64 elapsed = np_bench_cpu_time_us() - t0;
	*fits = np_event_result_get_fits(result);
	return elapsed;
}

int
main(int argc, char **argv)
{
	guint hosts = argc > 1 ? (guint)atoi(argv[1]) : 10000;
	guint failover_hosts = argc > 2 ? (guint)atoi(argv[2]) : 1000;
	guint loop_hosts = argc > 3 ? (guint)atoi(argv[3]) : 200;
	g_autoptr(NpEngine) engine = np_full_cluster(hosts);
	gint64 total = 0, worst = 0, fits;

	{
		/* what-if questions start from a copy of the whole state */
		gint64 t0 = np_bench_cpu_time_us();
		for (guint i = 0; i < 10; i++) {
			g_autoptr(NpEngine) copy = np_engine_copy(engine);
		}
		printf("a copy of the engine (%u hosts, %u VMs): %.2f ms\n",
		       hosts,
		       np_engine_get_n_vms(engine),
		       (np_bench_cpu_time_us() - t0) / 10000.0);
	}
	printf("capacity over %u hosts (%u VMs booted):\n", hosts, np_engine_get_n_vms(engine));
	for (guint f = 0; f < G_N_ELEMENTS(np_bench_flavors); f++) {
		gint64 us = np_time_capacity(engine, np_bench_flavors[f].name, &fits);
		printf("  %-4s %8" G_GINT64_FORMAT " more fit   %8.2f ms\n",
		       np_bench_flavors[f].name,
		       fits,
		       us / 1000.0);
		total += us;
		worst = MAX(worst, us);
	}
	printf("capacity per flavor: mean %.2f ms, worst %.2f ms (target < 10 ms)\n",
	       total / 1000.0 / G_N_ELEMENTS(np_bench_flavors),
	       worst / 1000.0);
	{
		g_autoptr(NpEngine) small = np_full_cluster(loop_hosts);
		gint64 fits_loop, fits_short;
		gint64 us_short = np_time_capacity(small, np_bench_flavors[0].name, &fits_short);
		gint64 us_loop;
		np_engine_set_scan(small, TRUE);
		us_loop = np_time_capacity(small, np_bench_flavors[0].name, &fits_loop);
		printf("%u hosts, flavor %s: host by host %.2f ms, trial loop %.2f ms (%.0f×), "
		       "answers %s\n",
		       loop_hosts,
		       np_bench_flavors[0].name,
		       us_short / 1000.0,
		       us_loop / 1000.0,
		       us_short > 0 ? (gdouble)us_loop / us_short : 0.0,
		       fits_loop == fits_short ? "equal" : "DIFFER");
		if (fits_loop != fits_short)
			return 1;
	}
	{
		g_autoptr(NpEngine) cluster = np_full_cluster(failover_hosts);
		gint64 t0 = np_bench_cpu_time_us();
		g_autoptr(NpFailover) failover = np_failover_new(cluster, NULL);
		gint64 us = np_bench_cpu_time_us() - t0;
		printf("failover over %u hosts (%u VMs): %.2f s, %.2f ms per failed host\n",
		       failover_hosts,
		       np_engine_get_n_vms(cluster),
		       us / 1e6,
		       us / 1000.0 / failover->hosts->len);
	}
	return 0;
}
