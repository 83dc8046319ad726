/* Scenarios: scenario.md §1. Loading is formats/np-scenario-load.c,
 * checking np-validate.c. */
#include "np-scenario-private.h"

/**
 * np_scenario_new:
 * @name: (nullable): the scenario's name, as results name it
 *
 * Returns: (transfer full): an empty scenario with the default settings
 */
NpScenario *
np_scenario_new(const gchar *name)
{
	NpScenario *scenario = g_new0(NpScenario, 1);
	scenario->name = g_strdup(name != NULL ? name : "scenario");
	np_settings_init(&scenario->settings);
	scenario->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_host_free);
	scenario->flavors = g_ptr_array_new_with_free_func((GDestroyNotify)np_flavor_unref);
	scenario->images = g_ptr_array_new_with_free_func((GDestroyNotify)np_image_unref);
	scenario->events = g_ptr_array_new_with_free_func((GDestroyNotify)np_event_free);
	scenario->flavor_index = g_hash_table_new(g_str_hash, g_str_equal);
	scenario->image_index = g_hash_table_new(g_str_hash, g_str_equal);
	return scenario;
}

void
np_scenario_free(NpScenario *scenario)
{
	if (scenario == NULL)
		return;
	g_free(scenario->path);
	g_free(scenario->name);
	g_hash_table_unref(scenario->flavor_index);
	g_hash_table_unref(scenario->image_index);
	g_ptr_array_unref(scenario->hosts);
	g_ptr_array_unref(scenario->flavors);
	g_ptr_array_unref(scenario->images);
	g_ptr_array_unref(scenario->events);
	g_free(scenario->expect_json);
	if (scenario->sweep != NULL && scenario->sweep_free != NULL)
		scenario->sweep_free(scenario->sweep);
	g_free(scenario);
}

void
np_scenario_set_path(NpScenario *scenario, const gchar *path)
{
	g_free(scenario->path);
	scenario->path = g_strdup(path);
}

void
np_scenario_set_name(NpScenario *scenario, const gchar *name)
{
	g_free(scenario->name);
	scenario->name = g_strdup(name);
}

const gchar *
np_scenario_get_name(const NpScenario *scenario)
{
	g_return_val_if_fail(scenario != NULL, NULL);
	return scenario->name;
}

/* (nullable): the file it was read from */
const gchar *
np_scenario_get_path(const NpScenario *scenario)
{
	g_return_val_if_fail(scenario != NULL, NULL);
	return scenario->path;
}

/* (transfer none): the settings, to change in place */
NpSettings *
np_scenario_get_settings(NpScenario *scenario)
{
	g_return_val_if_fail(scenario != NULL, NULL);
	/* the caller may change them */
	scenario->validated = FALSE;
	return &scenario->settings;
}

/* @host: (transfer full) */
void
np_scenario_add_host(NpScenario *scenario, NpHost *host)
{
	g_return_if_fail(scenario != NULL && host != NULL);
	scenario->validated = FALSE;
	g_ptr_array_add(scenario->hosts, host);
}

/* @flavor: (transfer full); a second flavor of a name is an error for
 * np_scenario_validate() */
void
np_scenario_add_flavor(NpScenario *scenario, NpFlavor *flavor)
{
	g_return_if_fail(scenario != NULL && flavor != NULL);
	scenario->validated = FALSE;
	g_ptr_array_add(scenario->flavors, flavor);
	if (!g_hash_table_contains(scenario->flavor_index, flavor->name))
		g_hash_table_insert(scenario->flavor_index, flavor->name, flavor);
}

/* @image: (transfer full) */
void
np_scenario_add_image(NpScenario *scenario, NpImage *image)
{
	g_return_if_fail(scenario != NULL && image != NULL);
	scenario->validated = FALSE;
	g_ptr_array_add(scenario->images, image);
	if (!g_hash_table_contains(scenario->image_index, image->name))
		g_hash_table_insert(scenario->image_index, image->name, image);
}

/* @event: (transfer full): appended after the scenario's events */
void
np_scenario_add_event(NpScenario *scenario, NpEvent *event)
{
	g_return_if_fail(scenario != NULL && event != NULL);
	scenario->validated = FALSE;
	event->index = scenario->events->len;
	g_ptr_array_add(scenario->events, event);
}

guint
np_scenario_get_n_hosts(const NpScenario *scenario)
{
	g_return_val_if_fail(scenario != NULL, 0);
	return scenario->hosts->len;
}

const NpHost *
np_scenario_get_host(const NpScenario *scenario, guint index)
{
	g_return_val_if_fail(scenario != NULL && index < scenario->hosts->len, NULL);
	return g_ptr_array_index(scenario->hosts, index);
}

guint
np_scenario_get_n_events(const NpScenario *scenario)
{
	g_return_val_if_fail(scenario != NULL, 0);
	return scenario->events->len;
}

const NpEvent *
np_scenario_get_event(const NpScenario *scenario, guint index)
{
	g_return_val_if_fail(scenario != NULL && index < scenario->events->len, NULL);
	return g_ptr_array_index(scenario->events, index);
}

/* (transfer none) (nullable) */
NpFlavor *
np_scenario_lookup_flavor(const NpScenario *scenario, const gchar *name)
{
	g_return_val_if_fail(scenario != NULL, NULL);
	return name != NULL ? g_hash_table_lookup(scenario->flavor_index, name) : NULL;
}

/* (transfer none) (nullable) */
NpImage *
np_scenario_lookup_image(const NpScenario *scenario, const gchar *name)
{
	g_return_val_if_fail(scenario != NULL, NULL);
	return name != NULL ? g_hash_table_lookup(scenario->image_index, name) : NULL;
}
