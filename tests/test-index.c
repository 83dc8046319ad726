/* The scheduler's indexes give exactly the full scan's answers: random
 * clusters and events, replayed once with the indexes and once scanning
 * every host (np_engine_set_scan), must give byte-identical JSON reports —
 * for every weigher of rules.md §3, ties included. The same holds for
 * capacity questions: answered host by host where that is exact, by the
 * trial loop in the reference mode.
 *
 *   test-index [SCENARIOS [SEED]]     (default 300 scenarios, seed 1)
 */
#include <stdio.h>
#include <stdlib.h>

#include "np-engine-private.h"
#include "np-error.h"
#include "np-report.h"

static guint64
np_rand(guint64 *state)
{
	/* SplitMix64: a small, fixed generator for the test's own choices */
	guint64 z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static guint
np_below(guint64 *state, guint n)
{
	return (guint)(np_rand(state) % n);
}

static NpHost *
np_random_host(guint64 *state, const gchar *name)
{
	NpHost *host = np_host_new(name);
	guint nodes = 1 + np_below(state, 4);
	for (guint n = 0; n < nodes; n++)
		np_host_add_node(host,
		                 n,
		                 2 + 2 * np_below(state, 8),
		                 8192 * (1 + np_below(state, 8)),
		                 np_below(state, 4) == 0 ? 1024 * np_below(state, 4) : 0);
	if (np_below(state, 4) == 0) {
		static const gchar *ratios[] = {"0.5", "1.0", "1.5", "2.0", "4.0", "16.0"};
		np_host_set(host, "cpu_allocation_ratio", ratios[np_below(state, 6)], NULL);
		np_host_set(host, "ram_allocation_ratio", ratios[np_below(state, 4)], NULL);
	}
	if (np_below(state, 5) == 0)
		np_host_set(host, "numa_spanning", "false", NULL);
	if (np_below(state, 8) == 0)
		np_host_set(host, "max_vnuma_vcpus", "4", NULL);
	return host;
}

static NpScenario *
np_random_scenario(guint64 *state, guint number)
{
	static const gchar *weighers[] = {"spread", "pack", "nova"};
	static const gchar *multipliers[] = {"1.0", "0.0", "-1.0", "2.5", "0.25", "-3.0"};
	static const gchar *backings[] = {"most-free", "best-fit", "first-fit"};
	g_autofree gchar *name = g_strdup_printf("random-%u", number);
	NpScenario *scenario = np_scenario_new(name);
	NpSettings *settings = np_scenario_get_settings(scenario);
	guint hosts = 2 + np_below(state, 40);
	guint added = 0;
	GPtrArray *live = g_ptr_array_new_with_free_func(g_free);
	guint booted = 0;

	np_settings_set(settings, "weigher", weighers[np_below(state, 3)], NULL);
	if (np_below(state, 2) == 0) {
		np_settings_set(settings,
		                "ram_weight_multiplier",
		                multipliers[np_below(state, 6)],
		                NULL);
		np_settings_set(settings,
		                "cpu_weight_multiplier",
		                multipliers[np_below(state, 6)],
		                NULL);
		np_settings_set(settings,
		                "build_failure_weight_multiplier",
		                np_below(state, 2) ? "1000000.0" : "0.0",
		                NULL);
	}
	np_settings_set(settings, "backing", backings[np_below(state, 3)], NULL);
	if (np_below(state, 3) == 0)
		np_settings_set(settings, "ram_allocation_ratio", "1.5", NULL);
	if (np_below(state, 4) == 0)
		np_settings_set(settings, "numa_cells", "pack", NULL);
	for (guint h = 0; h < hosts; h++) {
		g_autofree gchar *host_name = g_strdup_printf("h%03u", h);
		np_scenario_add_host(scenario, np_random_host(state, host_name));
	}
	for (guint f = 0; f < 8; f++) {
		g_autofree gchar *flavor_name = g_strdup_printf("f%u", f);
		gint64 vcpus = 1 << np_below(state, 4);
		NpFlavor *flavor =
		    np_flavor_new(flavor_name, vcpus, 1024 * (1 + np_below(state, 24)));
		if (f % 3 == 1 && vcpus >= 2)
			np_flavor_set_extra_spec(flavor,
			                         "hw:numa_nodes",
			                         vcpus >= 4 && f % 2 ? "4" : "2");
		else if (f == 6)
			np_flavor_set_extra_spec(flavor, "hw:numa_nodes", "1");
		np_scenario_add_flavor(scenario, flavor);
	}
	for (guint e = 0; e < 60 + np_below(state, 200); e++) {
		guint kind = np_below(state, 20);
		g_autofree gchar *vm = NULL;
		g_autofree gchar *flavor = g_strdup_printf("f%u", np_below(state, 8));
		g_autofree gchar *host = g_strdup_printf("h%03u", np_below(state, hosts));
		if (kind < 10 || live->len == 0) {
			NpEvent *event;
			vm = g_strdup_printf("vm%u", booted++);
			event = np_event_new_boot(vm, flavor);
			if (np_below(state, 8) == 0)
				np_event_set_count(event, 1 + np_below(state, 3));
			else
				g_ptr_array_add(live, g_strdup(vm));
			if (np_below(state, 30) == 0)
				np_event_set_host(event, host);
			np_scenario_add_event(scenario, event);
			continue;
		}
		vm = g_strdup(g_ptr_array_index(live, np_below(state, live->len)));
		switch (kind) {
		case 10:
		case 11:
			np_scenario_add_event(scenario, np_event_new(NP_EVENT_DELETE, vm));
			g_ptr_array_remove_fast(live, vm);
			break;
		case 12:
			np_scenario_add_event(scenario, np_event_new(NP_EVENT_STOP, vm));
			break;
		case 13:
			np_scenario_add_event(scenario, np_event_new(NP_EVENT_START, vm));
			break;
		case 14:
			np_scenario_add_event(scenario, np_event_new_resize(vm, flavor));
			break;
		case 15:
			np_scenario_add_event(scenario, np_event_new_migrate(vm, NULL));
			break;
		case 16:
			np_scenario_add_event(scenario, np_event_new(NP_EVENT_FAIL_HOST, host));
			break;
		case 17:
			np_scenario_add_event(scenario, np_event_new(NP_EVENT_RECOVER_HOST, host));
			break;
		case 18: {
			g_autofree gchar *new_name = g_strdup_printf("added%u", added++);
			np_scenario_add_event(
			    scenario,
			    np_event_new_add_host(np_random_host(state, new_name)));
			break;
		}
		default:
			np_scenario_add_event(scenario, np_event_new_capacity(flavor, NULL));
			break;
		}
	}
	g_ptr_array_unref(live);
	return scenario;
}

static gboolean
np_append(const gchar *data, gsize length, gpointer user_data, GError **error)
{
	g_string_append_len(user_data, data, length);
	return TRUE;
}

static guint np_capacity_questions, np_capacity_shortcuts;

static gchar *
np_replay(const NpScenario *scenario, gboolean scan, GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(NpReport) report = np_report_new(NP_REPORT_JSON, scenario, np_append, out);
	g_autoptr(NpEngine) engine = np_engine_new_for_scenario(scenario, error);

	if (engine == NULL)
		return NULL;
	np_engine_set_scan(engine, scan);
	for (guint i = 0; i < np_scenario_get_n_events(scenario); i++) {
		const NpEvent *event = np_scenario_get_event(scenario, i);
		g_autoptr(NpEventResult) result = np_engine_apply(engine, event, error);
		if (result == NULL || !np_report_add_event(event, result, report, error)
		    || !np_engine_check(engine, error))
			return NULL;
		if (!scan && np_event_get_event_type(event) == NP_EVENT_CAPACITY)
			np_capacity_questions++;
	}
	if (scan && engine->capacity_shortcuts > 0) {
		g_set_error_literal(error,
		                    NP_ERROR,
		                    NP_ERROR_INVALID,
		                    "the reference mode took the shortcut");
		return NULL;
	}
	np_capacity_shortcuts += engine->capacity_shortcuts;
	if (!np_report_finish(report, engine, error))
		return NULL;
	return g_string_free(g_steal_pointer(&out), FALSE);
}

int
main(int argc, char **argv)
{
	guint count = argc > 1 ? (guint)atoi(argv[1]) : 300;
	guint64 state = argc > 2 ? (guint64)g_ascii_strtoull(argv[2], NULL, 10) : 1;
	guint differ = 0, boots = 0;

	for (guint i = 0; i < count; i++) {
		g_autoptr(NpScenario) scenario = np_random_scenario(&state, i);
		g_autoptr(GError) error = NULL;
		g_autofree gchar *indexed = np_replay(scenario, FALSE, &error);
		g_autofree gchar *scanned =
		    indexed != NULL ? np_replay(scenario, TRUE, &error) : NULL;
		if (scanned == NULL) {
			fprintf(stderr, "random-%u: %s\n", i, error->message);
			return 1;
		}
		boots += np_scenario_get_n_events(scenario);
		if (g_strcmp0(indexed, scanned) != 0) {
			fprintf(stderr, "random-%u: the indexes and the scan differ\n", i);
			differ++;
		}
	}
	printf("%u random scenarios, %u events: %u differ between the indexes and the scan\n",
	       count,
	       boots,
	       differ);
	printf("%u capacity questions, %u answered host by host\n",
	       np_capacity_questions,
	       np_capacity_shortcuts);
	/* the shortcut must be exercised, and must not be everything */
	if (np_capacity_shortcuts * 10 < np_capacity_questions
	    || np_capacity_shortcuts == np_capacity_questions) {
		fprintf(stderr, "the capacity shortcut is not exercised as expected\n");
		return 1;
	}
	return differ > 0 ? 1 : 0;
}
