/* WS-Management requests: envelopes and Invoke arguments (embedded
 * instances); see np-wsman.h */
#include "np-config.h"

#include <string.h>

#include "np-error.h"
#include "np-wsman-private.h"

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
	                "\" xmlns:n=\"" NS_ENUMERATION "\" xmlns:w=\"" NS_WSMAN
	                "\" xmlns:wsmv=\"" NS_WSMV "\"><s:Header>");
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
