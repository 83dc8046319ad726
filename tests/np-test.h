/* numaplan tests — a CUnit runner that fails when it should
 *
 * CUnit's CU_basic_run_tests() returns success even when tests fail, and a
 * suite whose init fails runs nothing silently. np_test_run() returns
 * non-zero for failed tests, failed suites, a failed run, or zero tests.
 */
#pragma once

#include <CUnit/Basic.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

/* a non-fatal check that returns from the test on failure, so g_auto
 * cleanups still run (CU_ASSERT_*_FATAL longjmps past them) */
#define NP_CHECK(cond)                                                                    \
	do {                                                                              \
		gboolean np_ok_ = (cond) ? TRUE : FALSE;                                  \
		CU_assertImplementation(np_ok_, __LINE__, #cond, __FILE__, "", CU_FALSE); \
		if (!np_ok_)                                                              \
			return;                                                           \
	} while (0)

#define NP_CHECK_STR(actual, expected)                                  \
	do {                                                            \
		const gchar *np_a_ = (actual), *np_e_ = (expected);     \
		if (g_strcmp0(np_a_, np_e_) != 0) {                     \
			fprintf(stderr,                                 \
			        "\n  %s:%d: got '%s', expected '%s'\n", \
			        __FILE__,                               \
			        __LINE__,                               \
			        np_a_ ? np_a_ : "(null)",               \
			        np_e_ ? np_e_ : "(null)");              \
			CU_FAIL("strings differ");                      \
			return;                                         \
		}                                                       \
		CU_PASS("equal");                                       \
	} while (0)

static inline const gchar *
np_test_srcdir(void)
{
	const gchar *dir = g_getenv("NP_TEST_SRCDIR");
	return dir != NULL ? dir : ".";
}

static inline gint
np_test_run(void)
{
	CU_ErrorCode rc;
	unsigned int failed, suites_failed, ran;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	rc = CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed();
	suites_failed = CU_get_number_of_suites_failed();
	ran = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	if (rc != CUE_SUCCESS || failed > 0 || suites_failed > 0 || ran == 0) {
		fprintf(stderr,
		        "FAILED: run=%d tests failed=%u suites failed=%u ran=%u\n",
		        rc,
		        failed,
		        suites_failed,
		        ran);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* a driver of named cases, one test process per case as meson registers
 * them: `PROG CASE` (or `all`) runs it, `PROG --count N` checks that meson
 * registers as many cases as the driver has, `PROG --list` lists them */
typedef struct {
	const gchar *name;
	CU_TestFunc func;
} NpTestCase;

/* -1 when @argv asks to run cases (then the registry holds a suite
 * @suite_name with them), else the exit status */
static inline gint
np_test_cases_register(gint argc,
                       gchar **argv,
                       const gchar *suite_name,
                       const NpTestCase *cases,
                       gsize n_cases)
{
	CU_pSuite suite;

	if (argc == 3 && g_strcmp0(argv[1], "--count") == 0) {
		if (g_ascii_strtoull(argv[2], NULL, 10) == n_cases)
			return 0;
		fprintf(stderr,
		        "meson registers %s cases, the driver has %" G_GSIZE_FORMAT "\n",
		        argv[2],
		        n_cases);
		return 1;
	}
	if (argc != 2 || g_strcmp0(argv[1], "--list") == 0) {
		for (gsize i = 0; i < n_cases; i++)
			printf("%s\n", cases[i].name);
		return argc == 2 ? 0 : 2;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	suite = CU_add_suite(suite_name, NULL, NULL);
	for (gsize i = 0; i < n_cases; i++)
		if (g_strcmp0(argv[1], cases[i].name) == 0 || g_strcmp0(argv[1], "all") == 0)
			CU_add_test(suite, cases[i].name, cases[i].func);
	return -1;
}
