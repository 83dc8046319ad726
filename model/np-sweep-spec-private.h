/* numaplan — a scenario's `sweep:` section (scenario.md §6): arrival
 * streams, the horizon, host failures, and the limits on what one sweep
 * may ask for */
#pragma once

#include "np-limits.h"
#include "np-scenario-private.h"

G_BEGIN_DECLS

#define NP_SWEEP_HOURS_PER_YEAR 8760.0

/**
 * NpSweepStream:
 * @flavor, @image (nullable): what each boot asks for
 * @per_hour: the Poisson rate of arrivals
 * @lifetime_hours: the mean of the exponential lifetime
 */
typedef struct {
	gchar *flavor;
	gchar *image;
	gdouble per_hour;
	gdouble lifetime_hours;
	NpPos pos;
	NpPos flavor_pos;
	NpPos image_pos;
	NpPos per_hour_pos;
	NpPos lifetime_pos;
} NpSweepStream;

/**
 * NpSweepSpec:
 * @horizon_hours: one trial's simulated time
 * @warmup_hours: the part of it not counted
 * @streams: (element-type NpSweepStream): in file order
 * @host_failures: `host_failures:` given
 * @per_host_per_year, @repair_hours: its values
 */
typedef struct {
	NpPos pos;
	gdouble horizon_hours;
	NpPos horizon_pos;
	gdouble warmup_hours;
	NpPos warmup_pos;
	GArray *streams;
	NpPos arrivals_pos;
	gboolean host_failures;
	gdouble per_host_per_year;
	gdouble repair_hours;
	NpPos failures_pos;
	NpPos per_year_pos;
	NpPos repair_pos;
} NpSweepSpec;

NpSweepSpec *np_sweep_spec_new(void) G_GNUC_WARN_UNUSED_RESULT;
void np_sweep_spec_free(NpSweepSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpSweepSpec, np_sweep_spec_free)
/* @stream's strings are taken over */
void np_sweep_spec_add_stream(NpSweepSpec *spec, const NpSweepStream *stream);

/* the scenario's section, or %NULL */
const NpSweepSpec *np_scenario_get_sweep(const NpScenario *scenario);
/* @spec: (transfer full) (nullable) */
void np_scenario_set_sweep(NpScenario *scenario, NpSweepSpec *spec);

/* the section against its scenario: ranges, the flavors and images it
 * names, no VM of the scenario called sweep-K, the limits above.
 * Positioned like np_scenario_validate() (NP_ERROR_INVALID). */
gboolean
np_sweep_spec_validate(const NpSweepSpec *spec, const NpScenario *scenario, GError **error);

/* TRUE for "sweep-K", K = 1, 2, … written without leading zeros */
gboolean np_sweep_is_reserved_name(const gchar *name);

G_END_DECLS
