/* numaplan — plan constructors shared by np-plan.c and np-plan-read.c */
#pragma once

#include "np-plan.h"

G_BEGIN_DECLS

NpPlan *np_plan_new(void) G_GNUC_WARN_UNUSED_RESULT;
NpPlanHost *np_plan_host_new(void) G_GNUC_WARN_UNUSED_RESULT;
void np_plan_host_free(NpPlanHost *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpPlanHost, np_plan_host_free)
NpPlanVm *np_plan_vm_new(void) G_GNUC_WARN_UNUSED_RESULT;
void np_plan_vm_free(NpPlanVm *vm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpPlanVm, np_plan_vm_free)

G_END_DECLS
