/* Python behaviours Nova's answers depend on (model/np-py-private.h) */
#include <string.h>

#include "np-py-private.h"
#include "np-test.h"

static void
test_int_parse(void)
{
	static const struct {
		const gchar *in;
		NpPyIntResult result;
		gint64 value;
	} cases[] = {
	    {"2", NP_PY_INT_OK, 2},
	    {" 2 ", NP_PY_INT_OK, 2},
	    {"+2", NP_PY_INT_OK, 2},
	    {"-2", NP_PY_INT_OK, -2},
	    {"02", NP_PY_INT_OK, 2},
	    {"1_000", NP_PY_INT_OK, 1000},
	    {"\xd9\xa2", NP_PY_INT_OK, 2}, /* ARABIC-INDIC DIGIT TWO */
	    {"1__0", NP_PY_INT_INVALID, 0},
	    {"_1", NP_PY_INT_INVALID, 0},
	    {"1_", NP_PY_INT_INVALID, 0},
	    {"", NP_PY_INT_INVALID, 0},
	    {" ", NP_PY_INT_INVALID, 0},
	    {"1.5", NP_PY_INT_INVALID, 0},
	    {"two", NP_PY_INT_INVALID, 0},
	    {"0x10", NP_PY_INT_INVALID, 0},
	    {"- 2", NP_PY_INT_INVALID, 0},
	    {"99999999999999999999", NP_PY_INT_OVERFLOW, G_MAXINT64},
	    {"-9223372036854775808", NP_PY_INT_OK, G_MININT64},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		gint64 value = -1;
		NpPyIntResult result = np_py_int_parse(cases[i].in, &value);
		CU_ASSERT_EQUAL(result, cases[i].result);
		if (result != NP_PY_INT_INVALID)
			CU_ASSERT_EQUAL(value, cases[i].value);
	}
}

static void
test_int_like_and_bool(void)
{
	CU_ASSERT_TRUE(np_py_is_int_like("2"));
	CU_ASSERT_TRUE(np_py_is_int_like("0"));
	CU_ASSERT_TRUE(np_py_is_int_like("-3"));
	CU_ASSERT_FALSE(np_py_is_int_like("02"));
	CU_ASSERT_FALSE(np_py_is_int_like("-0"));
	CU_ASSERT_FALSE(np_py_is_int_like(" 2"));
	CU_ASSERT_FALSE(np_py_is_int_like("+2"));
	CU_ASSERT_FALSE(np_py_is_int_like(""));
	CU_ASSERT_TRUE(np_py_bool_from_string(" Yes "));
	CU_ASSERT_TRUE(np_py_bool_from_string("TRUE"));
	CU_ASSERT_TRUE(np_py_bool_from_string("1"));
	CU_ASSERT_FALSE(np_py_bool_from_string("2"));
	CU_ASSERT_FALSE(np_py_bool_from_string("garbage"));
	CU_ASSERT_FALSE(np_py_bool_from_string(NULL));
	CU_ASSERT_TRUE(np_py_str_isdigit("12"));
	CU_ASSERT_TRUE(np_py_str_isdigit("\xc2\xb2")); /* SUPERSCRIPT TWO */
	CU_ASSERT_FALSE(np_py_str_isdigit("1.2"));
	CU_ASSERT_FALSE(np_py_str_isdigit(""));
}

static void
test_repr(void)
{
	static const gchar *cases[][2] = {
	    {"1-0", "'1-0'"},
	    {"it's", "\"it's\""},
	    {"a'b\"c", "'a\\'b\"c'"},
	    {"tab\there", "'tab\\there'"},
	    {"back\\slash", "'back\\\\slash'"},
	    {"\x01", "'\\x01'"},
	    {"caf\xc3\xa9", "'caf\xc3\xa9'"},
	    {"\xc2\x85", "'\\x85'"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *repr = np_py_repr_str(cases[i][0]);
		NP_CHECK_STR(repr, cases[i][1]);
	}
}

static void
test_repr_float(void)
{
	static const struct {
		gdouble in;
		const gchar *out;
	} cases[] = {
	    {1.0, "1.0"},     {2.5, "2.5"},	   {0.1, "0.1"},	 {1e16, "1e+16"},
	    {1e15, "1000000000000000.0"}, {1.5e-5, "1.5e-05"}, {0.0001, "0.0001"},
	    {-0.0, "-0.0"},   {3.7, "3.7"},	   {123456789.125, "123456789.125"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *repr = np_py_repr_float(cases[i].in);
		NP_CHECK_STR(repr, cases[i].out);
	}
}

static void
test_string_to_kib(void)
{
	static const struct {
		const gchar *in;
		gboolean ok;
		gdouble kib;
	} cases[] = {
	    {"2MB", TRUE, 2048},	{"2MiB", TRUE, 2048}, {"4KB", TRUE, 4},
	    {"1GB", TRUE, 1048576}, {"1b", TRUE, 1.0 / 1024}, {"1bit", TRUE, 1.0 / 1024},
	    {"8Kb", TRUE, 1},	{".5MB", TRUE, 512},	  {"0B", TRUE, 0},
	    {"2MB\n", TRUE, 2048},	{"1.MB", FALSE, 0},	  {"2kB", FALSE, 0},
	    {"2M", FALSE, 0},	{"garbage", FALSE, 0},	  {"", FALSE, 0},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		gdouble kib = -1;
		gboolean ok = np_py_string_to_kib(cases[i].in, &kib);
		CU_ASSERT_EQUAL(ok, cases[i].ok);
		if (ok && cases[i].ok)
			CU_ASSERT_DOUBLE_EQUAL(kib, cases[i].kib, 1e-12);
	}
}

static void
test_cpu_spec_errors(void)
{
	static const gchar *cases[][2] = {
	    {"1-0", "Invalid range expression '1-0'"},
	    {"a-b", "Invalid range expression 'a-b'"},
	    {"-1", "Invalid range expression '-1'"},
	    {"^x", "Invalid exclusion expression '^x'"},
	    {"x", "Invalid inclusion expression 'x'"},
	    {" 0 , 2-1 ", "Invalid range expression '2-1'"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *error = NULL;
		g_autoptr(NpPySet) set = np_py_parse_cpu_spec(cases[i][0], &error);
		NP_CHECK(set == NULL);
		NP_CHECK_STR(error, cases[i][1]);
	}
}

static gchar *
np_join(const GArray *keys)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < keys->len; i++)
		g_string_append_printf(out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
				       g_array_index(keys, gint64, i));
	return g_string_free(out, FALSE);
}

/* iteration order of parse_cpu_spec() and of oslo's coerced copy, recorded
 * from CPython 3.11 (tests/data/pyset-order.tsv: spec TAB order|coerced) */
static void
test_set_order_recorded(void)
{
	g_autofree gchar *path = g_build_filename(np_test_srcdir(), "data", "pyset-order.tsv", NULL);
	g_autofree gchar *contents = NULL;
	g_auto(GStrv) lines = NULL;
	guint checked = 0;

	NP_CHECK(g_file_get_contents(path, &contents, NULL, NULL));
	lines = g_strsplit(contents, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) cols = NULL;
		g_autofree gchar *error = NULL;
		g_autoptr(NpPySet) set = NULL;
		g_autoptr(NpPySet) copy = NULL;
		g_autoptr(GArray) a = NULL;
		g_autoptr(GArray) b = NULL;
		g_autofree gchar *got = NULL;
		g_autofree gchar *ja = NULL;
		g_autofree gchar *jb = NULL;
		if (lines[i][0] == '\0')
			continue;
		cols = g_strsplit(lines[i], "\t", 2);
		NP_CHECK(cols[1] != NULL);
		set = np_py_parse_cpu_spec(cols[0], &error);
		NP_CHECK(set != NULL);
		copy = np_py_set_coerced_copy(set);
		a = np_py_set_to_array(set);
		b = np_py_set_to_array(copy);
		ja = np_join(a);
		jb = np_join(b);
		got = g_strdup_printf("%s|%s", ja, jb);
		if (g_strcmp0(got, cols[1]) != 0)
			fprintf(stderr, "\n  spec '%s': got %s, CPython %s\n", cols[0], got, cols[1]);
		NP_CHECK_STR(got, cols[1]);
		checked++;
	}
	CU_ASSERT(checked >= 1000);
}

static void
test_set_string(void)
{
	g_autoptr(NpPySet) set = np_py_set_new_range(0, 6);
	g_autoptr(NpPySet) empty = np_py_set_new();
	g_autofree gchar *str = NULL;
	g_autofree gchar *estr = np_py_set_to_string(empty);
	np_py_set_discard(set, 0);
	np_py_set_discard(set, 2);
	str = np_py_set_to_string(set);
	NP_CHECK_STR(str, "{1, 3, 4, 5}");
	NP_CHECK_STR(estr, "set()");
}

int
main(void)
{
	CU_pSuite suite;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return EXIT_FAILURE;
	suite = CU_add_suite("python", NULL, NULL);
	CU_add_test(suite, "int_parse", test_int_parse);
	CU_add_test(suite, "int_like_and_bool", test_int_like_and_bool);
	CU_add_test(suite, "repr", test_repr);
	CU_add_test(suite, "repr_float", test_repr_float);
	CU_add_test(suite, "string_to_kib", test_string_to_kib);
	CU_add_test(suite, "cpu_spec_errors", test_cpu_spec_errors);
	CU_add_test(suite, "set_order_recorded", test_set_order_recorded);
	CU_add_test(suite, "set_string", test_set_string);
	return np_test_run();
}
