/* WS-Management data: endpoint references, instances and typed property
 * readers; see np-wsman.h */
#include "np-config.h"

#include <string.h>

#include "np-error.h"
#include "np-wsman-private.h"

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

void
np_wsman_value_free(NpWsmanValue *value)
{
	if (value == NULL)
		return;
	g_free(value->text);
	np_wsman_epr_free(value->epr);
	np_wsman_instance_free(value->instance);
	g_free(value);
}

void
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
