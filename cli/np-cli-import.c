/* numaplan import: a Hyper-V host as a scenario file (scenario.md §3, §5,
 * §7) — from a live host over WS-Management, from Get-VMHostNumaNode
 * JSON, or from Nova's numa_topology. Exit 2: bad input or a refused
 * option (nothing sent); 3: a failure at the host (or writing the file).
 * Nothing is written on failure: the output file appears whole or not at
 * all, and is opened before the host is asked anything. */
#include "np-config.h"

#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-file-private.h"
#include "np-hyperv.h"
#include "np-import.h"
#include "np-limits.h"

typedef struct {
	NpCliWsman wsman;
	gchar *from_json;
	gchar *from_nova;
	gchar *name;
	gchar *output;
} NpImportOptions;

static void
np_import_options_clear(NpImportOptions *o)
{
	np_cli_wsman_clear(&o->wsman);
	g_free(o->from_json);
	g_free(o->from_nova);
	g_free(o->name);
	g_free(o->output);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpImportOptions, np_import_options_clear)

/* one source, and only the options it takes */
static gboolean
np_check_options(const NpImportOptions *o, gint argc, gchar **argv, GError **error)
{
	guint sources = (o->wsman.url != NULL) + (o->from_json != NULL) + (o->from_nova != NULL);

	if (argc > 1)
		return np_cli_refuse(error,
		                     "unexpected argument '%s' (the source is --wsman URL, "
		                     "--from-json FILE or --from-nova FILE)",
		                     argv[1]);
	if (sources != 1)
		return np_cli_refuse(error,
		                     sources == 0
		                         ? "give one source: --wsman URL, --from-json FILE or "
		                           "--from-nova FILE (see 'numaplan import --help')"
		                         : "give one source only: --wsman, --from-json or "
		                           "--from-nova");
	if (o->name != NULL && o->name[0] == '\0')
		return np_cli_refuse(error, "--name: a host name must not be empty");
	if (o->from_nova != NULL && o->name == NULL)
		return np_cli_refuse(
		    error,
		    "--from-nova needs --name HOST (Nova's numa_topology names no host)");
	if (o->wsman.url == NULL)
		return np_cli_wsman_check(&o->wsman, FALSE, error);
	if (!np_hyperv_has_wsman())
		return np_cli_refuse(error,
		                     "--wsman: this numaplan was built without WS-Management "
		                     "(libcurl and libxml2); use --from-json with a PowerShell "
		                     "capture instead");
	return np_cli_wsman_check(&o->wsman, TRUE, error);
}

/* a file source's bytes; a missing or unreadable file is bad input */
static GByteArray *
np_read_source(const gchar *path, GError **error)
{
	g_autoptr(GError) local = NULL;
	GByteArray *bytes = np_read_limited(path, NP_IMPORT_MAX_BYTES, &local);

	if (bytes == NULL)
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_IO,
		            "%s: cannot read the file: %s",
		            path,
		            local->message);
	return bytes;
}

/* the live host; *@status is 2 or 3 on failure */
static NpScenario *
np_import_wsman(const NpImportOptions *o, gint *status, GError **error)
{
#if NP_HAVE_WSMAN
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(NpHypervInventory) inventory = NULL;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	NpScenario *scenario;
	NpWsmanOptions options;

	np_cli_wsman_options(&o->wsman, &options);
	/* options and the password file are checked before anything is sent */
	client = np_wsman_client_new(&options, error);
	if (client == NULL) {
		*status = (*error)->domain == NP_WSMAN_ERROR ? NP_EXIT_FAILURE : NP_EXIT_BAD_INPUT;
		return NULL;
	}
	*status = NP_EXIT_FAILURE;
	inventory = np_hyperv_inventory_read(client, error);
	if (inventory == NULL) {
		/* a new user's first wall: say how through it */
		if (g_error_matches(*error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_TLS)
		    && o->wsman.cacert == NULL) {
			gchar *message = g_strconcat((*error)->message,
			                             " (give the host's CA with --cacert FILE, or "
			                             "--insecure for a lab host)",
			                             NULL);
			g_free((*error)->message);
			(*error)->message = message;
		}
		return NULL;
	}
	for (guint i = 0; i < inventory->warnings->len; i++)
		g_ptr_array_add(warnings, g_strdup(g_ptr_array_index(inventory->warnings, i)));
	scenario = np_import_from_inventory(inventory, o->name, warnings, error);
	for (guint i = 0; i < warnings->len; i++)
		fprintf(stderr,
		        "numaplan import: warning: %s\n",
		        (const gchar *)g_ptr_array_index(warnings, i));
	return scenario;
#else
	*status = NP_EXIT_BAD_INPUT;
	g_set_error_literal(error, NP_ERROR, NP_ERROR_UNSUPPORTED, "built without WS-Management");
	return NULL;
#endif
}

gint
np_cli_import(gint argc, gchar **argv, GError **error)
{
	g_auto(NpImportOptions) o = {0};
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);
	g_autoptr(NpCliOutput) output = NULL;
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(GByteArray) bytes = NULL;
	g_autofree gchar *text = NULL;
	gint status = NP_EXIT_BAD_INPUT;
	const NpHost *host;
	GOptionEntry entries[] = {
	    {"from-json",
	     0,
	     0,
	     G_OPTION_ARG_FILENAME,
	     &o.from_json,
	     "Get-VMHostNumaNode | ConvertTo-Json output",
	     "FILE"},
	    {"from-nova",
	     0,
	     0,
	     G_OPTION_ARG_FILENAME,
	     &o.from_nova,
	     "Nova's numa_topology JSON (needs --name)",
	     "FILE"},
	    {"name", 0, 0, G_OPTION_ARG_STRING, &o.name, "the host's name in the scenario", "HOST"},
	    {"output",
	     'o',
	     0,
	     G_OPTION_ARG_FILENAME,
	     &o.output,
	     "write the scenario to FILE (atomically) instead of stdout",
	     "FILE"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Writes a scenario file with one Hyper-V host that 'numaplan run' accepts as\n"
	    "it is: per NUMA node its logical processors, total memory and, as reserved_mb,\n"
	    "the memory not available to VMs at import time.\n\n"
	    "  --wsman URL        a live host over WS-Management (reads only): its nodes,\n"
	    "                     NUMA spanning, and each VM as a boot forced onto it with\n"
	    "                     a flavor made from its settings\n"
	    "  --from-json FILE   Get-VMHostNumaNode | ConvertTo-Json (PowerShell 5.1 or 7,\n"
	    "                     one node or many, UTF-8 or UTF-16)\n"
	    "  --from-nova FILE   Nova's numa_topology (compute_nodes.numa_topology)\n\n"
	    "The host is named --name, else as the source names it. The password comes\n"
	    "from --password-file (mode 0600) or $NUMAPLAN_PASSWORD, never the command\n"
	    "line. See docs/hyperv-import.md.\n\n"
	    "Exit status: 0 written, 2 bad input or a refused option (nothing sent),\n"
	    "3 a failure at the host (authentication, fault, dropped connection, bad\n"
	    "reply) or writing the file. Nothing is written on failure.\n\n"
	    "Examples:\n"
	    "  numaplan import --from-json scenarios/examples/hv-numa.json --name hv01 -o "
	    "hv01.yaml\n"
	    "  NUMAPLAN_PASSWORD=... numaplan import --wsman https://hv01.example.com:5986/wsman "
	    "\\\n"
	    "      --user 'EXAMPLE\\admin' --cacert ca.pem -o hv01.yaml\n"
	    "  numaplan topology hv01.yaml --format nova -o hv01-nova.json\n"
	    "  numaplan import --from-nova hv01-nova.json --name hv01 -o hv01-again.yaml");
	np_cli_wsman_add_entries(context, &o.wsman);
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (!np_check_options(&o, argc, argv, error))
		return NP_EXIT_BAD_INPUT;
	/* a file source is read (and judged) first; the output exists before
	 * a live host is asked anything */
	if (o.from_json != NULL || o.from_nova != NULL) {
		const gchar *path = o.from_json != NULL ? o.from_json : o.from_nova;
		bytes = np_read_source(path, error);
		if (bytes == NULL)
			return NP_EXIT_BAD_INPUT;
		scenario = o.from_json != NULL
		               ? np_import_from_powershell((const gchar *)bytes->data,
		                                           bytes->len,
		                                           path,
		                                           o.name,
		                                           error)
		               : np_import_from_nova((const gchar *)bytes->data,
		                                     bytes->len,
		                                     path,
		                                     o.name,
		                                     error);
		if (scenario == NULL)
			return NP_EXIT_BAD_INPUT;
	}
	output = np_cli_output_open(o.output, error);
	if (output == NULL)
		return NP_EXIT_FAILURE;
	if (o.wsman.url != NULL) {
		scenario = np_import_wsman(&o, &status, error);
		if (scenario == NULL)
			return status;
	}
	text = np_import_to_yaml(scenario, error);
	if (text == NULL || !np_cli_output_write(text, strlen(text), output, error)
	    || !np_cli_output_commit(output, error))
		return NP_EXIT_FAILURE;
	host = np_scenario_get_host(scenario, 0);
	if (o.output != NULL
	    && (printf("%s: host %s, %u NUMA node%s, %u VM%s\n",
	               o.output,
	               np_host_get_name(host),
	               np_host_get_n_nodes(host),
	               np_host_get_n_nodes(host) == 1 ? "" : "s",
	               np_scenario_get_n_events(scenario),
	               np_scenario_get_n_events(scenario) == 1 ? "" : "s")
	            < 0
	        || fflush(stdout) != 0)) {
		g_set_error(error, NP_ERROR, NP_ERROR_IO, "writing to standard output failed");
		return NP_EXIT_FAILURE;
	}
	return NP_EXIT_OK;
}
