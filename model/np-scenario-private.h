/* numaplan — scenario internals and the limits on what a scenario holds */
#pragma once

#include "np-event-private.h"
#include "np-flavor-private.h"
#include "np-host-private.h"
#include "np-scenario.h"
#include "np-settings-private.h"

G_BEGIN_DECLS

/* the largest size or count a scenario may hold (MiB, vCPUs, LPs, count:):
 * 1 EiB of memory per node; sums over every node of a scenario stay far
 * inside gint64, and each value is exact as a double */
#define NP_SCENARIO_MAX_QUANTITY (G_GINT64_CONSTANT(1) << 40)
/* NUMA nodes over all hosts and VM names over all boots, `count:`
 * expanded: a short file must not make the engine allocate without end */
#define NP_SCENARIO_MAX_NODES 1000000
#define NP_SCENARIO_MAX_VMS 1000000

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
