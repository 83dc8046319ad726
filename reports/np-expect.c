/* Expectations (scenario.md §1): each key an `expect:` names is one
 * expectation; scalars compare equal, objects as subsets, lists item by
 * item */
#include "np-report-private.h"

static gboolean
np_value_equal(const cJSON *expected, const cJSON *actual)
{
	if (actual == NULL)
		return FALSE;
	if (cJSON_IsNumber(expected) || cJSON_IsRaw(expected)) {
		gdouble e = cJSON_IsRaw(expected) ? g_ascii_strtod(expected->valuestring, NULL)
		                                  : expected->valuedouble;
		gdouble a;
		gint64 ei, ai;
		/* exact when both are integers: a double would make values beyond
		 * 2^53 equal to their neighbours */
		if (np_json_get_int64(expected, &ei) && np_json_get_int64(actual, &ai))
			return ei == ai;
		if (cJSON_IsRaw(actual))
			a = g_ascii_strtod(actual->valuestring, NULL);
		else if (cJSON_IsNumber(actual))
			a = actual->valuedouble;
		else
			return FALSE;
		return e == a;
	}
	if (cJSON_IsString(expected))
		return cJSON_IsString(actual)
		       && g_strcmp0(expected->valuestring, actual->valuestring) == 0;
	if (cJSON_IsBool(expected))
		return cJSON_IsBool(actual) && cJSON_IsTrue(expected) == cJSON_IsTrue(actual);
	if (cJSON_IsNull(expected))
		return cJSON_IsNull(actual);
	return FALSE;
}

/* subset match: the first mismatching path, NULL when it matches */
static gchar *
np_match(const cJSON *expected, const cJSON *actual, const gchar *path)
{
	if (cJSON_IsObject(expected)) {
		const cJSON *e;
		if (!cJSON_IsObject(actual))
			return g_strdup(path);
		cJSON_ArrayForEach (e, expected) {
			g_autofree gchar *sub = g_strdup_printf("%s.%s", path, e->string);
			gchar *bad =
			    np_match(e, cJSON_GetObjectItemCaseSensitive(actual, e->string), sub);
			if (bad != NULL)
				return bad;
		}
		return NULL;
	}
	if (cJSON_IsArray(expected)) {
		gint i = 0;
		const cJSON *e;
		if (!cJSON_IsArray(actual)
		    || cJSON_GetArraySize(expected) != cJSON_GetArraySize(actual))
			return g_strdup(path);
		cJSON_ArrayForEach (e, expected) {
			g_autofree gchar *sub = g_strdup_printf("%s[%d]", path, i);
			gchar *bad = np_match(e, cJSON_GetArrayItem(actual, i), sub);
			if (bad != NULL)
				return bad;
			i++;
		}
		return NULL;
	}
	return np_value_equal(expected, actual) ? NULL : g_strdup(path);
}

void
np_expect_check(NpExpectTally *tally,
                const cJSON *expect,
                const cJSON *actual,
                cJSON *failures,
                const gchar *prefix,
                const cJSON *event_index,
                const gchar *vm)
{
	const cJSON *e;
	cJSON_ArrayForEach (e, expect) {
		g_autofree gchar *key = prefix != NULL ? g_strdup_printf("%s.%s", prefix, e->string)
		                                       : g_strdup(e->string);
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(actual, e->string);
		g_autofree gchar *bad = np_match(e, a, key);
		cJSON *failure;
		if (tally->checks != NULL) {
			cJSON *check = cJSON_CreateObject();
			cJSON_AddItemToObject(check,
			                      "event",
			                      event_index != NULL
			                          ? cJSON_Duplicate(event_index, TRUE)
			                          : cJSON_CreateNull());
			np_json_add_string_or_null(check, "vm", vm);
			cJSON_AddStringToObject(check, "key", key);
			cJSON_AddBoolToObject(check, "ok", bad == NULL);
			if (bad != NULL && g_strcmp0(bad, key) != 0)
				cJSON_AddStringToObject(check, "where", bad);
			cJSON_AddItemToObject(check, "expected", cJSON_Duplicate(e, TRUE));
			cJSON_AddItemToObject(check,
			                      "actual",
			                      a != NULL ? cJSON_Duplicate(a, TRUE)
			                                : cJSON_CreateNull());
			cJSON_AddItemToArray(tally->checks, check);
		}
		if (bad == NULL) {
			tally->passed++;
			continue;
		}
		tally->failed++;
		failure = cJSON_CreateObject();
		cJSON_AddItemToObject(failure,
		                      "event",
		                      event_index != NULL ? cJSON_Duplicate(event_index, TRUE)
		                                          : cJSON_CreateNull());
		np_json_add_string_or_null(failure, "vm", vm);
		cJSON_AddStringToObject(failure, "key", key);
		if (g_strcmp0(bad, key) != 0)
			cJSON_AddStringToObject(failure, "where", bad);
		cJSON_AddItemToObject(failure, "expected", cJSON_Duplicate(e, TRUE));
		cJSON_AddItemToObject(failure,
		                      "actual",
		                      a != NULL ? cJSON_Duplicate(a, TRUE) : cJSON_CreateNull());
		if (failures != NULL)
			cJSON_AddItemToArray(failures, cJSON_Duplicate(failure, TRUE));
		cJSON_AddItemToArray(tally->failures, failure);
	}
}
