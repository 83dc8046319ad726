/* numaplan — a host's NUMA topology as PowerShell writes it */
#pragma once

#include "np-scenario-private.h"

G_BEGIN_DECLS

/**
 * np_topology_json_parse:
 * @data: `Get-VMHostNumaNode | ConvertTo-Json` output: an array, or one
 *   object for a one-node host; UTF-8 (BOM allowed) or UTF-16 with BOM
 * @path: names the file in messages
 * @computer_name: (out) (optional): the first `ComputerName`, or %NULL
 *
 * Returns: (transfer full): the nodes (#NpNodeSpec): `NodeId` → id, the
 * length of `ProcessorsAvailability` → cpus, `MemoryTotal` → memory_mb,
 * `MemoryTotal − MemoryAvailable` → reserved_mb.
 */
GArray *np_topology_json_parse(const gchar *data,
                               gsize length,
                               const gchar *path,
                               gchar **computer_name,
                               GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
