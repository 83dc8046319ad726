/* numaplan — an I/O failure as a GError (inside the project only) */
#pragma once

#include <glib.h>

#include "np-error.h"

/* NP_ERROR_IO "WHAT: errno's text"; @saved_errno taken right after the
 * failing call */
static inline void
np_set_io_error(GError **error, const gchar *what, gint saved_errno)
{
	g_set_error(error, NP_ERROR, NP_ERROR_IO, "%s: %s", what, g_strerror(saved_errno));
}
