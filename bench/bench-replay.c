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
#include <time.h>

#include "np-engine.h"

static const struct {
	const gchar *name;
	gint64 vcpus, memory_mb;
	const gchar *nodes;
} np_flavors[] = {
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
static guint64
np_next(guint64 *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/* CPU seconds of this process, in µs */
static gint64
np_cpu_time(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

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
	engine = np_engine_new(settings);
	for (guint h = 0; h < hosts; h++) {
		g_autofree gchar *name = g_strdup_printf("hv%06u", h);
		g_autoptr(NpHost) host = np_host_new(name);
		for (gint n = 0; n < 4; n++)
			np_host_add_node(host, n, 16, 131072, n == 0 ? 4096 : 0);
		np_engine_add_host(engine, host, NULL);
	}
	for (guint f = 0; f < G_N_ELEMENTS(np_flavors); f++) {
		g_autoptr(NpFlavor) flavor =
		    np_flavor_new(np_flavors[f].name, np_flavors[f].vcpus, np_flavors[f].memory_mb);
		if (np_flavors[f].nodes != NULL)
			np_flavor_set_extra_spec(flavor, "hw:numa_nodes", np_flavors[f].nodes);
		np_engine_add_flavor(engine, flavor, NULL);
	}
	for (guint i = 0; i < events; i++) {
		gboolean boot = booted - deleted < target_live || (np_next(&state) & 1);
		if (boot) {
			g_autofree gchar *name = np_vm_name(booted++);
			g_ptr_array_add(
			    list,
			    np_event_new_boot(
			        name,
			        np_flavors[np_next(&state) % G_N_ELEMENTS(np_flavors)].name));
		} else {
			g_autofree gchar *name = np_vm_name(deleted++);
			g_ptr_array_add(list, np_event_new(NP_EVENT_DELETE, name));
		}
	}
	t0 = np_cpu_time();
	for (guint i = 0; i < list->len; i++) {
		g_autoptr(NpEventResult) result =
		    np_engine_apply(engine, g_ptr_array_index(list, i), NULL);
		if (result == NULL)
			return 1;
	}
	elapsed = np_cpu_time() - t0;
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
