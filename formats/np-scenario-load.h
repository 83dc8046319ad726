/* numaplan — reading scenario files (scenario.md §1) */
#pragma once

#include <glib.h>

#include "np-scenario.h"

G_BEGIN_DECLS

NpScenario *np_scenario_load_file(const gchar *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
NpScenario *np_scenario_load_data(const gchar *data,
                                  gsize length,
                                  const gchar *path,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
