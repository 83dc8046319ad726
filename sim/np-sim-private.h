/* numaplan — engine internals shared by the sim/ sources and tests */
#pragma once

#include "np-sim.h"

G_BEGIN_DECLS

typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 total_mb;
	gint64 reserved_mb;
	gint64 capacity_mb; /* total − reserved */
	gint64 free_mb;	    /* physical: capacity − backed */
	gint64 claimed_vcpus;
	gint64 claimed_memory_mb;
} NpSimNode;

typedef struct {
	gchar *name;
	NpHostSettings settings;
	GArray *nodes; /* NpSimNode */
	gboolean failed;
	gboolean removed;
	gint64 claimed_vcpus;
	gint64 claimed_memory_mb;
	gint64 total_cpus;
	gint64 total_capacity_mb;
} NpSimHost;

typedef struct {
	gchar *name;
	const NpFlavor *flavor;
	const NpImage *image;
	NpDynamicMemory dm_request;
	NpResolution *res;
	NpStatus status;
	NpCode code;
	gint host;	    /* index into hosts, -1 for none */
	GArray *cells;	    /* node index per vnode (guint), NULL when no cell claims */
	GPtrArray *backing; /* NpUnit */
	gboolean claimed;   /* holds Nova claims on @host */
} NpSimVm;

typedef struct {
	const NpScenario *scenario;
	const NpSettings *settings;
	GPtrArray *hosts; /* NpSimHost */
	GPtrArray *vms;	  /* NpSimVm, creation order */
	GHashTable *vm_by_name;
} NpCluster;

/* the backing of one unit on @host; NP_CODE_NONE on success */
NpCode np_sim_back_unit(NpSimHost *host,
			gint64 size_mb,
			const GArray *used_node_ids,
			NpBackingPolicy policy,
			gboolean spanning,
			NpUnit *unit);
void np_sim_release_unit(NpSimHost *host, const NpUnit *unit);

/* invariants of rules.md/issue: FALSE with a description when broken */
gboolean np_cluster_check(const NpCluster *cluster, GError **error);

NpSimNode *np_sim_host_node_by_id(NpSimHost *host, gint64 id);
/* the host's nodes by most free memory, ties lowest id (pointers into @host) */
GPtrArray *np_sim_nodes_by_most_free(NpSimHost *host);

G_END_DECLS
