/* A CPython 3.11 set of ints, reproduced slot for slot.
 *
 * Nova walks the vCPU sets of a manual NUMA split in Python's set order and
 * stops at the first bad vCPU, so which error it reports (and the number in
 * the message) depends on that order. The probing, resizing and merging
 * below follow CPython's Objects/setobject.c so that iteration order is
 * identical.
 */
#include <string.h>

#include "np-py-private.h"

#define NP_PY_SET_MINSIZE 8
#define NP_PY_LINEAR_PROBES 9
#define NP_PY_PERTURB_SHIFT 5
#define NP_PY_HASH_MODULUS ((guint64)((1ULL << 61) - 1))
/* parse_cpu_spec() would build a Python set this big; refuse earlier */
#define NP_PY_SET_MAX_RANGE (1 << 20)

typedef enum { NP_PY_SLOT_EMPTY = 0, NP_PY_SLOT_ACTIVE, NP_PY_SLOT_DUMMY } NpPySlotState;

typedef struct {
	NpPyInt key;
	gint64 hash;
	NpPySlotState state;
} NpPySlot;

struct _NpPySet {
	NpPySlot *table;
	gsize mask;
	gsize fill; /* active + dummy */
	gsize used; /* active */
};

/* Python's hash() of an int: |value| mod 2^61 - 1, with the sign */
static gint64
np_py_hash_int(NpPyInt value)
{
	unsigned __int128 magnitude =
	    value < 0 ? (unsigned __int128)0 - (unsigned __int128)value : (unsigned __int128)value;
	gint64 hash = (gint64)(magnitude % NP_PY_HASH_MODULUS);
	if (value < 0)
		hash = -hash;
	return hash == -1 ? -2 : hash;
}

NpPySet *
np_py_set_new(void)
{
	NpPySet *set = g_new0(NpPySet, 1);
	set->mask = NP_PY_SET_MINSIZE - 1;
	set->table = g_new0(NpPySlot, NP_PY_SET_MINSIZE);
	return set;
}

void
np_py_set_free(NpPySet *set)
{
	if (set == NULL)
		return;
	g_free(set->table);
	g_free(set);
}

static void
np_py_set_insert_clean(NpPySlot *table, gsize mask, NpPyInt key, gint64 hash)
{
	guint64 perturb = (guint64)hash;
	gsize i = (gsize)(guint64)hash & mask;
	for (;;) {
		if (table[i].state == NP_PY_SLOT_EMPTY)
			break;
		if (i + NP_PY_LINEAR_PROBES <= mask) {
			gsize j;
			for (j = 1; j <= NP_PY_LINEAR_PROBES; j++) {
				if (table[i + j].state == NP_PY_SLOT_EMPTY)
					break;
			}
			if (j <= NP_PY_LINEAR_PROBES) {
				i += j;
				break;
			}
		}
		perturb >>= NP_PY_PERTURB_SHIFT;
		i = (gsize)((i * 5 + 1 + perturb) & mask);
	}
	table[i].key = key;
	table[i].hash = hash;
	table[i].state = NP_PY_SLOT_ACTIVE;
}

static void
np_py_set_resize(NpPySet *set, gsize minused)
{
	gsize newsize = NP_PY_SET_MINSIZE;
	NpPySlot *oldtable = set->table;
	gsize oldmask = set->mask;

	while (newsize <= minused)
		newsize <<= 1;
	/* the small table is kept when nothing needs purging */
	if (newsize == NP_PY_SET_MINSIZE && oldmask == NP_PY_SET_MINSIZE - 1
	    && set->fill == set->used)
		return;
	set->table = g_new0(NpPySlot, newsize);
	set->mask = newsize - 1;
	set->fill = set->used;
	for (gsize i = 0; i <= oldmask; i++) {
		if (oldtable[i].state == NP_PY_SLOT_ACTIVE)
			np_py_set_insert_clean(set->table,
			                       set->mask,
			                       oldtable[i].key,
			                       oldtable[i].hash);
	}
	g_free(oldtable);
}

static void
np_py_set_add_entry(NpPySet *set, NpPyInt key, gint64 hash)
{
	gsize mask = set->mask;
	gsize i = (gsize)(guint64)hash & mask;
	guint64 perturb = (guint64)hash;
	NpPySlot *freeslot = NULL;
	NpPySlot *entry;

	for (;;) {
		gsize probes = (i + NP_PY_LINEAR_PROBES <= mask) ? NP_PY_LINEAR_PROBES : 0;
		entry = &set->table[i];
		for (;;) {
			if (entry->state == NP_PY_SLOT_EMPTY)
				goto found_unused_or_dummy;
			if (entry->state == NP_PY_SLOT_ACTIVE && entry->hash == hash
			    && entry->key == key)
				return;
			if (entry->state == NP_PY_SLOT_DUMMY)
				freeslot = entry;
			entry++;
			if (probes-- == 0)
				break;
		}
		perturb >>= NP_PY_PERTURB_SHIFT;
		i = (gsize)((i * 5 + 1 + perturb) & mask);
	}

found_unused_or_dummy:
	if (freeslot != NULL) {
		set->used++;
		freeslot->key = key;
		freeslot->hash = hash;
		freeslot->state = NP_PY_SLOT_ACTIVE;
		return;
	}
	set->fill++;
	set->used++;
	entry->key = key;
	entry->hash = hash;
	entry->state = NP_PY_SLOT_ACTIVE;
	if (set->fill * 5 < mask * 3)
		return;
	np_py_set_resize(set, set->used > 50000 ? set->used * 2 : set->used * 4);
}

static NpPySlot *
np_py_set_lookup(const NpPySet *set, NpPyInt key, gint64 hash)
{
	gsize mask = set->mask;
	gsize i = (gsize)(guint64)hash & mask;
	guint64 perturb = (guint64)hash;

	for (;;) {
		gsize probes = (i + NP_PY_LINEAR_PROBES <= mask) ? NP_PY_LINEAR_PROBES : 0;
		NpPySlot *entry = &set->table[i];
		for (;;) {
			if (entry->state == NP_PY_SLOT_EMPTY)
				return entry;
			if (entry->state == NP_PY_SLOT_ACTIVE && entry->hash == hash
			    && entry->key == key)
				return entry;
			entry++;
			if (probes-- == 0)
				break;
		}
		perturb >>= NP_PY_PERTURB_SHIFT;
		i = (gsize)((i * 5 + 1 + perturb) & mask);
	}
}

void
np_py_set_add(NpPySet *set, NpPyInt key)
{
	g_return_if_fail(set != NULL);
	np_py_set_add_entry(set, key, np_py_hash_int(key));
}

gboolean
np_py_set_discard(NpPySet *set, NpPyInt key)
{
	NpPySlot *entry;
	g_return_val_if_fail(set != NULL, FALSE);
	entry = np_py_set_lookup(set, key, np_py_hash_int(key));
	if (entry->state != NP_PY_SLOT_ACTIVE)
		return FALSE;
	entry->state = NP_PY_SLOT_DUMMY;
	entry->hash = -1;
	set->used--;
	return TRUE;
}

gboolean
np_py_set_contains(const NpPySet *set, NpPyInt key)
{
	g_return_val_if_fail(set != NULL, FALSE);
	return np_py_set_lookup(set, key, np_py_hash_int(key))->state == NP_PY_SLOT_ACTIVE;
}

guint
np_py_set_len(const NpPySet *set)
{
	g_return_val_if_fail(set != NULL, 0);
	return (guint)set->used;
}

/* set(range(first, last + 1)), written so that last may be NP_PY_INT_MAX */
static NpPySet *
np_py_set_new_span(NpPyInt first, NpPyInt last)
{
	NpPySet *set = np_py_set_new();
	for (NpPyInt i = first; i <= last; i++) {
		np_py_set_add(set, i);
		if (i == last)
			break;
	}
	return set;
}

NpPySet *
np_py_set_new_range(gint64 start, gint64 stop)
{
	if (start >= stop)
		return np_py_set_new();
	return np_py_set_new_span(start, (NpPyInt)stop - 1);
}

void
np_py_set_update(NpPySet *set, const NpPySet *other)
{
	g_return_if_fail(set != NULL && other != NULL);
	if (other == set || other->used == 0)
		return;
	if ((set->fill + other->used) * 5 >= set->mask * 3)
		np_py_set_resize(set, (set->used + other->used) * 2);
	if (set->fill == 0 && set->mask == other->mask && other->fill == other->used) {
		memcpy(set->table, other->table, sizeof(NpPySlot) * (other->mask + 1));
		set->fill = other->fill;
		set->used = other->used;
		return;
	}
	if (set->fill == 0) {
		set->fill = other->used;
		set->used = other->used;
		for (gsize i = 0; i <= other->mask; i++) {
			if (other->table[i].state == NP_PY_SLOT_ACTIVE)
				np_py_set_insert_clean(set->table,
				                       set->mask,
				                       other->table[i].key,
				                       other->table[i].hash);
		}
		return;
	}
	for (gsize i = 0; i <= other->mask; i++) {
		if (other->table[i].state == NP_PY_SLOT_ACTIVE)
			np_py_set_add_entry(set, other->table[i].key, other->table[i].hash);
	}
}

void
np_py_set_difference_update(NpPySet *set, const NpPySet *other)
{
	g_return_if_fail(set != NULL && other != NULL);
	for (gsize i = 0; i <= other->mask; i++) {
		if (other->table[i].state == NP_PY_SLOT_ACTIVE)
			np_py_set_discard(set, other->table[i].key);
	}
	/* more than a quarter dummies: CPython rebuilds the table */
	if (set->fill - set->used <= set->mask / 4)
		return;
	np_py_set_resize(set, set->used > 50000 ? set->used * 2 : set->used * 4);
}

NpPySet *
np_py_set_coerced_copy(const NpPySet *set)
{
	g_autoptr(NpPySet) coerced = np_py_set_new();
	NpPySet *result = np_py_set_new();
	for (gsize i = 0; i <= set->mask; i++) {
		if (set->table[i].state == NP_PY_SLOT_ACTIVE)
			np_py_set_add(coerced, set->table[i].key);
	}
	np_py_set_update(result, coerced);
	return result;
}

GArray *
np_py_set_to_array(const NpPySet *set)
{
	GArray *array = g_array_sized_new(FALSE, FALSE, sizeof(NpPyInt), (guint)set->used);
	for (gsize i = 0; i <= set->mask; i++) {
		if (set->table[i].state == NP_PY_SLOT_ACTIVE)
			g_array_append_val(array, set->table[i].key);
	}
	return array;
}

static gint
np_py_cmp_int(gconstpointer a, gconstpointer b)
{
	NpPyInt x = *(const NpPyInt *)a, y = *(const NpPyInt *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

GArray *
np_py_set_to_sorted_array(const NpPySet *set)
{
	GArray *array = np_py_set_to_array(set);
	g_array_sort(array, np_py_cmp_int);
	return array;
}

gchar *
np_py_set_to_string(const NpPySet *set)
{
	g_autoptr(GArray) keys = np_py_set_to_array(set);
	GString *out;
	if (keys->len == 0)
		return g_strdup("set()");
	out = g_string_new("{");
	for (guint i = 0; i < keys->len; i++) {
		g_autofree gchar *key = np_py_int_to_string(g_array_index(keys, NpPyInt, i));
		if (i > 0)
			g_string_append(out, ", ");
		g_string_append(out, key);
	}
	g_string_append_c(out, '}');
	return g_string_free(out, FALSE);
}

/* Python's str.split(sep) for a one-byte ASCII separator */
static gchar **
np_py_split(const gchar *str, const gchar *sep, gint max_tokens)
{
	return g_strsplit(str, sep, max_tokens);
}

/* int(text): any size is fine, beyond NpPyInt saturated (documented) */
static gboolean
np_py_cpu_int(const gchar *text, NpPyInt *out)
{
	return np_py_int_parse_big(text, out) != NP_PY_INT_INVALID;
}

NpPySet *
np_py_parse_cpu_spec(const gchar *spec, gchar **error_message)
{
	g_autoptr(NpPySet) cpus = np_py_set_new();
	g_autoptr(NpPySet) rejects = np_py_set_new();
	g_auto(GStrv) rules = np_py_split(spec, ",", -1);

	for (guint r = 0; rules[r] != NULL; r++) {
		g_autofree gchar *rule = np_py_strip(rules[r]);
		g_auto(GStrv) parts = NULL;
		if (rule[0] == '\0')
			continue;
		parts = np_py_split(rule, "-", 2);
		if (parts[1] != NULL) {
			gboolean reject = FALSE;
			const gchar *first = parts[0];
			NpPyInt start = 0, end = 0;
			g_autofree gchar *first_stripped = NULL;
			g_autofree gchar *end_stripped = np_py_strip(parts[1]);
			if (first[0] == '^') {
				reject = TRUE;
				first++;
			}
			first_stripped = np_py_strip(first);
			if (!np_py_cpu_int(first_stripped, &start)
			    || !np_py_cpu_int(end_stripped, &end) || start > end) {
				g_autofree gchar *repr = np_py_repr_str(rule);
				*error_message =
				    g_strdup_printf("Invalid range expression %s", repr);
				return NULL;
			}
			if (end - start >= NP_PY_SET_MAX_RANGE) {
				g_autofree gchar *repr = np_py_repr_str(rule);
				*error_message =
				    g_strdup_printf("Invalid range expression %s (numaplan refuses "
				                    "ranges of more than %d CPUs)",
				                    repr,
				                    NP_PY_SET_MAX_RANGE);
				return NULL;
			}
			{
				g_autoptr(NpPySet) range = np_py_set_new_span(start, end);
				np_py_set_update(reject ? rejects : cpus, range);
			}
		} else if (rule[0] == '^') {
			NpPyInt cpu = 0;
			g_autofree gchar *stripped = np_py_strip(rule + 1);
			if (!np_py_cpu_int(stripped, &cpu)) {
				g_autofree gchar *repr = np_py_repr_str(rule);
				*error_message =
				    g_strdup_printf("Invalid exclusion expression %s", repr);
				return NULL;
			}
			np_py_set_add(rejects, cpu);
		} else {
			NpPyInt cpu = 0;
			if (!np_py_cpu_int(rule, &cpu)) {
				g_autofree gchar *repr = np_py_repr_str(rule);
				*error_message =
				    g_strdup_printf("Invalid inclusion expression %s", repr);
				return NULL;
			}
			np_py_set_add(cpus, cpu);
		}
	}
	np_py_set_difference_update(cpus, rejects);
	return g_steal_pointer(&cpus);
}
