/* A scenario's `sweep:` section and its checks: see np-sweep-private.h */
#include <math.h>
#include <string.h>

#include "np-enum-private.h"
#include "np-error.h"
#include "np-sweep-spec-private.h"

static void
np_sweep_stream_clear(gpointer data)
{
	NpSweepStream *stream = data;
	g_free(stream->flavor);
	g_free(stream->image);
}

NpSweepSpec *
np_sweep_spec_new(void)
{
	NpSweepSpec *spec = g_new0(NpSweepSpec, 1);
	spec->streams = g_array_new(FALSE, TRUE, sizeof(NpSweepStream));
	g_array_set_clear_func(spec->streams, np_sweep_stream_clear);
	return spec;
}

void
np_sweep_spec_free(NpSweepSpec *spec)
{
	if (spec == NULL)
		return;
	g_array_unref(spec->streams);
	g_free(spec);
}

void
np_sweep_spec_add_stream(NpSweepSpec *spec, const NpSweepStream *stream)
{
	g_array_append_vals(spec->streams, stream, 1);
}

const NpSweepSpec *
np_scenario_get_sweep(const NpScenario *scenario)
{
	return scenario->sweep;
}

void
np_scenario_set_sweep(NpScenario *scenario, NpSweepSpec *spec)
{
	if (scenario->sweep != NULL && scenario->sweep_free != NULL)
		scenario->sweep_free(scenario->sweep);
	scenario->sweep = spec;
	scenario->sweep_free = (GDestroyNotify)np_sweep_spec_free;
}

gboolean
np_sweep_is_reserved_name(const gchar *name)
{
	const gchar *digits;
	if (!g_str_has_prefix(name, "sweep-"))
		return FALSE;
	digits = name + strlen("sweep-");
	return digits[0] >= '1' && digits[0] <= '9'
	       && strspn(digits, "0123456789") == strlen(digits);
}

static gboolean G_GNUC_PRINTF(4, 5)
    np_sweep_fail(const NpScenario *scenario, NpPos at, GError **error, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	if (scenario->path != NULL)
		return np_error_at(error, NP_ERROR_INVALID, scenario->path, at, "%s", message);
	return np_error_at(error, NP_ERROR_INVALID, NULL, NP_POS_NONE, "sweep: %s", message);
}

/* "unknown flavor 'x'; did you mean 'y'?", as for events */
static gboolean
np_sweep_unknown(const NpScenario *scenario,
                 NpPos at,
                 const gchar *kind,
                 const gchar *name,
                 const GPtrArray *names,
                 GError **error)
{
	g_autofree gchar *shown = np_show_text(name);
	const gchar *suggestion =
	    np_suggest(name, (const gchar *const *)names->pdata, (gint)names->len);

	if (suggestion != NULL) {
		g_autofree gchar *suggested = np_show_text(suggestion);
		return np_sweep_fail(scenario,
		                     at,
		                     error,
		                     "unknown %s '%s'; did you mean '%s'?",
		                     kind,
		                     shown,
		                     suggested);
	}
	return np_sweep_fail(scenario, at, error, "unknown %s '%s'", kind, shown);
}

static gboolean
np_sweep_unknown_flavor(const NpScenario *scenario, const NpSweepStream *s, GError **error)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	for (guint i = 0; i < scenario->flavors->len; i++)
		g_ptr_array_add(names, ((NpFlavor *)g_ptr_array_index(scenario->flavors, i))->name);
	return np_sweep_unknown(scenario, s->flavor_pos, "flavor", s->flavor, names, error);
}

static gboolean
np_sweep_unknown_image(const NpScenario *scenario, const NpSweepStream *s, GError **error)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	for (guint i = 0; i < scenario->images->len; i++)
		g_ptr_array_add(names, ((NpImage *)g_ptr_array_index(scenario->images, i))->name);
	return np_sweep_unknown(scenario, s->image_pos, "image", s->image, names, error);
}

/* no VM of the scenario may be called sweep-K: the sweep's own names */
static gboolean
np_sweep_check_names(const NpScenario *scenario, GError **error)
{
	for (guint i = 0; i < scenario->events->len; i++) {
		const NpEvent *event = g_ptr_array_index(scenario->events, i);
		if (event->type != NP_EVENT_BOOT || event->vm == NULL)
			continue;
		if (event->count == 0 && np_sweep_is_reserved_name(event->vm)) {
			g_autofree gchar *shown = np_show_text(event->vm);
			return np_sweep_fail(scenario,
			                     event->vm_pos,
			                     error,
			                     "VM name '%s' is reserved: a sweep names its VMs "
			                     "sweep-1, sweep-2, ...",
			                     shown);
		}
		if (event->count > 0 && strcmp(event->vm, "sweep") == 0)
			return np_sweep_fail(scenario,
			                     event->vm_pos,
			                     error,
			                     "this boot makes 'sweep-1' .. 'sweep-%" G_GINT64_FORMAT
			                     "', names reserved: a sweep names its VMs sweep-1, "
			                     "sweep-2, ...",
			                     event->count);
	}
	return TRUE;
}

/* hosts the scenario defines, added ones included: a bound on the hosts
 * that can fail */
static guint
np_sweep_count_hosts(const NpScenario *scenario)
{
	guint n = scenario->hosts->len;
	for (guint i = 0; i < scenario->events->len; i++) {
		const NpEvent *event = g_ptr_array_index(scenario->events, i);
		if (event->type == NP_EVENT_ADD_HOST && event->new_hosts != NULL)
			n += event->new_hosts->len;
	}
	return n;
}

gboolean
np_sweep_spec_validate(const NpSweepSpec *spec, const NpScenario *scenario, GError **error)
{
	gdouble expected = 0;

	g_return_val_if_fail(spec != NULL && scenario != NULL, FALSE);
	if (!(spec->horizon_hours > 0) || !isfinite(spec->horizon_hours))
		return np_sweep_fail(scenario,
		                     spec->horizon_pos,
		                     error,
		                     "horizon_hours: must be greater than 0 (got %.15g)",
		                     spec->horizon_hours);
	if (!(spec->warmup_hours >= 0))
		return np_sweep_fail(scenario,
		                     spec->warmup_pos,
		                     error,
		                     "warmup_hours: must not be negative (got %.15g)",
		                     spec->warmup_hours);
	if (!(spec->warmup_hours < spec->horizon_hours))
		return np_sweep_fail(scenario,
		                     spec->warmup_pos,
		                     error,
		                     "warmup_hours: must be less than horizon_hours (%.15g), "
		                     "got %.15g",
		                     spec->horizon_hours,
		                     spec->warmup_hours);
	if (spec->streams->len == 0)
		return np_sweep_fail(scenario,
		                     spec->arrivals_pos,
		                     error,
		                     "arrivals: a sweep needs at least one stream");
	for (guint i = 0; i < spec->streams->len; i++) {
		const NpSweepStream *s = &g_array_index(spec->streams, NpSweepStream, i);
		if (s->flavor == NULL)
			return np_sweep_fail(scenario,
			                     s->pos,
			                     error,
			                     "flavor: expected a flavor name");
		if (np_scenario_lookup_flavor(scenario, s->flavor) == NULL)
			return np_sweep_unknown_flavor(scenario, s, error);
		if (s->image != NULL && np_scenario_lookup_image(scenario, s->image) == NULL)
			return np_sweep_unknown_image(scenario, s, error);
		if (!(s->per_hour > 0) || !isfinite(s->per_hour))
			return np_sweep_fail(scenario,
			                     s->per_hour_pos,
			                     error,
			                     "per_hour: must be greater than 0 (got %.15g)",
			                     s->per_hour);
		if (!(s->lifetime_hours > 0) || !isfinite(s->lifetime_hours))
			return np_sweep_fail(scenario,
			                     s->lifetime_pos,
			                     error,
			                     "lifetime_hours: must be greater than 0 (got %.15g)",
			                     s->lifetime_hours);
		expected += s->per_hour * spec->horizon_hours;
	}
	if (!(expected <= NP_SWEEP_MAX_ARRIVALS))
		return np_sweep_fail(
		    scenario,
		    spec->arrivals_pos,
		    error,
		    "arrivals: %.15g boots expected per trial (the sum of per_hour "
		    "x horizon_hours) exceeds the limit of %.0f",
		    expected,
		    NP_SWEEP_MAX_ARRIVALS);
	if (spec->host_failures) {
		gdouble failures;
		if (!(spec->per_host_per_year >= 0) || !isfinite(spec->per_host_per_year))
			return np_sweep_fail(scenario,
			                     spec->per_year_pos,
			                     error,
			                     "per_host_per_year: must not be negative (got %.15g)",
			                     spec->per_host_per_year);
		if (!(spec->repair_hours > 0) || !isfinite(spec->repair_hours))
			return np_sweep_fail(scenario,
			                     spec->repair_pos,
			                     error,
			                     "repair_hours: must be greater than 0 (got %.15g)",
			                     spec->repair_hours);
		failures = np_sweep_count_hosts(scenario) * spec->per_host_per_year
		           / NP_SWEEP_HOURS_PER_YEAR * spec->horizon_hours;
		if (!(failures <= NP_SWEEP_MAX_FAILURES))
			return np_sweep_fail(
			    scenario,
			    spec->per_year_pos,
			    error,
			    "host_failures: %.15g failures expected per trial (hosts "
			    "x per_host_per_year / 8760 x horizon_hours) exceeds the "
			    "limit of %.0f",
			    failures,
			    NP_SWEEP_MAX_FAILURES);
	}
	return np_sweep_check_names(scenario, error);
}
