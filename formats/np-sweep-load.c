/* The `sweep:` section from YAML: see np-sweep-load-private.h. The
 * messages are the scenario loader's (np-scenario-load.c): the same
 * readers (model/np-scalar.c) and the same sentences for keys. */
#include <string.h>

#include "np-enum-private.h"
#include "np-error.h"
#include "np-scalar-private.h"
#include "np-sweep-load-private.h"

typedef struct {
	const NpYTree *tree;
	const gchar *path;
} NpSweepReader;

static const gchar *const np_sweep_keys[] = {"horizon_hours",
                                             "warmup_hours",
                                             "arrivals",
                                             "host_failures",
                                             NULL};
static const gchar *const np_stream_keys[] = {"flavor",
                                              "per_hour",
                                              "lifetime_hours",
                                              "image",
                                              NULL};
static const gchar *const np_failure_keys[] = {"per_host_per_year", "repair_hours", NULL};

static NpPos
np_at(const NpYNode *node)
{
	return (NpPos){node->line, node->column};
}

static gboolean G_GNUC_PRINTF(4, 5) np_sweep_fail(const NpSweepReader *r,
                                                  const NpYNode *at,
                                                  GError **error,
                                                  const gchar *format,
                                                  ...)
{
	va_list args;
	va_start(args, format);
	np_error_at_va(error, NP_ERROR_INVALID, r->path, np_at(at), format, args);
	va_end(args);
	return FALSE;
}

static NpScalar
np_scalar_of(const NpYNode *node)
{
	NpScalar scalar = {NP_SCALAR_PLAIN, NULL};
	if (node->kind == NP_YNODE_SEQUENCE)
		scalar.kind = NP_SCALAR_LIST;
	else if (node->kind == NP_YNODE_MAPPING)
		scalar.kind = NP_SCALAR_MAPPING;
	else {
		scalar.kind = node->quoted ? NP_SCALAR_STRING : NP_SCALAR_PLAIN;
		scalar.text = node->text;
	}
	return scalar;
}

static guint
np_length(const NpYNode *node)
{
	if (node->kind == NP_YNODE_SCALAR)
		return 0;
	return node->kind == NP_YNODE_MAPPING ? node->children.count / 2 : node->children.count;
}

static const NpYNode *
np_key(const NpSweepReader *r, const NpYNode *map, guint i)
{
	return np_ytree_child(r->tree, map, 2 * i);
}

static const NpYNode *
np_value(const NpSweepReader *r, const NpYNode *map, guint i)
{
	return np_ytree_child(r->tree, map, 2 * i + 1);
}

static const NpYNode *
np_get(const NpSweepReader *r, const NpYNode *map, const gchar *key)
{
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *k = np_key(r, map, i);
		if (k->kind == NP_YNODE_SCALAR && strcmp(k->text, key) == 0)
			return np_value(r, map, i);
	}
	return NULL;
}

static gboolean
np_require_kind(const NpSweepReader *r,
                const NpYNode *node,
                NpYNodeKind kind,
                const gchar *what,
                GError **error)
{
	NpScalar scalar;
	g_autofree gchar *described = NULL;

	if (node->kind == kind)
		return TRUE;
	scalar = np_scalar_of(node);
	described = np_scalar_describe(&scalar);
	return np_sweep_fail(r,
	                     node,
	                     error,
	                     "%s: expected %s, got %s",
	                     what,
	                     kind == NP_YNODE_MAPPING ? "a mapping" : "a list",
	                     described);
}

/* every key of @map is one of @known */
static gboolean
np_check_keys(const NpSweepReader *r,
              const NpYNode *map,
              const gchar *section,
              const gchar *const *known,
              GError **error)
{
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_key(r, map, i);
		g_autofree gchar *shown = NULL;
		g_autofree gchar *list = NULL;
		const gchar *suggestion;

		if (key->kind != NP_YNODE_SCALAR) {
			NpScalar scalar = np_scalar_of(key);
			g_autofree gchar *described = np_scalar_describe(&scalar);
			return np_sweep_fail(r,
			                     key,
			                     error,
			                     "a key in %s must be a scalar, not %s",
			                     section,
			                     described);
		}
		if (g_strv_contains(known, key->text))
			continue;
		if (strcmp(key->text, "<<") == 0 && !key->quoted)
			return np_sweep_fail(r,
			                     key,
			                     error,
			                     "merge keys ('<<') are not supported in %s; alias the "
			                     "whole value instead",
			                     section);
		shown = np_show_text(key->text);
		suggestion = np_suggest(key->text, known, -1);
		if (suggestion != NULL)
			return np_sweep_fail(r,
			                     key,
			                     error,
			                     "unknown key '%s' in %s; did you mean '%s'?",
			                     shown,
			                     section,
			                     suggestion);
		list = g_strjoinv(", ", (gchar **)known);
		return np_sweep_fail(r,
		                     key,
		                     error,
		                     "unknown key '%s' in %s (known keys: %s)",
		                     shown,
		                     section,
		                     list);
	}
	return TRUE;
}

static const NpYNode *
np_require(const NpSweepReader *r,
           const NpYNode *map,
           const gchar *key,
           const gchar *section,
           GError **error)
{
	const NpYNode *value = np_get(r, map, key);
	if (value == NULL)
		np_sweep_fail(r, map, error, "missing '%s' in %s", key, section);
	return value;
}

/* a number; @positive: > 0, else >= 0 */
static gboolean
np_read_hours(const NpSweepReader *r,
              const NpYNode *value,
              const gchar *key,
              gboolean positive,
              gdouble *out,
              NpPos *pos,
              GError **error)
{
	NpScalar scalar = np_scalar_of(value);
	g_autofree gchar *message = NULL;

	*pos = np_at(value);
	if (!np_scalar_read_number(&scalar, key, positive, out, &message))
		return np_sweep_fail(r, value, error, "%s", message);
	if (*out < 0) {
		g_autofree gchar *shown = np_show_text(value->text);
		return np_sweep_fail(r,
		                     value,
		                     error,
		                     "%s: must not be negative (got %s)",
		                     key,
		                     shown);
	}
	return TRUE;
}

static gboolean
np_read_name(const NpSweepReader *r,
             const NpYNode *value,
             const gchar *key,
             gchar **out,
             NpPos *pos,
             GError **error)
{
	NpScalar scalar = np_scalar_of(value);
	g_autofree gchar *message = NULL;
	const gchar *name = NULL;

	if (!np_scalar_read_name(&scalar, key, &name, &message))
		return np_sweep_fail(r, value, error, "%s", message);
	*out = g_strdup(name);
	*pos = np_at(value);
	return TRUE;
}

static gboolean
np_load_stream(const NpSweepReader *r,
               const NpYNode *item,
               guint index,
               NpSweepSpec *spec,
               GError **error)
{
	g_autofree gchar *section = g_strdup_printf("sweep.arrivals[%u]", index);
	NpSweepStream stream = {0};
	const NpYNode *value;
	gboolean ok;

	if (!np_require_kind(r, item, NP_YNODE_MAPPING, section, error)
	    || !np_check_keys(r, item, section, np_stream_keys, error))
		return FALSE;
	stream.pos = np_at(item);
	ok = (value = np_require(r, item, "flavor", section, error)) != NULL
	     && np_read_name(r, value, "flavor", &stream.flavor, &stream.flavor_pos, error)
	     && (value = np_require(r, item, "per_hour", section, error)) != NULL
	     && np_read_hours(r,
	                      value,
	                      "per_hour",
	                      TRUE,
	                      &stream.per_hour,
	                      &stream.per_hour_pos,
	                      error)
	     && (value = np_require(r, item, "lifetime_hours", section, error)) != NULL
	     && np_read_hours(r,
	                      value,
	                      "lifetime_hours",
	                      TRUE,
	                      &stream.lifetime_hours,
	                      &stream.lifetime_pos,
	                      error)
	     && ((value = np_get(r, item, "image")) == NULL
	         || np_read_name(r, value, "image", &stream.image, &stream.image_pos, error));
	if (!ok) {
		g_free(stream.flavor);
		g_free(stream.image);
		return FALSE;
	}
	np_sweep_spec_add_stream(spec, &stream);
	return TRUE;
}

static gboolean
np_load_failures(const NpSweepReader *r, const NpYNode *map, NpSweepSpec *spec, GError **error)
{
	const gchar *section = "sweep.host_failures";
	const NpYNode *value;

	if (!np_require_kind(r, map, NP_YNODE_MAPPING, section, error)
	    || !np_check_keys(r, map, section, np_failure_keys, error))
		return FALSE;
	spec->host_failures = TRUE;
	spec->failures_pos = np_at(map);
	return (value = np_require(r, map, "per_host_per_year", section, error)) != NULL
	       && np_read_hours(r,
	                        value,
	                        "per_host_per_year",
	                        FALSE,
	                        &spec->per_host_per_year,
	                        &spec->per_year_pos,
	                        error)
	       && (value = np_require(r, map, "repair_hours", section, error)) != NULL
	       && np_read_hours(r,
	                        value,
	                        "repair_hours",
	                        TRUE,
	                        &spec->repair_hours,
	                        &spec->repair_pos,
	                        error);
}

gboolean
np_sweep_load(const NpYTree *tree,
              const NpYNode *node,
              const gchar *path,
              NpScenario *scenario,
              GError **error)
{
	NpSweepReader reader = {tree, path};
	const NpSweepReader *r = &reader;
	g_autoptr(NpSweepSpec) spec = np_sweep_spec_new();
	const NpYNode *value, *arrivals;

	if (!np_require_kind(r, node, NP_YNODE_MAPPING, "sweep", error)
	    || !np_check_keys(r, node, "sweep", np_sweep_keys, error))
		return FALSE;
	spec->pos = np_at(node);
	if ((value = np_require(r, node, "horizon_hours", "sweep", error)) == NULL
	    || !np_read_hours(r,
	                      value,
	                      "horizon_hours",
	                      TRUE,
	                      &spec->horizon_hours,
	                      &spec->horizon_pos,
	                      error))
		return FALSE;
	spec->warmup_pos = spec->pos;
	if ((value = np_get(r, node, "warmup_hours")) != NULL
	    && !np_read_hours(r,
	                      value,
	                      "warmup_hours",
	                      FALSE,
	                      &spec->warmup_hours,
	                      &spec->warmup_pos,
	                      error))
		return FALSE;
	if ((arrivals = np_require(r, node, "arrivals", "sweep", error)) == NULL
	    || !np_require_kind(r, arrivals, NP_YNODE_SEQUENCE, "sweep.arrivals", error))
		return FALSE;
	spec->arrivals_pos = np_at(arrivals);
	for (guint i = 0; i < np_length(arrivals); i++) {
		if (!np_load_stream(r, np_ytree_child(tree, arrivals, i), i, spec, error))
			return FALSE;
	}
	if ((value = np_get(r, node, "host_failures")) != NULL
	    && !np_load_failures(r, value, spec, error))
		return FALSE;
	if (!np_sweep_spec_validate(spec, scenario, error))
		return FALSE;
	np_scenario_set_sweep(scenario, g_steal_pointer(&spec));
	return TRUE;
}
