/* Imports from files: PowerShell's Get-VMHostNumaNode JSON and Nova's
 * numa_topology; and writing any import (see np-import.h). The live
 * import is np-import-wsman.c. */
#include "np-import.h"

#include <string.h>

#include "np-error.h"
#include "np-json.h"
#include "np-nova-topology.h"
#include "np-scenario-load.h"
#include "np-scenario-write.h"
#include "np-topology-json.h"

NpScenario *
np_import_scenario_new(NpHost *host)
{
	NpScenario *scenario = np_scenario_new(host->name);
	np_scenario_add_host(scenario, host);
	return scenario;
}

gchar *
np_import_flavor_name(gint64 vcpus, gint64 memory_mb, gint64 numa_nodes)
{
	if (numa_nodes > 0)
		return g_strdup_printf("hv-%" G_GINT64_FORMAT "vcpu-%" G_GINT64_FORMAT
		                       "mb-numa%" G_GINT64_FORMAT,
		                       vcpus,
		                       memory_mb,
		                       numa_nodes);
	return g_strdup_printf("hv-%" G_GINT64_FORMAT "vcpu-%" G_GINT64_FORMAT "mb",
	                       vcpus,
	                       memory_mb);
}

static NpHost *
np_host_from_nodes(const gchar *name, const GArray *nodes)
{
	NpHost *host = np_host_new(name);
	for (guint i = 0; i < nodes->len; i++) {
		const NpNodeSpec *node = &g_array_index(nodes, NpNodeSpec, i);
		np_host_add_node(host, node->id, node->cpus, node->memory_mb, node->reserved_mb);
	}
	return host;
}

NpScenario *
np_import_from_powershell(const gchar *data,
                          gsize length,
                          const gchar *path,
                          const gchar *name,
                          GError **error)
{
	g_autofree gchar *computer_name = NULL;
	g_autoptr(GArray) nodes = np_topology_json_parse(data, length, path, &computer_name, error);
	g_autoptr(cJSON) hyperv = NULL;
	cJSON *list;
	NpHost *host;

	if (nodes == NULL)
		return NULL;
	if (computer_name != NULL && computer_name[0] == '\0')
		g_clear_pointer(&computer_name, g_free);
	if (name == NULL && computer_name == NULL) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "%s: no ComputerName in the file: name the host with --name",
		            path);
		return NULL;
	}
	host = np_host_from_nodes(name != NULL ? name : computer_name, nodes);
	/* what the capture says, for a later plan: the host's own name and
	 * each node as Get-VMHostNumaNode reported it */
	hyperv = cJSON_CreateObject();
	if (computer_name != NULL)
		cJSON_AddStringToObject(hyperv, "name", computer_name);
	list = cJSON_AddArrayToObject(hyperv, "nodes");
	for (guint i = 0; i < nodes->len; i++) {
		const NpNodeSpec *node = &g_array_index(nodes, NpNodeSpec, i);
		cJSON *item = cJSON_CreateObject();
		np_json_add_int(item, "id", node->id);
		np_json_add_int(item, "NumberOfLogicalProcessors", node->cpus);
		np_json_add_int(item, "memory_mb", node->memory_mb);
		np_json_add_int(item,
		                "CurrentlyConsumableMemoryBlocks",
		                node->memory_mb - node->reserved_mb);
		cJSON_AddItemToArray(list, item);
	}
	host->hyperv_json = np_json_print_line(hyperv);
	return np_import_scenario_new(host);
}

NpScenario *
np_import_from_nova(const gchar *data,
                    gsize length,
                    const gchar *path,
                    const gchar *name,
                    GError **error)
{
	g_autoptr(GArray) nodes = NULL;

	g_return_val_if_fail(name != NULL, NULL);
	nodes = np_nova_topology_parse(data, length, path, error);
	if (nodes == NULL)
		return NULL;
	return np_import_scenario_new(np_host_from_nodes(name, nodes));
}

gchar *
np_import_to_yaml(const NpScenario *scenario, GError **error)
{
	g_autofree gchar *text = np_scenario_write_yaml(scenario, NP_IMPORT_HEADER, error);
	g_autoptr(NpScenario) back = NULL;
	g_autoptr(GError) local = NULL;

	if (text == NULL)
		return NULL;
	back = np_scenario_load_data(text, strlen(text), "<import>", &local);
	if (back == NULL) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "the scenario written for %s does not load (a numaplan bug): %s",
		            scenario->name,
		            local->message);
		return NULL;
	}
	return g_steal_pointer(&text);
}
