/* Plans (scenario.md §5): the scenario's end state against what the import
 * recorded, and the plan document. Reading it back: np-plan-read.c. */
#include <string.h>

#include "np-engine-private.h"
#include "np-error.h"
#include "np-json-writer.h"
#include "np-json.h"
#include "np-plan-private.h"
#include "np-pos-private.h"

/* every property a plan writes, by part, in the order targets are listed */
static const NpPlanKey np_plan_keys[] = {
    {NP_PLAN_MEMORY, "DynamicMemoryEnabled", "boolean"},
    {NP_PLAN_MEMORY, "VirtualQuantity", "uint64"},
    {NP_PLAN_MEMORY, "Reservation", "uint64"},
    {NP_PLAN_MEMORY, "Limit", "uint64"},
    {NP_PLAN_MEMORY, "TargetMemoryBuffer", "uint32"},
    {NP_PLAN_MEMORY, "MaxMemoryBlocksPerNumaNode", "uint64"},
    {NP_PLAN_PROCESSOR, "VirtualQuantity", "uint64"},
    {NP_PLAN_PROCESSOR, "MaxProcessorsPerNumaNode", "uint64"},
    {NP_PLAN_SYSTEM, "VirtualNumaEnabled", "boolean"},
};

static const gchar *const np_plan_part_names[] = {"memory", "processor", "system"};
static const gchar *const np_plan_part_classes[] = {
    "Msvm_MemorySettingData",
    "Msvm_ProcessorSettingData",
    "Msvm_VirtualSystemSettingData",
};
G_STATIC_ASSERT(G_N_ELEMENTS(np_plan_part_names) == NP_PLAN_N_PARTS);
G_STATIC_ASSERT(G_N_ELEMENTS(np_plan_part_classes) == NP_PLAN_N_PARTS);

const NpPlanKey *
np_plan_key_lookup(NpPlanPart part, const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(np_plan_keys); i++)
		if (np_plan_keys[i].part == part && g_strcmp0(np_plan_keys[i].name, name) == 0)
			return &np_plan_keys[i];
	return NULL;
}

gboolean
np_plan_key_is_boolean(const NpPlanKey *key)
{
	return strcmp(key->cim_type, "boolean") == 0;
}

const gchar *
np_plan_part_to_string(NpPlanPart part)
{
	return np_plan_part_names[part];
}

const gchar *
np_plan_part_class(NpPlanPart part)
{
	return np_plan_part_classes[part];
}

gboolean
np_plan_vm_has_change(const NpPlanVm *vm)
{
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
		const GArray *values = vm->parts[p].values;
		for (guint i = 0; values != NULL && i < values->len; i++) {
			const NpPlanValue *v = &g_array_index(values, NpPlanValue, i);
			if (v->recorded != v->target)
				return TRUE;
		}
	}
	return FALSE;
}

gboolean
np_plan_vm_turns_vnuma_off(const NpPlanVm *vm)
{
	const GArray *values = vm->parts[NP_PLAN_SYSTEM].values;
	for (guint i = 0; values != NULL && i < values->len; i++) {
		const NpPlanValue *v = &g_array_index(values, NpPlanValue, i);
		if (strcmp(v->key->name, "VirtualNumaEnabled") == 0)
			return v->recorded && !v->target;
	}
	return FALSE;
}

NpPlanPart
np_plan_vm_part_at(const NpPlanVm *vm, guint i)
{
	return np_plan_vm_turns_vnuma_off(vm) ? (NpPlanPart)(NP_PLAN_N_PARTS - 1 - i)
	                                      : (NpPlanPart)i;
}

void
np_plan_vm_free(NpPlanVm *vm)
{
	if (vm == NULL)
		return;
	g_free(vm->vm);
	g_free(vm->guid);
	g_free(vm->name);
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
		g_free(vm->parts[p].instance_id);
		if (vm->parts[p].values != NULL)
			g_array_unref(vm->parts[p].values);
	}
	g_free(vm);
}

NpPlanVm *
np_plan_vm_new(void)
{
	NpPlanVm *vm = g_new0(NpPlanVm, 1);
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++)
		vm->parts[p].values = g_array_new(FALSE, TRUE, sizeof(NpPlanValue));
	return vm;
}

void
np_plan_host_free(NpPlanHost *host)
{
	if (host == NULL)
		return;
	g_free(host->host);
	g_free(host->name);
	g_free(host->service_instance_id);
	if (host->nodes != NULL)
		g_array_unref(host->nodes);
	if (host->vms != NULL)
		g_ptr_array_unref(host->vms);
	if (host->creates != NULL)
		g_ptr_array_unref(host->creates);
	g_free(host);
}

NpPlanHost *
np_plan_host_new(void)
{
	NpPlanHost *host = g_new0(NpPlanHost, 1);
	host->nodes = g_array_new(FALSE, TRUE, sizeof(NpPlanNode));
	host->vms = g_ptr_array_new_with_free_func((GDestroyNotify)np_plan_vm_free);
	host->creates = g_ptr_array_new_with_free_func((GDestroyNotify)np_plan_vm_free);
	return host;
}

NpPlan *
np_plan_new(void)
{
	NpPlan *plan = g_new0(NpPlan, 1);
	plan->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_plan_host_free);
	return plan;
}

void
np_plan_free(NpPlan *plan)
{
	if (plan == NULL)
		return;
	g_free(plan->scenario);
	g_ptr_array_unref(plan->hosts);
	g_free(plan);
}

gboolean
np_plan_is_empty(const NpPlan *plan)
{
	return plan->hosts->len == 0;
}

/* ------------------------------------------------------------ compute */

typedef struct {
	const NpScenario *scenario;
	const gchar *path;
	NpPos pos;
	const gchar *what; /* "host 'X'" or "VM 'Y'" */
} NpPlanSource;

static gboolean np_plan_fail(const NpPlanSource *src, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(3, 4);

static gboolean
np_plan_fail(const NpPlanSource *src, GError **error, const gchar *format, ...)
{
	g_autofree gchar *message = NULL;
	va_list args;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	return np_error_at(error,
	                   NP_ERROR_INVALID,
	                   src->path,
	                   src->pos,
	                   "%s: %s",
	                   src->what,
	                   message);
}

/* a member of the `hyperv:` record, of the type asked; FALSE naming it */
static gboolean
np_record_int(const NpPlanSource *src,
              const cJSON *object,
              const gchar *section,
              const gchar *name,
              gint64 *out,
              GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
	if (cJSON_IsBool(item)) {
		*out = cJSON_IsTrue(item) ? 1 : 0;
		return TRUE;
	}
	if (item == NULL || !np_json_get_int64(item, out) || *out < 0)
		return np_plan_fail(src,
		                    error,
		                    "the hyperv: record has no %s.%s (import the host again)",
		                    section,
		                    name);
	return TRUE;
}

static const gchar *
np_record_string(const cJSON *object, const gchar *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static void
np_settings_add(NpPlanSettings *settings, NpPlanPart part, const gchar *name, gint64 target)
{
	NpPlanValue value = {np_plan_key_lookup(part, name), 0, target};
	g_assert(value.key != NULL);
	g_array_append_val(settings->values, value);
}

/* the targets of scenario.md §5 for a VM configured as @res */
static void
np_plan_targets(NpPlanVm *vm, const NpResolution *res)
{
	const NpDynamicMemory *dm = &res->dynamic_memory;
	NpPlanSettings *memory = &vm->parts[NP_PLAN_MEMORY];
	NpPlanSettings *processor = &vm->parts[NP_PLAN_PROCESSOR];

	np_settings_add(memory, NP_PLAN_MEMORY, "DynamicMemoryEnabled", dm->enabled);
	np_settings_add(memory,
	                NP_PLAN_MEMORY,
	                "VirtualQuantity",
	                dm->enabled ? dm->startup_mb : res->memory_mb);
	if (dm->enabled) {
		np_settings_add(memory, NP_PLAN_MEMORY, "Reservation", dm->minimum_mb);
		np_settings_add(memory, NP_PLAN_MEMORY, "Limit", dm->maximum_mb);
		np_settings_add(memory, NP_PLAN_MEMORY, "TargetMemoryBuffer", dm->buffer_percent);
	}
	if (res->vnuma_enabled)
		np_settings_add(memory,
		                NP_PLAN_MEMORY,
		                "MaxMemoryBlocksPerNumaNode",
		                res->memory_per_numa_node);
	np_settings_add(processor, NP_PLAN_PROCESSOR, "VirtualQuantity", res->vcpus);
	if (res->vnuma_enabled)
		np_settings_add(processor,
		                NP_PLAN_PROCESSOR,
		                "MaxProcessorsPerNumaNode",
		                res->cpus_per_numa_node);
	np_settings_add(&vm->parts[NP_PLAN_SYSTEM],
	                NP_PLAN_SYSTEM,
	                "VirtualNumaEnabled",
	                res->vnuma_enabled);
}

/* the recorded value of each target, and each part's InstanceID */
static gboolean
np_plan_recorded(NpPlanVm *vm, const NpPlanSource *src, const cJSON *record, GError **error)
{
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
		const gchar *section = np_plan_part_names[p];
		const cJSON *object = cJSON_GetObjectItemCaseSensitive(record, section);
		const gchar *instance_id = np_record_string(object, "InstanceID");
		if (!cJSON_IsObject(object) || instance_id == NULL)
			return np_plan_fail(src,
			                    error,
			                    "the hyperv: record has no %s.InstanceID (import the "
			                    "host again)",
			                    section);
		vm->parts[p].instance_id = g_strdup(instance_id);
		for (guint i = 0; i < vm->parts[p].values->len; i++) {
			NpPlanValue *v = &g_array_index(vm->parts[p].values, NpPlanValue, i);
			if (!np_record_int(src, object, section, v->key->name, &v->recorded, error))
				return FALSE;
		}
	}
	return TRUE;
}

static cJSON *
np_plan_parse_record(const NpPlanSource *src, const gchar *json, GError **error)
{
	cJSON *record = cJSON_Parse(json);
	if (!cJSON_IsObject(record)) {
		cJSON_Delete(record);
		np_plan_fail(src, error, "the hyperv: map is not a map");
		return NULL;
	}
	return record;
}

/* an imported host: the name it reports and its fingerprint */
static NpPlanHost *
np_plan_host_from_record(const NpHost *host, const NpPlanSource *src, GError **error)
{
	g_autoptr(cJSON) record = np_plan_parse_record(src, host->hyperv_json, error);
	g_autoptr(NpPlanHost) out = NULL;
	const cJSON *nodes, *node;
	const gchar *name;

	if (record == NULL)
		return NULL;
	name = np_record_string(record, "name");
	nodes = cJSON_GetObjectItemCaseSensitive(record, "nodes");
	if (name == NULL || !cJSON_IsArray(nodes)) {
		np_plan_fail(src,
		             error,
		             "the hyperv: record has no name or nodes (a capture without "
		             "ComputerName cannot be planned for: import it with its name)");
		return NULL;
	}
	out = np_plan_host_new();
	out->host = g_strdup(np_host_get_name(host));
	out->name = g_strdup(name);
	cJSON_ArrayForEach (node, nodes) {
		NpPlanNode n = {0};
		if (!np_record_int(src, node, "nodes[]", "id", &n.id, error)
		    || !np_record_int(src,
		                      node,
		                      "nodes[]",
		                      "NumberOfLogicalProcessors",
		                      &n.logical_processors,
		                      error)
		    || !np_record_int(src, node, "nodes[]", "memory_mb", &n.memory_mb, error))
			return NULL;
		g_array_append_val(out->nodes, n);
	}
	return g_steal_pointer(&out);
}

/* the recorded spanning setting against the end of the replay */
static gboolean
np_plan_spanning(NpPlanHost *plan_host,
                 const NpHost *host,
                 const NpEngine *engine,
                 const NpPlanSource *src,
                 GError **error)
{
	g_autoptr(cJSON) record = np_plan_parse_record(src, host->hyperv_json, error);
	const cJSON *service;
	const cJSON *recorded;
	NpHostInfo info;
	guint index;

	if (record == NULL)
		return FALSE;
	if (!np_engine_lookup_host(engine, np_host_get_name(host), &index)
	    || !np_engine_get_host(engine, index, &info) || !info.present)
		return TRUE; /* removed by the scenario: a plan never removes a host */
	service = cJSON_GetObjectItemCaseSensitive(record, "service_settings");
	recorded = cJSON_GetObjectItemCaseSensitive(service, "NumaSpanningEnabled");
	if (!cJSON_IsBool(recorded))
		return TRUE; /* a PowerShell capture records no spanning setting */
	if (cJSON_IsTrue(recorded) == info.numa_spanning)
		return TRUE;
	if (np_record_string(service, "InstanceID") == NULL)
		return np_plan_fail(src,
		                    error,
		                    "the hyperv: record has no service_settings.InstanceID");
	plan_host->spanning = TRUE;
	plan_host->service_instance_id = g_strdup(np_record_string(service, "InstanceID"));
	plan_host->spanning_recorded = cJSON_IsTrue(recorded);
	plan_host->spanning_target = info.numa_spanning;
	return TRUE;
}

/* an imported boot: its targets (the boot as edited, resolved under the
 * scenario's settings) against its record */
static gboolean
np_plan_imported_vm(NpPlanHost *plan_host,
                    const NpEvent *event,
                    const NpScenario *scenario,
                    NpEngine *engine,
                    const NpPlanSource *src,
                    GError **error)
{
	g_autoptr(cJSON) record = np_plan_parse_record(src, event->hyperv_json, error);
	g_autoptr(NpPlanVm) vm = np_plan_vm_new();
	g_autoptr(NpConfig) config = NULL;
	NpFlavor *flavor = np_scenario_lookup_flavor(scenario, event->flavor);
	NpImage *image =
	    event->image != NULL ? np_scenario_lookup_image(scenario, event->image) : NULL;
	const NpFailure *failure;

	if (record == NULL)
		return FALSE;
	if (event->count > 0)
		return np_plan_fail(src, error, "an imported boot is one VM: remove count:");
	if (np_record_string(record, "id") == NULL || np_record_string(record, "name") == NULL)
		return np_plan_fail(src, error, "the hyperv: record has no id or name");
	config = np_engine_config_for(engine, flavor, image, &event->dynamic_memory);
	failure = np_resolution_get_failure(config->res);
	if (failure != NULL)
		return np_plan_fail(src,
		                    error,
		                    "refused as configured (%s): %s",
		                    np_code_to_string(failure->code),
		                    failure->message);
	vm->vm = g_strdup(event->vm);
	vm->guid = g_strdup(np_record_string(record, "id"));
	vm->name = g_strdup(np_record_string(record, "name"));
	np_plan_targets(vm, config->res);
	if (!np_plan_recorded(vm, src, record, error))
		return FALSE;
	if (np_plan_vm_has_change(vm))
		g_ptr_array_add(plan_host->vms, g_steal_pointer(&vm));
	return TRUE;
}

static NpPlanHost *
np_plan_lookup_host(GPtrArray *hosts, const gchar *name)
{
	for (guint i = 0; i < hosts->len; i++) {
		NpPlanHost *host = g_ptr_array_index(hosts, i);
		if (strcmp(host->host, name) == 0)
			return host;
	}
	return NULL;
}

/* VMs the replay ends with on an imported host (active or stopped) that
 * no imported boot names */
static void
np_plan_creates(GPtrArray *hosts, const NpEngine *engine, GHashTable *imported)
{
	for (guint i = 0; i < engine->vms->len; i++) {
		const NpSimVm *sim = g_ptr_array_index(engine->vms, i);
		const NpSimHost *host;
		NpPlanHost *plan_host;
		NpPlanVm *vm;

		if (sim->host < 0 || sim->config == NULL
		    || g_hash_table_contains(imported, sim->name)
		    || (sim->status != NP_STATUS_ACTIVE && sim->status != NP_STATUS_STOPPED))
			continue;
		host = g_ptr_array_index(engine->hosts, sim->host);
		plan_host = np_plan_lookup_host(hosts, host->name);
		if (plan_host == NULL)
			continue;
		vm = np_plan_vm_new();
		vm->vm = g_strdup(sim->name);
		np_plan_targets(vm, sim->config->res);
		g_ptr_array_add(plan_host->creates, vm);
	}
}

NpPlan *
np_plan_compute(const NpScenario *scenario, GError **error)
{
	g_autoptr(NpPlan) plan = np_plan_new();
	g_autoptr(NpEngine) engine = NULL;
	g_autoptr(GPtrArray) hosts =
	    g_ptr_array_new_with_free_func((GDestroyNotify)np_plan_host_free);
	g_autoptr(GHashTable) imported = g_hash_table_new(g_str_hash, g_str_equal);
	NpPlanSource src = {scenario, np_scenario_get_path(scenario), NP_POS_NONE, NULL};

	engine = np_sim_run(scenario, NP_RUN_NONE, NULL, NULL, error);
	if (engine == NULL)
		return NULL;
	plan->scenario = g_strdup(np_scenario_get_name(scenario));
	for (guint i = 0; i < np_scenario_get_n_hosts(scenario); i++) {
		const NpHost *host = np_scenario_get_host(scenario, i);
		g_autofree gchar *what = NULL;
		NpPlanHost *plan_host;

		if (host->hyperv_json == NULL)
			continue;
		what = g_strdup_printf("host '%s'", np_host_get_name(host));
		src.pos = host->pos;
		src.what = what;
		plan_host = np_plan_host_from_record(host, &src, error);
		if (plan_host == NULL)
			return NULL;
		g_ptr_array_add(hosts, plan_host);
		if (!np_plan_spanning(plan_host, host, engine, &src, error))
			return NULL;
	}
	for (guint i = 0; i < np_scenario_get_n_events(scenario); i++) {
		const NpEvent *event = np_scenario_get_event(scenario, i);
		g_autofree gchar *what = NULL;
		NpPlanHost *plan_host;

		if (event->type != NP_EVENT_BOOT || event->hyperv_json == NULL)
			continue;
		what = g_strdup_printf("VM '%s'", event->vm);
		src.pos = event->pos;
		src.what = what;
		plan_host = event->host != NULL ? np_plan_lookup_host(hosts, event->host) : NULL;
		if (plan_host == NULL)
			return np_plan_fail(
			           &src,
			           error,
			           "an imported VM must stay forced onto its imported host"),
			       NULL;
		g_hash_table_add(imported, event->vm);
		if (!np_plan_imported_vm(plan_host, event, scenario, engine, &src, error))
			return NULL;
	}
	np_plan_creates(hosts, engine, imported);
	for (guint i = 0; i < hosts->len; i++) {
		NpPlanHost *host = g_ptr_array_index(hosts, i);
		if (host->spanning || host->vms->len > 0 || host->creates->len > 0)
			g_ptr_array_add(plan->hosts, g_ptr_array_steal_index(hosts, i--));
	}
	return g_steal_pointer(&plan);
}

/* ------------------------------------------------------------- write */

static void
np_plan_write_values(NpJsonWriter *w, const gchar *key, const GArray *values, gboolean recorded)
{
	np_json_begin_object(w, key);
	for (guint i = 0; i < values->len; i++) {
		const NpPlanValue *v = &g_array_index(values, NpPlanValue, i);
		gint64 value = recorded ? v->recorded : v->target;
		if (np_plan_key_is_boolean(v->key))
			np_json_bool(w, v->key->name, value != 0);
		else
			np_json_int(w, v->key->name, value);
	}
	np_json_end(w);
}

static void
np_plan_write_vm(NpJsonWriter *w, const NpPlanVm *vm, gboolean create)
{
	np_json_begin_object(w, NULL);
	np_json_string(w, "vm", vm->vm);
	if (!create) {
		np_json_string(w, "id", vm->guid);
		np_json_string(w, "name", vm->name);
	}
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
		const NpPlanSettings *s = &vm->parts[p];
		np_json_begin_object(w, np_plan_part_names[p]);
		if (create) {
			np_plan_write_values(w, "target", s->values, FALSE);
		} else {
			np_json_string(w, "InstanceID", s->instance_id);
			np_plan_write_values(w, "recorded", s->values, TRUE);
			np_plan_write_values(w, "target", s->values, FALSE);
		}
		np_json_end(w);
	}
	np_json_end(w);
}

gchar *
np_plan_to_json(const NpPlan *plan)
{
	GString *out = g_string_new(NULL);
	g_autoptr(NpJsonWriter) w = np_json_writer_new(out);

	np_json_begin_object(w, NULL);
	np_json_int(w, "numaplan_plan", NP_PLAN_VERSION);
	/* the reader takes a plan without it: write none back rather than null */
	if (plan->scenario != NULL)
		np_json_string(w, "scenario", plan->scenario);
	np_json_begin_array(w, "hosts");
	for (guint i = 0; i < plan->hosts->len; i++) {
		const NpPlanHost *host = g_ptr_array_index(plan->hosts, i);
		np_json_begin_object(w, NULL);
		np_json_string(w, "host", host->host);
		np_json_string(w, "name", host->name);
		np_json_begin_array(w, "nodes");
		for (guint n = 0; n < host->nodes->len; n++) {
			const NpPlanNode *node = &g_array_index(host->nodes, NpPlanNode, n);
			np_json_begin_object(w, NULL);
			np_json_int(w, "id", node->id);
			np_json_int(w, "logical_processors", node->logical_processors);
			np_json_int(w, "memory_mb", node->memory_mb);
			np_json_end(w);
		}
		np_json_end(w);
		if (host->spanning) {
			np_json_begin_object(w, "spanning");
			np_json_string(w, "InstanceID", host->service_instance_id);
			np_json_bool(w, "recorded", host->spanning_recorded);
			np_json_bool(w, "target", host->spanning_target);
			np_json_end(w);
		} else {
			np_json_null(w, "spanning");
		}
		np_json_begin_array(w, "vms");
		for (guint v = 0; v < host->vms->len; v++)
			np_plan_write_vm(w, g_ptr_array_index(host->vms, v), FALSE);
		np_json_end(w);
		np_json_begin_array(w, "create");
		for (guint v = 0; v < host->creates->len; v++)
			np_plan_write_vm(w, g_ptr_array_index(host->creates, v), TRUE);
		np_json_end(w);
		np_json_end(w);
	}
	np_json_end(w);
	np_json_end(w);
	np_json_finish(w);
	g_clear_pointer(&w, np_json_writer_free);
	return g_string_free(out, FALSE);
}
