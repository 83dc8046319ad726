/* numaplan — the Hyper-V adapter (import and apply); see hyperv/README.md */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when this build can talk WS-Management to live hosts */
gboolean np_hyperv_has_wsman(void);

G_END_DECLS
