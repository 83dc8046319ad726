/* numaplan — engine internals, shared by the sim/ sources, reports and
 * tests */
#pragma once

#include "np-engine.h"
#include "np-host-index-private.h"
#include "np-hypervisor-private.h"
#include "np-limits.h"
#include "np-result-private.h"
#include "np-scenario-private.h"
#include "np-scheduler-private.h"

G_BEGIN_DECLS

/**
 * NpSimHost:
 * @settings: the effective per-host settings
 * @nova: Nova's view: claims per host and cell
 * @hv: Hyper-V's view: free memory per node
 *
 * @nova.cells[i] and @hv.nodes[i] are the same physical node.
 */
typedef struct {
	gchar *name;
	NpHostSettings settings;
	gboolean failed;
	gboolean removed;
	NpNovaHost nova;
	NpHvHost hv;
} NpSimHost;

/**
 * NpConfig:
 *
 * A resolved request, shared by every VM that asks for the same flavor,
 * image and dynamic memory under the same limits: resolving once keeps a
 * VM's own state small.
 */
typedef struct {
	gatomicrefcount ref; /* atomic: engine copies share it across threads (sweeps) */
	NpFlavor *flavor;
	NpImage *image;
	NpDynamicMemory dm_request;
	gint64 max_vnuma_vcpus;
	gint64 max_vnuma_memory_mb;
	NpResolution *res;
	gboolean vnuma;        /* vNUMA on, with cells Nova claims */
	NpFitGuestCell *cells; /* the request's cells for the NUMA filter */
	guint n_units;         /* units Hyper-V backs: vNUMA nodes, or 1 */
	gint64 unit_mb;        /* each unit's size at start */
} NpConfig;

NpConfig *np_config_ref(NpConfig *config);
void np_config_unref(NpConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpConfig, np_config_unref)

/**
 * NpSimVm:
 * @config: what it runs as; %NULL only for a VM refused before resolving
 * @host: index into the engine's hosts, -1 for none
 * @cells: the host cell index Nova claimed for each vNUMA node, or %NULL
 * @backing: where Hyper-V backs its memory (empty unless active)
 * @claimed: it holds Nova claims on @host
 */
typedef struct {
	gchar *name;
	NpConfig *config;
	guint32 index; /* in the engine's VMs */
	gint32 host;
	guint8 status; /* NpStatus */
	guint8 claimed;
	guint16 code; /* NpCode */
	guint32 *cells;
	NpHvBacking backing;
} NpSimVm;

/* called as np_place() starts deciding for @vm (explain's view of the
 * moment, np-explain.c); NULL on every other path, never copied */
typedef void (*NpPlaceHook)(const NpEngine *engine,
                            const NpSimVm *vm,
                            gint forced,
                            gint exclude,
                            gboolean start,
                            gpointer user_data);

struct _NpEngine {
	NpSettings settings;
	NpWeights weights;
	GPtrArray *hosts;       /* NpSimHost, every host ever added */
	GHashTable *host_index; /* name → 1 + index of the present host */
	GPtrArray *vms;         /* NpSimVm, creation order */
	GHashTable *vm_index;   /* name → NpSimVm */
	GHashTable *flavors;    /* name → NpFlavor */
	GHashTable *images;     /* name → NpImage */
	GHashTable *configs;    /* NpConfig cache, keyed by its request */
	guint n_applied;
	/* the most permissive vNUMA limits over present hosts (-1: unknown,
	 * recomputed when hosts come and go) */
	gint64 limit_vcpus;
	gint64 limit_memory_mb;
	/* the scheduler's indexes of enabled hosts (np-host-index.c): by the
	 * RAM weigher's value, and (weigher nova) by the CPU weigher's */
	NpHostIndex by_ram;
	NpHostIndex by_cpu;
	guint n_failing; /* hosts with failed builds */
	gboolean scan;   /* every boot scans every host: the indexes' reference */
	NpPlaceHook place_hook;
	gpointer place_hook_data;
	/* capacity questions np_capacity() answered host by host, not by the
	 * trial loop (a statistic for the tests) */
	guint capacity_shortcuts;
};

static inline NpSimHost *
np_engine_host(const NpEngine *engine, gint index)
{
	return g_ptr_array_index(engine->hosts, index);
}

/* ------------------------------------------------------ np-engine.c */

/* the configuration for a request, from the cache */
NpConfig *np_engine_config_for(NpEngine *engine,
                               NpFlavor *flavor,
                               NpImage *image,
                               const NpDynamicMemory *dm) G_GNUC_WARN_UNUSED_RESULT;
/* host @index's claims, state or build failures changed: keep the
 * scheduler's indexes in step */
void np_engine_host_changed(NpEngine *engine, guint index);
/* np_engine_copy(), or without the VM records (@with_vms FALSE): the
 * hosts as they are, for trial boots, at a cost in hosts rather than VMs */
NpEngine *np_engine_copy_state(const NpEngine *engine, gboolean with_vms) G_GNUC_WARN_UNUSED_RESULT;
void np_engine_set_failed_builds(NpEngine *engine, guint index, gint64 failed_builds);
/* TRUE: schedule by scanning every host, as the indexes' reference (tests) */
void np_engine_set_scan(NpEngine *engine, gboolean scan);

/* the index of the present host called @name, or -1 */
gint np_engine_host_lookup(const NpEngine *engine, const gchar *name);
NpSimVm *np_sim_vm_new(const gchar *name) G_GNUC_WARN_UNUSED_RESULT;
void np_sim_vm_free(NpSimVm *vm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpSimVm, np_sim_vm_free)
/* a VM's part of a result, from its state now (transfer full) */
NpVmResult *np_sim_vm_result(const NpEngine *engine,
                             const NpSimVm *vm,
                             NpStatus status) G_GNUC_WARN_UNUSED_RESULT;

/* ---------------------------------------------------- np-schedule.c */

typedef struct {
	gint attempts;
	NpCode code;
	gchar *message;
	gboolean has_filtered;
	NpFilterCounts filtered;
	GPtrArray *failed_starts; /* NpFailedStart per start that failed, or NULL */
} NpPlaceOutcome;

void np_place_outcome_clear(NpPlaceOutcome *out);
/* what @config asks of Nova's filters */
void np_nova_request(const NpEngine *engine, const NpConfig *config, NpNovaRequest *request);
/* "no host passed the filters (removed by compute …)" */
gchar *np_filtered_message(const NpFilterCounts *counts) G_GNUC_WARN_UNUSED_RESULT;

/* schedule, claim and (with @start) start @vm, rescheduling on start
 * failures (rules.md §3, §4); @forced: the only host to try, or -1;
 * @exclude: a host never picked (resize/migrate: the VM's own), or -1 */
gboolean np_place(NpEngine *engine,
                  NpSimVm *vm,
                  gint forced,
                  gint exclude,
                  gboolean start,
                  NpPlaceOutcome *out);
/* Hyper-V starts @vm on its host: NP_CODE_NONE, or why not (*@message) */
NpCode np_start(NpEngine *engine, NpSimVm *vm, gchar **message);
void np_claim(NpEngine *engine, NpSimVm *vm, gint host, guint32 *cells);
void np_release_claims(NpEngine *engine, NpSimVm *vm);
void np_release_backing(NpEngine *engine, NpSimVm *vm);
gboolean np_sim_vm_is_placed(const NpSimVm *vm);

/* ------------------------------------------------------ np-events.c */

void np_events_apply(NpEngine *engine, const NpEvent *event, NpEventResult *result);
/* a refusal before scheduling (the resolution's, page sizes, dynamic
 * memory the flavor makes inconsistent): TRUE with *@code, *@message */
gboolean np_refused_request(const NpResolution *res, NpCode *code, gchar **message);

/* ---------------------------------------------------- np-capacity.c */

/* np-run.c: what the replay loop calls after each event, with the engine
 * in its new state */
typedef gboolean (*NpStepFunc)(const NpEngine *engine,
                               const NpEvent *event,
                               guint index,
                               const NpEventResult *result,
                               gpointer user_data,
                               GError **error);
gboolean np_sim_replay(NpEngine *engine,
                       const NpScenario *scenario,
                       NpRunFlags flags,
                       NpStepFunc step,
                       gpointer user_data,
                       GError **error);

void np_capacity(NpEngine *engine, NpFlavor *flavor, NpImage *image, NpEventResult *result);
/* the most k ≤ NP_CAPACITY_MAX_TRIALS for which (double)(used + k × ask)
 * ≤ (double)capacity × ratio, exactly as the filters compare */
gint64 np_capacity_room(gint64 used, gint64 ask, gint64 capacity, gdouble ratio);
/* how many VMs of @request Nova's filters let onto @host alone, one after
 * another, in closed form (RAM and CPU with their max_unit; a vNUMA
 * request of one cell or of as many as the host has, its cells alike), and
 * the filter that then turns the host away; -1 when there is no closed
 * form */
gint64
np_capacity_nova_room(const NpNovaHost *host, const NpNovaRequest *request, NpFilter *removed_by);

/**
 * NpHostFill:
 * @fits: VMs Nova's filters let onto the host, one after another
 * @started: how many of those start before one would not (Hyper-V)
 * @spanned: how many of the started span NUMA nodes
 * @removed_by: the filter that turns the host away after @fits
 */
typedef struct {
	gint64 fits;
	gint64 started;
	gint64 spanned;
	NpFilter removed_by;
} NpHostFill;

/* host @host filled alone with VMs of @config as forced trial boots fill
 * it, without booting any; FALSE when that would pass the trial limit */
gboolean np_capacity_fill_host(const NpEngine *engine,
                               const NpSimHost *host,
                               const NpConfig *config,
                               NpHostFill *fill);

G_END_DECLS
