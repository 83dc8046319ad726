/* The sweep document: see np-sweep-report-private.h.
 *
 * A document is written from its records alone, and its summary is
 * computed from the records' printed values: so a document read back
 * (merge) and written again is the same bytes, and shards merged give
 * exactly the single run's document.
 */
#include <math.h>
#include <string.h>

#include "np-error.h"
#include "np-json-writer.h"
#include "np-json.h"
#include "np-py-private.h"
#include "np-sweep-report-private.h"

/* ---------------------------------------------------------- documents */

NpSweepDoc *
np_sweep_doc_new(void)
{
	NpSweepDoc *doc = g_new0(NpSweepDoc, 1);
	doc->records = g_ptr_array_new_with_free_func((GDestroyNotify)np_sweep_trial_free);
	return doc;
}

void
np_sweep_doc_free(NpSweepDoc *doc)
{
	if (doc == NULL)
		return;
	g_free(doc->scenario);
	g_free(doc->sha256);
	g_ptr_array_unref(doc->records);
	g_free(doc);
}

NpSweepDoc *
np_sweep_doc_new_for_run(const NpScenario *scenario,
                         const gchar *sha256,
                         const NpSweepOptions *options,
                         gboolean sharded,
                         GPtrArray *records)
{
	const NpSweepSpec *spec = np_scenario_get_sweep(scenario);
	NpSweepDoc *doc = np_sweep_doc_new();

	g_return_val_if_fail(spec != NULL, doc);
	doc->scenario = g_strdup(np_scenario_get_name(scenario));
	doc->sha256 = g_strdup(sha256);
	doc->seed = options->seed;
	doc->trials = options->trials;
	doc->horizon_hours = spec->horizon_hours;
	doc->warmup_hours = spec->warmup_hours;
	doc->sharded = sharded;
	doc->shard_index = options->shard_index;
	doc->shard_count = options->shard_count;
	g_ptr_array_extend_and_steal(doc->records, records);
	return doc;
}

/* the numeric fields of a record but `trial`, in the document's order
 * (`by_code` comes after `rejected`) */
typedef struct {
	const gchar *name;
	gboolean integer;
	gsize offset;
} NpSweepField;

static const NpSweepField np_fields[] = {
    {"arrivals", TRUE, G_STRUCT_OFFSET(NpSweepTrial, arrivals)},
    {"admitted", TRUE, G_STRUCT_OFFSET(NpSweepTrial, admitted)},
    {"rejected", TRUE, G_STRUCT_OFFSET(NpSweepTrial, rejected)},
    {"rejected_share", FALSE, G_STRUCT_OFFSET(NpSweepTrial, rejected_share)},
    {"spanned", TRUE, G_STRUCT_OFFSET(NpSweepTrial, spanned)},
    {"spanned_share", FALSE, G_STRUCT_OFFSET(NpSweepTrial, spanned_share)},
    {"remote_mb", TRUE, G_STRUCT_OFFSET(NpSweepTrial, remote_mb)},
    {"lost", TRUE, G_STRUCT_OFFSET(NpSweepTrial, lost)},
    {"peak_vms", TRUE, G_STRUCT_OFFSET(NpSweepTrial, peak_vms)},
    {"peak_memory_mb", TRUE, G_STRUCT_OFFSET(NpSweepTrial, peak_memory_mb)},
    {"mean_vms", FALSE, G_STRUCT_OFFSET(NpSweepTrial, mean_vms)},
};
/* np_fields[NP_FIELD_BY_CODE] is the first written after by_code */
#define NP_FIELD_BY_CODE 3

static gint64 *
np_field_int(NpSweepTrial *record, const NpSweepField *field)
{
	return G_STRUCT_MEMBER_P(record, field->offset);
}

static gdouble *
np_field_double(NpSweepTrial *record, const NpSweepField *field)
{
	return G_STRUCT_MEMBER_P(record, field->offset);
}

/* the field's value as a reader of the document gets it */
static gdouble
np_field_value(const NpSweepTrial *record, const NpSweepField *field)
{
	if (field->integer)
		return (gdouble)*np_field_int((NpSweepTrial *)record, field);
	return np_sweep_printed(*np_field_double((NpSweepTrial *)record, field));
}

static const NpSweepField *
np_field_lookup(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(np_fields); i++) {
		if (strcmp(np_fields[i].name, name) == 0)
			return &np_fields[i];
	}
	return NULL;
}

/* ------------------------------------------------------------ numbers */

#define NP_EXACT_INTEGERS 9007199254740992.0 /* 2⁵³ */

gchar *
np_sweep_format_number(gdouble value)
{
	if (!isfinite(value))
		return g_strdup("null");
	if (value == floor(value) && fabs(value) < NP_EXACT_INTEGERS)
		return g_strdup_printf("%" G_GINT64_FORMAT, (gint64)value);
	return np_py_repr_float(value);
}

gdouble
np_sweep_printed(gdouble value)
{
	/* both forms read back exactly (an integer below 2⁵³ is a double;
	 * repr() is the shortest text that reads back as the same double),
	 * but −0 prints as 0 */
	return value == 0 ? 0.0 : value;
}

static void
np_write_number(NpJsonWriter *w, const gchar *key, gdouble value)
{
	g_autofree gchar *text = np_sweep_format_number(value);
	np_json_raw(w, key, text);
}

/* -------------------------------------------------------------- STAT */

static gint
np_compare_doubles(gconstpointer a, gconstpointer b)
{
	gdouble x = *(const gdouble *)a, y = *(const gdouble *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/* the value of rank ⌈p·n/100⌉ in @sorted */
static gdouble
np_rank(const gdouble *sorted, guint n, guint p)
{
	guint64 rank = ((guint64)p * n + 99) / 100;
	return sorted[MAX(rank, 1) - 1];
}

void
np_sweep_stat(const gdouble *values, guint n, NpSweepStat *stat)
{
	g_autofree gdouble *sorted = NULL;
	gdouble sum = 0, squares = 0;

	memset(stat, 0, sizeof(*stat));
	stat->n = n;
	if (n == 0)
		return;
	for (guint i = 0; i < n; i++)
		sum += values[i];
	stat->mean = sum / n;
	if (n >= 2) {
		gdouble s, h;
		for (guint i = 0; i < n; i++)
			squares += (values[i] - stat->mean) * (values[i] - stat->mean);
		s = sqrt(squares / (n - 1));
		h = 1.96 * s / sqrt((gdouble)n);
		stat->has_ci = TRUE;
		stat->ci_low = stat->mean - h;
		stat->ci_high = stat->mean + h;
	}
	sorted = g_memdup2(values, n * sizeof(gdouble));
	qsort(sorted, n, sizeof(gdouble), np_compare_doubles);
	stat->p50 = np_rank(sorted, n, 50);
	stat->p95 = np_rank(sorted, n, 95);
	stat->min = sorted[0];
	stat->max = sorted[n - 1];
}

static gint64
np_code_count(const NpSweepTrial *record, const gchar *code)
{
	for (guint i = 0; i < record->by_code->len; i++) {
		const NpSweepCode *c = &g_array_index(record->by_code, NpSweepCode, i);
		if (strcmp(c->code, code) == 0)
			return c->count;
	}
	return 0;
}

gboolean
np_sweep_doc_stat(const NpSweepDoc *doc, const gchar *field, const gchar *code, NpSweepStat *stat)
{
	const NpSweepField *f = code == NULL ? np_field_lookup(field) : NULL;
	guint n = doc->records->len;
	g_autofree gdouble *values = g_new0(gdouble, MAX(n, 1));

	if (code == NULL && f == NULL)
		return FALSE;
	for (guint i = 0; i < n; i++) {
		const NpSweepTrial *record = g_ptr_array_index(doc->records, i);
		values[i] =
		    code != NULL ? (gdouble)np_code_count(record, code) : np_field_value(record, f);
	}
	np_sweep_stat(values, n, stat);
	return TRUE;
}

static gint
np_compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

/* every code of any record, sorted bytewise (transfer container) */
static GPtrArray *
np_doc_codes(const NpSweepDoc *doc)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *codes = g_ptr_array_new();

	for (guint i = 0; i < doc->records->len; i++) {
		const NpSweepTrial *record = g_ptr_array_index(doc->records, i);
		for (guint j = 0; j < record->by_code->len; j++) {
			gchar *code = g_array_index(record->by_code, NpSweepCode, j).code;
			if (g_hash_table_add(seen, code))
				g_ptr_array_add(codes, code);
		}
	}
	g_ptr_array_sort(codes, np_compare_strings);
	return codes;
}

/* ---------------------------------------------------------------- JSON */

static void
np_write_stat(NpJsonWriter *w, const gchar *key, const NpSweepStat *stat)
{
	np_json_begin_object(w, key);
	np_write_number(w, "mean", stat->mean);
	if (stat->has_ci) {
		np_json_begin_array(w, "ci95");
		np_write_number(w, NULL, stat->ci_low);
		np_write_number(w, NULL, stat->ci_high);
		np_json_end(w);
	} else {
		np_json_null(w, "ci95");
	}
	np_write_number(w, "p50", stat->p50);
	np_write_number(w, "p95", stat->p95);
	np_write_number(w, "min", stat->min);
	np_write_number(w, "max", stat->max);
	np_json_end(w);
}

static void
np_write_field(NpJsonWriter *w, const NpSweepTrial *record, const NpSweepField *field)
{
	if (field->integer)
		np_json_int(w, field->name, *np_field_int((NpSweepTrial *)record, field));
	else
		np_write_number(w, field->name, *np_field_double((NpSweepTrial *)record, field));
}

static void
np_write_record(NpJsonWriter *w, const NpSweepTrial *record)
{
	np_json_begin_object(w, NULL);
	np_json_int(w, "trial", (gint64)record->trial);
	for (guint i = 0; i < G_N_ELEMENTS(np_fields); i++) {
		if (i == NP_FIELD_BY_CODE) {
			np_json_begin_object(w, "by_code");
			for (guint j = 0; j < record->by_code->len; j++) {
				const NpSweepCode *c =
				    &g_array_index(record->by_code, NpSweepCode, j);
				np_json_int(w, c->code, c->count);
			}
			np_json_end(w);
		}
		np_write_field(w, record, &np_fields[i]);
	}
	np_json_end(w);
}

gchar *
np_sweep_doc_to_json(const NpSweepDoc *doc)
{
	GString *out = g_string_new(NULL);
	g_autoptr(NpJsonWriter) w = np_json_writer_new(out);
	g_autoptr(GPtrArray) codes = np_doc_codes(doc);
	NpSweepStat stat;

	np_json_begin_object(w, NULL);
	np_json_int(w, "numaplan", 1);
	np_json_begin_object(w, "sweep");
	np_json_string(w, "scenario", doc->scenario);
	np_json_string(w, "sha256", doc->sha256);
	np_json_int(w, "seed", (gint64)doc->seed);
	np_json_int(w, "trials", (gint64)doc->trials);
	np_write_number(w, "horizon_hours", doc->horizon_hours);
	np_write_number(w, "warmup_hours", doc->warmup_hours);
	if (doc->sharded) {
		np_json_begin_object(w, "shard");
		np_json_int(w, "index", (gint64)doc->shard_index);
		np_json_int(w, "count", (gint64)doc->shard_count);
		np_json_end(w);
	} else {
		np_json_null(w, "shard");
	}
	np_json_end(w);

	np_json_begin_array(w, "trials");
	for (guint i = 0; i < doc->records->len; i++)
		np_write_record(w, g_ptr_array_index(doc->records, i));
	np_json_end(w);

	np_json_begin_object(w, "summary");
	np_json_int(w, "trials", doc->records->len);
	for (guint i = 0; i < G_N_ELEMENTS(np_fields); i++) {
		np_sweep_doc_stat(doc, np_fields[i].name, NULL, &stat);
		np_write_stat(w, np_fields[i].name, &stat);
	}
	np_json_begin_object(w, "by_code");
	for (guint i = 0; i < codes->len; i++) {
		np_sweep_doc_stat(doc, NULL, g_ptr_array_index(codes, i), &stat);
		np_write_stat(w, g_ptr_array_index(codes, i), &stat);
	}
	np_json_end(w);
	np_json_end(w);
	np_json_end(w);
	np_json_finish(w);
	return g_string_free(out, FALSE);
}

/* ---------------------------------------------------------------- text */

static void
np_text_stat(GString *out, const gchar *name, const NpSweepStat *stat)
{
	g_autofree gchar *interval =
	    stat->has_ci ? g_strdup_printf("[%.6g, %.6g]", stat->ci_low, stat->ci_high)
	                 : g_strdup("-");
	g_string_append_printf(out,
	                       "%-16s %11.6g  %-24s %10.6g %10.6g %10.6g %10.6g\n",
	                       name,
	                       stat->mean,
	                       interval,
	                       stat->p50,
	                       stat->p95,
	                       stat->min,
	                       stat->max);
}

static void
np_text_head(GString *out, const gchar *what)
{
	g_string_append_printf(out,
	                       "%-16s %11s  %-24s %10s %10s %10s %10s\n",
	                       what,
	                       "mean",
	                       "95% interval",
	                       "p50",
	                       "p95",
	                       "min",
	                       "max");
}

gchar *
np_sweep_doc_to_text(const NpSweepDoc *doc)
{
	GString *out = g_string_new(NULL);
	g_autoptr(GPtrArray) codes = np_doc_codes(doc);
	g_autofree gchar *horizon = np_sweep_format_number(doc->horizon_hours);
	g_autofree gchar *warmup = np_sweep_format_number(doc->warmup_hours);
	NpSweepStat stat;

	g_string_append_printf(out,
	                       "sweep of '%s': %u trial%s",
	                       doc->scenario,
	                       doc->records->len,
	                       doc->records->len == 1 ? "" : "s");
	if (doc->sharded)
		g_string_append_printf(out,
		                       " (shard %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
		                       " of %" G_GUINT64_FORMAT ": i mod %" G_GUINT64_FORMAT
		                       " = %" G_GUINT64_FORMAT ")",
		                       doc->shard_index,
		                       doc->shard_count,
		                       doc->trials,
		                       doc->shard_count,
		                       doc->shard_index);
	g_string_append_printf(out,
	                       ", seed %" G_GUINT64_FORMAT ", %s h each, counted from %s h\n",
	                       doc->seed,
	                       horizon,
	                       warmup);
	g_string_append_printf(out, "scenario sha256 %s\n\n", doc->sha256);
	np_text_head(out, "per trial");
	for (guint i = 0; i < G_N_ELEMENTS(np_fields); i++) {
		np_sweep_doc_stat(doc, np_fields[i].name, NULL, &stat);
		np_text_stat(out, np_fields[i].name, &stat);
	}
	if (codes->len > 0) {
		g_string_append_c(out, '\n');
		np_text_head(out, "rejected by code");
	}
	for (guint i = 0; i < codes->len; i++) {
		np_sweep_doc_stat(doc, NULL, g_ptr_array_index(codes, i), &stat);
		np_text_stat(out, g_ptr_array_index(codes, i), &stat);
	}
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------- reading */

static gboolean G_GNUC_PRINTF(3, 4)
    np_not_doc(GError **error, const gchar *path, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error(error,
	            NP_ERROR,
	            NP_ERROR_INVALID,
	            "%s: not a sweep document: %s",
	            path,
	            message);
	return FALSE;
}

static gboolean
np_get_int(const cJSON *object,
           const gchar *key,
           const gchar *where,
           gint64 minimum,
           gint64 *out,
           const gchar *path,
           GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
	if (item == NULL)
		return np_not_doc(error, path, "%s has no '%s'", where, key);
	if (!cJSON_IsNumber(item) || !np_json_get_int64(item, out))
		return np_not_doc(error, path, "%s.%s: expected an integer", where, key);
	if (*out < minimum)
		return np_not_doc(error,
		                  path,
		                  "%s.%s: must be at least %" G_GINT64_FORMAT,
		                  where,
		                  key,
		                  minimum);
	return TRUE;
}

static gboolean
np_get_double(const cJSON *object,
              const gchar *key,
              const gchar *where,
              gdouble *out,
              const gchar *path,
              GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
	if (item == NULL)
		return np_not_doc(error, path, "%s has no '%s'", where, key);
	if (!cJSON_IsNumber(item))
		return np_not_doc(error, path, "%s.%s: expected a number", where, key);
	*out =
	    item->valuestring != NULL ? g_ascii_strtod(item->valuestring, NULL) : item->valuedouble;
	if (!isfinite(*out))
		return np_not_doc(error, path, "%s.%s: out of range", where, key);
	return TRUE;
}

static gboolean
np_get_string(const cJSON *object,
              const gchar *key,
              const gchar *where,
              gchar **out,
              const gchar *path,
              GError **error)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
	if (item == NULL)
		return np_not_doc(error, path, "%s has no '%s'", where, key);
	if (!cJSON_IsString(item))
		return np_not_doc(error, path, "%s.%s: expected a string", where, key);
	*out = g_strdup(item->valuestring);
	return TRUE;
}

static NpSweepTrial *
np_parse_record(const cJSON *item, guint i, const gchar *path, GError **error)
{
	g_autofree gchar *where = g_strdup_printf("trials[%u]", i);
	g_autoptr(NpSweepTrial) record = NULL;
	const cJSON *by_code, *code;
	gint64 index = 0;

	if (!cJSON_IsObject(item)) {
		np_not_doc(error, path, "%s: expected an object", where);
		return NULL;
	}
	if (!np_get_int(item, "trial", where, 0, &index, path, error))
		return NULL;
	record = np_sweep_trial_new((guint64)index);
	for (guint f = 0; f < G_N_ELEMENTS(np_fields); f++) {
		const NpSweepField *field = &np_fields[f];
		if (field->integer ? !np_get_int(item,
		                                 field->name,
		                                 where,
		                                 0,
		                                 np_field_int(record, field),
		                                 path,
		                                 error)
		                   : !np_get_double(item,
		                                    field->name,
		                                    where,
		                                    np_field_double(record, field),
		                                    path,
		                                    error))
			return NULL;
	}
	by_code = cJSON_GetObjectItemCaseSensitive(item, "by_code");
	if (!cJSON_IsObject(by_code)) {
		np_not_doc(error, path, "%s.by_code: expected an object", where);
		return NULL;
	}
	cJSON_ArrayForEach (code, by_code) {
		gint64 count = 0;
		if (!cJSON_IsNumber(code) || !np_json_get_int64(code, &count) || count < 0) {
			np_not_doc(error,
			           path,
			           "%s.by_code.%s: expected a count",
			           where,
			           code->string);
			return NULL;
		}
		np_sweep_trial_add_code(record, code->string, count);
	}
	return g_steal_pointer(&record);
}

NpSweepDoc *
np_sweep_doc_parse(const gchar *text, gsize length, const gchar *path, GError **error)
{
	g_autoptr(cJSON) root = NULL;
	g_autoptr(NpSweepDoc) doc = np_sweep_doc_new();
	const cJSON *sweep, *shard, *trials, *item;
	gint64 value = 0;
	guint i = 0;

	root = np_json_parse_limited(text, length, path, 1, NP_SWEEP_DOC_MAX_VALUES, error);
	if (root == NULL)
		return NULL;
	if (!cJSON_IsObject(root)) {
		np_not_doc(error, path, "expected a JSON object");
		return NULL;
	}
	if (!np_get_int(root, "numaplan", "the document", 0, &value, path, error))
		return NULL;
	if (value != 1) {
		np_not_doc(error, path, "numaplan: expected 1, got %" G_GINT64_FORMAT, value);
		return NULL;
	}
	sweep = cJSON_GetObjectItemCaseSensitive(root, "sweep");
	if (!cJSON_IsObject(sweep)) {
		np_not_doc(error, path, "no 'sweep' object");
		return NULL;
	}
	if (!np_get_string(sweep, "scenario", "sweep", &doc->scenario, path, error)
	    || !np_get_string(sweep, "sha256", "sweep", &doc->sha256, path, error)
	    || !np_get_int(sweep, "seed", "sweep", 0, &value, path, error))
		return NULL;
	doc->seed = (guint64)value;
	if (!np_get_int(sweep, "trials", "sweep", 1, &value, path, error))
		return NULL;
	if (value > NP_SWEEP_MAX_TRIALS) {
		np_not_doc(error,
		           path,
		           "sweep.trials exceeds the limit of %d trials",
		           NP_SWEEP_MAX_TRIALS);
		return NULL;
	}
	doc->trials = (guint64)value;
	if (!np_get_double(sweep, "horizon_hours", "sweep", &doc->horizon_hours, path, error)
	    || !np_get_double(sweep, "warmup_hours", "sweep", &doc->warmup_hours, path, error))
		return NULL;
	shard = cJSON_GetObjectItemCaseSensitive(sweep, "shard");
	if (shard == NULL) {
		np_not_doc(error, path, "sweep has no 'shard'");
		return NULL;
	}
	if (cJSON_IsObject(shard)) {
		gint64 index = 0, count = 0;
		if (!np_get_int(shard, "index", "sweep.shard", 0, &index, path, error)
		    || !np_get_int(shard, "count", "sweep.shard", 1, &count, path, error))
			return NULL;
		if (index >= count) {
			np_not_doc(error, path, "sweep.shard: index must be less than count");
			return NULL;
		}
		doc->sharded = TRUE;
		doc->shard_index = (guint64)index;
		doc->shard_count = (guint64)count;
	} else if (!cJSON_IsNull(shard)) {
		np_not_doc(error, path, "sweep.shard: expected an object or null");
		return NULL;
	}
	trials = cJSON_GetObjectItemCaseSensitive(root, "trials");
	if (!cJSON_IsArray(trials)) {
		np_not_doc(error, path, "no 'trials' list");
		return NULL;
	}
	cJSON_ArrayForEach (item, trials) {
		NpSweepTrial *record = np_parse_record(item, i++, path, error);
		if (record == NULL)
			return NULL;
		g_ptr_array_add(doc->records, record);
	}
	return g_steal_pointer(&doc);
}

/* -------------------------------------------------------------- merge */

/* @field differs between @a (from @path_a) and @b */
static gboolean
np_header_differs(GError **error,
                  const gchar *field,
                  const gchar *path_b,
                  const gchar *value_b,
                  const gchar *path_a,
                  const gchar *value_a)
{
	g_set_error(error,
	            NP_ERROR,
	            NP_ERROR_INVALID,
	            "%s: sweep.%s is %s, but %s has %s: these are not shards of one sweep",
	            path_b,
	            field,
	            value_b,
	            path_a,
	            value_a);
	return FALSE;
}

static gboolean
np_same_header(const NpSweepDoc *a,
               const gchar *path_a,
               const NpSweepDoc *b,
               const gchar *path_b,
               GError **error)
{
	if (strcmp(a->scenario, b->scenario) != 0) {
		g_autofree gchar *x = np_py_repr_str(a->scenario), *y = np_py_repr_str(b->scenario);
		return np_header_differs(error, "scenario", path_b, y, path_a, x);
	}
	if (strcmp(a->sha256, b->sha256) != 0) {
		g_autofree gchar *x = np_py_repr_str(a->sha256), *y = np_py_repr_str(b->sha256);
		return np_header_differs(error, "sha256", path_b, y, path_a, x);
	}
	if (a->seed != b->seed || a->trials != b->trials) {
		gboolean seed = a->seed != b->seed;
		g_autofree gchar *x =
		    g_strdup_printf("%" G_GUINT64_FORMAT, seed ? a->seed : a->trials);
		g_autofree gchar *y =
		    g_strdup_printf("%" G_GUINT64_FORMAT, seed ? b->seed : b->trials);
		return np_header_differs(error, seed ? "seed" : "trials", path_b, y, path_a, x);
	}
	if (a->horizon_hours != b->horizon_hours || a->warmup_hours != b->warmup_hours) {
		gboolean horizon = a->horizon_hours != b->horizon_hours;
		g_autofree gchar *x =
		    np_sweep_format_number(horizon ? a->horizon_hours : a->warmup_hours);
		g_autofree gchar *y =
		    np_sweep_format_number(horizon ? b->horizon_hours : b->warmup_hours);
		return np_header_differs(error,
		                         horizon ? "horizon_hours" : "warmup_hours",
		                         path_b,
		                         y,
		                         path_a,
		                         x);
	}
	return TRUE;
}

NpSweepDoc *
np_sweep_merge(GPtrArray *docs, const gchar *const *paths, GError **error)
{
	const NpSweepDoc *first;
	g_autoptr(NpSweepDoc) merged = NULL;
	g_autofree gint *from = NULL; /* the input holding each trial, -1 none */

	g_return_val_if_fail(docs != NULL && docs->len > 0, NULL);
	first = g_ptr_array_index(docs, 0);
	for (guint d = 1; d < docs->len; d++) {
		if (!np_same_header(first, paths[0], g_ptr_array_index(docs, d), paths[d], error))
			return NULL;
	}
	from = g_new(gint, first->trials);
	for (guint64 i = 0; i < first->trials; i++)
		from[i] = -1;
	merged = np_sweep_doc_new();
	g_ptr_array_set_size(merged->records, (guint)first->trials);
	for (guint d = 0; d < docs->len; d++) {
		NpSweepDoc *doc = g_ptr_array_index(docs, d);
		for (guint r = 0; r < doc->records->len; r++) {
			NpSweepTrial *record = g_ptr_array_index(doc->records, r);
			if (record->trial >= first->trials) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "%s: trial %" G_GUINT64_FORMAT
				            " is not one of 0 .. %" G_GUINT64_FORMAT,
				            paths[d],
				            record->trial,
				            first->trials - 1);
				return NULL;
			}
			if (from[record->trial] == (gint)d) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "trial %" G_GUINT64_FORMAT " is twice in %s",
				            record->trial,
				            paths[d]);
				return NULL;
			}
			if (from[record->trial] >= 0
			    && strcmp(paths[from[record->trial]], paths[d]) == 0) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "%s is given twice (trial %" G_GUINT64_FORMAT
				            " would be in both)",
				            paths[d],
				            record->trial);
				return NULL;
			}
			if (from[record->trial] >= 0) {
				g_set_error(error,
				            NP_ERROR,
				            NP_ERROR_INVALID,
				            "trial %" G_GUINT64_FORMAT " is in %s and in %s",
				            record->trial,
				            paths[from[record->trial]],
				            paths[d]);
				return NULL;
			}
			from[record->trial] = (gint)d;
			/* the record moves into the merged document */
			g_ptr_array_index(merged->records, record->trial) = record;
			g_ptr_array_index(doc->records, r) = NULL;
		}
	}
	for (guint64 i = 0; i < first->trials; i++) {
		if (from[i] < 0) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "trial %" G_GUINT64_FORMAT
			            " is in no input (a sweep of %" G_GUINT64_FORMAT
			            " trials needs 0 .. %" G_GUINT64_FORMAT ")",
			            i,
			            first->trials,
			            first->trials - 1);
			return NULL;
		}
	}
	merged->scenario = g_strdup(first->scenario);
	merged->sha256 = g_strdup(first->sha256);
	merged->seed = first->seed;
	merged->trials = first->trials;
	merged->horizon_hours = first->horizon_hours;
	merged->warmup_hours = first->warmup_hours;
	return g_steal_pointer(&merged);
}
