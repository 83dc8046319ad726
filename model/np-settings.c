/* Settings: one table for every key of scenario.md §1 `settings:`, read by
 * the YAML loader, `compare --set` and np_settings_set() alike */
#include <math.h>
#include <string.h>

#include "np-enum-private.h"
#include "np-error.h"
#include "np-settings-private.h"

/* the largest size or count a scenario may hold (kept in step with
 * NP_SCENARIO_MAX_QUANTITY) */
#define NP_SETTINGS_MAX_QUANTITY (G_GINT64_CONSTANT(1) << 40)

static const gchar *const np_weigher_names[] = {"spread", "pack", "nova"};
static const gchar *const np_backing_names[] = {"most-free", "best-fit", "first-fit"};
static const gchar *const np_image_conflict_names[] = {"override", "reject"};
static const gchar *const np_numa_cells_names[] = {"spread", "pack"};

NP_DEFINE_ENUM_STRINGS(NpWeigher, np_weigher, NP_WEIGHER_LAST, np_weigher_names)
NP_DEFINE_ENUM_STRINGS(NpBackingPolicy, np_backing_policy, NP_BACKING_LAST, np_backing_names)
NP_DEFINE_ENUM_STRINGS(NpImageConflict,
                       np_image_conflict,
                       NP_IMAGE_CONFLICT_LAST,
                       np_image_conflict_names)

typedef enum {
	NP_KIND_BOOL,
	NP_KIND_RATIO,    /* a finite number > 0 */
	NP_KIND_NUMBER,   /* any finite number */
	NP_KIND_QUANTITY, /* 0 (or minimum) .. NP_SETTINGS_MAX_QUANTITY */
	NP_KIND_SEED,     /* 0 .. 2^63 − 1 */
	NP_KIND_ENUM,
} NpSettingKind;

typedef struct {
	const gchar *key;
	NpSettingKind kind;
	gboolean per_host;
	gsize offset; /* in NpHostSettings when per_host, else in NpSettings */
	gint64 minimum;
	const gchar *const *names; /* enum */
	guint n_names;
} NpSettingInfo;

#define NP_HOST(field) TRUE, G_STRUCT_OFFSET(NpHostSettings, field)
#define NP_CLUSTER(field) FALSE, G_STRUCT_OFFSET(NpSettings, field)

/* scenario.md §1 order: messages list the keys this way */
static const NpSettingInfo np_settings_table[] = {
    {"cpu_allocation_ratio", NP_KIND_RATIO, NP_HOST(cpu_allocation_ratio), 0, NULL, 0},
    {"ram_allocation_ratio", NP_KIND_RATIO, NP_HOST(ram_allocation_ratio), 0, NULL, 0},
    {"weigher", NP_KIND_ENUM, NP_CLUSTER(weigher), 0, np_weigher_names, NP_WEIGHER_LAST},
    {"ram_weight_multiplier", NP_KIND_NUMBER, NP_CLUSTER(ram_weight_multiplier), 0, NULL, 0},
    {"cpu_weight_multiplier", NP_KIND_NUMBER, NP_CLUSTER(cpu_weight_multiplier), 0, NULL, 0},
    {"build_failure_weight_multiplier",
     NP_KIND_NUMBER,
     NP_CLUSTER(build_failure_weight_multiplier),
     0,
     NULL,
     0},
    {"numa_cells", NP_KIND_ENUM, NP_CLUSTER(numa_cells_pack), 0, np_numa_cells_names, 2},
    {"backing", NP_KIND_ENUM, NP_CLUSTER(backing), 0, np_backing_names, NP_BACKING_LAST},
    {"image_conflict",
     NP_KIND_ENUM,
     NP_CLUSTER(image_conflict),
     0,
     np_image_conflict_names,
     NP_IMAGE_CONFLICT_LAST},
    {"dynamic_memory_ratio", NP_KIND_RATIO, NP_CLUSTER(dynamic_memory_ratio), 0, NULL, 0},
    {"numa_spanning", NP_KIND_BOOL, NP_HOST(numa_spanning), 0, NULL, 0},
    {"max_vnuma_vcpus", NP_KIND_QUANTITY, NP_HOST(max_vnuma_vcpus), 0, NULL, 0},
    {"max_vnuma_memory_mb", NP_KIND_QUANTITY, NP_HOST(max_vnuma_memory_mb), 0, NULL, 0},
    {"max_attempts", NP_KIND_QUANTITY, NP_CLUSTER(max_attempts), 1, NULL, 0},
    {"seed", NP_KIND_SEED, NP_CLUSTER(seed), 0, NULL, 0},
};

static const gchar *const np_settings_keys[] = {
    "cpu_allocation_ratio",
    "ram_allocation_ratio",
    "weigher",
    "ram_weight_multiplier",
    "cpu_weight_multiplier",
    "build_failure_weight_multiplier",
    "numa_cells",
    "backing",
    "image_conflict",
    "dynamic_memory_ratio",
    "numa_spanning",
    "max_vnuma_vcpus",
    "max_vnuma_memory_mb",
    "max_attempts",
    "seed",
    NULL,
};
G_STATIC_ASSERT(G_N_ELEMENTS(np_settings_keys) == G_N_ELEMENTS(np_settings_table) + 1);

static const NpSettingInfo *
np_setting_info(const gchar *key, guint *index)
{
	guint i = np_enum_lookup(np_settings_table,
	                         sizeof(np_settings_table[0]),
	                         G_N_ELEMENTS(np_settings_table),
	                         key);
	if (i >= G_N_ELEMENTS(np_settings_table))
		return NULL;
	if (index != NULL)
		*index = i;
	return &np_settings_table[i];
}

void
np_settings_init(NpSettings *settings)
{
	g_return_if_fail(settings != NULL);
	memset(settings, 0, sizeof(*settings));
	settings->host_defaults.numa_spanning = TRUE;
	settings->host_defaults.cpu_allocation_ratio = 4.0;
	settings->host_defaults.ram_allocation_ratio = 1.0;
	settings->host_defaults.max_vnuma_vcpus = 64;
	settings->host_defaults.max_vnuma_memory_mb = 1048576;
	settings->weigher = NP_WEIGHER_SPREAD;
	settings->ram_weight_multiplier = 1.0;
	settings->cpu_weight_multiplier = 1.0;
	settings->build_failure_weight_multiplier = 1000000.0;
	settings->numa_cells_pack = FALSE;
	settings->backing = NP_BACKING_MOST_FREE;
	settings->image_conflict = NP_IMAGE_CONFLICT_OVERRIDE;
	settings->dynamic_memory_ratio = 1.0;
	settings->max_attempts = 3;
	settings->seed = 1;
}

/**
 * np_settings_new:
 *
 * Returns: (transfer full): the defaults of rules.md: CPU ratio 4.0, RAM
 * ratio 1.0, weigher and NUMA cells `spread`, backing `most-free`, image
 * conflicts `override`, dynamic memory ratio 1.0, spanning on, vNUMA limits
 * 64 vCPUs and 1 TiB, 3 attempts, seed 1.
 */
NpSettings *
np_settings_new(void)
{
	NpSettings *settings = g_new0(NpSettings, 1);
	np_settings_init(settings);
	return settings;
}

NpSettings *
np_settings_copy(const NpSettings *settings)
{
	g_return_val_if_fail(settings != NULL, NULL);
	return g_memdup2(settings, sizeof(*settings));
}

void
np_settings_free(NpSettings *settings)
{
	g_free(settings);
}

NpSettingResult
np_settings_apply(NpSettings *settings,
                  NpHostSettings *host,
                  guint *overridden,
                  const gchar *key,
                  const NpScalar *value,
                  gchar **message)
{
	guint index = 0;
	const NpSettingInfo *info = np_setting_info(key, &index);
	guint8 *base;
	gboolean ok = FALSE;

	if (info == NULL)
		return NP_SETTING_UNKNOWN;
	if (host != NULL && !info->per_host)
		return NP_SETTING_CLUSTER_ONLY;
	base = info->per_host ? (guint8 *)(host != NULL ? host : &settings->host_defaults)
	                      : (guint8 *)settings;
	switch (info->kind) {
	case NP_KIND_BOOL:
		ok = np_scalar_read_bool(value, key, (gboolean *)(base + info->offset), message);
		break;
	case NP_KIND_RATIO:
	case NP_KIND_NUMBER:
		ok = np_scalar_read_number(value,
		                           key,
		                           info->kind == NP_KIND_RATIO,
		                           (gdouble *)(base + info->offset),
		                           message);
		break;
	case NP_KIND_QUANTITY:
		ok = np_scalar_read_int(value,
		                        key,
		                        info->minimum,
		                        NP_SETTINGS_MAX_QUANTITY,
		                        (gint64 *)(base + info->offset),
		                        message);
		break;
	case NP_KIND_SEED: {
		gint64 seed = 0;
		ok = np_scalar_read_int(value, key, 0, G_MAXINT64, &seed, message);
		if (ok)
			*(guint64 *)(base + info->offset) = (guint64)seed;
		break;
	}
	case NP_KIND_ENUM:
	default: {
		guint choice = 0;
		ok = np_scalar_read_enum(value, key, info->names, info->n_names, &choice, message);
		if (ok) {
			if (info->offset == G_STRUCT_OFFSET(NpSettings, numa_cells_pack))
				*(gboolean *)(base + info->offset) = choice == 1;
			else
				*(guint *)(base + info->offset) = choice;
		}
		break;
	}
	}
	if (!ok)
		return NP_SETTING_BAD_VALUE;
	if (host != NULL && overridden != NULL)
		*overridden |= 1u << index;
	return NP_SETTING_OK;
}

void
np_host_settings_resolve(NpHostSettings *out,
                         const NpHostSettings *own,
                         guint overridden,
                         const NpSettings *cluster)
{
	*out = cluster->host_defaults;
	for (guint i = 0; i < G_N_ELEMENTS(np_settings_table); i++) {
		const NpSettingInfo *info = &np_settings_table[i];
		gsize size;
		if (!info->per_host || (overridden & (1u << i)) == 0)
			continue;
		size = info->kind == NP_KIND_BOOL    ? sizeof(gboolean)
		       : info->kind == NP_KIND_RATIO ? sizeof(gdouble)
		                                     : sizeof(gint64);
		memcpy((guint8 *)out + info->offset, (const guint8 *)own + info->offset, size);
	}
}

/**
 * np_settings_set:
 * @settings: settings
 * @key: a key of scenario.md §1 `settings:`
 * @value: its value as a scenario file writes it (`pack`, `false`, `2.0`)
 *
 * Returns: FALSE with %NP_ERROR_INVALID for an unknown key or a bad value
 */
gboolean
np_settings_set(NpSettings *settings, const gchar *key, const gchar *value, GError **error)
{
	NpScalar scalar = {NP_SCALAR_PLAIN, value};
	g_autofree gchar *message = NULL;
	const gchar *suggestion;

	g_return_val_if_fail(settings != NULL, FALSE);
	g_return_val_if_fail(key != NULL && value != NULL, FALSE);
	switch (np_settings_apply(settings, NULL, NULL, key, &scalar, &message)) {
	case NP_SETTING_OK:
		return TRUE;
	case NP_SETTING_BAD_VALUE:
		g_set_error_literal(error, NP_ERROR, NP_ERROR_INVALID, message);
		return FALSE;
	case NP_SETTING_UNKNOWN:
	case NP_SETTING_CLUSTER_ONLY:
	default:
		suggestion = np_suggest(key, np_settings_keys, -1);
		if (suggestion != NULL)
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "unknown setting '%s'; did you mean '%s'?",
			            key,
			            suggestion);
		else
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "unknown setting '%s'", key);
		return FALSE;
	}
}

/* the shortest text that reads back exactly, with ".0" on whole numbers
 * (as a scenario file writes a ratio) */
static gchar *
np_format_double(gdouble value)
{
	gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_dtostr(buffer, sizeof(buffer), value);
	if (strpbrk(buffer, ".eEn") == NULL)
		return g_strconcat(buffer, ".0", NULL);
	return g_strdup(buffer);
}

/**
 * np_settings_get:
 *
 * Returns: (transfer full) (nullable): the value of @key as text, %NULL
 * for an unknown key
 */
gchar *
np_settings_get(const NpSettings *settings, const gchar *key)
{
	const NpSettingInfo *info = np_setting_info(key, NULL);
	const guint8 *base;

	g_return_val_if_fail(settings != NULL, NULL);
	if (info == NULL)
		return NULL;
	base = info->per_host ? (const guint8 *)&settings->host_defaults : (const guint8 *)settings;
	switch (info->kind) {
	case NP_KIND_BOOL:
		return g_strdup(*(const gboolean *)(base + info->offset) ? "true" : "false");
	case NP_KIND_RATIO:
	case NP_KIND_NUMBER:
		return np_format_double(*(const gdouble *)(base + info->offset));
	case NP_KIND_QUANTITY:
		return g_strdup_printf("%" G_GINT64_FORMAT, *(const gint64 *)(base + info->offset));
	case NP_KIND_SEED:
		return g_strdup_printf("%" G_GUINT64_FORMAT,
		                       *(const guint64 *)(base + info->offset));
	case NP_KIND_ENUM:
	default:
		if (info->offset == G_STRUCT_OFFSET(NpSettings, numa_cells_pack))
			return g_strdup(info->names[settings->numa_cells_pack ? 1 : 0]);
		return g_strdup(info->names[*(const guint *)(base + info->offset)]);
	}
}

/**
 * np_host_settings_get:
 * @own: a host's own values
 * @overridden: which of them it sets
 * @key: a per-host key
 *
 * Returns: (transfer full) (nullable): the host's own value of @key as a
 * scenario file writes it, %NULL when the host does not set it
 */
gchar *
np_host_settings_get(const NpHostSettings *own, guint overridden, const gchar *key)
{
	guint index = 0;
	const NpSettingInfo *info = np_setting_info(key, &index);
	NpSettings settings;

	if (info == NULL || !info->per_host || (overridden & (1u << index)) == 0)
		return NULL;
	np_settings_init(&settings);
	settings.host_defaults = *own;
	return np_settings_get(&settings, key);
}

/* (transfer none): every key, NULL-terminated, in scenario.md §1 order */
const gchar *const *
np_settings_get_keys(void)
{
	return np_settings_keys;
}

gboolean
np_settings_key_is_per_host(const gchar *key)
{
	const NpSettingInfo *info = np_setting_info(key, NULL);
	return info != NULL && info->per_host;
}

NpWeigher
np_settings_get_weigher(const NpSettings *settings)
{
	g_return_val_if_fail(settings != NULL, NP_WEIGHER_SPREAD);
	return settings->weigher;
}

guint64
np_settings_get_seed(const NpSettings *settings)
{
	g_return_val_if_fail(settings != NULL, 0);
	return settings->seed;
}
