/* numaplan — reading input files with a size limit */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the file's bytes, refusing (NP_ERROR_INVALID) more than @limit bytes
 * or anything but a regular file before reading; NP_ERROR_IO with
 * errno's text (np-file.c) */
GByteArray *
np_read_limited(const gchar *path, gsize limit, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
