/* numaplan — reading a scenario's `sweep:` section (scenario.md §6) from
 * the positioned YAML tree; called by the scenario loader */
#pragma once

#include "np-sweep-spec-private.h"
#include "np-yaml-tree-private.h"

G_BEGIN_DECLS

/* @node: the value of `sweep:` in the file @path. Reads it with the
 * scenario loader's words for errors (`PATH:LINE:COLUMN: message`,
 * NP_ERROR_INVALID), checks it against @scenario (whose names are
 * already validated) and gives it to @scenario. */
gboolean np_sweep_load(const NpYTree *tree,
                       const NpYNode *node,
                       const gchar *path,
                       NpScenario *scenario,
                       GError **error);

G_END_DECLS
