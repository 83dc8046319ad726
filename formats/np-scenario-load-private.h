/* numaplan — the scenario loader's shared parts (formats/): the walker's
 * state and the tree and value helpers of np-scenario-load.c, used by
 * np-scenario-load-events.c (expectations and events) */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "np-scenario-load.h"
#include "np-scenario.h"
#include "np-validate-private.h"
#include "np-yaml-tree-private.h"

G_BEGIN_DECLS

typedef struct {
	const gchar *path;
	gchar *dir; /* where topology files are, NULL for the working directory */
	const NpYTree *tree;
	NpScenario *scenario;
	GPtrArray *scratch; /* texts quoted in a message */
	guint64 nodes_total;
	const gchar *event_keys[NP_EVENT_LAST + 2]; /* the actions and "expect" */
	gchar *actions;                             /* "boot, delete, …, capacity" */
} NpLoader;

/* np-scenario-load.c: the tree, messages and typed values */
gboolean np_check_keys(NpLoader *loader,
                       const NpYNode *map,
                       const gchar *section,
                       const gchar *const *known,
                       GError **error);
const NpYNode *np_child(const NpLoader *loader, const NpYNode *node, guint i);
const gchar *np_describe(NpLoader *loader, const NpYNode *node);
gboolean
np_fail(const NpLoader *loader, const NpYNode *at, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);
guint np_length(const NpYNode *node);
gboolean np_load_host(NpLoader *loader,
                      const NpYNode *item,
                      const gchar *section,
                      GPtrArray *out,
                      GError **error);
gboolean np_load_hyperv(NpLoader *loader,
                        const NpYNode *map,
                        const gchar *section,
                        gchar **out,
                        GError **error);
const NpYNode *np_map_get(const NpLoader *loader, const NpYNode *map, const gchar *key);
const NpYNode *np_map_key(const NpLoader *loader, const NpYNode *map, guint i);
const NpYNode *np_map_value(const NpLoader *loader, const NpYNode *map, guint i);
cJSON *np_node_to_json(NpLoader *loader, const NpYNode *node, const gchar *section, GError **error);
gchar *
np_node_to_json_text(NpLoader *loader, const NpYNode *node, const gchar *section, GError **error);
NpPos np_pos_of(const NpYNode *node);
gboolean np_read_bool(NpLoader *loader,
                      const NpYNode *value,
                      const gchar *key,
                      gboolean *out,
                      GError **error);
gboolean np_read_int(NpLoader *loader,
                     const NpYNode *value,
                     const gchar *key,
                     gint64 minimum,
                     gint64 maximum,
                     gint64 *out,
                     GError **error);
gboolean np_read_name(NpLoader *loader,
                      const NpYNode *value,
                      const gchar *key,
                      const gchar **out,
                      GError **error);
gboolean np_read_quantity(NpLoader *loader,
                          const NpYNode *value,
                          const gchar *key,
                          gint64 minimum,
                          gint64 *out,
                          GError **error);
const NpYNode *np_require_key(NpLoader *loader,
                              const NpYNode *map,
                              const gchar *key,
                              const gchar *section,
                              GError **error);
gboolean np_require_list(NpLoader *loader, const NpYNode *node, const gchar *what, GError **error);
gboolean
np_require_mapping(NpLoader *loader, const NpYNode *node, const gchar *what, GError **error);
const gchar *np_show(NpLoader *loader, const gchar *text);
gboolean np_unknown_key(NpLoader *loader,
                        const NpYNode *key,
                        const gchar *section,
                        const gchar *const *known,
                        GError **error);

/* np-scenario-load-events.c */
gboolean np_load_events(NpLoader *loader, const NpYNode *list, GError **error);
gboolean np_load_expect(NpLoader *loader, const NpYNode *map, const NpNames *names, GError **error);

G_END_DECLS
