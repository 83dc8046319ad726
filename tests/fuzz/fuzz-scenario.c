/* libFuzzer harness: a scenario file through the YAML loader
 * (formats/np-scenario-load.c): the YAML tree and its limits, every
 * section, the validation, `topology_file:` reading */
#include "np-fuzz.h"
#include "np-scenario-load.h"
#include "np-scenario-private.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpScenario) scenario =
	    np_scenario_load_data((const gchar *)data, size, "fuzz.yaml", &error);

	/* exactly one of the two, and an error says where */
	g_assert((scenario == NULL) != (error == NULL));
	g_assert(error == NULL || error->message[0] != '\0');
	return 0;
}
