/* numaplan — writing a scenario file (scenario.md §1), as imports do */
#pragma once

#include "np-scenario-private.h"

G_BEGIN_DECLS

/**
 * np_scenario_write_yaml:
 * @scenario: a scenario built in code or loaded
 * @header: (nullable): comment lines put first (each line gets "# ")
 *
 * Writes what an import holds: the name, settings that differ from the
 * defaults, hosts (their own settings, nodes, `hyperv:` maps), flavors,
 * images and `boot` events (count, image, host, dynamic_memory,
 * `hyperv:`). Every string is double-quoted, so any name reads back as
 * written, and the same scenario always gives the same bytes: loading
 * the text and writing it again gives it back unchanged.
 *
 * Returns: (transfer full): the YAML text, or %NULL with
 * %NP_ERROR_UNSUPPORTED for what it cannot write (another event type,
 * `expect:`, `sweep:`)
 */
gchar *np_scenario_write_yaml(const NpScenario *scenario,
                              const gchar *header,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
