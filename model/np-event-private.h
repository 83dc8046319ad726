/* numaplan — event internals */
#pragma once

#include "np-event.h"
#include "np-host-private.h"
#include "np-request-private.h"

G_BEGIN_DECLS

/**
 * NpEvent:
 * @index: position in the scenario's events (0-based), set when added
 * @pos: where the item starts in its file
 * @vm: boot: the name (base name with @count); other VM events: the VM
 * @count: boot: how many (`NAME-1` … `NAME-N`), 0 without `count:`
 * @flavor: boot, resize, capacity
 * @image: boot, capacity; %NULL for none
 * @host: boot (forced host), migrate (target), set_spanning, fail_host,
 *   recover_host, remove_host; %NULL for none
 * @dynamic_memory: boot; .enabled FALSE for static memory, 0 = default
 * @memory_mb: demand: the guest's demand, MiB
 * @enabled: set_spanning: the new value
 * @new_hosts: add_host: the hosts it adds (#NpHost; several with count)
 * @expect_json: the item's `expect:` map as JSON text, %NULL for none
 * @hyperv_json: an imported boot's `hyperv:` map as JSON text, or %NULL
 *
 * The *_pos fields say where each value is written, for messages.
 */
struct _NpEvent {
	NpEventType type;
	guint index;
	NpPos pos;
	gchar *vm;
	NpPos vm_pos;
	gint64 count;
	NpPos count_pos;
	gchar *flavor;
	NpPos flavor_pos;
	gchar *image;
	NpPos image_pos;
	gchar *host;
	NpPos host_pos;
	NpDynamicMemory dynamic_memory;
	NpPos dynamic_memory_pos;
	gint64 memory_mb;
	NpPos memory_pos;
	gboolean enabled;
	GPtrArray *new_hosts;
	gchar *expect_json;
	NpPos expect_pos;
	gchar *hyperv_json;
};

NpEvent *np_event_new_empty(NpEventType type) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
