/* libFuzzer harness: a plan document as `apply` and `apply --emit
 * powershell` read it (hyperv/np-plan-read.c, through the JSON reader's
 * limits). A plan that reads is written back, read again and written
 * again: the two writes must be the same bytes (what apply reads is what
 * plan wrote), and the PowerShell script is produced from it. */
#include <string.h>

#include "np-fuzz.h"
#include "np-plan.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) again_error = NULL;
	g_autoptr(NpPlan) plan = np_plan_parse((const gchar *)data, size, "fuzz.plan.json", &error);
	g_autoptr(NpPlan) again = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *json_again = NULL;
	g_autofree gchar *script = NULL;

	g_assert((plan == NULL) != (error == NULL));
	if (plan == NULL)
		return 0;
	json = np_plan_to_json(plan);
	again = np_plan_parse(json, strlen(json), "written.plan.json", &again_error);
	if (again == NULL) {
		/* abort (as g_assert does), which libFuzzer catches; g_error traps */
		g_printerr("a plan written back does not read: %s\n%s\n",
		           again_error->message,
		           json);
		g_assert_not_reached();
	}
	json_again = np_plan_to_json(again);
	g_assert_cmpstr(json, ==, json_again);
	script = np_plan_to_powershell(plan, "fuzz.plan.json");
	g_assert(script != NULL);
	return 0;
}
