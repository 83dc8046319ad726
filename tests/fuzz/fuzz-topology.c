/* libFuzzer harness: a host's topology as JSON, both forms on every
 * input — `Get-VMHostNumaNode | ConvertTo-Json` (topology_file:,
 * import --from-json; formats/np-topology-json.c) and Nova's
 * numa_topology (import --from-nova; formats/np-nova-topology.c) —
 * through the JSON reader's limits (formats/np-json.c) */
#include "np-fuzz.h"
#include "np-nova-topology.h"
#include "np-topology-json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) nova_error = NULL;
	g_autofree gchar *computer_name = NULL;
	g_autoptr(GArray) nodes =
	    np_topology_json_parse((const gchar *)data, size, "fuzz.json", &computer_name, &error);
	g_autoptr(GArray) cells =
	    np_nova_topology_parse((const gchar *)data, size, "fuzz.json", &nova_error);

	g_assert((nodes == NULL) != (error == NULL));
	g_assert((cells == NULL) != (nova_error == NULL));
	return 0;
}
