/* Events: rules.md §6, scenario.md §1 */
#include "np-enum-private.h"
#include "np-event-private.h"

static const gchar *const np_event_names[] = {
    "boot",
    "delete",
    "stop",
    "start",
    "restart",
    "resize",
    "migrate",
    "demand",
    "set_spanning",
    "fail_host",
    "recover_host",
    "add_host",
    "remove_host",
    "capacity",
};

NP_DEFINE_ENUM_STRINGS(NpEventType, np_event_type, NP_EVENT_LAST, np_event_names)

gboolean
np_event_type_is_vm_event(NpEventType type)
{
	return type <= NP_EVENT_DEMAND;
}

NpEvent *
np_event_new_empty(NpEventType type)
{
	NpEvent *event = g_new0(NpEvent, 1);
	event->type = type;
	return event;
}

/**
 * np_event_new:
 * @type: delete, stop, start or restart (@target is the VM), or fail_host,
 *   recover_host or remove_host (@target is the host)
 *
 * Returns: (transfer full): the event
 */
NpEvent *
np_event_new(NpEventType type, const gchar *target)
{
	NpEvent *event;
	g_return_val_if_fail(target != NULL, NULL);
	g_return_val_if_fail(type == NP_EVENT_DELETE || type == NP_EVENT_STOP
	                         || type == NP_EVENT_START || type == NP_EVENT_RESTART
	                         || type == NP_EVENT_FAIL_HOST || type == NP_EVENT_RECOVER_HOST
	                         || type == NP_EVENT_REMOVE_HOST,
	                     NULL);
	event = np_event_new_empty(type);
	if (np_event_type_is_vm_event(type))
		event->vm = g_strdup(target);
	else
		event->host = g_strdup(target);
	return event;
}

/* Returns: (transfer full): boot @vm with @flavor */
NpEvent *
np_event_new_boot(const gchar *vm, const gchar *flavor)
{
	NpEvent *event;
	g_return_val_if_fail(vm != NULL && flavor != NULL, NULL);
	event = np_event_new_empty(NP_EVENT_BOOT);
	event->vm = g_strdup(vm);
	event->flavor = g_strdup(flavor);
	return event;
}

NpEvent *
np_event_new_resize(const gchar *vm, const gchar *flavor)
{
	NpEvent *event;
	g_return_val_if_fail(vm != NULL && flavor != NULL, NULL);
	event = np_event_new_empty(NP_EVENT_RESIZE);
	event->vm = g_strdup(vm);
	event->flavor = g_strdup(flavor);
	return event;
}

/* @host: (nullable): the target, %NULL for the scheduler's choice */
NpEvent *
np_event_new_migrate(const gchar *vm, const gchar *host)
{
	NpEvent *event;
	g_return_val_if_fail(vm != NULL, NULL);
	event = np_event_new_empty(NP_EVENT_MIGRATE);
	event->vm = g_strdup(vm);
	event->host = g_strdup(host);
	return event;
}

NpEvent *
np_event_new_demand(const gchar *vm, gint64 memory_mb)
{
	NpEvent *event;
	g_return_val_if_fail(vm != NULL, NULL);
	event = np_event_new_empty(NP_EVENT_DEMAND);
	event->vm = g_strdup(vm);
	event->memory_mb = memory_mb;
	return event;
}

NpEvent *
np_event_new_set_spanning(const gchar *host, gboolean enabled)
{
	NpEvent *event;
	g_return_val_if_fail(host != NULL, NULL);
	event = np_event_new_empty(NP_EVENT_SET_SPANNING);
	event->host = g_strdup(host);
	event->enabled = enabled;
	return event;
}

/* @host: (transfer full): the host to add; np_event_add_host() adds more */
NpEvent *
np_event_new_add_host(NpHost *host)
{
	NpEvent *event;
	g_return_val_if_fail(host != NULL, NULL);
	event = np_event_new_empty(NP_EVENT_ADD_HOST);
	event->new_hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_host_free);
	g_ptr_array_add(event->new_hosts, host);
	return event;
}

/* @image: (nullable) */
NpEvent *
np_event_new_capacity(const gchar *flavor, const gchar *image)
{
	NpEvent *event;
	g_return_val_if_fail(flavor != NULL, NULL);
	event = np_event_new_empty(NP_EVENT_CAPACITY);
	event->flavor = g_strdup(flavor);
	event->image = g_strdup(image);
	return event;
}

NpEvent *
np_event_copy(const NpEvent *event)
{
	NpEvent *copy;
	g_return_val_if_fail(event != NULL, NULL);
	copy = g_memdup2(event, sizeof(*event));
	copy->vm = g_strdup(event->vm);
	copy->flavor = g_strdup(event->flavor);
	copy->image = g_strdup(event->image);
	copy->host = g_strdup(event->host);
	copy->expect_json = g_strdup(event->expect_json);
	copy->hyperv_json = g_strdup(event->hyperv_json);
	if (event->new_hosts != NULL) {
		copy->new_hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_host_free);
		for (guint i = 0; i < event->new_hosts->len; i++)
			g_ptr_array_add(copy->new_hosts,
			                np_host_copy(g_ptr_array_index(event->new_hosts, i)));
	}
	return copy;
}

void
np_event_free(NpEvent *event)
{
	if (event == NULL)
		return;
	g_free(event->vm);
	g_free(event->flavor);
	g_free(event->image);
	g_free(event->host);
	if (event->new_hosts != NULL)
		g_ptr_array_unref(event->new_hosts);
	g_free(event->expect_json);
	g_free(event->hyperv_json);
	g_free(event);
}

/* boot, capacity: the image (%NULL for none) */
void
np_event_set_image(NpEvent *event, const gchar *image)
{
	g_return_if_fail(event != NULL);
	g_free(event->image);
	event->image = g_strdup(image);
}

/* boot: force the host (the filters still apply) */
void
np_event_set_host(NpEvent *event, const gchar *host)
{
	g_return_if_fail(event != NULL);
	g_free(event->host);
	event->host = g_strdup(host);
}

/* boot: @count VMs NAME-1 … NAME-@count (0: one VM called NAME) */
void
np_event_set_count(NpEvent *event, gint64 count)
{
	g_return_if_fail(event != NULL && event->type == NP_EVENT_BOOT);
	event->count = count;
}

/* boot: dynamic memory (rules.md §5), MiB; 0 takes the default */
void
np_event_set_dynamic_memory(NpEvent *event,
                            gint64 startup_mb,
                            gint64 minimum_mb,
                            gint64 maximum_mb,
                            gint64 buffer_percent)
{
	g_return_if_fail(event != NULL && event->type == NP_EVENT_BOOT);
	event->dynamic_memory.enabled = TRUE;
	event->dynamic_memory.startup_mb = startup_mb;
	event->dynamic_memory.minimum_mb = minimum_mb;
	event->dynamic_memory.maximum_mb = maximum_mb;
	event->dynamic_memory.buffer_percent = buffer_percent;
}

/* add_host: (transfer full) one more host */
void
np_event_add_host(NpEvent *event, NpHost *host)
{
	g_return_if_fail(event != NULL && event->type == NP_EVENT_ADD_HOST && host != NULL);
	g_ptr_array_add(event->new_hosts, host);
}

NpEventType
np_event_get_event_type(const NpEvent *event)
{
	g_return_val_if_fail(event != NULL, NP_EVENT_LAST);
	return event->type;
}

const gchar *
np_event_get_vm(const NpEvent *event)
{
	g_return_val_if_fail(event != NULL, NULL);
	return event->vm;
}

const gchar *
np_event_get_host(const NpEvent *event)
{
	g_return_val_if_fail(event != NULL, NULL);
	return event->host;
}

const gchar *
np_event_get_flavor(const NpEvent *event)
{
	g_return_val_if_fail(event != NULL, NULL);
	return event->flavor;
}
