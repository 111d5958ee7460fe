/*
 * What to install when a build fails for want of a tool or a library.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "words_advice.h"

static void test_missing_things_name_their_package(void **state)
{
    (void)state;
    const char *a = advice_for_build_line(
        "lessons/04-starvation/blocked.c:13:10: fatal error: uv.h: No such file or directory");
    assert_non_null(a);
    assert_non_null(strstr(a, "libuv1-dev"));
    assert_non_null(
        strstr(advice_for_build_line("/usr/bin/ld: cannot find -luv: No such file"), "libuv1-dev"));
    assert_non_null(
        strstr(advice_for_build_line("x.c:2:10: fatal error: omp.h: No such file"), "gcc"));
    assert_non_null(strstr(advice_for_build_line("sh: 1: cc: not found"), "build-essential"));
}

static void test_clang_words_too(void **state)
{
    (void)state;
    assert_non_null(
        strstr(advice_for_build_line("x.c:1:10: fatal error: 'nosuchdir/uv.h' file not found"),
               "libuv1-dev"));
    assert_non_null(strstr(advice_for_build_line("x.c:1:10: fatal error: 'omp.h' file not found"),
                           "libomp-dev"));
    assert_non_null(strstr(advice_for_build_line("/usr/bin/ld: cannot find -lomp: No such file"),
                           "libomp-dev"));
}

static void test_other_lines_get_nothing(void **state)
{
    (void)state;
    assert_null(advice_for_build_line("x.c:3:12: error: 'nosuch' undeclared"));
    assert_null(advice_for_build_line(""));
    assert_null(advice_for_build_line(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_things_name_their_package),
        cmocka_unit_test(test_clang_words_too),
        cmocka_unit_test(test_other_lines_get_nothing),
    };
    return cmocka_run_group_tests_name("advice", tests, NULL, NULL);
}
