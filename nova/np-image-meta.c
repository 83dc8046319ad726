/* ImageMetaProps.from_dict(); see np-image-meta-private.h
 *
 * Every function names the Nova or oslo.versionedobjects code it mirrors
 * (nova/objects/image_meta.py, nova/objects/fields.py,
 * oslo_versionedobjects/fields.py of Debian 12's Nova 26).
 */
#include <math.h>
#include <string.h>

#include "np-image-fields.h"
#include "np-image-meta-private.h"

/* the coerced value of one field, for the fields numa_get_constraints()
 * reads later */
typedef struct {
	const gchar *enum_value; /* from the generated table */
	gchar *string;
	NpPyInt integer;
	gboolean boolean;
} NpImageCoerced;

static void
np_image_coerced_clear(NpImageCoerced *coerced)
{
	g_free(coerced->string);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpImageCoerced, np_image_coerced_clear)

static gboolean G_GNUC_PRINTF(3, 4)
    np_image_fail(NpFailure **failure, const gchar *nova_class, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	NpCode code = g_strcmp0(nova_class, "Invalid") == 0 ? NP_CODE_INVALID_CPU_SPEC
	                                                    : NP_CODE_INVALID_IMAGE_PROPERTY;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	*failure = np_failure_new(code, nova_class, message);
	return FALSE;
}

void
np_image_meta_clear(NpImageMeta *meta)
{
	g_free(meta->cpu_realtime_mask);
	g_free(meta->mem_page_size);
	if (meta->numa_cpus != NULL)
		g_ptr_array_unref(meta->numa_cpus);
	if (meta->numa_mem != NULL)
		g_array_unref(meta->numa_mem);
	memset(meta, 0, sizeof(*meta));
}

static const NpImageField *
np_image_field_lookup(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(np_image_fields); i++) {
		if (g_strcmp0(np_image_fields[i].name, name) == 0)
			return &np_image_fields[i];
	}
	return NULL;
}

gboolean
np_image_meta_is_field(const gchar *name)
{
	const NpImageField *field = np_image_field_lookup(name);
	return field != NULL && field->kind != NP_IMAGE_FIELD_NUMA_CPUS
	       && field->kind != NP_IMAGE_FIELD_NUMA_MEM;
}

/* Python's bool(value) */
static gboolean
np_image_value_truthy(const NpValue *value)
{
	switch (value->type) {
	case NP_VALUE_STRING:
		return value->str[0] != '\0';
	case NP_VALUE_INTEGER:
	case NP_VALUE_BOOLEAN:
		return value->integer != 0;
	case NP_VALUE_FLOAT:
		return value->number != 0;
	case NP_VALUE_NULL:
		return FALSE;
	default:
		/* str() of an empty list or dict is "[]" or "{}" */
		return strlen(value->str) > 2;
	}
}

/* Python's int(value) on a JSON value */
static gboolean
np_image_int(const NpValue *value, NpPyInt *out, NpFailure **failure)
{
	switch (value->type) {
	case NP_VALUE_STRING:
		if (np_py_int_parse_big(value->str, out) == NP_PY_INT_INVALID) {
			g_autofree gchar *msg = np_py_int_error_message(value->str);
			return np_image_fail(failure, "ValueError", "%s", msg);
		}
		return TRUE;
	case NP_VALUE_INTEGER:
		/* str keeps every digit of a JSON integer beyond 64 bits */
		np_py_int_parse_big(value->str, out);
		return TRUE;
	case NP_VALUE_BOOLEAN:
		*out = value->integer;
		return TRUE;
	case NP_VALUE_FLOAT:
		if (isnan(value->number))
			return np_image_fail(failure,
			                     "ValueError",
			                     "cannot convert float NaN to integer");
		if (!np_py_int_from_float(value->number, out))
			return np_image_fail(failure,
			                     "OverflowError",
			                     "cannot convert float infinity to integer");
		return TRUE;
	default:
		return np_image_fail(failure,
		                     "TypeError",
		                     "int() argument must be a string, a bytes-like object or a "
		                     "real number, not '%s'",
		                     np_value_type_python_name(value->type));
	}
}

static const gchar *
np_image_enum_match(const NpImageField *field, const gchar *str)
{
	for (guint i = 0; field->valid[i] != NULL; i++) {
		if (g_strcmp0(field->valid[i], str) == 0)
			return field->valid[i];
	}
	return NULL;
}

static const gchar *
np_image_alias(const NpImageField *field, const gchar *lowered)
{
	for (guint i = 0; field->aliases != NULL && field->aliases[i].from != NULL; i++) {
		if (g_strcmp0(field->aliases[i].from, lowered) == 0)
			return field->aliases[i].to;
	}
	return lowered;
}

/* ------------------------------------------- reading back str(container)
 *
 * NpValue keeps a JSON list or object only as Python's str() of it: "[",
 * repr() of each member joined by ", ", "]" (objects: "repr(key): repr(v)").
 * That literal is unambiguous, so the member types and keys the
 * list-of-dicts coercion reports can be read back from it.
 */

/* the type of the literal at @p */
static NpValueType
np_literal_type(const gchar *p)
{
	if (*p == '[')
		return NP_VALUE_LIST;
	if (*p == '{')
		return NP_VALUE_OBJECT;
	if (*p == '\'' || *p == '"')
		return NP_VALUE_STRING;
	if (g_str_has_prefix(p, "None"))
		return NP_VALUE_NULL;
	if (g_str_has_prefix(p, "True") || g_str_has_prefix(p, "False"))
		return NP_VALUE_BOOLEAN;
	for (const gchar *q = p; *q != '\0' && *q != ',' && *q != ']' && *q != '}'; q++) {
		if (*q != '-' && !g_ascii_isdigit(*q))
			return NP_VALUE_FLOAT; /* '.', 'e', "inf", "nan" */
	}
	return NP_VALUE_INTEGER;
}

/* skips the repr() of a str at *@p; its value in *@out when not NULL */
static gboolean
np_literal_string(const gchar **p, gchar **out)
{
	gchar quote = **p;
	GString *text = g_string_new(NULL);
	const gchar *q = *p + 1;
	while (*q != '\0' && *q != quote) {
		if (*q != '\\') {
			g_string_append_c(text, *q++);
			continue;
		}
		q++;
		switch (*q) {
		case 't':
			g_string_append_c(text, '\t');
			q++;
			break;
		case 'n':
			g_string_append_c(text, '\n');
			q++;
			break;
		case 'r':
			g_string_append_c(text, '\r');
			q++;
			break;
		case 'x':
		case 'u':
		case 'U': {
			guint digits = *q == 'x' ? 2 : *q == 'u' ? 4 : 8;
			g_autofree gchar *hex = g_strndup(q + 1, digits);
			gunichar c = (gunichar)g_ascii_strtoull(hex, NULL, 16);
			g_string_append_unichar(text, c);
			q += 1 + strlen(hex);
			break;
		}
		case '\0':
			break;
		default: /* \\ and the quotes */
			g_string_append_c(text, *q++);
			break;
		}
	}
	if (*q != quote) {
		g_string_free(text, TRUE);
		return FALSE;
	}
	*p = q + 1;
	if (out != NULL)
		*out = g_string_free(text, FALSE);
	else
		g_string_free(text, TRUE);
	return TRUE;
}

/* skips a scalar literal (not a list or dict) at *@p */
static gboolean
np_literal_skip_scalar(const gchar **p)
{
	if (np_literal_type(*p) == NP_VALUE_STRING)
		return np_literal_string(p, NULL);
	while (**p != '\0' && **p != ',' && **p != ']' && **p != '}')
		(*p)++;
	return TRUE;
}

/* skips ", " or stops at @close; FALSE on anything else */
static gboolean
np_literal_separator(const gchar **p, gchar close)
{
	if (**p == close)
		return TRUE;
	if ((*p)[0] != ',' || (*p)[1] != ' ')
		return FALSE;
	*p += 2;
	return TRUE;
}

/* one element of List(Dict(String(), nullable=True)): CoercedDict's
 * update() coerces each value with a nullable String field named
 * FIELD[i][key] */
static gboolean
np_image_dict_of_nullable_strings(const gchar *name, const gchar **p, NpFailure **failure)
{
	(*p)++; /* '{' */
	while (**p != '}') {
		g_autofree gchar *key = NULL;
		NpValueType type;
		if (np_literal_type(*p) != NP_VALUE_STRING || !np_literal_string(p, &key)
		    || !g_str_has_prefix(*p, ": "))
			return np_image_fail(failure, "ValueError", "unreadable value of %s", name);
		*p += 2;
		type = np_literal_type(*p);
		if (type == NP_VALUE_LIST || type == NP_VALUE_OBJECT)
			return np_image_fail(failure,
			                     "ValueError",
			                     "A string is required in field %s[%s], not a %s",
			                     name,
			                     key,
			                     np_value_type_python_name(type));
		if (!np_literal_skip_scalar(p) || !np_literal_separator(p, '}'))
			return np_image_fail(failure, "ValueError", "unreadable value of %s", name);
	}
	(*p)++;
	return TRUE;
}

/* List(Dict(String(), nullable=True)).coerce(): CoercedList.extend() coerces
 * each element with a non-nullable Dict field named FIELD[i] */
static gboolean
np_image_list_of_dicts(const NpImageField *field, const NpValue *value, NpFailure **failure)
{
	const gchar *p = value->str;
	guint index = 0;

	if (value->type != NP_VALUE_LIST)
		return np_image_fail(failure,
		                     "ValueError",
		                     "A list is required in field %s, not a %s",
		                     field->name,
		                     np_value_type_python_name(value->type));
	p++; /* '[' */
	for (; *p != ']'; index++) {
		g_autofree gchar *name = g_strdup_printf("%s[%u]", field->name, index);
		NpValueType type = np_literal_type(p);
		if (type == NP_VALUE_NULL)
			return np_image_fail(failure,
			                     "ValueError",
			                     "Field `%s' cannot be None",
			                     name);
		if (type != NP_VALUE_OBJECT)
			return np_image_fail(failure,
			                     "ValueError",
			                     "A dict is required in field %s, not a %s",
			                     name,
			                     np_value_type_python_name(type));
		if (!np_image_dict_of_nullable_strings(name, &p, failure))
			return FALSE;
		if (!np_literal_separator(&p, ']'))
			return np_image_fail(failure,
			                     "ValueError",
			                     "unreadable value of %s",
			                     field->name);
	}
	return TRUE;
}

/* ------------------------------------------------- VersionPredicate */

/* StrictVersion.version_re (ASCII): D+ . D+ (. D+)? ([ab] D+)? */
static gboolean
np_strict_version_ok(const gchar *p)
{
	guint groups = 0;
	for (; groups < 3; groups++) {
		if (!g_ascii_isdigit(*p))
			return FALSE;
		while (g_ascii_isdigit(*p))
			p++;
		if (*p != '.' || groups == 2)
			break;
		p++;
	}
	if (groups == 0)
		return FALSE;
	if (*p == 'a' || *p == 'b') {
		p++;
		if (!g_ascii_isdigit(*p))
			return FALSE;
		while (g_ascii_isdigit(*p))
			p++;
	}
	return *p == '\0';
}

/* splitUp(): re_splitComparison
 * ^\s*(<=|>=|<|>|!=|==)\s*([^\s,]+)\s*$ then StrictVersion(). A failed
 * two-character operator retried as '<' or '>' leaves a version that starts
 * with '=', which StrictVersion refuses too. */
static gboolean
np_version_comparison_ok(const gchar *pred)
{
	glong len = 0, i = 0, start;
	g_autofree gunichar *ucs = g_utf8_to_ucs4(pred, -1, NULL, &len, NULL);
	g_autofree gchar *version = NULL;
	static const gchar *ops[] = {"<=", ">=", "!=", "==", "<", ">"};
	gboolean matched = FALSE;

	if (ucs == NULL)
		return FALSE;
	while (i < len && np_py_isspace_char(ucs[i]))
		i++;
	for (guint k = 0; k < G_N_ELEMENTS(ops) && !matched; k++) {
		glong n = (glong)strlen(ops[k]);
		matched = i + n <= len && ucs[i] == (gunichar)ops[k][0]
		          && (n == 1 || ucs[i + 1] == (gunichar)ops[k][1]);
		if (matched)
			i += n;
	}
	if (!matched)
		return FALSE;
	while (i < len && np_py_isspace_char(ucs[i]))
		i++;
	start = i;
	while (i < len && !np_py_isspace_char(ucs[i]) && ucs[i] != ',')
		i++;
	if (i == start)
		return FALSE;
	version = g_ucs4_to_utf8(ucs + start, i - start, NULL, NULL, NULL);
	while (i < len && np_py_isspace_char(ucs[i]))
		i++;
	return i == len && np_strict_version_ok(version);
}

gboolean
np_image_meta_version_predicate_ok(const gchar *value)
{
	/* VersionPredicate('check (%s)' % value): the name is "check" and the
	 * rest, up to the first newline ('.' stops there), stripped, must be
	 * "(" + comma-separated comparisons + ")" */
	g_autofree gchar *rest = g_strdup_printf("(%s)", value);
	g_autofree gchar *paren = NULL;
	g_auto(GStrv) preds = NULL;
	gchar *newline = strchr(rest, '\n');
	gsize len;

	if (newline != NULL)
		*newline = '\0';
	paren = np_py_strip(rest);
	len = strlen(paren);
	if (len < 2 || paren[0] != '(' || paren[len - 1] != ')')
		return FALSE;
	paren[len - 1] = '\0';
	/* "".split(",") is [""], which splitUp() refuses; g_strsplit() would
	 * give no piece at all */
	if (paren[1] == '\0')
		return FALSE;
	preds = g_strsplit(paren + 1, ",", -1);
	for (guint i = 0; preds[i] != NULL; i++) {
		if (!np_version_comparison_ok(preds[i]))
			return FALSE;
	}
	return TRUE;
}

/* ----------------------------------------------------- one field */

/* setattr(props, field, value): Field.coerce() then the type's coerce() */
static gboolean
np_image_coerce(const NpImageField *field,
                const NpValue *value,
                NpImageCoerced *out,
                NpFailure **failure)
{
	if (value->type == NP_VALUE_NULL)
		return np_image_fail(failure,
		                     "ValueError",
		                     "Field `%s' cannot be None",
		                     field->name);

	switch (field->kind) {
	case NP_IMAGE_FIELD_STRING:
		if (value->type == NP_VALUE_LIST || value->type == NP_VALUE_OBJECT)
			return np_image_fail(failure,
			                     "ValueError",
			                     "A string is required in field %s, not a %s",
			                     field->name,
			                     np_value_type_python_name(value->type));
		out->string = g_strdup(value->str);
		return TRUE;
	case NP_IMAGE_FIELD_INTEGER:
		return np_image_int(value, &out->integer, failure);
	case NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN:
		out->boolean = value->type == NP_VALUE_BOOLEAN ? value->integer != 0
		                                               : np_py_bool_from_string(value->str);
		return TRUE;
	case NP_IMAGE_FIELD_ENUM:
		/* Enum.coerce(): `value not in valid_values`, before any str() */
		out->enum_value =
		    value->type == NP_VALUE_STRING ? np_image_enum_match(field, value->str) : NULL;
		if (out->enum_value == NULL)
			return np_image_fail(failure,
			                     "ValueError",
			                     "Field value %s is invalid",
			                     value->str);
		return TRUE;
	case NP_IMAGE_FIELD_ENUM_LOWER:
	case NP_IMAGE_FIELD_CANONICAL: {
		g_autofree gchar *lowered = NULL;
		const gchar *mapped;
		if (value->type != NP_VALUE_STRING)
			return np_image_fail(failure,
			                     "AttributeError",
			                     "'%s' object has no attribute 'lower'",
			                     np_value_type_python_name(value->type));
		lowered = np_py_lower(value->str);
		mapped = np_image_alias(field, lowered);
		out->enum_value = np_image_enum_match(field, mapped);
		if (out->enum_value != NULL)
			return TRUE;
		/* canonicalize() names the value as given; OSType, SCSIModel and
		 * VIFModel pass the lowered one on to Enum.coerce() */
		if (field->kind == NP_IMAGE_FIELD_CANONICAL)
			return np_image_fail(failure,
			                     "ValueError",
			                     "%s '%s' is not valid",
			                     field->noun,
			                     value->str);
		return np_image_fail(failure, "ValueError", "Field value %s is invalid", mapped);
	}
	case NP_IMAGE_FIELD_UUID:
		return TRUE; /* an invalid UUID only warns */
	case NP_IMAGE_FIELD_VERSION_PREDICATE:
		if (!np_image_meta_version_predicate_ok(value->str))
			return np_image_fail(failure,
			                     "ValueError",
			                     "Version %s is not a valid predicate in field %s",
			                     value->str,
			                     field->name);
		return TRUE;
	case NP_IMAGE_FIELD_LIST_OF_DICTS_OF_NULLABLE_STRINGS:
		return np_image_list_of_dicts(field, value, failure);
	case NP_IMAGE_FIELD_LIST_OF_STRINGS:
	case NP_IMAGE_FIELD_NUMA_CPUS:
	case NP_IMAGE_FIELD_NUMA_MEM:
	default:
		g_return_val_if_reached(TRUE);
	}
}

/* keeps what numa_get_constraints() reads */
static void
np_image_meta_store(NpImageMeta *meta, const NpImageField *field, NpImageCoerced *coerced)
{
	if (g_strcmp0(field->name, "hw_cpu_policy") == 0) {
		meta->cpu_policy = coerced->enum_value;
	} else if (g_strcmp0(field->name, "hw_cpu_thread_policy") == 0) {
		meta->cpu_thread_policy = coerced->enum_value;
	} else if (g_strcmp0(field->name, "hw_cpu_realtime_mask") == 0) {
		g_free(meta->cpu_realtime_mask);
		meta->cpu_realtime_mask = g_steal_pointer(&coerced->string);
	} else if (g_strcmp0(field->name, "hw_mem_page_size") == 0) {
		g_free(meta->mem_page_size);
		meta->mem_page_size = g_steal_pointer(&coerced->string);
	} else if (g_strcmp0(field->name, "hw_locked_memory") == 0) {
		meta->has_locked_memory = TRUE;
		meta->locked_memory = coerced->boolean;
	} else if (g_strcmp0(field->name, "hw_numa_nodes") == 0) {
		meta->has_numa_nodes = TRUE;
		meta->numa_nodes = coerced->integer;
	}
}

static gboolean
np_image_set(NpImageMeta *meta,
             const NpImageField *field,
             const NpValue *value,
             NpFailure **failure)
{
	g_auto(NpImageCoerced) coerced = {0};
	if (!np_image_coerce(field, value, &coerced, failure))
		return FALSE;
	np_image_meta_store(meta, field, &coerced);
	return TRUE;
}

static gboolean
np_image_set_by_name(NpImageMeta *meta,
                     const gchar *name,
                     const NpValue *value,
                     NpFailure **failure)
{
	const NpImageField *field = np_image_field_lookup(name);
	g_return_val_if_fail(field != NULL, TRUE);
	return np_image_set(meta, field, value, failure);
}

/* ------------------------------------------------------- from_dict() */

/* _set_attr_from_legacy_names() */
static gboolean
np_image_from_legacy_names(NpImageMeta *meta, const NpProps *props, NpFailure **failure)
{
	const NpValue *adapter;
	for (guint i = 0; i < G_N_ELEMENTS(np_image_legacy_names); i++) {
		const NpValue *value = np_props_lookup(props, np_image_legacy_names[i].legacy);
		if (value != NULL
		    && !np_image_set_by_name(meta, np_image_legacy_names[i].field, value, failure))
			return FALSE;
	}
	/* vmware_adaptertype: "ide" sets hw_disk_bus=ide; any other truthy
	 * value sets hw_disk_bus=scsi (valid) and hw_scsi_model=value */
	adapter = np_props_lookup(props, "vmware_adaptertype");
	if (adapter != NULL
	    && !(adapter->type == NP_VALUE_STRING && g_strcmp0(adapter->str, "ide") == 0)
	    && np_image_value_truthy(adapter))
		return np_image_set_by_name(meta, "hw_scsi_model", adapter, failure);
	return TRUE;
}

/* _set_numa_cpus(): hardware.parse_cpu_spec() on each raw value, until the
 * first missing index; the field stores a coerced copy of each set */
static gboolean
np_image_numa_cpus(NpImageMeta *meta, const NpProps *props, NpFailure **failure)
{
	for (guint cell = 0; cell < NP_IMAGE_NUMA_NODES_MAX; cell++) {
		g_autofree gchar *key = g_strdup_printf("hw_numa_cpus.%u", cell);
		g_autofree gchar *error = NULL;
		g_autoptr(NpPySet) cpus = NULL;
		const NpValue *value = np_props_lookup(props, key);
		if (value == NULL)
			break;
		if (value->type != NP_VALUE_STRING)
			return np_image_fail(failure,
			                     "AttributeError",
			                     "'%s' object has no attribute 'split'",
			                     np_value_type_python_name(value->type));
		cpus = np_py_parse_cpu_spec(value->str, &error);
		if (cpus == NULL)
			return np_image_fail(failure, "Invalid", "%s", error);
		if (meta->numa_cpus == NULL)
			meta->numa_cpus =
			    g_ptr_array_new_with_free_func((GDestroyNotify)np_py_set_free);
		g_ptr_array_add(meta->numa_cpus, np_py_set_coerced_copy(cpus));
	}
	return TRUE;
}

/* _set_numa_mem(): int() on each raw value, until the first missing index */
static gboolean
np_image_numa_mem(NpImageMeta *meta, const NpProps *props, NpFailure **failure)
{
	for (guint cell = 0; cell < NP_IMAGE_NUMA_NODES_MAX; cell++) {
		g_autofree gchar *key = g_strdup_printf("hw_numa_mem.%u", cell);
		const NpValue *value = np_props_lookup(props, key);
		NpPyInt mem = 0;
		if (value == NULL)
			break;
		if (!np_image_int(value, &mem, failure))
			return FALSE;
		if (meta->numa_mem == NULL)
			meta->numa_mem = g_array_new(FALSE, FALSE, sizeof(NpPyInt));
		g_array_append_val(meta->numa_mem, mem);
	}
	return TRUE;
}

/* _set_attr_from_current_names(): every field, in order */
static gboolean
np_image_current_names(NpImageMeta *meta, const NpProps *props, NpFailure **failure)
{
	for (guint i = 0; i < G_N_ELEMENTS(np_image_fields); i++) {
		const NpImageField *field = &np_image_fields[i];
		const NpValue *value;
		gboolean ok = TRUE;
		switch (field->kind) {
		case NP_IMAGE_FIELD_NUMA_CPUS:
			ok = np_image_numa_cpus(meta, props, failure);
			break;
		case NP_IMAGE_FIELD_NUMA_MEM:
			ok = np_image_numa_mem(meta, props, failure);
			break;
		case NP_IMAGE_FIELD_LIST_OF_STRINGS:
			/* traits_required comes from the trait:* keys only */
			break;
		default:
			value = np_props_lookup(props, field->name);
			if (value != NULL)
				ok = np_image_set(meta, field, value, failure);
			break;
		}
		if (!ok)
			return FALSE;
	}
	return TRUE;
}

/* _set_attr_from_trait_names(): str(k).startswith("trait:") and
 * str(v) == "required" appends k[6:]; the NUMA code only asks for
 * HW_CPU_HYPERTHREADING */
static void
np_image_trait_names(NpImageMeta *meta, const NpProps *props)
{
	for (guint i = 0; i < np_props_get_size(props); i++) {
		if (g_strcmp0(np_props_get_key(props, i), "trait:HW_CPU_HYPERTHREADING") == 0
		    && g_strcmp0(np_props_get_value(props, i)->str, "required") == 0)
			meta->hyperthreading_required = TRUE;
	}
}

gboolean
np_image_meta_load(NpImageMeta *meta, const NpProps *props, NpFailure **failure)
{
	g_return_val_if_fail(meta != NULL && failure != NULL, FALSE);
	if (props == NULL)
		return TRUE;
	if (!np_image_from_legacy_names(meta, props, failure)
	    || !np_image_current_names(meta, props, failure))
		return FALSE;
	np_image_trait_names(meta, props);
	return TRUE;
}
