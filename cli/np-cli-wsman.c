/* The options of a live host (import --wsman, apply --wsman): one set,
 * one set of checks, so that both commands refuse the same things before
 * anything is sent (scenario.md §3) */
#include "np-config.h"

#include "np-cli.h"
#include "np-error.h"
#include "np-hyperv.h"

gboolean
np_cli_refuse(GError **error, const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	if (error != NULL)
		*error = g_error_new_valist(NP_ERROR, NP_ERROR_INVALID, format, args);
	va_end(args);
	return FALSE;
}

void
np_cli_wsman_clear(NpCliWsman *w)
{
	g_free(w->url);
	g_free(w->user);
	g_free(w->password_file);
	g_free(w->auth);
	g_free(w->cacert);
}

void
np_cli_wsman_add_entries(GOptionContext *context, NpCliWsman *w)
{
	GOptionEntry entries[] = {
	    {"wsman",
	     0,
	     0,
	     G_OPTION_ARG_STRING,
	     &w->url,
	     "a live host: https://HOST:5986/wsman",
	     "URL"},
	    {"user", 0, 0, G_OPTION_ARG_STRING, &w->user, "--wsman: the account (Basic)", "USER"},
	    {"password-file",
	     0,
	     0,
	     G_OPTION_ARG_FILENAME,
	     &w->password_file,
	     "--wsman: the password's file, mode 0600 (else $NUMAPLAN_PASSWORD)",
	     "FILE"},
	    {"auth",
	     0,
	     0,
	     G_OPTION_ARG_STRING,
	     &w->auth,
	     "--wsman: basic (default) or negotiate (Kerberos: kinit)",
	     "SCHEME"},
	    {"cacert",
	     0,
	     0,
	     G_OPTION_ARG_FILENAME,
	     &w->cacert,
	     "--wsman: PEM CA bundle to verify the host with",
	     "FILE"},
	    {"insecure",
	     0,
	     0,
	     G_OPTION_ARG_NONE,
	     &w->insecure,
	     "--wsman: do not verify the host's certificate",
	     NULL},
	    {"allow-unencrypted",
	     0,
	     0,
	     G_OPTION_ARG_NONE,
	     &w->allow_unencrypted,
	     "--wsman: allow Basic over plain http:// (labs)",
	     NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL}};

	/* GOption copies the entries */
	g_option_context_add_main_entries(context, entries, NULL);
}

gboolean
np_cli_wsman_check(const NpCliWsman *w, gboolean live, GError **error)
{
	const struct {
		const gchar *flag;
		gboolean set;
	} wsman_only[] = {
	    {"--user", w->user != NULL},
	    {"--password-file", w->password_file != NULL},
	    {"--auth", w->auth != NULL},
	    {"--cacert", w->cacert != NULL},
	    {"--insecure", w->insecure},
	    {"--allow-unencrypted", w->allow_unencrypted},
	};

	if (!live) {
		for (guint i = 0; i < G_N_ELEMENTS(wsman_only); i++) {
			if (wsman_only[i].set) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "%s applies to --wsman only",
				            wsman_only[i].flag);
				return FALSE;
			}
		}
		return TRUE;
	}
	if (w->auth != NULL && g_strcmp0(w->auth, "basic") != 0
	    && g_strcmp0(w->auth, "negotiate") != 0) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "unknown --auth '%s' (basic or negotiate)",
		            w->auth);
		return FALSE;
	}
	if (!np_hyperv_has_wsman()) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    "--wsman: this numaplan was built without WS-Management "
		                    "(libcurl and libxml2)");
		return FALSE;
	}
	return TRUE;
}

void
np_cli_wsman_options(const NpCliWsman *w, NpWsmanOptions *options)
{
	*options = (NpWsmanOptions){
	    .url = w->url,
	    .user = w->user,
	    .auth = g_strcmp0(w->auth, "negotiate") == 0 ? NP_WSMAN_AUTH_NEGOTIATE
	                                                 : NP_WSMAN_AUTH_BASIC,
	    .password_file = w->password_file,
	    .ca_file = w->cacert,
	    .insecure = w->insecure,
	    .allow_unencrypted = w->allow_unencrypted,
	};
}
