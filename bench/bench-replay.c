/* Replay speed through the library API: HOSTS hosts of 4 NUMA nodes × 16
 * LPs × 128 GiB, a flavor mix with 40 % vNUMA, boots until about 16 VMs
 * live per host, then a delete of the oldest and a boot, until EVENTS events.
 * Events are built before timing; the clock (this process's CPU time: the
 * machines are shared) covers np_engine_apply() and freeing its result.
 *
 *   bench-replay [HOSTS [EVENTS [WEIGHER]]]   (default 1000 100000 spread)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#define NP_BENCH_ENGINE
#include "np-bench.h"

static gchar *
np_vm_name(guint64 n)
{
	return g_strdup_printf("vm%" G_GUINT64_FORMAT, n);
}

int
main(int argc, char **argv)
{
	guint hosts = argc > 1 ? (guint)atoi(argv[1]) : 1000;
	guint events = argc > 2 ? (guint)atoi(argv[2]) : 100000;
	const gchar *weigher = argc > 3 ? argv[3] : "spread";
	g_autoptr(NpSettings) settings = np_settings_new();
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)np_event_free);
	guint64 state = 42, booted = 0, deleted = 0;
	guint target_live = hosts * 16, active = 0;
	gint64 t0, elapsed;
	struct rusage usage;

	if (!np_settings_set(settings, "weigher", weigher, NULL))
		return 2;
	engine = np_bench_engine_new(settings, hosts, G_N_ELEMENTS(np_bench_flavors));
	for (guint i = 0; i < events; i++) {
		gboolean boot = booted - deleted < target_live || (np_bench_next(&state) & 1);
		if (boot) {
			g_autofree gchar *name = np_vm_name(booted++);
			g_ptr_array_add(
			    list,
			    np_event_new_boot(name,
			                      np_bench_flavors[np_bench_next(&state)
			                                       % G_N_ELEMENTS(np_bench_flavors)]
			                          .name));
		} else {
			g_autofree gchar *name = np_vm_name(deleted++);
			g_ptr_array_add(list, np_event_new(NP_EVENT_DELETE, name));
		}
	}
	t0 = np_bench_cpu_time_us();
	for (guint i = 0; i < list->len; i++) {
		g_autoptr(NpEventResult) result =
		    np_engine_apply(engine, g_ptr_array_index(list, i), NULL);
		if (result == NULL)
			return 1;
	}
	elapsed = np_bench_cpu_time_us() - t0;
	for (guint i = 0; i < np_engine_get_n_vms(engine); i++) {
		NpVmInfo info;
		np_engine_get_vm(engine, i, &info);
		active += info.status == NP_STATUS_ACTIVE;
	}
	getrusage(RUSAGE_SELF, &usage);
	printf("%u hosts, %u events (%s), %u VMs active at the end\n",
	       hosts,
	       events,
	       weigher,
	       active);
	printf("replay through the API: %.3f s, %.0f events/s, %.0f ns/event, peak RSS %ld MiB\n",
	       elapsed / 1e6,
	       events / (elapsed / 1e6),
	       elapsed * 1000.0 / events,
	       usage.ru_maxrss / 1024);
	return 0;
}
