/* WS-Management client over libcurl + libxml2; see np-wsman.h
 *
 * The client is five files: this one (small helpers, then the operations:
 * Enumerate/Pull/Release, Get, Invoke, jobs), np-wsman-client.c (the
 * transport), np-wsman-request.c (envelopes, Invoke arguments),
 * np-wsman-reply.c (replies parsed safely) and np-wsman-instance.c
 * (references, instances, typed readers).
 */
#include "np-config.h"

#include <string.h>

#include "np-error.h"
#include "np-wsman-private.h"

G_DEFINE_QUARK(NpWsmanError, np_wsman_error)

/* ------------------------------------------------------------------ */
/* small helpers */

/* a copy of libxml's string, internal whitespace runs collapsed and trimmed:
 * WinRM wraps and pads reason texts */
gchar *
np_wsman_collapse(const gchar *text)
{
	GString *out = g_string_new(NULL);
	gboolean space = FALSE;

	for (const gchar *p = text; p != NULL && *p != '\0'; p++) {
		if (g_ascii_isspace(*p)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

/* "uuid:XXXXXXXX-…" in capitals, as WinRM writes message ids */
gchar *
np_wsman_new_uuid(void)
{
	g_autofree gchar *random = g_uuid_string_random();
	g_autofree gchar *upper = g_ascii_strup(random, -1);

	return g_strconcat("uuid:", upper, NULL);
}

void
np_wsman_wipe(gchar *secret)
{
	if (secret != NULL)
		explicit_bzero(secret, strlen(secret));
}

void
np_wsman_secret_free(gchar *secret)
{
	np_wsman_wipe(secret);
	g_free(secret);
}

/**
 * np_wsman_wql_escape:
 * @value: text to put between quotes in a WQL query
 *
 * Backslash-escapes `'`, `"` and `\` (libvirt's virBufferEscapeSQL rule):
 * InstanceIDs hold backslashes, and VM names may hold quotes.
 *
 * Returns: (transfer full): the escaped text, without quotes
 */
gchar *
np_wsman_wql_escape(const gchar *value)
{
	GString *out;

	g_return_val_if_fail(value != NULL, NULL);
	out = g_string_new(NULL);
	for (const gchar *p = value; *p != '\0'; p++) {
		if (*p == '\'' || *p == '"' || *p == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

gchar *
np_wsman_hyperv_class_uri(const gchar *class_name)
{
	g_return_val_if_fail(class_name != NULL, NULL);
	return g_strconcat(NP_WSMAN_HYPERV_NS_URI "/", class_name, NULL);
}

/* ------------------------------------------------------------------ */
/* enumeration */

struct _NpWsmanEnumeration {
	NpWsmanClient *client; /* borrowed */
	gchar *resource_uri;
	gchar *what; /* the query or class, for messages */
	gchar *context;
	GPtrArray *first;
	gboolean done;
	guint items;
	guint pulls;
};

void
np_wsman_enumeration_free(NpWsmanEnumeration *enumeration)
{
	if (enumeration == NULL)
		return;
	if (enumeration->context != NULL && !enumeration->done) {
		g_autoptr(GError) error = NULL;
		if (!np_wsman_enumeration_release(enumeration, &error))
			g_debug("release failed: %s", error->message);
	}
	g_free(enumeration->resource_uri);
	g_free(enumeration->what);
	g_free(enumeration->context);
	if (enumeration->first != NULL)
		g_ptr_array_unref(enumeration->first);
	g_free(enumeration);
}

/**
 * np_wsman_client_enumerate_begin:
 * @client: the client
 * @resource_uri: (nullable): a class resource URI; NULL with @wql for
 *   NP_WSMAN_HYPERV_WQL_URI
 * @wql: (nullable): a WQL query, or NULL for every instance of the class
 * @flags: NP_WSMAN_ENUMERATE_WITH_EPR for each instance's reference
 *
 * Sends an optimized Enumerate (MaxElements = the client's max_elements).
 * The enumeration borrows @client: free it first.
 *
 * Returns: (transfer full): the enumeration, its first page pending
 */
NpWsmanEnumeration *
np_wsman_client_enumerate_begin(NpWsmanClient *client,
                                const gchar *resource_uri,
                                const gchar *wql,
                                NpWsmanEnumerateFlags flags,
                                GError **error)
{
	g_autoptr(NpWsmanEnumeration) enumeration = NULL;
	g_autoptr(NpWsmanReply) reply = NULL;
	GString *body;
	g_autofree gchar *body_text = NULL;
	g_autofree gchar *what = NULL;

	g_return_val_if_fail(client != NULL, NULL);
	g_return_val_if_fail(resource_uri != NULL || wql != NULL, NULL);
	if (resource_uri == NULL)
		resource_uri = NP_WSMAN_HYPERV_WQL_URI;
	what = wql != NULL ? g_strdup(wql)
	                   : g_strdup_printf("Enumerate %s",
	                                     strrchr(resource_uri, '/') != NULL
	                                         ? strrchr(resource_uri, '/') + 1
	                                         : resource_uri);
	body = g_string_new("<n:Enumerate>");
	if ((flags & NP_WSMAN_ENUMERATE_WITH_EPR) != 0)
		g_string_append(body,
		                "<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>");
	g_string_append(body, "<w:OptimizeEnumeration/>");
	g_string_append_printf(body, "<w:MaxElements>%u</w:MaxElements>", client->max_elements);
	if (wql != NULL) {
		g_autofree gchar *wql_x = g_markup_escape_text(wql, -1);
		g_string_append_printf(body,
		                       "<w:Filter Dialect=\"" WQL_DIALECT "\">%s</w:Filter>",
		                       wql_x);
	}
	g_string_append(body, "</n:Enumerate>");
	body_text = g_string_free(body, FALSE);

	reply = np_wsman_client_send(client,
	                             resource_uri,
	                             ACTION_ENUMERATE,
	                             NULL,
	                             body_text,
	                             NP_WSMAN_OP_ENUMERATE,
	                             NULL,
	                             what,
	                             error);
	if (reply == NULL)
		return NULL;
	enumeration = g_new0(NpWsmanEnumeration, 1);
	enumeration->client = client;
	enumeration->resource_uri = g_strdup(resource_uri);
	enumeration->what = g_steal_pointer(&what);
	enumeration->context = g_steal_pointer(&reply->context);
	enumeration->done = reply->end_of_sequence;
	enumeration->first = g_steal_pointer(&reply->items);
	enumeration->items = enumeration->first->len;
	return g_steal_pointer(&enumeration);
}

/**
 * np_wsman_enumeration_next:
 * @enumeration: an enumeration
 * @done: (out): TRUE when no page follows this one
 *
 * The first call returns the Enumerate reply's items; later calls Pull.
 * After a failed Pull the server's context is forgotten (not released).
 *
 * Returns: (transfer full) (element-type NpWsmanInstance): the page,
 *   possibly empty; NULL on error
 */
GPtrArray *
np_wsman_enumeration_next(NpWsmanEnumeration *enumeration, gboolean *done, GError **error)
{
	g_autoptr(NpWsmanReply) reply = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *context_x = NULL;
	NpWsmanClient *client;

	g_return_val_if_fail(enumeration != NULL && done != NULL, NULL);
	client = enumeration->client;
	if (enumeration->first != NULL) {
		*done = enumeration->done;
		return g_steal_pointer(&enumeration->first);
	}
	if (enumeration->done || enumeration->context == NULL) {
		*done = TRUE;
		return g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_instance_free);
	}
	if (enumeration->items > NP_WSMAN_MAX_ENUM_ITEMS
	    || enumeration->pulls > NP_WSMAN_MAX_ENUM_ITEMS) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s: %s: the instances (or pulls) exceed the limit of %u; abandoned",
		            client->display_url,
		            enumeration->what,
		            NP_WSMAN_MAX_ENUM_ITEMS);
		return NULL;
	}
	context_x = g_markup_escape_text(enumeration->context, -1);
	body = g_strdup_printf("<n:Pull><n:EnumerationContext>%s</n:EnumerationContext>"
	                       "<n:MaxElements>%u</n:MaxElements></n:Pull>",
	                       context_x,
	                       client->max_elements);
	enumeration->pulls++;
	reply = np_wsman_client_send(client,
	                             enumeration->resource_uri,
	                             ACTION_PULL,
	                             NULL,
	                             body,
	                             NP_WSMAN_OP_PULL,
	                             NULL,
	                             enumeration->what,
	                             error);
	if (reply == NULL) {
		/* the server's state is unknown now: nothing left to release */
		g_clear_pointer(&enumeration->context, g_free);
		enumeration->done = TRUE;
		return NULL;
	}
	g_free(enumeration->context);
	enumeration->context = g_steal_pointer(&reply->context);
	enumeration->done = reply->end_of_sequence || enumeration->context == NULL;
	enumeration->items += reply->items->len;
	*done = enumeration->done;
	return g_steal_pointer(&reply->items);
}

/**
 * np_wsman_enumeration_release:
 * @enumeration: an enumeration
 *
 * Sends Release for an unfinished enumeration so the server frees its
 * context; does nothing when the sequence has ended.
 *
 * Returns: FALSE when the Release itself failed
 */
gboolean
np_wsman_enumeration_release(NpWsmanEnumeration *enumeration, GError **error)
{
	g_autoptr(NpWsmanReply) reply = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *context_x = NULL;

	g_return_val_if_fail(enumeration != NULL, FALSE);
	if (enumeration->done || enumeration->context == NULL)
		return TRUE;
	context_x = g_markup_escape_text(enumeration->context, -1);
	body = g_strdup_printf("<n:Release><n:EnumerationContext>%s</n:EnumerationContext>"
	                       "</n:Release>",
	                       context_x);
	enumeration->done = TRUE;
	g_clear_pointer(&enumeration->context, g_free);
	reply = np_wsman_client_send(enumeration->client,
	                             enumeration->resource_uri,
	                             ACTION_RELEASE,
	                             NULL,
	                             body,
	                             NP_WSMAN_OP_RELEASE,
	                             NULL,
	                             "Release",
	                             error);
	return reply != NULL;
}

/**
 * np_wsman_client_enumerate:
 * @client: the client
 * @resource_uri: (nullable): a class resource URI, or NULL with @wql
 * @wql: (nullable): a WQL query
 * @flags: NP_WSMAN_ENUMERATE_WITH_EPR for each instance's reference
 *
 * Returns: (transfer full) (element-type NpWsmanInstance): every instance
 */
GPtrArray *
np_wsman_client_enumerate(NpWsmanClient *client,
                          const gchar *resource_uri,
                          const gchar *wql,
                          NpWsmanEnumerateFlags flags,
                          GError **error)
{
	g_autoptr(NpWsmanEnumeration) enumeration = NULL;
	g_autoptr(GPtrArray) all = NULL;
	gboolean done = FALSE;

	enumeration = np_wsman_client_enumerate_begin(client, resource_uri, wql, flags, error);
	if (enumeration == NULL)
		return NULL;
	all = g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_instance_free);
	while (!done) {
		g_autoptr(GPtrArray) page = np_wsman_enumeration_next(enumeration, &done, error);
		if (page == NULL)
			return NULL; /* _free releases a context still open */
		g_ptr_array_extend_and_steal(all, g_steal_pointer(&page));
	}
	return g_steal_pointer(&all);
}

/* ------------------------------------------------------------------ */
/* Get, Invoke, jobs */

/**
 * np_wsman_client_get:
 * @target: the resource URI and every key of the instance
 *
 * Returns: (transfer full): the instance, or NULL
 */
NpWsmanInstance *
np_wsman_client_get(NpWsmanClient *client, const NpWsmanEpr *target, GError **error)
{
	g_autoptr(NpWsmanReply) reply = NULL;
	g_autofree gchar *what = NULL;

	g_return_val_if_fail(client != NULL && target != NULL, NULL);
	g_return_val_if_fail(target->resource_uri != NULL, NULL);
	what =
	    g_strdup_printf("Get %s",
	                    np_wsman_epr_get_class(target) != NULL ? np_wsman_epr_get_class(target)
	                                                           : target->resource_uri);
	reply = np_wsman_client_send(client,
	                             target->resource_uri,
	                             ACTION_GET,
	                             target,
	                             NULL,
	                             NP_WSMAN_OP_GET,
	                             NULL,
	                             what,
	                             error);
	if (reply == NULL)
		return NULL;
	return g_steal_pointer(&reply->instance);
}

/**
 * np_wsman_client_invoke:
 * @target: the instance (or singleton class) the method runs on
 * @method: e.g. `ModifyResourceSettings`
 * @params: (nullable): the input parameters
 *
 * Returns: (transfer full): the METHOD_OUTPUT element, or NULL
 */
NpWsmanInstance *
np_wsman_client_invoke(NpWsmanClient *client,
                       const NpWsmanEpr *target,
                       const gchar *method,
                       const NpWsmanParams *params,
                       GError **error)
{
	g_autoptr(NpWsmanReply) reply = NULL;
	g_autofree gchar *action = NULL;
	g_autofree gchar *uri_x = NULL;
	g_autofree gchar *body = NULL;
	GString *out;

	g_return_val_if_fail(client != NULL && target != NULL && method != NULL, NULL);
	g_return_val_if_fail(target->resource_uri != NULL, NULL);
	action = g_strconcat(target->resource_uri, "/", method, NULL);
	uri_x = g_markup_escape_text(target->resource_uri, -1);
	out = g_string_new(NULL);
	g_string_append_printf(out, "<p:%s_INPUT xmlns:p=\"%s\">", method, uri_x);
	for (guint i = 0; params != NULL && i < params->items->len; i++) {
		const NpWsmanParam *p = g_ptr_array_index(params->items, i);
		g_string_append_printf(out, "<p:%s>%s</p:%s>", p->name, p->xml, p->name);
	}
	g_string_append_printf(out, "</p:%s_INPUT>", method);
	body = g_string_free(out, FALSE);
	reply = np_wsman_client_send(client,
	                             target->resource_uri,
	                             action,
	                             target,
	                             body,
	                             NP_WSMAN_OP_INVOKE,
	                             method,
	                             method,
	                             error);
	if (reply == NULL)
		return NULL;
	return g_steal_pointer(&reply->instance);
}

void
np_wsman_job_free(NpWsmanJob *job)
{
	if (job == NULL)
		return;
	g_free(job->instance_id);
	g_free(job->error_description);
	g_free(job);
}

/**
 * np_wsman_return_value_to_string:
 * @value: a Msvm method's ReturnValue
 *
 * The documented meaning. Where Microsoft's per-method pages and the
 * generic CIM table (libvirt's) disagree (2–6), both names are given.
 *
 * Returns: (transfer none) (nullable): a static string, NULL when unknown
 */
const gchar *
np_wsman_return_value_to_string(guint64 value)
{
	switch (value) {
	case 0:
		return "completed";
	case 1:
		return "not supported";
	case 2:
		return "failed / unknown error";
	case 3:
		return "timeout";
	case 4:
		return "invalid parameter / failed";
	case 5:
		return "invalid state / invalid parameter";
	case 6:
		return "incompatible parameters / in use";
	case 4096:
		return "job started";
	case 4097:
		return "invalid state transition";
	case 4098:
		return "timeout parameter not supported";
	case 4099:
		return "busy";
	case 32768:
		return "failed";
	case 32769:
		return "access denied";
	case 32770:
		return "not supported";
	case 32771:
		return "status unknown";
	case 32772:
		return "timeout";
	case 32773:
		return "invalid parameter";
	case 32774:
		return "system in use";
	case 32775:
		return "invalid state for this operation";
	case 32776:
		return "incorrect data type";
	case 32777:
		return "system not available";
	case 32778:
		return "out of memory";
	default:
		return NULL;
	}
}

gboolean
np_wsman_job_is_finished(const NpWsmanJob *job)
{
	g_return_val_if_fail(job != NULL, FALSE);
	/* os-win's set: Completed, Terminated, Killed, Exception, and
	 * "completed with warnings"; everything else is still going */
	return (job->job_state >= 7 && job->job_state <= 10)
	       || job->job_state == NP_WSMAN_JOB_COMPLETED_WITH_WARNINGS;
}

gboolean
np_wsman_job_is_success(const NpWsmanJob *job)
{
	g_return_val_if_fail(job != NULL, FALSE);
	return job->job_state == NP_WSMAN_JOB_COMPLETED
	       || job->job_state == NP_WSMAN_JOB_COMPLETED_WITH_WARNINGS;
}

/**
 * np_wsman_client_get_job:
 * @client: the client
 * @job: the Job reference of an Invoke reply
 *
 * Returns: (transfer full): JobState and error details of the job, or NULL
 */
NpWsmanJob *
np_wsman_client_get_job(NpWsmanClient *client, const NpWsmanEpr *job, GError **error)
{
	g_autoptr(NpWsmanInstance) instance = NULL;
	g_autoptr(NpWsmanJob) out = NULL;
	const gchar *text = NULL;

	g_return_val_if_fail(client != NULL && job != NULL, NULL);
	instance = np_wsman_client_get(client, job, error);
	if (instance == NULL)
		return NULL;
	out = g_new0(NpWsmanJob, 1);
	if (!np_wsman_instance_read_string(instance, "InstanceID", TRUE, &text, error)
	    || !np_wsman_instance_read_uint64(instance,
	                                      "JobState",
	                                      TRUE,
	                                      &out->job_state,
	                                      NULL,
	                                      error)
	    || !np_wsman_instance_read_uint64(instance,
	                                      "ErrorCode",
	                                      FALSE,
	                                      &out->error_code,
	                                      NULL,
	                                      error)
	    || !np_wsman_instance_read_uint64(instance,
	                                      "PercentComplete",
	                                      FALSE,
	                                      &out->percent_complete,
	                                      NULL,
	                                      error)) {
		g_prefix_error(error, "%s: ", client->display_url);
		return NULL;
	}
	out->instance_id = g_strdup(text);
	text = np_wsman_instance_get_text(instance, "ErrorDescription");
	if (text != NULL && text[0] != '\0')
		out->error_description = np_wsman_collapse(text);
	return g_steal_pointer(&out);
}

/**
 * np_wsman_invoke_wait:
 * @client: the client that invoked
 * @method: the method, for messages
 * @output: what np_wsman_client_invoke() returned
 * @job_timeout_ms: how long a job may run
 * @poll_interval_ms: time between polls (at least 10 ms)
 * @return_value: (out) (optional): the ReturnValue
 *
 * Returns: TRUE when the method completed (0, or 4096 and a job that
 *   ended in 7 or 32768); NP_WSMAN_ERROR_METHOD otherwise
 */
gboolean
np_wsman_invoke_wait(NpWsmanClient *client,
                     const gchar *method,
                     const NpWsmanInstance *output,
                     guint job_timeout_ms,
                     guint poll_interval_ms,
                     guint64 *return_value,
                     GError **error)
{
	guint64 value = 0;
	const NpWsmanEpr *job_epr;
	gint64 deadline;

	g_return_val_if_fail(client != NULL && method != NULL && output != NULL, FALSE);
	if (!np_wsman_instance_read_uint64(output, "ReturnValue", TRUE, &value, NULL, error)) {
		g_prefix_error(error, "%s: ", client->display_url);
		return FALSE;
	}
	if (return_value != NULL)
		*return_value = value;
	if (value == 0)
		return TRUE;
	if (value != NP_WSMAN_RETURN_JOB_STARTED) {
		const gchar *meaning = np_wsman_return_value_to_string(value);
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_METHOD,
		            "%s: %s returned %" G_GUINT64_FORMAT " (%s)",
		            client->display_url,
		            method,
		            value,
		            meaning != NULL ? meaning : "undocumented");
		return FALSE;
	}
	job_epr = np_wsman_instance_get_epr(output, "Job");
	if (job_epr == NULL || job_epr->resource_uri == NULL) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s: %s started a job (4096) but returned no Job reference",
		            client->display_url,
		            method);
		return FALSE;
	}
	deadline = g_get_monotonic_time() + (gint64)job_timeout_ms * 1000;
	for (;;) {
		g_autoptr(NpWsmanJob) job = np_wsman_client_get_job(client, job_epr, error);
		if (job == NULL)
			return FALSE;
		if (np_wsman_job_is_finished(job)) {
			if (np_wsman_job_is_success(job))
				return TRUE;
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_METHOD,
			            "%s: %s: job %s ended in state %" G_GUINT64_FORMAT
			            " (error %" G_GUINT64_FORMAT "): %s",
			            client->display_url,
			            method,
			            job->instance_id,
			            job->job_state,
			            job->error_code,
			            job->error_description != NULL ? job->error_description
			                                           : "no description");
			return FALSE;
		}
		if (g_get_monotonic_time() >= deadline) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_METHOD,
			            "%s: %s: job %s still running (state %" G_GUINT64_FORMAT
			            ", %" G_GUINT64_FORMAT "%%) after %u ms",
			            client->display_url,
			            method,
			            job->instance_id,
			            job->job_state,
			            job->percent_complete,
			            job_timeout_ms);
			return FALSE;
		}
		g_usleep((gulong)MAX(poll_interval_ms, 10u) * 1000);
	}
}
