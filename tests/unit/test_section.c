/*
 * Unit tests for runner/check/section.c and the `unchanged` directive: the digest of a marked
 * section changes with the section and only with it, line endings and trailing spaces
 * never count, and the directive is read or refused with a clear message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "section.h"

#define MARK "do not change"

static uint64_t digest_of(const char *text, int *line)
{
    uint64_t d = 0;
    *line = section_digest(text, strlen(text), MARK, &d);
    return d;
}

static void test_only_the_section_counts(void **state)
{
    (void)state;
    int line;
    uint64_t base = digest_of("int a;\n/* do not change */\nint b;\n", &line);
    assert_int_equal(line, 2);
    /* Above the marker: the student's part, free to change. */
    assert_int_equal(digest_of("int a = 1;\n\n/* do not change */\nint b;\n", &line), base);
    assert_int_equal(line, 3);
    /* In the section: a change is a change. */
    assert_true(digest_of("int a;\n/* do not change */\nint c;\n", &line) != base);
    assert_true(digest_of("int a;\n/* do not change */\nint b;\nint c;\n", &line) != base);
    assert_true(digest_of("int a;\n/* do not change */\n", &line) != base);
}

static void test_line_endings_do_not_count(void **state)
{
    (void)state;
    int line;
    uint64_t base = digest_of("x\n/* do not change */\nint b;\n", &line);
    assert_int_equal(digest_of("x\r\n/* do not change */\r\nint b;\r\n", &line), base);
    assert_int_equal(digest_of("x\n/* do not change */  \nint b;\t\n", &line), base);
    assert_int_equal(digest_of("x\n/* do not change */\nint b;", &line), base);
    /* Leading spaces are not trailing ones. */
    assert_true(digest_of("x\n/* do not change */\n  int b;\n", &line) != base);
}

static void test_missing_marker(void **state)
{
    (void)state;
    int line;
    digest_of("int a;\n/* do not edit */\n", &line);
    assert_int_equal(line, 0);
    digest_of("", &line);
    assert_int_equal(line, 0);
}

static void test_directive(void **state)
{
    (void)state;
    static const char text[] = "unchanged 0123456789abcdef The load generator: do not change\n";
    expect_file *f = NULL;
    char err[256];
    assert_int_equal(expect_parse(text, sizeof text - 1, "t.expect", &f, err, sizeof err), 0);
    assert_int_equal(expect_unchanged_count(f), 1);
    uint64_t d;
    assert_string_equal(expect_unchanged(f, 0, &d), "The load generator: do not change");
    assert_int_equal(d, 0x0123456789abcdefull);
    expect_free(f);

    static const char *const bad[] = {"unchanged\n", "unchanged 0123 text\n",
                                      "unchanged 0123456789ABCDEF text\n",
                                      "unchanged 0123456789abcdef\n",
                                      "unchanged 0123456789abcdef0 text\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = NULL;
        assert_true(expect_parse(bad[i], strlen(bad[i]), "t.expect", &f, err, sizeof err) < 0);
        assert_null(f);
        assert_non_null(strstr(err, "t.expect:1: write 'unchanged DIGEST TEXT'"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_the_section_counts),
        cmocka_unit_test(test_line_endings_do_not_count),
        cmocka_unit_test(test_missing_marker),
        cmocka_unit_test(test_directive),
    };
    return cmocka_run_group_tests_name("section", tests, NULL, NULL);
}
