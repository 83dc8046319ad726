/* numaplan settings: every key of `settings:` with its default */
#include <stdio.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-settings.h"

static const struct {
	const gchar *key;
	const gchar *what;
} np_descriptions[] = {
    {"cpu_allocation_ratio", "vCPUs Nova lets claim per logical processor (Nova 26: 16.0)"},
    {"ram_allocation_ratio", "MiB Nova lets claim per MiB (Nova 26: 1.5)"},
    {"weigher", "spread (RAM weigher), pack (its reverse) or nova (Nova's default set)"},
    {"ram_weight_multiplier", "nova weigher: RAM weigher multiplier"},
    {"cpu_weight_multiplier", "nova weigher: CPU weigher multiplier"},
    {"build_failure_weight_multiplier", "nova weigher: build failure weigher multiplier"},
    {"numa_cells", "Nova's cell order for the NUMA fit: spread or pack"},
    {"backing", "where Hyper-V backs memory: most-free, best-fit or first-fit"},
    {"image_conflict", "flavor vs image: override (the blueprint) or reject (Nova 26)"},
    {"dynamic_memory_ratio", "Nova's [hyperv] dynamic_memory_ratio"},
    {"numa_spanning", "Hyper-V NUMA spanning"},
    {"max_vnuma_vcpus", "vCPUs a vNUMA VM may have (0: no limit)"},
    {"max_vnuma_memory_mb", "MiB a vNUMA VM may have (0: no limit)"},
    {"max_attempts", "starts per boot, reschedules included"},
    {"seed", "seed for sweeps"},
};

gint
np_cli_settings(gint argc, gchar **argv, GError **error)
{
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);
	g_autoptr(NpSettings) defaults = np_settings_new();
	const gchar *const *keys = np_settings_get_keys();
	GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Lists every key of a scenario's settings: with its default (rules.md), whether\n"
	    "a host may set it too, and what it means.\n\n"
	    "The defaults are the contract's, not Nova's initial ones: Nova 26 starts a\n"
	    "compute node with cpu_allocation_ratio 16.0 and ram_allocation_ratio 1.5; set\n"
	    "those under settings: to model a deployment that kept them. The default\n"
	    "weigher, spread, is Nova's RAM weigher alone; weigher: nova is Nova 26's\n"
	    "default set (RAM, CPU, build failures). Between hosts of equal weight Nova\n"
	    "picks at random; numaplan picks the host listed first (docs/scheduling.md).\n\n"
	    "Example:\n"
	    "  numaplan settings");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (argc > 1) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "unexpected argument '%s'", argv[1]);
		return NP_EXIT_BAD_INPUT;
	}
	printf("%-32s %-10s %-5s %s\n", "setting", "default", "host", "meaning");
	for (guint i = 0; keys[i] != NULL; i++) {
		g_autofree gchar *value = np_settings_get(defaults, keys[i]);
		const gchar *what = "";
		for (guint d = 0; d < G_N_ELEMENTS(np_descriptions); d++) {
			if (g_strcmp0(np_descriptions[d].key, keys[i]) == 0)
				what = np_descriptions[d].what;
		}
		printf("%-32s %-10s %-5s %s\n",
		       keys[i],
		       value,
		       np_settings_key_is_per_host(keys[i]) ? "yes" : "",
		       what);
	}
	return NP_EXIT_OK;
}
