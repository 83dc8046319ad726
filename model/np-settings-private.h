/* numaplan — settings internals */
#pragma once

#include "np-scalar-private.h"
#include "np-settings.h"

G_BEGIN_DECLS

/* what a host may override (rules.md §3, "Per-host settings") */
typedef struct {
	gboolean numa_spanning;
	gdouble cpu_allocation_ratio;
	gdouble ram_allocation_ratio;
	gint64 max_vnuma_vcpus;     /* 0 = no limit */
	gint64 max_vnuma_memory_mb; /* 0 = no limit */
} NpHostSettings;

struct _NpSettings {
	NpHostSettings host_defaults;
	NpWeigher weigher;
	gdouble ram_weight_multiplier;
	gdouble cpu_weight_multiplier;
	gdouble build_failure_weight_multiplier;
	gboolean numa_cells_pack; /* packing_host_numa_cells_allocation_strategy */
	NpBackingPolicy backing;
	NpImageConflict image_conflict;
	gdouble dynamic_memory_ratio;
	gint64 max_attempts;
	guint64 seed;
};

/* rules.md defaults */
void np_settings_init(NpSettings *settings);

typedef enum {
	NP_SETTING_OK,
	NP_SETTING_UNKNOWN,      /* no such key */
	NP_SETTING_CLUSTER_ONLY, /* a host may not set it */
	NP_SETTING_BAD_VALUE,    /* *message says why */
} NpSettingResult;

/* sets @key: on @host (a bit in *@overridden says so) when @host is set,
 * else in @settings; *@message (transfer full) for a bad value */
NpSettingResult np_settings_apply(NpSettings *settings,
                                  NpHostSettings *host,
                                  guint *overridden,
                                  const gchar *key,
                                  const NpScalar *value,
                                  gchar **message);
/* the host's effective settings: its own where @overridden says, else
 * the cluster's */
void np_host_settings_resolve(NpHostSettings *out,
                              const NpHostSettings *own,
                              guint overridden,
                              const NpSettings *cluster);

/* the host's own value of per-host @key as text, %NULL when it does not
 * set it */
gchar *np_host_settings_get(const NpHostSettings *own,
                            guint overridden,
                            const gchar *key) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
