/* Embedding numaplan: a cluster built in code, stepped event by event.
 *
 *   cc embed.c $(pkg-config --cflags --libs numaplan) -o embed && ./embed
 *
 * Builds two hosts, boots VMs, queries a host, asks a what-if on a copy,
 * shows what an unknown flavor gives, and frees everything.
 */
#include <numaplan.h>
#include <stdio.h>

/* applies @event, prints its result, and frees both */
static gboolean
step(NpEngine *engine, NpEvent *event)
{
	g_autoptr(NpEvent) owned = event;
	g_autoptr(GError) error = NULL;
	g_autoptr(NpEventResult) result = np_engine_apply(engine, owned, &error);
	g_autofree gchar *json = NULL;

	if (result == NULL) {
		printf("refused: %s\n", error->message);
		return FALSE;
	}
	for (guint i = 0; i < np_event_result_get_n_vms(result); i++) {
		const NpVmResult *vm = np_event_result_get_vm(result, i);
		printf("%s: %s on %s%s\n",
		       np_vm_result_get_name(vm),
		       np_status_to_string(np_vm_result_get_status(vm)),
		       np_vm_result_get_host(vm) != NULL ? np_vm_result_get_host(vm) : "-",
		       np_vm_result_get_spanned(vm) ? ", spanned" : "");
	}
	json = np_event_result_to_json(result);
	printf("  %.72s...\n", json);
	return TRUE;
}

int
main(void)
{
	g_autoptr(NpSettings) settings = np_settings_new();
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(NpEngine) what_if = NULL;
	g_autoptr(NpFlavor) small = np_flavor_new("small", 2, 8192);
	g_autoptr(NpFlavor) numa2 = np_flavor_new("numa2", 8, 32768);
	g_autoptr(GError) error = NULL;
	NpHostInfo info;
	guint index = 0;

	printf("numaplan %s (headers %s)\n", np_get_version(), NP_VERSION_STRING);
	if (!np_settings_set(settings, "weigher", "nova", &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	engine = np_engine_new(settings);
	for (guint h = 1; h <= 2; h++) {
		g_autofree gchar *name = g_strdup_printf("hv%02u", h);
		g_autoptr(NpHost) host = np_host_new(name);
		np_host_add_node(host, 0, 16, 65536, 4096);
		np_host_add_node(host, 1, 16, 65536, 0);
		if (h == 2 && !np_host_set(host, "numa_spanning", "false", &error))
			return 1;
		if (!np_engine_add_host(engine, host, &error))
			return 1;
	}
	np_flavor_set_extra_spec(numa2, "hw:numa_nodes", "2");
	if (!np_engine_add_flavor(engine, small, &error)
	    || !np_engine_add_flavor(engine, numa2, &error))
		return 1;

	/* events one at a time */
	{
		NpEvent *boot = np_event_new_boot("web", "small");
		np_event_set_count(boot, 3);
		step(engine, boot);
	}
	step(engine, np_event_new_boot("db", "numa2"));
	step(engine, np_event_new(NP_EVENT_STOP, "web-2"));

	/* a query between events */
	if (np_engine_lookup_host(engine, "hv01", &index)
	    && np_engine_get_host(engine, index, &info))
		printf("hv01: Nova claims %" G_GINT64_FORMAT " MiB, Hyper-V has %" G_GINT64_FORMAT
		       " MiB free\n",
		       info.claimed_memory_mb,
		       info.free_mb);

	/* a what-if on a copy: the original does not change */
	what_if = np_engine_copy(engine);
	step(what_if, np_event_new(NP_EVENT_FAIL_HOST, "hv01"));
	step(what_if, np_event_new_capacity("numa2", NULL));
	np_engine_get_host(engine, index, &info);
	printf("the original still has hv01 %s\n", info.enabled ? "enabled" : "failed");

	/* a broken reference is an error, never a crash */
	if (step(engine, np_event_new_boot("x", "no-such-flavor")))
		return 1;
	if (!np_engine_check(engine, &error)) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	return 0;
}
