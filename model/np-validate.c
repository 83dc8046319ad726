/* Checking a scenario: every value in range and every name an event uses
 * known at that point, in event order (scenario.md §1). The YAML loader
 * calls it after reading a file; programs that build scenarios in code
 * call np_scenario_validate(). A scenario that passes can be replayed
 * without the engine meeting an unknown name. */
#include <string.h>

#include "np-enum-private.h"
#include "np-error.h"
#include "np-validate-private.h"

typedef struct {
	NpPos pos;         /* where it is defined */
	gint64 removed_by; /* the remove_host event, -1 while present */
} NpHostEntry;

typedef struct {
	gint64 count;
	guint event;
} NpVmRange;

struct _NpNames {
	GHashTable *hosts;       /* name → NpHostEntry: every host ever defined */
	GPtrArray *host_order;   /* the names of @hosts, in definition order */
	GHashTable *vms;         /* name → 1 + event, VMs booted without count */
	GHashTable *vm_ranges;   /* base name → NpVmRange, boots with count */
	GHashTable *vm_suffixes; /* base → smallest k of a VM named 'base-k' */
	guint64 nodes_total;
	guint64 vms_total;
};

typedef struct {
	const NpScenario *scenario;
	NpNames *names;
	GError **error;
	const NpEvent *event; /* the event being checked: names it in messages */
} NpValidator;

void
np_names_free(NpNames *names)
{
	if (names == NULL)
		return;
	g_hash_table_unref(names->hosts);
	g_ptr_array_unref(names->host_order);
	g_hash_table_unref(names->vms);
	g_hash_table_unref(names->vm_ranges);
	g_hash_table_unref(names->vm_suffixes);
	g_free(names);
}

static NpNames *
np_names_new(void)
{
	NpNames *names = g_new0(NpNames, 1);
	names->hosts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	names->host_order = g_ptr_array_new_with_free_func(g_free);
	names->vms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	names->vm_ranges = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	names->vm_suffixes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return names;
}

/* a positioned error when the scenario came from a file and the value has
 * a position, else one that names the object (@what) */
static gboolean G_GNUC_PRINTF(4, 5)
    np_fail(const NpValidator *v, NpPos at, const gchar *what, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	g_autofree gchar *event_what = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	/* built only now: most events are fine */
	if (what == NULL && v->event != NULL)
		what = event_what = g_strdup_printf("events[%u] (%s)",
		                                    v->event->index,
		                                    np_event_type_to_string(v->event->type));
	if (v->scenario->path != NULL && np_pos_is_set(at))
		return np_error_at(v->error,
		                   NP_ERROR_INVALID,
		                   v->scenario->path,
		                   at,
		                   "%s",
		                   message);
	if (v->scenario->path != NULL)
		return np_error_at(v->error,
		                   NP_ERROR_INVALID,
		                   v->scenario->path,
		                   NP_POS_NONE,
		                   "%s: %s",
		                   what,
		                   message);
	return np_error_at(v->error, NP_ERROR_INVALID, NULL, NP_POS_NONE, "%s: %s", what, message);
}

/* ------------------------------------------------------------- values */

static gboolean G_GNUC_PRINTF(4, 5)
    np_bad(gchar **message, NpPos *at, NpPos pos, const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	*message = g_strdup_vprintf(format, args);
	va_end(args);
	*at = pos;
	return FALSE;
}

/* @value within [@minimum, NP_SCENARIO_MAX_QUANTITY] */
static gboolean
np_check_quantity(const gchar *key,
                  gint64 value,
                  gint64 minimum,
                  NpPos pos,
                  gchar **message,
                  NpPos *at)
{
	if (minimum >= 0 && value < 0)
		return np_bad(message,
		              at,
		              pos,
		              "%s: must not be negative (got %" G_GINT64_FORMAT ")",
		              key,
		              value);
	if (value < minimum)
		return np_bad(message,
		              at,
		              pos,
		              "%s: must be at least %" G_GINT64_FORMAT " (got %" G_GINT64_FORMAT
		              ")",
		              key,
		              minimum,
		              value);
	if (value > NP_SCENARIO_MAX_QUANTITY)
		return np_bad(message,
		              at,
		              pos,
		              "%s: %" G_GINT64_FORMAT " is out of range (at most %" G_GINT64_FORMAT
		              ")",
		              key,
		              value,
		              NP_SCENARIO_MAX_QUANTITY);
	return TRUE;
}

gboolean
np_host_check(const NpHost *host, gchar **message, NpPos *at)
{
	g_autoptr(GHashTable) ids = g_hash_table_new(g_int64_hash, g_int64_equal);
	NpHostSettings resolved;
	NpSettings defaults;

	if (host->name == NULL || host->name[0] == '\0')
		return np_bad(message, at, host->pos, "name: a name must not be empty");
	if (host->nodes->len == 0)
		return np_bad(message, at, host->pos, "nodes: a host needs at least one node");
	for (guint i = 0; i < host->nodes->len; i++) {
		const NpNodeSpec *node = &g_array_index(host->nodes, NpNodeSpec, i);
		const NpNodeSpec *first;
		if (node->id < 0)
			return np_bad(message,
			              at,
			              node->pos,
			              "id: must not be negative (got %" G_GINT64_FORMAT ")",
			              node->id);
		if (!np_check_quantity("cpus", node->cpus, 1, node->pos, message, at)
		    || !np_check_quantity("memory_mb", node->memory_mb, 1, node->pos, message, at)
		    || !np_check_quantity("reserved_mb",
		                          node->reserved_mb,
		                          0,
		                          node->pos,
		                          message,
		                          at))
			return FALSE;
		if (node->reserved_mb > node->memory_mb)
			return np_bad(message,
			              at,
			              node->reserved_pos,
			              "reserved_mb %" G_GINT64_FORMAT
			              " is more than memory_mb %" G_GINT64_FORMAT,
			              node->reserved_mb,
			              node->memory_mb);
		first = g_hash_table_lookup(ids, &node->id);
		if (first != NULL)
			return np_bad(message,
			              at,
			              node->pos,
			              "duplicate node id %" G_GINT64_FORMAT " (first at %u:%u)",
			              node->id,
			              first->pos.line,
			              first->pos.column);
		g_hash_table_insert(ids, (gpointer)&node->id, (gpointer)node);
	}
	/* settings come through np_settings_apply(), which checks them; a
	 * struct filled by hand is checked here too */
	np_settings_init(&defaults);
	np_host_settings_resolve(&resolved, &host->settings, host->overridden, &defaults);
	if (!(resolved.cpu_allocation_ratio > 0) || !(resolved.ram_allocation_ratio > 0))
		return np_bad(message, at, host->pos, "allocation ratios must be greater than 0");
	if (!np_check_quantity("max_vnuma_vcpus",
	                       resolved.max_vnuma_vcpus,
	                       0,
	                       host->pos,
	                       message,
	                       at)
	    || !np_check_quantity("max_vnuma_memory_mb",
	                          resolved.max_vnuma_memory_mb,
	                          0,
	                          host->pos,
	                          message,
	                          at))
		return FALSE;
	return TRUE;
}

gboolean
np_flavor_check(const NpFlavor *flavor, gchar **message, NpPos *at)
{
	if (flavor->name == NULL || flavor->name[0] == '\0')
		return np_bad(message, at, flavor->pos, "flavor name: a name must not be empty");
	return np_check_quantity("vcpus", flavor->vcpus, 1, flavor->pos, message, at)
	       && np_check_quantity("memory_mb", flavor->memory_mb, 1, flavor->pos, message, at);
}

gboolean
np_event_check_values(const NpEvent *event, const NpFlavor *flavor, gchar **message, NpPos *at)
{
	const NpDynamicMemory *dm = &event->dynamic_memory;
	gint64 startup, minimum, maximum;

	if (event->type >= NP_EVENT_LAST)
		return np_bad(message, at, event->pos, "unknown event type %d", (gint)event->type);
	switch (event->type) {
	case NP_EVENT_BOOT:
		if (event->vm == NULL || event->vm[0] == '\0')
			return np_bad(message, at, event->vm_pos, "name: a name must not be empty");
		if (event->count != 0 && (event->count < 1 || event->count > NP_SCENARIO_MAX_VMS))
			return np_bad(message,
			              at,
			              event->count_pos,
			              "count: must be 1 to %d (got %" G_GINT64_FORMAT ")",
			              NP_SCENARIO_MAX_VMS,
			              event->count);
		break;
	case NP_EVENT_DEMAND:
		return np_check_quantity("memory_mb",
		                         event->memory_mb,
		                         0,
		                         event->memory_pos,
		                         message,
		                         at);
	case NP_EVENT_ADD_HOST:
		if (event->new_hosts == NULL || event->new_hosts->len == 0)
			return np_bad(message, at, event->pos, "add_host: no host to add");
		for (guint i = 0; i < event->new_hosts->len; i++) {
			if (!np_host_check(g_ptr_array_index(event->new_hosts, i), message, at))
				return FALSE;
		}
		return TRUE;
	default:
		return TRUE;
	}
	if (!dm->enabled)
		return TRUE;
	if (!np_check_quantity("startup_mb",
	                       dm->startup_mb,
	                       0,
	                       event->dynamic_memory_pos,
	                       message,
	                       at)
	    || !np_check_quantity("minimum_mb",
	                          dm->minimum_mb,
	                          0,
	                          event->dynamic_memory_pos,
	                          message,
	                          at)
	    || !np_check_quantity("maximum_mb",
	                          dm->maximum_mb,
	                          0,
	                          event->dynamic_memory_pos,
	                          message,
	                          at))
		return FALSE;
	if (dm->buffer_percent != 0 && (dm->buffer_percent < 5 || dm->buffer_percent > 2000))
		return np_bad(message,
		              at,
		              event->dynamic_memory_pos,
		              "buffer_percent: must be 5 to 2000 (got %" G_GINT64_FORMAT ")",
		              dm->buffer_percent);
	if (flavor == NULL)
		return TRUE;
	/* the defaults of rules.md §5; 0 stays in the struct for "default" */
	maximum = dm->maximum_mb > 0 ? dm->maximum_mb : flavor->memory_mb;
	startup = dm->startup_mb > 0 ? dm->startup_mb : MIN(flavor->memory_mb, maximum);
	minimum = dm->minimum_mb > 0 ? dm->minimum_mb : startup;
	if (minimum > startup || startup > maximum)
		return np_bad(message,
		              at,
		              event->dynamic_memory_pos,
		              "dynamic_memory needs minimum_mb <= startup_mb <= maximum_mb; "
		              "got minimum_mb %" G_GINT64_FORMAT "%s, startup_mb %" G_GINT64_FORMAT
		              "%s, maximum_mb %" G_GINT64_FORMAT "%s",
		              minimum,
		              dm->minimum_mb > 0 ? "" : " (default)",
		              startup,
		              dm->startup_mb > 0 ? "" : " (default)",
		              maximum,
		              dm->maximum_mb > 0 ? "" : " (the flavor's memory)");
	return TRUE;
}

/* --------------------------------------------------------------- names */

/* TRUE when @name is 'BASE-K' with K written as count: writes it; then
 * *@base_length is BASE's length and *@k is K */
static gboolean
np_split_counted(const gchar *name, gsize *base_length, gint64 *k)
{
	const gchar *dash = strrchr(name, '-');
	guint64 value = 0;

	if (dash == NULL || dash == name || dash[1] < '1' || dash[1] > '9'
	    || !g_ascii_string_to_unsigned(dash + 1, 10, 1, G_MAXINT64, &value, NULL)
	    || strspn(dash + 1, "0123456789") != strlen(dash + 1))
		return FALSE;
	*base_length = dash - name;
	*k = (gint64)value;
	return TRUE;
}

gint64
np_names_vm_event(const NpNames *names, const gchar *name)
{
	guint event = GPOINTER_TO_UINT(g_hash_table_lookup(names->vms, name));
	g_autofree gchar *base = NULL;
	const NpVmRange *range;
	gsize base_length = 0;
	gint64 k = 0;

	if (event > 0)
		return event - 1;
	if (!np_split_counted(name, &base_length, &k))
		return -1;
	base = g_strndup(name, base_length);
	range = g_hash_table_lookup(names->vm_ranges, base);
	if (range == NULL || k > range->count)
		return -1;
	return range->event;
}

gboolean
np_names_host(const NpNames *names, const gchar *host, gint64 *removed_by)
{
	const NpHostEntry *entry = g_hash_table_lookup(names->hosts, host);
	if (entry == NULL)
		return FALSE;
	if (removed_by != NULL)
		*removed_by = entry->removed_by;
	return TRUE;
}

/* TRUE when event @event of the scenario defines @name (boot or add_host) */
static gboolean
np_event_defines(const NpEvent *event, NpEventType type, const gchar *name)
{
	gsize base_length = 0;
	gint64 k = 0;

	if (event->type != type)
		return FALSE;
	if (type == NP_EVENT_ADD_HOST) {
		for (guint i = 0; event->new_hosts != NULL && i < event->new_hosts->len; i++) {
			const NpHost *host = g_ptr_array_index(event->new_hosts, i);
			if (g_strcmp0(host->name, name) == 0)
				return TRUE;
		}
		return FALSE;
	}
	if (event->vm == NULL)
		return FALSE;
	if (event->count == 0)
		return strcmp(event->vm, name) == 0;
	return np_split_counted(name, &base_length, &k) && k <= event->count
	       && strlen(event->vm) == base_length && strncmp(event->vm, name, base_length) == 0;
}

/* the first event after @index that defines @name, or -1 */
static gint64
np_find_later(const NpValidator *v, guint index, NpEventType type, const gchar *name)
{
	for (guint i = index + 1; i < v->scenario->events->len; i++) {
		if (np_event_defines(g_ptr_array_index(v->scenario->events, i), type, name))
			return i;
	}
	return -1;
}

/* an unknown name, with the nearest of @names (in definition order) */
static gboolean
np_unknown_name(const NpValidator *v,
                NpPos at,
                const gchar *what,
                const gchar *kind,
                const gchar *name,
                const GPtrArray *names)
{
	const gchar *suggestion =
	    np_suggest(name, (const gchar *const *)names->pdata, (gint)names->len);
	g_autofree gchar *shown = np_show_text(name);

	if (suggestion != NULL) {
		g_autofree gchar *suggested = np_show_text(suggestion);
		return np_fail(v,
		               at,
		               what,
		               "unknown %s '%s'; did you mean '%s'?",
		               kind,
		               shown,
		               suggested);
	}
	return np_fail(v, at, what, "unknown %s '%s'", kind, shown);
}

static gboolean
np_check_vm(const NpValidator *v, const NpEvent *event, const gchar *what)
{
	g_autofree gchar *shown = NULL;
	gint64 later;

	if (event->vm == NULL || event->vm[0] == '\0')
		return np_fail(v, event->vm_pos, what, "vm: expected a VM name");
	if (np_names_vm_event(v->names, event->vm) >= 0)
		return TRUE;
	shown = np_show_text(event->vm);
	later = np_find_later(v, event->index, NP_EVENT_BOOT, event->vm);
	if (later >= 0)
		return np_fail(v,
		               event->vm_pos,
		               what,
		               "VM '%s' is not booted yet: event %" G_GINT64_FORMAT " boots it",
		               shown,
		               later);
	return np_fail(v,
	               event->vm_pos,
	               what,
	               "unknown VM '%s': no event before this one boots it",
	               shown);
}

static gboolean
np_check_host(const NpValidator *v, const NpEvent *event, const gchar *what)
{
	const NpHostEntry *entry = g_hash_table_lookup(v->names->hosts, event->host);
	g_autoptr(GPtrArray) present = NULL;
	g_autofree gchar *shown = np_show_text(event->host);
	gint64 later;

	if (entry != NULL && entry->removed_by < 0)
		return TRUE;
	/* a remove_host fails (host-not-empty) while the host has VMs: naming
	 * it again in a later remove_host is a retry, not a mistake */
	if (entry != NULL && event->type == NP_EVENT_REMOVE_HOST)
		return TRUE;
	if (entry != NULL)
		return np_fail(v,
		               event->host_pos,
		               what,
		               "host '%s' was removed by event %" G_GINT64_FORMAT,
		               shown,
		               entry->removed_by);
	later = np_find_later(v, event->index, NP_EVENT_ADD_HOST, event->host);
	if (later >= 0)
		return np_fail(v,
		               event->host_pos,
		               what,
		               "host '%s' is not added yet: event %" G_GINT64_FORMAT " adds it",
		               shown,
		               later);
	present = g_ptr_array_new();
	for (guint i = 0; i < v->names->host_order->len; i++) {
		const gchar *other = g_ptr_array_index(v->names->host_order, i);
		const NpHostEntry *other_entry = g_hash_table_lookup(v->names->hosts, other);
		if (other_entry->removed_by < 0)
			g_ptr_array_add(present, (gpointer)other);
	}
	return np_unknown_name(v, event->host_pos, what, "host", event->host, present);
}

static gboolean
np_check_flavor(const NpValidator *v, const NpEvent *event, const gchar *what)
{
	g_autoptr(GPtrArray) names = NULL;

	if (np_scenario_lookup_flavor(v->scenario, event->flavor) != NULL)
		return TRUE;
	if (event->flavor == NULL)
		return np_fail(v, event->pos, what, "flavor: expected a flavor name");
	names = g_ptr_array_new();
	for (guint i = 0; i < v->scenario->flavors->len; i++)
		g_ptr_array_add(names,
		                ((NpFlavor *)g_ptr_array_index(v->scenario->flavors, i))->name);
	return np_unknown_name(v, event->flavor_pos, what, "flavor", event->flavor, names);
}

static gboolean
np_check_image(const NpValidator *v, const NpEvent *event, const gchar *what)
{
	g_autoptr(GPtrArray) names = NULL;

	if (event->image == NULL || np_scenario_lookup_image(v->scenario, event->image) != NULL)
		return TRUE;
	names = g_ptr_array_new();
	for (guint i = 0; i < v->scenario->images->len; i++)
		g_ptr_array_add(names,
		                ((NpImage *)g_ptr_array_index(v->scenario->images, i))->name);
	return np_unknown_name(v, event->image_pos, what, "image", event->image, names);
}

/* a new VM name (@count 0) or NAME-1 .. NAME-@count: unique over the scenario */
static gboolean
np_register_vm(const NpValidator *v, const NpEvent *event, const gchar *what)
{
	NpNames *names = v->names;
	const gchar *name = event->vm;
	gint64 count = event->count;
	g_autofree gchar *shown = np_show_text(name);
	gsize base_length = 0;
	gint64 first, k = 0;

	if ((guint64)MAX(count, 1) > NP_SCENARIO_MAX_VMS - names->vms_total)
		return np_fail(v,
		               event->vm_pos,
		               what,
		               "the VMs of the scenario exceed the limit of %d",
		               NP_SCENARIO_MAX_VMS);
	if (count == 0) {
		first = np_names_vm_event(names, name);
		if (first >= 0)
			return np_fail(
			    v,
			    event->vm_pos,
			    what,
			    "duplicate VM name '%s' (first booted at event %" G_GINT64_FORMAT ")",
			    shown,
			    first);
		g_hash_table_insert(names->vms, g_strdup(name), GUINT_TO_POINTER(event->index + 1));
		/* only a name count: could make can clash with a later count: */
		if (np_split_counted(name, &base_length, &k) && k <= NP_SCENARIO_MAX_VMS) {
			g_autofree gchar *base = g_strndup(name, base_length);
			gint64 smallest =
			    GPOINTER_TO_SIZE(g_hash_table_lookup(names->vm_suffixes, base));
			if (smallest == 0 || k < smallest)
				g_hash_table_replace(names->vm_suffixes,
				                     g_steal_pointer(&base),
				                     GSIZE_TO_POINTER((gsize)k));
		}
	} else {
		const NpVmRange *range = g_hash_table_lookup(names->vm_ranges, name);
		gint64 smallest = GPOINTER_TO_SIZE(g_hash_table_lookup(names->vm_suffixes, name));
		NpVmRange *added;
		if (range != NULL)
			return np_fail(v,
			               event->vm_pos,
			               what,
			               "duplicate VM name '%s-1' (first booted at event %u)",
			               shown,
			               range->event);
		if (smallest > 0 && smallest <= count) {
			g_autofree gchar *clash =
			    g_strdup_printf("%s-%" G_GINT64_FORMAT, name, smallest);
			g_autofree gchar *clash_shown = np_show_text(clash);
			return np_fail(
			    v,
			    event->vm_pos,
			    what,
			    "duplicate VM name '%s' (first booted at event %" G_GINT64_FORMAT ")",
			    clash_shown,
			    np_names_vm_event(names, clash));
		}
		added = g_new0(NpVmRange, 1);
		added->count = count;
		added->event = event->index;
		g_hash_table_insert(names->vm_ranges, g_strdup(name), added);
	}
	names->vms_total += MAX(count, 1);
	return TRUE;
}

/* a host of `hosts:` or of an add_host: its values, a unique name, and
 * the scenario's node limit */
static gboolean
np_register_host(const NpValidator *v, const NpHost *host, const gchar *what)
{
	NpNames *names = v->names;
	const NpHostEntry *first = g_hash_table_lookup(names->hosts, host->name);
	g_autofree gchar *message = NULL;
	NpHostEntry *entry;
	NpPos at = NP_POS_NONE;

	if (!np_host_check(host, &message, &at))
		return np_fail(v, at, what, "%s", message);
	if (first != NULL) {
		g_autofree gchar *shown = np_show_text(host->name);
		return np_fail(v,
		               host->name_pos,
		               what,
		               "duplicate host name '%s' (first defined at %u:%u)",
		               shown,
		               first->pos.line,
		               first->pos.column);
	}
	if (host->nodes->len > NP_SCENARIO_MAX_NODES - names->nodes_total)
		return np_fail(v,
		               host->name_pos,
		               what,
		               "the NUMA nodes of the scenario exceed the limit of %d",
		               NP_SCENARIO_MAX_NODES);
	names->nodes_total += host->nodes->len;
	entry = g_new0(NpHostEntry, 1);
	entry->pos = host->pos;
	entry->removed_by = -1;
	g_hash_table_insert(names->hosts, g_strdup(host->name), entry);
	g_ptr_array_add(names->host_order, g_strdup(host->name));
	return TRUE;
}

static gboolean
np_validate_event(NpValidator *v, const NpEvent *event)
{
	const gchar *what = NULL; /* np_fail() names the event */
	v->event = event;
	g_autofree gchar *message = NULL;
	const NpFlavor *flavor = NULL;
	NpPos at = NP_POS_NONE;

	switch (event->type) {
	case NP_EVENT_BOOT:
		if (!np_check_flavor(v, event, what) || !np_check_image(v, event, what)
		    || (event->host != NULL && !np_check_host(v, event, what)))
			return FALSE;
		flavor = np_scenario_lookup_flavor(v->scenario, event->flavor);
		if (!np_event_check_values(event, flavor, &message, &at))
			return np_fail(v, at, what, "%s", message);
		return np_register_vm(v, event, what);
	case NP_EVENT_DELETE:
	case NP_EVENT_STOP:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
		return np_check_vm(v, event, what);
	case NP_EVENT_RESIZE:
		return np_check_vm(v, event, what) && np_check_flavor(v, event, what);
	case NP_EVENT_MIGRATE:
		return np_check_vm(v, event, what)
		       && (event->host == NULL || np_check_host(v, event, what));
	case NP_EVENT_DEMAND:
		if (!np_check_vm(v, event, what))
			return FALSE;
		if (!np_event_check_values(event, NULL, &message, &at))
			return np_fail(v, at, what, "%s", message);
		return TRUE;
	case NP_EVENT_SET_SPANNING:
	case NP_EVENT_FAIL_HOST:
	case NP_EVENT_RECOVER_HOST:
		if (event->host == NULL)
			return np_fail(v, event->pos, what, "host: expected a host name");
		return np_check_host(v, event, what);
	case NP_EVENT_REMOVE_HOST: {
		NpHostEntry *entry;
		if (event->host == NULL)
			return np_fail(v, event->pos, what, "host: expected a host name");
		if (!np_check_host(v, event, what))
			return FALSE;
		entry = g_hash_table_lookup(v->names->hosts, event->host);
		if (entry->removed_by < 0)
			entry->removed_by = event->index;
		return TRUE;
	}
	case NP_EVENT_ADD_HOST:
		if (!np_event_check_values(event, NULL, &message, &at))
			return np_fail(v, at, what, "%s", message);
		for (guint i = 0; i < event->new_hosts->len; i++) {
			if (!np_register_host(v, g_ptr_array_index(event->new_hosts, i), what))
				return FALSE;
		}
		return TRUE;
	case NP_EVENT_CAPACITY:
		return np_check_flavor(v, event, what) && np_check_image(v, event, what);
	case NP_EVENT_LAST:
	default:
		return np_fail(v, event->pos, what, "unknown event type");
	}
}

gboolean
np_scenario_validate_names(const NpScenario *scenario, NpNames **names_out, GError **error)
{
	g_autoptr(NpNames) names = np_names_new();
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	NpValidator v = {scenario, names, error};
	const NpSettings *s = &scenario->settings;

	if (!(s->host_defaults.cpu_allocation_ratio > 0)
	    || !(s->host_defaults.ram_allocation_ratio > 0) || !(s->dynamic_memory_ratio > 0))
		return np_fail(&v, NP_POS_NONE, "settings", "ratios must be greater than 0");
	if (s->max_attempts < 1)
		return np_fail(&v, NP_POS_NONE, "settings", "max_attempts: must be at least 1");
	if (s->weigher >= NP_WEIGHER_LAST || s->backing >= NP_BACKING_LAST
	    || s->image_conflict >= NP_IMAGE_CONFLICT_LAST)
		return np_fail(&v, NP_POS_NONE, "settings", "an enum setting is out of range");
	for (guint i = 0; i < scenario->hosts->len; i++) {
		g_autofree gchar *what = g_strdup_printf("hosts[%u]", i);
		if (!np_register_host(&v, g_ptr_array_index(scenario->hosts, i), what))
			return FALSE;
	}
	for (guint i = 0; i < scenario->flavors->len; i++) {
		const NpFlavor *flavor = g_ptr_array_index(scenario->flavors, i);
		g_autofree gchar *message = NULL;
		g_autofree gchar *what = g_strdup_printf("flavors[%u]", i);
		NpPos at = NP_POS_NONE;
		if (!np_flavor_check(flavor, &message, &at))
			return np_fail(&v, at, what, "%s", message);
		if (g_hash_table_contains(seen, flavor->name))
			return np_fail(&v,
			               flavor->pos,
			               what,
			               "duplicate flavor name '%s'",
			               flavor->name);
		g_hash_table_add(seen, flavor->name);
	}
	g_hash_table_remove_all(seen);
	for (guint i = 0; i < scenario->images->len; i++) {
		const NpImage *image = g_ptr_array_index(scenario->images, i);
		g_autofree gchar *what = g_strdup_printf("images[%u]", i);
		if (image->name[0] == '\0')
			return np_fail(&v,
			               image->pos,
			               what,
			               "image name: a name must not be empty");
		if (g_hash_table_contains(seen, image->name))
			return np_fail(&v,
			               image->pos,
			               what,
			               "duplicate image name '%s'",
			               image->name);
		g_hash_table_add(seen, image->name);
	}
	for (guint i = 0; i < scenario->events->len; i++) {
		if (!np_validate_event(&v, g_ptr_array_index(scenario->events, i)))
			return FALSE;
	}
	v.event = NULL;
	((NpScenario *)scenario)->validated = TRUE;
	if (names_out != NULL)
		*names_out = g_steal_pointer(&names);
	return TRUE;
}

/**
 * np_scenario_validate:
 * @scenario: a scenario, loaded or built in code
 * @error: %NP_ERROR_INVALID naming what is wrong: `PATH:LINE:COLUMN:` for
 *   a scenario read from a file, else the object (`events[3] (boot)`)
 *
 * Checks every value and every reference, in event order: hosts (nodes,
 * ids, sizes, settings, unique names), flavors and images (unique names,
 * sizes), and each event's VM, host, flavor and image as they stand at
 * that event. A scenario that passes replays without errors.
 *
 * Returns: TRUE when the scenario is valid
 */
gboolean
np_scenario_validate(const NpScenario *scenario, GError **error)
{
	g_return_val_if_fail(scenario != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
	return np_scenario_validate_names(scenario, NULL, error);
}
