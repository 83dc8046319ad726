/* numaplan — a WS-Management (WinRM) client for Hyper-V's WMI namespace
 *
 * SOAP 1.2 over HTTP(S) POST, one kept-alive libcurl handle per client.
 * Reads: Enumerate (WQL filter or plain class) + Pull until EndOfSequence,
 * Release, Get. Writes: Invoke of a WMI method (simple, reference and
 * embedded-instance arguments) and Msvm_ConcreteJob polling, for apply.
 * See docs/hyperv-import.md for options, limits and security rules.
 *
 * Errors: everything that went wrong *at or on the way to* the host is in
 * the NP_WSMAN_ERROR domain (the CLI's exit status 3); options or a password
 * file refused before anything was sent are NP_ERROR_INVALID / NP_ERROR_IO
 * (exit status 2). Messages name the host by its URL (never credentials).
 * Library code never prints.
 */
#pragma once

#include <glib.h>

#include "np-limits.h"

G_BEGIN_DECLS

/* what we ask the server to keep each reply envelope under (bytes), as
 * pywinrm and pypsrp send; WinRM splits pages to fit */
#define NP_WSMAN_MAX_ENVELOPE_BYTES 153600u
/* defaults for NpWsmanOptions fields left 0 */
#define NP_WSMAN_DEFAULT_CONNECT_TIMEOUT_MS 10000u
#define NP_WSMAN_DEFAULT_TIMEOUT_MS 120000u
#define NP_WSMAN_DEFAULT_MAX_ELEMENTS 100u
/* environment variable read when no password file is given */
#define NP_WSMAN_PASSWORD_ENV "NUMAPLAN_PASSWORD"

/* WQL over WinRM needs the class wildcard as resource URI */
#define NP_WSMAN_HYPERV_NS_URI \
	"http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2"
#define NP_WSMAN_HYPERV_WQL_URI NP_WSMAN_HYPERV_NS_URI "/*"

#define NP_WSMAN_ERROR np_wsman_error_quark()

/**
 * NpWsmanError:
 * @NP_WSMAN_ERROR_FAULT: the server answered with a SOAP fault
 * @NP_WSMAN_ERROR_AUTH: HTTP 401: credentials or scheme refused
 * @NP_WSMAN_ERROR_TLS: TLS handshake or certificate verification failed
 * @NP_WSMAN_ERROR_TIMEOUT: no (complete) reply within the timeout
 * @NP_WSMAN_ERROR_CONNECT: could not connect, or the connection dropped
 * @NP_WSMAN_ERROR_HTTP: another unexpected HTTP status
 * @NP_WSMAN_ERROR_REPLY: the reply is too big, not XML, refused (DOCTYPE)
 *   or not the shape the operation expects
 * @NP_WSMAN_ERROR_METHOD: an invoked method or its job reported failure
 *
 * Failures at (or on the way to) a live host.
 */
typedef enum {
	NP_WSMAN_ERROR_FAULT,
	NP_WSMAN_ERROR_AUTH,
	NP_WSMAN_ERROR_TLS,
	NP_WSMAN_ERROR_TIMEOUT,
	NP_WSMAN_ERROR_CONNECT,
	NP_WSMAN_ERROR_HTTP,
	NP_WSMAN_ERROR_REPLY,
	NP_WSMAN_ERROR_METHOD,
	NP_WSMAN_ERROR_LAST
} NpWsmanError;

GQuark np_wsman_error_quark(void);

/* --- endpoint references: a class resource URI plus its key selectors */

typedef struct _NpWsmanEpr NpWsmanEpr;
typedef struct _NpWsmanInstance NpWsmanInstance;

/**
 * NpWsmanSelector:
 * @name: the key property's name
 * @value: (nullable): its text, or NULL when the selector holds @epr
 * @epr: (nullable): a nested reference (association keys), else NULL
 */
typedef struct {
	gchar *name;
	gchar *value;
	NpWsmanEpr *epr;
} NpWsmanSelector;

/**
 * NpWsmanEpr:
 * @address: (nullable): a:Address (usually the anonymous role URI)
 * @resource_uri: (nullable): w:ResourceURI, the class URI
 * @selectors: (element-type NpWsmanSelector): the keys, in document order
 */
struct _NpWsmanEpr {
	gchar *address;
	gchar *resource_uri;
	GPtrArray *selectors;
};

NpWsmanEpr *np_wsman_epr_new(const gchar *resource_uri) G_GNUC_WARN_UNUSED_RESULT;
void np_wsman_epr_free(NpWsmanEpr *epr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanEpr, np_wsman_epr_free)
NpWsmanEpr *np_wsman_epr_copy(const NpWsmanEpr *epr) G_GNUC_WARN_UNUSED_RESULT;
void np_wsman_epr_add_selector(NpWsmanEpr *epr, const gchar *name, const gchar *value);
/* the selector's text (names compare ignoring ASCII case, as Windows
 * does); NULL when absent or a nested reference */
const gchar *np_wsman_epr_get_selector(const NpWsmanEpr *epr, const gchar *name);
/* the class name: the resource URI's last path segment, or NULL */
const gchar *np_wsman_epr_get_class(const NpWsmanEpr *epr);

/* --- instances: what Enumerate, Get and Invoke return */

typedef enum {
	NP_WSMAN_VALUE_TEXT,     /* a scalar; cim:Datetime & co. are unwrapped to text */
	NP_WSMAN_VALUE_EPR,      /* a REF property rendered as an endpoint reference */
	NP_WSMAN_VALUE_INSTANCE, /* a nested element structure (embedded object) */
} NpWsmanValueKind;

/**
 * NpWsmanValue:
 * @kind: which member is set
 * @text: for NP_WSMAN_VALUE_TEXT, the element's text ("" when empty)
 * @epr: for NP_WSMAN_VALUE_EPR
 * @instance: for NP_WSMAN_VALUE_INSTANCE
 */
typedef struct {
	NpWsmanValueKind kind;
	gchar *text;
	NpWsmanEpr *epr;
	NpWsmanInstance *instance;
} NpWsmanValue;

/**
 * NpWsmanProperty:
 * @name: the element's local name (the WMI property name)
 * @nil: TRUE when the value is NULL (`xsi:nil="true"`); then @values is empty
 * @values: (element-type NpWsmanValue): one per element; arrays are
 *   repeated elements, so a scalar has exactly one
 */
typedef struct {
	gchar *name;
	gboolean nil;
	GPtrArray *values;
} NpWsmanProperty;

/**
 * NpWsmanInstance:
 * @class_name: the element's local name (`Msvm_NumaNode`, or
 *   `ModifySystemSettings_OUTPUT` for an Invoke reply)
 * @resource_uri: (nullable): the element's namespace URI (the class URI)
 * @properties: (element-type NpWsmanProperty): in document order, one per
 *   distinct name
 * @epr: (nullable): the instance's own reference, when the server sent one
 *   (NP_WSMAN_ENUMERATE_WITH_EPR)
 */
struct _NpWsmanInstance {
	gchar *class_name;
	gchar *resource_uri;
	GPtrArray *properties;
	NpWsmanEpr *epr;
};

void np_wsman_instance_free(NpWsmanInstance *instance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanInstance, np_wsman_instance_free)

/* the property, or NULL when the instance has none of that name (exact case) */
const NpWsmanProperty *np_wsman_instance_lookup(const NpWsmanInstance *instance, const gchar *name);
/* a scalar text value; NULL when absent, nil, an array or not text */
const gchar *np_wsman_instance_get_text(const NpWsmanInstance *instance, const gchar *name);
/* a scalar reference; NULL when absent, nil or not a reference. Also finds a
 * reference wrapped in a:EndpointReference (non-Windows servers) */
const NpWsmanEpr *np_wsman_instance_get_epr(const NpWsmanInstance *instance, const gchar *name);

/* a reference to @instance built from its class URI and the values of its
 * @keys (NULL-terminated key property names, e.g. {"InstanceID", NULL});
 * NP_WSMAN_ERROR_REPLY when a key is missing, nil or not plain text */
NpWsmanEpr *np_wsman_instance_to_epr(const NpWsmanInstance *instance,
                                     const gchar *const *keys,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Typed readers. @required FALSE: an absent or nil property leaves *out
 * untouched and returns TRUE with *present FALSE (when @present is given).
 * A value that is present but malformed is always an error
 * (NP_WSMAN_ERROR_REPLY naming the class and property). */
gboolean np_wsman_instance_read_uint64(const NpWsmanInstance *instance,
                                       const gchar *name,
                                       gboolean required,
                                       guint64 *out,
                                       gboolean *present,
                                       GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean np_wsman_instance_read_boolean(const NpWsmanInstance *instance,
                                        const gchar *name,
                                        gboolean required,
                                        gboolean *out,
                                        gboolean *present,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean np_wsman_instance_read_string(const NpWsmanInstance *instance,
                                       const gchar *name,
                                       gboolean required,
                                       const gchar **out,
                                       GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* --- faults */

/**
 * NpWsmanFault:
 * @code: s:Code/s:Value (`s:Sender`, `s:Receiver`), as written
 * @subcode: (nullable): s:Subcode/s:Value, e.g. `w:InvalidSelectors`
 * @reason: (nullable): s:Reason/s:Text, whitespace trimmed
 * @fault_detail: (nullable): w:FaultDetail URI
 * @wsman_code: f:WSManFault/@Code (a Windows HRESULT-like number), 0 if none
 * @wsman_message: (nullable): the innermost f:Message text
 * @wmi_error_code: MSFT_WmiError error_Code, 0 if none
 * @wmi_message: (nullable): MSFT_WmiError Message
 * @http_status: the HTTP status that carried the fault (0 when parsed offline)
 */
typedef struct {
	gchar *code;
	gchar *subcode;
	gchar *reason;
	gchar *fault_detail;
	guint64 wsman_code;
	gchar *wsman_message;
	guint64 wmi_error_code;
	gchar *wmi_message;
	glong http_status;
} NpWsmanFault;

void np_wsman_fault_free(NpWsmanFault *fault);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanFault, np_wsman_fault_free)
/* one line: "fault SUBCODE (CODE): REASON; WSManFault N (0xH): MESSAGE; MSFT_WmiError ..." */
gchar *np_wsman_fault_to_string(const NpWsmanFault *fault) G_GNUC_WARN_UNUSED_RESULT;

/* --- Invoke arguments */

typedef struct _NpWsmanEmbedded NpWsmanEmbedded;

/* a CIM-XML (DSP0201) INSTANCE sent as a string argument: include the
 * InstanceID and only the properties to change. @cim_type is the CIM type
 * name (`string`, `boolean`, `uint16`, `uint32`, `uint64`, …) */
NpWsmanEmbedded *np_wsman_embedded_new(const gchar *class_name) G_GNUC_WARN_UNUSED_RESULT;
void np_wsman_embedded_free(NpWsmanEmbedded *embedded);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanEmbedded, np_wsman_embedded_free)
void np_wsman_embedded_add(NpWsmanEmbedded *embedded,
                           const gchar *name,
                           const gchar *cim_type,
                           const gchar *value);
void np_wsman_embedded_add_uint64(NpWsmanEmbedded *embedded, const gchar *name, guint64 value);
void np_wsman_embedded_add_boolean(NpWsmanEmbedded *embedded, const gchar *name, gboolean value);
/* the CIM-XML text */
gchar *np_wsman_embedded_to_string(const NpWsmanEmbedded *embedded) G_GNUC_WARN_UNUSED_RESULT;

typedef struct _NpWsmanParams NpWsmanParams;

/* a method's input parameters, sent in the order added; adding the same
 * name twice makes an array parameter */
NpWsmanParams *np_wsman_params_new(void) G_GNUC_WARN_UNUSED_RESULT;
void np_wsman_params_free(NpWsmanParams *params);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanParams, np_wsman_params_free)
void np_wsman_params_add_text(NpWsmanParams *params, const gchar *name, const gchar *value);
void np_wsman_params_add_epr(NpWsmanParams *params, const gchar *name, const NpWsmanEpr *epr);
void np_wsman_params_add_embedded(NpWsmanParams *params,
                                  const gchar *name,
                                  const NpWsmanEmbedded *embedded);

/* --- the client */

typedef enum {
	NP_WSMAN_AUTH_BASIC,     /* user + password; refused over http:// unless allowed */
	NP_WSMAN_AUTH_NEGOTIATE, /* SPNEGO through GSS-API (Kerberos ticket from kinit) */
} NpWsmanAuth;

/**
 * NpWsmanOptions:
 * @url: `https://HOST:5986/wsman` (or `http://…:5985/wsman`); no
 *   credentials in it
 * @user: (nullable): the account (Basic: required)
 * @auth: the HTTP authentication scheme
 * @password_file: (nullable): a file holding the password (one line); must
 *   be a regular file not readable or writable by group or others. When
 *   NULL the password comes from $NUMAPLAN_PASSWORD
 * @ca_file: (nullable): PEM CA bundle to verify the server with
 * @insecure: skip TLS verification (certificate and host name)
 * @allow_unencrypted: allow Basic credentials over plain http://
 * @connect_timeout_ms: 0 for NP_WSMAN_DEFAULT_CONNECT_TIMEOUT_MS
 * @timeout_ms: per request, everything included; 0 for
 *   NP_WSMAN_DEFAULT_TIMEOUT_MS. The server-side OperationTimeout sent is
 *   shorter (3/4 of it, at most 60 s)
 * @max_elements: instances asked per Enumerate/Pull; 0 for the default
 *
 * Strings are copied by np_wsman_client_new().
 */
typedef struct {
	const gchar *url;
	const gchar *user;
	NpWsmanAuth auth;
	const gchar *password_file;
	const gchar *ca_file;
	gboolean insecure;
	gboolean allow_unencrypted;
	guint connect_timeout_ms;
	guint timeout_ms;
	guint max_elements;
} NpWsmanOptions;

typedef struct _NpWsmanClient NpWsmanClient;

NpWsmanClient *np_wsman_client_new(const NpWsmanOptions *options,
                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;
void np_wsman_client_free(NpWsmanClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanClient, np_wsman_client_free)

/* the URL as shown in messages: scheme://host[:port]/path */
const gchar *np_wsman_client_get_display_url(const NpWsmanClient *client);
/* the fault of the last request that got one, else NULL (transfer none) */
const NpWsmanFault *np_wsman_client_get_last_fault(const NpWsmanClient *client);
/* how many requests this client sent (tests, progress) */
guint np_wsman_client_get_request_count(const NpWsmanClient *client);

/**
 * NpWsmanEnumerateFlags:
 * @NP_WSMAN_ENUMERATE_DEFAULT: objects only
 * @NP_WSMAN_ENUMERATE_WITH_EPR: EnumerationMode EnumerateObjectAndEPR: each
 *   instance also gets its own reference (NpWsmanInstance.epr), ready for
 *   Get or Invoke
 */
typedef enum {
	NP_WSMAN_ENUMERATE_DEFAULT = 0,
	NP_WSMAN_ENUMERATE_WITH_EPR = 1 << 0,
} NpWsmanEnumerateFlags;

/* Enumerate + Pull until EndOfSequence. @wql NULL: every instance of the
 * class at @resource_uri; else a WQL query and @resource_uri NULL for
 * NP_WSMAN_HYPERV_WQL_URI. Returns (element-type NpWsmanInstance). */
GPtrArray *np_wsman_client_enumerate(NpWsmanClient *client,
                                     const gchar *resource_uri,
                                     const gchar *wql,
                                     NpWsmanEnumerateFlags flags,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* the same, page by page: _begin sends Enumerate, each _next returns the
 * next page's instances (possibly empty) and sets *done after the last.
 * np_wsman_enumeration_release() abandons an unfinished enumeration on the
 * server; _free does so too (best effort, errors ignored) when still open. */
typedef struct _NpWsmanEnumeration NpWsmanEnumeration;
NpWsmanEnumeration *np_wsman_client_enumerate_begin(NpWsmanClient *client,
                                                    const gchar *resource_uri,
                                                    const gchar *wql,
                                                    NpWsmanEnumerateFlags flags,
                                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *np_wsman_enumeration_next(NpWsmanEnumeration *enumeration,
                                     gboolean *done,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean np_wsman_enumeration_release(NpWsmanEnumeration *enumeration, GError **error);
void np_wsman_enumeration_free(NpWsmanEnumeration *enumeration);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanEnumeration, np_wsman_enumeration_free)

/* WS-Transfer Get of the instance @target names (resource URI + keys) */
NpWsmanInstance *np_wsman_client_get(NpWsmanClient *client,
                                     const NpWsmanEpr *target,
                                     GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Invoke @method on @target (keys may be empty for a singleton service).
 * Returns the METHOD_OUTPUT element as an instance: read `ReturnValue`
 * and out parameters (`Job` is a reference) from it. A non-zero
 * ReturnValue is data, not an error: see np_wsman_invoke_wait(). */
NpWsmanInstance *np_wsman_client_invoke(NpWsmanClient *client,
                                        const NpWsmanEpr *target,
                                        const gchar *method,
                                        const NpWsmanParams *params,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* --- jobs (Msvm_ConcreteJob) */

#define NP_WSMAN_RETURN_JOB_STARTED 4096u
#define NP_WSMAN_JOB_COMPLETED 7u
#define NP_WSMAN_JOB_COMPLETED_WITH_WARNINGS 32768u

/**
 * NpWsmanJob:
 * @instance_id: the job's key
 * @job_state: JobState (2 New … 7 Completed, 8 Terminated, 9 Killed,
 *   10 Exception, 32768 Completed with warnings)
 * @error_code: ErrorCode (0 when nil)
 * @error_description: (nullable): ErrorDescription
 * @percent_complete: PercentComplete (0 when nil)
 */
typedef struct {
	gchar *instance_id;
	guint64 job_state;
	guint64 error_code;
	gchar *error_description;
	guint64 percent_complete;
} NpWsmanJob;

void np_wsman_job_free(NpWsmanJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanJob, np_wsman_job_free)
/* what a method's ReturnValue means (static), NULL when undocumented */
const gchar *np_wsman_return_value_to_string(guint64 value);
/* TRUE when JobState says the job ended: 7–10 or 32768 */
gboolean np_wsman_job_is_finished(const NpWsmanJob *job);
/* TRUE for 7 or 32768 */
gboolean np_wsman_job_is_success(const NpWsmanJob *job);

/* one poll: a Get of the job reference an Invoke returned */
NpWsmanJob *np_wsman_client_get_job(NpWsmanClient *client,
                                    const NpWsmanEpr *job,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Follows an Invoke reply to its end: ReturnValue 0 → TRUE at once;
 * 4096 → polls the Job every @poll_interval_ms until it finishes (TRUE on
 * success) or @job_timeout_ms passes; any other ReturnValue, a failed job
 * or a timeout → NP_WSMAN_ERROR_METHOD naming @method and the value.
 * *return_value (optional) gets the ReturnValue. */
gboolean np_wsman_invoke_wait(NpWsmanClient *client,
                              const gchar *method,
                              const NpWsmanInstance *output,
                              guint job_timeout_ms,
                              guint poll_interval_ms,
                              guint64 *return_value,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* --- helpers */

/* WQL string-literal escaping: ', " and \ get a backslash (a newly
 * allocated string without the quotes) */
gchar *np_wsman_wql_escape(const gchar *value) G_GNUC_WARN_UNUSED_RESULT;
/* the class resource URI in root/virtualization/v2 */
gchar *np_wsman_hyperv_class_uri(const gchar *class_name) G_GNUC_WARN_UNUSED_RESULT;

/* Process-wide libcurl/libxml2 setup and teardown. _init is optional (the
 * first client does it); call _cleanup once before exit, after every client
 * is freed, so leak checkers see their global state released. */
void np_wsman_global_init(void);
void np_wsman_global_cleanup(void);

G_END_DECLS
