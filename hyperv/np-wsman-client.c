/* WS-Management transport: the libcurl client, authentication, TLS and
 * password files; see np-wsman.h */
#include "np-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "np-error.h"
#include "np-wsman-private.h"

/* ------------------------------------------------------------------ */
/* the client */

static gsize np_wsman_global_once = 0;

void
np_wsman_global_init(void)
{
	if (g_once_init_enter(&np_wsman_global_once)) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		xmlInitParser();
		g_once_init_leave(&np_wsman_global_once, 1);
	}
}

void
np_wsman_global_cleanup(void)
{
	if (np_wsman_global_once == 0)
		return;
	curl_global_cleanup();
	xmlCleanupParser();
}

/* "http://host:5985/wsman" as URL and as shown; refuses credentials in it */
static gboolean
np_wsman_parse_url(const gchar *url, gchar **full, gchar **display, gboolean *https, GError **error)
{
	g_autoptr(CURLU) u = curl_url();
	g_autofree gchar *shown = g_strescape(url, NULL);
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *user = NULL,
	     *password = NULL, *query = NULL, *fragment = NULL, *out = NULL;
	gboolean ok = FALSE;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "'%s' is not a URL (expected https://HOST:5986/wsman)",
		            shown);
		return FALSE;
	}
	curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_url_get(u, CURLUPART_PORT, &port, 0);
	curl_url_get(u, CURLUPART_PATH, &path, 0);
	curl_url_get(u, CURLUPART_USER, &user, 0);
	curl_url_get(u, CURLUPART_PASSWORD, &password, 0);
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	curl_url_get(u, CURLUPART_FRAGMENT, &fragment, 0);
	if (user != NULL || password != NULL) {
		/* never echo the URL here: it holds a secret */
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    "credentials in the URL are refused: give the user separately "
		                    "and the password in a file or $" NP_WSMAN_PASSWORD_ENV);
	} else if (scheme == NULL
	           || (g_ascii_strcasecmp(scheme, "https") != 0
	               && g_ascii_strcasecmp(scheme, "http") != 0)) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "'%s': only http:// and https:// are supported",
		            shown);
	} else if (host == NULL || host[0] == '\0') {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "'%s' names no host", shown);
	} else if (query != NULL || fragment != NULL) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "'%s': a WS-Management URL has no query or fragment",
		            shown);
	} else {
		*https = g_ascii_strcasecmp(scheme, "https") == 0;
		/* WinRM's URLPrefix is "wsman": a bare host means that */
		if (path == NULL || strcmp(path, "/") == 0)
			curl_url_set(u, CURLUPART_PATH, "/wsman", 0);
		curl_free(path);
		path = NULL;
		curl_url_get(u, CURLUPART_PATH, &path, 0);
		curl_url_get(u, CURLUPART_URL, &out, 0);
		*full = g_strdup(out);
		*display = g_strdup_printf("%s://%s%s%s%s",
		                           scheme,
		                           host,
		                           port != NULL ? ":" : "",
		                           port != NULL ? port : "",
		                           path != NULL ? path : "");
		ok = TRUE;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(user);
	np_wsman_wipe(password);
	curl_free(password);
	curl_free(query);
	curl_free(fragment);
	curl_free(out);
	return ok;
}

/**
 * np_wsman_read_password_file:
 *
 * Reads the first line of @path. The file must be a regular file with no
 * permission bits for group or others (checked on the open descriptor).
 */
gchar *
np_wsman_read_password_file(const gchar *path, GError **error)
{
	struct stat st;
	gchar *buffer;
	gsize length = 0;
	gint fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		gint saved = errno;
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_IO,
		            "password file %s: %s",
		            path,
		            g_strerror(saved));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "password file %s: not a regular file",
		            path);
		return NULL;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		close(fd);
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "password file %s: mode %04o lets group or others at it; "
		            "refused (chmod 600 %s)",
		            path,
		            (guint)(st.st_mode & 07777),
		            path);
		return NULL;
	}
	if (st.st_size > NP_WSMAN_MAX_PASSWORD_BYTES) {
		close(fd);
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "password file %s: exceeds the limit of %d bytes",
		            path,
		            NP_WSMAN_MAX_PASSWORD_BYTES);
		return NULL;
	}
	buffer = g_malloc0(NP_WSMAN_MAX_PASSWORD_BYTES + 2);
	while (length <= NP_WSMAN_MAX_PASSWORD_BYTES) {
		gssize got = read(fd, buffer + length, NP_WSMAN_MAX_PASSWORD_BYTES + 1 - length);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			gint saved = errno;
			close(fd);
			np_wsman_secret_free(buffer);
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_IO,
			            "password file %s: %s",
			            path,
			            g_strerror(saved));
			return NULL;
		}
		if (got == 0)
			break;
		length += (gsize)got;
	}
	close(fd);
	if (length > NP_WSMAN_MAX_PASSWORD_BYTES || memchr(buffer, '\0', length) != NULL) {
		explicit_bzero(buffer, NP_WSMAN_MAX_PASSWORD_BYTES + 2);
		g_free(buffer);
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "password file %s: not a one-line text file",
		            path);
		return NULL;
	}
	/* the first line only; its line end (LF or CR LF) is not part of it */
	{
		gsize first = strcspn(buffer, "\r\n");
		gboolean more = FALSE;
		for (gsize i = first; i < length; i++)
			if (buffer[i] != '\r' && buffer[i] != '\n')
				more = TRUE;
		explicit_bzero(buffer + first, NP_WSMAN_MAX_PASSWORD_BYTES + 2 - first);
		if (more) {
			explicit_bzero(buffer, NP_WSMAN_MAX_PASSWORD_BYTES + 2);
			g_free(buffer);
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "password file %s: more than one line",
			            path);
			return NULL;
		}
	}
	if (buffer[0] == '\0') {
		g_free(buffer);
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "password file %s is empty", path);
		return NULL;
	}
	return buffer;
}

static size_t
np_wsman_write_cb(char *data, size_t size, size_t count, void *user_data)
{
	NpWsmanClient *client = user_data;
	gsize bytes = size * count;

	if (bytes > NP_WSMAN_MAX_REPLY_BYTES - client->reply->len) {
		client->reply_too_big = TRUE;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	g_byte_array_append(client->reply, (const guint8 *)data, (guint)bytes);
	return bytes;
}

#define NP_CURL_SET(curl, option, value, error)                                \
	do {                                                                   \
		CURLcode np_rc_ = curl_easy_setopt((curl), (option), (value)); \
		if (np_rc_ != CURLE_OK) {                                      \
			g_set_error((error),                                   \
			            NP_ERROR,                                  \
			            NP_ERROR_UNSUPPORTED,                      \
			            "libcurl refused option %s: %s",           \
			            #option,                                   \
			            curl_easy_strerror(np_rc_));               \
			return NULL;                                           \
		}                                                              \
	} while (0)

/**
 * np_wsman_client_new:
 * @options: what to connect to and how
 * @error: NP_ERROR_INVALID or NP_ERROR_IO when an option or the password
 *   file is refused; nothing has been sent then
 *
 * Checks the options and reads the password; connects lazily, on the
 * first request.
 *
 * Returns: (transfer full): the client, or NULL
 */
NpWsmanClient *
np_wsman_client_new(const NpWsmanOptions *options, GError **error)
{
	g_autoptr(NpWsmanClient) client = NULL;
	g_autofree gchar *full = NULL;
	g_autofree gchar *display = NULL;
	gboolean https = FALSE;
	guint op_timeout_ms;

	g_return_val_if_fail(options != NULL && options->url != NULL, NULL);
	if (!np_wsman_parse_url(options->url, &full, &display, &https, error))
		return NULL;
	if (options->auth == NP_WSMAN_AUTH_BASIC) {
		if (options->user == NULL || options->user[0] == '\0') {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "%s: Basic authentication needs a user",
			            display);
			return NULL;
		}
		if (!https && !options->allow_unencrypted) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "%s: refusing to send Basic credentials over unencrypted "
			            "http:// (use https://, or allow unencrypted for a lab host)",
			            display);
			return NULL;
		}
	} else if (options->auth == NP_WSMAN_AUTH_NEGOTIATE) {
		if (options->password_file != NULL) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "%s: a password file is not used with Negotiate (GSS-API "
			            "takes credentials from the Kerberos ticket cache: kinit)",
			            display);
			return NULL;
		}
	} else {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "unknown authentication scheme %d",
		            (gint)options->auth);
		return NULL;
	}
	if (options->ca_file != NULL && access(options->ca_file, R_OK) != 0) {
		gint saved = errno;
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_IO,
		            "CA file %s: %s",
		            options->ca_file,
		            g_strerror(saved));
		return NULL;
	}

	np_wsman_global_init();
	client = g_new0(NpWsmanClient, 1);
	client->url = g_steal_pointer(&full);
	client->display_url = g_steal_pointer(&display);
	client->auth = options->auth;
	client->user = g_strdup(options->user != NULL ? options->user : "");
	client->connect_timeout_ms = options->connect_timeout_ms != 0
	                                 ? options->connect_timeout_ms
	                                 : NP_WSMAN_DEFAULT_CONNECT_TIMEOUT_MS;
	client->timeout_ms =
	    options->timeout_ms != 0 ? options->timeout_ms : NP_WSMAN_DEFAULT_TIMEOUT_MS;
	client->max_elements =
	    options->max_elements != 0 ? options->max_elements : NP_WSMAN_DEFAULT_MAX_ELEMENTS;
	/* the server must give up (and say so in a fault) before we do */
	op_timeout_ms = MIN(60000u, MAX(1000u, client->timeout_ms / 4 * 3));
	client->operation_timeout =
	    g_strdup_printf("PT%u.%03uS", op_timeout_ms / 1000, op_timeout_ms % 1000);
	client->session_id = np_wsman_new_uuid();
	client->reply = g_byte_array_new();

	if (options->auth == NP_WSMAN_AUTH_BASIC) {
		if (options->password_file != NULL) {
			client->password =
			    np_wsman_read_password_file(options->password_file, error);
			if (client->password == NULL)
				return NULL;
		} else {
			const gchar *env = g_getenv(NP_WSMAN_PASSWORD_ENV);
			if (env == NULL || env[0] == '\0') {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "%s: no password: give a password file or set "
				            "$" NP_WSMAN_PASSWORD_ENV,
				            client->display_url);
				return NULL;
			}
			client->password = g_strdup(env);
		}
	}

	client->curl = curl_easy_init();
	if (client->curl == NULL) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_UNSUPPORTED,
		                    "cannot initialise libcurl");
		return NULL;
	}
	client->headers =
	    curl_slist_append(NULL, "Content-Type: application/soap+xml;charset=UTF-8");
	/* no 100-continue round trip: WinRM answers at once */
	client->headers = curl_slist_append(client->headers, "Expect:");
	NP_CURL_SET(client->curl, CURLOPT_URL, client->url, error);
	NP_CURL_SET(client->curl, CURLOPT_NOSIGNAL, 1L, error);
	NP_CURL_SET(client->curl, CURLOPT_POST, 1L, error);
	/* Negotiate is connection-bound: HTTP/1.1 and one kept-alive connection */
	NP_CURL_SET(client->curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1, error);
	NP_CURL_SET(client->curl, CURLOPT_PROTOCOLS_STR, "http,https", error);
	NP_CURL_SET(client->curl, CURLOPT_FOLLOWLOCATION, 0L, error);
	NP_CURL_SET(client->curl, CURLOPT_TCP_KEEPALIVE, 1L, error);
	NP_CURL_SET(client->curl,
	            CURLOPT_CONNECTTIMEOUT_MS,
	            (long)client->connect_timeout_ms,
	            error);
	NP_CURL_SET(client->curl, CURLOPT_TIMEOUT_MS, (long)client->timeout_ms, error);
	NP_CURL_SET(client->curl, CURLOPT_HTTPHEADER, client->headers, error);
	NP_CURL_SET(client->curl, CURLOPT_USERAGENT, "numaplan/" NP_VERSION, error);
	NP_CURL_SET(client->curl, CURLOPT_WRITEFUNCTION, np_wsman_write_cb, error);
	NP_CURL_SET(client->curl, CURLOPT_WRITEDATA, client, error);
	NP_CURL_SET(client->curl, CURLOPT_ERRORBUFFER, client->errbuf, error);
	NP_CURL_SET(client->curl, CURLOPT_SSL_VERIFYPEER, options->insecure ? 0L : 1L, error);
	NP_CURL_SET(client->curl, CURLOPT_SSL_VERIFYHOST, options->insecure ? 0L : 2L, error);
	if (options->ca_file != NULL)
		NP_CURL_SET(client->curl, CURLOPT_CAINFO, options->ca_file, error);
	if (options->auth == NP_WSMAN_AUTH_BASIC) {
		NP_CURL_SET(client->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC, error);
		NP_CURL_SET(client->curl, CURLOPT_USERNAME, client->user, error);
		NP_CURL_SET(client->curl, CURLOPT_PASSWORD, client->password, error);
	} else {
		NP_CURL_SET(client->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_NEGOTIATE, error);
		/* libcurl authenticates only with a user set; GSS-API ignores it */
		NP_CURL_SET(client->curl, CURLOPT_USERNAME, client->user, error);
	}
	return g_steal_pointer(&client);
}

void
np_wsman_client_free(NpWsmanClient *client)
{
	if (client == NULL)
		return;
	if (client->curl != NULL)
		curl_easy_cleanup(client->curl);
	curl_slist_free_all(client->headers);
	g_free(client->url);
	g_free(client->display_url);
	g_free(client->user);
	np_wsman_secret_free(client->password);
	g_free(client->operation_timeout);
	g_free(client->session_id);
	if (client->reply != NULL) {
		/* replies may echo secrets of the host's: leave none behind */
		if (client->reply->len > 0)
			explicit_bzero(client->reply->data, client->reply->len);
		g_byte_array_unref(client->reply);
	}
	np_wsman_fault_free(client->last_fault);
	g_free(client);
}

const gchar *
np_wsman_client_get_display_url(const NpWsmanClient *client)
{
	g_return_val_if_fail(client != NULL, NULL);
	return client->display_url;
}

const NpWsmanFault *
np_wsman_client_get_last_fault(const NpWsmanClient *client)
{
	g_return_val_if_fail(client != NULL, NULL);
	return client->last_fault;
}

guint
np_wsman_client_get_request_count(const NpWsmanClient *client)
{
	g_return_val_if_fail(client != NULL, 0);
	return client->requests;
}

static void
np_wsman_set_curl_error(NpWsmanClient *client, CURLcode rc, GError **error)
{
	const gchar *detail = client->errbuf[0] != '\0' ? client->errbuf : curl_easy_strerror(rc);
	g_autofree gchar *what = g_strchomp(g_strdup(detail));

	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_TIMEOUT,
		            "%s: timed out (limits: connect %u ms, request %u ms): %s",
		            client->display_url,
		            client->connect_timeout_ms,
		            client->timeout_ms,
		            what);
		return;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_CONNECT,
		            "%s: cannot connect: %s",
		            client->display_url,
		            what);
		return;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_CONNECT,
		            "%s: connection dropped before a complete reply: %s",
		            client->display_url,
		            what);
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_TLS,
		            "%s: TLS failed: %s",
		            client->display_url,
		            what);
		return;
	case CURLE_WRITE_ERROR:
		if (client->reply_too_big) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "%s: reply exceeds the limit of %u bytes (refused)",
			            client->display_url,
			            NP_WSMAN_MAX_REPLY_BYTES);
			return;
		}
		break;
	default:
		break;
	}
	g_set_error(error,
	            NP_WSMAN_ERROR,
	            NP_WSMAN_ERROR_CONNECT,
	            "%s: request failed: %s",
	            client->display_url,
	            what);
}

/* one round trip: POST @body, parse the reply for @op; a fault becomes
 * NP_WSMAN_ERROR_FAULT */
static NpWsmanReply *
np_wsman_client_send_raw(NpWsmanClient *client,
                         const gchar *resource_uri,
                         const gchar *action,
                         const NpWsmanEpr *target,
                         const gchar *body,
                         NpWsmanOp op,
                         const gchar *method,
                         GError **error)
{
	g_autofree gchar *message_id = np_wsman_new_uuid();
	g_autofree gchar *envelope = NULL;
	g_autoptr(NpWsmanReply) reply = NULL;
	g_autoptr(GError) parse_error = NULL;
	long status = 0;
	CURLcode rc;

	envelope = np_wsman_build_envelope(client->url,
	                                   resource_uri,
	                                   action,
	                                   target,
	                                   body,
	                                   message_id,
	                                   client->operation_timeout,
	                                   client->session_id);
	if (client->reply->len > 0)
		explicit_bzero(client->reply->data, client->reply->len);
	g_byte_array_set_size(client->reply, 0);
	client->reply_too_big = FALSE;
	client->errbuf[0] = '\0';
	g_clear_pointer(&client->last_fault, np_wsman_fault_free);
	curl_easy_setopt(client->curl, CURLOPT_POSTFIELDS, envelope);
	curl_easy_setopt(client->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(envelope));
	client->requests++;
	g_debug("%s: %s %s", client->display_url, action, resource_uri);
	rc = curl_easy_perform(client->curl);
	/* the body pointer must not outlive the envelope */
	curl_easy_setopt(client->curl, CURLOPT_POSTFIELDS, NULL);
	if (rc != CURLE_OK) {
		np_wsman_set_curl_error(client, rc, error);
		return NULL;
	}
	curl_easy_getinfo(client->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status == 401) {
		g_set_error(
		    error,
		    NP_WSMAN_ERROR,
		    NP_WSMAN_ERROR_AUTH,
		    "%s: authentication failed (HTTP 401): the server refused the %s "
		    "credentials%s",
		    client->display_url,
		    client->auth == NP_WSMAN_AUTH_BASIC ? "Basic" : "Negotiate",
		    client->auth == NP_WSMAN_AUTH_BASIC
		        ? " (is Basic enabled on the WinRM service, and the account local?)"
		        : " (is there a Kerberos ticket (kinit), and is the host named by its "
		          "FQDN?)");
		return NULL;
	}
	if (status == 413) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_HTTP,
		            "%s: HTTP 413: the request is larger than the server's "
		            "MaxEnvelopeSizekb",
		            client->display_url);
		return NULL;
	}
	if (status != 200 && status != 400 && status != 500) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_HTTP,
		            "%s: unexpected HTTP status %ld",
		            client->display_url,
		            status);
		return NULL;
	}
	reply = np_wsman_reply_parse((const gchar *)client->reply->data,
	                             client->reply->len,
	                             op,
	                             action,
	                             method,
	                             &parse_error);
	if (reply == NULL) {
		if (status != 200)
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_HTTP,
			            "%s: HTTP %ld without a readable SOAP fault (%s)",
			            client->display_url,
			            status,
			            parse_error->message);
		else
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            parse_error->code,
			            "%s: %s",
			            client->display_url,
			            parse_error->message);
		return NULL;
	}
	if (reply->fault != NULL) {
		g_autofree gchar *text = NULL;
		reply->fault->http_status = status;
		text = np_wsman_fault_to_string(reply->fault);
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_FAULT,
		            "%s: %s",
		            client->display_url,
		            text);
		client->last_fault = g_steal_pointer(&reply->fault);
		return NULL;
	}
	if (status != 200) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_HTTP,
		            "%s: HTTP %ld without a SOAP fault",
		            client->display_url,
		            status);
		return NULL;
	}
	return g_steal_pointer(&reply);
}

/* "URL: detail" → "URL: WHAT: detail": the message still starts with
 * the host, and says which request failed */
static void
np_wsman_add_context(const NpWsmanClient *client, const gchar *what, GError **error)
{
	gsize n = strlen(client->display_url);
	gchar *message;

	if (what == NULL || error == NULL || *error == NULL)
		return;
	if (strncmp((*error)->message, client->display_url, n) != 0
	    || strncmp((*error)->message + n, ": ", 2) != 0) {
		g_prefix_error(error, "%s: ", what);
		return;
	}
	message =
	    g_strdup_printf("%s: %s: %s", client->display_url, what, (*error)->message + n + 2);
	g_free((*error)->message);
	(*error)->message = message;
}

NpWsmanReply *
np_wsman_client_send(NpWsmanClient *client,
                     const gchar *resource_uri,
                     const gchar *action,
                     const NpWsmanEpr *target,
                     const gchar *body,
                     NpWsmanOp op,
                     const gchar *method,
                     const gchar *what,
                     GError **error)
{
	NpWsmanReply *reply =
	    np_wsman_client_send_raw(client, resource_uri, action, target, body, op, method, error);

	if (reply == NULL)
		np_wsman_add_context(client, what, error);
	return reply;
}
