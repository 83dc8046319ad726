/* numaplan — plans (scenario.md §5): what `apply` would change on imported
 * Hyper-V hosts so that they match a scenario's end state
 *
 * np_plan_compute() replays a scenario and compares, per imported host and
 * VM, the end state with the `hyperv:` records the import wrote;
 * np_plan_to_json() writes the versioned document (`"numaplan_plan": 1`,
 * docs/plan-apply.md) and np_plan_parse() reads it back with positioned
 * errors. The same NpPlan drives apply (np-apply.c) and the PowerShell
 * script (np-plan-powershell.c).
 */
#pragma once

#include <glib.h>

#include "np-scenario-private.h"

G_BEGIN_DECLS

#define NP_PLAN_VERSION 1

/* the three settings objects a VM step writes; the enum order is the
 * order of writes when vNUMA is not being turned off */
typedef enum {
	NP_PLAN_MEMORY,    /* Msvm_MemorySettingData, ModifyResourceSettings */
	NP_PLAN_PROCESSOR, /* Msvm_ProcessorSettingData, ModifyResourceSettings */
	NP_PLAN_SYSTEM,    /* Msvm_VirtualSystemSettingData, ModifySystemSettings */
	NP_PLAN_N_PARTS
} NpPlanPart;

/**
 * NpPlanKey:
 * @part: the settings object holding the property
 * @name: the WMI property name
 * @cim_type: its CIM type, for the embedded instance apply sends
 */
typedef struct {
	NpPlanPart part;
	const gchar *name;
	const gchar *cim_type;
} NpPlanKey;

/* a property plan knows, or NULL */
const NpPlanKey *np_plan_key_lookup(NpPlanPart part, const gchar *name);
gboolean np_plan_key_is_boolean(const NpPlanKey *key);
/* "memory", "processor", "system" (the plan's member names) */
const gchar *np_plan_part_to_string(NpPlanPart part);
/* the WMI class of a part */
const gchar *np_plan_part_class(NpPlanPart part);

/* one target: booleans are 0 or 1 */
typedef struct {
	const NpPlanKey *key;
	gint64 recorded;
	gint64 target;
} NpPlanValue;

/**
 * NpPlanSettings:
 * @instance_id: (nullable): the InstanceID the import recorded (NULL in a
 *   create entry)
 * @values: (element-type NpPlanValue): every target of the part, in the
 *   order of np_plan_key_lookup()'s table
 */
typedef struct {
	gchar *instance_id;
	GArray *values;
} NpPlanSettings;

/**
 * NpPlanVm:
 * @vm: the VM's name in the scenario
 * @guid: its GUID at the host (precondition)
 * @name: its name at the host (precondition)
 * @parts: what to write, with recorded values
 * @line, @column: where the step starts in a parsed plan (0 when computed)
 */
typedef struct {
	gchar *vm;
	gchar *guid;
	gchar *name;
	NpPlanSettings parts[NP_PLAN_N_PARTS];
	guint line;
	guint column;
} NpPlanVm;

/* TRUE when some target differs from its recorded value */
gboolean np_plan_vm_has_change(const NpPlanVm *vm);
/* TRUE when the step turns vNUMA off: then the writes go system,
 * processor, memory (Hyper-V refuses dynamic memory with vNUMA on) */
gboolean np_plan_vm_turns_vnuma_off(const NpPlanVm *vm);
/* the @i-th part to write (0..2) in the step's order */
NpPlanPart np_plan_vm_part_at(const NpPlanVm *vm, guint i);

/* a node of the host's fingerprint */
typedef struct {
	gint64 id;
	gint64 logical_processors;
	gint64 memory_mb;
} NpPlanNode;

/**
 * NpPlanHost:
 * @host: the host's name in the scenario
 * @name: the name the host reports (its `hyperv:` name; precondition)
 * @nodes: (element-type NpPlanNode): the fingerprint, by id
 * @spanning: TRUE when NUMA spanning changes
 * @service_instance_id: the VMMS setting data's InstanceID (@spanning)
 * @spanning_recorded, @spanning_target: the values (@spanning)
 * @vms: (element-type NpPlanVm): the VM steps, in the scenario's order
 * @creates: (element-type NpPlanVm): VMs the scenario boots on the host
 *   that it does not have (guid, name and recorded values unset); never
 *   performed
 */
typedef struct {
	gchar *host;
	gchar *name;
	GArray *nodes;
	gboolean spanning;
	gchar *service_instance_id;
	gboolean spanning_recorded;
	gboolean spanning_target;
	GPtrArray *vms;
	GPtrArray *creates;
} NpPlanHost;

/**
 * NpPlan:
 * @scenario: the scenario's name
 * @hosts: (element-type NpPlanHost): hosts with something to do
 */
typedef struct {
	gchar *scenario;
	GPtrArray *hosts;
} NpPlan;

void np_plan_free(NpPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpPlan, np_plan_free)

/* nothing to change and nothing to create */
gboolean np_plan_is_empty(const NpPlan *plan);

/* Replays @scenario and compares (scenario.md §5). Errors (NP_ERROR, with
 * the file position): the replay refuses an event, an imported boot's
 * `hyperv:` map lacks a value, an edited VM is refused by rules.md §2. */
NpPlan *np_plan_compute(const NpScenario *scenario, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* the document, deterministic, ending with a newline */
gchar *np_plan_to_json(const NpPlan *plan) G_GNUC_WARN_UNUSED_RESULT;

/* Reads a plan document. Errors are NP_ERROR with `PATH:LINE:COLUMN: ` */
NpPlan *np_plan_parse(const gchar *text, gsize length, const gchar *path, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* the plan as a PowerShell script (np-plan-powershell.c) */
gchar *np_plan_to_powershell(const NpPlan *plan, const gchar *plan_path) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
