/* numaplan — the one way enums meet strings, and "did you mean"
 *
 * Every enum with a string form has a `static const` table whose entries
 * start with the name (a plain `const gchar *names[]` qualifies), checked
 * against its _LAST value with G_STATIC_ASSERT; np_enum_* look names up
 * in such a table.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @table: @n entries of @stride bytes, each starting with its name */
const gchar *np_enum_name(gconstpointer table, gsize stride, guint n, guint value);
/* the index of @name, or @n when no entry has it */
guint np_enum_lookup(gconstpointer table, gsize stride, guint n, const gchar *name);
/* "a, b or c" */
gchar *np_enum_describe(gconstpointer table, gsize stride, guint n) G_GNUC_WARN_UNUSED_RESULT;
/* the nearest name to @word within a few edits, or NULL */
const gchar *np_enum_suggest(gconstpointer table, gsize stride, guint n, const gchar *word);

/* a to/from string pair over a names array: NAME_from_string gives LAST
 * when unknown */
#define NP_DEFINE_ENUM_STRINGS(Type, prefix, last, names)                          \
	G_STATIC_ASSERT(G_N_ELEMENTS(names) == (last));                            \
	const gchar *prefix##_to_string(Type value)                                \
	{                                                                          \
		return np_enum_name(names, sizeof(names[0]), (last), value);       \
	}                                                                          \
	Type prefix##_from_string(const gchar *str)                                \
	{                                                                          \
		return (Type)np_enum_lookup(names, sizeof(names[0]), (last), str); \
	}

/* the nearest of @candidates (@n of them, or up to NULL when @n is -1)
 * within max(2, len/3) edits of @word, ASCII case ignored, or NULL */
const gchar *np_suggest(const gchar *word, const gchar *const *candidates, gint n);

G_END_DECLS
