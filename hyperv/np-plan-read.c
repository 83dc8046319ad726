/* Reading a plan document back (scenario.md §5): every member checked for
 * its type, unknown members refused, each error `PLAN:LINE:COLUMN: `. A
 * plan that does not read sends nothing to a host. */
#include <string.h>

#include "np-error.h"
#include "np-json.h"
#include "np-plan-private.h"
#include "np-pos-private.h"

typedef struct {
	const gchar *path;
	NpJsonPositions *positions;
} NpPlanReader;

static gboolean
np_read_fail(const NpPlanReader *r, const cJSON *item, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean
np_read_fail(const NpPlanReader *r, const cJSON *item, GError **error, const gchar *format, ...)
{
	NpPos pos = NP_POS_NONE;
	guint line = 0, column = 0;
	va_list args;

	np_json_positions_get(r->positions, item, &line, &column);
	pos.line = line;
	pos.column = column;
	va_start(args, format);
	np_error_at_va(error, NP_ERROR_INVALID, r->path, pos, format, args);
	va_end(args);
	return FALSE;
}

/* every member of @object is one of @known (NULL-terminated) */
static gboolean
np_read_known(const NpPlanReader *r,
              const cJSON *object,
              const gchar *const *known,
              const gchar *what,
              GError **error)
{
	const cJSON *member;
	cJSON_ArrayForEach (member, object) {
		if (!g_strv_contains(known, member->string))
			return np_read_fail(r,
			                    member,
			                    error,
			                    "%s: unknown member \"%s\"",
			                    what,
			                    member->string);
	}
	return TRUE;
}

static const cJSON *
np_read_member(const NpPlanReader *r,
               const cJSON *object,
               const gchar *name,
               gint type,
               const gchar *what,
               GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
	static const struct {
		gint type;
		const gchar *name;
	} names[] = {{cJSON_String, "a string"},
	             {cJSON_Object, "an object"},
	             {cJSON_Array, "an array"},
	             {cJSON_Number, "an integer"},
	             {cJSON_True | cJSON_False, "true or false"}};
	const gchar *expected = "?";

	for (guint i = 0; i < G_N_ELEMENTS(names); i++)
		if (names[i].type == type)
			expected = names[i].name;
	if (item == NULL) {
		np_read_fail(r, object, error, "%s: missing \"%s\" (%s)", what, name, expected);
		return NULL;
	}
	if ((item->type & 0xff & type) == 0) {
		np_read_fail(r, item, error, "%s: \"%s\" must be %s", what, name, expected);
		return NULL;
	}
	return item;
}

static gboolean
np_read_string(const NpPlanReader *r,
               const cJSON *object,
               const gchar *name,
               const gchar *what,
               gchar **out,
               GError **error)
{
	const cJSON *item = np_read_member(r, object, name, cJSON_String, what, error);
	if (item == NULL)
		return FALSE;
	*out = g_strdup(item->valuestring);
	return TRUE;
}

static gboolean
np_read_int(const NpPlanReader *r,
            const cJSON *object,
            const gchar *name,
            const gchar *what,
            gint64 *out,
            GError **error)
{
	const cJSON *item = np_read_member(r, object, name, cJSON_Number, what, error);
	if (item == NULL)
		return FALSE;
	if (!np_json_get_int64(item, out) || *out < 0)
		return np_read_fail(r,
		                    item,
		                    error,
		                    "%s: \"%s\" must be an integer >= 0",
		                    what,
		                    name);
	return TRUE;
}

/* one `recorded` or `target` object: known keys of @part, typed; the
 * target pass adds values, the recorded pass fills them and must name the
 * same keys */
static gboolean
np_read_values(const NpPlanReader *r,
               const cJSON *object,
               NpPlanPart part,
               NpPlanSettings *settings,
               gboolean recorded,
               const gchar *what,
               GError **error)
{
	const cJSON *member;
	guint n = 0;

	cJSON_ArrayForEach (member, object) {
		const NpPlanKey *key = np_plan_key_lookup(part, member->string);
		gint64 value = 0;
		NpPlanValue *slot = NULL;

		if (key == NULL)
			return np_read_fail(r,
			                    member,
			                    error,
			                    "%s: \"%s\" is not a %s setting a plan writes",
			                    what,
			                    member->string,
			                    np_plan_part_to_string(part));
		if (np_plan_key_is_boolean(key)) {
			if (!cJSON_IsBool(member))
				return np_read_fail(r,
				                    member,
				                    error,
				                    "%s: \"%s\" must be true or false",
				                    what,
				                    key->name);
			value = cJSON_IsTrue(member);
		} else if (!cJSON_IsNumber(member) || !np_json_get_int64(member, &value)
		           || value < 0) {
			return np_read_fail(r,
			                    member,
			                    error,
			                    "%s: \"%s\" must be an integer >= 0",
			                    what,
			                    key->name);
		}
		for (guint i = 0; i < settings->values->len; i++) {
			NpPlanValue *v = &g_array_index(settings->values, NpPlanValue, i);
			if (v->key == key)
				slot = v;
		}
		if (recorded) {
			if (slot == NULL)
				return np_read_fail(r,
				                    member,
				                    error,
				                    "%s: \"%s\" is recorded but has no target",
				                    what,
				                    key->name);
			slot->recorded = value;
		} else {
			NpPlanValue v = {key, 0, value};
			if (slot != NULL)
				return np_read_fail(r,
				                    member,
				                    error,
				                    "%s: \"%s\" twice",
				                    what,
				                    key->name);
			g_array_append_val(settings->values, v);
		}
		n++;
	}
	if (recorded && n != settings->values->len)
		return np_read_fail(r,
		                    object,
		                    error,
		                    "%s: every target needs its recorded value",
		                    what);
	return TRUE;
}

static NpPlanVm *
np_read_vm(const NpPlanReader *r, const cJSON *item, gboolean create, GError **error)
{
	static const gchar *const step_keys[] =
	    {"vm", "id", "name", "memory", "processor", "system", NULL};
	static const gchar *const create_keys[] = {"vm", "memory", "processor", "system", NULL};
	static const gchar *const part_keys[] = {"InstanceID", "recorded", "target", NULL};
	static const gchar *const create_part_keys[] = {"target", NULL};
	g_autoptr(NpPlanVm) vm = np_plan_vm_new();
	const gchar *what = create ? "a create entry" : "a VM step";
	guint line = 0, column = 0;

	if (!cJSON_IsObject(item)) {
		np_read_fail(r, item, error, "%s must be an object", what);
		return NULL;
	}
	np_json_positions_get(r->positions, item, &line, &column);
	vm->line = line;
	vm->column = column;
	if (!np_read_known(r, item, create ? create_keys : step_keys, what, error)
	    || !np_read_string(r, item, "vm", what, &vm->vm, error))
		return NULL;
	if (!create
	    && (!np_read_string(r, item, "id", what, &vm->guid, error)
	        || !np_read_string(r, item, "name", what, &vm->name, error)))
		return NULL;
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
		const gchar *part_name = np_plan_part_to_string(p);
		g_autofree gchar *part_what = g_strdup_printf("VM '%s' %s", vm->vm, part_name);
		const cJSON *part = np_read_member(r, item, part_name, cJSON_Object, what, error);
		const cJSON *target, *recorded;

		if (part == NULL
		    || !np_read_known(r,
		                      part,
		                      create ? create_part_keys : part_keys,
		                      part_what,
		                      error))
			return NULL;
		target = np_read_member(r, part, "target", cJSON_Object, part_what, error);
		if (target == NULL
		    || !np_read_values(r, target, p, &vm->parts[p], FALSE, part_what, error))
			return NULL;
		if (create)
			continue;
		recorded = np_read_member(r, part, "recorded", cJSON_Object, part_what, error);
		if (recorded == NULL
		    || !np_read_values(r, recorded, p, &vm->parts[p], TRUE, part_what, error)
		    || !np_read_string(r,
		                       part,
		                       "InstanceID",
		                       part_what,
		                       &vm->parts[p].instance_id,
		                       error))
			return NULL;
	}
	return g_steal_pointer(&vm);
}

static NpPlanHost *
np_read_host(const NpPlanReader *r, const cJSON *item, GError **error)
{
	static const gchar *const host_keys[] =
	    {"host", "name", "nodes", "spanning", "vms", "create", NULL};
	static const gchar *const node_keys[] = {"id", "logical_processors", "memory_mb", NULL};
	static const gchar *const spanning_keys[] = {"InstanceID", "recorded", "target", NULL};
	g_autoptr(NpPlanHost) host = np_plan_host_new();
	const cJSON *nodes, *node, *spanning, *vms, *creates, *vm;

	if (!cJSON_IsObject(item)) {
		np_read_fail(r, item, error, "a host must be an object");
		return NULL;
	}
	if (!np_read_known(r, item, host_keys, "a host", error)
	    || !np_read_string(r, item, "host", "a host", &host->host, error)
	    || !np_read_string(r, item, "name", "a host", &host->name, error))
		return NULL;
	nodes = np_read_member(r, item, "nodes", cJSON_Array, "a host", error);
	if (nodes == NULL)
		return NULL;
	if (cJSON_GetArraySize(nodes) == 0) {
		np_read_fail(r, nodes, error, "host '%s': \"nodes\" is empty", host->host);
		return NULL;
	}
	cJSON_ArrayForEach (node, nodes) {
		NpPlanNode n = {0};
		if (!cJSON_IsObject(node)) {
			np_read_fail(r, node, error, "a node must be an object");
			return NULL;
		}
		if (!np_read_known(r, node, node_keys, "a node", error)
		    || !np_read_int(r, node, "id", "a node", &n.id, error)
		    || !np_read_int(r,
		                    node,
		                    "logical_processors",
		                    "a node",
		                    &n.logical_processors,
		                    error)
		    || !np_read_int(r, node, "memory_mb", "a node", &n.memory_mb, error))
			return NULL;
		g_array_append_val(host->nodes, n);
	}
	spanning = cJSON_GetObjectItemCaseSensitive(item, "spanning");
	if (spanning != NULL && !cJSON_IsNull(spanning)) {
		const cJSON *recorded, *target;
		if (!cJSON_IsObject(spanning)) {
			np_read_fail(r, spanning, error, "\"spanning\" must be null or an object");
			return NULL;
		}
		if (!np_read_known(r, spanning, spanning_keys, "spanning", error)
		    || !np_read_string(r,
		                       spanning,
		                       "InstanceID",
		                       "spanning",
		                       &host->service_instance_id,
		                       error))
			return NULL;
		recorded = np_read_member(r,
		                          spanning,
		                          "recorded",
		                          cJSON_True | cJSON_False,
		                          "spanning",
		                          error);
		target = recorded != NULL ? np_read_member(r,
		                                           spanning,
		                                           "target",
		                                           cJSON_True | cJSON_False,
		                                           "spanning",
		                                           error)
		                          : NULL;
		if (target == NULL)
			return NULL;
		host->spanning = TRUE;
		host->spanning_recorded = cJSON_IsTrue(recorded);
		host->spanning_target = cJSON_IsTrue(target);
	}
	vms = np_read_member(r, item, "vms", cJSON_Array, "a host", error);
	if (vms == NULL)
		return NULL;
	cJSON_ArrayForEach (vm, vms) {
		NpPlanVm *step = np_read_vm(r, vm, FALSE, error);
		if (step == NULL)
			return NULL;
		g_ptr_array_add(host->vms, step);
	}
	creates = np_read_member(r, item, "create", cJSON_Array, "a host", error);
	if (creates == NULL)
		return NULL;
	cJSON_ArrayForEach (vm, creates) {
		NpPlanVm *create = np_read_vm(r, vm, TRUE, error);
		if (create == NULL)
			return NULL;
		g_ptr_array_add(host->creates, create);
	}
	return g_steal_pointer(&host);
}

NpPlan *
np_plan_parse(const gchar *text, gsize length, const gchar *path, GError **error)
{
	static const gchar *const top_keys[] = {"numaplan_plan", "scenario", "hosts", NULL};
	g_autoptr(cJSON) root = np_json_parse(text, length, path, error);
	g_autoptr(NpJsonPositions) positions = NULL;
	g_autoptr(NpPlan) plan = NULL;
	NpPlanReader r = {path, NULL};
	const cJSON *version, *hosts, *host;
	gint64 number = 0;

	if (root == NULL)
		return NULL;
	positions = np_json_positions_new(text, length, root);
	r.positions = positions;
	if (!cJSON_IsObject(root)) {
		np_read_fail(&r,
		             root,
		             error,
		             "not a numaplan plan: the document must be an object");
		return NULL;
	}
	version = cJSON_GetObjectItemCaseSensitive(root, "numaplan_plan");
	if (version == NULL) {
		np_read_fail(&r, root, error, "not a numaplan plan: no \"numaplan_plan\": 1");
		return NULL;
	}
	if (!cJSON_IsNumber(version) || !np_json_get_int64(version, &number)
	    || number != NP_PLAN_VERSION) {
		np_read_fail(&r,
		             version,
		             error,
		             "\"numaplan_plan\" must be %d (the plan version this numaplan reads)",
		             NP_PLAN_VERSION);
		return NULL;
	}
	if (!np_read_known(&r, root, top_keys, "the plan", error))
		return NULL;
	plan = np_plan_new();
	if (cJSON_GetObjectItemCaseSensitive(root, "scenario") != NULL
	    && !np_read_string(&r, root, "scenario", "the plan", &plan->scenario, error))
		return NULL;
	hosts = np_read_member(&r, root, "hosts", cJSON_Array, "the plan", error);
	if (hosts == NULL)
		return NULL;
	cJSON_ArrayForEach (host, hosts) {
		NpPlanHost *h = np_read_host(&r, host, error);
		if (h == NULL)
			return NULL;
		g_ptr_array_add(plan->hosts, h);
	}
	return g_steal_pointer(&plan);
}
