/* Writes the replay benchmark's workload as a scenario file: HOSTS hosts of
 * 4 NUMA nodes × 16 LPs × 128 GiB, a flavor mix with 40 % vNUMA, boots
 * until about 16 VMs live per host, then a delete of the oldest and a boot,
 * until EVENTS events (the same events as bench-replay).
 *
 *   bench-gen HOSTS EVENTS [WEIGHER] > scenario.yaml
 */
#include <stdio.h>
#include <stdlib.h>

#include "np-bench.h"

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
	for (guint f = 0; f < G_N_ELEMENTS(np_bench_flavors); f++) {
		printf("  %s: {vcpus: %" G_GINT64_FORMAT ", memory_mb: %" G_GINT64_FORMAT,
		       np_bench_flavors[f].name,
		       np_bench_flavors[f].vcpus,
		       np_bench_flavors[f].memory_mb);
		if (np_bench_flavors[f].nodes != NULL)
			printf(", extra_specs: {\"hw:numa_nodes\": \"%s\"}",
			       np_bench_flavors[f].nodes);
		printf("}\n");
	}
	printf("events:\n");
	for (guint i = 0; i < events; i++) {
		gboolean boot = booted - deleted < target_live || (np_bench_next(&state) & 1);
		if (boot)
			printf(
			    "  - boot: {name: vm%" G_GUINT64_FORMAT ", flavor: %s}\n",
			    booted++,
			    np_bench_flavors[np_bench_next(&state) % G_N_ELEMENTS(np_bench_flavors)]
			        .name);
		else
			printf("  - delete: vm%" G_GUINT64_FORMAT "\n", deleted++);
	}
	return 0;
}
