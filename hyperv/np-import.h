/* numaplan — imports: a Hyper-V host as a scenario (scenario.md §3, §5, §7)
 *
 * Three sources give one host each: a live host over WS-Management (its
 * VMs too), `Get-VMHostNumaNode | ConvertTo-Json` output, and Nova's
 * `numa_topology` JSON. Each becomes an NpScenario that
 * np_import_to_yaml() writes; the `hyperv:` maps it carries are listed
 * in docs/hyperv-import.md ("The written scenario").
 */
#pragma once

#include <glib.h>

#include "np-hyperv-inventory.h"
#include "np-scenario-private.h"

G_BEGIN_DECLS

/* the comment every import starts with */
#define NP_IMPORT_HEADER                                                            \
	"Written by `numaplan import`: the host as it reported itself, and for a\n" \
	"live import each VM as a boot forced onto it. The hyperv: maps record\n"   \
	"what the host reported (docs/hyperv-import.md); run ignores them."

/* `Get-VMHostNumaNode | ConvertTo-Json` (any shape PowerShell writes) →
 * one host named @name, else the file's ComputerName. Errors name @path
 * (NP_ERROR; the message has its position) */
NpScenario *np_import_from_powershell(const gchar *data,
                                      gsize length,
                                      const gchar *path,
                                      const gchar *name,
                                      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* a NUMATopology document (scenario.md §7) → one host named @name */
NpScenario *np_import_from_nova(const gchar *data,
                                gsize length,
                                const gchar *path,
                                const gchar *name,
                                GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* a live host's inventory → its host (named @name, else as it reports
 * itself) and a boot per VM. Values Hyper-V would not hold (no vCPU, a
 * vNUMA cap of 0, dynamic memory out of order) are NP_WSMAN_ERROR_REPLY;
 * what is only odd (a node without memory, left out as os-win does) is
 * added to @warnings. Only in builds with the `wsman` feature
 * (np-import-wsman.c) */
NpScenario *np_import_from_inventory(const NpHypervInventory *inventory,
                                     const gchar *name,
                                     GPtrArray *warnings,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* a scenario holding @host (taken) and named after it */
NpScenario *np_import_scenario_new(NpHost *host) G_GNUC_WARN_UNUSED_RESULT;

/* a deterministic flavor name for these values ("hv-4vcpu-8192mb-numa2";
 * @numa_nodes 0 when vNUMA is off) */
gchar *
np_import_flavor_name(gint64 vcpus, gint64 memory_mb, gint64 numa_nodes) G_GNUC_WARN_UNUSED_RESULT;

/* the scenario file: written, then read back as `check` reads it (a
 * failure there is a bug, NP_ERROR_INVALID) */
gchar *np_import_to_yaml(const NpScenario *scenario, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
