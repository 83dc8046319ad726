#include "np-plan.h"

gchar *
np_plan_to_powershell(const NpPlan *plan, const gchar *plan_path)
{
	return g_strdup("# TODO\n");
}
