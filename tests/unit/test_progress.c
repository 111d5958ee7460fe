/*
 * Unit tests for runner/book/progress.c: what is stored comes back, a damaged file is
 * reported, kept aside and rebuilt, and two workbooks saving at once lose nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"

/* A fresh folder for one test, removed by teardown. */
static int setup_dir(void **state)
{
    char tmpl[] = "/tmp/test_progress.XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    *state = xstrdup(dir);
    return 0;
}

static int teardown_dir(void **state)
{
    char *cmd = xasprintf("rm -rf '%s'", (char *)*state);
    int rc = system(cmd);
    free(cmd);
    free(*state);
    return rc == 0 ? 0 : -1;
}

static char *state_path(void **state, const char *name)
{
    return xasprintf("%s/state/%s", (char *)*state, name);
}

static progress *open_state(void **state, char **warning)
{
    char *dir = xasprintf("%s/state", (char *)*state);
    progress *p = progress_open("/nonexistent", dir, warning);
    free(dir);
    return p;
}

static void test_round_trip(void **state)
{
    char *warning;
    progress *p = open_state(state, &warning);
    assert_null(warning);
    assert_false(progress_passed(p, 2));
    assert_int_equal(progress_hints(p, 2), 0);
    progress_set_passed(p, 2);
    progress_set_passed(p, 2);
    progress_set_seen(p, "04-starvation");
    progress_set_held(p, "02-io-overlap");
    progress_set_hints(p, 1, 2);
    progress_set_hints(p, 1, 3);
    assert_int_equal(progress_save(p), 0);
    progress_free(p);

    p = open_state(state, &warning);
    assert_null(warning);
    assert_true(progress_passed(p, 2));
    assert_false(progress_passed(p, 1));
    assert_true(progress_seen(p, "04-starvation"));
    assert_false(progress_seen(p, "05-threads"));
    /* A lesson that held was seen too; one only seen has not held. */
    assert_true(progress_held(p, "02-io-overlap"));
    assert_true(progress_seen(p, "02-io-overlap"));
    assert_false(progress_held(p, "04-starvation"));
    assert_int_equal(progress_hints(p, 1), 3);
    assert_int_equal(progress_hints(p, 3), 0);
    progress_free(p);

    /* The file is text a person can read. */
    char *path = state_path(state, "progress"), *text;
    size_t len;
    assert_int_equal(util_read_file(path, 4096, &text, &len), 0);
    assert_non_null(strstr(text, "passed 2\n"));
    assert_non_null(strstr(text, "seen 04-starvation\n"));
    assert_non_null(strstr(text, "held 02-io-overlap\n"));
    assert_non_null(strstr(text, "hints 1 3\n"));
    free(text);
    free(path);
}

static void test_parse(void **state)
{
    (void)state;
    progress *p = progress_new("/tmp");
    const char good[] = "# comment\r\npassed 1\n\nseen 01-busy-loop\r\nhints 2 1\nhints 2 3";
    assert_int_equal(progress_parse(p, good, sizeof good - 1), 0);
    assert_true(progress_passed(p, 1));
    assert_true(progress_seen(p, "01-busy-loop"));
    assert_int_equal(progress_hints(p, 2), 3);

    /* Each of these is not progress; the number is the first bad line. */
    const char *bad[] = {"passed\n",       "passed one\n", "passed 1 2\n", "hints 1\n",
                         "seen a/b\n",     "frobnicate\n", "passed -1\n",  "passed 99999\n",
                         "seen \x1b[2J\n", "hints 1 x\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(progress_parse(p, bad[i], strlen(bad[i])), 1);
    const char later[] = "passed 1\npassed 2\nnonsense\n";
    assert_int_equal(progress_parse(p, later, sizeof later - 1), 3);
    const char nul[] = "passed 1\0\n";
    assert_int_equal(progress_parse(p, nul, sizeof nul - 1), 1);
    progress_free(p);
}

static void test_format_parses_back(void **state)
{
    (void)state;
    progress *p = progress_new("/tmp");
    progress_set_passed(p, 3);
    progress_set_passed(p, 1);
    progress_set_seen(p, "02-io-overlap");
    progress_set_hints(p, 3, 2);
    char *text = progress_format(p);
    progress *q = progress_new("/tmp");
    assert_int_equal(progress_parse(q, text, strlen(text)), 0);
    assert_true(progress_passed(q, 1) && progress_passed(q, 3));
    assert_true(progress_seen(q, "02-io-overlap"));
    assert_int_equal(progress_hints(q, 3), 2);
    /* Sorted, so that the file does not churn. */
    assert_true(strstr(text, "passed 1") < strstr(text, "passed 3"));
    free(text);
    progress_free(p);
    progress_free(q);
}

static void test_damaged_file_rebuilt(void **state)
{
    char *dir = xasprintf("%s/state", (char *)*state);
    assert_int_equal(util_mkdirs(dir, 0755), 0);
    char *path = state_path(state, "progress");
    const char junk[] = "passed 1\n\x89PNG garbage\n";
    assert_int_equal(util_write_file_atomic(path, junk, sizeof junk - 1), 0);

    char *warning;
    progress *p = open_state(state, &warning);
    assert_non_null(warning);
    assert_non_null(strstr(warning, "damaged (line 2)"));
    free(warning);
    /* Nothing half-read survives: progress starts afresh. */
    assert_false(progress_passed(p, 1));
    char *kept = state_path(state, "progress.corrupt");
    assert_int_equal(access(kept, F_OK), 0);
    assert_int_not_equal(access(path, F_OK), 0);

    progress_set_passed(p, 3);
    assert_int_equal(progress_save(p), 0);
    progress_free(p);
    p = open_state(state, &warning);
    assert_null(warning);
    assert_true(progress_passed(p, 3));
    progress_free(p);
    free(kept);
    free(path);
    free(dir);
}

static void test_saves_merge(void **state)
{
    char *warning;
    progress *a = open_state(state, &warning);
    progress *b = open_state(state, &warning);
    progress_set_passed(a, 1);
    progress_set_hints(a, 2, 2);
    assert_int_equal(progress_save(a), 0);
    progress_set_passed(b, 3);
    progress_set_hints(b, 2, 1);
    assert_int_equal(progress_save(b), 0);
    progress_free(a);
    progress_free(b);

    progress *c = open_state(state, &warning);
    assert_true(progress_passed(c, 1));
    assert_true(progress_passed(c, 3));
    assert_int_equal(progress_hints(c, 2), 2);
    progress_free(c);
}

static void test_read_only_checkout_uses_xdg(void **state)
{
    /* A root we cannot write to (one that is not there stands in for a read-only
       checkout, since root may write anywhere): the state goes to XDG's folder. */
    char *xdg = xasprintf("%s/xdg", (char *)*state);
    setenv("XDG_STATE_HOME", xdg, 1);
    unsetenv("WORKBOOK_STATE_DIR");
    char *warning;
    progress *p = progress_open("/nonexistent-root", NULL, &warning);
    char *want = xasprintf("%s/wait-or-work", xdg);
    assert_string_equal(progress_dir(p), want);
    progress_set_passed(p, 1);
    assert_int_equal(progress_save(p), 0);
    progress_free(p);
    free(want);

    /* A writable one keeps it in .workbook/. */
    p = progress_open((char *)*state, NULL, &warning);
    want = xasprintf("%s/.workbook", (char *)*state);
    assert_string_equal(progress_dir(p), want);
    progress_free(p);
    free(want);
    free(xdg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup_dir, teardown_dir),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format_parses_back),
        cmocka_unit_test_setup_teardown(test_damaged_file_rebuilt, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_saves_merge, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_read_only_checkout_uses_xdg, setup_dir, teardown_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
