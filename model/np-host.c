/* Host definitions: rules.md §1 */
#include "np-enum-private.h"
#include "np-error.h"
#include "np-host-private.h"

/**
 * np_host_new:
 * @name: the host's name
 *
 * Returns: (transfer full): a host without nodes, taking every per-host
 * setting from the scenario until np_host_set() sets it
 */
NpHost *
np_host_new(const gchar *name)
{
	NpHost *host;
	NpSettings defaults;
	g_return_val_if_fail(name != NULL, NULL);
	np_settings_init(&defaults);
	host = g_new0(NpHost, 1);
	host->name = g_strdup(name);
	host->nodes = g_array_new(FALSE, TRUE, sizeof(NpNodeSpec));
	host->settings = defaults.host_defaults;
	return host;
}

NpHost *
np_host_copy(const NpHost *host)
{
	NpHost *copy;
	g_return_val_if_fail(host != NULL, NULL);
	copy = np_host_new(host->name);
	g_array_append_vals(copy->nodes, host->nodes->data, host->nodes->len);
	copy->settings = host->settings;
	copy->overridden = host->overridden;
	copy->pos = host->pos;
	copy->name_pos = host->name_pos;
	copy->hyperv_json = g_strdup(host->hyperv_json);
	return copy;
}

void
np_host_free(NpHost *host)
{
	if (host == NULL)
		return;
	g_free(host->name);
	g_array_unref(host->nodes);
	g_free(host->hyperv_json);
	g_free(host);
}

/**
 * np_host_add_node:
 * @id: the physical node id (unique on the host)
 * @cpus: logical processors
 * @memory_mb: total memory, MiB
 * @reserved_mb: what the root partition keeps, MiB
 *
 * Values are checked by np_scenario_validate() (and np_engine_add_host()).
 */
void
np_host_add_node(NpHost *host, gint64 id, gint64 cpus, gint64 memory_mb, gint64 reserved_mb)
{
	NpNodeSpec node = {id, cpus, memory_mb, reserved_mb, NP_POS_NONE, NP_POS_NONE};
	g_return_if_fail(host != NULL);
	g_array_append_val(host->nodes, node);
}

/**
 * np_host_set:
 * @key: a per-host setting (rules.md §3): numa_spanning,
 *   cpu_allocation_ratio, ram_allocation_ratio, max_vnuma_vcpus,
 *   max_vnuma_memory_mb
 * @value: as a scenario file writes it
 *
 * Returns: FALSE with %NP_ERROR_INVALID for another key or a bad value
 */
gboolean
np_host_set(NpHost *host, const gchar *key, const gchar *value, GError **error)
{
	NpScalar scalar = {NP_SCALAR_PLAIN, value};
	g_autofree gchar *message = NULL;

	g_return_val_if_fail(host != NULL && key != NULL && value != NULL, FALSE);
	switch (
	    np_settings_apply(NULL, &host->settings, &host->overridden, key, &scalar, &message)) {
	case NP_SETTING_OK:
		return TRUE;
	case NP_SETTING_BAD_VALUE:
		g_set_error_literal(error, NP_ERROR, NP_ERROR_INVALID, message);
		return FALSE;
	case NP_SETTING_CLUSTER_ONLY:
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "'%s' is a cluster-wide setting; a host cannot set it",
		            key);
		return FALSE;
	case NP_SETTING_UNKNOWN:
	default:
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "unknown setting '%s'", key);
		return FALSE;
	}
}

const gchar *
np_host_get_name(const NpHost *host)
{
	g_return_val_if_fail(host != NULL, NULL);
	return host->name;
}

guint
np_host_get_n_nodes(const NpHost *host)
{
	g_return_val_if_fail(host != NULL, 0);
	return host->nodes->len;
}
