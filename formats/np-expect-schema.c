/* The types of `expect:` values (scenario.md §1, §2): an expectation names
 * a key of a result, and its value must be of the type the result has
 * there — `spanned: "no"` or `attempts: two` could never hold, so the
 * loader refuses them at their position instead of failing the run. */
#include <string.h>

#include "np-code.h"
#include "np-enum-private.h"
#include "np-event.h"
#include "np-expect-schema-private.h"
#include "np-json.h"
#include "np-result.h"

typedef enum {
	NP_T_INT,
	NP_T_BOOL,
	NP_T_STRING,
	NP_T_STRING_OR_NULL,
	NP_T_STATUS,
	NP_T_CODE,
	NP_T_CODE_OR_NULL,
	NP_T_EVENT_TYPE,
	NP_T_INT_LIST_OR_NULL,
	NP_T_OBJECT,
	NP_T_OBJECT_OR_NULL,
	NP_T_LIST, /* of objects of @sub */
	NP_T_INT_MAP,
} NpType;

typedef struct _NpField NpField;
struct _NpField {
	const gchar *key;
	NpType type;
	const NpField *sub; /* objects and lists: the fields of each object */
};

#define NP_END                       \
	{                            \
		NULL, NP_T_INT, NULL \
	}

static const NpField np_part_fields[] = {{"node", NP_T_INT, NULL},
                                         {"memory_mb", NP_T_INT, NULL},
                                         NP_END};
static const NpField np_unit_fields[] = {{"vnode", NP_T_INT, NULL},
                                         {"home", NP_T_INT, NULL},
                                         {"parts", NP_T_LIST, np_part_fields},
                                         NP_END};
static const NpField np_vnuma_fields[] = {{"enabled", NP_T_BOOL, NULL},
                                          {"nodes", NP_T_INT, NULL},
                                          {"cpus_per_node", NP_T_INT, NULL},
                                          {"memory_mb_per_node", NP_T_INT, NULL},
                                          NP_END};
static const NpField np_warning_fields[] = {{"code", NP_T_CODE, NULL},
                                            {"message", NP_T_STRING_OR_NULL, NULL},
                                            {"key", NP_T_STRING, NULL},
                                            NP_END};
static const NpField np_filtered_fields[] = {{"compute", NP_T_INT, NULL},
                                             {"ram", NP_T_INT, NULL},
                                             {"cpu", NP_T_INT, NULL},
                                             {"numa", NP_T_INT, NULL},
                                             NP_END};
static const NpField np_failed_start_fields[] = {{"host", NP_T_STRING, NULL},
                                                 {"code", NP_T_CODE, NULL},
                                                 {"message", NP_T_STRING_OR_NULL, NULL},
                                                 NP_END};

/* a VM result: an evacuated VM, and the VM part of a VM event's object */
#define NP_VM_RESULT_FIELDS                                                                 \
	{"vm", NP_T_STRING, NULL}, {"status", NP_T_STATUS, NULL},                           \
	    {"code", NP_T_CODE_OR_NULL, NULL}, {"message", NP_T_STRING_OR_NULL, NULL},      \
	    {"host", NP_T_STRING_OR_NULL, NULL}, {"attempts", NP_T_INT, NULL},              \
	    {"vnuma", NP_T_OBJECT_OR_NULL, np_vnuma_fields},                                \
	    {"cells", NP_T_INT_LIST_OR_NULL, NULL}, {"backing", NP_T_LIST, np_unit_fields}, \
	    {"spanned", NP_T_BOOL, NULL}, {"remote_mb", NP_T_INT, NULL},                    \
	    {"warnings", NP_T_LIST, np_warning_fields},                                     \
	    {"filtered", NP_T_OBJECT, np_filtered_fields}, {"memory_mb", NP_T_INT, NULL},   \
	    {"target_mb", NP_T_INT, NULL}, {"shortfall_mb", NP_T_INT, NULL},                \
	{                                                                                   \
		"failed_starts", NP_T_LIST, np_failed_start_fields                          \
	}

static const NpField np_vm_result_fields[] = {NP_VM_RESULT_FIELDS, NP_END};

static const NpField np_event_fields[] = {{"index", NP_T_INT, NULL},
                                          {"type", NP_T_EVENT_TYPE, NULL},
                                          NP_VM_RESULT_FIELDS,
                                          {"fits", NP_T_INT, NULL},
                                          {"per_host", NP_T_INT_MAP, NULL},
                                          {"would_span", NP_T_INT, NULL},
                                          {"stopped_by", NP_T_CODE_OR_NULL, NULL},
                                          {"evacuated", NP_T_LIST, np_vm_result_fields},
                                          {"enabled", NP_T_BOOL, NULL},
                                          {"flavor", NP_T_STRING_OR_NULL, NULL},
                                          NP_END};

static const NpField np_summary_fields[] = {{"events", NP_T_INT, NULL},
                                            {"active", NP_T_INT, NULL},
                                            {"stopped", NP_T_INT, NULL},
                                            {"rejected", NP_T_INT, NULL},
                                            {"failed_to_start", NP_T_INT, NULL},
                                            {"deleted", NP_T_INT, NULL},
                                            {"error", NP_T_INT, NULL},
                                            {"spanned", NP_T_INT, NULL},
                                            {"remote_mb", NP_T_INT, NULL},
                                            {"by_code", NP_T_INT_MAP, NULL},
                                            NP_END};

static const NpField np_vm_state_fields[] = {{"name", NP_T_STRING, NULL},
                                             {"status", NP_T_STATUS, NULL},
                                             {"host", NP_T_STRING_OR_NULL, NULL},
                                             {"flavor", NP_T_STRING_OR_NULL, NULL},
                                             {"code", NP_T_CODE_OR_NULL, NULL},
                                             {"cells", NP_T_INT_LIST_OR_NULL, NULL},
                                             {"backing", NP_T_LIST, np_unit_fields},
                                             {"spanned", NP_T_BOOL, NULL},
                                             {"remote_mb", NP_T_INT, NULL},
                                             NP_END};

static const NpField np_node_fields[] = {{"id", NP_T_INT, NULL},
                                         {"cpus", NP_T_INT, NULL},
                                         {"memory_mb", NP_T_INT, NULL},
                                         {"reserved_mb", NP_T_INT, NULL},
                                         {"free_mb", NP_T_INT, NULL},
                                         {"backed_mb", NP_T_INT, NULL},
                                         {"claimed_vcpus", NP_T_INT, NULL},
                                         {"claimed_memory_mb", NP_T_INT, NULL},
                                         NP_END};

static const NpField np_host_state_fields[] = {{"name", NP_T_STRING, NULL},
                                               {"numa_spanning", NP_T_BOOL, NULL},
                                               {"enabled", NP_T_BOOL, NULL},
                                               {"nodes", NP_T_LIST, np_node_fields},
                                               {"claimed_vcpus", NP_T_INT, NULL},
                                               {"claimed_memory_mb", NP_T_INT, NULL},
                                               NP_END};

/* ----------------------------------------------------------------- checks */

typedef struct {
	const NpYTree *tree;
	const NpYNode *bad;
	gchar *message;
} NpCheck;

static gboolean G_GNUC_PRINTF(4, 5)
    np_refuse(NpCheck *check, const NpYNode *at, const gchar *path, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *text = NULL;
	va_start(args, format);
	text = g_strdup_vprintf(format, args);
	va_end(args);
	check->bad = at;
	check->message = g_strdup_printf("%s: %s", path, text);
	return FALSE;
}

/* what the value is, for "expected X, got Y" */
static gchar *
np_describe_node(const NpYNode *node)
{
	g_autofree gchar *shown = NULL;
	if (node->kind == NP_YNODE_SEQUENCE)
		return g_strdup("a list");
	if (node->kind == NP_YNODE_MAPPING)
		return g_strdup("a mapping");
	shown = np_show_text(node->text);
	if (node->quoted)
		return g_strdup_printf("the string '%s'", shown);
	if (node->text[0] == '\0' || strcmp(node->text, "~") == 0
	    || g_ascii_strcasecmp(node->text, "null") == 0)
		return g_strdup("null");
	return g_strdup_printf("'%s'", shown);
}

static const gchar *
np_expected(NpType type)
{
	switch (type) {
	case NP_T_INT:
		return "an integer";
	case NP_T_BOOL:
		return "true or false";
	case NP_T_STRING:
		return "a string";
	case NP_T_STRING_OR_NULL:
		return "a string or null";
	case NP_T_STATUS:
		return "a status (active, rejected, failed-to-start, stopped, deleted, error, ok)";
	case NP_T_CODE:
		return "a code (rules.md, e.g. no-valid-host)";
	case NP_T_CODE_OR_NULL:
		return "a code (rules.md, e.g. no-valid-host) or null";
	case NP_T_EVENT_TYPE:
		return "an event type (boot, delete, ...)";
	case NP_T_INT_LIST_OR_NULL:
		return "a list of integers or null";
	case NP_T_OBJECT:
	case NP_T_INT_MAP:
		return "a mapping";
	case NP_T_OBJECT_OR_NULL:
		return "a mapping or null";
	case NP_T_LIST:
	default:
		return "a list";
	}
}

static gboolean
np_is_int(const cJSON *json)
{
	return cJSON_IsNumber(json) && np_json_number_is_integer(json);
}

/* a name from a table (statuses, codes, event types), with a suggestion */
static gboolean
np_check_name(NpCheck *check,
              const NpYNode *node,
              const cJSON *json,
              const gchar *path,
              NpType type,
              gboolean known,
              const gchar *const *names)
{
	g_autofree gchar *got = NULL;
	const gchar *suggestion;
	if (known)
		return TRUE;
	got = np_describe_node(node);
	suggestion = cJSON_IsString(json) ? np_suggest(json->valuestring, names, -1) : NULL;
	if (suggestion != NULL)
		return np_refuse(check,
		                 node,
		                 path,
		                 "expected %s, got %s; did you mean '%s'?",
		                 np_expected(type),
		                 got,
		                 suggestion);
	return np_refuse(check, node, path, "expected %s, got %s", np_expected(type), got);
}

static gchar **
np_status_names(void)
{
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < NP_STATUS_LAST; i++)
		g_ptr_array_add(names, g_strdup(np_status_to_string(i)));
	g_ptr_array_add(names, NULL);
	return (gchar **)g_ptr_array_free(names, FALSE);
}

static gchar **
np_code_names(void)
{
	GPtrArray *names = g_ptr_array_new();
	for (guint i = NP_CODE_NONE + 1; i < NP_CODE_LAST; i++)
		g_ptr_array_add(names, g_strdup(np_code_to_string(i)));
	g_ptr_array_add(names, NULL);
	return (gchar **)g_ptr_array_free(names, FALSE);
}

static gchar **
np_event_type_names(void)
{
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < NP_EVENT_LAST; i++)
		g_ptr_array_add(names, g_strdup(np_event_type_to_string(i)));
	g_ptr_array_add(names, NULL);
	return (gchar **)g_ptr_array_free(names, FALSE);
}

static gboolean np_check_object(NpCheck *check,
                                const NpYNode *node,
                                const cJSON *json,
                                const gchar *path,
                                const NpField *fields);

static gboolean
np_check_value(NpCheck *check,
               const NpYNode *node,
               const cJSON *json,
               const gchar *path,
               const NpField *field)
{
	g_autofree gchar *got = NULL;
	gboolean ok = FALSE;

	switch (field->type) {
	case NP_T_INT:
		ok = np_is_int(json);
		break;
	case NP_T_BOOL:
		ok = cJSON_IsBool(json);
		break;
	case NP_T_STRING:
		ok = cJSON_IsString(json);
		break;
	case NP_T_STRING_OR_NULL:
		ok = cJSON_IsString(json) || cJSON_IsNull(json);
		break;
	case NP_T_STATUS: {
		g_auto(GStrv) names = np_status_names();
		return np_check_name(check,
		                     node,
		                     json,
		                     path,
		                     field->type,
		                     cJSON_IsString(json)
		                         && np_status_from_string(json->valuestring)
		                                < NP_STATUS_LAST,
		                     (const gchar *const *)names);
	}
	case NP_T_CODE:
	case NP_T_CODE_OR_NULL: {
		g_auto(GStrv) names = np_code_names();
		NpCode code =
		    cJSON_IsString(json) ? np_code_from_string(json->valuestring) : NP_CODE_LAST;
		return np_check_name(check,
		                     node,
		                     json,
		                     path,
		                     field->type,
		                     (field->type == NP_T_CODE_OR_NULL && cJSON_IsNull(json))
		                         || (code != NP_CODE_NONE && code < NP_CODE_LAST),
		                     (const gchar *const *)names);
	}
	case NP_T_EVENT_TYPE: {
		g_auto(GStrv) names = np_event_type_names();
		return np_check_name(check,
		                     node,
		                     json,
		                     path,
		                     field->type,
		                     cJSON_IsString(json)
		                         && np_event_type_from_string(json->valuestring)
		                                < NP_EVENT_LAST,
		                     (const gchar *const *)names);
	}
	case NP_T_INT_LIST_OR_NULL:
		if (cJSON_IsNull(json))
			return TRUE;
		if (!cJSON_IsArray(json))
			break;
		for (guint i = 0; i < node->children.count; i++) {
			const cJSON *item = cJSON_GetArrayItem(json, (gint)i);
			g_autofree gchar *sub = g_strdup_printf("%s[%u]", path, i);
			const NpYNode *child = np_ytree_child(check->tree, node, i);
			if (!np_is_int(item)) {
				g_autofree gchar *what = np_describe_node(child);
				return np_refuse(check,
				                 child,
				                 sub,
				                 "expected an integer, got %s",
				                 what);
			}
		}
		return TRUE;
	case NP_T_OBJECT_OR_NULL:
		if (cJSON_IsNull(json))
			return TRUE;
		/* fall through */
	case NP_T_OBJECT:
		if (!cJSON_IsObject(json))
			break;
		return np_check_object(check, node, json, path, field->sub);
	case NP_T_LIST:
		if (!cJSON_IsArray(json))
			break;
		for (guint i = 0; i < node->children.count; i++) {
			const NpYNode *child = np_ytree_child(check->tree, node, i);
			const cJSON *item = cJSON_GetArrayItem(json, (gint)i);
			g_autofree gchar *sub = g_strdup_printf("%s[%u]", path, i);
			if (!cJSON_IsObject(item)) {
				g_autofree gchar *what = np_describe_node(child);
				return np_refuse(check,
				                 child,
				                 sub,
				                 "expected a mapping, got %s",
				                 what);
			}
			if (!np_check_object(check, child, item, sub, field->sub))
				return FALSE;
		}
		return TRUE;
	case NP_T_INT_MAP:
	default:
		if (!cJSON_IsObject(json))
			break;
		for (guint i = 0; i < node->children.count / 2; i++) {
			const NpYNode *key = np_ytree_child(check->tree, node, 2 * i);
			const NpYNode *value = np_ytree_child(check->tree, node, 2 * i + 1);
			g_autofree gchar *sub = g_strdup_printf("%s.%s", path, key->text);
			if (!np_is_int(cJSON_GetObjectItemCaseSensitive(json, key->text))) {
				g_autofree gchar *what = np_describe_node(value);
				return np_refuse(check,
				                 value,
				                 sub,
				                 "expected an integer, got %s",
				                 what);
			}
		}
		return TRUE;
	}
	if (ok)
		return TRUE;
	got = np_describe_node(node);
	if (node->kind == NP_YNODE_SCALAR && !node->quoted
	    && (field->type == NP_T_STRING || field->type == NP_T_STRING_OR_NULL))
		return np_refuse(check,
		                 node,
		                 path,
		                 "expected %s, got %s (quote it to mean the string)",
		                 np_expected(field->type),
		                 got);
	return np_refuse(check, node, path, "expected %s, got %s", np_expected(field->type), got);
}

static gboolean
np_check_object(NpCheck *check,
                const NpYNode *node,
                const cJSON *json,
                const gchar *path,
                const NpField *fields)
{
	for (guint i = 0; i < node->children.count / 2; i++) {
		const NpYNode *key = np_ytree_child(check->tree, node, 2 * i);
		const NpYNode *value = np_ytree_child(check->tree, node, 2 * i + 1);
		const NpField *field = NULL;
		g_autofree gchar *sub = NULL;
		for (guint f = 0; fields[f].key != NULL && field == NULL; f++) {
			if (key->kind == NP_YNODE_SCALAR && strcmp(fields[f].key, key->text) == 0)
				field = &fields[f];
		}
		if (field == NULL) {
			g_autoptr(GPtrArray) known = g_ptr_array_new();
			g_autofree gchar *shown = np_show_text(key->text);
			const gchar *suggestion;
			for (guint f = 0; fields[f].key != NULL; f++)
				g_ptr_array_add(known, (gpointer)fields[f].key);
			g_ptr_array_add(known, NULL);
			suggestion = np_suggest(key->text, (const gchar *const *)known->pdata, -1);
			if (suggestion != NULL)
				return np_refuse(check,
				                 key,
				                 path,
				                 "unknown key '%s'; did you mean '%s'?",
				                 shown,
				                 suggestion);
			g_ptr_array_remove_index(known, known->len - 1);
			g_ptr_array_add(known, NULL);
			{
				g_autofree gchar *list = g_strjoinv(", ", (gchar **)known->pdata);
				return np_refuse(check,
				                 key,
				                 path,
				                 "unknown key '%s' (known keys: %s)",
				                 shown,
				                 list);
			}
		}
		sub = g_strdup_printf("%s.%s", path, key->text);
		if (!np_check_value(check,
		                    value,
		                    cJSON_GetObjectItemCaseSensitive(json, key->text),
		                    sub,
		                    field))
			return FALSE;
	}
	return TRUE;
}

/**
 * np_expect_check_types:
 * @map: an `expect:` mapping (the keys are known: the loader checked them)
 * @json: what the loader made of it
 * @section: its path for messages ("events[3].expect")
 * @bad: (out): the node at fault
 * @message: (out) (transfer full): "PATH.KEY: expected ..., got ..."
 *
 * Returns: FALSE when a value cannot be of the type results have there
 */
gboolean
np_expect_check_types(const NpYTree *tree,
                      const NpYNode *map,
                      const cJSON *json,
                      NpExpectKind kind,
                      const gchar *section,
                      const NpYNode **bad,
                      gchar **message)
{
	static const NpField *const schemas[] = {
	    [NP_EXPECT_EVENT] = np_event_fields,
	    [NP_EXPECT_SUMMARY] = np_summary_fields,
	    [NP_EXPECT_VM] = np_vm_state_fields,
	    [NP_EXPECT_HOST] = np_host_state_fields,
	};
	NpCheck check = {tree, NULL, NULL};

	if (np_check_object(&check, map, json, section, schemas[kind]))
		return TRUE;
	*bad = check.bad;
	*message = check.message;
	return FALSE;
}
