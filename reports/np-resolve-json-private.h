/* numaplan — `resolve` cases read once and decided many times (bench/) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _NpResolveCase NpResolveCase;

/* a case from one JSON line; NULL with @error for a line `resolve` would
 * answer with an error */
NpResolveCase *np_resolve_case_read(const gchar *line, GError **error);
void np_resolve_case_free(NpResolveCase *c);
/* the decision alone — numa_get_constraints, the Hyper-V driver and the
 * NUMA fit with the host's limits — without reading or writing JSON;
 * returns a digest so the work cannot be optimised away */
guint np_resolve_case_decide(const NpResolveCase *c);

G_END_DECLS
