/* Writes the replay benchmark's workload as a scenario file: HOSTS hosts of
 * 4 NUMA nodes × 16 LPs × 128 GiB, a flavor mix with 40 % vNUMA, boots
 * until about 16 VMs live per host, then a delete of the oldest and a boot,
 * until EVENTS events (the same events as bench-replay).
 *
 *   bench-gen HOSTS EVENTS [WEIGHER] > scenario.yaml
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

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

static guint64
np_next(guint64 *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

int
main(int argc, char **argv)
{
	guint hosts = argc > 1 ? (guint)atoi(argv[1]) : 1000;
	guint events = argc > 2 ? (guint)atoi(argv[2]) : 100000;
	const gchar *weigher = argc > 3 ? argv[3] : "spread";
	guint64 state = 42, booted = 0, deleted = 0;
	guint target_live = hosts * 16;

	printf("numaplan: 1\nname: bench-%u-%u\nsettings: {weigher: %s}\nhosts:\n",
	       hosts,
	       events,
	       weigher);
	printf("  - name: hv\n    count: %u\n    nodes:\n"
	       "      - {id: 0, cpus: 16, memory_mb: 131072, reserved_mb: 4096}\n"
	       "      - {id: 1, cpus: 16, memory_mb: 131072}\n"
	       "      - {id: 2, cpus: 16, memory_mb: 131072}\n"
	       "      - {id: 3, cpus: 16, memory_mb: 131072}\n",
	       hosts);
	printf("flavors:\n");
	for (guint f = 0; f < G_N_ELEMENTS(np_flavors); f++) {
		printf("  %s: {vcpus: %" G_GINT64_FORMAT ", memory_mb: %" G_GINT64_FORMAT,
		       np_flavors[f].name,
		       np_flavors[f].vcpus,
		       np_flavors[f].memory_mb);
		if (np_flavors[f].nodes != NULL)
			printf(", extra_specs: {\"hw:numa_nodes\": \"%s\"}", np_flavors[f].nodes);
		printf("}\n");
	}
	printf("events:\n");
	for (guint i = 0; i < events; i++) {
		gboolean boot = booted - deleted < target_live || (np_next(&state) & 1);
		if (boot)
			printf("  - boot: {name: vm%" G_GUINT64_FORMAT ", flavor: %s}\n",
			       booted++,
			       np_flavors[np_next(&state) % G_N_ELEMENTS(np_flavors)].name);
		else
			printf("  - delete: vm%" G_GUINT64_FORMAT "\n", deleted++);
	}
	return 0;
}
