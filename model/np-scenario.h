/* numaplan — a scenario: settings, hosts, flavors, images and events
 * (scenario.md §1), read from a file or built in code */
#pragma once

#include <glib.h>

#include "np-event.h"
#include "np-flavor.h"
#include "np-host.h"
#include "np-settings.h"

G_BEGIN_DECLS

typedef struct _NpScenario NpScenario;

NpScenario *np_scenario_new(const gchar *name) G_GNUC_WARN_UNUSED_RESULT;
void np_scenario_free(NpScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpScenario, np_scenario_free)

const gchar *np_scenario_get_name(const NpScenario *scenario);
const gchar *np_scenario_get_path(const NpScenario *scenario);
NpSettings *np_scenario_get_settings(NpScenario *scenario);

void np_scenario_add_host(NpScenario *scenario, NpHost *host);
void np_scenario_add_flavor(NpScenario *scenario, NpFlavor *flavor);
void np_scenario_add_image(NpScenario *scenario, NpImage *image);
void np_scenario_add_event(NpScenario *scenario, NpEvent *event);

guint np_scenario_get_n_hosts(const NpScenario *scenario);
const NpHost *np_scenario_get_host(const NpScenario *scenario, guint index);
guint np_scenario_get_n_events(const NpScenario *scenario);
const NpEvent *np_scenario_get_event(const NpScenario *scenario, guint index);
NpFlavor *np_scenario_lookup_flavor(const NpScenario *scenario, const gchar *name);
NpImage *np_scenario_lookup_image(const NpScenario *scenario, const gchar *name);

gboolean np_scenario_validate(const NpScenario *scenario, GError **error);

G_END_DECLS
