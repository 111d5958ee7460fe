/*
 * The toolchain's answer, as toolchain.sh gives it: parsed, described, its OpenMP named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "toolchain.h"

static const char *answer = "cc=clang\n"
                            "kind=clang\n"
                            "name=clang 14.0.6\n"
                            "openmp=201811\n"
                            "libuv=1.44\n"
                            "include=/src/lessons/common\n"
                            "uv_cflags=-I/opt/uv/include\n"
                            "uv_libs=-L/opt/uv/lib -luv\n"
                            "tsan_cflags=-std=gnu11 -fsanitize=thread -g -O1 -fno-inline "
                            "-pthread -I/src/lessons/common -I/opt/uv/include\n"
                            "tsan_libs=-L/opt/uv/lib -luv -pthread -lm\n"
                            "cflags=-O2 -g -Wall -Wextra -std=gnu11 -pthread -fopenmp "
                            "-I/src/lessons/common -I/opt/uv/include\n"
                            "libs=-L/opt/uv/lib -luv -pthread -fopenmp -lm\n";

static void test_parse_and_describe(void **state)
{
    (void)state;
    toolchain t;
    assert_int_equal(toolchain_parse(answer, &t), 0);
    assert_string_equal(t.cc, "clang");
    assert_string_equal(t.kind, "clang");
    assert_string_equal(t.libs, "-L/opt/uv/lib -luv -pthread -fopenmp -lm");
    assert_string_equal(t.include, "/src/lessons/common");
    assert_string_equal(t.uv_libs, "-L/opt/uv/lib -luv");
    assert_string_equal(t.tsan_libs, "-L/opt/uv/lib -luv -pthread -lm");
    char *d = toolchain_describe(&t);
    /* The folders are left out: they say where, not how. */
    assert_string_equal(d, "clang 14.0.6 (CC=clang) -O2 -g -Wall -Wextra -std=gnu11 -pthread "
                           "-fopenmp");
    free(d);
    assert_string_equal(toolchain_openmp_version(&t), "5.0 (201811)");
    toolchain_release(&t);
}

static void test_incomplete_answers(void **state)
{
    (void)state;
    toolchain t;
    /* The script's error, or an answer cut short, is not a toolchain. */
    assert_int_equal(toolchain_parse("clang 14.0.6 cannot compile OpenMP here\n", &t), -1);
    assert_null(t.cc);
    assert_int_equal(toolchain_parse("cc=gcc\nkind=gcc\nname=gcc 12\n", &t), -1);
    assert_int_equal(toolchain_parse("", &t), -1);
    /* A key must be whole: "ccx=" is not "cc=". */
    char *odd = malloc(strlen(answer) + 8);
    strcpy(odd, "ccx=no\n");
    strcat(odd, answer + strlen("cc=clang\n"));
    assert_int_equal(toolchain_parse(odd, &t), -1);
    free(odd);
}

static void test_openmp_names(void **state)
{
    (void)state;
    toolchain t = {.openmp = "201511"};
    assert_string_equal(toolchain_openmp_version(&t), "4.5 (201511)");
    t.openmp = "202111";
    assert_string_equal(toolchain_openmp_version(&t), "5.2 (202111)");
    t.openmp = "199810"; /* older than any the table knows: the date itself */
    assert_string_equal(toolchain_openmp_version(&t), "199810");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_describe),
        cmocka_unit_test(test_incomplete_answers),
        cmocka_unit_test(test_openmp_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
