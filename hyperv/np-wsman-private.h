/* numaplan — WS-Management internals shared with tests (never installed)
 *
 * The reply parser and the envelope builder work without a network, so
 * recorded WinRM messages can be checked offline.
 */
#pragma once

#include <curl/curl.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "np-wsman.h"

G_BEGIN_DECLS

/* cleanups of the third-party types used here */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlParserCtxt, xmlFreeParserCtxt)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CURL, curl_easy_cleanup)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CURLU, curl_url_cleanup)

/* parses @data (no network, no entities, no DTD; a DOCTYPE is refused)
 * into a document; NP_WSMAN_ERROR_REPLY otherwise */
xmlDoc *
np_wsman_xml_read(const gchar *data, gsize length, GError **error) G_GNUC_WARN_UNUSED_RESULT;

typedef enum {
	NP_WSMAN_OP_GET,
	NP_WSMAN_OP_ENUMERATE,
	NP_WSMAN_OP_PULL,
	NP_WSMAN_OP_RELEASE,
	NP_WSMAN_OP_INVOKE,
} NpWsmanOp;

/**
 * NpWsmanReply:
 * @fault: (nullable): set when the body is a SOAP fault (nothing else is)
 * @action: (nullable): the a:Action header
 * @instance: Get and Invoke: the body's element
 * @items: Enumerate and Pull: (element-type NpWsmanInstance)
 * @context: Enumerate and Pull: the context to Pull with next, NULL when
 *   none or empty
 * @end_of_sequence: Enumerate and Pull: no more items
 */
typedef struct {
	NpWsmanFault *fault;
	gchar *action;
	NpWsmanInstance *instance;
	GPtrArray *items;
	gchar *context;
	gboolean end_of_sequence;
} NpWsmanReply;

void np_wsman_reply_free(NpWsmanReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWsmanReply, np_wsman_reply_free)

/* Parses a reply to @op, sent with a:Action @request_action (the reply's
 * must be @request_action + "Response" unless it is a fault). @method is
 * the invoked method (NP_WSMAN_OP_INVOKE only). A fault is not an error
 * here: it comes back in reply->fault. */
NpWsmanReply *np_wsman_reply_parse(const gchar *data,
                                   gsize length,
                                   NpWsmanOp op,
                                   const gchar *request_action,
                                   const gchar *method,
                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* a request envelope; @target supplies the SelectorSet (nullable) */
gchar *np_wsman_build_envelope(const gchar *to,
                               const gchar *resource_uri,
                               const gchar *action,
                               const NpWsmanEpr *target,
                               const gchar *body,
                               const gchar *message_id,
                               const gchar *operation_timeout,
                               const gchar *session_id) G_GNUC_WARN_UNUSED_RESULT;

/* namespaces and actions, matched by URI, never by prefix */
#define NS_SOAP "http://www.w3.org/2003/05/soap-envelope"
#define NS_ADDR "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_ENUMERATION "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define NS_TRANSFER "http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define NS_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define NS_WSMV "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
#define NS_FAULT "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"
#define NS_CIM "http://schemas.dmtf.org/wbem/wscim/1/common"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define WQL_DIALECT "http://schemas.microsoft.com/wbem/wsman/1/WQL"
#define ANONYMOUS NS_ADDR "/role/anonymous"
#define ACTION_GET NS_TRANSFER "/Get"
#define ACTION_ENUMERATE NS_ENUMERATION "/Enumerate"
#define ACTION_PULL NS_ENUMERATION "/Pull"
#define ACTION_RELEASE NS_ENUMERATION "/Release"

/* NP_WSMAN_MAX_DEPTH and NP_WSMAN_MAX_PASSWORD_BYTES: model/np-limits.h */

/* the client (np-wsman-client.c); its requests (np-wsman.c) */
struct _NpWsmanClient {
	CURL *curl;
	struct curl_slist *headers;
	gchar *url;
	gchar *display_url;
	gchar *user;
	gchar *password; /* wiped on free */
	NpWsmanAuth auth;
	guint connect_timeout_ms;
	guint timeout_ms;
	guint max_elements;
	gchar *operation_timeout;
	gchar *session_id;
	GByteArray *reply;
	gboolean reply_too_big;
	gchar errbuf[CURL_ERROR_SIZE];
	NpWsmanFault *last_fault;
	guint requests;
};

/* one Invoke parameter's element content, already XML (np-wsman-request.c) */
typedef struct {
	gchar *name;
	gchar *xml;
} NpWsmanParam;

struct _NpWsmanParams {
	GPtrArray *items; /* of NpWsmanParam */
};

/* helpers shared by the files of the client */
gchar *np_wsman_collapse(const gchar *text) G_GNUC_WARN_UNUSED_RESULT;
gchar *np_wsman_new_uuid(void) G_GNUC_WARN_UNUSED_RESULT;
void np_wsman_wipe(gchar *secret);
void np_wsman_secret_free(gchar *secret);
void np_wsman_value_free(NpWsmanValue *value);
void np_wsman_property_free(NpWsmanProperty *property);

/* one request and its parsed reply; @what names it in errors */
NpWsmanReply *np_wsman_client_send(NpWsmanClient *client,
                                   const gchar *resource_uri,
                                   const gchar *action,
                                   const NpWsmanEpr *target,
                                   const gchar *body,
                                   NpWsmanOp op,
                                   const gchar *method,
                                   const gchar *what,
                                   GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* the password as read (tests only: never print it) */
gchar *np_wsman_read_password_file(const gchar *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
