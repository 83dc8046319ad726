/* numaplan — scenario settings (scenario.md §1, defaults in rules.md)
 *
 * Settings are set by key with the value written as in a scenario file
 * (`weigher`, `pack`): the same table serves the YAML loader, `compare
 * --set KEY=VALUE` and programs that build scenarios in code.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * NpWeigher:
 * @NP_WEIGHER_SPREAD: Nova's RAM weigher alone, multiplier +1 (default)
 * @NP_WEIGHER_PACK: the RAM weigher, multiplier −1
 * @NP_WEIGHER_NOVA: Nova 26's default weigher set (RAM, CPU, build failures)
 *
 * rules.md §3.
 */
typedef enum { NP_WEIGHER_SPREAD, NP_WEIGHER_PACK, NP_WEIGHER_NOVA, NP_WEIGHER_LAST } NpWeigher;

/**
 * NpBackingPolicy:
 * @NP_BACKING_MOST_FREE: the node with most free memory (Hyper-V, default)
 * @NP_BACKING_BEST_FIT: the node with least free memory that fits
 * @NP_BACKING_FIRST_FIT: the lowest node id that fits
 *
 * rules.md §4.
 */
typedef enum {
	NP_BACKING_MOST_FREE,
	NP_BACKING_BEST_FIT,
	NP_BACKING_FIRST_FIT,
	NP_BACKING_LAST
} NpBackingPolicy;

/**
 * NpImageConflict:
 * @NP_IMAGE_CONFLICT_OVERRIDE: the flavor wins, with a warning (the blueprint)
 * @NP_IMAGE_CONFLICT_REJECT: conflicts are errors (Nova 26)
 */
typedef enum {
	NP_IMAGE_CONFLICT_OVERRIDE,
	NP_IMAGE_CONFLICT_REJECT,
	NP_IMAGE_CONFLICT_LAST
} NpImageConflict;

const gchar *np_weigher_to_string(NpWeigher weigher);
NpWeigher np_weigher_from_string(const gchar *str);
const gchar *np_backing_policy_to_string(NpBackingPolicy policy);
NpBackingPolicy np_backing_policy_from_string(const gchar *str);
const gchar *np_image_conflict_to_string(NpImageConflict mode);
NpImageConflict np_image_conflict_from_string(const gchar *str);

typedef struct _NpSettings NpSettings;

NpSettings *np_settings_new(void) G_GNUC_WARN_UNUSED_RESULT;
NpSettings *np_settings_copy(const NpSettings *settings) G_GNUC_WARN_UNUSED_RESULT;
void np_settings_free(NpSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpSettings, np_settings_free)

gboolean
np_settings_set(NpSettings *settings, const gchar *key, const gchar *value, GError **error);
gchar *np_settings_get(const NpSettings *settings, const gchar *key) G_GNUC_WARN_UNUSED_RESULT;
const gchar *const *np_settings_get_keys(void);
gboolean np_settings_key_is_per_host(const gchar *key);

NpWeigher np_settings_get_weigher(const NpSettings *settings);
guint64 np_settings_get_seed(const NpSettings *settings);

G_END_DECLS
