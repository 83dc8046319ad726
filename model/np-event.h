/* numaplan — events: what happens to a cluster, one at a time (rules.md §6) */
#pragma once

#include <glib.h>

#include "np-host.h"

G_BEGIN_DECLS

typedef enum {
	NP_EVENT_BOOT,
	NP_EVENT_DELETE,
	NP_EVENT_STOP,
	NP_EVENT_START,
	NP_EVENT_RESTART,
	NP_EVENT_RESIZE,
	NP_EVENT_MIGRATE,
	NP_EVENT_DEMAND,
	NP_EVENT_SET_SPANNING,
	NP_EVENT_FAIL_HOST,
	NP_EVENT_RECOVER_HOST,
	NP_EVENT_ADD_HOST,
	NP_EVENT_REMOVE_HOST,
	NP_EVENT_CAPACITY,
	NP_EVENT_LAST
} NpEventType;

/* "boot", "delete", …, "capacity": the keys of scenario.md §1 */
const gchar *np_event_type_to_string(NpEventType type);
NpEventType np_event_type_from_string(const gchar *str);
/* boot … demand act on VMs and give one result per VM */
gboolean np_event_type_is_vm_event(NpEventType type);

typedef struct _NpEvent NpEvent;

NpEvent *np_event_new_boot(const gchar *vm, const gchar *flavor) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_new(NpEventType type, const gchar *target) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_new_resize(const gchar *vm, const gchar *flavor) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_new_migrate(const gchar *vm, const gchar *host) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_new_demand(const gchar *vm, gint64 memory_mb) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_new_set_spanning(const gchar *host, gboolean enabled) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_new_add_host(NpHost *host) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_new_capacity(const gchar *flavor, const gchar *image) G_GNUC_WARN_UNUSED_RESULT;
NpEvent *np_event_copy(const NpEvent *event) G_GNUC_WARN_UNUSED_RESULT;
void np_event_free(NpEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpEvent, np_event_free)

void np_event_set_image(NpEvent *event, const gchar *image);
void np_event_set_host(NpEvent *event, const gchar *host);
void np_event_set_count(NpEvent *event, gint64 count);
void np_event_set_dynamic_memory(NpEvent *event,
                                 gint64 startup_mb,
                                 gint64 minimum_mb,
                                 gint64 maximum_mb,
                                 gint64 buffer_percent);
void np_event_add_host(NpEvent *event, NpHost *host);

NpEventType np_event_get_event_type(const NpEvent *event);
const gchar *np_event_get_vm(const NpEvent *event);
const gchar *np_event_get_host(const NpEvent *event);
const gchar *np_event_get_flavor(const NpEvent *event);

G_END_DECLS
