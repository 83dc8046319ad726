/* WS-Management client over libcurl + libxml2; see np-wsman.h
 *
 * Shapes parsed here follow real WinRM recordings (tests/hyperv/fixtures):
 * items sit in w:Items (EnumerateResponse) or n:Items (PullResponse), an
 * optimized enumeration may end in its first reply with an empty context,
 * faults carry f:WSManFault and/or MSFT_WmiError details. Everything is
 * matched by namespace URI, never by prefix.
 */
#include "np-config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "np-error.h"
#include "np-limits.h"
#include "np-wsman-private.h"

#define NS_SOAP "http://www.w3.org/2003/05/soap-envelope"
#define NS_ADDR "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_ENUM "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define NS_TRANSFER "http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define NS_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define NS_WSMV "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
#define NS_FAULT "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"
#define NS_CIM "http://schemas.dmtf.org/wbem/wscim/1/common"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define WQL_DIALECT "http://schemas.microsoft.com/wbem/wsman/1/WQL"
#define ANONYMOUS NS_ADDR "/role/anonymous"
#define ACTION_GET NS_TRANSFER "/Get"
#define ACTION_ENUMERATE NS_ENUM "/Enumerate"
#define ACTION_PULL NS_ENUM "/Pull"
#define ACTION_RELEASE NS_ENUM "/Release"

G_DEFINE_QUARK(NpWsmanError, np_wsman_error)

/* ------------------------------------------------------------------ */
/* small helpers */

/* a copy of libxml's string, internal whitespace runs collapsed and trimmed:
 * WinRM wraps and pads reason texts */
static gchar *
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
static gchar *
np_wsman_new_uuid(void)
{
	g_autofree gchar *random = g_uuid_string_random();
	g_autofree gchar *upper = g_ascii_strup(random, -1);

	return g_strconcat("uuid:", upper, NULL);
}

static void
np_wsman_wipe(gchar *secret)
{
	if (secret != NULL)
		explicit_bzero(secret, strlen(secret));
}

static void
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
/* endpoint references */

static void
np_wsman_selector_free(NpWsmanSelector *selector)
{
	if (selector == NULL)
		return;
	g_free(selector->name);
	g_free(selector->value);
	np_wsman_epr_free(selector->epr);
	g_free(selector);
}

/**
 * np_wsman_epr_new:
 * @resource_uri: (nullable): the class resource URI
 *
 * Returns: (transfer full): a reference with no selectors yet
 */
NpWsmanEpr *
np_wsman_epr_new(const gchar *resource_uri)
{
	NpWsmanEpr *epr = g_new0(NpWsmanEpr, 1);

	epr->resource_uri = g_strdup(resource_uri);
	epr->selectors = g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_selector_free);
	return epr;
}

void
np_wsman_epr_free(NpWsmanEpr *epr)
{
	if (epr == NULL)
		return;
	g_free(epr->address);
	g_free(epr->resource_uri);
	g_ptr_array_unref(epr->selectors);
	g_free(epr);
}

NpWsmanEpr *
np_wsman_epr_copy(const NpWsmanEpr *epr)
{
	NpWsmanEpr *copy;

	g_return_val_if_fail(epr != NULL, NULL);
	copy = np_wsman_epr_new(epr->resource_uri);
	copy->address = g_strdup(epr->address);
	for (guint i = 0; i < epr->selectors->len; i++) {
		const NpWsmanSelector *s = g_ptr_array_index(epr->selectors, i);
		NpWsmanSelector *c = g_new0(NpWsmanSelector, 1);
		c->name = g_strdup(s->name);
		c->value = g_strdup(s->value);
		c->epr = s->epr != NULL ? np_wsman_epr_copy(s->epr) : NULL;
		g_ptr_array_add(copy->selectors, c);
	}
	return copy;
}

void
np_wsman_epr_add_selector(NpWsmanEpr *epr, const gchar *name, const gchar *value)
{
	NpWsmanSelector *selector;

	g_return_if_fail(epr != NULL && name != NULL && value != NULL);
	selector = g_new0(NpWsmanSelector, 1);
	selector->name = g_strdup(name);
	selector->value = g_strdup(value);
	g_ptr_array_add(epr->selectors, selector);
}

const gchar *
np_wsman_epr_get_selector(const NpWsmanEpr *epr, const gchar *name)
{
	g_return_val_if_fail(epr != NULL && name != NULL, NULL);
	for (guint i = 0; i < epr->selectors->len; i++) {
		const NpWsmanSelector *s = g_ptr_array_index(epr->selectors, i);
		if (g_ascii_strcasecmp(s->name, name) == 0)
			return s->value;
	}
	return NULL;
}

const gchar *
np_wsman_epr_get_class(const NpWsmanEpr *epr)
{
	const gchar *slash;

	g_return_val_if_fail(epr != NULL, NULL);
	if (epr->resource_uri == NULL)
		return NULL;
	slash = strrchr(epr->resource_uri, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : NULL;
}

/* ------------------------------------------------------------------ */
/* instances */

static void
np_wsman_value_free(NpWsmanValue *value)
{
	if (value == NULL)
		return;
	g_free(value->text);
	np_wsman_epr_free(value->epr);
	np_wsman_instance_free(value->instance);
	g_free(value);
}

static void
np_wsman_property_free(NpWsmanProperty *property)
{
	if (property == NULL)
		return;
	g_free(property->name);
	g_ptr_array_unref(property->values);
	g_free(property);
}

void
np_wsman_instance_free(NpWsmanInstance *instance)
{
	if (instance == NULL)
		return;
	g_free(instance->class_name);
	g_free(instance->resource_uri);
	g_ptr_array_unref(instance->properties);
	np_wsman_epr_free(instance->epr);
	g_free(instance);
}

const NpWsmanProperty *
np_wsman_instance_lookup(const NpWsmanInstance *instance, const gchar *name)
{
	g_return_val_if_fail(instance != NULL && name != NULL, NULL);
	for (guint i = 0; i < instance->properties->len; i++) {
		const NpWsmanProperty *p = g_ptr_array_index(instance->properties, i);
		if (strcmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

static const NpWsmanValue *
np_wsman_instance_scalar(const NpWsmanInstance *instance, const gchar *name)
{
	const NpWsmanProperty *p = np_wsman_instance_lookup(instance, name);

	if (p == NULL || p->nil || p->values->len != 1)
		return NULL;
	return g_ptr_array_index(p->values, 0);
}

const gchar *
np_wsman_instance_get_text(const NpWsmanInstance *instance, const gchar *name)
{
	const NpWsmanValue *v = np_wsman_instance_scalar(instance, name);

	return v != NULL && v->kind == NP_WSMAN_VALUE_TEXT ? v->text : NULL;
}

const NpWsmanEpr *
np_wsman_instance_get_epr(const NpWsmanInstance *instance, const gchar *name)
{
	const NpWsmanValue *v = np_wsman_instance_scalar(instance, name);

	return v != NULL && v->kind == NP_WSMAN_VALUE_EPR ? v->epr : NULL;
}

NpWsmanEpr *
np_wsman_instance_to_epr(const NpWsmanInstance *instance, const gchar *const *keys, GError **error)
{
	g_autoptr(NpWsmanEpr) epr = NULL;

	g_return_val_if_fail(instance != NULL && keys != NULL && keys[0] != NULL, NULL);
	if (instance->resource_uri == NULL) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s has no class resource URI",
		            instance->class_name);
		return NULL;
	}
	epr = np_wsman_epr_new(instance->resource_uri);
	for (guint i = 0; keys[i] != NULL; i++) {
		const gchar *value = np_wsman_instance_get_text(instance, keys[i]);
		if (value == NULL) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "%s: key %s is missing, null or not plain text",
			            instance->class_name,
			            keys[i]);
			return NULL;
		}
		np_wsman_epr_add_selector(epr, keys[i], value);
	}
	return g_steal_pointer(&epr);
}

/* the scalar text of @name for a typed reader: FALSE with an error when
 * required and missing, or present but not one text value */
static gboolean
np_wsman_instance_read_text(const NpWsmanInstance *instance,
                            const gchar *name,
                            gboolean required,
                            const gchar **text,
                            GError **error)
{
	const NpWsmanProperty *p = np_wsman_instance_lookup(instance, name);
	const NpWsmanValue *v;

	*text = NULL;
	if (p == NULL || p->nil) {
		if (!required)
			return TRUE;
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s has %s %s",
		            instance->class_name,
		            p == NULL ? "no" : "a null",
		            name);
		return FALSE;
	}
	if (p->values->len != 1) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s.%s: expected one value, got %u",
		            instance->class_name,
		            name,
		            p->values->len);
		return FALSE;
	}
	v = g_ptr_array_index(p->values, 0);
	if (v->kind != NP_WSMAN_VALUE_TEXT) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s.%s: expected a plain value, got a structure",
		            instance->class_name,
		            name);
		return FALSE;
	}
	*text = v->text;
	return TRUE;
}

/**
 * np_wsman_instance_read_uint64:
 * @instance: the instance
 * @name: the property
 * @required: whether a missing or nil value is an error
 * @out: (out): the value; untouched when absent and not required
 * @present: (out) (optional): whether a value was read
 *
 * Reads a decimal unsigned integer (surrounding whitespace allowed).
 *
 * Returns: FALSE with NP_WSMAN_ERROR_REPLY when required and missing, or
 *   present but not one unsigned 64-bit decimal value
 */
gboolean
np_wsman_instance_read_uint64(const NpWsmanInstance *instance,
                              const gchar *name,
                              gboolean required,
                              guint64 *out,
                              gboolean *present,
                              GError **error)
{
	const gchar *text = NULL;
	g_autofree gchar *trimmed = NULL;
	guint64 value = 0;
	g_autoptr(GError) local_error = NULL;

	g_return_val_if_fail(instance != NULL && name != NULL && out != NULL, FALSE);
	if (present != NULL)
		*present = FALSE;
	if (!np_wsman_instance_read_text(instance, name, required, &text, error))
		return FALSE;
	if (text == NULL)
		return TRUE;
	trimmed = g_strstrip(g_strdup(text));
	if (!g_ascii_string_to_unsigned(trimmed, 10, 0, G_MAXUINT64, &value, &local_error)) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s.%s: expected an unsigned integer, got '%s'",
		            instance->class_name,
		            name,
		            trimmed);
		return FALSE;
	}
	*out = value;
	if (present != NULL)
		*present = TRUE;
	return TRUE;
}

gboolean
np_wsman_instance_read_boolean(const NpWsmanInstance *instance,
                               const gchar *name,
                               gboolean required,
                               gboolean *out,
                               gboolean *present,
                               GError **error)
{
	const gchar *text = NULL;
	g_autofree gchar *trimmed = NULL;

	g_return_val_if_fail(instance != NULL && name != NULL && out != NULL, FALSE);
	if (present != NULL)
		*present = FALSE;
	if (!np_wsman_instance_read_text(instance, name, required, &text, error))
		return FALSE;
	if (text == NULL)
		return TRUE;
	/* xsd:boolean: true/false/1/0 (WinRM writes lowercase words) */
	trimmed = g_strstrip(g_strdup(text));
	if (g_ascii_strcasecmp(trimmed, "true") == 0 || strcmp(trimmed, "1") == 0) {
		*out = TRUE;
	} else if (g_ascii_strcasecmp(trimmed, "false") == 0 || strcmp(trimmed, "0") == 0) {
		*out = FALSE;
	} else {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s.%s: expected a boolean, got '%s'",
		            instance->class_name,
		            name,
		            trimmed);
		return FALSE;
	}
	if (present != NULL)
		*present = TRUE;
	return TRUE;
}

gboolean
np_wsman_instance_read_string(const NpWsmanInstance *instance,
                              const gchar *name,
                              gboolean required,
                              const gchar **out,
                              GError **error)
{
	g_return_val_if_fail(instance != NULL && name != NULL && out != NULL, FALSE);
	return np_wsman_instance_read_text(instance, name, required, out, error);
}

/* ------------------------------------------------------------------ */
/* XML reading */

static gboolean
np_xml_is(const xmlNode *node, const gchar *ns, const gchar *local)
{
	return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL
	       && node->ns->href != NULL && strcmp((const gchar *)node->ns->href, ns) == 0
	       && strcmp((const gchar *)node->name, local) == 0;
}

static xmlNode *
np_xml_first_element(const xmlNode *node)
{
	for (xmlNode *c = node != NULL ? node->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static xmlNode *
np_xml_next_element(const xmlNode *node)
{
	for (xmlNode *c = node->next; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static xmlNode *
np_xml_child(const xmlNode *node, const gchar *ns, const gchar *local)
{
	for (xmlNode *c = np_xml_first_element(node); c != NULL; c = np_xml_next_element(c))
		if (np_xml_is(c, ns, local))
			return c;
	return NULL;
}

/* the first child named @local in either of two namespaces (WinRM moves
 * Items and EndOfSequence between w: and n:) */
static xmlNode *
np_xml_child2(const xmlNode *node, const gchar *ns1, const gchar *ns2, const gchar *local)
{
	xmlNode *found = np_xml_child(node, ns1, local);
	return found != NULL ? found : np_xml_child(node, ns2, local);
}

static gchar *
np_xml_text(const xmlNode *node)
{
	xmlChar *content = xmlNodeGetContent(node);
	gchar *copy = g_strdup(content != NULL ? (const gchar *)content : "");

	xmlFree(content);
	return copy;
}

static gchar *
np_xml_text_trimmed(const xmlNode *node)
{
	return g_strstrip(np_xml_text(node));
}

static gchar *
np_xml_attr(const xmlNode *node, const gchar *name)
{
	xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *)name);
	gchar *copy = value != NULL ? g_strdup((const gchar *)value) : NULL;

	xmlFree(value);
	return copy;
}

static gboolean
np_xml_is_nil(const xmlNode *node)
{
	xmlChar *value = xmlGetNsProp(node, (const xmlChar *)"nil", (const xmlChar *)NS_XSI);
	gboolean nil = value != NULL
	               && (strcmp((const gchar *)value, "true") == 0
	                   || strcmp((const gchar *)value, "1") == 0);

	xmlFree(value);
	return nil;
}

typedef struct {
	gboolean doctype;
} NpWsmanParseGuard;

/* a DOCTYPE is how entity tricks (XXE, billion laughs) get in: SOAP forbids
 * it (SOAP 1.2 part 1 §5), so stop at the first sight of one */
static void
np_wsman_refuse_subset(void *user_data,
                       const xmlChar *name,
                       const xmlChar *external_id,
                       const xmlChar *system_id)
{
	xmlParserCtxt *ctxt = user_data;
	NpWsmanParseGuard *guard = ctxt->_private;

	guard->doctype = TRUE;
	xmlStopParser(ctxt);
}

static void
np_wsman_refuse_entity(void *user_data,
                       const xmlChar *name,
                       int type,
                       const xmlChar *public_id,
                       const xmlChar *system_id,
                       xmlChar *content)
{
	xmlParserCtxt *ctxt = user_data;
	NpWsmanParseGuard *guard = ctxt->_private;

	guard->doctype = TRUE;
	xmlStopParser(ctxt);
}

/**
 * np_wsman_xml_read:
 *
 * Parses without network access, entity substitution or DTD loading, and
 * refuses any document with a DOCTYPE.
 */
xmlDoc *
np_wsman_xml_read(const gchar *data, gsize length, GError **error)
{
	g_autoptr(xmlParserCtxt) ctxt = NULL;
	NpWsmanParseGuard guard = {FALSE};
	xmlDoc *doc;
	const gint options =
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

	g_return_val_if_fail(data != NULL || length == 0, NULL);
	if (length > NP_WSMAN_MAX_REPLY_BYTES || length > G_MAXINT) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "reply exceeds the limit of %u bytes (refused)",
		            NP_WSMAN_MAX_REPLY_BYTES);
		return NULL;
	}
	if (length == 0) {
		g_set_error_literal(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_REPLY, "empty reply");
		return NULL;
	}
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		g_set_error_literal(error,
		                    NP_WSMAN_ERROR,
		                    NP_WSMAN_ERROR_REPLY,
		                    "cannot create an XML parser");
		return NULL;
	}
	ctxt->_private = &guard;
	ctxt->sax->internalSubset = np_wsman_refuse_subset;
	ctxt->sax->externalSubset = np_wsman_refuse_subset;
	ctxt->sax->entityDecl = np_wsman_refuse_entity;
	doc = xmlCtxtReadMemory(ctxt, data, (int)length, NULL, NULL, options);
	if (guard.doctype || (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL))) {
		xmlFreeDoc(doc);
		g_set_error_literal(error,
		                    NP_WSMAN_ERROR,
		                    NP_WSMAN_ERROR_REPLY,
		                    "reply has a DOCTYPE (refused: SOAP forbids DTDs, and they "
		                    "carry entity attacks)");
		return NULL;
	}
	if (doc == NULL || !ctxt->wellFormed) {
		const xmlError *xerr = xmlCtxtGetLastError(ctxt);
		g_autofree gchar *what =
		    np_wsman_collapse(xerr != NULL && xerr->message != NULL ? xerr->message : "");
		xmlFreeDoc(doc);
		if (xerr != NULL)
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "reply is not well-formed XML (line %d: %s)",
			            xerr->line,
			            what);
		else
			g_set_error_literal(error,
			                    NP_WSMAN_ERROR,
			                    NP_WSMAN_ERROR_REPLY,
			                    "reply is not well-formed XML");
		return NULL;
	}
	return doc;
}

static NpWsmanEpr *np_wsman_epr_from_xml(const xmlNode *node, guint depth, GError **error);
static NpWsmanInstance *
np_wsman_instance_from_xml(const xmlNode *node, guint depth, GError **error);

static gboolean
np_wsman_check_depth(guint depth, GError **error)
{
	if (depth <= NP_WSMAN_MAX_DEPTH)
		return TRUE;
	g_set_error(error,
	            NP_WSMAN_ERROR,
	            NP_WSMAN_ERROR_REPLY,
	            "reply nesting exceeds the limit of %d levels",
	            NP_WSMAN_MAX_DEPTH);
	return FALSE;
}

static NpWsmanEpr *
np_wsman_epr_from_xml(const xmlNode *node, guint depth, GError **error)
{
	g_autoptr(NpWsmanEpr) epr = NULL;
	const xmlNode *address, *params, *set;

	if (!np_wsman_check_depth(depth, error))
		return NULL;
	/* non-Windows servers wrap the reference in a:EndpointReference */
	if (np_xml_child(node, NS_ADDR, "EndpointReference") != NULL
	    && np_xml_child(node, NS_ADDR, "Address") == NULL)
		node = np_xml_child(node, NS_ADDR, "EndpointReference");
	address = np_xml_child(node, NS_ADDR, "Address");
	params = np_xml_child(node, NS_ADDR, "ReferenceParameters");
	if (address == NULL && params == NULL) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s: a reference without Address or ReferenceParameters",
		            (const gchar *)node->name);
		return NULL;
	}
	epr = np_wsman_epr_new(NULL);
	if (address != NULL)
		epr->address = np_xml_text_trimmed(address);
	if (params == NULL)
		return g_steal_pointer(&epr);
	if (np_xml_child(params, NS_WSMAN, "ResourceURI") != NULL)
		epr->resource_uri =
		    np_xml_text_trimmed(np_xml_child(params, NS_WSMAN, "ResourceURI"));
	set = np_xml_child(params, NS_WSMAN, "SelectorSet");
	for (const xmlNode *s = np_xml_first_element(set); s != NULL; s = np_xml_next_element(s)) {
		g_autofree gchar *name = NULL;
		NpWsmanSelector *selector;

		if (!np_xml_is(s, NS_WSMAN, "Selector"))
			continue;
		name = np_xml_attr(s, "Name");
		if (name == NULL) {
			g_set_error_literal(error,
			                    NP_WSMAN_ERROR,
			                    NP_WSMAN_ERROR_REPLY,
			                    "a Selector without Name");
			return NULL;
		}
		selector = g_new0(NpWsmanSelector, 1);
		selector->name = g_steal_pointer(&name);
		g_ptr_array_add(epr->selectors, selector);
		if (np_xml_child(s, NS_ADDR, "EndpointReference") != NULL) {
			selector->epr =
			    np_wsman_epr_from_xml(np_xml_child(s, NS_ADDR, "EndpointReference"),
			                          depth + 1,
			                          error);
			if (selector->epr == NULL)
				return NULL;
		} else {
			/* selector values are significant as written: no trimming */
			selector->value = np_xml_text(s);
		}
	}
	return g_steal_pointer(&epr);
}

static gboolean
np_wsman_has_text(const xmlNode *node)
{
	for (const xmlNode *c = node->children; c != NULL; c = c->next) {
		if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
			continue;
		for (const xmlChar *p = c->content; p != NULL && *p != '\0'; p++)
			if (!g_ascii_isspace(*p))
				return TRUE;
	}
	return FALSE;
}

static NpWsmanValue *
np_wsman_value_from_xml(const xmlNode *node, guint depth, GError **error)
{
	NpWsmanValue *value;
	const xmlNode *first = np_xml_first_element(node);

	value = g_new0(NpWsmanValue, 1);
	if (first == NULL) {
		value->kind = NP_WSMAN_VALUE_TEXT;
		value->text = np_xml_text(node);
		return value;
	}
	if (np_wsman_has_text(node)) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s: mixed text and elements",
		            (const gchar *)node->name);
		np_wsman_value_free(value);
		return NULL;
	}
	if (np_xml_next_element(first) == NULL && first->ns != NULL
	    && strcmp((const gchar *)first->ns->href, NS_CIM) == 0
	    && (strcmp((const gchar *)first->name, "Datetime") == 0
	        || strcmp((const gchar *)first->name, "Date") == 0
	        || strcmp((const gchar *)first->name, "Time") == 0
	        || strcmp((const gchar *)first->name, "Interval") == 0)) {
		value->kind = NP_WSMAN_VALUE_TEXT;
		value->text = np_xml_text_trimmed(first);
		return value;
	}
	if (np_xml_child(node, NS_ADDR, "Address") != NULL
	    || np_xml_child(node, NS_ADDR, "ReferenceParameters") != NULL
	    || (np_xml_is(first, NS_ADDR, "EndpointReference")
	        && np_xml_next_element(first) == NULL)) {
		value->kind = NP_WSMAN_VALUE_EPR;
		value->epr = np_wsman_epr_from_xml(node, depth + 1, error);
	} else {
		value->kind = NP_WSMAN_VALUE_INSTANCE;
		value->instance = np_wsman_instance_from_xml(node, depth + 1, error);
	}
	if (value->epr == NULL && value->instance == NULL) {
		np_wsman_value_free(value);
		return NULL;
	}
	return value;
}

static NpWsmanProperty *
np_wsman_instance_take_property(NpWsmanInstance *instance, const gchar *name)
{
	NpWsmanProperty *p = (NpWsmanProperty *)np_wsman_instance_lookup(instance, name);

	if (p != NULL)
		return p;
	p = g_new0(NpWsmanProperty, 1);
	p->name = g_strdup(name);
	p->values = g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_value_free);
	g_ptr_array_add(instance->properties, p);
	return p;
}

static NpWsmanInstance *
np_wsman_instance_from_xml(const xmlNode *node, guint depth, GError **error)
{
	g_autoptr(NpWsmanInstance) instance = NULL;

	if (!np_wsman_check_depth(depth, error))
		return NULL;
	instance = g_new0(NpWsmanInstance, 1);
	instance->class_name = g_strdup((const gchar *)node->name);
	if (node->ns != NULL && node->ns->href != NULL)
		instance->resource_uri = g_strdup((const gchar *)node->ns->href);
	instance->properties =
	    g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_property_free);
	for (const xmlNode *c = np_xml_first_element(node); c != NULL; c = np_xml_next_element(c)) {
		NpWsmanProperty *p;
		NpWsmanValue *value;

		/* where the instance lives: not a property */
		if (np_xml_is(c, NS_CIM, "Location"))
			continue;
		p = np_wsman_instance_take_property(instance, (const gchar *)c->name);
		if (np_xml_is_nil(c)) {
			if (p->nil || p->values->len > 0) {
				g_set_error(error,
				            NP_WSMAN_ERROR,
				            NP_WSMAN_ERROR_REPLY,
				            "%s.%s: a null among values",
				            instance->class_name,
				            p->name);
				return NULL;
			}
			p->nil = TRUE;
			continue;
		}
		if (p->nil) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "%s.%s: a value after a null",
			            instance->class_name,
			            p->name);
			return NULL;
		}
		value = np_wsman_value_from_xml(c, depth, error);
		if (value == NULL) {
			g_prefix_error(error, "%s: ", instance->class_name);
			return NULL;
		}
		g_ptr_array_add(p->values, value);
	}
	return g_steal_pointer(&instance);
}

/* ------------------------------------------------------------------ */
/* faults */

void
np_wsman_fault_free(NpWsmanFault *fault)
{
	if (fault == NULL)
		return;
	g_free(fault->code);
	g_free(fault->subcode);
	g_free(fault->reason);
	g_free(fault->fault_detail);
	g_free(fault->wsman_message);
	g_free(fault->wmi_message);
	g_free(fault);
}

/* the first f:Message without element children: the provider's own words
 * (the outer ones only wrap ProviderFault) */
static const xmlNode *
np_wsman_innermost_message(const xmlNode *node)
{
	for (const xmlNode *c = np_xml_first_element(node); c != NULL; c = np_xml_next_element(c)) {
		const xmlNode *found;
		if (np_xml_is(c, NS_FAULT, "Message") && np_xml_first_element(c) == NULL)
			return c;
		found = np_wsman_innermost_message(c);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static const xmlNode *
np_wsman_find_local(const xmlNode *node, const gchar *local, guint depth)
{
	if (depth > NP_WSMAN_MAX_DEPTH)
		return NULL;
	for (const xmlNode *c = np_xml_first_element(node); c != NULL; c = np_xml_next_element(c)) {
		const xmlNode *found;
		if (strcmp((const gchar *)c->name, local) == 0)
			return c;
		found = np_wsman_find_local(c, local, depth + 1);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static guint64
np_wsman_parse_code(const gchar *text)
{
	guint64 value = 0;

	if (text == NULL)
		return 0;
	/* decimal as WinRM writes it; a malformed code counts as absent */
	if (!g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, &value, NULL))
		return 0;
	return value;
}

static NpWsmanFault *
np_wsman_fault_from_xml(const xmlNode *fault_node)
{
	NpWsmanFault *fault = g_new0(NpWsmanFault, 1);
	const xmlNode *code = np_xml_child(fault_node, NS_SOAP, "Code");
	const xmlNode *reason = np_xml_child(fault_node, NS_SOAP, "Reason");
	const xmlNode *detail = np_xml_child(fault_node, NS_SOAP, "Detail");
	const xmlNode *node;

	node = np_xml_child(code, NS_SOAP, "Value");
	fault->code = node != NULL ? np_xml_text_trimmed(node) : g_strdup("(no code)");
	node = np_xml_child(np_xml_child(code, NS_SOAP, "Subcode"), NS_SOAP, "Value");
	if (node != NULL)
		fault->subcode = np_xml_text_trimmed(node);
	node = np_xml_child(reason, NS_SOAP, "Text");
	if (node != NULL) {
		g_autofree gchar *text = np_xml_text(node);
		fault->reason = np_wsman_collapse(text);
	}
	node = np_xml_child(detail, NS_WSMAN, "FaultDetail");
	if (node != NULL)
		fault->fault_detail = np_xml_text_trimmed(node);
	node = np_xml_child(detail, NS_FAULT, "WSManFault");
	if (node != NULL) {
		g_autofree gchar *code_text = np_xml_attr(node, "Code");
		const xmlNode *message = np_wsman_innermost_message(node);
		fault->wsman_code = np_wsman_parse_code(code_text);
		if (message != NULL) {
			g_autofree gchar *text = np_xml_text(message);
			fault->wsman_message = np_wsman_collapse(text);
		}
	}
	node = np_wsman_find_local(detail, "MSFT_WmiError", 0);
	if (node != NULL) {
		const xmlNode *child = np_wsman_find_local(node, "error_Code", 0);
		if (child != NULL) {
			g_autofree gchar *text = np_xml_text_trimmed(child);
			fault->wmi_error_code = np_wsman_parse_code(text);
		}
		child = np_wsman_find_local(node, "Message", 0);
		if (child != NULL && !np_xml_is_nil(child)) {
			g_autofree gchar *text = np_xml_text(child);
			fault->wmi_message = np_wsman_collapse(text);
		}
	}
	return fault;
}

/**
 * np_wsman_fault_to_string:
 * @fault: a parsed fault
 *
 * Returns: (transfer full): one line with every detail the fault has:
 *   `fault SUBCODE (CODE), HTTP N: REASON; WSManFault N (0xH): MESSAGE;
 *   MSFT_WmiError N (0xH): MESSAGE [FAULTDETAIL]`, parts left out when absent
 */
gchar *
np_wsman_fault_to_string(const NpWsmanFault *fault)
{
	GString *out;

	g_return_val_if_fail(fault != NULL, NULL);
	out = g_string_new("fault ");
	if (fault->subcode != NULL)
		g_string_append_printf(out, "%s (%s)", fault->subcode, fault->code);
	else
		g_string_append(out, fault->code);
	if (fault->http_status != 0)
		g_string_append_printf(out, ", HTTP %ld", fault->http_status);
	if (fault->reason != NULL && fault->reason[0] != '\0')
		g_string_append_printf(out, ": %s", fault->reason);
	if (fault->wsman_code != 0 || fault->wsman_message != NULL) {
		g_string_append_printf(out,
		                       "; WSManFault %" G_GUINT64_FORMAT " (0x%" G_GINT64_MODIFIER
		                       "X)",
		                       fault->wsman_code,
		                       fault->wsman_code);
		if (fault->wsman_message != NULL
		    && g_strcmp0(fault->wsman_message, fault->reason) != 0)
			g_string_append_printf(out, ": %s", fault->wsman_message);
	}
	if (fault->wmi_error_code != 0 || fault->wmi_message != NULL) {
		g_string_append_printf(out,
		                       "; MSFT_WmiError %" G_GUINT64_FORMAT
		                       " (0x%" G_GINT64_MODIFIER "X)",
		                       fault->wmi_error_code,
		                       fault->wmi_error_code);
		if (fault->wmi_message != NULL && g_strcmp0(fault->wmi_message, fault->reason) != 0)
			g_string_append_printf(out, ": %s", fault->wmi_message);
	}
	if (fault->fault_detail != NULL)
		g_string_append_printf(out, " [%s]", fault->fault_detail);
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------------ */
/* replies */

void
np_wsman_reply_free(NpWsmanReply *reply)
{
	if (reply == NULL)
		return;
	np_wsman_fault_free(reply->fault);
	g_free(reply->action);
	np_wsman_instance_free(reply->instance);
	if (reply->items != NULL)
		g_ptr_array_unref(reply->items);
	g_free(reply->context);
	g_free(reply);
}

static gboolean
np_wsman_parse_items(const xmlNode *items, GPtrArray *out, GError **error)
{
	for (const xmlNode *c = np_xml_first_element(items); c != NULL;
	     c = np_xml_next_element(c)) {
		const xmlNode *element = c;
		const xmlNode *reference = NULL;
		NpWsmanInstance *instance;

		/* EnumerateObjectAndEPR wraps each object with its reference */
		if (np_xml_is(c, NS_WSMAN, "Item")) {
			element = NULL;
			for (const xmlNode *i = np_xml_first_element(c); i != NULL;
			     i = np_xml_next_element(i)) {
				if (np_xml_is(i, NS_ADDR, "EndpointReference"))
					reference = i;
				else if (element == NULL)
					element = i;
			}
			if (element == NULL) {
				g_set_error_literal(error,
				                    NP_WSMAN_ERROR,
				                    NP_WSMAN_ERROR_REPLY,
				                    "an enumeration item without an object");
				return FALSE;
			}
		}
		instance = np_wsman_instance_from_xml(element, 0, error);
		if (instance == NULL)
			return FALSE;
		g_ptr_array_add(out, instance);
		if (reference != NULL) {
			instance->epr = np_wsman_epr_from_xml(reference, 1, error);
			if (instance->epr == NULL)
				return FALSE;
		}
	}
	return TRUE;
}

static gboolean
np_wsman_parse_page(const xmlNode *response, NpWsmanReply *reply, GError **error)
{
	const xmlNode *context = np_xml_child(response, NS_ENUM, "EnumerationContext");
	const xmlNode *items = np_xml_child2(response, NS_WSMAN, NS_ENUM, "Items");

	reply->items = g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_instance_free);
	reply->end_of_sequence =
	    np_xml_child2(response, NS_WSMAN, NS_ENUM, "EndOfSequence") != NULL;
	if (context != NULL) {
		reply->context = np_xml_text_trimmed(context);
		if (reply->context[0] == '\0')
			g_clear_pointer(&reply->context, g_free);
	}
	if (!reply->end_of_sequence && reply->context == NULL) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "%s has neither an enumeration context nor EndOfSequence",
		            (const gchar *)response->name);
		return FALSE;
	}
	return items == NULL || np_wsman_parse_items(items, reply->items, error);
}

NpWsmanReply *
np_wsman_reply_parse(const gchar *data,
                     gsize length,
                     NpWsmanOp op,
                     const gchar *request_action,
                     const gchar *method,
                     GError **error)
{
	g_autoptr(xmlDoc) doc = NULL;
	g_autoptr(NpWsmanReply) reply = NULL;
	g_autofree gchar *expected = NULL;
	const xmlNode *root, *header, *body, *child, *action;

	g_return_val_if_fail(request_action != NULL, NULL);
	g_return_val_if_fail(op != NP_WSMAN_OP_INVOKE || method != NULL, NULL);
	doc = np_wsman_xml_read(data, length, error);
	if (doc == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (!np_xml_is(root, NS_SOAP, "Envelope")) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "reply is not a SOAP 1.2 envelope (root element '%s')",
		            root != NULL ? (const gchar *)root->name : "(none)");
		return NULL;
	}
	header = np_xml_child(root, NS_SOAP, "Header");
	body = np_xml_child(root, NS_SOAP, "Body");
	if (body == NULL) {
		g_set_error_literal(error,
		                    NP_WSMAN_ERROR,
		                    NP_WSMAN_ERROR_REPLY,
		                    "reply has no SOAP Body");
		return NULL;
	}
	reply = g_new0(NpWsmanReply, 1);
	action = np_xml_child(header, NS_ADDR, "Action");
	if (action != NULL)
		reply->action = np_xml_text_trimmed(action);
	child = np_xml_first_element(body);
	if (np_xml_is(child, NS_SOAP, "Fault")) {
		reply->fault = np_wsman_fault_from_xml(child);
		return g_steal_pointer(&reply);
	}

	expected = g_strconcat(request_action, "Response", NULL);
	if (g_strcmp0(reply->action, expected) != 0) {
		g_set_error(error,
		            NP_WSMAN_ERROR,
		            NP_WSMAN_ERROR_REPLY,
		            "reply action is '%s', expected '%s'",
		            reply->action != NULL ? reply->action : "(none)",
		            expected);
		return NULL;
	}
	switch (op) {
	case NP_WSMAN_OP_ENUMERATE:
	case NP_WSMAN_OP_PULL: {
		const gchar *name = op == NP_WSMAN_OP_PULL ? "PullResponse" : "EnumerateResponse";
		if (!np_xml_is(child, NS_ENUM, name)) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "reply body is '%s', expected %s",
			            child != NULL ? (const gchar *)child->name : "empty",
			            name);
			return NULL;
		}
		if (!np_wsman_parse_page(child, reply, error))
			return NULL;
		break;
	}
	case NP_WSMAN_OP_GET:
	case NP_WSMAN_OP_INVOKE: {
		g_autofree gchar *output =
		    op == NP_WSMAN_OP_INVOKE ? g_strconcat(method, "_OUTPUT", NULL) : NULL;
		if (child == NULL
		    || (output != NULL && strcmp((const gchar *)child->name, output) != 0)) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "reply body is '%s', expected %s",
			            child != NULL ? (const gchar *)child->name : "empty",
			            output != NULL ? output : "an instance");
			return NULL;
		}
		if (np_xml_next_element(child) != NULL) {
			g_set_error_literal(error,
			                    NP_WSMAN_ERROR,
			                    NP_WSMAN_ERROR_REPLY,
			                    "reply body holds more than one element");
			return NULL;
		}
		reply->instance = np_wsman_instance_from_xml(child, 0, error);
		if (reply->instance == NULL)
			return NULL;
		break;
	}
	case NP_WSMAN_OP_RELEASE:
		if (child != NULL && !np_xml_is(child, NS_ENUM, "ReleaseResponse")) {
			g_set_error(error,
			            NP_WSMAN_ERROR,
			            NP_WSMAN_ERROR_REPLY,
			            "reply body is '%s', expected an empty body",
			            (const gchar *)child->name);
			return NULL;
		}
		break;
	default:
		g_return_val_if_reached(NULL);
	}
	return g_steal_pointer(&reply);
}

/* ------------------------------------------------------------------ */
/* requests */

static void
np_wsman_append_selectors(GString *out, const NpWsmanEpr *epr)
{
	g_string_append(out, "<w:SelectorSet>");
	for (guint i = 0; i < epr->selectors->len; i++) {
		const NpWsmanSelector *s = g_ptr_array_index(epr->selectors, i);
		g_autofree gchar *name = g_markup_escape_text(s->name, -1);
		g_autofree gchar *value =
		    g_markup_escape_text(s->value != NULL ? s->value : "", -1);
		g_string_append_printf(out, "<w:Selector Name=\"%s\">%s</w:Selector>", name, value);
	}
	g_string_append(out, "</w:SelectorSet>");
}

gchar *
np_wsman_build_envelope(const gchar *to,
                        const gchar *resource_uri,
                        const gchar *action,
                        const NpWsmanEpr *target,
                        const gchar *body,
                        const gchar *message_id,
                        const gchar *operation_timeout,
                        const gchar *session_id)
{
	GString *out = g_string_new(NULL);
	g_autofree gchar *to_x = g_markup_escape_text(to, -1);
	g_autofree gchar *uri_x = g_markup_escape_text(resource_uri, -1);
	g_autofree gchar *action_x = g_markup_escape_text(action, -1);

	g_string_append(out,
	                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                "<s:Envelope xmlns:s=\"" NS_SOAP "\" xmlns:a=\"" NS_ADDR
	                "\" xmlns:n=\"" NS_ENUM "\" xmlns:w=\"" NS_WSMAN "\" xmlns:wsmv=\"" NS_WSMV
	                "\"><s:Header>");
	g_string_append_printf(out, "<a:To>%s</a:To>", to_x);
	g_string_append_printf(out,
	                       "<w:ResourceURI s:mustUnderstand=\"true\">%s</w:ResourceURI>",
	                       uri_x);
	g_string_append(out,
	                "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">" ANONYMOUS
	                "</a:Address></a:ReplyTo>");
	g_string_append_printf(out, "<a:Action s:mustUnderstand=\"true\">%s</a:Action>", action_x);
	g_string_append_printf(
	    out,
	    "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">%u</w:MaxEnvelopeSize>",
	    NP_WSMAN_MAX_ENVELOPE_BYTES);
	g_string_append_printf(out, "<a:MessageID>%s</a:MessageID>", message_id);
	g_string_append(out,
	                "<w:Locale xml:lang=\"en-US\" s:mustUnderstand=\"false\"/>"
	                "<wsmv:DataLocale xml:lang=\"en-US\" s:mustUnderstand=\"false\"/>");
	g_string_append_printf(out,
	                       "<wsmv:SessionId s:mustUnderstand=\"false\">%s</wsmv:SessionId>",
	                       session_id);
	g_string_append_printf(out,
	                       "<w:OperationTimeout>%s</w:OperationTimeout>",
	                       operation_timeout);
	if (target != NULL && target->selectors->len > 0)
		np_wsman_append_selectors(out, target);
	g_string_append(out, "</s:Header>");
	if (body != NULL && body[0] != '\0')
		g_string_append_printf(out, "<s:Body>%s</s:Body>", body);
	else
		g_string_append(out, "<s:Body/>");
	g_string_append(out, "</s:Envelope>");
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Invoke arguments */

typedef struct {
	gchar *name;
	gchar *cim_type;
	gchar *value;
} NpWsmanEmbeddedProperty;

struct _NpWsmanEmbedded {
	gchar *class_name;
	GPtrArray *properties; /* of NpWsmanEmbeddedProperty */
};

static void
np_wsman_embedded_property_free(NpWsmanEmbeddedProperty *p)
{
	g_free(p->name);
	g_free(p->cim_type);
	g_free(p->value);
	g_free(p);
}

NpWsmanEmbedded *
np_wsman_embedded_new(const gchar *class_name)
{
	NpWsmanEmbedded *embedded;

	g_return_val_if_fail(class_name != NULL, NULL);
	embedded = g_new0(NpWsmanEmbedded, 1);
	embedded->class_name = g_strdup(class_name);
	embedded->properties =
	    g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_embedded_property_free);
	return embedded;
}

void
np_wsman_embedded_free(NpWsmanEmbedded *embedded)
{
	if (embedded == NULL)
		return;
	g_free(embedded->class_name);
	g_ptr_array_unref(embedded->properties);
	g_free(embedded);
}

void
np_wsman_embedded_add(NpWsmanEmbedded *embedded,
                      const gchar *name,
                      const gchar *cim_type,
                      const gchar *value)
{
	NpWsmanEmbeddedProperty *p;

	g_return_if_fail(embedded != NULL && name != NULL && cim_type != NULL && value != NULL);
	p = g_new0(NpWsmanEmbeddedProperty, 1);
	p->name = g_strdup(name);
	p->cim_type = g_strdup(cim_type);
	p->value = g_strdup(value);
	g_ptr_array_add(embedded->properties, p);
}

void
np_wsman_embedded_add_uint64(NpWsmanEmbedded *embedded, const gchar *name, guint64 value)
{
	g_autofree gchar *text = g_strdup_printf("%" G_GUINT64_FORMAT, value);

	np_wsman_embedded_add(embedded, name, "uint64", text);
}

void
np_wsman_embedded_add_boolean(NpWsmanEmbedded *embedded, const gchar *name, gboolean value)
{
	/* CIM-XML spells booleans in capitals, as WMI's GetText_ does */
	np_wsman_embedded_add(embedded, name, "boolean", value ? "TRUE" : "FALSE");
}

gchar *
np_wsman_embedded_to_string(const NpWsmanEmbedded *embedded)
{
	GString *out;
	g_autofree gchar *class_x = NULL;

	g_return_val_if_fail(embedded != NULL, NULL);
	class_x = g_markup_escape_text(embedded->class_name, -1);
	out = g_string_new(NULL);
	g_string_append_printf(out, "<INSTANCE CLASSNAME=\"%s\">", class_x);
	for (guint i = 0; i < embedded->properties->len; i++) {
		const NpWsmanEmbeddedProperty *p = g_ptr_array_index(embedded->properties, i);
		g_autofree gchar *name = g_markup_escape_text(p->name, -1);
		g_autofree gchar *type = g_markup_escape_text(p->cim_type, -1);
		g_autofree gchar *value = g_markup_escape_text(p->value, -1);
		g_string_append_printf(
		    out,
		    "<PROPERTY NAME=\"%s\" TYPE=\"%s\"><VALUE>%s</VALUE></PROPERTY>",
		    name,
		    type,
		    value);
	}
	g_string_append(out, "</INSTANCE>");
	return g_string_free(out, FALSE);
}

/* one parameter's element content, already XML */
typedef struct {
	gchar *name;
	gchar *xml;
} NpWsmanParam;

struct _NpWsmanParams {
	GPtrArray *items; /* of NpWsmanParam */
};

static void
np_wsman_param_free(NpWsmanParam *p)
{
	g_free(p->name);
	g_free(p->xml);
	g_free(p);
}

NpWsmanParams *
np_wsman_params_new(void)
{
	NpWsmanParams *params = g_new0(NpWsmanParams, 1);

	params->items = g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_param_free);
	return params;
}

void
np_wsman_params_free(NpWsmanParams *params)
{
	if (params == NULL)
		return;
	g_ptr_array_unref(params->items);
	g_free(params);
}

static void
np_wsman_params_take(NpWsmanParams *params, const gchar *name, gchar *xml)
{
	NpWsmanParam *p = g_new0(NpWsmanParam, 1);

	p->name = g_strdup(name);
	p->xml = xml;
	g_ptr_array_add(params->items, p);
}

void
np_wsman_params_add_text(NpWsmanParams *params, const gchar *name, const gchar *value)
{
	g_return_if_fail(params != NULL && name != NULL && value != NULL);
	np_wsman_params_take(params, name, g_markup_escape_text(value, -1));
}

void
np_wsman_params_add_epr(NpWsmanParams *params, const gchar *name, const NpWsmanEpr *epr)
{
	GString *out;
	g_autofree gchar *uri = NULL;

	g_return_if_fail(params != NULL && name != NULL && epr != NULL);
	uri = g_markup_escape_text(epr->resource_uri != NULL ? epr->resource_uri : "", -1);
	out = g_string_new("<a:Address>" ANONYMOUS "</a:Address><a:ReferenceParameters>");
	g_string_append_printf(out, "<w:ResourceURI>%s</w:ResourceURI>", uri);
	np_wsman_append_selectors(out, epr);
	g_string_append(out, "</a:ReferenceParameters>");
	np_wsman_params_take(params, name, g_string_free(out, FALSE));
}

void
np_wsman_params_add_embedded(NpWsmanParams *params,
                             const gchar *name,
                             const NpWsmanEmbedded *embedded)
{
	g_autofree gchar *text = NULL;

	g_return_if_fail(params != NULL && name != NULL && embedded != NULL);
	/* escaped text rather than CDATA: equivalent, and safe for any content */
	text = np_wsman_embedded_to_string(embedded);
	np_wsman_params_take(params, name, g_markup_escape_text(text, -1));
}

/* ------------------------------------------------------------------ */
/* the client */

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

static NpWsmanReply *
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
