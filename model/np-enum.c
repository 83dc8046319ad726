/* Enum tables and "did you mean": see np-enum-private.h */
#include <string.h>

#include "np-enum-private.h"

/* names longer than this get no suggestion (the search is quadratic) */
#define NP_SUGGEST_MAX 64

static const gchar *
np_enum_entry(gconstpointer table, gsize stride, guint i)
{
	return *(const gchar *const *)((const guint8 *)table + (gsize)i * stride);
}

const gchar *
np_enum_name(gconstpointer table, gsize stride, guint n, guint value)
{
	g_return_val_if_fail(value < n, NULL);
	return np_enum_entry(table, stride, value);
}

guint
np_enum_lookup(gconstpointer table, gsize stride, guint n, const gchar *name)
{
	if (name == NULL)
		return n;
	for (guint i = 0; i < n; i++) {
		const gchar *entry = np_enum_entry(table, stride, i);
		if (entry != NULL && strcmp(entry, name) == 0)
			return i;
	}
	return n;
}

gchar *
np_enum_describe(gconstpointer table, gsize stride, guint n)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < n; i++) {
		if (i > 0)
			g_string_append(out, i + 1 == n ? " or " : ", ");
		g_string_append(out, np_enum_entry(table, stride, i));
	}
	return g_string_free(out, FALSE);
}

const gchar *
np_enum_suggest(gconstpointer table, gsize stride, guint n, const gchar *word)
{
	g_autofree const gchar **names = g_new0(const gchar *, n + 1);
	for (guint i = 0; i < n; i++)
		names[i] = np_enum_entry(table, stride, i);
	return np_suggest(word, names, (gint)n);
}

/* optimal string alignment distance, ASCII case ignored: a swap of two
 * neighbours ("wieghter") is one edit, as in most typos */
static guint
np_edit_distance(const gchar *a, const gchar *b)
{
	gsize la = strlen(a), lb = strlen(b);
	guint rows[3][NP_SUGGEST_MAX + 1];
	guint *before = rows[0], *previous = rows[1], *current = rows[2];

	for (gsize j = 0; j <= lb; j++)
		previous[j] = j;
	for (gsize i = 1; i <= la; i++) {
		guint *spare;
		current[0] = i;
		for (gsize j = 1; j <= lb; j++) {
			gchar x = g_ascii_tolower(a[i - 1]), y = g_ascii_tolower(b[j - 1]);
			guint best = MIN(MIN(previous[j] + 1, current[j - 1] + 1),
			                 previous[j - 1] + (x == y ? 0 : 1));
			if (i > 1 && j > 1 && x == g_ascii_tolower(b[j - 2])
			    && g_ascii_tolower(a[i - 2]) == y)
				best = MIN(best, before[j - 2] + 1);
			current[j] = best;
		}
		spare = before;
		before = previous;
		previous = current;
		current = spare;
	}
	return previous[lb];
}

const gchar *
np_suggest(const gchar *word, const gchar *const *candidates, gint n)
{
	gsize length = strlen(word);
	guint limit = MAX(2, length / 3);
	const gchar *best = NULL;
	guint best_distance = G_MAXUINT;

	if (length > NP_SUGGEST_MAX)
		return NULL;
	for (gint i = 0; n < 0 ? candidates[i] != NULL : i < n; i++) {
		const gchar *candidate = candidates[i];
		gsize other = strlen(candidate);
		guint distance;
		if (other > NP_SUGGEST_MAX
		    || (other > length ? other - length : length - other) > limit)
			continue;
		distance = np_edit_distance(word, candidate);
		if (distance <= limit && distance < best_distance) {
			best = candidate;
			best_distance = distance;
		}
	}
	return best;
}
