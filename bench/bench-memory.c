/* Engine state per VM (issue: ≤ 256 bytes per live VM): hosts of 4 nodes ×
 * 16 LPs × 128 GiB, 40 % vNUMA flavors, VMs booted through the API one
 * event at a time; heap in use (mallinfo2) before and after.
 *
 *   bench-memory [HOSTS [VMS]]     (default 1000 hosts, 16000 VMs)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "np-engine.h"

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
	static const struct {
		const gchar *name;
		gint64 vcpus, memory_mb;
		const gchar *nodes;
	} flavors[] = {
	    {"p2", 2, 4096, NULL},
	    {"p4", 4, 8192, NULL},
	    {"n2", 4, 8192, "2"},
	    {"p8", 8, 16384, NULL},
	    {"n4", 8, 16384, "4"},
	};
	g_autoptr(NpEngine) engine = np_engine_new(NULL);
	gsize empty, full, half;
	guint active = 0;

	for (guint h = 0; h < hosts; h++) {
		g_autofree gchar *name = g_strdup_printf("hv%05u", h);
		g_autoptr(NpHost) host = np_host_new(name);
		for (gint n = 0; n < 4; n++)
			np_host_add_node(host, n, 16, 131072, n == 0 ? 4096 : 0);
		np_engine_add_host(engine, host, NULL);
	}
	for (guint f = 0; f < G_N_ELEMENTS(flavors); f++) {
		g_autoptr(NpFlavor) flavor =
		    np_flavor_new(flavors[f].name, flavors[f].vcpus, flavors[f].memory_mb);
		if (flavors[f].nodes != NULL)
			np_flavor_set_extra_spec(flavor, "hw:numa_nodes", flavors[f].nodes);
		np_engine_add_flavor(engine, flavor, NULL);
	}
	/* resolve each flavor once, so the shared configurations are not
	 * counted against the VMs */
	for (guint f = 0; f < G_N_ELEMENTS(flavors); f++) {
		g_autofree gchar *name = g_strdup_printf("warm-%u", f);
		g_autoptr(NpEvent) boot = np_event_new_boot(name, flavors[f].name);
		g_autoptr(NpEvent) del = np_event_new(NP_EVENT_DELETE, name);
		g_autoptr(NpEventResult) r1 = np_engine_apply(engine, boot, NULL);
		g_autoptr(NpEventResult) r2 = np_engine_apply(engine, del, NULL);
	}
	empty = np_heap();
	for (guint i = 0; i < vms; i++) {
		g_autofree gchar *name = g_strdup_printf("vm%07u", i);
		g_autoptr(NpEvent) boot = np_event_new_boot(name, flavors[i % 5].name);
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
