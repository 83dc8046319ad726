/* numaplan — checking a scenario (np_scenario_validate) and the values of
 * single objects, shared by the YAML loader and the engine */
#pragma once

#include "np-scenario-private.h"

G_BEGIN_DECLS

/* What validation learnt about names, for checks that follow it (the
 * loader's `expect:`): which VMs the events boot, which hosts exist. */
typedef struct _NpNames NpNames;

void np_names_free(NpNames *names);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpNames, np_names_free)
/* the event that boots @vm, or -1 */
gint64 np_names_vm_event(const NpNames *names, const gchar *vm);
/* FALSE for a host never defined; else *@removed_by is the remove_host
 * event or -1 */
gboolean np_names_host(const NpNames *names, const gchar *host, gint64 *removed_by);

/* np_scenario_validate(), keeping the names for later checks */
gboolean np_scenario_validate_names(const NpScenario *scenario, NpNames **names, GError **error);

/* a host's own values (nodes, settings): FALSE with *@message (transfer
 * full) and *@at, the position of the bad value */
gboolean np_host_check(const NpHost *host, gchar **message, NpPos *at);
/* an event's own values (counts, sizes, dynamic memory against @flavor,
 * which may be %NULL when not a boot) */
gboolean
np_event_check_values(const NpEvent *event, const NpFlavor *flavor, gchar **message, NpPos *at);
/* a flavor's own values */
gboolean np_flavor_check(const NpFlavor *flavor, gchar **message, NpPos *at);

G_END_DECLS
