/* Writing scenario files (see np-scenario-write.h) with libyaml's emitter,
 * which escapes what YAML cannot hold plainly (quotes, backslashes, line
 * and paragraph separators, a byte-order mark, control characters).
 *
 * Layout: block style, nodes and dynamic memory as one-line flow maps;
 * every string double-quoted (a name such as `true`, `1.5`, `- x` or
 * `a: b #c` reads back as the same string); keys plain when they are
 * identifiers, quoted otherwise; lines are never folded.
 */
#include "np-scenario-write.h"

#include <string.h>
#include <yaml.h>

#include "np-error.h"
#include "np-json.h"

typedef struct {
	yaml_emitter_t emitter;
	GString *out;
	gboolean failed;
} NpYamlOut;

static int
np_yaml_write(void *data, unsigned char *buffer, size_t size)
{
	NpYamlOut *out = data;
	g_string_append_len(out->out, (const gchar *)buffer, (gssize)size);
	return 1;
}

/* emits @event (taken); once one fails the rest are dropped */
static void
np_emit(NpYamlOut *out, yaml_event_t *event)
{
	if (out->failed) {
		yaml_event_delete(event);
		return;
	}
	if (!yaml_emitter_emit(&out->emitter, event))
		out->failed = TRUE;
}

static void
np_scalar(NpYamlOut *out, const gchar *text, yaml_scalar_style_t style)
{
	yaml_event_t event;
	gboolean plain = style == YAML_PLAIN_SCALAR_STYLE;

	if (!yaml_scalar_event_initialize(&event,
	                                  NULL,
	                                  NULL,
	                                  (yaml_char_t *)text,
	                                  (int)strlen(text),
	                                  plain,
	                                  !plain,
	                                  style))
		out->failed = TRUE;
	else
		np_emit(out, &event);
}

static void
np_string(NpYamlOut *out, const gchar *text)
{
	np_scalar(out, text, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static void
np_plain(NpYamlOut *out, const gchar *text)
{
	np_scalar(out, text, YAML_PLAIN_SCALAR_STYLE);
}

static void
np_int(NpYamlOut *out, gint64 value)
{
	gchar text[24];
	g_snprintf(text, sizeof(text), "%" G_GINT64_FORMAT, value);
	np_plain(out, text);
}

static gboolean
np_in_words(const gchar *key)
{
	static const gchar *const words[] = {"null", "true", "false", "yes", "no", "on", "off"};
	for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
		if (g_ascii_strcasecmp(key, words[i]) == 0)
			return TRUE;
	}
	return FALSE;
}

/* a key: plain when it is an identifier, else double-quoted */
static void
np_key(NpYamlOut *out, const gchar *key)
{
	gboolean identifier = g_ascii_isalpha(key[0]) || key[0] == '_';
	for (const gchar *p = key; identifier && *p != '\0'; p++)
		identifier = g_ascii_isalnum(*p) || *p == '_';
	/* `null`, `true`, `yes`, `y`… are identifiers YAML 1.1 readers may
	 * read as other things; quoted they are text for everyone */
	if (identifier && (strlen(key) == 1 || np_in_words(key)))
		identifier = FALSE;
	np_scalar(out, key, identifier ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static void
np_begin_map(NpYamlOut *out, gboolean flow)
{
	yaml_event_t event;
	if (!yaml_mapping_start_event_initialize(&event,
	                                         NULL,
	                                         NULL,
	                                         1,
	                                         flow ? YAML_FLOW_MAPPING_STYLE
	                                              : YAML_BLOCK_MAPPING_STYLE))
		out->failed = TRUE;
	else
		np_emit(out, &event);
}

static void
np_end_map(NpYamlOut *out)
{
	yaml_event_t event;
	yaml_mapping_end_event_initialize(&event);
	np_emit(out, &event);
}

static void
np_begin_list(NpYamlOut *out, gboolean flow)
{
	yaml_event_t event;
	if (!yaml_sequence_start_event_initialize(&event,
	                                          NULL,
	                                          NULL,
	                                          1,
	                                          flow ? YAML_FLOW_SEQUENCE_STYLE
	                                               : YAML_BLOCK_SEQUENCE_STYLE))
		out->failed = TRUE;
	else
		np_emit(out, &event);
}

static void
np_end_list(NpYamlOut *out)
{
	yaml_event_t event;
	yaml_sequence_end_event_initialize(&event);
	np_emit(out, &event);
}

/* ------------------------------------------------------ hyperv: maps */

static gboolean
np_json_is_scalar(const cJSON *item)
{
	return !cJSON_IsObject(item) && !cJSON_IsArray(item);
}

/* a JSON value as YAML the loader turns back into the same JSON: objects
 * in block style (one-line flow inside lists), lists of scalars on one
 * line */
static void
np_json_emit(NpYamlOut *out, const cJSON *item, gboolean flow)
{
	const cJSON *child;

	if (cJSON_IsObject(item)) {
		np_begin_map(out, flow || item->child == NULL);
		cJSON_ArrayForEach (child, item) {
			np_key(out, child->string);
			np_json_emit(out, child, flow);
		}
		np_end_map(out);
	} else if (cJSON_IsArray(item)) {
		gboolean scalars = TRUE;
		cJSON_ArrayForEach (child, item)
			scalars = scalars && np_json_is_scalar(child);
		np_begin_list(out, flow || scalars);
		cJSON_ArrayForEach (child, item)
			np_json_emit(out, child, TRUE);
		np_end_list(out);
	} else if (cJSON_IsString(item)) {
		np_string(out, item->valuestring);
	} else if (cJSON_IsRaw(item) || (cJSON_IsNumber(item) && item->valuestring != NULL)) {
		/* the number's literal, as the reader kept it */
		np_plain(out, item->valuestring);
	} else if (cJSON_IsNumber(item)) {
		g_autoptr(NpValue) value = np_json_to_value(item);
		np_plain(out, value->str);
	} else if (cJSON_IsBool(item)) {
		np_plain(out, cJSON_IsTrue(item) ? "true" : "false");
	} else {
		np_plain(out, "null");
	}
}

static gboolean
np_hyperv_emit(NpYamlOut *out, const gchar *json, GError **error)
{
	g_autoptr(cJSON) root = np_json_parse(json, strlen(json), "hyperv", error);
	if (root == NULL)
		return FALSE;
	np_key(out, "hyperv");
	np_json_emit(out, root, FALSE);
	return TRUE;
}

/* ---------------------------------------------------------- sections */

static void
np_props_emit(NpYamlOut *out, const gchar *key, const NpProps *props)
{
	if (props == NULL || np_props_get_size(props) == 0)
		return;
	np_key(out, key);
	np_begin_map(out, TRUE);
	for (guint i = 0; i < np_props_get_size(props); i++) {
		np_string(out, np_props_get_key(props, i));
		np_string(out, np_props_get_value(props, i)->str);
	}
	np_end_map(out);
}

static void
np_settings_emit(NpYamlOut *out, const NpSettings *settings)
{
	NpSettings defaults;
	gboolean open = FALSE;

	np_settings_init(&defaults);
	for (const gchar *const *key = np_settings_get_keys(); *key != NULL; key++) {
		g_autofree gchar *value = np_settings_get(settings, *key);
		g_autofree gchar *fallback = np_settings_get(&defaults, *key);
		if (g_strcmp0(value, fallback) == 0)
			continue;
		if (!open) {
			np_key(out, "settings");
			np_begin_map(out, FALSE);
			open = TRUE;
		}
		np_key(out, *key);
		np_plain(out, value);
	}
	if (open)
		np_end_map(out);
}

static gboolean
np_host_emit(NpYamlOut *out, const NpHost *host, GError **error)
{
	np_begin_map(out, FALSE);
	np_key(out, "name");
	np_string(out, host->name);
	for (const gchar *const *key = np_settings_get_keys(); *key != NULL; key++) {
		g_autofree gchar *value =
		    np_host_settings_get(&host->settings, host->overridden, *key);
		if (value == NULL)
			continue;
		np_key(out, *key);
		np_plain(out, value);
	}
	np_key(out, "nodes");
	np_begin_list(out, FALSE);
	for (guint i = 0; i < host->nodes->len; i++) {
		const NpNodeSpec *node = &g_array_index(host->nodes, NpNodeSpec, i);
		np_begin_map(out, TRUE);
		np_key(out, "id");
		np_int(out, node->id);
		np_key(out, "cpus");
		np_int(out, node->cpus);
		np_key(out, "memory_mb");
		np_int(out, node->memory_mb);
		np_key(out, "reserved_mb");
		np_int(out, node->reserved_mb);
		np_end_map(out);
	}
	np_end_list(out);
	if (host->hyperv_json != NULL && !np_hyperv_emit(out, host->hyperv_json, error))
		return FALSE;
	np_end_map(out);
	return TRUE;
}

static void
np_dynamic_memory_emit(NpYamlOut *out, const NpDynamicMemory *dm)
{
	const struct {
		const gchar *key;
		gint64 value;
	} fields[] = {
	    {"startup_mb", dm->startup_mb},
	    {"minimum_mb", dm->minimum_mb},
	    {"maximum_mb", dm->maximum_mb},
	    {"buffer_percent", dm->buffer_percent},
	};

	np_key(out, "dynamic_memory");
	np_begin_map(out, TRUE);
	/* 0 is "the default", which the file says by leaving the key out */
	for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
		if (fields[i].value == 0)
			continue;
		np_key(out, fields[i].key);
		np_int(out, fields[i].value);
	}
	np_end_map(out);
}

static gboolean
np_event_emit(NpYamlOut *out, const NpEvent *event, GError **error)
{
	if (event->type != NP_EVENT_BOOT || event->expect_json != NULL) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_UNSUPPORTED,
		            "event %u: only boot events without expect: can be written",
		            event->index);
		return FALSE;
	}
	np_begin_map(out, FALSE);
	np_key(out, "boot");
	np_begin_map(out, FALSE);
	np_key(out, "name");
	np_string(out, event->vm);
	np_key(out, "flavor");
	np_string(out, event->flavor);
	if (event->image != NULL) {
		np_key(out, "image");
		np_string(out, event->image);
	}
	if (event->count != 0) {
		np_key(out, "count");
		np_int(out, event->count);
	}
	if (event->host != NULL) {
		np_key(out, "host");
		np_string(out, event->host);
	}
	if (event->dynamic_memory.enabled)
		np_dynamic_memory_emit(out, &event->dynamic_memory);
	if (event->hyperv_json != NULL && !np_hyperv_emit(out, event->hyperv_json, error))
		return FALSE;
	np_end_map(out);
	np_end_map(out);
	return TRUE;
}

static gboolean
np_scenario_emit(NpYamlOut *out, const NpScenario *scenario, GError **error)
{
	yaml_event_t event;

	yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
	np_emit(out, &event);
	yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1);
	np_emit(out, &event);
	np_begin_map(out, FALSE);
	np_key(out, "numaplan");
	np_plain(out, "1");
	np_key(out, "name");
	np_string(out, scenario->name);
	np_settings_emit(out, &scenario->settings);
	np_key(out, "hosts");
	np_begin_list(out, FALSE);
	for (guint i = 0; i < scenario->hosts->len; i++) {
		if (!np_host_emit(out, g_ptr_array_index(scenario->hosts, i), error))
			return FALSE;
	}
	np_end_list(out);
	if (scenario->flavors->len > 0) {
		np_key(out, "flavors");
		np_begin_map(out, FALSE);
		for (guint i = 0; i < scenario->flavors->len; i++) {
			const NpFlavor *flavor = g_ptr_array_index(scenario->flavors, i);
			np_key(out, flavor->name);
			np_begin_map(out, TRUE);
			np_key(out, "vcpus");
			np_int(out, flavor->vcpus);
			np_key(out, "memory_mb");
			np_int(out, flavor->memory_mb);
			np_props_emit(out, "extra_specs", flavor->extra_specs);
			np_end_map(out);
		}
		np_end_map(out);
	}
	if (scenario->images->len > 0) {
		np_key(out, "images");
		np_begin_map(out, FALSE);
		for (guint i = 0; i < scenario->images->len; i++) {
			const NpImage *image = g_ptr_array_index(scenario->images, i);
			np_key(out, image->name);
			np_begin_map(out, TRUE);
			np_props_emit(out, "properties", image->properties);
			np_end_map(out);
		}
		np_end_map(out);
	}
	if (scenario->events->len > 0) {
		np_key(out, "events");
		np_begin_list(out, FALSE);
		for (guint i = 0; i < scenario->events->len; i++) {
			if (!np_event_emit(out, g_ptr_array_index(scenario->events, i), error))
				return FALSE;
		}
		np_end_list(out);
	}
	np_end_map(out);
	yaml_document_end_event_initialize(&event, 1);
	np_emit(out, &event);
	yaml_stream_end_event_initialize(&event);
	np_emit(out, &event);
	return TRUE;
}

gchar *
np_scenario_write_yaml(const NpScenario *scenario, const gchar *header, GError **error)
{
	g_autoptr(GString) text = g_string_new(NULL);
	NpYamlOut out = {.out = text};
	gboolean ok;

	g_return_val_if_fail(scenario != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (scenario->expect_json != NULL || scenario->sweep != NULL) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_UNSUPPORTED,
		                    "a scenario with expect: or sweep: cannot be written");
		return NULL;
	}
	if (header != NULL) {
		g_auto(GStrv) lines = g_strsplit(header, "\n", -1);
		for (guint i = 0; lines[i] != NULL; i++)
			g_string_append_printf(text,
			                       lines[i][0] != '\0' ? "# %s\n" : "#\n",
			                       lines[i]);
	}
	if (!yaml_emitter_initialize(&out.emitter)) {
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, "cannot start the YAML emitter");
		return NULL;
	}
	yaml_emitter_set_output(&out.emitter, np_yaml_write, &out);
	yaml_emitter_set_unicode(&out.emitter, 1);
	yaml_emitter_set_indent(&out.emitter, 2);
	yaml_emitter_set_width(&out.emitter, -1);
	yaml_emitter_set_break(&out.emitter, YAML_LN_BREAK);
	ok = np_scenario_emit(&out, scenario, error);
	if (ok && !out.failed && !yaml_emitter_flush(&out.emitter))
		out.failed = TRUE;
	if (ok && out.failed)
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_INVALID,
		            "writing YAML failed: %s",
		            out.emitter.problem != NULL ? out.emitter.problem : "emitter error");
	yaml_emitter_delete(&out.emitter);
	if (!ok || out.failed)
		return NULL;
	return g_string_free(g_steal_pointer(&text), FALSE);
}
