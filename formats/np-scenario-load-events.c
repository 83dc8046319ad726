/* Scenario files (scenario.md §1): the `expect:` maps (the run's and each
 * event's) and the `events:` list — boots, deletes, the actions on VMs and
 * hosts, their references to flavors, images, VMs and hosts — walked from
 * the positioned tree into the scenario (np-scenario-load.c does the rest)
 */
#include <string.h>

#include "np-enum-private.h"
#include "np-error.h"
#include "np-expect-schema-private.h"
#include "np-json.h"
#include "np-scenario-load-private.h"
#include "np-validate-private.h"

/* --------------------------------------------------------------- expect */

static const gchar *const np_event_expect_keys[] = {
    "index",     "type",          "vm",         "status",     "code",      "message",
    "host",      "attempts",      "vnuma",      "cells",      "backing",   "spanned",
    "remote_mb", "warnings",      "filtered",   "memory_mb",  "target_mb", "shortfall_mb",
    "fits",      "per_host",      "would_span", "stopped_by", "evacuated", "enabled",
    "flavor",    "failed_starts", NULL};
static const gchar *const np_expect_keys[] = {"summary", "vms", "hosts", NULL};
static const gchar *const np_summary_keys[] = {"events",
                                               "active",
                                               "stopped",
                                               "rejected",
                                               "failed_to_start",
                                               "deleted",
                                               "error",
                                               "spanned",
                                               "remote_mb",
                                               "by_code",
                                               NULL};
static const gchar *const np_vm_expect_keys[] =
    {"name", "status", "host", "flavor", "code", "cells", "backing", "spanned", "remote_mb", NULL};
static const gchar *const np_host_expect_keys[] =
    {"name", "numa_spanning", "enabled", "nodes", "claimed_vcpus", "claimed_memory_mb", NULL};

/* @map as JSON text in *@out, each value of the type its key has in
 * results (np-expect-schema.c) */
static gboolean
np_expect_json(NpLoader *loader,
               const NpYNode *map,
               NpExpectKind kind,
               const gchar *section,
               gchar **out,
               GError **error)
{
	g_autoptr(cJSON) json = np_node_to_json(loader, map, section, error);
	const NpYNode *bad = NULL;
	g_autofree gchar *message = NULL;
	if (json == NULL)
		return FALSE;
	if (!np_expect_check_types(loader->tree, map, json, kind, section, &bad, &message))
		return np_fail(loader, bad, error, "%s", message);
	if (out != NULL)
		*out = np_json_print_line(json);
	return TRUE;
}

static gboolean
np_load_event_expect(NpLoader *loader,
                     const NpYNode *map,
                     const gchar *section,
                     NpEvent *event,
                     GError **error)
{
	if (!np_require_mapping(loader, map, section, error)
	    || !np_check_keys(loader, map, section, np_event_expect_keys, error))
		return FALSE;
	event->expect_pos = np_pos_of(map);
	return np_expect_json(loader, map, NP_EXPECT_EVENT, section, &event->expect_json, error);
}

/* `expect:` at the top level: checked after the last event; @names says
 * which VMs the events boot and which hosts there are */
gboolean
np_load_expect(NpLoader *loader, const NpYNode *map, const NpNames *names, GError **error)
{
	const NpYNode *summary, *vms, *hosts;

	if (!np_require_mapping(loader, map, "expect", error)
	    || !np_check_keys(loader, map, "expect", np_expect_keys, error))
		return FALSE;
	summary = np_map_get(loader, map, "summary");
	if (summary != NULL
	    && (!np_require_mapping(loader, summary, "expect.summary", error)
	        || !np_check_keys(loader, summary, "expect.summary", np_summary_keys, error)
	        || !np_expect_json(loader,
	                           summary,
	                           NP_EXPECT_SUMMARY,
	                           "expect.summary",
	                           NULL,
	                           error)))
		return FALSE;
	vms = np_map_get(loader, map, "vms");
	if (vms != NULL && !np_require_mapping(loader, vms, "expect.vms", error))
		return FALSE;
	for (guint i = 0; vms != NULL && i < np_length(vms); i++) {
		const NpYNode *key = np_map_key(loader, vms, i);
		g_autofree gchar *section = NULL;
		const gchar *name = NULL;
		if (!np_read_name(loader, key, "expect.vms", &name, error))
			return FALSE;
		if (np_names_vm_event(names, name) < 0)
			return np_fail(loader,
			               key,
			               error,
			               "expect.vms: no event boots a VM named '%s'",
			               np_show(loader, name));
		section = g_strdup_printf("expect.vms.%s", np_show(loader, name));
		if (!np_require_mapping(loader, np_map_value(loader, vms, i), section, error)
		    || !np_check_keys(loader,
		                      np_map_value(loader, vms, i),
		                      section,
		                      np_vm_expect_keys,
		                      error)
		    || !np_expect_json(loader,
		                       np_map_value(loader, vms, i),
		                       NP_EXPECT_VM,
		                       section,
		                       NULL,
		                       error))
			return FALSE;
	}
	hosts = np_map_get(loader, map, "hosts");
	if (hosts != NULL && !np_require_mapping(loader, hosts, "expect.hosts", error))
		return FALSE;
	for (guint i = 0; hosts != NULL && i < np_length(hosts); i++) {
		const NpYNode *key = np_map_key(loader, hosts, i);
		g_autofree gchar *section = NULL;
		const gchar *name = NULL;
		gint64 removed_by = -1;
		if (!np_read_name(loader, key, "expect.hosts", &name, error))
			return FALSE;
		if (!np_names_host(names, name, &removed_by))
			return np_fail(loader,
			               key,
			               error,
			               "expect.hosts: unknown host '%s'",
			               np_show(loader, name));
		if (removed_by >= 0)
			return np_fail(
			    loader,
			    key,
			    error,
			    "expect.hosts: host '%s' is removed by event %" G_GINT64_FORMAT
			    " and is not there at the end",
			    np_show(loader, name),
			    removed_by);
		section = g_strdup_printf("expect.hosts.%s", np_show(loader, name));
		if (!np_require_mapping(loader, np_map_value(loader, hosts, i), section, error)
		    || !np_check_keys(loader,
		                      np_map_value(loader, hosts, i),
		                      section,
		                      np_host_expect_keys,
		                      error)
		    || !np_expect_json(loader,
		                       np_map_value(loader, hosts, i),
		                       NP_EXPECT_HOST,
		                       section,
		                       NULL,
		                       error))
			return FALSE;
	}
	loader->scenario->expect_pos = np_pos_of(map);
	loader->scenario->expect_json = np_node_to_json_text(loader, map, "expect", error);
	return loader->scenario->expect_json != NULL;
}

/* --------------------------------------------------------------- events */

static gboolean
np_read_ref(NpLoader *loader,
            const NpYNode *value,
            const gchar *key,
            gchar **out,
            NpPos *pos,
            GError **error)
{
	const gchar *text = NULL;
	if (!np_read_name(loader, value, key, &text, error))
		return FALSE;
	*out = g_strdup(text);
	*pos = np_pos_of(value);
	return TRUE;
}

static gboolean
np_load_dynamic_memory(NpLoader *loader,
                       const NpYNode *map,
                       const gchar *section,
                       NpEvent *event,
                       GError **error)
{
	static const gchar *const keys[] = {"startup_mb",
	                                    "minimum_mb",
	                                    "maximum_mb",
	                                    "buffer_percent",
	                                    NULL};
	NpDynamicMemory *dm = &event->dynamic_memory;
	const NpYNode *value;

	if (!np_require_mapping(loader, map, section, error)
	    || !np_check_keys(loader, map, section, keys, error))
		return FALSE;
	dm->enabled = TRUE;
	event->dynamic_memory_pos = np_pos_of(map);
	if ((value = np_map_get(loader, map, "startup_mb")) != NULL
	    && !np_read_quantity(loader, value, "startup_mb", 1, &dm->startup_mb, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "minimum_mb")) != NULL
	    && !np_read_quantity(loader, value, "minimum_mb", 1, &dm->minimum_mb, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "maximum_mb")) != NULL
	    && !np_read_quantity(loader, value, "maximum_mb", 1, &dm->maximum_mb, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "buffer_percent")) != NULL
	    && !np_read_int(loader, value, "buffer_percent", 5, 2000, &dm->buffer_percent, error))
		return FALSE;
	return TRUE;
}

static gboolean
np_load_boot(NpLoader *loader,
             const NpYNode *map,
             const gchar *section,
             NpEvent *event,
             GError **error)
{
	static const gchar *const keys[] =
	    {"name", "flavor", "image", "count", "host", "dynamic_memory", "hyperv", NULL};
	const NpYNode *name, *flavor, *value;

	if (!np_require_mapping(loader, map, section, error)
	    || !np_check_keys(loader, map, section, keys, error))
		return FALSE;
	if ((name = np_require_key(loader, map, "name", section, error)) == NULL
	    || (flavor = np_require_key(loader, map, "flavor", section, error)) == NULL
	    || !np_read_ref(loader, name, "name", &event->vm, &event->vm_pos, error)
	    || !np_read_ref(loader, flavor, "flavor", &event->flavor, &event->flavor_pos, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "image")) != NULL
	    && !np_read_ref(loader, value, "image", &event->image, &event->image_pos, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "host")) != NULL
	    && !np_read_ref(loader, value, "host", &event->host, &event->host_pos, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "count")) != NULL) {
		if (!np_read_int(loader,
		                 value,
		                 "count",
		                 1,
		                 NP_SCENARIO_MAX_VMS,
		                 &event->count,
		                 error))
			return FALSE;
		event->count_pos = np_pos_of(value);
	}
	if ((value = np_map_get(loader, map, "dynamic_memory")) != NULL) {
		g_autofree gchar *where = g_strdup_printf("%s.dynamic_memory", section);
		if (!np_load_dynamic_memory(loader, value, where, event, error))
			return FALSE;
	}
	if ((value = np_map_get(loader, map, "hyperv")) != NULL) {
		g_autofree gchar *where = g_strdup_printf("%s.hyperv", section);
		if (!np_load_hyperv(loader, value, where, &event->hyperv_json, error))
			return FALSE;
	}
	return TRUE;
}

/* `stop: NAME` or `stop: {vm: NAME, ...}` with @keys; *@map is the mapping
 * form or NULL */
static gboolean
np_load_vm_target(NpLoader *loader,
                  const NpYNode *value,
                  const gchar *section,
                  const gchar *const *keys,
                  NpEvent *event,
                  const NpYNode **map,
                  GError **error)
{
	const NpYNode *vm = value;

	*map = NULL;
	if (value->kind == NP_YNODE_MAPPING) {
		*map = value;
		if (!np_check_keys(loader, value, section, keys, error)
		    || (vm = np_require_key(loader, value, "vm", section, error)) == NULL)
			return FALSE;
	} else if (g_strv_length((gchar **)keys) > 1) {
		g_autofree gchar *list = g_strjoinv(", ", (gchar **)keys);
		return np_fail(loader,
		               value,
		               error,
		               "%s: expected a mapping with %s, got %s",
		               section,
		               list,
		               np_describe(loader, value));
	} else if (value->kind != NP_YNODE_SCALAR) {
		return np_fail(loader,
		               value,
		               error,
		               "%s: expected a VM name or {vm: NAME}, got %s",
		               section,
		               np_describe(loader, value));
	}
	return np_read_ref(loader, vm, "vm", &event->vm, &event->vm_pos, error);
}

/* `fail_host: NAME` or `fail_host: {host: NAME}` */
static gboolean
np_load_host_target(NpLoader *loader,
                    const NpYNode *value,
                    const gchar *section,
                    NpEvent *event,
                    GError **error)
{
	static const gchar *const keys[] = {"host", NULL};
	const NpYNode *host = value;

	if (value->kind == NP_YNODE_MAPPING
	    && (!np_check_keys(loader, value, section, keys, error)
	        || (host = np_require_key(loader, value, "host", section, error)) == NULL))
		return FALSE;
	return np_read_ref(loader, host, "host", &event->host, &event->host_pos, error);
}

static gboolean
np_load_action(NpLoader *loader,
               const NpYNode *value,
               const gchar *section,
               NpEvent *event,
               GError **error)
{
	static const gchar *const vm_keys[] = {"vm", NULL};
	static const gchar *const resize_keys[] = {"vm", "flavor", NULL};
	static const gchar *const migrate_keys[] = {"vm", "host", NULL};
	static const gchar *const demand_keys[] = {"vm", "memory_mb", NULL};
	static const gchar *const spanning_keys[] = {"host", "enabled", NULL};
	static const gchar *const capacity_keys[] = {"flavor", "image", NULL};
	const NpYNode *map = NULL;
	const NpYNode *field;

	switch (event->type) {
	case NP_EVENT_BOOT:
		return np_load_boot(loader, value, section, event, error);
	case NP_EVENT_DELETE:
	case NP_EVENT_STOP:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
		return np_load_vm_target(loader, value, section, vm_keys, event, &map, error);
	case NP_EVENT_RESIZE:
		return np_load_vm_target(loader, value, section, resize_keys, event, &map, error)
		       && (field = np_require_key(loader, map, "flavor", section, error)) != NULL
		       && np_read_ref(loader,
		                      field,
		                      "flavor",
		                      &event->flavor,
		                      &event->flavor_pos,
		                      error);
	case NP_EVENT_MIGRATE:
		if (!np_load_vm_target(loader, value, section, migrate_keys, event, &map, error))
			return FALSE;
		field = np_map_get(loader, map, "host");
		return field == NULL
		       || np_read_ref(loader, field, "host", &event->host, &event->host_pos, error);
	case NP_EVENT_DEMAND:
		if (!np_load_vm_target(loader, value, section, demand_keys, event, &map, error)
		    || (field = np_require_key(loader, map, "memory_mb", section, error)) == NULL
		    || !np_read_quantity(loader, field, "memory_mb", 0, &event->memory_mb, error))
			return FALSE;
		event->memory_pos = np_pos_of(field);
		return TRUE;
	case NP_EVENT_SET_SPANNING:
		if (!np_require_mapping(loader, value, section, error)
		    || !np_check_keys(loader, value, section, spanning_keys, error)
		    || (field = np_require_key(loader, value, "enabled", section, error)) == NULL
		    || !np_read_bool(loader, field, "enabled", &event->enabled, error)
		    || (field = np_require_key(loader, value, "host", section, error)) == NULL)
			return FALSE;
		return np_load_host_target(loader, field, section, event, error);
	case NP_EVENT_FAIL_HOST:
	case NP_EVENT_RECOVER_HOST:
	case NP_EVENT_REMOVE_HOST:
		return np_load_host_target(loader, value, section, event, error);
	case NP_EVENT_ADD_HOST:
		event->new_hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_host_free);
		return np_load_host(loader, value, section, event->new_hosts, error);
	case NP_EVENT_CAPACITY:
		if (!np_require_mapping(loader, value, section, error)
		    || !np_check_keys(loader, value, section, capacity_keys, error)
		    || (field = np_require_key(loader, value, "flavor", section, error)) == NULL
		    || !np_read_ref(loader,
		                    field,
		                    "flavor",
		                    &event->flavor,
		                    &event->flavor_pos,
		                    error))
			return FALSE;
		field = np_map_get(loader, value, "image");
		return field == NULL
		       || np_read_ref(loader,
		                      field,
		                      "image",
		                      &event->image,
		                      &event->image_pos,
		                      error);
	case NP_EVENT_LAST:
	default:
		break;
	}
	g_return_val_if_reached(FALSE);
}

static gboolean
np_load_event(NpLoader *loader, const NpYNode *item, guint index, GError **error)
{
	g_autoptr(NpEvent) event = NULL;
	/* events[N] and events[N].ACTION name the item in messages; built
	 * without printf: a file may hold a million events */
	gchar section[64], action_section[96];
	const gchar *const *known = loader->event_keys;
	const gchar *actions = loader->actions;
	const NpYNode *action = NULL, *action_value = NULL, *expect = NULL;
	gchar digits[16];
	gchar *p = digits + sizeof(digits);
	guint n = index;

	*--p = '\0';
	do {
		*--p = (gchar)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	g_strlcpy(section, "events[", sizeof(section));
	g_strlcat(section, p, sizeof(section));
	g_strlcat(section, "]", sizeof(section));
	if (item->kind != NP_YNODE_MAPPING)
		return np_fail(loader,
		               item,
		               error,
		               "%s: expected a mapping with one action (%s), got %s",
		               section,
		               actions,
		               np_describe(loader, item));
	for (guint i = 0; i < np_length(item); i++) {
		const NpYNode *key = np_map_key(loader, item, i);
		if (key->kind != NP_YNODE_SCALAR)
			return np_fail(loader,
			               key,
			               error,
			               "a key in %s must be a scalar, not %s",
			               section,
			               np_describe(loader, key));
		if (strcmp(key->text, "expect") == 0) {
			expect = np_map_value(loader, item, i);
		} else if (np_event_type_from_string(key->text) < NP_EVENT_LAST) {
			if (action != NULL)
				return np_fail(loader,
				               key,
				               error,
				               "an event has exactly one action; found '%s' and "
				               "'%s'",
				               action->text,
				               key->text);
			action = key;
			action_value = np_map_value(loader, item, i);
		} else {
			return np_unknown_key(loader, key, section, known, error);
		}
	}
	if (action == NULL)
		return np_fail(loader,
		               item,
		               error,
		               "%s has no action: one of %s",
		               section,
		               actions);
	event = np_event_new_empty(np_event_type_from_string(action->text));
	event->pos = np_pos_of(item);
	g_strlcpy(action_section, section, sizeof(action_section));
	g_strlcat(action_section, ".", sizeof(action_section));
	g_strlcat(action_section, action->text, sizeof(action_section));
	if (!np_load_action(loader, action_value, action_section, event, error))
		return FALSE;
	if (expect != NULL) {
		g_autofree gchar *where = g_strdup_printf("%s.expect", section);
		if (!np_load_event_expect(loader, expect, where, event, error))
			return FALSE;
	}
	np_scenario_add_event(loader->scenario, g_steal_pointer(&event));
	return TRUE;
}

gboolean
np_load_events(NpLoader *loader, const NpYNode *list, GError **error)
{
	if (!np_require_list(loader, list, "events", error))
		return FALSE;
	if (np_length(list) > NP_SCENARIO_MAX_EVENTS)
		return np_fail(loader,
		               np_child(loader, list, NP_SCENARIO_MAX_EVENTS),
		               error,
		               "the events exceed the limit of %d",
		               NP_SCENARIO_MAX_EVENTS);
	for (guint i = 0; i < np_length(list); i++) {
		if (!np_load_event(loader, np_child(loader, list, i), i, error))
			return FALSE;
	}
	return TRUE;
}
