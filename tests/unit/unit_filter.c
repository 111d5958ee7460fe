/*
 * Linked into every unit test binary: runs only the tests whose names match
 * $UNIT_FILTER (cmocka's own filter, `*` and `?` as wildcards), so that one test can
 * be run alone (`make unit T=expect F=any_order`) without each test's main() knowing.
 * A constructor, because cmocka_set_test_filter must be called before the group runs
 * and the mains are the tests' own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

__attribute__((constructor)) static void unit_filter_from_environment(void)
{
    const char *pattern = getenv("UNIT_FILTER");
    if (pattern != NULL && pattern[0] != '\0')
        cmocka_set_test_filter(pattern);
}
