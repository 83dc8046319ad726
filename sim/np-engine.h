/* numaplan — the placement engine: a cluster's state, stepped one event at
 * a time (rules.md §3–§7)
 *
 * An engine holds hosts (Nova's claims beside Hyper-V's free memory per
 * NUMA node), flavors, images and every VM ever named. np_engine_apply()
 * applies one event and returns what it did; "does not fit" is a result,
 * an error means the event itself is wrong (an unknown VM, flavor, host
 * or a value out of range) and changes nothing. np_engine_copy() gives an
 * independent copy for what-if questions. The engine does no I/O, reads
 * no clock and keeps no global state: the same events give the same
 * results.
 */
#pragma once

#include <glib.h>

#include "np-result.h"
#include "np-scenario.h"

G_BEGIN_DECLS

typedef struct _NpEngine NpEngine;

NpEngine *np_engine_new(const NpSettings *settings) G_GNUC_WARN_UNUSED_RESULT;
NpEngine *np_engine_new_for_scenario(const NpScenario *scenario,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
NpEngine *np_engine_copy(const NpEngine *engine) G_GNUC_WARN_UNUSED_RESULT;
void np_engine_free(NpEngine *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpEngine, np_engine_free)

gboolean np_engine_add_host(NpEngine *engine, const NpHost *host, GError **error);
gboolean np_engine_add_flavor(NpEngine *engine, NpFlavor *flavor, GError **error);
gboolean np_engine_add_image(NpEngine *engine, NpImage *image, GError **error);

NpEventResult *
np_engine_apply(NpEngine *engine, const NpEvent *event, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* events applied so far: the index the next result gets */
guint np_engine_get_n_applied(const NpEngine *engine);

/* the invariant checker: the books balance (a failure is a bug) */
gboolean np_engine_check(const NpEngine *engine, GError **error);

/* ------------------------------------------------------------ queries */

/**
 * NpHostInfo:
 * @name: (transfer none): the host's name
 * @present: FALSE once removed (remove_host)
 * @enabled: FALSE while failed
 * @numa_spanning: Hyper-V's setting now
 * @n_nodes: NUMA nodes
 * @cpus: logical processors over all nodes
 * @memory_mb: total memory; @reserved_mb: kept by the root partition
 * @free_mb: what Hyper-V has free (capacity − backed)
 * @claimed_vcpus: what Nova's claims hold; @claimed_memory_mb likewise
 */
typedef struct {
	const gchar *name;
	gboolean present;
	gboolean enabled;
	gboolean numa_spanning;
	guint n_nodes;
	gint64 cpus;
	gint64 memory_mb;
	gint64 reserved_mb;
	gint64 free_mb;
	gint64 claimed_vcpus;
	gint64 claimed_memory_mb;
	/*< private >*/
	gint64 padding[8];
} NpHostInfo;

/**
 * NpNodeInfo:
 * @id: the physical node id
 * @free_mb: Hyper-V's free memory on the node; @backed_mb what VMs hold
 * @claimed_vcpus, @claimed_memory_mb: Nova's cell claims (vNUMA VMs only:
 *   plain VMs claim at host level)
 */
typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 memory_mb;
	gint64 reserved_mb;
	gint64 free_mb;
	gint64 backed_mb;
	gint64 claimed_vcpus;
	gint64 claimed_memory_mb;
	/*< private >*/
	gint64 padding[8];
} NpNodeInfo;

/**
 * NpVmInfo:
 * @name, @host (nullable), @flavor: (transfer none)
 * @status: active, stopped, rejected, failed-to-start, deleted or error
 * @code: why it is not active, or %NP_CODE_NONE
 * @backed_mb: memory Hyper-V backs for it now
 * @spanned: some unit of it spans physical nodes; @remote_mb off home
 */
typedef struct {
	const gchar *name;
	NpStatus status;
	NpCode code;
	const gchar *host;
	const gchar *flavor;
	gint64 backed_mb;
	gboolean spanned;
	gint64 remote_mb;
	/*< private >*/
	gint64 padding[8];
} NpVmInfo;

/* hosts ever added, in order (removed ones stay, not present) */
guint np_engine_get_n_hosts(const NpEngine *engine);
gboolean np_engine_get_host(const NpEngine *engine, guint index, NpHostInfo *info);
gboolean np_engine_lookup_host(const NpEngine *engine, const gchar *name, guint *index);
gboolean np_engine_get_node(const NpEngine *engine, guint host, guint node, NpNodeInfo *info);
/* VMs ever named, in creation order */
guint np_engine_get_n_vms(const NpEngine *engine);
gboolean np_engine_get_vm(const NpEngine *engine, guint index, NpVmInfo *info);
gboolean np_engine_lookup_vm(const NpEngine *engine, const gchar *name, guint *index);

/* ---------------------------------------------------------------- run */

/* called with each event and its result, in order; FALSE (with @error)
 * stops the run */
typedef gboolean (*NpResultFunc)(const NpEvent *event,
                                 const NpEventResult *result,
                                 gpointer user_data,
                                 GError **error);

typedef enum {
	NP_RUN_NONE = 0,
	NP_RUN_CHECK_INVARIANTS = 1 << 0, /* np_engine_check() after every event */
} NpRunFlags;

NpEngine *np_sim_run(const NpScenario *scenario,
                     NpRunFlags flags,
                     NpResultFunc func,
                     gpointer user_data,
                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
