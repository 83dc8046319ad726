/* numaplan — the few Python behaviours Nova's answers depend on
 *
 * Nova's request checks run on Python strings: int() parsing, repr()
 * quoting in messages, set iteration order in error reports. To agree with
 * Nova byte for byte, numaplan reproduces exactly those behaviours here.
 * Internal to the model layer and its tests.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Python int where Nova's can outgrow 64 bits (hw_numa_mem values and
 * their sum, image hw_numa_nodes, CPU ids): 128 bits, exact up to
 * ±(2^127 - 1) ≈ ±1.7e38 and saturated beyond (docs/semantics.md). */
__extension__ typedef __int128 NpPyInt;
#define NP_PY_INT_MAX ((NpPyInt)(((unsigned __int128)1 << 127) - 1))
#define NP_PY_INT_MIN (-NP_PY_INT_MAX)

typedef enum {
	NP_PY_INT_OK,
	NP_PY_INT_INVALID, /* int() raises ValueError */
	NP_PY_INT_OVERFLOW /* valid, but outside the result type: *out is saturated */
} NpPyIntResult;

/* Python's int(str) in base 10: surrounding whitespace, a sign, single
 * underscores between digits, any Unicode decimal digit; more than 4300
 * digits is a ValueError, as in CPython 3.11. */
NpPyIntResult np_py_int_parse(const gchar *str, gint64 *out);
/* the same into an NpPyInt, saturated beyond ±NP_PY_INT_MAX */
NpPyIntResult np_py_int_parse_big(const gchar *str, NpPyInt *out);
/* Python's int(float): truncation toward zero; FALSE for NaN and the
 * infinities (ValueError / OverflowError in Python), saturated beyond
 * ±NP_PY_INT_MAX */
gboolean np_py_int_from_float(gdouble value, NpPyInt *out);
/* Python's str(int) */
gchar *np_py_int_to_string(NpPyInt value) G_GNUC_WARN_UNUSED_RESULT;
/* @value clamped into gint64 */
gint64 np_py_int_clamp64(NpPyInt value);
/* @a + @b, saturated at ±NP_PY_INT_MAX */
NpPyInt np_py_int_add(NpPyInt a, NpPyInt b);
/* oslo strutils.is_int_like(str): str(int(s)) == s */
gboolean np_py_is_int_like(const gchar *str);
/* oslo strutils.bool_from_string(str) with strict=False, default=False */
gboolean np_py_bool_from_string(const gchar *str);
/* Python's str.isdigit() */
gboolean np_py_str_isdigit(const gchar *str);
/* Python's str.isspace() for one character (also re's \s) */
gboolean np_py_isspace_char(gunichar c);
/* Python's str.strip() */
gchar *np_py_strip(const gchar *str) G_GNUC_WARN_UNUSED_RESULT;
/* Python's repr(str) */
gchar *np_py_repr_str(const gchar *str) G_GNUC_WARN_UNUSED_RESULT;
/* Python's repr(float) */
gchar *np_py_repr_float(gdouble value) G_GNUC_WARN_UNUSED_RESULT;
/* The message of int()'s ValueError for @str: "invalid literal …", or
 * CPython 3.11's digit-limit message for a well-formed number of more than
 * 4300 digits */
gchar *np_py_int_error_message(const gchar *str) G_GNUC_WARN_UNUSED_RESULT;
/* Python's str.lower() (full Unicode case mapping, final sigma) */
gchar *np_py_lower(const gchar *str) G_GNUC_WARN_UNUSED_RESULT;

typedef enum {
	NP_PY_KIB_OK,
	NP_PY_KIB_INVALID,  /* ValueError: Nova says MemoryPageSizeInvalid */
	NP_PY_KIB_OVERFLOW, /* int(math.ceil(inf)): an uncaught OverflowError */
} NpPyKibResult;

/* oslo strutils.string_to_bytes(str, 'IEC', return_int=True) / 1024 */
NpPyKibResult np_py_string_to_kib(const gchar *str, gdouble *out_kib);

/*
 * NpPySet: a CPython 3.11 set of non-negative ints, table and all, so that
 * iteration order matches Python's (it decides which CPU Nova reports
 * first).
 */
typedef struct _NpPySet NpPySet;

NpPySet *np_py_set_new(void) G_GNUC_WARN_UNUSED_RESULT;
NpPySet *np_py_set_new_range(gint64 start, gint64 stop) G_GNUC_WARN_UNUSED_RESULT;
void np_py_set_free(NpPySet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpPySet, np_py_set_free)

void np_py_set_add(NpPySet *set, NpPyInt key);
gboolean np_py_set_discard(NpPySet *set, NpPyInt key);
gboolean np_py_set_contains(const NpPySet *set, NpPyInt key);
guint np_py_set_len(const NpPySet *set);
/* set |= other */
void np_py_set_update(NpPySet *set, const NpPySet *other);
/* set -= other */
void np_py_set_difference_update(NpPySet *set, const NpPySet *other);
/* a new set built by adding the items of @set in iteration order, then
 * merged into an empty set: what oslo's CoercedSet does to image lists */
NpPySet *np_py_set_coerced_copy(const NpPySet *set) G_GNUC_WARN_UNUSED_RESULT;
/* the keys in iteration order (NpPyInt) */
GArray *np_py_set_to_array(const NpPySet *set) G_GNUC_WARN_UNUSED_RESULT;
/* the keys sorted (NpPyInt) */
GArray *np_py_set_to_sorted_array(const NpPySet *set) G_GNUC_WARN_UNUSED_RESULT;
/* str(set): "{1, 2}" or "set()" */
gchar *np_py_set_to_string(const NpPySet *set) G_GNUC_WARN_UNUSED_RESULT;

/* Nova's hardware.parse_cpu_spec(); on failure returns NULL and sets
 * @error_message to Nova's message (exception.Invalid) */
NpPySet *np_py_parse_cpu_spec(const gchar *spec, gchar **error_message);

G_END_DECLS
