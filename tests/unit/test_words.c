/*
 * The verdict's own sentences (words.h): each says what it must, with its values, so that
 * the text verdict, TAP, JSON, JUnit and the screens, which all take them from there, read
 * the same.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "words.h"

static void test_not_judged(void **state)
{
    (void)state;
    /* Each status not judged keeps its own reason: none reads as another. */
    assert_string_equal(words_not_judged(EXPECT_NOT_GRADABLE), "not gradable on this machine");
    assert_string_equal(words_not_judged(EXPECT_NOT_RUN), WORDS_NOT_RUN);
    assert_string_equal(words_not_judged(EXPECT_PENDING), "pending: the run has not ended");
    assert_true(expect_status_skipped(EXPECT_NOT_GRADABLE));
    assert_true(expect_status_skipped(EXPECT_PENDING));
    assert_false(expect_status_skipped(EXPECT_INFO));
    assert_string_equal(expect_status_name(EXPECT_NOT_GRADABLE), "not_gradable");
}

static void test_summary(void **state)
{
    (void)state;
    char buf[128];
    words_checks(buf, sizeof buf, true, 7, 7, 1, 1);
    assert_string_equal(buf, "7 of 7 checks");
    words_checks(buf, sizeof buf, false, 5, 7, 0, 3);
    assert_string_equal(buf, "5 of 7 checks passed; timing held in 0 of 3 runs");
    assert_string_equal(words_verdict(true), "passed");
    assert_string_equal(words_verdict(false), "not yet");
    char *w = words_warnings(1);
    assert_string_equal(w, "with 1 warning (shown above)");
    free(w);
    w = words_more_lines(2);
    assert_string_equal(w, "2 more lines");
    free(w);
}

static void test_sections_and_notes(void **state)
{
    (void)state;
    char *hint;
    char *found = words_section_found("// kept", 12, 5, 5, &hint);
    assert_string_equal(found, "unchanged, from line 12 to the end");
    assert_null(hint);
    free(found);
    found = words_section_found("// kept", 12, 5, 6, &hint);
    assert_string_equal(found, "changed (from line 12 on; digest 0000000000000005, not "
                               "0000000000000006)");
    assert_non_null(strstr(hint, "line 12 (\"// kept\")"));
    free(found);
    free(hint);
    found = words_section_found("// kept", 0, 0, 6, &hint);
    assert_non_null(strstr(hint, "starts with \"// kept\""));
    free(found);
    free(hint);

    char buf[256];
    words_needs(buf, sizeof buf, "cores >= 2", "1 core");
    assert_string_equal(buf, "not gradable here: needs cores >= 2 (this machine: 1 core)");
    words_needs(buf, sizeof buf, "cores >= 2", "");
    assert_string_equal(buf, "not gradable here: needs cores >= 2");
    words_capture_missing(buf, sizeof buf, "hb1", 4);
    assert_string_equal(buf, "not run: 'hb1' (line 4) is missing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_judged),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_sections_and_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
