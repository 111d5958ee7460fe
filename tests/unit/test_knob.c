/* Unit tests for knobs: the `knob`, `lasts` and `plot` directives (runner/expect_knob.c),
   settings as typed (runner/knobset.c), and the sweep's chart (runner/plot.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "knobset.h"
#include "plot.h"
#include "unit_assert.h"

static const expect_machine two_cores = {.cores = 2, .omp_threads = 2, .load = 0.25};

/* Lesson 10's sized pool in short: the stat waits for floor(8 / pool) waves. */
static const char POOL[] = "title pool\n"
                           "knob    pool = 9 in [1, 128]  threads in the pool\n"
                           "knob    jobs = 8 in [1, 64]  jobs queued before the stat\n"
                           "lasts   100 * ceil(jobs / pool)\n"
                           "plot    stat expected 100 * floor(jobs / pool) ideal 0\n"
                           "line    stat done at {stat:ms} ms\n"
                           "expect  stat = 100 * floor(jobs / pool) +60/-2\n"
                           "  hint  the stat waited {stat} ms for {floor(jobs / pool)} waves\n"
                           "event   stat wanted 100 * floor(jobs / pool) as stat\n";

static expect_file *parse_ok(const char *text)
{
    expect_file *f = NULL;
    char err[256];
    int rc = expect_parse(text, strlen(text), "t.expect", &f, err, sizeof err);
    if (rc != 0)
        print_error("unexpected parse error: %s\n", err);
    assert_int_equal(rc, 0);
    return f;
}

/* The message of a file that must not parse. */
static void parse_fails(const char *text, const char *want)
{
    expect_file *f = NULL;
    char err[256];
    assert_int_equal(expect_parse(text, strlen(text), "t.expect", &f, err, sizeof err),
                     EXPECT_ERR_FORMAT);
    assert_null(f);
    if (!strstr(err, want))
        print_error("error '%s' does not say '%s'\n", err, want);
    assert_non_null(strstr(err, want));
}

static const expect_row *row_named(const expect_result *r, const char *subject)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (r->rows[i].subject && strcmp(r->rows[i].subject, subject) == 0)
            return &r->rows[i];
    fail_msg("no row for %s", subject);
    return NULL;
}

static void test_knob_declared_with_range_and_default(void **state)
{
    (void)state;
    expect_file *f = parse_ok(POOL);
    assert_int_equal(expect_knob_count(f), 2);
    expect_knob k;
    expect_knob_info(f, 0, &two_cores, &k);
    assert_string_equal(k.name, "pool");
    assert_string_equal(k.what, "threads in the pool");
    assert_int_equal(k.lo, 1);
    assert_int_equal(k.hi, 128);
    assert_int_equal(k.def, 9);
    assert_int_equal(k.value, 9);
    assert_false(k.set);
    assert_int_equal(expect_knob_find(f, "jobs"), 1);
    assert_int_equal(expect_knob_find(f, "threads"), -1);
    expect_free(f);
}

static void test_default_from_the_machine(void **state)
{
    (void)state;
    expect_file *f = parse_ok("knob threads = min(omp_threads, 8) in [1, 64]  the team\n"
                              "line t {x:int}\n");
    expect_knob k;
    expect_knob_info(f, 0, &two_cores, &k);
    assert_int_equal(k.def, 2);
    expect_machine big = {.cores = 32, .omp_threads = 32};
    expect_knob_info(f, 0, &big, &k);
    assert_int_equal(k.def, 8);
    expect_free(f);
}

static void test_formulas_follow_the_knobs(void **state)
{
    (void)state;
    expect_file *f = parse_ok(POOL);
    const char *at_once[] = {"stat done at 5 ms"};
    const char *one_wave[] = {"stat done at 104 ms"};
    /* Default pool 9: the stat is answered at once. */
    expect_result *r = expect_match(f, at_once, 1, true, &two_cores);
    assert_true(r->passed);
    assert_string_equal(row_named(r, "stat")->expected, "0 +60/-2");
    expect_result_free(r);
    r = expect_match(f, one_wave, 1, true, &two_cores);
    assert_false(r->passed);
    expect_result_free(r);
    /* A pool of 8: the stat waits for one job, and the table says for which values. */
    char err[256];
    assert_int_equal(expect_knob_set(f, "pool", "8", err, sizeof err), 0);
    r = expect_match(f, one_wave, 1, true, &two_cores);
    assert_true(r->passed);
    assert_string_equal(row_named(r, "stat")->expected,
                        "100 +60/-2 (100 * floor(jobs / pool), pool 8)");
    expect_result_free(r);
    r = expect_match(f, at_once, 1, true, &two_cores);
    assert_false(r->passed);
    assert_string_equal(row_named(r, "stat")->hint, "the stat waited 5 ms for 1 waves");
    /* The timeline follows too. */
    expect_mark mk;
    assert_int_equal(expect_mark_count(f), 1);
    expect_marks(f, r, &two_cores, &mk);
    assert_true(mk.has_wanted);
    assert_double_eq(mk.wanted, 100);
    expect_result_free(r);
    /* Back to the defaults. */
    expect_knob_reset(f);
    r = expect_match(f, at_once, 1, true, &two_cores);
    assert_true(r->passed);
    expect_result_free(r);
    expect_free(f);
}

static void test_bad_values_name_the_knob_and_its_range(void **state)
{
    (void)state;
    expect_file *f = parse_ok(POOL);
    char err[256];
    assert_int_equal(expect_knob_set(f, "pool", "0", err, sizeof err), -ERANGE);
    assert_string_equal(err, "knob pool goes from 1 to 128; 0 is out of its range");
    assert_int_equal(expect_knob_set(f, "pool", "eight", err, sizeof err), -EINVAL);
    assert_string_equal(err, "knob pool takes a whole number in [1, 128], not 'eight'");
    assert_int_equal(expect_knob_set(f, "pool", "8.5", err, sizeof err), -EINVAL);
    assert_int_equal(expect_knob_set(f, "pool", "", err, sizeof err), -EINVAL);
    assert_int_equal(expect_knob_set(f, "pools", "8", err, sizeof err), -ENOENT);
    assert_string_equal(err,
                        "this program has no knob 'pools'; its knobs are pool in [1, 128], jobs "
                        "in [1, 64]");
    /* A refused value leaves the knob as it was. */
    expect_knob k;
    expect_knob_info(f, 0, &two_cores, &k);
    assert_false(k.set);
    assert_int_equal(k.value, 9);
    expect_free(f);
}

static void test_knob_parse_errors(void **state)
{
    (void)state;
    parse_fails("knob pool 9\n", "write 'knob NAME = DEFAULT in [LOW, HIGH]");
    parse_fails("knob pool = 9 in [1, 64]\n", "needs a line saying what it changes");
    parse_fails("knob pool = 99 in [1, 64]  x\n", "not a whole number in [1, 64]");
    parse_fails("knob pool = 9 in [64, 1]  x\n", "goes from 64 down to 1");
    parse_fails("knob pool = 9 in [1, 64]  x\nknob pool = 9 in [1, 64]  y\n", "a second knob");
    parse_fails("knob cores = 2 in [1, 64]  x\n", "is a machine fact");
    parse_fails("knob pool = seq in [1, 64]  x\n", "may name cores and omp_threads only");
    parse_fails("knob pool = 9 in [1, 64]  x\nline {pool:int}\n", "both a knob and a capture");
    parse_fails("knob pool = 9 in [1, 64]  x\nline {t:ms}\nlasts t * pool\n",
                "'lasts' is known before the run");
    parse_fails("line {t:ms}\nplot nothing\n", "no capture or let 'nothing'");
    parse_fails("line {t:ms}\nplot t ideal zz\n", "unknown name 'zz'");
    parse_fails("line {t:ms}\nplot t\nplot t\n", "a second 'plot'");
}

static void test_lasts_refuses_runs_past_the_limit(void **state)
{
    (void)state;
    expect_file *f = parse_ok(POOL);
    char err[256];
    double ms = 0;
    assert_int_equal(expect_lasts(f, &two_cores, &ms), 0);
    assert_double_eq(ms, 100);
    assert_int_equal(knobset_check_time(f, &two_cores, 30, err, sizeof err), 0);
    assert_int_equal(expect_knob_set(f, "pool", "1", err, sizeof err), 0);
    assert_int_equal(expect_knob_set(f, "jobs", "64", err, sizeof err), 0);
    assert_int_equal(knobset_check_time(f, &two_cores, 30, err, sizeof err), 0);
    assert_int_equal(knobset_check_time(f, &two_cores, 5, err, sizeof err), -ETIME);
    assert_string_equal(err, "with pool 1, jobs 64 the run takes at least 6.4 s "
                             "(100 * ceil(jobs / pool) ms), more than its time limit of 5 s: "
                             "choose smaller values");
    expect_free(f);
    f = parse_ok("line {t:ms}\n");
    assert_int_equal(expect_lasts(f, &two_cores, &ms), -ENOENT);
    assert_int_equal(knobset_check_time(f, &two_cores, 1, err, sizeof err), 0);
    expect_free(f);
}

static void test_plot_values(void **state)
{
    (void)state;
    expect_file *f = parse_ok(POOL);
    char err[256];
    assert_int_equal(expect_knob_set(f, "pool", "4", err, sizeof err), 0);
    const char *out[] = {"stat done at 210 ms"};
    expect_result *r = expect_match(f, out, 1, true, &two_cores);
    expect_plot_point p;
    expect_plot_values(f, r, &two_cores, &p);
    assert_string_equal(expect_plot_name(f), "stat");
    assert_true(p.has_measured && p.has_expected && p.has_ideal);
    assert_double_eq(p.measured, 210);
    assert_double_eq(p.expected, 200);
    assert_double_eq(p.ideal, 0);
    expect_result_free(r);
    expect_free(f);
}

static void test_ints_capture_is_the_sum(void **state)
{
    (void)state;
    expect_file *f = parse_ok("knob waits = 3 in [1, 100]  x\n"
                              "line results = [{r:ints}]\n"
                              "expect r = 17 * waits\n");
    const char *three[] = {"results = [17, 17, 17]"};
    const char *five[] = {"results = [17, 17, 17, 17, 17]"};
    const char *bad[] = {"results = [17,17]"};
    expect_result *r = expect_match(f, three, 1, true, &two_cores);
    assert_true(r->passed);
    expect_result_free(r);
    r = expect_match(f, five, 1, true, &two_cores);
    assert_false(r->passed);
    expect_result_free(r);
    char err[256];
    assert_int_equal(expect_knob_set(f, "waits", "5", err, sizeof err), 0);
    r = expect_match(f, five, 1, true, &two_cores);
    assert_true(r->passed);
    expect_result_free(r);
    r = expect_match(f, bad, 1, true, &two_cores);
    assert_false(r->passed);
    expect_result_free(r);
    expect_free(f);
}

static void test_settings_as_typed(void **state)
{
    (void)state;
    knobset s = {0};
    char err[256];
    assert_int_equal(knobset_add(&s, "pool=8", err, sizeof err), 0);
    assert_int_equal(knobset_add(&s, "jobs=16", err, sizeof err), 0);
    assert_int_equal(knobset_add(&s, "pool=9", err, sizeof err), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.value[0], "9");
    assert_int_equal(knobset_add(&s, "pool", err, sizeof err), -EINVAL);
    assert_string_equal(err, "--set takes a knob and a value, like --set pool=8, not 'pool'");
    assert_int_equal(knobset_add(&s, "=3", err, sizeof err), -EINVAL);
    knobset_drop(&s, "pool");
    assert_int_equal(s.n, 1);
    assert_string_equal(s.name[0], "jobs");

    knobset_range r;
    assert_int_equal(knobset_parse_range("threads=1..8", &r, err, sizeof err), 0);
    assert_string_equal(r.name, "threads");
    assert_int_equal(r.from, 1);
    assert_int_equal(r.to, 8);
    assert_int_equal(r.step, 1);
    assert_int_equal(knobset_parse_range("pool=4..12:2", &r, err, sizeof err), 0);
    assert_int_equal(r.step, 2);
    assert_int_equal(knobset_parse_range("pool=4..x", &r, err, sizeof err), -EINVAL);
    assert_int_equal(knobset_parse_range("pool=4", &r, err, sizeof err), -EINVAL);
    assert_int_equal(knobset_parse_range("pool=8..4", &r, err, sizeof err), -EINVAL);
    assert_string_equal(err, "the range of pool must rise, with a step of 1 or more: 'pool=8..4'");
    assert_int_equal(knobset_parse_range("pool=1..4:0", &r, err, sizeof err), -EINVAL);
}

static void test_env_gives_only_set_knobs(void **state)
{
    (void)state;
    expect_file *f = parse_ok(POOL);
    char err[256];
    assert_int_equal(expect_knob_set(f, "pool", "8", err, sizeof err), 0);
    const char *base[] = {"PATH=/bin", "KNOB_JOBS=99", "HOME=/h", NULL};
    char **env = knobset_env(base, f);
    assert_string_equal(env[0], "PATH=/bin");
    assert_string_equal(env[1], "HOME=/h"); /* a stray KNOB_ is never passed on */
    assert_string_equal(env[2], "KNOB_POOL=8");
    assert_null(env[3]);
    knobset_env_free(env);
    char var[32];
    assert_string_equal(expect_knob_env("wait_ms", var, sizeof var), "KNOB_WAIT_MS");
    expect_free(f);
}

static void test_plot_draws_points_where_plot_cell_says(void **state)
{
    (void)state;
    plot_point pts[] = {
        {.x = 1, .has_measured = true, .measured = 1, .has_ideal = true, .ideal = 1},
        {.x = 2, .has_measured = true, .measured = 1.9, .has_ideal = true, .ideal = 2},
        {.x = 3, .has_measured = true, .measured = 2, .has_ideal = true, .ideal = 3},
        {.x = 4, .has_measured = true, .measured = 2, .has_ideal = true, .ideal = 4},
    };
    plot_options o = {
        .width = 60, .height = 16, .ascii = true, .x_name = "threads", .y_name = "speedup"};
    plot_chart c;
    assert_int_equal(plot_render(pts, 4, &o, &c), 0);
    assert_int_equal(c.nrows, 16);
    for (size_t i = 0; i < 4; i++) {
        int row, col;
        assert_true(plot_cell(pts, 4, &o, pts[i].x, pts[i].measured, &row, &col));
        assert_true((int)strlen(c.rows[row]) > col);
        assert_int_equal(c.rows[row][col], '*');
    }
    /* The ideal line runs from the bottom left to the top right, under no mark. */
    int row, col;
    assert_true(plot_cell(pts, 4, &o, 4, 4, &row, &col));
    assert_int_equal(row, 0);
    assert_int_equal(c.rows[row][col], '.');
    assert_non_null(strstr(c.rows[15], "* speedup"));
    assert_non_null(strstr(c.rows[15], ". ideal"));
    assert_null(strstr(c.rows[15], "expected"));
    for (int r = 0; r < c.nrows; r++)
        assert_true(strlen(c.rows[r]) <= 60);
    plot_free(&c);
    o.height = 3;
    assert_int_equal(plot_render(pts, 4, &o, &c), -EINVAL);
}

static void test_refs_only_for_the_lesson_as_written(void **state)
{
    (void)state;
    expect_file *f = parse_ok("knob n = 4 in [1, 64]  threads\n"
                              "line took {t:ms} ms\n"
                              "expect t >= 10 * n\n"
                              "  ref 45\n");
    const char *out[] = {"took 90 ms"};
    expect_result *r = expect_match(f, out, 1, true, &two_cores);
    assert_string_equal(row_named(r, "t")->expected, ">= 40 (ref 45)");
    assert_true(row_named(r, "t")->has_delta);
    expect_result_free(r);
    char err[256];
    /* Set to its default, the run is the lesson as written: the ref still holds. */
    assert_int_equal(expect_knob_set(f, "n", "4", err, sizeof err), 0);
    r = expect_match(f, out, 1, true, &two_cores);
    assert_non_null(strstr(row_named(r, "t")->expected, "ref 45"));
    expect_result_free(r);
    assert_int_equal(expect_knob_set(f, "n", "8", err, sizeof err), 0);
    r = expect_match(f, out, 1, true, &two_cores);
    assert_string_equal(row_named(r, "t")->expected, ">= 80 (10 * n, n 8)");
    assert_false(row_named(r, "t")->has_delta);
    expect_result_free(r);
    expect_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_knob_declared_with_range_and_default),
        cmocka_unit_test(test_default_from_the_machine),
        cmocka_unit_test(test_formulas_follow_the_knobs),
        cmocka_unit_test(test_bad_values_name_the_knob_and_its_range),
        cmocka_unit_test(test_knob_parse_errors),
        cmocka_unit_test(test_lasts_refuses_runs_past_the_limit),
        cmocka_unit_test(test_plot_values),
        cmocka_unit_test(test_ints_capture_is_the_sum),
        cmocka_unit_test(test_settings_as_typed),
        cmocka_unit_test(test_env_gives_only_set_knobs),
        cmocka_unit_test(test_plot_draws_points_where_plot_cell_says),
        cmocka_unit_test(test_refs_only_for_the_lesson_as_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
