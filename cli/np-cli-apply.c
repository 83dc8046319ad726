/* numaplan apply: a plan made true on a live Hyper-V host, or written as a
 * PowerShell script (scenario.md §3, §5). Exit 0 applied (or nothing to
 * do; --emit: written), 2 refused before any change (bad plan, option,
 * password file, precondition), 3 failed part-way (the journal says
 * where). */
#include "np-config.h"

#include <stdio.h>
#include <string.h>

#include "np-cli.h"
#include "np-error.h"
#include "np-file-private.h"
#include "np-hyperv.h"
#include "np-limits.h"
#include "np-plan.h"
#if NP_HAVE_WSMAN
#include "np-apply.h"
#endif

typedef struct {
	NpCliWsman wsman;
	gboolean dry_run;
	gboolean allow_stop;
	gchar *journal;
	gint job_timeout_s;
	gint stop_timeout_s;
	gchar *emit;
	gchar *output;
} NpApplyCliOptions;

static void
np_apply_cli_options_clear(NpApplyCliOptions *o)
{
	np_cli_wsman_clear(&o->wsman);
	g_free(o->journal);
	g_free(o->emit);
	g_free(o->output);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpApplyCliOptions, np_apply_cli_options_clear)

static gboolean
np_check_apply_options(const NpApplyCliOptions *o, GError **error)
{
	if (o->emit != NULL) {
		if (strcmp(o->emit, "powershell") != 0)
			return np_cli_refuse(error, "unknown --emit '%s' (powershell)", o->emit);
		if (o->wsman.url != NULL || o->dry_run || o->allow_stop || o->journal != NULL)
			return np_cli_refuse(
			    error,
			    "--emit powershell needs no host: leave out --wsman, "
			    "--dry-run, --allow-stop and --journal (the script takes "
			    "-AllowStop itself)");
		return np_cli_wsman_check(&o->wsman, FALSE, error);
	}
	if (o->output != NULL)
		return np_cli_refuse(error, "--output applies to --emit powershell only");
	if (o->wsman.url == NULL)
		return np_cli_refuse(
		    error,
		    "give the host: --wsman URL (or --emit powershell for a script; "
		    "see 'numaplan apply --help')");
	if (o->job_timeout_s <= 0 || o->stop_timeout_s <= 0)
		return np_cli_refuse(
		    error,
		    "--job-timeout and --stop-timeout take a number of seconds > 0");
	return np_cli_wsman_check(&o->wsman, TRUE, error);
}

static NpPlan *
np_read_plan(const gchar *path, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autoptr(GByteArray) bytes = np_read_limited(path, NP_PLAN_MAX_BYTES, &local);

	if (bytes == NULL) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_IO,
		            "%s: cannot read the plan: %s",
		            path,
		            local->message);
		return NULL;
	}
	return np_plan_parse((const gchar *)bytes->data, bytes->len, path, error);
}

#if NP_HAVE_WSMAN
static void
np_say_line(const gchar *line, gpointer user_data)
{
	printf("%s\n", line);
	fflush(stdout);
}

static gint
np_apply_live(const NpApplyCliOptions *o, const gchar *path, const NpPlan *plan, GError **error)
{
	g_autoptr(NpWsmanClient) client = NULL;
	g_autofree gchar *journal =
	    o->journal != NULL ? g_strdup(o->journal) : g_strconcat(path, ".journal", NULL);
	NpWsmanOptions options = {0};
	NpApplyOptions apply = {
	    .dry_run = o->dry_run,
	    .allow_stop = o->allow_stop,
	    .journal_path = journal,
	    .job_timeout_ms = (guint)o->job_timeout_s * 1000u,
	    .stop_timeout_ms = (guint)o->stop_timeout_s * 1000u,
	    .say = np_say_line,
	};

	np_cli_wsman_options(&o->wsman, &options);
	client = np_wsman_client_new(&options, error);
	if (client == NULL)
		return (*error)->domain == NP_WSMAN_ERROR ? NP_EXIT_FAILURE : NP_EXIT_BAD_INPUT;
	switch (np_apply_run(client, plan, &apply, error)) {
	case NP_APPLY_DONE:
		return NP_EXIT_OK;
	case NP_APPLY_REFUSED:
		return NP_EXIT_BAD_INPUT;
	case NP_APPLY_FAILED:
		break;
	}
	if (!o->dry_run) {
		gchar *message = g_strdup_printf("%s (the journal %s says what was done; run the "
		                                 "same apply again to finish)",
		                                 (*error)->message,
		                                 journal);
		g_free((*error)->message);
		(*error)->message = message;
	}
	return NP_EXIT_FAILURE;
}
#endif

gint
np_cli_apply(gint argc, gchar **argv, GError **error)
{
	g_auto(NpApplyCliOptions) o = {.job_timeout_s = 300, .stop_timeout_s = 300};
	g_autoptr(GOptionContext) context = g_option_context_new("PLAN");
	g_autoptr(NpPlan) plan = NULL;
	GOptionEntry entries[] = {
	    {"dry-run",
	     0,
	     0,
	     G_OPTION_ARG_NONE,
	     &o.dry_run,
	     "read and check only; print each call it would make",
	     NULL},
	    {"allow-stop",
	     0,
	     0,
	     G_OPTION_ARG_NONE,
	     &o.allow_stop,
	     "shut a running VM down cleanly, change it, start it again",
	     NULL},
	    {"journal",
	     0,
	     0,
	     G_OPTION_ARG_FILENAME,
	     &o.journal,
	     "the journal (default PLAN.journal)",
	     "FILE"},
	    {"job-timeout",
	     0,
	     0,
	     G_OPTION_ARG_INT,
	     &o.job_timeout_s,
	     "a job still running after this has failed (default 300)",
	     "SECONDS"},
	    {"stop-timeout",
	     0,
	     0,
	     G_OPTION_ARG_INT,
	     &o.stop_timeout_s,
	     "a VM not off this long after its shutdown has failed (default 300)",
	     "SECONDS"},
	    {"emit",
	     0,
	     0,
	     G_OPTION_ARG_STRING,
	     &o.emit,
	     "powershell: write the plan as a script",
	     "FORMAT"},
	    {"output",
	     'o',
	     0,
	     G_OPTION_ARG_FILENAME,
	     &o.output,
	     "--emit: write to FILE (atomically)",
	     "FILE"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	g_option_context_set_summary(
	    context,
	    "Makes a live Hyper-V host match PLAN (written by 'numaplan plan') and changes\n"
	    "nothing else. Every precondition is read first: the host's name and NUMA\n"
	    "fingerprint, each VM's GUID, name and recorded values (a value already at its\n"
	    "target is fine); one failing refuses the whole plan. Then per VM, one call per\n"
	    "settings object (memory, processor, system; the reverse when turning vNUMA\n"
	    "off), each job awaited. A running VM is refused unless --allow-stop, which\n"
	    "shuts it down cleanly (never a power-off), changes it and starts it again;\n"
	    "saved or paused VMs are refused. Each shutdown and completed call is a line in\n"
	    "the journal (PLAN.journal), flushed to disk: after a failure, run the same\n"
	    "apply again and it finishes the job. See docs/plan-apply.md.\n\n"
	    "  --wsman URL ...    the host, with the options of 'numaplan import --wsman'\n"
	    "  --emit powershell  no host: the plan as a PowerShell script that checks the\n"
	    "                     same preconditions (run it with -AllowStop to stop VMs)\n\n"
	    "Exit status: 0 applied (or nothing to do; --emit: written), 2 refused before\n"
	    "any change (bad plan: PLAN:LINE:COLUMN, option, password file,\n"
	    "precondition), 3 failed part-way (the journal says where).\n\n"
	    "Examples:\n"
	    "  numaplan apply plan.json --emit powershell -o plan.ps1\n"
	    "  NUMAPLAN_PASSWORD=... numaplan apply plan.json --wsman "
	    "https://hv01.example.com:5986/wsman \\\n"
	    "      --user 'EXAMPLE\\admin' --cacert ca.pem --dry-run");
	g_option_context_add_main_entries(context, entries, NULL);
	np_cli_wsman_add_entries(context, &o.wsman);
	if (!g_option_context_parse(context, &argc, &argv, error))
		return NP_EXIT_BAD_INPUT;
	if (argc != 2)
		return np_cli_refuse(error,
		                     argc < 2 ? "missing PLAN (see 'numaplan apply --help')"
		                              : "expected one PLAN argument"),
		       NP_EXIT_BAD_INPUT;
	if (!np_check_apply_options(&o, error))
		return NP_EXIT_BAD_INPUT;
	plan = np_read_plan(argv[1], error);
	if (plan == NULL)
		return NP_EXIT_BAD_INPUT;
	if (o.emit != NULL) {
		g_autofree gchar *script = np_plan_to_powershell(plan, argv[1]);
		return np_cli_write_output(o.output, script, error) ? NP_EXIT_OK : NP_EXIT_FAILURE;
	}
	if (np_plan_is_empty(plan)) {
		printf("%s: an empty plan: nothing to do\n", argv[1]);
		return NP_EXIT_OK;
	}
#if NP_HAVE_WSMAN
	return np_apply_live(&o, argv[1], plan, error);
#else
	return np_cli_refuse(error, "--wsman: this numaplan was built without WS-Management"),
	       NP_EXIT_BAD_INPUT;
#endif
}
