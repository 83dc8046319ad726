/* numaplan — the placement engine: replaying a scenario
 *
 * rules.md §3–§7. Nova's view (claims, filters, weighers, NUMA fit) and
 * Hyper-V's view (physical free memory, backing, spanning, dynamic memory)
 * are tracked side by side. The engine does no I/O, reads no clock and
 * keeps no global state: the same scenario gives the same results.
 */
#pragma once

#include <glib.h>

#include "np-code.h"
#include "np-request.h"
#include "np-scenario.h"

G_BEGIN_DECLS

typedef enum {
	NP_STATUS_ACTIVE,
	NP_STATUS_REJECTED,
	NP_STATUS_FAILED_TO_START,
	NP_STATUS_STOPPED,
	NP_STATUS_DELETED,
	NP_STATUS_ERROR,
	NP_STATUS_OK,
	NP_STATUS_LAST
} NpStatus;

/* "active", "rejected", "failed-to-start", "stopped", "deleted", "error", "ok" */
const gchar *np_status_to_string(NpStatus status);

/**
 * NpPart:
 * @node: physical node id
 * @memory_mb: MiB backed there
 */
typedef struct {
	gint64 node;
	gint64 memory_mb;
} NpPart;

/**
 * NpUnit:
 * @vnode: the virtual node (0 for a plain VM's single unit)
 * @parts: (element-type NpPart): in the order taken; the first is home
 */
typedef struct {
	gint64 vnode;
	GArray *parts;
} NpUnit;

NpUnit *np_unit_new(gint64 vnode) G_GNUC_WARN_UNUSED_RESULT;
NpUnit *np_unit_copy(const NpUnit *unit) G_GNUC_WARN_UNUSED_RESULT;
void np_unit_free(NpUnit *unit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpUnit, np_unit_free)
gint64 np_unit_get_total_mb(const NpUnit *unit);
gint64 np_unit_get_home(const NpUnit *unit);
gint64 np_unit_get_remote_mb(const NpUnit *unit);

/* how many hosts each filter removed (each host counts once, at the first
 * filter that removed it) */
typedef struct {
	guint compute;
	guint ram;
	guint cpu;
	guint numa;
} NpFilterCounts;

/**
 * NpVmResult:
 *
 * One VM's part of an event result: a boot (one per VM of a `count:`),
 * any VM event, or one evacuated VM of a fail_host.
 */
typedef struct {
	gchar *vm;
	NpStatus status;
	NpCode code;
	gchar *message;
	gchar *host;
	gint attempts;
	gboolean has_vnuma; /* FALSE: refused before a configuration existed */
	gboolean vnuma_enabled;
	gint64 vnuma_nodes;
	gint64 cpus_per_node;
	gint64 memory_mb_per_node;
	GArray *cells;	    /* host cell ids (gint64), NULL for plain or unplaced VMs */
	GPtrArray *backing; /* NpUnit, empty when nothing is backed */
	gboolean spanned;
	gint64 remote_mb;
	GPtrArray *warnings; /* NpWarning */
	gboolean has_filtered;
	NpFilterCounts filtered;
	gboolean has_demand;
	gint64 memory_mb; /* demand: now backed */
	gint64 target_mb;
	gint64 shortfall_mb;
} NpVmResult;

void np_vm_result_free(NpVmResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpVmResult, np_vm_result_free)

typedef struct {
	gchar *host;
	gint64 count;
} NpHostCount;

/**
 * NpEventResult:
 * @vms: (element-type NpVmResult): VM events: one per VM (a `count:` boot
 *   has several); fail_host: the evacuated VMs; others: empty
 * @status: non-VM events: ok or error
 */
typedef struct {
	guint index;
	NpEventType type;
	GPtrArray *vms;
	NpStatus status;
	NpCode code;
	gchar *message;
	gchar *host;
	GPtrArray *warnings; /* NpWarning */
	/* set_spanning */
	gboolean enabled;
	/* capacity */
	gchar *flavor;
	gint64 fits;
	GPtrArray *per_host; /* NpHostCount */
	gint64 would_span;
	NpCode stopped_by;
} NpEventResult;

void np_event_result_free(NpEventResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpEventResult, np_event_result_free)
/* VM events produce VM results; the others one event-level result */
gboolean np_event_type_is_vm_event(NpEventType type);

typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 memory_mb;
	gint64 reserved_mb;
	gint64 free_mb;	  /* physical: total − reserved − backed */
	gint64 backed_mb;
	gint64 claimed_vcpus;	  /* Nova's cell claims (vNUMA VMs) */
	gint64 claimed_memory_mb;
} NpNodeState;

typedef struct {
	gchar *name;
	gboolean numa_spanning;
	gboolean enabled;
	GArray *nodes; /* NpNodeState */
	gint64 claimed_vcpus;
	gint64 claimed_memory_mb;
} NpHostState;

void np_host_state_free(NpHostState *state);

typedef struct {
	gchar *name;
	NpStatus status;
	gchar *host;
	gchar *flavor;
	NpCode code;
	GArray *cells;
	GPtrArray *backing;
	gboolean spanned;
	gint64 remote_mb;
} NpVmState;

void np_vm_state_free(NpVmState *state);

/**
 * NpRun:
 * @events: (element-type NpEventResult): one per event item, in order
 * @vms: (element-type NpVmState): every VM ever named, creation order
 * @hosts: (element-type NpHostState): the hosts present at the end
 */
typedef struct {
	GPtrArray *events;
	GPtrArray *vms;
	GPtrArray *hosts;
} NpRun;

void np_run_free(NpRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpRun, np_run_free)

/**
 * NpSimOptions:
 * @check_invariants: verify the bookkeeping after every event
 * @capacity_flavor: when set, a capacity question for this flavor is
 *   answered after the last event (`numaplan capacity`)
 * @capacity_image: (nullable): its image
 */
typedef struct {
	gboolean check_invariants;
	const gchar *capacity_flavor;
	const gchar *capacity_image;
} NpSimOptions;

/**
 * np_sim_run:
 *
 * Replays @scenario. Placement failures are results, never errors: the
 * only error is an internal invariant violation (%NP_ERROR_INVALID), which
 * the checker reports when @options asks for it.
 */
NpRun *np_sim_run(const NpScenario *scenario, const NpSimOptions *options, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
