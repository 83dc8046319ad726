/* The invariant checker (NP_DEBUG_CHECK=1): after every event the books
 * must balance. A failure here is a bug in the engine, never bad input. */
#include "np-error.h"
#include "np-sim-private.h"

static gboolean G_GNUC_PRINTF(2, 3) np_broken(GError **error, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error_literal(error, NP_ERROR, NP_ERROR_INVALID, message);
	return FALSE;
}

gboolean
np_cluster_check(const NpCluster *c, GError **error)
{
	guint n_hosts = c->hosts->len;
	g_autofree gint64 *host_vcpus = g_new0(gint64, n_hosts + 1);
	g_autofree gint64 *host_memory = g_new0(gint64, n_hosts + 1);
	g_autoptr(GHashTable) node_claims = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_autoptr(GHashTable) node_backed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

	for (guint i = 0; i < c->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(c->vms, i);
		gboolean placed = vm->status == NP_STATUS_ACTIVE || vm->status == NP_STATUS_STOPPED;
		const NpSimHost *host;
		if (!placed) {
			if (vm->host >= 0 || vm->claimed || vm->backing->len > 0)
				return np_broken(error, "%s is %s but holds a host, claims or memory",
						 vm->name, np_status_to_string(vm->status));
			continue;
		}
		if (vm->host < 0 || !vm->claimed)
			return np_broken(error, "%s is %s without a host or claims", vm->name,
					 np_status_to_string(vm->status));
		host = g_ptr_array_index(c->hosts, vm->host);
		if (host->failed || host->removed)
			return np_broken(error, "%s is on %s, which has %s", vm->name, host->name,
					 host->failed ? "failed" : "been removed");
		if (vm->status == NP_STATUS_STOPPED && vm->backing->len > 0)
			return np_broken(error, "%s is stopped but holds memory", vm->name);
		if (vm->status == NP_STATUS_ACTIVE && vm->backing->len == 0)
			return np_broken(error, "%s is active but holds no memory", vm->name);
		host_vcpus[vm->host] += vm->flavor->vcpus;
		host_memory[vm->host] += vm->flavor->memory_mb;
		for (guint k = 0; vm->cells != NULL && k < vm->cells->len; k++) {
			const NpVCell *vcell = g_ptr_array_index(vm->res->cells, k);
			const NpSimNode *node =
			    &g_array_index(host->nodes, NpSimNode, g_array_index(vm->cells, guint, k));
			g_autofree gchar *key = g_strdup_printf("%u/%" G_GINT64_FORMAT, vm->host, node->id);
			gint64 *sum = g_hash_table_lookup(node_claims, key);
			if (sum == NULL) {
				sum = g_new0(gint64, 2);
				g_hash_table_insert(node_claims, g_strdup(key), sum);
			}
			sum[0] += np_vcell_get_shared_cpus(vcell);
			sum[1] += vcell->memory_mb;
		}
		for (guint u = 0; u < vm->backing->len; u++) {
			const NpUnit *unit = g_ptr_array_index(vm->backing, u);
			for (guint p = 0; p < unit->parts->len; p++) {
				const NpPart *part = &g_array_index(unit->parts, NpPart, p);
				g_autofree gchar *key =
				    g_strdup_printf("%u/%" G_GINT64_FORMAT, vm->host, part->node);
				gint64 *sum;
				if (np_sim_host_node_by_id((NpSimHost *)host, part->node) == NULL)
					return np_broken(error, "%s has memory on node %" G_GINT64_FORMAT
							 ", which %s lacks",
							 vm->name, part->node, host->name);
				if (part->memory_mb < 0)
					return np_broken(error, "%s has a negative part", vm->name);
				sum = g_hash_table_lookup(node_backed, key);
				if (sum == NULL) {
					sum = g_new0(gint64, 1);
					g_hash_table_insert(node_backed, g_strdup(key), sum);
				}
				sum[0] += part->memory_mb;
			}
		}
	}
	for (guint h = 0; h < n_hosts; h++) {
		const NpSimHost *host = g_ptr_array_index(c->hosts, h);
		if (host->claimed_vcpus != host_vcpus[h] || host->claimed_memory_mb != host_memory[h])
			return np_broken(error,
					 "%s claims %" G_GINT64_FORMAT " vCPUs / %" G_GINT64_FORMAT
					 " MiB but its VMs add up to %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT,
					 host->name, host->claimed_vcpus, host->claimed_memory_mb,
					 host_vcpus[h], host_memory[h]);
		for (guint n = 0; n < host->nodes->len; n++) {
			const NpSimNode *node = &g_array_index(host->nodes, NpSimNode, n);
			g_autofree gchar *key = g_strdup_printf("%u/%" G_GINT64_FORMAT, h, node->id);
			const gint64 *claims = g_hash_table_lookup(node_claims, key);
			const gint64 *backed = g_hash_table_lookup(node_backed, key);
			gint64 cv = claims != NULL ? claims[0] : 0, cm = claims != NULL ? claims[1] : 0;
			gint64 b = backed != NULL ? backed[0] : 0;
			if (node->claimed_vcpus != cv || node->claimed_memory_mb != cm)
				return np_broken(error,
						 "%s node %" G_GINT64_FORMAT " claims %" G_GINT64_FORMAT
						 " vCPUs / %" G_GINT64_FORMAT " MiB; its cells add up to %" G_GINT64_FORMAT
						 " / %" G_GINT64_FORMAT,
						 host->name, node->id, node->claimed_vcpus,
						 node->claimed_memory_mb, cv, cm);
			if (node->free_mb + b != node->capacity_mb || node->free_mb < 0)
				return np_broken(error,
						 "%s node %" G_GINT64_FORMAT ": backed %" G_GINT64_FORMAT
						 " + free %" G_GINT64_FORMAT " != capacity %" G_GINT64_FORMAT,
						 host->name, node->id, b, node->free_mb, node->capacity_mb);
		}
	}
	return TRUE;
}
