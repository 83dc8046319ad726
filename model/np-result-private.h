/* numaplan — result internals, filled by the engine, read by reports */
#pragma once

#include "np-request-private.h"
#include "np-result.h"

G_BEGIN_DECLS

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
/* over a list of #NpUnit */
gboolean np_backing_is_spanned(const GPtrArray *backing);
gint64 np_backing_get_remote_mb(const GPtrArray *backing);

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
	GArray *cells;      /* host cell ids (gint64), NULL for plain or unplaced VMs */
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
	GPtrArray *failed_starts; /* NpFailedStart, in order; NULL when none failed */
};

NpVmResult *np_vm_result_new(const gchar *vm, NpStatus status) G_GNUC_WARN_UNUSED_RESULT;
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
	GPtrArray *warnings; /* NpWarning */
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

G_END_DECLS
