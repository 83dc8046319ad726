/* WS-Management replies: XML read safely (no network, no entities, no
 * DTD), instances, faults, Enumerate/Pull/Get/Invoke responses; see
 * np-wsman.h
 *
 * Shapes parsed here follow real WinRM recordings (tests/hyperv/fixtures):
 * items sit in w:Items (EnumerateResponse) or n:Items (PullResponse), an
 * optimized enumeration may end in its first reply with an empty context,
 * faults carry f:WSManFault and/or MSFT_WmiError details. Everything is
 * matched by namespace URI, never by prefix.
 */
#include "np-config.h"

#include <libxml/parserInternals.h>
#include <string.h>

#include "np-error.h"
#include "np-wsman-private.h"

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
	const xmlNode *context = np_xml_child(response, NS_ENUMERATION, "EnumerationContext");
	const xmlNode *items = np_xml_child2(response, NS_WSMAN, NS_ENUMERATION, "Items");

	reply->items = g_ptr_array_new_with_free_func((GDestroyNotify)np_wsman_instance_free);
	reply->end_of_sequence =
	    np_xml_child2(response, NS_WSMAN, NS_ENUMERATION, "EndOfSequence") != NULL;
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
		if (!np_xml_is(child, NS_ENUMERATION, name)) {
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
		if (child != NULL && !np_xml_is(child, NS_ENUMERATION, "ReleaseResponse")) {
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
