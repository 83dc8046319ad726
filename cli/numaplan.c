/* numaplan — predict where Hyper-V VMs land and whether they span NUMA nodes */
#include "np-config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"

static const NpCliCommand np_commands[] = {
    {"run",
     "SCENARIO",
     "replay a scenario: placement, backing, spanning, expectations",
     np_cli_run},
    {"check", "SCENARIO", "load and validate a scenario file; run nothing", np_cli_check},
    {"capacity",
     "SCENARIO --flavor F...",
     "how many more VMs of each flavor fit after the scenario",
     np_cli_capacity},
    {"settings", "", "every setting of a scenario, with its default", np_cli_settings},
    {"failover", "SCENARIO", "N+1: each host failed on a copy; where its VMs go", np_cli_failover},
    {"compare",
     "SCENARIO [OTHER]",
     "what if: two replays (or --set KEY=VALUE) side by side",
     np_cli_compare},
    {"explain", "SCENARIO VM", "why a VM landed where it did, or failed", np_cli_explain},
    {"resolve",
     "< CASES.jsonl",
     "answer request-resolution cases (JSON Lines) the way Nova and Hyper-V would",
     np_cli_resolve},
    {"sweep",
     "SCENARIO --trials N",
     "random arrivals, lifetimes and host failures, many trials (sweep: section)",
     np_cli_sweep},
    {"merge", "PART.json...", "join a sweep's shards into the single run's document", np_cli_merge},
    {"import",
     "--wsman URL|--from-...",
     "a Hyper-V host (and its VMs) as a scenario file",
     np_cli_import},
    {"plan",
     "SCENARIO [-o PLAN]",
     "what apply would change on imported Hyper-V hosts (a JSON plan)",
     np_cli_plan},
    {"apply",
     "PLAN --wsman URL",
     "make a live Hyper-V host match a plan (or --emit powershell)",
     np_cli_apply},
    {"topology",
     "SCENARIO [--host H]",
     "a host's NUMA nodes after a scenario; Nova's numa_topology",
     np_cli_topology},
};

static void
np_print_usage(FILE *out)
{
	fprintf(out,
	        "Usage: numaplan COMMAND [OPTIONS]\n\n"
	        "Predicts where VMs land on Hyper-V hosts and whether their memory spans\n"
	        "physical NUMA nodes, from Nova's scheduling rules and Hyper-V's backing.\n\n"
	        "Commands:\n");
	for (guint i = 0; i < G_N_ELEMENTS(np_commands); i++)
		fprintf(out,
		        "  %-10s %-22s %s\n",
		        np_commands[i].name,
		        np_commands[i].args,
		        np_commands[i].summary);
	fprintf(out,
	        "\nRun 'numaplan COMMAND --help' for a command's options.\n"
	        "Exit status: 0 ok, 1 an expectation failed, 2 bad input or usage,\n"
	        "3 other failure (I/O, a live host).\n");
}

gboolean
np_cli_debug_check(void)
{
	const gchar *value = g_getenv("NP_DEBUG_CHECK");
	return value != NULL && value[0] != '\0' && g_strcmp0(value, "0") != 0;
}

/* "PATH:LINE:COLUMN: ..." */
static gboolean
np_starts_with_position(const gchar *message)
{
	g_autoptr(GRegex) re = g_regex_new("^[^\\n]+?:[0-9]+:[0-9]+: ", 0, 0, NULL);
	return re != NULL && g_regex_match(re, message, 0, NULL);
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	const gchar *name;
	gint status;

	/* numbers in every output use the C locale */
	setlocale(LC_ALL, "C");

	if (argc < 2) {
		np_print_usage(stderr);
		return NP_EXIT_BAD_INPUT;
	}
	name = argv[1];
	if (g_strcmp0(name, "--help") == 0 || g_strcmp0(name, "-h") == 0
	    || g_strcmp0(name, "help") == 0) {
		np_print_usage(stdout);
		return NP_EXIT_OK;
	}
	if (g_strcmp0(name, "--version") == 0) {
		printf("numaplan %s\n", NP_VERSION);
		return NP_EXIT_OK;
	}
	for (guint i = 0; i < G_N_ELEMENTS(np_commands); i++) {
		if (g_strcmp0(np_commands[i].name, name) != 0)
			continue;
		status = np_commands[i].func(argc - 1, argv + 1, &error);
		/* errors that name a file position are printed as they are, so
		 * the line starts with PATH:LINE:COLUMN (scenario.md §3) */
		if (error != NULL && np_starts_with_position(error->message))
			fprintf(stderr, "%s\n", error->message);
		else if (error != NULL)
			fprintf(stderr, "numaplan %s: %s\n", name, error->message);
		return status;
	}
	fprintf(stderr, "numaplan: unknown command '%s'\n", name);
	np_print_usage(stderr);
	return NP_EXIT_BAD_INPUT;
}
