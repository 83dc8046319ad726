/* numaplan — a live Hyper-V host's NUMA inventory, read over WS-Management
 *
 * Read-only: only Enumerate, Pull, Release and Get are sent. What is read
 * (all in root/virtualization/v2; see docs/hyperv-import.md):
 *  - the host: Msvm_ComputerSystem with Caption 'Hosting Computer System'
 *    (its Name) and Msvm_VirtualSystemManagementServiceSettingData
 *    (NumaSpanningEnabled);
 *  - its NUMA nodes: Msvm_NumaNode, joined to the node's host Msvm_Memory
 *    (total) and Msvm_Processor (one per logical processor) through
 *    Msvm_HostedDependency rows whose Antecedent is the node — never an
 *    ASSOCIATORS query (it crashes vmms on some hosts);
 *  - each VM (Msvm_ComputerSystem with Caption 'Virtual Machine') and its
 *    realized settings only (never a snapshot's): Msvm_VirtualSystemSettingData
 *    of type Microsoft:Hyper-V:System:Realized, and the
 *    Msvm_ProcessorSettingData / Msvm_MemorySettingData whose InstanceID
 *    starts with `Microsoft:<VM GUID>\`;
 *  - when a VM holds memory, every Msvm_Memory and
 *    Msvm_ElementAllocatedFromNumaNode row: which physical node backs each
 *    running VM's virtual nodes.
 *
 * The structures are plain data for a scenario writer (scenario.md §5):
 * a host's nodes give `nodes:` (memory_mb = total_mib, reserved_mb =
 * total_mib − available_mib − vm_mib, cpus = lp_count), a VM gives a boot with its
 * flavor, dynamic memory and `hyperv:` map; the InstanceIDs are what apply
 * will send back in Modify* calls.
 */
#pragma once

#include <glib.h>

#include "np-wsman.h"

G_BEGIN_DECLS

/**
 * NpHypervNode:
 * @id: the node number: NodeID's text after the last backslash
 * @node_id: NodeID as read (`Microsoft:PhysicalNode\0`)
 * @lp_count: NumberOfLogicalProcessors
 * @core_count: NumberOfProcessorCores
 * @total_mib: NumberOfBlocks × BlockSize of the node's host Msvm_Memory, in MiB
 * @available_mib: CurrentlyConsumableMemoryBlocks (MiB free for VMs now)
 * @vm_mib: MiB of running VMs' virtual nodes backed by this node
 *   (their Msvm_Memory linked to it by Msvm_ElementAllocatedFromNumaNode)
 * @lp_load_percent: (element-type guint16): LoadPercentage of each of the
 *   node's Msvm_Processor, by the index ending its DeviceID (0 when nil)
 */
typedef struct {
	guint32 id;
	gchar *node_id;
	guint32 lp_count;
	guint32 core_count;
	guint64 total_mib;
	guint64 available_mib;
	guint64 vm_mib;
	GArray *lp_load_percent;
} NpHypervNode;

/**
 * NpHypervVm:
 * @guid: Msvm_ComputerSystem.Name (the VM's GUID)
 * @name: ElementName (the display name)
 * @enabled_state: EnabledState (2 running, 3 off, 6 saved, 9 paused, …)
 * @vssd_instance_id: the realized Msvm_VirtualSystemSettingData's InstanceID
 * @vnuma_enabled: VirtualNumaEnabled
 * @subtype: (nullable): VirtualSystemSubType (generation)
 * @version: (nullable): configuration Version
 * @processor_instance_id: Msvm_ProcessorSettingData InstanceID
 * @vcpus: processor VirtualQuantity
 * @max_processors_per_numa_node: MaxProcessorsPerNumaNode
 * @max_numa_nodes_per_socket: MaxNumaNodesPerSocket (0 when nil)
 * @memory_instance_id: Msvm_MemorySettingData InstanceID
 * @memory_mib: memory VirtualQuantity (startup memory with dynamic memory)
 * @dynamic_memory_enabled: DynamicMemoryEnabled
 * @reservation_mib: Reservation (minimum with dynamic memory; 0 when nil)
 * @limit_mib: Limit (maximum with dynamic memory; 0 when nil)
 * @target_memory_buffer_percent: TargetMemoryBuffer (0 when nil)
 * @max_memory_blocks_per_numa_node_mib: MaxMemoryBlocksPerNumaNode (MiB)
 * @assigned_mib: memory the running VM holds now (its `Aggregate`
 *   Msvm_Memory); 0 when it holds none (off, saved)
 * @placed_mib: the part of @assigned_mib whose physical node is known
 */
typedef struct {
	gchar *guid;
	gchar *name;
	guint16 enabled_state;
	gchar *vssd_instance_id;
	gboolean vnuma_enabled;
	gchar *subtype;
	gchar *version;
	gchar *processor_instance_id;
	guint64 vcpus;
	guint64 max_processors_per_numa_node;
	guint64 max_numa_nodes_per_socket;
	gchar *memory_instance_id;
	guint64 memory_mib;
	gboolean dynamic_memory_enabled;
	guint64 reservation_mib;
	guint64 limit_mib;
	guint64 target_memory_buffer_percent;
	guint64 max_memory_blocks_per_numa_node_mib;
	guint64 assigned_mib;
	guint64 placed_mib;
} NpHypervVm;

/**
 * NpHypervInventory:
 * @host_name: the name the host reports (Msvm_ComputerSystem.Name)
 * @numa_spanning_enabled: NumaSpanningEnabled
 * @service_settings_instance_id: the VMMS setting data's InstanceID
 *   (what ModifyServiceSettings needs)
 * @nodes: (element-type NpHypervNode): by @id, ascending
 * @vms: (element-type NpHypervVm): by @name, then @guid
 * @warnings: (element-type utf8): oddities that did not stop the import
 *   (a node without memory, a processor count that disagrees)
 */
typedef struct {
	gchar *host_name;
	gboolean numa_spanning_enabled;
	gchar *service_settings_instance_id;
	GPtrArray *nodes;
	GPtrArray *vms;
	GPtrArray *warnings;
} NpHypervInventory;

void np_hyperv_inventory_free(NpHypervInventory *inventory);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpHypervInventory, np_hyperv_inventory_free)

/* Reads the host behind @client. Errors: NP_WSMAN_ERROR from the
 * transport, NP_WSMAN_ERROR_REPLY when the data is not what Hyper-V
 * serves (a missing node total, two realized settings for one VM, …). */
NpHypervInventory *np_hyperv_inventory_read(NpWsmanClient *client,
                                            GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* EnabledState as a word ("running", "off", "saved", "paused", …), NULL
 * for a value without one */
const gchar *np_hyperv_enabled_state_to_string(guint16 state);

G_END_DECLS
