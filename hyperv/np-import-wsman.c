/* A live host's inventory as a scenario (scenario.md §3, §5): the host,
 * one flavor per distinct VM shape, one boot per VM with its `hyperv:`
 * record. The keys written are listed in docs/hyperv-import.md. */
#include "np-error.h"
#include "np-import.h"
#include "np-json.h"

static gboolean np_vm_fail(const NpHypervVm *vm, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(3, 4);

static gboolean
np_vm_fail(const NpHypervVm *vm, GError **error, const gchar *format, ...)
{
	g_autofree gchar *message = NULL;
	va_list args;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error(error,
	            NP_WSMAN_ERROR,
	            NP_WSMAN_ERROR_REPLY,
	            "VM '%s' (%s): %s",
	            vm->name,
	            vm->guid,
	            message);
	return FALSE;
}

/* a size the scenario can hold, else an error naming the property */
static gboolean
np_vm_quantity(const NpHypervVm *vm,
               const gchar *property,
               guint64 value,
               guint64 minimum,
               GError **error)
{
	if (value < minimum || value > (guint64)NP_SCENARIO_MAX_QUANTITY)
		return np_vm_fail(vm,
		                  error,
		                  "%s is %" G_GUINT64_FORMAT ", not %" G_GUINT64_FORMAT
		                  " to %" G_GINT64_FORMAT,
		                  property,
		                  value,
		                  minimum,
		                  NP_SCENARIO_MAX_QUANTITY);
	return TRUE;
}

static guint64
np_ceil_div(guint64 a, guint64 b)
{
	return a / b + (a % b != 0);
}

/* the flavor's memory: the maximum with dynamic memory (scenario.md §5) */
static guint64
np_vm_flavor_memory(const NpHypervVm *vm)
{
	if (vm->dynamic_memory_enabled && vm->limit_mib > 0)
		return vm->limit_mib;
	return vm->memory_mib;
}

static gboolean
np_vm_check(const NpHypervVm *vm, GError **error)
{
	if (!np_vm_quantity(vm, "the processor's VirtualQuantity", vm->vcpus, 1, error)
	    || !np_vm_quantity(vm, "the memory's VirtualQuantity", vm->memory_mib, 1, error)
	    || !np_vm_quantity(vm, "Limit", vm->limit_mib, 0, error)
	    || !np_vm_quantity(vm, "Reservation", vm->reservation_mib, 0, error))
		return FALSE;
	if (vm->vnuma_enabled
	    && (!np_vm_quantity(vm,
	                        "MaxProcessorsPerNumaNode",
	                        vm->max_processors_per_numa_node,
	                        1,
	                        error)
	        || !np_vm_quantity(vm,
	                           "MaxMemoryBlocksPerNumaNode",
	                           vm->max_memory_blocks_per_numa_node_mib,
	                           1,
	                           error)))
		return FALSE;
	if (!vm->dynamic_memory_enabled)
		return TRUE;
	if (vm->target_memory_buffer_percent != 0
	    && (vm->target_memory_buffer_percent < 5 || vm->target_memory_buffer_percent > 2000))
		return np_vm_fail(vm,
		                  error,
		                  "TargetMemoryBuffer %" G_GUINT64_FORMAT " is not 5 to 2000",
		                  vm->target_memory_buffer_percent);
	if ((vm->reservation_mib > 0 && vm->reservation_mib > vm->memory_mib)
	    || (vm->limit_mib > 0 && vm->memory_mib > vm->limit_mib))
		return np_vm_fail(vm,
		                  error,
		                  "dynamic memory needs Reservation <= VirtualQuantity <= Limit; "
		                  "got %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
		                  ", %" G_GUINT64_FORMAT,
		                  vm->reservation_mib,
		                  vm->memory_mib,
		                  vm->limit_mib);
	return TRUE;
}

/* the `hyperv:` record of a VM: identity, then each setting data with
 * its InstanceID and the values `plan` compares, under their WMI names */
static gchar *
np_vm_record(const NpHypervVm *vm)
{
	g_autoptr(cJSON) record = cJSON_CreateObject();
	const gchar *state = np_hyperv_enabled_state_to_string(vm->enabled_state);
	cJSON *system, *processor, *memory;

	np_json_add_string_or_null(record, "id", vm->guid);
	np_json_add_string_or_null(record, "name", vm->name);
	cJSON_AddStringToObject(record, "state", state != NULL ? state : "other");
	np_json_add_int(record, "EnabledState", vm->enabled_state);
	/* memory the running VM holds now: left out of reserved_mb where
	 * its node is known (docs/hyperv-import.md) */
	np_json_add_int(record, "assigned_mb", (gint64)vm->assigned_mib);
	np_json_add_int(record, "placed_mb", (gint64)vm->placed_mib);
	system = cJSON_AddObjectToObject(record, "system");
	np_json_add_string_or_null(system, "InstanceID", vm->vssd_instance_id);
	cJSON_AddBoolToObject(system, "VirtualNumaEnabled", vm->vnuma_enabled);
	np_json_add_string_or_null(system, "VirtualSystemSubType", vm->subtype);
	np_json_add_string_or_null(system, "Version", vm->version);
	processor = cJSON_AddObjectToObject(record, "processor");
	np_json_add_string_or_null(processor, "InstanceID", vm->processor_instance_id);
	np_json_add_int(processor, "VirtualQuantity", (gint64)vm->vcpus);
	np_json_add_int(processor,
	                "MaxProcessorsPerNumaNode",
	                (gint64)vm->max_processors_per_numa_node);
	np_json_add_int(processor, "MaxNumaNodesPerSocket", (gint64)vm->max_numa_nodes_per_socket);
	memory = cJSON_AddObjectToObject(record, "memory");
	np_json_add_string_or_null(memory, "InstanceID", vm->memory_instance_id);
	np_json_add_int(memory, "VirtualQuantity", (gint64)vm->memory_mib);
	cJSON_AddBoolToObject(memory, "DynamicMemoryEnabled", vm->dynamic_memory_enabled);
	np_json_add_int(memory, "Reservation", (gint64)vm->reservation_mib);
	np_json_add_int(memory, "Limit", (gint64)vm->limit_mib);
	np_json_add_int(memory, "TargetMemoryBuffer", (gint64)vm->target_memory_buffer_percent);
	np_json_add_int(memory,
	                "MaxMemoryBlocksPerNumaNode",
	                (gint64)vm->max_memory_blocks_per_numa_node_mib);
	return np_json_print_line(record);
}

static gchar *
np_host_record(const NpHypervInventory *inventory, const GPtrArray *kept)
{
	g_autoptr(cJSON) record = cJSON_CreateObject();
	cJSON *service, *nodes;

	np_json_add_string_or_null(record, "name", inventory->host_name);
	service = cJSON_AddObjectToObject(record, "service_settings");
	np_json_add_string_or_null(service, "InstanceID", inventory->service_settings_instance_id);
	cJSON_AddBoolToObject(service, "NumaSpanningEnabled", inventory->numa_spanning_enabled);
	nodes = cJSON_AddArrayToObject(record, "nodes");
	for (guint i = 0; i < kept->len; i++) {
		const NpHypervNode *node = g_ptr_array_index(kept, i);
		cJSON *item = cJSON_CreateObject();
		np_json_add_int(item, "id", node->id);
		np_json_add_string_or_null(item, "NodeID", node->node_id);
		np_json_add_int(item, "NumberOfLogicalProcessors", node->lp_count);
		np_json_add_int(item, "NumberOfProcessorCores", node->core_count);
		np_json_add_int(item, "memory_mb", (gint64)node->total_mib);
		np_json_add_int(item,
		                "CurrentlyConsumableMemoryBlocks",
		                (gint64)node->available_mib);
		np_json_add_int(item, "vm_memory_mb", (gint64)node->vm_mib);
		cJSON_AddItemToArray(nodes, item);
	}
	return np_json_print_line(record);
}

/* the host and the nodes a scenario can hold: os-win leaves out a node
 * without memory or processors, and so does Nova's driver */
static NpHost *
np_inventory_host(const NpHypervInventory *inventory,
                  const gchar *name,
                  GPtrArray *warnings,
                  GError **error)
{
	g_autoptr(NpHost) host = np_host_new(name);
	g_autoptr(GPtrArray) kept = g_ptr_array_new();

	for (guint i = 0; i < inventory->nodes->len; i++) {
		const NpHypervNode *node = g_ptr_array_index(inventory->nodes, i);
		guint64 reserved, free_mib;
		if (node->total_mib == 0 || node->lp_count == 0) {
			g_ptr_array_add(
			    warnings,
			    g_strdup_printf("node %u has no %s: left out, as Nova's "
			                    "Hyper-V driver does",
			                    node->id,
			                    node->total_mib == 0 ? "memory" : "logical processor"));
			continue;
		}
		if (node->total_mib > (guint64)NP_SCENARIO_MAX_QUANTITY) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "node %u: %" G_GUINT64_FORMAT
			            " MiB is more than a scenario holds",
			            node->id,
			            node->total_mib);
			return NULL;
		}
		/* running VMs' memory is taken from available, and their boots
		 * back it again in the replay: leave it out of reserved */
		free_mib = node->available_mib + MIN(node->vm_mib, node->total_mib);
		reserved = node->total_mib - MIN(free_mib, node->total_mib);
		if (free_mib > node->total_mib)
			g_ptr_array_add(
			    warnings,
			    g_strdup_printf("node %u reports %" G_GUINT64_FORMAT
			                    " MiB available and %" G_GUINT64_FORMAT
			                    " MiB held by running VMs of %" G_GUINT64_FORMAT
			                    ": reserved_mb 0",
			                    node->id,
			                    node->available_mib,
			                    node->vm_mib,
			                    node->total_mib));
		np_host_add_node(host,
		                 node->id,
		                 node->lp_count,
		                 (gint64)node->total_mib,
		                 (gint64)reserved);
		g_ptr_array_add(kept, (gpointer)node);
	}
	if (kept->len == 0) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s has no NUMA node with both memory and logical processors",
		            inventory->host_name);
		return NULL;
	}
	if (!np_host_set(host,
	                 "numa_spanning",
	                 inventory->numa_spanning_enabled ? "true" : "false",
	                 error))
		return NULL;
	host->hyperv_json = np_host_record(inventory, kept);
	return g_steal_pointer(&host);
}

/* scenario names: the VM's own, or "NAME (GUID)" for names Hyper-V gives
 * several VMs (it allows that; a scenario does not), the GUID for none */
static GPtrArray *
np_vm_names(const GPtrArray *vms, GError **error)
{
	g_autoptr(GHashTable) counts = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) taken = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < vms->len; i++) {
		const NpHypervVm *vm = g_ptr_array_index(vms, i);
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(counts, vm->name));
		g_hash_table_insert(counts, vm->name, GUINT_TO_POINTER(n + 1));
	}
	for (guint i = 0; i < vms->len; i++) {
		const NpHypervVm *vm = g_ptr_array_index(vms, i);
		gchar *name;
		if (vm->name[0] == '\0')
			name = g_strdup(vm->guid);
		else if (GPOINTER_TO_UINT(g_hash_table_lookup(counts, vm->name)) > 1)
			name = g_strdup_printf("%s (%s)", vm->name, vm->guid);
		else
			name = g_strdup(vm->name);
		if (!g_hash_table_add(taken, name)) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "two VMs would both be named '%s'",
			            name);
			g_free(name);
			return NULL;
		}
		g_ptr_array_add(names, name);
	}
	return g_steal_pointer(&names);
}

NpScenario *
np_import_from_inventory(const NpHypervInventory *inventory,
                         const gchar *name,
                         GPtrArray *warnings,
                         GError **error)
{
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(GPtrArray) names = NULL;
	NpHost *host;

	host = np_inventory_host(inventory,
	                         name != NULL ? name : inventory->host_name,
	                         warnings,
	                         error);
	if (host == NULL)
		return NULL;
	scenario = np_import_scenario_new(host);
	names = np_vm_names(inventory->vms, error);
	if (names == NULL)
		return NULL;
	for (guint i = 0; i < inventory->vms->len; i++) {
		const NpHypervVm *vm = g_ptr_array_index(inventory->vms, i);
		guint64 memory = np_vm_flavor_memory(vm);
		guint64 numa_nodes = 0;
		g_autofree gchar *flavor_name = NULL;
		NpEvent *boot;

		if (!np_vm_check(vm, error))
			return NULL;
		if (vm->assigned_mib > vm->placed_mib)
			g_ptr_array_add(warnings,
			                g_strdup_printf("VM '%s': %" G_GUINT64_FORMAT
			                                " MiB of its memory is on no single node "
			                                "(spanned): it stays in reserved_mb and is "
			                                "counted twice in a replay",
			                                vm->name != NULL ? vm->name : vm->guid,
			                                vm->assigned_mib - vm->placed_mib));
		/* vNUMA on: as many virtual nodes as the per-node caps make */
		if (vm->vnuma_enabled)
			numa_nodes =
			    MAX(np_ceil_div(vm->vcpus, vm->max_processors_per_numa_node),
			        np_ceil_div(memory, vm->max_memory_blocks_per_numa_node_mib));
		flavor_name =
		    np_import_flavor_name((gint64)vm->vcpus, (gint64)memory, (gint64)numa_nodes);
		if (np_scenario_lookup_flavor(scenario, flavor_name) == NULL) {
			NpFlavor *flavor =
			    np_flavor_new(flavor_name, (gint64)vm->vcpus, (gint64)memory);
			if (numa_nodes > 0) {
				g_autofree gchar *n =
				    g_strdup_printf("%" G_GUINT64_FORMAT, numa_nodes);
				np_flavor_set_extra_spec(flavor, "hw:numa_nodes", n);
			}
			np_scenario_add_flavor(scenario, flavor);
		}
		boot = np_event_new_boot(g_ptr_array_index(names, i), flavor_name);
		np_event_set_host(boot, host->name);
		if (vm->dynamic_memory_enabled)
			np_event_set_dynamic_memory(boot,
			                            (gint64)vm->memory_mib,
			                            (gint64)vm->reservation_mib,
			                            (gint64)vm->limit_mib,
			                            (gint64)vm->target_memory_buffer_percent);
		boot->hyperv_json = np_vm_record(vm);
		np_scenario_add_event(scenario, boot);
	}
	return g_steal_pointer(&scenario);
}
