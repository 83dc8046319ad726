/* numaplan — typed values from text: how a YAML scalar (or a --set value)
 * reads as an integer, a number, a boolean, a name or an enum. The YAML
 * loader, the settings table and the command line share these readers,
 * so a value means the same and fails with the same words everywhere. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	NP_SCALAR_PLAIN,   /* a plain scalar: may read as null, a number, a boolean */
	NP_SCALAR_STRING,  /* quoted, a block scalar or !!str: always a string */
	NP_SCALAR_LIST,    /* not a scalar: a YAML sequence */
	NP_SCALAR_MAPPING, /* not a scalar: a YAML mapping */
} NpScalarKind;

typedef struct {
	NpScalarKind kind;
	const gchar *text; /* NULL unless a scalar */
} NpScalar;

/* "a list", "a mapping", "a string", "nothing" or "'TEXT'" (transfer full) */
gchar *np_scalar_describe(const NpScalar *value) G_GNUC_WARN_UNUSED_RESULT;
/* a plain scalar YAML reads as null ("", ~, null) */
gboolean np_scalar_is_null(const NpScalar *value);

/* Each reader gives TRUE and the value, or FALSE and *@message, a sentence
 * starting with @key ("KEY: expected an integer, got a string"). */
gboolean np_scalar_read_int(const NpScalar *value,
                            const gchar *key,
                            gint64 minimum,
                            gint64 maximum,
                            gint64 *out,
                            gchar **message);
/* a finite number; with @positive, > 0 */
gboolean np_scalar_read_number(const NpScalar *value,
                               const gchar *key,
                               gboolean positive,
                               gdouble *out,
                               gchar **message);
gboolean
np_scalar_read_bool(const NpScalar *value, const gchar *key, gboolean *out, gchar **message);
/* any scalar but null or empty */
gboolean
np_scalar_read_name(const NpScalar *value, const gchar *key, const gchar **out, gchar **message);
/* one of @n @names: "expected a, b or c, got 'x'; did you mean 'y'?" */
gboolean np_scalar_read_enum(const NpScalar *value,
                             const gchar *key,
                             const gchar *const *names,
                             guint n,
                             guint *out,
                             gchar **message);

G_END_DECLS
