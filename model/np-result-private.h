/* numaplan — result internals, filled by the engine, read by reports */
#pragma once

#include "np-request-private.h"
#include "np-result.h"

G_BEGIN_DECLS

/**
 * NpPart:
 * @vnode: the unit it belongs to (the virtual node; 0 for a plain VM)
 * @node: physical node id
 * @memory_mb: MiB backed there
 *
 * A VM's backing is its parts: units in order, each unit's parts in the
 * order taken, the first its home.
 */
typedef struct {
	gint64 vnode;
	gint64 node;
	gint64 memory_mb;
} NpPart;

/* the end of the unit that starts at part @start */
guint np_parts_unit_end(const NpPart *parts, guint n_parts, guint start);
gboolean np_parts_are_spanned(const NpPart *parts, guint n_parts);
gint64 np_parts_get_remote_mb(const NpPart *parts, guint n_parts);

/* how many hosts each filter removed (each host counts once, at the first
 * filter that removed it) */
typedef struct {
	guint compute;
	guint ram;
	guint cpu;
	guint numa;
} NpFilterCounts;

/**
 * NpFailedStart:
 * @host: where a start was tried and failed (rules.md §4 reschedules)
 * @code: why Hyper-V refused it
 * @message: a sentence for people
 */
typedef struct {
	gchar *host;
	NpCode code;
	gchar *message;
} NpFailedStart;

void np_failed_start_free(NpFailedStart *start);
/* appends one to *@list, creating it */
void np_failed_starts_add(GPtrArray **list, const gchar *host, NpCode code, const gchar *message);

struct _NpVmResult {
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
	gint64 *cells; /* host cell ids, NULL for plain or unplaced VMs */
	guint n_cells;
	NpPart *parts; /* the backing, none when nothing is backed */
	guint n_parts;
	gboolean spanned;
	gint64 remote_mb;
	GPtrArray *warnings; /* NpWarning, NULL for none */
	gboolean has_filtered;
	NpFilterCounts filtered;
	gboolean has_demand;
	gint64 memory_mb; /* demand: now backed */
	gint64 target_mb;
	gint64 shortfall_mb;
	gboolean in_block;        /* vm, host, parts and cells live in the result's block */
	GPtrArray *failed_starts; /* NpFailedStart, in order; NULL when none failed */
};

NpVmResult *np_vm_result_new(const gchar *vm, NpStatus status) G_GNUC_WARN_UNUSED_RESULT;
/* @host: (nullable); the parts and cells zeroed, to fill */
NpVmResult *np_vm_result_new_sized(const gchar *vm,
                                   const gchar *host,
                                   guint n_parts,
                                   guint n_cells,
                                   NpStatus status) G_GNUC_WARN_UNUSED_RESULT;
/* @warning: (transfer full) */
void np_vm_result_add_warning(NpVmResult *result, NpWarning *warning);
void np_vm_result_free(NpVmResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpVmResult, np_vm_result_free)

typedef struct {
	gchar *host;
	gint64 count;
} NpHostCount;

struct _NpEventResult {
	guint index;
	NpEventType type;
	GPtrArray *vms; /* NpVmResult */
	NpStatus status;
	NpCode code;
	gchar *message;
	gchar *host;
	GPtrArray *warnings; /* NpWarning, NULL for none */
	/* set_spanning */
	gboolean enabled;
	/* capacity */
	gchar *flavor;
	gint64 fits;
	GPtrArray *per_host; /* NpHostCount */
	gint64 would_span;
	NpCode stopped_by;
};

NpEventResult *np_event_result_new(guint index, NpEventType type) G_GNUC_WARN_UNUSED_RESULT;
void np_event_result_add_per_host(NpEventResult *result, const gchar *host, gint64 count);
void np_event_result_add_warning(NpEventResult *result, NpWarning *warning);

G_END_DECLS
