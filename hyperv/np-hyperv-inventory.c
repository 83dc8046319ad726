/* Read a live Hyper-V host's NUMA inventory; see np-hyperv-inventory.h
 *
 * At most twelve WQL enumerations whatever the number of VMs: settings are fetched
 * per class and matched to VMs here, instead of one query per VM.
 */
#include "np-hyperv-inventory.h"

#include <stdarg.h>
#include <string.h>

#define NP_HYPERV_REALIZED "Microsoft:Hyper-V:System:Realized"
#define NP_MIB G_GUINT64_CONSTANT(1048576)

static void
np_hyperv_node_free(NpHypervNode *node)
{
	if (node == NULL)
		return;
	g_free(node->node_id);
	if (node->lp_load_percent != NULL)
		g_array_unref(node->lp_load_percent);
	g_free(node);
}

static void
np_hyperv_vm_free(NpHypervVm *vm)
{
	if (vm == NULL)
		return;
	g_free(vm->guid);
	g_free(vm->name);
	g_free(vm->vssd_instance_id);
	g_free(vm->subtype);
	g_free(vm->version);
	g_free(vm->processor_instance_id);
	g_free(vm->memory_instance_id);
	g_free(vm);
}

void
np_hyperv_inventory_free(NpHypervInventory *inventory)
{
	if (inventory == NULL)
		return;
	g_free(inventory->host_name);
	g_free(inventory->service_settings_instance_id);
	g_ptr_array_unref(inventory->nodes);
	g_ptr_array_unref(inventory->vms);
	g_ptr_array_unref(inventory->warnings);
	g_free(inventory);
}

const gchar *
np_hyperv_enabled_state_to_string(guint16 state)
{
	/* v2 values, then the legacy ones hosts still report */
	switch (state) {
	case 0:
		return "unknown";
	case 2:
		return "running";
	case 3:
		return "off";
	case 4:
		return "shutting-down";
	case 6:
		return "saved";
	case 9:
	case 32768:
		return "paused";
	case 10:
	case 32770:
		return "starting";
	case 32769:
		return "saved";
	case 32771:
		return "snapshotting";
	case 32773:
		return "saving";
	case 32774:
		return "stopping";
	case 32776:
		return "pausing";
	case 32777:
		return "resuming";
	default:
		return NULL;
	}
}

typedef struct {
	NpWsmanClient *client;
	NpHypervInventory *inventory;
} NpHypervCtx;

static gboolean np_hyperv_fail(const NpHypervCtx *ctx, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(3, 4);

/* an NP_WSMAN_ERROR_REPLY naming the host */
static gboolean
np_hyperv_fail(const NpHypervCtx *ctx, GError **error, const gchar *format, ...)
{
	g_autofree gchar *message = NULL;
	va_list args;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error(error,
	            NP_WSMAN_ERROR,
	            NP_WSMAN_ERROR_REPLY,
	            "%s: %s",
	            np_wsman_client_get_display_url(ctx->client),
	            message);
	return FALSE;
}

/* a typed reader's error, with the host in front */
static gboolean
np_hyperv_prefix(const NpHypervCtx *ctx, GError **error)
{
	g_prefix_error(error, "%s: ", np_wsman_client_get_display_url(ctx->client));
	return FALSE;
}

static void np_hyperv_warn(const NpHypervCtx *ctx, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

static void
np_hyperv_warn(const NpHypervCtx *ctx, const gchar *format, ...)
{
	va_list args;

	va_start(args, format);
	g_ptr_array_add(ctx->inventory->warnings, g_strdup_vprintf(format, args));
	va_end(args);
}

static GPtrArray *np_hyperv_query(const NpHypervCtx *ctx, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(3, 4);

static GPtrArray *
np_hyperv_query(const NpHypervCtx *ctx, GError **error, const gchar *format, ...)
{
	g_autofree gchar *wql = NULL;
	va_list args;

	va_start(args, format);
	wql = g_strdup_vprintf(format, args);
	va_end(args);
	return np_wsman_client_enumerate(ctx->client, NULL, wql, NP_WSMAN_ENUMERATE_DEFAULT, error);
}

/* the number after the last backslash: node numbers in NodeID, LP
 * indexes in a host processor's DeviceID */
static gboolean
np_hyperv_tail_number(const gchar *text, guint32 *out)
{
	const gchar *slash = strrchr(text, '\\');
	guint64 value = 0;

	if (slash == NULL)
		return FALSE;
	if (!g_ascii_string_to_unsigned(slash + 1, 10, 0, G_MAXUINT32, &value, NULL))
		return FALSE;
	*out = (guint32)value;
	return TRUE;
}

static gboolean
np_hyperv_read_uint32(const NpHypervCtx *ctx,
                      const NpWsmanInstance *instance,
                      const gchar *name,
                      gboolean required,
                      guint32 *out,
                      GError **error)
{
	guint64 value = 0;

	if (!np_wsman_instance_read_uint64(instance, name, required, &value, NULL, error))
		return np_hyperv_prefix(ctx, error);
	if (value > G_MAXUINT32)
		return np_hyperv_fail(ctx,
		                      error,
		                      "%s.%s: %" G_GUINT64_FORMAT " is out of range",
		                      instance->class_name,
		                      name,
		                      value);
	*out = (guint32)value;
	return TRUE;
}

static gboolean
np_hyperv_read_host(const NpHypervCtx *ctx, GError **error)
{
	g_autoptr(GPtrArray) hosts = NULL;
	g_autoptr(GPtrArray) settings = NULL;
	const gchar *text = NULL;
	const NpWsmanInstance *instance;

	hosts = np_hyperv_query(
	    ctx,
	    error,
	    "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Hosting Computer System'");
	if (hosts == NULL)
		return FALSE;
	if (hosts->len != 1)
		return np_hyperv_fail(ctx,
		                      error,
		                      "expected one Msvm_ComputerSystem with Caption 'Hosting "
		                      "Computer System', got %u",
		                      hosts->len);
	instance = g_ptr_array_index(hosts, 0);
	if (!np_wsman_instance_read_string(instance, "Name", TRUE, &text, error))
		return np_hyperv_prefix(ctx, error);
	if (text[0] == '\0')
		return np_hyperv_fail(ctx,
		                      error,
		                      "the host's Msvm_ComputerSystem has an empty Name");
	ctx->inventory->host_name = g_strdup(text);

	settings = np_hyperv_query(ctx,
	                           error,
	                           "SELECT * FROM Msvm_VirtualSystemManagementServiceSettingData");
	if (settings == NULL)
		return FALSE;
	if (settings->len != 1)
		return np_hyperv_fail(ctx,
		                      error,
		                      "expected one "
		                      "Msvm_VirtualSystemManagementServiceSettingData, got %u",
		                      settings->len);
	instance = g_ptr_array_index(settings, 0);
	if (!np_wsman_instance_read_boolean(instance,
	                                    "NumaSpanningEnabled",
	                                    TRUE,
	                                    &ctx->inventory->numa_spanning_enabled,
	                                    NULL,
	                                    error)
	    || !np_wsman_instance_read_string(instance, "InstanceID", TRUE, &text, error))
		return np_hyperv_prefix(ctx, error);
	ctx->inventory->service_settings_instance_id = g_strdup(text);
	return TRUE;
}

/* per node while joining: the DeviceIDs its HostedDependency rows name */
typedef struct {
	NpHypervNode *node; /* borrowed */
	GPtrArray *memory_ids;
	GPtrArray *processor_ids;
} NpHypervJoin;

static void
np_hyperv_join_free(NpHypervJoin *join)
{
	g_ptr_array_unref(join->memory_ids);
	g_ptr_array_unref(join->processor_ids);
	g_free(join);
}

static gint
np_hyperv_node_cmp(gconstpointer a, gconstpointer b)
{
	const NpHypervNode *x = *(NpHypervNode *const *)a;
	const NpHypervNode *y = *(NpHypervNode *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static gboolean
np_hyperv_read_node(const NpHypervCtx *ctx,
                    const NpWsmanInstance *instance,
                    NpHypervNode *node,
                    GError **error)
{
	const gchar *node_id = NULL;
	const gchar *system = NULL;

	if (!np_wsman_instance_read_string(instance, "NodeID", TRUE, &node_id, error)
	    || !np_wsman_instance_read_string(instance, "SystemName", FALSE, &system, error)
	    || !np_wsman_instance_read_uint64(instance,
	                                      "CurrentlyConsumableMemoryBlocks",
	                                      TRUE,
	                                      &node->available_mib,
	                                      NULL,
	                                      error))
		return np_hyperv_prefix(ctx, error);
	node->node_id = g_strdup(node_id);
	if (!np_hyperv_tail_number(node_id, &node->id))
		return np_hyperv_fail(ctx,
		                      error,
		                      "Msvm_NumaNode NodeID '%s' does not end in \\<number>",
		                      node_id);
	if (system != NULL && g_ascii_strcasecmp(system, ctx->inventory->host_name) != 0)
		return np_hyperv_fail(ctx,
		                      error,
		                      "Msvm_NumaNode %s belongs to '%s', not to '%s'",
		                      node_id,
		                      system,
		                      ctx->inventory->host_name);
	if (!np_hyperv_read_uint32(ctx,
	                           instance,
	                           "NumberOfLogicalProcessors",
	                           TRUE,
	                           &node->lp_count,
	                           error)
	    || !np_hyperv_read_uint32(ctx,
	                              instance,
	                              "NumberOfProcessorCores",
	                              FALSE,
	                              &node->core_count,
	                              error))
		return FALSE;
	return TRUE;
}

/* an Msvm_Memory's size in MiB: NumberOfBlocks × BlockSize */
static gboolean
np_hyperv_memory_mib(const NpHypervCtx *ctx,
                     const NpWsmanInstance *memory,
                     const gchar *id,
                     guint64 *mib,
                     GError **error)
{
	guint64 blocks = 0, block_size = NP_MIB;

	if (!np_wsman_instance_read_uint64(memory, "NumberOfBlocks", TRUE, &blocks, NULL, error)
	    || !np_wsman_instance_read_uint64(memory, "BlockSize", FALSE, &block_size, NULL, error))
		return np_hyperv_prefix(ctx, error);
	/* always 1 MiB on Hyper-V; anything else is converted, exactly */
	if (block_size == 0 || (block_size % NP_MIB != 0 && NP_MIB % block_size != 0))
		return np_hyperv_fail(ctx,
		                      error,
		                      "Msvm_Memory '%s': BlockSize %" G_GUINT64_FORMAT
		                      " is not a divisor or multiple of 1 MiB",
		                      id,
		                      block_size);
	if (block_size >= NP_MIB) {
		if (blocks > G_MAXUINT64 / (block_size / NP_MIB))
			return np_hyperv_fail(ctx, error, "Msvm_Memory '%s': size overflows", id);
		*mib = blocks * (block_size / NP_MIB);
	} else {
		*mib = blocks / (NP_MIB / block_size);
	}
	return TRUE;
}

/* node memory: the sum over the node's host Msvm_Memory objects (one in
 * practice), in MiB */
static gboolean
np_hyperv_node_memory(const NpHypervCtx *ctx,
                      NpHypervJoin *join,
                      GHashTable *memories,
                      GError **error)
{
	NpHypervNode *node = join->node;

	if (join->memory_ids->len == 0) {
		np_hyperv_warn(ctx, "NUMA node %u has no Msvm_Memory: its total is 0", node->id);
		return TRUE;
	}
	for (guint i = 0; i < join->memory_ids->len; i++) {
		const gchar *id = g_ptr_array_index(join->memory_ids, i);
		g_autofree gchar *key = g_utf8_strdown(id, -1);
		const NpWsmanInstance *memory = g_hash_table_lookup(memories, key);
		guint64 mib = 0;

		if (memory == NULL)
			return np_hyperv_fail(ctx,
			                      error,
			                      "NUMA node %u: Msvm_HostedDependency names "
			                      "Msvm_Memory '%s', which the host does not list",
			                      node->id,
			                      id);
		if (!np_hyperv_memory_mib(ctx, memory, id, &mib, error))
			return FALSE;
		node->total_mib += mib;
	}
	return TRUE;
}

static gboolean
np_hyperv_node_processors(const NpHypervCtx *ctx,
                          NpHypervJoin *join,
                          GHashTable *processors,
                          GError **error)
{
	NpHypervNode *node = join->node;

	node->lp_load_percent = g_array_new(FALSE, TRUE, sizeof(guint16));
	for (guint i = 0; i < join->processor_ids->len; i++) {
		const gchar *id = g_ptr_array_index(join->processor_ids, i);
		g_autofree gchar *key = g_utf8_strdown(id, -1);
		const NpWsmanInstance *processor = g_hash_table_lookup(processors, key);
		guint64 load = 0;
		guint32 index = 0;

		if (processor == NULL)
			return np_hyperv_fail(ctx,
			                      error,
			                      "NUMA node %u: Msvm_HostedDependency names "
			                      "Msvm_Processor '%s', which the host does not list",
			                      node->id,
			                      id);
		if (!np_wsman_instance_read_uint64(processor,
		                                   "LoadPercentage",
		                                   FALSE,
		                                   &load,
		                                   NULL,
		                                   error))
			return np_hyperv_prefix(ctx, error);
		/* DeviceID ends in the LP's index within its node */
		if (!np_hyperv_tail_number(id, &index) || index >= 4096)
			return np_hyperv_fail(ctx,
			                      error,
			                      "Msvm_Processor DeviceID '%s' does not end in an LP "
			                      "index",
			                      id);
		if (index >= node->lp_load_percent->len)
			g_array_set_size(node->lp_load_percent, index + 1);
		g_array_index(node->lp_load_percent, guint16, index) = (guint16)MIN(load, 100);
	}
	if (join->processor_ids->len != node->lp_count)
		np_hyperv_warn(ctx,
		               "NUMA node %u: %u logical processors, but %u Msvm_Processor "
		               "linked to it",
		               node->id,
		               node->lp_count,
		               join->processor_ids->len);
	return TRUE;
}

/* DeviceID (lowercased) → instance, for the host's objects of a class */
static GHashTable *
np_hyperv_index_devices(const NpHypervCtx *ctx, GPtrArray *instances, GError **error)
{
	g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < instances->len; i++) {
		const NpWsmanInstance *instance = g_ptr_array_index(instances, i);
		const gchar *id = NULL;
		if (!np_wsman_instance_read_string(instance, "DeviceID", TRUE, &id, error)) {
			np_hyperv_prefix(ctx, error);
			return NULL;
		}
		g_hash_table_insert(index, g_utf8_strdown(id, -1), (gpointer)instance);
	}
	return g_steal_pointer(&index);
}

static gboolean
np_hyperv_read_nodes(const NpHypervCtx *ctx, GError **error)
{
	g_autoptr(GPtrArray) nodes = NULL;
	g_autoptr(GPtrArray) dependencies = NULL;
	g_autoptr(GPtrArray) memories = NULL;
	g_autoptr(GPtrArray) processors = NULL;
	g_autoptr(GHashTable) memory_index = NULL;
	g_autoptr(GHashTable) processor_index = NULL;
	g_autoptr(GHashTable) joins = NULL; /* lowercased NodeID → NpHypervJoin */
	g_autofree gchar *host = NULL;
	NpHypervInventory *inventory = ctx->inventory;

	nodes = np_hyperv_query(ctx, error, "SELECT * FROM Msvm_NumaNode");
	if (nodes == NULL)
		return FALSE;
	if (nodes->len == 0)
		return np_hyperv_fail(ctx, error, "the host lists no Msvm_NumaNode");
	joins = g_hash_table_new_full(g_str_hash,
	                              g_str_equal,
	                              g_free,
	                              (GDestroyNotify)np_hyperv_join_free);
	for (guint i = 0; i < nodes->len; i++) {
		NpHypervNode *node = g_new0(NpHypervNode, 1);
		NpHypervJoin *join;

		g_ptr_array_add(inventory->nodes, node);
		if (!np_hyperv_read_node(ctx, g_ptr_array_index(nodes, i), node, error))
			return FALSE;
		join = g_new0(NpHypervJoin, 1);
		join->node = node;
		join->memory_ids = g_ptr_array_new_with_free_func(g_free);
		join->processor_ids = g_ptr_array_new_with_free_func(g_free);
		if (!g_hash_table_insert(joins, g_utf8_strdown(node->node_id, -1), join))
			return np_hyperv_fail(ctx,
			                      error,
			                      "two Msvm_NumaNode with NodeID '%s'",
			                      node->node_id);
	}
	g_ptr_array_sort(inventory->nodes, np_hyperv_node_cmp);
	for (guint i = 1; i < inventory->nodes->len; i++) {
		const NpHypervNode *a = g_ptr_array_index(inventory->nodes, i - 1);
		const NpHypervNode *b = g_ptr_array_index(inventory->nodes, i);
		if (a->id == b->id)
			return np_hyperv_fail(ctx,
			                      error,
			                      "two NUMA nodes numbered %u ('%s', '%s')",
			                      a->id,
			                      a->node_id,
			                      b->node_id);
	}

	/* node → memory / processors, as os-win joins them: rows of the
	 * association class, never ASSOCIATORS OF (crashes vmms) */
	dependencies = np_hyperv_query(ctx, error, "SELECT * FROM Msvm_HostedDependency");
	if (dependencies == NULL)
		return FALSE;
	for (guint i = 0; i < dependencies->len; i++) {
		const NpWsmanInstance *row = g_ptr_array_index(dependencies, i);
		const NpWsmanEpr *antecedent = np_wsman_instance_get_epr(row, "Antecedent");
		const NpWsmanEpr *dependent = np_wsman_instance_get_epr(row, "Dependent");
		const gchar *node_id, *device_id, *dependent_class;
		g_autofree gchar *key = NULL;
		NpHypervJoin *join;

		if (antecedent == NULL || dependent == NULL)
			return np_hyperv_fail(ctx,
			                      error,
			                      "Msvm_HostedDependency without Antecedent and "
			                      "Dependent references");
		if (g_strcmp0(np_wsman_epr_get_class(antecedent), "Msvm_NumaNode") != 0)
			continue; /* host → VM rows share the class */
		node_id = np_wsman_epr_get_selector(antecedent, "NodeID");
		dependent_class = np_wsman_epr_get_class(dependent);
		device_id = np_wsman_epr_get_selector(dependent, "DeviceID");
		if (node_id == NULL)
			return np_hyperv_fail(ctx,
			                      error,
			                      "Msvm_HostedDependency: a Msvm_NumaNode reference "
			                      "without NodeID");
		key = g_utf8_strdown(node_id, -1);
		join = g_hash_table_lookup(joins, key);
		if (join == NULL) {
			np_hyperv_warn(ctx,
			               "Msvm_HostedDependency names unknown NUMA node '%s'",
			               node_id);
			continue;
		}
		if (g_strcmp0(dependent_class, "Msvm_Memory") != 0
		    && g_strcmp0(dependent_class, "Msvm_Processor") != 0)
			continue;
		if (device_id == NULL)
			return np_hyperv_fail(ctx,
			                      error,
			                      "Msvm_HostedDependency: a %s reference without "
			                      "DeviceID",
			                      dependent_class);
		g_ptr_array_add(g_strcmp0(dependent_class, "Msvm_Memory") == 0
		                    ? join->memory_ids
		                    : join->processor_ids,
		                g_strdup(device_id));
	}

	host = np_wsman_wql_escape(inventory->host_name);
	memories =
	    np_hyperv_query(ctx, error, "SELECT * FROM Msvm_Memory WHERE SystemName = '%s'", host);
	if (memories == NULL)
		return FALSE;
	processors = np_hyperv_query(ctx,
	                             error,
	                             "SELECT * FROM Msvm_Processor WHERE SystemName = '%s'",
	                             host);
	if (processors == NULL)
		return FALSE;
	memory_index = np_hyperv_index_devices(ctx, memories, error);
	if (memory_index == NULL)
		return FALSE;
	processor_index = np_hyperv_index_devices(ctx, processors, error);
	if (processor_index == NULL)
		return FALSE;
	for (guint i = 0; i < inventory->nodes->len; i++) {
		NpHypervNode *node = g_ptr_array_index(inventory->nodes, i);
		g_autofree gchar *key = g_utf8_strdown(node->node_id, -1);
		NpHypervJoin *join = g_hash_table_lookup(joins, key);

		if (!np_hyperv_node_memory(ctx, join, memory_index, error)
		    || !np_hyperv_node_processors(ctx, join, processor_index, error))
			return FALSE;
		if (node->available_mib > node->total_mib && node->total_mib != 0)
			np_hyperv_warn(ctx,
			               "NUMA node %u: %" G_GUINT64_FORMAT
			               " MiB available of %" G_GUINT64_FORMAT " MiB",
			               node->id,
			               node->available_mib,
			               node->total_mib);
	}
	return TRUE;
}

/* the one instance of @instances whose InstanceID starts with
 * "Microsoft:<guid>\" (a VM's realized RASDs; snapshots carry their own
 * GUID, definitions "Microsoft:Definition\") */
static const NpWsmanInstance *
np_hyperv_find_rasd(const NpHypervCtx *ctx,
                    GPtrArray *instances,
                    const gchar *class_name,
                    const NpHypervVm *vm,
                    GError **error)
{
	g_autofree gchar *prefix = g_strdup_printf("microsoft:%s\\", vm->guid);
	g_autofree gchar *prefix_down = g_utf8_strdown(prefix, -1);
	const NpWsmanInstance *found = NULL;
	gsize length = strlen(prefix_down);

	for (guint i = 0; i < instances->len; i++) {
		const NpWsmanInstance *instance = g_ptr_array_index(instances, i);
		const gchar *id = np_wsman_instance_get_text(instance, "InstanceID");
		g_autofree gchar *id_down = NULL;

		if (id == NULL)
			continue;
		id_down = g_utf8_strdown(id, -1);
		if (strncmp(id_down, prefix_down, length) != 0)
			continue;
		if (found != NULL) {
			np_hyperv_fail(ctx,
			               error,
			               "VM '%s' (%s) has two realized %s",
			               vm->name,
			               vm->guid,
			               class_name);
			return NULL;
		}
		found = instance;
	}
	if (found == NULL)
		np_hyperv_fail(ctx,
		               error,
		               "VM '%s' (%s) has no %s",
		               vm->name,
		               vm->guid,
		               class_name);
	return found;
}

static const NpWsmanInstance *
np_hyperv_find_vssd(const NpHypervCtx *ctx, GPtrArray *vssds, const NpHypervVm *vm, GError **error)
{
	g_autofree gchar *instance_id = g_strconcat("Microsoft:", vm->guid, NULL);
	const NpWsmanInstance *found = NULL;

	for (guint i = 0; i < vssds->len; i++) {
		const NpWsmanInstance *vssd = g_ptr_array_index(vssds, i);
		const gchar *id = np_wsman_instance_get_text(vssd, "VirtualSystemIdentifier");
		const gchar *iid = np_wsman_instance_get_text(vssd, "InstanceID");

		/* VirtualSystemIdentifier is the VM's GUID; InstanceID
		 * "Microsoft:<GUID>" says the same where it is missing */
		if (id != NULL ? g_ascii_strcasecmp(id, vm->guid) != 0
		               : (iid == NULL || g_ascii_strcasecmp(iid, instance_id) != 0))
			continue;
		if (found != NULL) {
			np_hyperv_fail(
			    ctx,
			    error,
			    "VM '%s' (%s) has two realized Msvm_VirtualSystemSettingData",
			    vm->name,
			    vm->guid);
			return NULL;
		}
		found = vssd;
	}
	if (found == NULL)
		np_hyperv_fail(ctx,
		               error,
		               "VM '%s' (%s) has no realized Msvm_VirtualSystemSettingData",
		               vm->name,
		               vm->guid);
	return found;
}

static gboolean
np_hyperv_read_vm(const NpHypervCtx *ctx,
                  const NpWsmanInstance *system,
                  GPtrArray *vssds,
                  GPtrArray *processors,
                  GPtrArray *memories,
                  NpHypervVm *vm,
                  GError **error)
{
	const NpWsmanInstance *vssd, *processor, *memory;
	const gchar *text = NULL;
	guint64 state = 0;

	if (!np_wsman_instance_read_string(system, "Name", TRUE, &text, error))
		return np_hyperv_prefix(ctx, error);
	vm->guid = g_strdup(text);
	if (!np_wsman_instance_read_string(system, "ElementName", TRUE, &text, error)
	    || !np_wsman_instance_read_uint64(system, "EnabledState", TRUE, &state, NULL, error))
		return np_hyperv_prefix(ctx, error);
	vm->name = g_strdup(text);
	if (state > G_MAXUINT16)
		return np_hyperv_fail(ctx,
		                      error,
		                      "VM '%s': EnabledState %" G_GUINT64_FORMAT " is out of range",
		                      vm->name,
		                      state);
	vm->enabled_state = (guint16)state;

	vssd = np_hyperv_find_vssd(ctx, vssds, vm, error);
	if (vssd == NULL)
		return FALSE;
	if (!np_wsman_instance_read_string(vssd, "InstanceID", TRUE, &text, error))
		return np_hyperv_prefix(ctx, error);
	vm->vssd_instance_id = g_strdup(text);
	if (!np_wsman_instance_read_boolean(vssd,
	                                    "VirtualNumaEnabled",
	                                    TRUE,
	                                    &vm->vnuma_enabled,
	                                    NULL,
	                                    error))
		return np_hyperv_prefix(ctx, error);
	vm->subtype = g_strdup(np_wsman_instance_get_text(vssd, "VirtualSystemSubType"));
	vm->version = g_strdup(np_wsman_instance_get_text(vssd, "Version"));

	processor = np_hyperv_find_rasd(ctx, processors, "Msvm_ProcessorSettingData", vm, error);
	if (processor == NULL)
		return FALSE;
	vm->processor_instance_id = g_strdup(np_wsman_instance_get_text(processor, "InstanceID"));
	if (!np_wsman_instance_read_uint64(processor,
	                                   "VirtualQuantity",
	                                   TRUE,
	                                   &vm->vcpus,
	                                   NULL,
	                                   error)
	    || !np_wsman_instance_read_uint64(processor,
	                                      "MaxProcessorsPerNumaNode",
	                                      TRUE,
	                                      &vm->max_processors_per_numa_node,
	                                      NULL,
	                                      error)
	    || !np_wsman_instance_read_uint64(processor,
	                                      "MaxNumaNodesPerSocket",
	                                      FALSE,
	                                      &vm->max_numa_nodes_per_socket,
	                                      NULL,
	                                      error))
		return np_hyperv_prefix(ctx, error);

	memory = np_hyperv_find_rasd(ctx, memories, "Msvm_MemorySettingData", vm, error);
	if (memory == NULL)
		return FALSE;
	vm->memory_instance_id = g_strdup(np_wsman_instance_get_text(memory, "InstanceID"));
	if (!np_wsman_instance_read_uint64(memory,
	                                   "VirtualQuantity",
	                                   TRUE,
	                                   &vm->memory_mib,
	                                   NULL,
	                                   error)
	    || !np_wsman_instance_read_boolean(memory,
	                                       "DynamicMemoryEnabled",
	                                       TRUE,
	                                       &vm->dynamic_memory_enabled,
	                                       NULL,
	                                       error)
	    || !np_wsman_instance_read_uint64(memory,
	                                      "Reservation",
	                                      FALSE,
	                                      &vm->reservation_mib,
	                                      NULL,
	                                      error)
	    || !np_wsman_instance_read_uint64(memory, "Limit", FALSE, &vm->limit_mib, NULL, error)
	    || !np_wsman_instance_read_uint64(memory,
	                                      "TargetMemoryBuffer",
	                                      FALSE,
	                                      &vm->target_memory_buffer_percent,
	                                      NULL,
	                                      error)
	    || !np_wsman_instance_read_uint64(memory,
	                                      "MaxMemoryBlocksPerNumaNode",
	                                      TRUE,
	                                      &vm->max_memory_blocks_per_numa_node_mib,
	                                      NULL,
	                                      error))
		return np_hyperv_prefix(ctx, error);
	return TRUE;
}

static gint
np_hyperv_vm_cmp(gconstpointer a, gconstpointer b)
{
	const NpHypervVm *x = *(NpHypervVm *const *)a;
	const NpHypervVm *y = *(NpHypervVm *const *)b;
	gint by_name = g_strcmp0(x->name, y->name);

	return by_name != 0 ? by_name : g_strcmp0(x->guid, y->guid);
}

static gboolean
np_hyperv_read_vms(const NpHypervCtx *ctx, GError **error)
{
	g_autoptr(GPtrArray) systems = NULL;
	g_autoptr(GPtrArray) vssds = NULL;
	g_autoptr(GPtrArray) processors = NULL;
	g_autoptr(GPtrArray) memories = NULL;
	g_autoptr(GHashTable) guids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	systems =
	    np_hyperv_query(ctx,
	                    error,
	                    "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine'");
	if (systems == NULL)
		return FALSE;
	if (systems->len == 0)
		return TRUE;
	vssds = np_hyperv_query(ctx,
	                        error,
	                        "SELECT * FROM Msvm_VirtualSystemSettingData WHERE "
	                        "VirtualSystemType = '" NP_HYPERV_REALIZED "'");
	if (vssds == NULL)
		return FALSE;
	processors = np_hyperv_query(ctx, error, "SELECT * FROM Msvm_ProcessorSettingData");
	if (processors == NULL)
		return FALSE;
	memories = np_hyperv_query(ctx, error, "SELECT * FROM Msvm_MemorySettingData");
	if (memories == NULL)
		return FALSE;
	for (guint i = 0; i < systems->len; i++) {
		NpHypervVm *vm = g_new0(NpHypervVm, 1);

		g_ptr_array_add(ctx->inventory->vms, vm);
		if (!np_hyperv_read_vm(ctx,
		                       g_ptr_array_index(systems, i),
		                       vssds,
		                       processors,
		                       memories,
		                       vm,
		                       error))
			return FALSE;
		if (!g_hash_table_add(guids, g_ascii_strdown(vm->guid, -1)))
			return np_hyperv_fail(ctx, error, "two VMs with GUID %s", vm->guid);
	}
	g_ptr_array_sort(ctx->inventory->vms, np_hyperv_vm_cmp);
	return TRUE;
}

static gchar *
np_hyperv_vm_device_key(const gchar *system, const gchar *device_id)
{
	g_autofree gchar *key = g_strdup_printf("%s\n%s", system, device_id);
	return g_utf8_strdown(key, -1);
}

/* a VM's whole memory: DeviceID "Microsoft:<GUID>\Aggregate" */
static gboolean
np_hyperv_is_aggregate(const gchar *device_id)
{
	const gchar *slash = strrchr(device_id, '\\');
	return slash != NULL && g_ascii_strcasecmp(slash + 1, "Aggregate") == 0;
}

/* A running VM's memory is both in its node's available memory (taken)
 * and in the boot the import writes for it: where each of its virtual
 * nodes is backed is read here (its per-vnode Msvm_Memory, linked to a
 * physical node by Msvm_ElementAllocatedFromNumaNode; no link = split
 * over nodes) so that the import can leave it out of reserved_mb. */
static gboolean
np_hyperv_read_vm_memory(const NpHypervCtx *ctx, GError **error)
{
	NpHypervInventory *inventory = ctx->inventory;
	g_autoptr(GPtrArray) memories = NULL;
	g_autoptr(GPtrArray) links = NULL;
	g_autoptr(GHashTable) vms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GHashTable) nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	/* "guid\ndeviceid" (lowercased) → the physical node backing it */
	g_autoptr(GHashTable) backing =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gboolean any_running = FALSE;

	for (guint i = 0; i < inventory->vms->len; i++) {
		NpHypervVm *vm = g_ptr_array_index(inventory->vms, i);
		g_hash_table_insert(vms, g_ascii_strdown(vm->guid, -1), vm);
		/* off and saved VMs hold no memory */
		if (vm->enabled_state != 3 && vm->enabled_state != 6 && vm->enabled_state != 32769)
			any_running = TRUE;
	}
	if (!any_running)
		return TRUE;
	for (guint i = 0; i < inventory->nodes->len; i++) {
		NpHypervNode *node = g_ptr_array_index(inventory->nodes, i);
		g_hash_table_insert(nodes, g_utf8_strdown(node->node_id, -1), node);
	}
	links = np_hyperv_query(ctx, error, "SELECT * FROM Msvm_ElementAllocatedFromNumaNode");
	if (links == NULL)
		return FALSE;
	for (guint i = 0; i < links->len; i++) {
		const NpWsmanInstance *row = g_ptr_array_index(links, i);
		const NpWsmanEpr *antecedent = np_wsman_instance_get_epr(row, "Antecedent");
		const NpWsmanEpr *dependent = np_wsman_instance_get_epr(row, "Dependent");
		const gchar *node_id, *device_id, *system;
		g_autofree gchar *node_key = NULL;
		NpHypervNode *node;

		if (antecedent == NULL || dependent == NULL)
			return np_hyperv_fail(ctx,
			                      error,
			                      "Msvm_ElementAllocatedFromNumaNode without "
			                      "Antecedent and Dependent references");
		if (g_strcmp0(np_wsman_epr_get_class(dependent), "Msvm_Memory") != 0)
			continue; /* processors and other resources */
		node_id = np_wsman_epr_get_selector(antecedent, "NodeID");
		device_id = np_wsman_epr_get_selector(dependent, "DeviceID");
		system = np_wsman_epr_get_selector(dependent, "SystemName");
		if (node_id == NULL || device_id == NULL || system == NULL)
			return np_hyperv_fail(ctx,
			                      error,
			                      "Msvm_ElementAllocatedFromNumaNode: a reference "
			                      "without NodeID, DeviceID or SystemName");
		node_key = g_utf8_strdown(node_id, -1);
		node = g_hash_table_lookup(nodes, node_key);
		if (node == NULL) {
			np_hyperv_warn(ctx,
			               "Msvm_ElementAllocatedFromNumaNode names unknown NUMA "
			               "node '%s'",
			               node_id);
			continue;
		}
		g_hash_table_insert(backing, np_hyperv_vm_device_key(system, device_id), node);
	}
	memories = np_hyperv_query(ctx, error, "SELECT * FROM Msvm_Memory");
	if (memories == NULL)
		return FALSE;
	for (guint i = 0; i < memories->len; i++) {
		const NpWsmanInstance *memory = g_ptr_array_index(memories, i);
		const gchar *system = NULL, *device_id = NULL;
		g_autofree gchar *vm_key = NULL;
		g_autofree gchar *link_key = NULL;
		NpHypervNode *node;
		NpHypervVm *vm;
		guint64 mib = 0;

		if (!np_wsman_instance_read_string(memory, "SystemName", TRUE, &system, error)
		    || !np_wsman_instance_read_string(memory, "DeviceID", TRUE, &device_id, error))
			return np_hyperv_prefix(ctx, error);
		vm_key = g_ascii_strdown(system, -1);
		vm = g_hash_table_lookup(vms, vm_key);
		if (vm == NULL)
			continue; /* the host's own memory */
		if (!np_hyperv_memory_mib(ctx, memory, device_id, &mib, error))
			return FALSE;
		if (np_hyperv_is_aggregate(device_id)) {
			vm->assigned_mib = mib;
			continue;
		}
		link_key = np_hyperv_vm_device_key(system, device_id);
		node = g_hash_table_lookup(backing, link_key);
		if (node == NULL)
			continue; /* split over nodes: stays unplaced */
		node->vm_mib += mib;
		vm->placed_mib += mib;
	}
	for (guint i = 0; i < inventory->vms->len; i++) {
		NpHypervVm *vm = g_ptr_array_index(inventory->vms, i);
		vm->assigned_mib = MAX(vm->assigned_mib, vm->placed_mib);
	}
	return TRUE;
}

/**
 * np_hyperv_inventory_read:
 * @client: a client for the host
 *
 * Returns: (transfer full): the inventory, or NULL
 */
NpHypervInventory *
np_hyperv_inventory_read(NpWsmanClient *client, GError **error)
{
	g_autoptr(NpHypervInventory) inventory = g_new0(NpHypervInventory, 1);
	NpHypervCtx ctx = {client, inventory};

	g_return_val_if_fail(client != NULL, NULL);
	inventory->nodes = g_ptr_array_new_with_free_func((GDestroyNotify)np_hyperv_node_free);
	inventory->vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_hyperv_vm_free);
	inventory->warnings = g_ptr_array_new_with_free_func(g_free);
	if (!np_hyperv_read_host(&ctx, error) || !np_hyperv_read_nodes(&ctx, error)
	    || !np_hyperv_read_vms(&ctx, error) || !np_hyperv_read_vm_memory(&ctx, error))
		return NULL;
	return g_steal_pointer(&inventory);
}
