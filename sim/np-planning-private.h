/* numaplan — capacity planning on the engine (scenario.md §4): free
 * capacity seen by Nova and by Hyper-V, per-host upper bounds,
 * fragmentation, N+1 failover, what-if comparison and the decision trace
 * of `explain`. Every answer is computed on copies: the engine it is
 * given ends as it was. No I/O, no clock. */
#pragma once

#include "np-engine-private.h"

G_BEGIN_DECLS

/* ----------------------------------------------------- np-headroom.c */

/**
 * NpFree:
 * @nova_free_mb: what Nova thinks is free: capacity − claimed memory
 *   (Nova's free_ram_mb; on a node, only vNUMA cell claims count: Nova
 *   claims plain VMs per host); negative when overcommitted
 * @hyperv_free_mb: what Hyper-V has free: capacity − backed
 * @nova_free_vcpus: ⌊LPs × cpu ratio⌋ − claimed vCPUs (Nova's view;
 *   Hyper-V does not partition processors)
 * @stranded_mb: Hyper-V free memory no flavor of the scenario can use
 *   (hosts and the cluster only; see np_headroom_host())
 * @stranded_vcpus: likewise for Nova's free vCPUs
 */
typedef struct {
	gint64 nova_free_mb;
	gint64 hyperv_free_mb;
	gint64 nova_free_vcpus;
	gint64 stranded_mb;
	gint64 stranded_vcpus;
} NpFree;

void np_free_of_node(const NpEngine *engine, guint host, guint node, NpFree *out);

/* a flavor the fragmentation measure tries: its configuration and what
 * one VM of it takes */
typedef struct {
	NpConfig *config;
	gint64 backed_mb; /* memory Hyper-V backs for one VM at start */
	gint64 vcpus;
} NpHeadroomFlavor;

/**
 * NpHeadroom:
 * @hosts: one #NpFree per host ever added (removed ones zero)
 * @cluster: sums over the hosts enabled now
 *
 * Free capacity both ways, and fragmentation, for an engine's state.
 */
typedef struct {
	guint n_hosts;
	NpFree *hosts;
	NpFree cluster;
} NpHeadroom;

/* @engine: its configuration cache may grow; its state does not change */
NpHeadroom *np_headroom_new(NpEngine *engine) G_GNUC_WARN_UNUSED_RESULT;
void np_headroom_free(NpHeadroom *headroom);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpHeadroom, np_headroom_free)

/* the upper bound of scenario.md §4 for one host: trial VMs of @config
 * forced onto host @index of a copy until one does not end active (0 for a
 * failed or removed host, at most NP_CAPACITY_MAX_TRIALS). The closed form
 * where one exists (plain VMs; vNUMA VMs with one node, or as many nodes
 * as the host), else the trials themselves. */
gint64 np_capacity_host_bound(const NpEngine *engine, guint index, NpConfig *config);
/* the definition itself, always by trials (tests compare the two) */
gint64 np_capacity_host_bound_by_trials(const NpEngine *engine, guint index, NpConfig *config);

/* a capacity question of scenario.md §4 for one flavor: the capacity
 * event's answer on a copy, and the upper bound per host */
typedef struct {
	NpEventResult *result;
	gint64 upper_bound;
	gint64 *host_bounds; /* per host ever added (removed: 0) */
	guint n_hosts;
} NpCapacityAnswer;

NpCapacityAnswer *np_capacity_answer(const NpEngine *engine,
                                     const gchar *flavor,
                                     const gchar *image,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
void np_capacity_answer_free(NpCapacityAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpCapacityAnswer, np_capacity_answer_free)

/* ----------------------------------------------------- np-failover.c */

/**
 * NpFailoverHost:
 * @host: its index; @result: the fail_host event's result on a copy
 * @lost, @spanned, @remote_mb: over the evacuees (scenario.md §4)
 * @free_after: the cluster's free capacity after the failure
 */
typedef struct {
	guint host;
	NpEventResult *result;
	gint64 lost;
	gint64 spanned;
	gint64 remote_mb;
	NpFree free_after;
} NpFailoverHost;

typedef struct {
	GPtrArray *hosts; /* NpFailoverHost, in input order */
	gint worst;       /* index into @hosts, -1 when none answered */
	gboolean survives;
} NpFailover;

/* @hosts: (nullable): host indices to answer (each once, input order);
 * NULL for every host enabled now */
NpFailover *np_failover_new(const NpEngine *engine, const GArray *hosts) G_GNUC_WARN_UNUSED_RESULT;
void np_failover_free(NpFailover *failover);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpFailover, np_failover_free)

/* ------------------------------------------------------ np-compare.c */

/* the summary of scenario.md §2 that compare subtracts */
typedef enum {
	NP_SUMMARY_EVENTS,
	NP_SUMMARY_ACTIVE,
	NP_SUMMARY_STOPPED,
	NP_SUMMARY_REJECTED,
	NP_SUMMARY_FAILED_TO_START,
	NP_SUMMARY_DELETED,
	NP_SUMMARY_ERROR,
	NP_SUMMARY_SPANNED,
	NP_SUMMARY_REMOTE_MB,
	NP_SUMMARY_LAST
} NpSummaryField;

const gchar *np_summary_field_to_string(NpSummaryField field);
/* @n_events: the scenario's event items */
void np_engine_summary(const NpEngine *engine, guint n_events, gint64 *summary);

typedef enum {
	NP_VM_FIELD_STATUS = 1 << 0,
	NP_VM_FIELD_HOST = 1 << 1,
	NP_VM_FIELD_CODE = 1 << 2,
	NP_VM_FIELD_SPANNED = 1 << 3,
	NP_VM_FIELD_REMOTE_MB = 1 << 4,
	NP_VM_FIELD_ALL = 0x1f,
} NpVmField;

/* a VM's final state as `vms` has it; @present FALSE on the side that
 * lacks the VM */
typedef struct {
	gboolean present;
	NpStatus status;
	gchar *host;
	NpCode code;
	gboolean spanned;
	gint64 remote_mb;
} NpVmState;

typedef struct {
	gchar *vm;
	guint differs; /* NpVmField bits */
	NpVmState a;
	NpVmState b;
} NpVmDiff;

typedef struct {
	GPtrArray *vms; /* NpVmDiff: SCENARIO's creation order, then OTHER's own */
	gint64 a[NP_SUMMARY_LAST];
	gint64 b[NP_SUMMARY_LAST];
} NpCompare;

NpCompare *np_compare_new(const NpEngine *a, guint a_events, const NpEngine *b, guint b_events)
    G_GNUC_WARN_UNUSED_RESULT;
void np_compare_free(NpCompare *compare);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpCompare, np_compare_free)

/* ------------------------------------------------------ np-explain.c */

typedef enum {
	NP_EXPLAIN_SCHEDULED, /* Nova scheduled it, Hyper-V started it (or not) */
	NP_EXPLAIN_IN_PLACE,  /* start/restart: Hyper-V backs it on its host */
	NP_EXPLAIN_REFUSED,   /* refused before scheduling (resolution, page size) */
	NP_EXPLAIN_NO_ACTION, /* the event could not act on the VM (its state) */
} NpExplainKind;

typedef enum {
	NP_EXPLAIN_HOST_PASSED,
	NP_EXPLAIN_HOST_FILTERED,   /* @outcome says by which filter */
	NP_EXPLAIN_HOST_DISABLED,   /* the compute filter: failed or removed */
	NP_EXPLAIN_HOST_EXCLUDED,   /* the VM's own host (resize, migrate) */
	NP_EXPLAIN_HOST_NOT_FORCED, /* a host was forced: not this one */
} NpExplainHostState;

/* a host cell as the NUMA filter saw it: room under the ratios */
typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 memory_mb;
	gint64 free_vcpus;
	gint64 free_mb;
} NpExplainCell;

typedef struct {
	gchar *name;
	NpExplainHostState state;
	NpFilterOutcome outcome;
	GArray *cells; /* NpExplainCell, NUMA filter only */
	gchar *why;    /* a sentence */
} NpExplainHost;

typedef struct {
	gchar *name;
	gdouble weight;
	gdouble ram; /* each weigher's raw value */
	gdouble cpu;
	gdouble build_failure;
	gdouble normalised[3]; /* RAM, CPU, build failures, over the hosts that passed */
} NpExplainWeighed;

typedef struct {
	gint64 node;
	gint64 free_mb;
} NpNodeFree;

typedef struct {
	guint32 vnode;
	gint64 memory_mb;
	GArray *free_before; /* NpNodeFree, every node of the host */
	GArray *parts;       /* NpPart: node id and MiB, in the order taken */
	NpCode code;
	gchar *why;
} NpExplainUnit;

typedef struct {
	guint number; /* 1-based */
	gchar *host;
	guint position;   /* in the weigher's order, 1-based; 0 in place */
	GArray *cells;    /* host cell ids Nova claimed (gint64), NULL for plain */
	GPtrArray *units; /* NpExplainUnit */
	gboolean started; /* FALSE: claims only (a stopped VM moves) */
	NpCode code;
	gchar *message;
} NpExplainAttempt;

typedef struct {
	gchar *vm;
	guint event;
	NpEventType event_type;
	NpExplainKind kind;
	/* the request */
	gchar *flavor;
	gchar *image;
	gint64 vcpus;
	gint64 memory_mb;
	gboolean vnuma;
	guint n_units;
	gint64 unit_mb;
	gchar *forced;   /* host, or NULL */
	gchar *excluded; /* host, or NULL */
	gboolean start;
	gint64 max_attempts;
	gchar *weigher;
	NpWeights multipliers; /* the weight is Σ multiplier × normalised value */
	gchar *backing;
	/* the decision */
	GPtrArray *hosts;    /* NpExplainHost, input order (scheduled only) */
	GPtrArray *order;    /* NpExplainWeighed, best first */
	GPtrArray *attempts; /* NpExplainAttempt */
	/* the outcome, as the event's result has it */
	NpStatus status;
	gchar *host;
	NpCode code;
	gchar *message;
	gboolean spanned;
	gint64 remote_mb;
	gchar *why;
} NpExplain;

/* replays @scenario up to the VM's last placement (@event < 0) or event
 * @event, and traces that decision on a copy of the state of that moment;
 * NP_ERROR_NOT_FOUND for an unknown VM, NP_ERROR_INVALID for an event
 * that does not place it */
NpExplain *np_explain_new(const NpScenario *scenario, const gchar *vm, gint64 event, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;
void np_explain_free(NpExplain *explain);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpExplain, np_explain_free)

G_END_DECLS
