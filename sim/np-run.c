/* A whole scenario, one event after another: the one replay loop, under
 * np_sim_run() and the reports' np_report_run() */
#include "np-engine-private.h"

/**
 * np_sim_replay:
 * @engine: built for @scenario (np_engine_new_for_scenario())
 * @step: (nullable): called after each event with the engine in its new
 *   state; the result is freed when it returns
 *
 * Applies @scenario's events to @engine in order, checking the books after
 * each when @flags say so.
 *
 * Returns: FALSE with @error (a broken invariant is %NP_ERROR_INVALID, a
 * bug), or whatever @step set
 */
gboolean
np_sim_replay(NpEngine *engine,
              const NpScenario *scenario,
              NpRunFlags flags,
              NpStepFunc step,
              gpointer user_data,
              GError **error)
{
	for (guint i = 0; i < scenario->events->len; i++) {
		const NpEvent *event = g_ptr_array_index(scenario->events, i);
		g_autoptr(NpEventResult) result = np_engine_apply(engine, event, error);
		if (result == NULL)
			return FALSE;
		if ((flags & NP_RUN_CHECK_INVARIANTS) && !np_engine_check(engine, error)) {
			g_prefix_error(error,
			               "internal error after event %u (%s): ",
			               event->index,
			               np_event_type_to_string(event->type));
			return FALSE;
		}
		if (step != NULL && !step(engine, event, i, result, user_data, error))
			return FALSE;
	}
	return TRUE;
}

typedef struct {
	NpResultFunc func;
	gpointer user_data;
} NpRunStep;

static gboolean
np_run_step(const NpEngine *engine,
            const NpEvent *event,
            guint index,
            const NpEventResult *result,
            gpointer data,
            GError **error)
{
	NpRunStep *step = data;
	return step->func(event, result, step->user_data, error);
}

/**
 * np_sim_run:
 * @scenario: a scenario, loaded or built in code
 * @flags: %NP_RUN_CHECK_INVARIANTS to check the books after every event
 * @func: (nullable): called with each event's result as it happens; the
 *   result is freed when it returns
 * @user_data: for @func
 * @error: as np_scenario_validate(); %NP_ERROR_INVALID for a broken
 *   invariant (a bug); whatever @func sets
 *
 * Validates @scenario, then applies its events in order.
 *
 * Returns: (transfer full): the engine in its state after the last event,
 * or %NULL on error
 */
NpEngine *
np_sim_run(const NpScenario *scenario,
           NpRunFlags flags,
           NpResultFunc func,
           gpointer user_data,
           GError **error)
{
	g_autoptr(NpEngine) engine = NULL;
	NpRunStep step = {func, user_data};

	g_return_val_if_fail(scenario != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);
	engine = np_engine_new_for_scenario(scenario, error);
	if (engine == NULL
	    || !np_sim_replay(engine,
	                      scenario,
	                      flags,
	                      func != NULL ? np_run_step : NULL,
	                      &step,
	                      error))
		return NULL;
	return g_steal_pointer(&engine);
}
