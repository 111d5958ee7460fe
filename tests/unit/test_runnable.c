/*
 * runnable.c: where each kind of program builds, what runs it and what judges it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runnable.h"
#include "util.h"

static void test_variant(void **state)
{
    (void)state;
    catalog_variant v = {"blocked", "/w/lessons/04-starvation/blocked.c",
                         "/w/lessons/04-starvation/blocked.expect",
                         "/w/build/lessons/04-starvation/blocked"};
    catalog_lesson l = {
        .number = 4, .dir = "/w/lessons/04-starvation", .variants = &v, .nvariants = 1};
    runnable r;
    runnable_variant(&l, &v, &r);
    assert_string_equal(r.name, "blocked");
    assert_string_equal(r.binary, v.binary);
    assert_string_equal(r.make_dir, l.dir);
    assert_null(r.makefile);
    assert_null(r.arg);
    assert_string_equal(r.expect_path, v.expect_path);
    runjob_options o = runnable_job_options(&r, "/w");
    assert_string_equal(o.root, "/w");
    assert_string_equal(o.binary, r.binary);
    assert_string_equal(o.make_dir, r.make_dir);
    runnable_free(&r);
    assert_null(r.name);
}

static void test_exercise_and_solution(void **state)
{
    (void)state;
    catalog_exercise e = {
        .number = 2,
        .dirname = "2-offload-hash",
        .source = "/w/exercises/2-offload-hash/offload_hash.c",
        .expect_path = "/w/exercises/2-offload-hash/offload_hash.expect",
        .solution = "/w/solutions/2-offload-hash/offload_hash.c",
    };
    runnable r;
    runnable_exercise("/w", &e, false, &r);
    assert_string_equal(r.name, "offload_hash");
    assert_string_equal(r.binary, "/w/build/exercises/2-offload-hash/offload_hash");
    assert_string_equal(r.make_dir, "/w/exercises/2-offload-hash");
    assert_string_equal(r.makefile, "/w/lessons/common/lesson.mk");
    assert_string_equal(r.expect_path, e.expect_path);
    runnable_free(&r);

    runnable_exercise("/w", &e, true, &r);
    assert_string_equal(r.source, e.solution);
    assert_string_equal(r.binary, "/w/build/solutions/2-offload-hash/offload_hash");
    assert_string_equal(r.make_dir, "/w/solutions/2-offload-hash");
    runnable_free(&r);

    /* A file named without a folder builds where the workbook runs. */
    e.source = "mine.c";
    runnable_exercise("/w", &e, false, &r);
    assert_string_equal(r.name, "mine");
    assert_string_equal(r.make_dir, ".");
    runnable_free(&r);
}

static void test_twin(void **state)
{
    (void)state;
    char dir[] = "/tmp/runnable-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *c = xasprintf("%s/busy_loop.c", dir), *mjs = xasprintf("%s/busy_loop.mjs", dir);
    catalog_variant v = {"busy_loop", c, "busy_loop.expect", "bin"};
    runnable r;
    assert_false(runnable_twin(&v, "/usr/bin/node", &r));
    assert_null(r.name);

    FILE *f = fopen(mjs, "w");
    assert_non_null(f);
    fclose(f);
    assert_true(runnable_twin(&v, "/usr/bin/node", &r));
    assert_string_equal(r.name, "busy_loop.mjs (node)");
    assert_string_equal(r.binary, "/usr/bin/node");
    assert_string_equal(r.arg, mjs);
    assert_null(r.make_dir); /* node runs the script as it is */
    assert_string_equal(r.expect_path, "busy_loop.expect");
    runnable_free(&r);
    /* Without node the twin is still found, and has nothing to run it. */
    assert_true(runnable_twin(&v, NULL, &r));
    assert_null(r.binary);
    runnable_free(&r);
    unlink(mjs);
    rmdir(dir);
    free(c);
    free(mjs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_variant),
        cmocka_unit_test(test_exercise_and_solution),
        cmocka_unit_test(test_twin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
