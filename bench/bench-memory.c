/* Engine state per VM (issue: ≤ 256 bytes per live VM): hosts of 4 nodes ×
 * 16 LPs × 128 GiB, 40 % vNUMA flavors, VMs booted through the API one
 * event at a time; heap in use (mallinfo2) before and after.
 *
 *   bench-memory [HOSTS [VMS]]     (default 1000 hosts, 16000 VMs)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#define NP_BENCH_ENGINE
#include "np-bench.h"

static gsize
np_heap(void)
{
	struct mallinfo2 info = mallinfo2();
	return info.uordblks + info.hblkhd;
}

int
main(int argc, char **argv)
{
	guint hosts = argc > 1 ? (guint)atoi(argv[1]) : 1000;
	guint vms = argc > 2 ? (guint)atoi(argv[2]) : 16000;
	guint n_flavors = 5; /* the first five of the mix */
	g_autoptr(NpEngine) engine = np_bench_engine_new(NULL, hosts, n_flavors);
	gsize empty, full, half;
	guint active = 0;

	/* resolve each flavor once, so the shared configurations are not
	 * counted against the VMs */
	for (guint f = 0; f < n_flavors; f++) {
		g_autofree gchar *name = g_strdup_printf("warm-%u", f);
		g_autoptr(NpEvent) boot = np_event_new_boot(name, np_bench_flavors[f].name);
		g_autoptr(NpEvent) del = np_event_new(NP_EVENT_DELETE, name);
		g_autoptr(NpEventResult) r1 = np_engine_apply(engine, boot, NULL);
		g_autoptr(NpEventResult) r2 = np_engine_apply(engine, del, NULL);
	}
	empty = np_heap();
	for (guint i = 0; i < vms; i++) {
		g_autofree gchar *name = g_strdup_printf("vm%07u", i);
		g_autoptr(NpEvent) boot =
		    np_event_new_boot(name, np_bench_flavors[i % n_flavors].name);
		g_autoptr(NpEventResult) result = np_engine_apply(engine, boot, NULL);
		active +=
		    np_vm_result_get_status(np_event_result_get_vm(result, 0)) == NP_STATUS_ACTIVE;
	}
	full = np_heap();
	for (guint i = 0; i < vms; i += 2) {
		g_autofree gchar *name = g_strdup_printf("vm%07u", i);
		g_autoptr(NpEvent) del = np_event_new(NP_EVENT_DELETE, name);
		g_autoptr(NpEventResult) result = np_engine_apply(engine, del, NULL);
	}
	half = np_heap();
	printf("%u hosts, %u VMs booted (%u active)\n", hosts, vms, active);
	printf("engine state per live VM:    %6.1f bytes\n", (gdouble)(full - empty) / vms);
	printf("kept per deleted VM:         %6.1f bytes\n",
	       (gdouble)(half - empty - (gdouble)(full - empty) / vms * (vms - (vms + 1) / 2))
	           / ((vms + 1) / 2));
	return 0;
}
