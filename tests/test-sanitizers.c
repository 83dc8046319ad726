/* Under `meson test --setup asan` the build must really carry AddressSanitizer:
 * a setup that runs unsanitized binaries would pass without checking anything. */
#include <stdio.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define NP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NP_SANITIZED 1
#endif
#endif
#ifndef NP_SANITIZED
#define NP_SANITIZED 0
#endif

int
main(void)
{
	const char *expected = getenv("NP_EXPECT_SANITIZERS");
	if (expected != NULL && expected[0] == '1' && !NP_SANITIZED) {
		fprintf(stderr,
		        "the asan test setup runs on a build without -Db_sanitize=address\n");
		return 1;
	}
	printf("sanitizers: %s\n", NP_SANITIZED ? "address" : "none (not asked for)");
	return 0;
}
