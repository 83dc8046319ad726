/* numaplan — scenario internals and the limits on what a scenario holds */
#pragma once

#include "np-event-private.h"
#include "np-flavor-private.h"
#include "np-host-private.h"
#include "np-limits.h"
#include "np-scenario.h"
#include "np-settings-private.h"

G_BEGIN_DECLS

/**
 * NpScenario:
 * @path: the file it was read from, %NULL when built in code
 * @name: `name:`, or the file's base name without extension
 * @hosts: the hosts at the start (#NpHost), `count:` expanded
 * @flavors: #NpFlavor in file order
 * @images: #NpImage in file order
 * @events: #NpEvent in file order
 * @expect_json: the top-level `expect:` as JSON text, %NULL for none
 * @sweep: the `sweep:` section (#NpSweepSpec), %NULL for none
 */
struct _NpScenario {
	gchar *path;
	gchar *name;
	NpSettings settings;
	GPtrArray *hosts;
	GPtrArray *flavors;
	GPtrArray *images;
	GPtrArray *events;
	GHashTable *flavor_index; /* name → NpFlavor (the first of that name) */
	GHashTable *image_index;
	gchar *expect_json;
	NpPos expect_pos;
	gpointer sweep;
	GDestroyNotify sweep_free;
	/* np_scenario_validate() passed and nothing changed since: an engine
	 * made from it need not check again */
	gboolean validated;
};

void np_scenario_set_path(NpScenario *scenario, const gchar *path);
void np_scenario_set_name(NpScenario *scenario, const gchar *name);

G_END_DECLS
