/* Unit tests for runner/expect_*.c: parsing, matching and the rows of the table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit_assert.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"
#include "facts.h"

static const expect_machine two_cores = {.cores = 2, .omp_threads = 2, .load = 0.25};
static const expect_machine one_core = {.cores = 1, .omp_threads = 1, .load = 1.5};

/* Example files, written as lessons and exercises use them. */
static const char BLOCKED[] =
    "# lessons/04-starvation/blocked.expect\n"
    "title   The loop thread is busy for 300 ms; the heartbeat waits.\n"
    "\n"
    "line    blocking work done at {done:ms} ms\n"
    "line    heartbeat 1 at {hb1:ms} ms\n"
    "line    heartbeat 2 at {hb2:ms} ms\n"
    "line    heartbeat 3 at {hb3:ms} ms\n"
    "\n"
    "expect  done = 300 +25/-0\n"
    "  hint  the blocking call should hold the thread for 300 ms\n"
    "expect  hb1 >= done\n"
    "  ref   350\n"
    "  hint  heartbeat 1 came before the blocking call finished: the loop was not blocked\n"
    "expect  hb2 - hb1 = 50 +25/-0\n";

static const char HASH[] = "title  Offload the hash; keep the heartbeat on time.\n"
                           "timeout 5\n"
                           "objective sleeps_on_loop = 0\n"
                           "any-order\n"
                           "  line heartbeat 1 at {hb1:ms} ms\n"
                           "  line heartbeat 2 at {hb2:ms} ms\n"
                           "  line hash = {hash:int} at {t:ms} ms\n"
                           "end\n"
                           "expect hash = 95755137202\n"
                           "expect hb1 = 50 +15/-5\n"
                           "  hint heartbeat 1 came {hb1 - 50} ms late: the hash ran on the loop "
                           "thread, offload it\n"
                           "expect hb2 - hb1 = 50 ± 15\n"
                           "expect t in [150, 200)\n"
                           "  hint the hash landed at {t} ms\n";

static const char HEAVY[] = "title Eight heavy calls, one after another and then in parallel.\n"
                            "line sequential: {seq:ms} ms\n"
                            "line parallel: {par:ms} ms\n"
                            "line results match: {match:word}\n"
                            "let speedup = seq / par\n"
                            "expect match == true\n"
                            "expect par <= seq / min(cores, 8) * 1.5\n"
                            "  when cores >= 2\n"
                            "info speedup >= min(cores, 8) * 0.9\n"
                            "  ref 1.9\n"
                            "  hint only {speedup}x on {cores} cores: the machine is busy\n"
                            "objective omp_team >= 2\n";

static const char SHARDS[] = "extra-lines ok\n"
                             "line fetched 4 shards at {fetched:ms} ms\n"
                             "line sum of squares = 333332833333500000\n"
                             "line elapsed = {elapsed:ms} ms\n"
                             "expect fetched < 200\n"
                             "  hint the fetches ran one after another ({fetched} ms)\n"
                             "expect elapsed >= fetched\n";

static expect_file *parse_ok(const char *text)
{
    expect_file *f = NULL;
    char err[256] = "";
    int rc = expect_parse(text, strlen(text), "t.expect", &f, err, sizeof err);
    if (rc != 0)
        print_error("unexpected parse error: %s\n", err);
    assert_int_equal(rc, 0);
    assert_non_null(f);
    return f;
}

static void parse_fails(const char *text, const char *message)
{
    expect_file *f = (expect_file *)1;
    char err[256] = "";
    assert_int_equal(expect_parse(text, strlen(text), "t.expect", &f, err, sizeof err),
                     EXPECT_ERR_FORMAT);
    assert_null(f);
    assert_string_equal(err, message);
}

static expect_result *run(const expect_file *f, const char *const *lines, size_t n, bool complete,
                          const expect_machine *m)
{
    expect_result *r = expect_match(f, lines, n, complete, m);
    assert_non_null(r);
    return r;
}

/* The row made from the file's line src (or the extra row for output line out). */
static const expect_row *row_at(const expect_result *r, int src)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (r->rows[i].src_line == src && r->rows[i].kind != EXPECT_ROW_EXTRA)
            return &r->rows[i];
    fail_msg("no row for line %d", src);
    return NULL;
}

static const expect_row *extra_at(const expect_result *r, int out)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (r->rows[i].kind == EXPECT_ROW_EXTRA && r->rows[i].output_index == out)
            return &r->rows[i];
    return NULL;
}

/* Parses text, matches lines (complete, two cores) and returns the result. */
static expect_result *check(const char *text, const char *const *lines, size_t n, expect_file **fp)
{
    *fp = parse_ok(text);
    return run(*fp, lines, n, true, &two_cores);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_blocked_passes(void **state)
{
    (void)state;
    const char *out[] = {"blocking work done at 300 ms", "heartbeat 1 at 350 ms",
                         "heartbeat 2 at 400 ms", "heartbeat 3 at 451 ms"};
    expect_file *f;
    expect_result *r = check(BLOCKED, out, N(out), &f);
    assert_true(r->passed);
    assert_true(r->complete);
    assert_int_equal(r->failed, 0);
    assert_int_equal(r->nrows, 7);
    assert_string_equal(expect_title(f),
                        "The loop thread is busy for 300 ms; the heartbeat waits.");
    assert_int_equal(expect_line_count(f), 4);

    const expect_row *line = row_at(r, 5);
    assert_int_equal(line->kind, EXPECT_ROW_LINE);
    assert_int_equal(line->status, EXPECT_PASS);
    assert_int_equal(line->output_index, 1);
    assert_string_equal(line->label, "heartbeat 1 at {hb1:ms} ms");
    assert_string_equal(line->actual, "heartbeat 1 at 350 ms");
    assert_null(line->subject);

    const expect_row *done = row_at(r, 9);
    assert_int_equal(done->kind, EXPECT_ROW_CHECK);
    assert_int_equal(done->status, EXPECT_PASS);
    assert_string_equal(done->label, "done = 300 +25/-0");
    assert_string_equal(done->subject, "done");
    assert_string_equal(done->expected, "300 +25/-0");
    assert_string_equal(done->actual, "300");
    assert_true(done->has_value);
    assert_double_eq(done->value, 300);
    assert_true(done->has_delta);
    assert_double_eq(done->delta, 0);
    assert_true(done->timing);
    assert_false(done->derived);
    assert_int_equal(done->output_index, 0);
    assert_null(done->hint);

    const expect_row *hb1 = row_at(r, 11);
    assert_int_equal(hb1->status, EXPECT_PASS);
    assert_string_equal(hb1->expected, ">= 300 (ref 350)");
    assert_true(hb1->has_delta);
    assert_double_eq(hb1->delta, 0); /* against the ref */
    assert_int_equal(hb1->output_index, 1);

    const expect_row *gap = row_at(r, 14);
    assert_string_equal(gap->subject, "hb2 - hb1");
    assert_string_equal(gap->actual, "50");
    assert_int_equal(gap->output_index, 2); /* the last capture it uses */
    expect_result_free(r);
    expect_free(f);
}

static void test_blocked_fails_offloaded_output(void **state)
{
    (void)state;
    /* An offloaded program prints the heartbeats first and the work at the end. */
    const char *out[] = {"heartbeat 1 at 50 ms", "heartbeat 2 at 100 ms", "heartbeat 3 at 150 ms",
                         "blocking work done at 301 ms"};
    expect_file *f;
    expect_result *r = check(BLOCKED, out, N(out), &f);
    assert_false(r->passed);
    assert_int_equal(row_at(r, 4)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 5)->status, EXPECT_FAIL);
    assert_string_equal(row_at(r, 5)->note, "missing");
    assert_int_equal(row_at(r, 11)->status, EXPECT_NOT_RUN);
    assert_string_equal(row_at(r, 11)->note, "not run: 'hb1' (line 5) is missing");
    assert_string_equal(row_at(r, 11)->expected, ">= 301 (ref 350)");
    assert_int_equal(extra_at(r, 0)->status, EXPECT_FAIL);
    assert_int_equal(r->failed, 6); /* three missing lines, three extra lines */
    assert_int_equal(r->timing_failed, 0);
    expect_result_free(r);

    /* The same numbers in the file's order: the relation catches it. */
    const char *ordered[] = {"blocking work done at 301 ms", "heartbeat 1 at 50 ms",
                             "heartbeat 2 at 100 ms", "heartbeat 3 at 150 ms"};
    r = run(f, ordered, N(ordered), true, &two_cores);
    assert_false(r->passed);
    assert_int_equal(r->failed, 1);
    assert_int_equal(r->timing_failed, 1);
    const expect_row *hb1 = row_at(r, 11);
    assert_int_equal(hb1->status, EXPECT_FAIL);
    assert_true(hb1->timing);
    assert_true(hb1->has_delta);
    assert_double_eq(hb1->delta, -300);
    assert_string_equal(hb1->hint,
                        "heartbeat 1 came before the blocking call finished: the loop was not "
                        "blocked");
    expect_result_free(r);
    expect_free(f);
}

static const expect_row *row_of(const expect_result *r, const char *label)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (strcmp(r->rows[i].label, label) == 0)
            return &r->rows[i];
    fail_msg("no row '%s'", label);
    return NULL;
}

static void test_title_timeout_objectives(void **state)
{
    (void)state;
    expect_file *f = parse_ok(HASH);
    assert_string_equal(expect_title(f), "Offload the hash; keep the heartbeat on time.");
    assert_double_eq(expect_timeout(f, 10), 5);
    assert_int_equal(expect_objective_count(f), 1);
    expect_free(f);

    f = parse_ok("objective omp_team >= 2\nobjective threads_started = 4\ntimeout 2.5\n");
    assert_int_equal(expect_objective_count(f), 2);
    assert_null(expect_title(f));
    assert_double_eq(expect_timeout(f, 10), 2.5);
    assert_int_equal(expect_line_count(f), 0);
    assert_false(expect_race_check(f));
    expect_free(f);

    f = parse_ok("objective omp_team >= 2\nrace-check\n");
    assert_true(expect_race_check(f));
    expect_free(f);

    f = parse_ok("");
    assert_double_eq(expect_timeout(f, 10), 10);
    assert_int_equal(expect_objective_count(f), 0);
    expect_result *r = run(f, NULL, 0, true, NULL);
    assert_true(r->passed);
    assert_int_equal(r->nrows, 0);
    expect_result_free(r);
    expect_free(f);
}

static void test_capture_types(void **state)
{
    (void)state;
    const char *text = "line t={t:ms} i={i:int} n={n:num} m={m:num} e={e:num} w={w:word} "
                       "rest: {x:text}\n";
    const char *out[] = {"t=12 i=-7 n=1.80 m=-3 e=2e3 w=yes! rest: all of  this"};
    expect_file *f;
    expect_result *r = check(text, out, N(out), &f);
    assert_true(r->passed);
    double v;
    assert_true(expect_result_capture(r, "t", &v));
    assert_double_eq(v, 12);
    assert_true(expect_result_capture(r, "i", &v));
    assert_double_eq(v, -7);
    assert_true(expect_result_capture(r, "n", &v));
    assert_double_eq(v, 1.8);
    assert_string_equal(expect_result_capture_text(r, "n"), "1.80");
    assert_true(expect_result_capture(r, "m", &v));
    assert_double_eq(v, -3);
    assert_true(expect_result_capture(r, "e", &v));
    assert_double_eq(v, 2000);
    assert_false(expect_result_capture(r, "w", &v));
    assert_string_equal(expect_result_capture_text(r, "w"), "yes!");
    assert_string_equal(expect_result_capture_text(r, "x"), "all of  this");
    assert_false(expect_result_capture(r, "nope", &v));
    assert_null(expect_result_capture_text(r, "nope"));
    expect_result_free(r);
    expect_free(f);
}

/* Whether one output line fits one pattern. */
static bool fits(const char *pattern, const char *line)
{
    char text[256];
    snprintf(text, sizeof text, "line %s\n", pattern);
    expect_file *f = parse_ok(text);
    expect_result *r = run(f, &line, 1, true, NULL);
    bool ok = r->passed;
    expect_result_free(r);
    expect_free(f);
    return ok;
}

static void test_capture_rejects(void **state)
{
    (void)state;
    assert_false(fits("at {t:ms} ms", "at -5 ms"));
    assert_false(fits("at {t:ms} ms", "at 5.5 ms"));
    assert_false(fits("at {t:ms} ms", "at  ms"));
    assert_false(fits("n {i:int}", "n -"));
    assert_false(fits("n {i:int}", "n 12abc"));
    assert_false(fits("x {n:num}", "x 1."));
    assert_true(fits("x {n:num}.", "x 1."));
    assert_false(fits("x {n:num}", "x abc"));
    assert_false(fits("w {w:word}", "w "));
    assert_false(fits("w {w:word} end", "w two words end"));
    assert_true(fits("rest {x:text}", "rest "));
    assert_true(fits("{w:word},", "hello,"));        /* a word gives back what follows */
    assert_true(fits("{a:word}:{b:word}", "k:v:w")); /* and tries every split */
    assert_true(fits("{n:num}e", "2e"));
    assert_true(fits("{i:int}-{j:int}", "3-4"));
}

static void test_literal_text_and_braces(void **state)
{
    (void)state;
    assert_true(fits("{{x}} = {n:int}", "{x} = 5"));
    assert_true(fits("results = [17, 17, 17]", "results = [17, 17, 17]"));
    assert_false(fits("results = [17, 17, 17]", "results = [17, 17, 16]"));
    /* Big integers are compared as text, never through a double. */
    assert_true(fits("sum = 333332833333500000", "sum = 333332833333500000"));
    assert_false(fits("sum = 333332833333500000", "sum = 333332833333500001"));
    assert_false(fits("heartbeat", "heartbeat 1"));
    assert_false(fits("heartbeat 1", "  heartbeat 1"));
    assert_true(fits("# not a comment inside a line", "# not a comment inside a line"));
}

static void test_big_integer_capture(void **state)
{
    (void)state;
    const char *out[] = {"image 1: checksum 15279771427360356480"};
    expect_file *f;
    expect_result *r = check("line image 1: checksum {c:int}\nexpect c > 0\n", out, N(out), &f);
    assert_true(r->passed);
    assert_string_equal(expect_result_capture_text(r, "c"), "15279771427360356480");
    assert_string_equal(row_at(r, 2)->actual, "15279771427360356480");
    expect_result_free(r);
    expect_free(f);
}

/* The status of the one check of "line v {v:num}\nexpect COND" against "v VALUE". */
static expect_status cond_status(const char *cond, const char *value)
{
    char text[256], line[64];
    snprintf(text, sizeof text, "line v {v:num}\nexpect %s\n", cond);
    snprintf(line, sizeof line, "v %s", value);
    const char *out[] = {line};
    expect_file *f = parse_ok(text);
    expect_result *r = run(f, out, 1, true, &two_cores);
    expect_status s = row_at(r, 2)->status;
    expect_result_free(r);
    expect_free(f);
    return s;
}

static void test_tolerances(void **state)
{
    (void)state;
    assert_int_equal(cond_status("v = 50 +15/-0", "50"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 50 +15/-0", "65"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 50 +15/-0", "66"), EXPECT_FAIL);
    assert_int_equal(cond_status("v = 50 +15/-0", "49"), EXPECT_FAIL);
    assert_int_equal(cond_status("v = 50 + 15 / -0", "65"), EXPECT_PASS); /* spaced, still */
    assert_int_equal(cond_status("v = 100 ± 5", "95"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 100 ±5", "106"), EXPECT_FAIL);
    assert_int_equal(cond_status("v = 100 +-5", "105"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 100 +- 5", "94"), EXPECT_FAIL);
    assert_int_equal(cond_status("v = 1.8 +0.1/-0.05", "1.75"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 42", "42"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 42", "42.5"), EXPECT_FAIL);
    assert_int_equal(cond_status("v = 40 + 2", "42"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 0.1 + 0.2", "0.3"), EXPECT_PASS);
    assert_int_equal(cond_status("v = 460 / cores +5/-5", "233"), EXPECT_PASS);

    const char *out[] = {"v 53"};
    expect_file *f;
    expect_result *r = check("line v {v:num}\nexpect v = 50 ± 5\nexpect v = 50\n", out, 1, &f);
    assert_string_equal(row_at(r, 2)->expected, "50 +5/-5");
    assert_double_eq(row_at(r, 2)->delta, 3);
    assert_string_equal(row_at(r, 3)->expected, "50");
    assert_true(row_at(r, 3)->has_delta);
    assert_double_eq(row_at(r, 3)->delta, 3);
    expect_result_free(r);
    expect_free(f);
}

static void test_ranges(void **state)
{
    (void)state;
    assert_int_equal(cond_status("v in [150, 200)", "150"), EXPECT_PASS);
    assert_int_equal(cond_status("v in [150, 200)", "199"), EXPECT_PASS);
    assert_int_equal(cond_status("v in [150, 200)", "200"), EXPECT_FAIL);
    assert_int_equal(cond_status("v in [150, 200)", "149"), EXPECT_FAIL);
    assert_int_equal(cond_status("v in (150, 200]", "150"), EXPECT_FAIL);
    assert_int_equal(cond_status("v in (150, 200]", "200"), EXPECT_PASS);
    assert_int_equal(cond_status("v in[1,2]", "1.5"), EXPECT_PASS);
    assert_int_equal(cond_status("v in (cores, cores * 2)", "3"), EXPECT_PASS);

    const char *out[] = {"v 170"};
    expect_file *f;
    expect_result *r = check("line v {v:num}\nexpect v in [150, 200)\nexpect v in [100 / cores, "
                             "cores * 100)\n  ref 160\n",
                             out, 1, &f);
    assert_string_equal(row_at(r, 2)->expected, "in [150, 200)");
    assert_false(row_at(r, 2)->has_delta);
    assert_string_equal(row_at(r, 3)->expected,
                        "in [50, 200) (100 / cores, cores * 100, 2 cores; ref 160)");
    assert_true(row_at(r, 3)->has_delta);
    assert_double_eq(row_at(r, 3)->delta, 10);
    assert_true(row_at(r, 3)->derived);
    expect_result_free(r);
    expect_free(f);
}

static void test_relations(void **state)
{
    (void)state;
    assert_int_equal(cond_status("v < 5", "4"), EXPECT_PASS);
    assert_int_equal(cond_status("v < 5", "5"), EXPECT_FAIL);
    assert_int_equal(cond_status("v <= 5", "5"), EXPECT_PASS);
    assert_int_equal(cond_status("v <= 5", "5.5"), EXPECT_FAIL);
    assert_int_equal(cond_status("v > 5", "5"), EXPECT_FAIL);
    assert_int_equal(cond_status("v > 5", "6"), EXPECT_PASS);
    assert_int_equal(cond_status("v >= 5", "5"), EXPECT_PASS);
    assert_int_equal(cond_status("v >= 5", "4.99"), EXPECT_FAIL);
    assert_int_equal(cond_status("v == 5", "5.0"), EXPECT_PASS);
    assert_int_equal(cond_status("v == 5", "6"), EXPECT_FAIL);
    assert_int_equal(cond_status("v != 5", "6"), EXPECT_PASS);
    assert_int_equal(cond_status("v != 5", "5"), EXPECT_FAIL);
    assert_int_equal(cond_status("abs(v - 50) <= 3", "47"), EXPECT_PASS);
    assert_int_equal(cond_status("max(v, 10) == 10", "3"), EXPECT_PASS);
    assert_int_equal(cond_status("-v < 0", "3"), EXPECT_PASS);
    assert_int_equal(cond_status("v/2>=1", "2"), EXPECT_PASS);
}

static void test_word_conditions(void **state)
{
    (void)state;
    const char *text = "line results match: {m:word}\n"
                       "line again: {m2:word} and {t:text}\n"
                       "expect m == true\n"
                       "expect m != false\n"
                       "expect m == m2\n"
                       "expect t == all of it\n";
    const char *good[] = {"results match: true", "again: true and all of it"};
    expect_file *f;
    expect_result *r = check(text, good, N(good), &f);
    assert_true(r->passed);
    assert_string_equal(row_at(r, 3)->expected, "== true");
    assert_string_equal(row_at(r, 3)->actual, "true");
    assert_false(row_at(r, 3)->has_value);
    assert_string_equal(row_at(r, 5)->expected, "== true");
    expect_result_free(r);
    const char *bad[] = {"results match: false", "again: true and more"};
    r = run(f, bad, N(bad), true, &two_cores);
    assert_int_equal(r->failed, 4);
    expect_result_free(r);
    expect_free(f);
}

static void test_lets(void **state)
{
    (void)state;
    const char *out[] = {"sequential: 461 ms", "parallel: 233 ms", "results match: true"};
    expect_file *f;
    expect_result *r = check(HEAVY, out, N(out), &f);
    assert_true(r->passed);
    const expect_row *let = row_at(r, 5);
    assert_int_equal(let->kind, EXPECT_ROW_LET);
    assert_int_equal(let->status, EXPECT_INFO);
    assert_true(let->info_held);
    assert_string_equal(let->subject, "speedup");
    assert_string_equal(let->label, "speedup = seq / par");
    assert_string_equal(let->note, "seq / par");
    assert_string_equal(let->actual, "1.98");
    assert_true(let->has_value && let->value > 1.97 && let->value < 1.99);
    assert_true(let->timing);
    assert_false(let->derived);
    expect_result_free(r);

    /* A let may use the lets above it, and a check the lets anywhere. */
    expect_file *g =
        parse_ok("expect c >= 2\nline {a:int} {b:int}\nlet s = a + b\nlet c = s * 2\n");
    const char *ab[] = {"1 2"};
    r = run(g, ab, 1, true, NULL);
    assert_true(r->passed);
    assert_double_eq(row_at(r, 4)->value, 6);
    assert_int_equal(row_at(r, 1)->output_index, 0);
    expect_result_free(r);
    expect_free(g);
    expect_free(f);
}

static void test_machine_facts_derived(void **state)
{
    (void)state;
    const char *text = "line seq {seq:ms}\nline par {par:ms}\n"
                       "expect par <= seq / min(cores, 8) * 1.5\n"
                       "info par >= seq / omp_threads\n"
                       "expect load < 100\n";
    const char *out[] = {"seq 461", "par 233"};
    expect_file *f;
    expect_result *r = check(text, out, N(out), &f);
    assert_true(r->passed);
    const expect_row *par = row_at(r, 3);
    assert_true(par->derived);
    assert_string_equal(par->expected, "<= 345.75 (seq / min(cores, 8) * 1.5, 2 cores)");
    assert_string_equal(row_at(r, 4)->expected, ">= 230.5 (seq / omp_threads, 2 OpenMP threads)");
    assert_string_equal(row_at(r, 5)->expected, "< 100");
    assert_true(row_at(r, 5)->derived);
    assert_string_equal(row_at(r, 5)->subject, "load");
    assert_string_equal(row_at(r, 5)->actual, "0.25");
    expect_result_free(r);

    r = run(f, out, N(out), true, &one_core);
    assert_true(r->passed); /* an info never fails */
    assert_string_equal(row_at(r, 3)->expected, "<= 691.5 (seq / min(cores, 8) * 1.5, 1 core)");
    assert_int_equal(row_at(r, 3)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 4)->status, EXPECT_INFO);
    assert_false(row_at(r, 4)->info_held);
    assert_int_equal(row_at(r, 5)->status, EXPECT_PASS);
    expect_result_free(r);

    /* Without the machine's facts such checks cannot be graded. */
    r = run(f, out, N(out), true, NULL);
    assert_int_equal(row_at(r, 3)->status, EXPECT_NOT_GRADABLE);
    assert_true(r->passed);
    expect_result_free(r);
    expect_free(f);
}

static void test_when_not_gradable(void **state)
{
    (void)state;
    const char *out[] = {"sequential: 461 ms", "parallel: 460 ms", "results match: true"};
    expect_file *f = parse_ok(HEAVY);
    expect_result *r = run(f, out, N(out), true, &one_core);
    const expect_row *par = row_at(r, 7);
    assert_int_equal(par->status, EXPECT_NOT_GRADABLE);
    assert_string_equal(par->note, "not gradable here: needs cores >= 2 (this machine: 1 core)");
    assert_true(r->passed);
    expect_result_free(r);
    r = run(f, out, N(out), true, &two_cores);
    assert_int_equal(row_at(r, 7)->status, EXPECT_FAIL);
    assert_false(r->passed);
    expect_result_free(r);
    expect_free(f);

    /* A line that only appears on some machines is not missing elsewhere. */
    f = parse_ok("line a\nline only on many cores\n  when cores >= 4\n  hint needs 4 cores\n");
    const char *a[] = {"a"};
    r = run(f, a, 1, true, &two_cores);
    assert_int_equal(row_at(r, 2)->status, EXPECT_NOT_GRADABLE);
    assert_null(row_at(r, 2)->hint);
    assert_true(r->passed);
    expect_result_free(r);
    expect_free(f);
}

static void test_info_never_fails(void **state)
{
    (void)state;
    const char *out[] = {"sequential: 461 ms", "parallel: 435 ms", "results match: true"};
    expect_file *f;
    expect_result *r = check(HEAVY, out, N(out), &f);
    const expect_row *info = row_at(r, 9);
    assert_int_equal(info->status, EXPECT_INFO);
    assert_false(info->info_held);
    assert_string_equal(info->hint, "only 1.06x on 2 cores: the machine is busy");
    assert_string_equal(info->expected, ">= 1.8 (min(cores, 8) * 0.9, 2 cores; ref 1.9)");
    assert_true(info->has_delta);
    assert_true(info->delta < -0.8 && info->delta > -0.9);
    assert_int_equal(info->output_index, 1);
    assert_false(row_at(r, 7)->status == EXPECT_PASS); /* 435 > 345.75 */
    expect_result_free(r);

    const char *fast[] = {"sequential: 461 ms", "parallel: 233 ms", "results match: true"};
    r = run(f, fast, N(fast), true, &two_cores);
    assert_int_equal(row_at(r, 9)->status, EXPECT_INFO);
    assert_true(row_at(r, 9)->info_held);
    assert_null(row_at(r, 9)->hint);
    expect_result_free(r);
    expect_free(f);
}

static void test_missing_lines(void **state)
{
    (void)state;
    const char *text = "line start\n"
                       "line heartbeat 1 at {hb1:ms} ms\n"
                       "  hint no heartbeat: did the loop run at all?\n"
                       "line end at {e:ms}\n"
                       "expect hb1 = 50 +15/-0\n"
                       "  hint late\n"
                       "expect e >= 0\n";
    const char *out[] = {"start", "end at 20"};
    expect_file *f;
    expect_result *r = check(text, out, N(out), &f);
    assert_false(r->passed);
    assert_int_equal(r->failed, 1);
    const expect_row *line = row_at(r, 2);
    assert_int_equal(line->status, EXPECT_FAIL);
    assert_int_equal(line->output_index, -1);
    assert_string_equal(line->actual, "");
    assert_string_equal(line->hint, "no heartbeat: did the loop run at all?");
    const expect_row *hb = row_at(r, 5);
    assert_int_equal(hb->status, EXPECT_NOT_RUN);
    assert_null(hb->hint);
    assert_false(hb->has_value);
    assert_string_equal(hb->expected, "50 +15/-0");
    assert_int_equal(row_at(r, 7)->status, EXPECT_PASS);
    expect_result_free(r);

    r = run(f, NULL, 0, true, &two_cores);
    assert_int_equal(r->failed, 3);
    assert_int_equal(row_at(r, 7)->status, EXPECT_NOT_RUN);
    expect_result_free(r);
    expect_free(f);
}

static void test_first_fit_in_order(void **state)
{
    (void)state;
    const char *text = "line tick {a:int}\nline tick {b:int}\nline done\nexpect b - a = 1\n";
    const char *out[] = {"noise", "tick 1", "tick 2", "tick 3", "done", "tick 4"};
    expect_file *f;
    expect_result *r = check(text, out, N(out), &f);
    assert_int_equal(row_at(r, 1)->output_index, 1);
    assert_int_equal(row_at(r, 2)->output_index, 2);
    assert_int_equal(row_at(r, 3)->output_index, 4);
    assert_int_equal(row_at(r, 4)->status, EXPECT_PASS);
    assert_non_null(extra_at(r, 0));
    assert_non_null(extra_at(r, 3));
    assert_non_null(extra_at(r, 5));
    assert_int_equal(r->failed, 3);
    /* Extra rows come after the file's rows, in output order. */
    assert_int_equal(r->rows[4].output_index, 0);
    assert_int_equal(r->rows[6].output_index, 5);
    expect_result_free(r);
    expect_free(f);
}

static void test_extra_lines(void **state)
{
    (void)state;
    const char *out[] = {"fetched 4 shards at 72 ms", "debug: shard 2 ready",
                         "sum of squares = 333332833333500000", "elapsed = 96 ms"};
    expect_file *f;
    expect_result *r = check(SHARDS, out, N(out), &f);
    assert_true(r->passed);
    const expect_row *extra = extra_at(r, 1);
    assert_non_null(extra);
    assert_int_equal(extra->status, EXPECT_INFO);
    assert_string_equal(extra->actual, "debug: shard 2 ready");
    assert_string_equal(extra->label, "debug: shard 2 ready");
    assert_string_equal(extra->note, "extra line (allowed)");
    assert_int_equal(extra->src_line, 0);
    expect_result_free(r);

    const char *chained[] = {"fetched 4 shards at 231 ms", "sum of squares = 333332833333500000",
                             "elapsed = 250 ms"};
    r = run(f, chained, N(chained), true, &two_cores);
    assert_false(r->passed);
    assert_string_equal(row_at(r, 5)->hint, "the fetches ran one after another (231 ms)");
    expect_result_free(r);
    expect_free(f);

    f = parse_ok("line a\n");
    const char *two[] = {"a", "b"};
    r = run(f, two, 2, true, NULL);
    assert_int_equal(extra_at(r, 1)->status, EXPECT_FAIL);
    assert_string_equal(extra_at(r, 1)->note, "extra line");
    assert_false(r->passed);
    expect_result_free(r);
    expect_free(f);
}

static void test_any_order(void **state)
{
    (void)state;
    expect_file *f = parse_ok(HASH);
    const char *solved[] = {"heartbeat 1 at 50 ms", "heartbeat 2 at 100 ms",
                            "hash = 95755137202 at 151 ms"};
    expect_result *r = run(f, solved, N(solved), true, &two_cores);
    assert_true(r->passed);
    assert_string_equal(row_at(r, 9)->actual, "95755137202");
    expect_result_free(r);

    const char *reordered[] = {"hash = 95755137202 at 151 ms", "heartbeat 1 at 50 ms",
                               "heartbeat 2 at 100 ms"};
    r = run(f, reordered, N(reordered), true, &two_cores);
    assert_true(r->passed);
    assert_int_equal(row_at(r, 7)->output_index, 0);
    expect_result_free(r);

    /* Hashing on the loop thread first: everything is late. */
    const char *blocking[] = {"hash = 95755137202 at 150 ms", "heartbeat 1 at 200 ms",
                              "heartbeat 2 at 250 ms"};
    r = run(f, blocking, N(blocking), true, &two_cores);
    assert_false(r->passed);
    assert_int_equal(row_at(r, 10)->status, EXPECT_FAIL);
    assert_string_equal(
        row_at(r, 10)->hint,
        "heartbeat 1 came 150 ms late: the hash ran on the loop thread, offload it");
    assert_double_eq(row_at(r, 10)->delta, 150);
    assert_string_equal(row_at(r, 10)->expected, "50 +15/-5");
    assert_int_equal(row_at(r, 13)->status, EXPECT_PASS);
    assert_int_equal(r->timing_failed, 1);
    expect_result_free(r);

    const char *after[] = {"heartbeat 1 at 50 ms", "heartbeat 2 at 100 ms",
                           "hash = 95755137202 at 252 ms"};
    r = run(f, after, N(after), true, &two_cores);
    assert_int_equal(row_at(r, 13)->status, EXPECT_FAIL);
    assert_string_equal(row_at(r, 13)->hint, "the hash landed at 252 ms");
    assert_string_equal(row_at(r, 13)->expected, "in [150, 200)");
    expect_result_free(r);
    expect_free(f);
}

static void test_any_order_follows_previous_match(void **state)
{
    (void)state;
    expect_file *f = parse_ok("line first\nany-order\nline x\nline y\nend\nline last\n");
    const char *out[] = {"y", "first", "y", "x", "last"};
    expect_result *r = run(f, out, N(out), true, NULL);
    assert_int_equal(row_at(r, 3)->output_index, 3);
    assert_int_equal(row_at(r, 4)->output_index, 2);
    assert_int_equal(row_at(r, 6)->output_index, 4);
    assert_int_equal(r->failed, 1); /* the y before "first" is extra */
    expect_result_free(r);

    const char *missing[] = {"first", "y", "last"};
    r = run(f, missing, N(missing), true, NULL);
    assert_int_equal(row_at(r, 3)->status, EXPECT_FAIL);
    assert_int_equal(row_at(r, 6)->output_index, 2);
    expect_result_free(r);
    expect_free(f);
}

static void test_crlf_and_trailing_spaces(void **state)
{
    (void)state;
    const char text[] = "title  spaces \r\nline heartbeat 1 at {hb1:ms} ms  \r\n"
                        "expect hb1 = 50 +15/-0 \t\r\n\r\n  hint late\r\n";
    const char *out[] = {"heartbeat 1 at 50 ms\r", "heartbeat 1 at 51 ms \t \r"};
    expect_file *f = parse_ok(text);
    assert_string_equal(expect_title(f), "spaces");
    expect_result *r = run(f, out, 1, true, NULL);
    assert_true(r->passed);
    assert_string_equal(row_at(r, 2)->actual, "heartbeat 1 at 50 ms");
    expect_result_free(r);
    r = run(f, out + 1, 1, true, NULL);
    assert_true(r->passed);
    assert_string_equal(row_at(r, 3)->actual, "51");
    expect_result_free(r);
    expect_free(f);
}

static void test_partial_matching(void **state)
{
    (void)state;
    expect_file *f = parse_ok(BLOCKED);
    const char *out[] = {"blocking work done at 300 ms", "heartbeat 1 at 352 ms"};
    expect_result *r = run(f, out, N(out), false, &two_cores);
    assert_false(r->complete);
    assert_false(r->passed);
    assert_int_equal(r->failed, 0);
    assert_int_equal(row_at(r, 4)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 5)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 6)->status, EXPECT_PENDING);
    assert_null(row_at(r, 6)->note);
    assert_int_equal(row_at(r, 9)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 11)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 11)->output_index, 1);
    assert_int_equal(row_at(r, 14)->status, EXPECT_PENDING);
    assert_int_equal(row_at(r, 14)->output_index, 1); /* hb1 has arrived, hb2 not yet */
    expect_result_free(r);

    /* A wrong value is shown as soon as it arrives. */
    const char *early[] = {"blocking work done at 250 ms"};
    r = run(f, early, 1, false, &two_cores);
    assert_int_equal(row_at(r, 9)->status, EXPECT_FAIL);
    assert_int_equal(r->failed, 1);
    assert_false(r->passed);
    expect_result_free(r);

    r = run(f, NULL, 0, false, &two_cores);
    assert_int_equal(r->failed, 0);
    for (size_t i = 0; i < r->nrows; i++)
        assert_int_equal(r->rows[i].status, EXPECT_PENDING);
    expect_result_free(r);
    expect_free(f);
}

static void test_hint_interpolation(void **state)
{
    (void)state;
    const char *text = "line a {a:int} b {b:int}\n"
                       "let d = b - a\n"
                       "expect b - a < 0\n"
                       "  hint b is {b - a} above a ({d}), {a / (b - b)} and {missing}, "
                       "{{braces}}, {cores} cores\n"
                       "  hint and a second hint line\n";
    const char *out[] = {"a 1 b 3.5"};
    expect_file *f;
    (void)f;
    f = parse_ok("line a {a:int} b {b:num}\nlet d = b - a\nexpect b - a < 0\n"
                 "  hint b is {b - a} above a ({d}), {a / (b - b)} and {missing}, "
                 "{{braces}}, {cores} cores\n"
                 "  hint and a second hint line\n");
    (void)text;
    expect_result *r = run(f, out, 1, true, &two_cores);
    assert_string_equal(row_at(r, 3)->hint, "b is 2.5 above a (2.5), {a / (b - b)} and {missing}, "
                                            "{braces}, 2 cores and a second hint line");
    expect_result_free(r);
    expect_free(f);
}

/* Every row reads as a sentence: the file's label with its values, or words from the rule;
   a line that came is the line itself; never the syntax of the format. */
static void test_labels(void **state)
{
    (void)state;
    expect_file *f;
    f = parse_ok("any-order\n"
                 "line    heartbeat 1 at {hb1:ms} ms\n"
                 "  label the first heartbeat\n"
                 "line    hash alpha = {ha:int} at {ta:ms} ms\n"
                 "repeat  progress {k:int}/40\n"
                 "  count shown\n"
                 "end\n"
                 "expect  hb1 <= 80\n"
                 "  label heartbeat 1 came on time ({hb1} ms)\n"
                 "expect  ha = 92909918\n"
                 "  label the hash of alpha is {ha} (it took {ta} ms), {{braces}}\n"
                 "expect  min(hb1, ta) >= 10\n"
                 "info    shown <= 40\n"
                 "objective sleeps_on_loop = 0\n"
                 "objective omp_team in [2, 8)\n");
    expect_machine m = two_cores;
    run_facts seen = {.valid = true};
    facts_set(&seen, FACT_sleeps_on_loop, 0);
    facts_set(&seen, FACT_omp_team, 2);
    m.observed = &seen;

    /* Nothing came yet: labels without their unknown parts, patterns as words. */
    expect_result *r = run(f, NULL, 0, false, &m);
    assert_string_equal(row_at(r, 2)->says, "the first heartbeat");
    assert_string_equal(row_at(r, 4)->says, "hash alpha = … at … ms");
    assert_string_equal(row_at(r, 8)->says, "heartbeat 1 came on time");
    assert_string_equal(row_at(r, 10)->says, "the hash of alpha is …, {braces}");
    expect_result_free(r);

    const char *out[] = {"heartbeat 1 at 52 ms", "hash alpha = 92909918 at 104 ms", "progress 1/40",
                         "progress 40/40"};
    r = run(f, out, N(out), true, &m);
    assert_true(r->passed);
    /* A line that came is shown as it came, the raw rule kept apart. */
    assert_string_equal(row_at(r, 2)->says, "heartbeat 1 at 52 ms");
    assert_string_equal(row_at(r, 2)->label, "heartbeat 1 at {hb1:ms} ms");
    assert_string_equal(row_at(r, 4)->says, "hash alpha = 92909918 at 104 ms");
    assert_string_equal(row_at(r, 5)->says, "progress 40/40");
    assert_string_equal(row_at(r, 8)->says, "heartbeat 1 came on time (52 ms)");
    assert_string_equal(row_at(r, 8)->label, "hb1 <= 80");
    assert_string_equal(row_at(r, 10)->says,
                        "the hash of alpha is 92909918 (it took 104 ms), {braces}");
    /* Without a label: words made from the rule, never its syntax. */
    assert_string_equal(row_at(r, 12)->says, "a value computed from the output: at least 10");
    assert_string_equal(row_at(r, 13)->says, "how many lines \"progress …/40\" took: at most 40");
    assert_string_equal(row_at(r, 14)->says, "blocking sleeps on the loop thread: exactly 0");
    assert_string_equal(row_at(r, 15)->says,
                        "threads in the largest OpenMP team that ran a region: at least 2 and "
                        "less than 8");
    for (size_t i = 0; i < r->nrows; i++) {
        assert_null(strstr(r->rows[i].says, ":ms}"));
        assert_null(strstr(r->rows[i].says, "{ha"));
    }
    expect_result_free(r);

    /* A missing line reads as its label; a capture's line gives the words for it. */
    r = run(f, out + 1, 3, true, &m);
    assert_string_equal(row_at(r, 2)->says, "the first heartbeat");
    assert_string_equal(row_at(r, 8)->says, "heartbeat 1 came on time");
    expect_result_free(r);
    expect_free(f);

    f = parse_ok("line at {t:ms} ms, {w:word}\nexpect t <= 5\nexpect w != bad\n"
                 "expect t = 8 +2/-1\n");
    const char *late[] = {"at 9 ms, ok"};
    r = run(f, late, 1, true, &two_cores);
    assert_string_equal(row_at(r, 2)->says, "the time in \"at … ms, …\": at most 5");
    assert_string_equal(row_at(r, 3)->says, "the word in \"at … ms, …\": not \"bad\"");
    assert_string_equal(row_at(r, 4)->says, "the time in \"at … ms, …\": between 7 and 10");
    expect_result_free(r);
    expect_free(f);

    parse_fails("line a\n  label one\n  label two\n",
                "t.expect:3: a second 'label' for the same directive");
    parse_fails("line a\n  label\n", "t.expect:2: 'label' needs text");
    parse_fails("let x = 1\n  label one\n",
                "t.expect:2: 'label' must follow a line, expect, info or objective");
}

/* Exercise 6's wrong total: the hint says why a load then a store is not an atomic add. */
static void test_count_hint_names_load_then_store(void **state)
{
    (void)state;
    expect_file *f = NULL;
    char err[256];
    assert_int_equal(expect_load("exercises/6-count/count.expect", NULL, &f, err, sizeof err), 0);
    const char *out[] = {"total = 499676143", "threads = 4"};
    expect_result *r = run(f, out, 2, true, &two_cores);
    const expect_row *row = NULL;
    for (size_t i = 0; i < r->nrows; i++)
        if (r->rows[i].kind == EXPECT_ROW_CHECK && r->rows[i].status == EXPECT_FAIL)
            row = &r->rows[i];
    assert_non_null(row);
    assert_string_equal(row->label, "total = 499677643");
    assert_non_null(strstr(row->hint, "off by 1500: if it is short"));
    assert_non_null(
        strstr(row->hint, "an atomic_load followed by an atomic_store is no atomic add"));
    assert_non_null(strstr(row->hint, "atomic_fetch_add"));
    expect_result_free(r);
    expect_free(f);
}

static void test_division_by_zero(void **state)
{
    (void)state;
    const char *out[] = {"0 0"};
    expect_file *f;
    expect_result *r =
        check("line {a:int} {b:int}\nlet q = a / b\nexpect a / b > 1\n  hint zero\n", out, 1, &f);
    assert_int_equal(row_at(r, 2)->status, EXPECT_INFO);
    assert_false(row_at(r, 2)->info_held);
    assert_int_equal(row_at(r, 3)->status, EXPECT_FAIL);
    assert_string_equal(row_at(r, 3)->hint, "zero");
    assert_non_null(row_at(r, 3)->note);
    expect_result_free(r);
    expect_free(f);
}

static void test_result_outlives_file(void **state)
{
    (void)state;
    const char *out[] = {"blocking work done at 300 ms", "heartbeat 1 at 350 ms", "junk"};
    expect_file *f = parse_ok(BLOCKED);
    expect_result *r = run(f, out, N(out), true, &two_cores);
    expect_free(f);
    assert_string_equal(r->rows[4].label, "done = 300 +25/-0");
    assert_string_equal(r->rows[4].subject, "done");
    assert_string_equal(r->rows[0].label, "blocking work done at {done:ms} ms");
    double v;
    assert_true(expect_result_capture(r, "hb1", &v));
    assert_double_eq(v, 350);
    expect_result_free(r);
}

/* Every message a malformed file can get, with its line number. */
static void test_objectives_from_facts(void **state)
{
    (void)state;
    expect_file *f = parse_ok("line done\n"
                              "objective sleeps_on_loop = 0\n"
                              "  hint slept {sleep_ms_on_loop} ms on the loop thread from "
                              "{loop_sleep_from} ms\n"
                              "objective omp_team >= 2\n"
                              "info loop_sleep_from >= 0\n");
    const char *out[] = {"done"};
    expect_machine m = {.cores = 2, .omp_threads = 2, .load = 0.1};

    /* Not observed: a finished run cannot judge them; a running one waits. */
    expect_result *r = run(f, out, 1, true, &m);
    const expect_row *o = row_of(r, "sleeps_on_loop = 0");
    assert_true(o->objective);
    assert_int_equal(o->status, EXPECT_NOT_RUN);
    assert_false(r->passed && r->failed > 0);
    expect_result_free(r);
    r = run(f, out, 1, false, &m);
    assert_int_equal(row_of(r, "omp_team >= 2")->status, EXPECT_PENDING);
    expect_result_free(r);

    /* Observed: judged, the hint filled from the facts. */
    run_facts seen = {.valid = true};
    facts_set(&seen, FACT_sleeps_on_loop, 1);
    facts_set(&seen, FACT_sleep_ms_on_loop, 150);
    facts_set(&seen, FACT_loop_sleep_from, 0);
    facts_set(&seen, FACT_omp_team, 2);
    m.observed = &seen;
    r = run(f, out, 1, true, &m);
    o = row_of(r, "sleeps_on_loop = 0");
    assert_int_equal(o->status, EXPECT_FAIL);
    assert_false(o->timing);
    assert_false(o->derived);
    assert_string_equal(o->actual, "1");
    assert_string_equal(o->hint, "slept 150 ms on the loop thread from 0 ms");
    assert_int_equal(row_of(r, "omp_team >= 2")->status, EXPECT_PASS);
    assert_false(r->passed);
    assert_int_equal(r->timing_failed, 0);
    expect_result_free(r);

    /* A time of something that never happened: the check cannot hold. */
    facts_set(&seen, FACT_sleeps_on_loop, 0);
    seen.has[FACT_loop_sleep_from] = false;
    r = run(f, out, 1, true, &m);
    assert_int_equal(row_of(r, "sleeps_on_loop = 0")->status, EXPECT_PASS);
    o = row_of(r, "loop_sleep_from >= 0");
    assert_int_equal(o->status, EXPECT_INFO);
    assert_false(o->info_held);
    assert_string_equal(o->note, "it never happened in this run");
    assert_true(r->passed);
    expect_result_free(r);
    expect_free(f);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"line a\n\nline at {t:sec} ms\n",
         "t.expect:3: unknown capture type 'sec' (use ms, int, num, ints, word or text)"},
        {"title x\nhint y\n", "t.expect:2: 'hint' must follow a line, expect, info or objective"},
        {"  ref 3\n", "t.expect:1: 'ref' must follow a line, expect, info or objective"},
        {"line {a:int}\nlet b = a\n  hint no\n",
         "t.expect:3: 'hint' must follow a line, expect, info or objective"},
        {"line {hb1:ms}\nline {hb1:ms}\n", "t.expect:2: capture 'hb1' is bound twice"},
        {"line {a:ms} {a:int}\n", "t.expect:1: capture 'a' is bound twice"},
        {"line {hb1:ms}\n\nexpect hb4 >= hb1\n", "t.expect:3: unknown name 'hb4' in condition"},
        {"expect x > 1\n", "t.expect:1: unknown name 'x' in condition"},
        {"line x\n  when y > 1\n", "t.expect:2: unknown name 'y' in condition"},
        {"line a\nany-order\nline b\n", "t.expect:2: 'any-order' without 'end'"},
        {"end\n", "t.expect:1: 'end' without 'any-order'"},
        {"any-order\nany-order\n", "t.expect:2: 'any-order' inside 'any-order' (line 1)"},
        {"any-order now\n", "t.expect:1: 'any-order' takes nothing after it"},
        {"line {x:int}\nexpect x = 50 +15\n", "t.expect:2: expected a tolerance like +15/-0"},
        {"line {x:int}\nexpect x = 50 +15/+3\n", "t.expect:2: expected a tolerance like +15/-0"},
        {"line {x:int}\nexpect x = 50 ±\n", "t.expect:2: expected a tolerance like +15/-0"},
        {"line {x:int}\nexpect x = 50 +-\n", "t.expect:2: expected a tolerance like +15/-0"},
        {"line {x:int}\nexpect x = 50 +5/-5 x\n", "t.expect:2: expected a tolerance like +15/-0"},
        {"line {x:int}\nexpect x\n", "t.expect:2: expected a condition like 'x = 50 +15/-0', "
                                     "'x >= y' or 'x in [150, 200)'"},
        {"line {x:int}\nexpect x ~ 3\n", "t.expect:2: expected a condition like 'x = 50 +15/-0', "
                                         "'x >= y' or 'x in [150, 200)'"},
        {"line {x:int}\nexpect x >=\n", "t.expect:2: nothing after '>='"},
        {"line {x:int}\nexpect x >= 3 4\n", "t.expect:2: unexpected '4' after the condition"},
        {"line {x:int}\nexpect x >= (3\n", "t.expect:2: missing ')'"},
        {"line {x:int}\nexpect x in 150, 200\n",
         "t.expect:2: expected a range like 'in [150, 200)'"},
        {"line {x:int}\nexpect x in [150 200)\n",
         "t.expect:2: expected a range like 'in [150, 200)'"},
        {"line {x:int}\nexpect x in [150, 200\n",
         "t.expect:2: expected a range like 'in [150, 200)'"},
        {"line {x:int}\nexpect x in [1, 2) x\n", "t.expect:2: unexpected 'x' after the range"},
        {"line {x:int}\nexpect x = \n", "t.expect:2: expression ends too early"},
        {"line {x:text} after\n", "t.expect:1: a 'text' capture must come last in its line"},
        {"line {1x:int}\n",
         "t.expect:1: bad capture name '1x' (letters, digits and _, starting with a letter)"},
        {"line {:int}\n",
         "t.expect:1: bad capture name '' (letters, digits and _, starting with a letter)"},
        {"line {x}\n", "t.expect:1: capture '{x}' needs a type, like {x:ms}"},
        {"line at {t:ms ms\n", "t.expect:1: '{' without '}' in a line (write '{{' for a brace)"},
        {"line a } b\n", "t.expect:1: a '}' on its own in a line (write '}}' for a brace)"},
        {"line {cores:int}\n",
         "t.expect:1: 'cores' is a machine fact and cannot be a capture name"},
        {"line {min:int}\n", "t.expect:1: 'min' is a function and cannot be a capture name"},
        {"fetch x\n", "t.expect:1: unknown directive 'fetch'"},
        {"averyveryverylongdirective x\n",
         "t.expect:1: unknown directive 'averyveryverylongdirective'"},
        {"title a\ntitle b\n", "t.expect:2: a second 'title'"},
        {"title\n", "t.expect:1: 'title' needs text"},
        {"timeout soon\n", "t.expect:1: 'timeout' needs a number of seconds, like 'timeout 10'"},
        {"timeout 0\n", "t.expect:1: 'timeout' needs a number of seconds, like 'timeout 10'"},
        {"timeout 1\ntimeout 2\n", "t.expect:2: a second 'timeout'"},
        {"extra-lines fine\n", "t.expect:1: write 'extra-lines ok'"},
        {"objective openmp\n",
         "t.expect:1: 'objective openmp' is gone: an objective is now a condition on what the run "
         "did, like 'objective omp_team >= 2'"},
        {"objective gpus >= 1\n", "t.expect:1: unknown name 'gpus' in condition"},
        {"objective cores >= 2\n",
         "t.expect:1: an objective is judged from what the run did: name a fact of the run, like "
         "omp_team or sleeps_on_loop"},
        {"line {omp_team:int}\n",
         "t.expect:1: 'omp_team' is a fact of the run and cannot be a capture name"},
        {"race-check now\n", "t.expect:1: 'race-check' takes nothing after it"},
        {"any-order\nline a\nend now\n", "t.expect:3: 'end' takes nothing after it"},
        /* An attribute keeps what the directive before it takes; any directive ends it. */
        {"repeat a {k:int}\n  hint h\n  rising k\n  count n\nlet z = 1\n  count m\n",
         "t.expect:6: 'count' must follow a repeat"},
        {"expect cores >= 1\n  rising k\n", "t.expect:2: 'rising' must follow a repeat"},
        {"line a\nlet z = 1\n  hint h\n",
         "t.expect:3: 'hint' must follow a line, expect, info or objective"},
        {"line a\ntimeout 5\n  when cores > 1\n",
         "t.expect:3: 'when' must follow a line, expect, info or objective"},
        {"race-check\nrace-check\n", "t.expect:2: a second 'race-check'"},
        {"line {x:int}\nexpect x > 1\n  ref soon\n",
         "t.expect:3: 'ref' needs a number, like 'ref 350'"},
        {"line {x:int}\nexpect x > 1\n  ref x\n",
         "t.expect:3: 'ref' needs a number, like 'ref 350'"},
        {"line {x:int}\nexpect x > 1\n  ref 1\n  ref 2\n",
         "t.expect:4: a second 'ref' for the same directive"},
        {"line {x:int}\nexpect x > 1\n  when cores > 1\n  when cores > 2\n",
         "t.expect:4: a second 'when' for the same directive"},
        {"line {x:int}\nexpect x > 1\n  hint\n", "t.expect:3: 'hint' needs text"},
        {"line {x:int}\nexpect x > 1\n  when\n", "t.expect:3: 'when' needs a value"},
        {"let = 3\n", "t.expect:1: expected 'let NAME = EXPR'"},
        {"let a == 3\n", "t.expect:1: expected 'let NAME = EXPR'"},
        {"let a 3\n", "t.expect:1: expected 'let NAME = EXPR'"},
        {"let a = 1\nlet a = 2\n", "t.expect:2: let 'a' is defined twice"},
        {"let a = b\nlet b = 1\n", "t.expect:1: let 'a' uses 'b', which is defined below it"},
        {"let a = a\n", "t.expect:1: let 'a' uses 'a', which is defined below it"},
        {"let load = 1\n", "t.expect:1: 'load' is a machine fact and cannot be a let name"},
        {"let q = zz\n", "t.expect:1: unknown name 'zz' in let"},
        {"line {a:int}\n\nlet a = 1\n", "t.expect:3: 'a' is both a capture and a let"},
        {"line {w:word}\nexpect w + 1 > 2\n",
         "t.expect:2: 'w' is a word capture: compare it with == or != only"},
        {"line {w:text}\nexpect w > 2\n",
         "t.expect:2: 'w' is a text capture: compare it with == or != only"},
        {"line {x:int}\nexpect x == yes\n", "t.expect:2: unknown name 'yes' in condition"},
        {"line {x:int}\nexpect x == !\n", "t.expect:2: expected a number, a name or '(' at '!'"},
    };
    for (size_t i = 0; i < N(cases); i++)
        parse_fails(cases[i].text, cases[i].message);
}

static void test_parse_error_limits(void **state)
{
    (void)state;
    char err[256];
    expect_file *f = (expect_file *)1;
    const char nul[] = "title a\nline b\0c\n";
    assert_int_equal(expect_parse(nul, sizeof nul - 1, "x.expect", &f, err, sizeof err),
                     EXPECT_ERR_FORMAT);
    assert_null(f);
    assert_string_equal(err, "x.expect:2: a NUL byte in the file");

    /* The name is optional and the message always fits the buffer. */
    assert_int_equal(expect_parse("fetch\n", 6, NULL, &f, err, sizeof err), EXPECT_ERR_FORMAT);
    assert_string_equal(err, "expect:1: unknown directive 'fetch'");
    char tiny[8];
    assert_int_equal(expect_parse("fetch\n", 6, "x", &f, tiny, sizeof tiny), EXPECT_ERR_FORMAT);
    assert_int_equal(strlen(tiny), 7);
    assert_int_equal(expect_parse("fetch\n", 6, "x", &f, NULL, 0), EXPECT_ERR_FORMAT);

    size_t n = 3000 * 7;
    char *many = malloc(n + 1);
    for (size_t i = 0; i < 3000; i++)
        memcpy(many + i * 7, "line x\n", 7);
    many[n] = '\0';
    assert_int_equal(expect_parse(many, n, "m", &f, err, sizeof err), EXPECT_ERR_FORMAT);
    assert_string_equal(err, "m:2001: too many directives (at most 2000)");
    free(many);

    char *huge = calloc(1, (1u << 20) + 2);
    memset(huge, '#', (1u << 20) + 1);
    assert_int_equal(expect_parse(huge, (1u << 20) + 1, "h", &f, err, sizeof err),
                     EXPECT_ERR_FORMAT);
    assert_string_equal(err, "h:1: the file is too large (at most 1048576 bytes)");
    free(huge);

    char caps[512] = "line ";
    for (int i = 0; i < 33; i++)
        sprintf(caps + strlen(caps), "{c%d:int} ", i);
    assert_int_equal(expect_parse(caps, strlen(caps), "c", &f, err, sizeof err), EXPECT_ERR_FORMAT);
    assert_string_equal(err, "c:1: too many captures in one line (at most 32)");
}

/* expect_load: a file's errors name the file, and extra directives follow its lines. */
static void test_load_from_disk(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_expect_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64], err[256];
    expect_file *f = (expect_file *)1;

    snprintf(path, sizeof path, "%s/none.expect", dir);
    assert_int_equal(expect_load(path, NULL, &f, err, sizeof err), -ENOENT);
    assert_null(f);
    char want[128];
    snprintf(want, sizeof want, "%s: %s", path, strerror(ENOENT));
    assert_string_equal(err, want);

    snprintf(path, sizeof path, "%s/bad.expect", dir);
    FILE *out = fopen(path, "w");
    fputs("title t\nfetch\n", out);
    fclose(out);
    assert_int_equal(expect_load(path, NULL, &f, err, sizeof err), -EINVAL);
    snprintf(want, sizeof want, "%s:2: unknown directive 'fetch'", path);
    assert_string_equal(err, want);
    remove(path);

    snprintf(path, sizeof path, "%s/good.expect", dir);
    out = fopen(path, "w");
    fputs("title t\nline a {x:ms} ms", out); /* no newline at the end: extra still parses */
    fclose(out);
    assert_int_equal(expect_load(path, "event x\n", &f, err, sizeof err), 0);
    assert_int_equal(expect_line_count(f), 1);
    assert_int_equal(expect_mark_count(f), 1);
    expect_free(f);
    remove(path);
    rmdir(dir);
}

static void test_comments_blank_and_indentation(void **state)
{
    (void)state;
    expect_file *f = parse_ok("# a comment\n   # an indented comment\n\n\t\n"
                              "line\ta  b\n"
                              "\tline c\n"
                              "expect 1 < 2\n"
                              "hint attributes need not be indented\n");
    assert_int_equal(expect_line_count(f), 2);
    const char *out[] = {"a  b", "c"};
    expect_result *r = run(f, out, 2, true, NULL);
    assert_true(r->passed);
    assert_string_equal(row_at(r, 5)->label, "a  b");
    expect_result_free(r);
    expect_free(f);

    /* An empty `line` is an empty output line; a file without a final newline is whole. */
    f = parse_ok("line\nline end");
    const char *blank[] = {"", "end"};
    r = run(f, blank, 2, true, NULL);
    assert_true(r->passed);
    expect_result_free(r);
    expect_free(f);
}

/* Garbage must give an error or a file, never a crash (run this under ASan and valgrind). */
static void test_garbage_never_crashes(void **state)
{
    (void)state;
    static const char *const snippets[] = {
        "line ",     "{",       "}",           "{{",    "}}",   "{a:int}", "{b:ms}", "{w:word}",
        "{t:text}",  "expect ", "info ",       "let ",  "a",    "b",       "w",      "=",
        "==",        ">=",      "<",           "in [",  ", ",   ")",       "(",      "]",
        "+15/-0",    "±",       "+-",          "min(",  "abs(", "cores",   "\n",     "\n  hint {a}",
        "\n  when ", "\nref 3", "any-order\n", "end\n", "\r",   "\t",      "\0",     "\xff",
        "1e999",     "-",       "/",           "*",     "0",    "9.5",
    };
    unsigned seed = 12345;
    char text[400];
    const char *out[] = {"a 1", "", "{a} 5 ms", "x y z", "heartbeat 1 at 50 ms"};
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = 0;
        int pieces = (int)(seed % 24);
        for (int k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *s = snippets[(seed >> 16) % N(snippets)];
            size_t len = s[0] ? strlen(s) : 1;
            if (n + len >= sizeof text)
                break;
            memcpy(text + n, s, len);
            n += len;
        }
        expect_file *f = NULL;
        char err[128];
        if (expect_parse(text, n, "g", &f, err, sizeof err) == 0) {
            expect_result *r = expect_match(f, out, N(out), iter % 2 == 0, &two_cores);
            assert_non_null(r);
            expect_result_free(r);
            expect_free(f);
        } else {
            assert_null(f);
            assert_double_eq(strncmp(err, "g:", 2), 0);
        }
        seed = seed * 1103515245u + 12345u;
    }
}

static void test_long_lines_and_backtracking(void **state)
{
    (void)state;
    size_t n = 1u << 20;
    char *line = malloc(n + 1);
    memset(line, 'x', n);
    line[n] = '\0';
    const char *out[] = {line};
    /* Word splits of a long run without a fit: bounded by the step budget. */
    expect_file *f = parse_ok("line {a:word}{b:word}{c:word}y\n");
    expect_result *r = run(f, out, 1, true, NULL);
    assert_false(r->passed);
    expect_result_free(r);
    expect_free(f);

    f = parse_ok("line {t:text}\nexpect t == x\n");
    r = run(f, out, 1, true, NULL);
    assert_double_eq(r->rows[0].status, EXPECT_PASS);
    assert_int_equal(strlen(r->rows[0].actual), n);
    expect_result_free(r);
    expect_free(f);

    char *file = malloc(n + 16);
    memcpy(file, "title ", 6);
    memset(file + 6, 'y', n - 100);
    file[n - 94] = '\0';
    f = parse_ok(file);
    assert_int_equal(strlen(expect_title(f)), n - 100);
    expect_free(f);
    free(file);
    free(line);
}

static void test_line_attributes_and_when_on_captures(void **state)
{
    (void)state;
    expect_file *f = parse_ok("line n = {n:int}\n  ref 5\n  hint print n\n"
                              "expect n > 3\n  when n != 0\n");
    const char *zero[] = {"n = 0"};
    expect_result *r = run(f, zero, 1, true, NULL);
    assert_int_equal(row_at(r, 1)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 4)->status, EXPECT_NOT_GRADABLE);
    assert_string_equal(row_at(r, 4)->note, "not gradable here: needs n != 0");
    expect_result_free(r);
    r = run(f, NULL, 0, true, NULL);
    assert_string_equal(row_at(r, 1)->hint, "print n");
    assert_int_equal(row_at(r, 4)->status, EXPECT_NOT_RUN);
    expect_result_free(r);
    r = run(f, NULL, 0, false, NULL);
    assert_int_equal(row_at(r, 4)->status, EXPECT_PENDING);
    expect_result_free(r);
    expect_free(f);
}

static void test_random_bytes_never_crash(void **state)
{
    (void)state;
    unsigned seed = 99;
    char text[300];
    const char *out[] = {"\xff\x01 {", "line 1", ""};
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = (seed >> 8) % sizeof text;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly printable, with newlines, so that directives get through. */
            unsigned c = (seed >> 16) & 0xff;
            text[i] = c < 200 ? (char)(" \n{}:=+-/<>[](),.0123456789abcdefghijklmnopqrstuvwxyz"
                                       "lineexpectinfolet#\t\r")[c % 73]
                              : (char)c;
        }
        expect_file *f = NULL;
        char err[64];
        if (expect_parse(text, n, "r", &f, err, sizeof err) == 0) {
            expect_result *r = expect_match(f, out, N(out), iter % 3 != 0, &one_core);
            assert_non_null(r);
            expect_result_free(r);
            expect_free(f);
        }
        seed = seed * 1103515245u + 12345u;
    }
}

/* `repeat`: exercise 7's progress lines, interleaved with heartbeats, then done. */
static const char PROGRESS[] = "any-order\n"
                               "line    heartbeat 1 at {hb1:ms} ms\n"
                               "line    heartbeat 2 at {hb2:ms} ms\n"
                               "repeat  progress {k:int}/40\n"
                               "  rising k\n"
                               "  count  shown\n"
                               "  hint  the progress went backwards\n"
                               "end\n"
                               "line    done at {done:ms} ms\n"
                               "expect  k = 40\n"
                               "info    shown < 40\n";

static void test_repeat_takes_every_line(void **state)
{
    (void)state;
    const char *out[] = {"progress 1/40",  "progress 2/40",  "heartbeat 1 at 50 ms",
                         "progress 17/40", "progress 30/40", "heartbeat 2 at 100 ms",
                         "progress 40/40", "done at 203 ms"};
    expect_file *f;
    expect_result *r = check(PROGRESS, out, N(out), &f);
    assert_true(r->passed);
    assert_int_equal(r->failed, 0);
    const expect_row *rep = row_at(r, 4);
    assert_int_equal(rep->kind, EXPECT_ROW_LINE);
    assert_int_equal(rep->status, EXPECT_PASS);
    assert_int_equal(rep->output_index, 6); /* the last line it took */
    assert_string_equal(rep->actual, "progress 40/40");
    assert_string_equal(rep->note, "5 lines");
    double v;
    assert_true(expect_result_capture(r, "k", &v));
    assert_double_eq(v, 40); /* the last value */
    assert_true(expect_result_capture(r, "shown", &v));
    assert_double_eq(v, 5);
    assert_string_equal(expect_result_capture_text(r, "shown"), "5");
    assert_int_equal(row_at(r, 10)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 11)->status, EXPECT_INFO);
    assert_true(row_at(r, 11)->info_held);
    for (size_t i = 0; i < r->nrows; i++)
        assert_int_not_equal(r->rows[i].kind, EXPECT_ROW_EXTRA);
    expect_result_free(r);
    expect_free(f);

    /* One line is enough, and the count says so. */
    const char *once[] = {"heartbeat 1 at 50 ms", "heartbeat 2 at 100 ms", "progress 40/40",
                          "done at 210 ms"};
    r = check(PROGRESS, once, N(once), &f);
    expect_free(f);
    assert_true(r->passed);
    assert_string_equal(row_at(r, 4)->note, "1 line");
    expect_result_free(r);
}

static void test_repeat_rising_and_order(void **state)
{
    (void)state;
    /* A value that falls (or stays) fails the repeat's row with its hint. */
    const char *fell[] = {"progress 1/40",  "progress 9/40", "heartbeat 1 at 50 ms",
                          "progress 9/40",  "progress 3/40", "heartbeat 2 at 100 ms",
                          "progress 40/40", "done at 203 ms"};
    expect_file *f;
    expect_result *r = check(PROGRESS, fell, N(fell), &f);
    assert_false(r->passed);
    assert_int_equal(r->failed, 1);
    const expect_row *rep = row_at(r, 4);
    assert_int_equal(rep->status, EXPECT_FAIL);
    assert_string_equal(rep->actual, "k went from 9 to 9");
    assert_string_equal(rep->note, "k did not rise at output line 4");
    assert_string_equal(rep->hint, "the progress went backwards");
    assert_false(rep->timing);
    expect_result_free(r);
    expect_free(f);

    /* A progress line after done leaves done missing: the repeat took the lines after it. */
    const char *late[] = {"heartbeat 1 at 50 ms", "heartbeat 2 at 100 ms", "progress 39/40",
                          "done at 203 ms", "progress 40/40"};
    r = check(PROGRESS, late, N(late), &f);
    expect_free(f);
    assert_false(r->passed);
    assert_int_equal(row_at(r, 9)->status, EXPECT_FAIL);
    assert_string_equal(row_at(r, 9)->note, "missing");
    expect_result_free(r);

    /* No progress at all: the repeat is missing, and what needs k or shown is not run. */
    const char *none[] = {"heartbeat 1 at 50 ms", "heartbeat 2 at 100 ms", "done at 203 ms"};
    r = check(PROGRESS, none, N(none), &f);
    expect_free(f);
    assert_int_equal(row_at(r, 4)->status, EXPECT_FAIL);
    assert_string_equal(row_at(r, 4)->note, "missing");
    assert_int_equal(row_at(r, 10)->status, EXPECT_NOT_RUN);
    assert_string_equal(row_at(r, 11)->note, "not run: 'shown' (line 4) is missing");
    expect_result_free(r);

    /* While the run goes on, what has arrived so far is judged. */
    const char *partial[] = {"progress 1/40", "progress 4/40"};
    f = parse_ok(PROGRESS);
    r = run(f, partial, N(partial), false, &two_cores);
    assert_int_equal(row_at(r, 4)->status, EXPECT_PASS);
    assert_int_equal(row_at(r, 10)->status, EXPECT_PENDING);
    expect_result_free(r);
    expect_free(f);
}

static void test_repeat_parse_errors(void **state)
{
    (void)state;
    parse_fails("line a {k:int}\n  rising k\n", "t.expect:2: 'rising' must follow a repeat");
    parse_fails("count n\n", "t.expect:1: 'count' must follow a repeat");
    parse_fails("repeat a {k:int}\n  rising j\n",
                "t.expect:2: 'rising j': no capture 'j' in this repeat's line");
    parse_fails("line b {j:int}\nrepeat a {k:int}\n  rising j\n",
                "t.expect:3: 'rising j': no capture 'j' in this repeat's line");
    parse_fails("repeat a {w:word}\n  rising w\n",
                "t.expect:2: 'rising w': 'w' is a word capture, not a number");
    parse_fails("repeat a {k:int}\n  rising k\n  rising k\n",
                "t.expect:3: a second 'rising' for the same repeat");
    parse_fails("repeat a {k:int}\n  count n\n  count m\n",
                "t.expect:3: a second 'count' for the same repeat");
    parse_fails("repeat a {k:int}\n  count k\n", "t.expect:2: capture 'k' is bound twice");
    parse_fails("repeat a {k:int}\n  count 3x\n",
                "t.expect:2: 'count' needs a name, like 'count k'");
    parse_fails("repeat a {k:int}\n  count cores\n",
                "t.expect:2: 'cores' is a machine fact and cannot be a capture name");
    /* A count is a number, usable like a capture: in a let, a check, an event. */
    expect_file *f = parse_ok("repeat tick {t:ms}\n  rising t\n  count n\nlet per = t / n\n"
                              "expect n >= 2\n");
    const char *out[] = {"tick 10", "tick 20", "tick 30"};
    expect_result *r = run(f, out, N(out), true, &two_cores);
    assert_true(r->passed);
    assert_int_equal(row_at(r, 4)->status, EXPECT_INFO);
    assert_string_equal(row_at(r, 4)->actual, "10");
    expect_result_free(r);
    expect_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocked_passes),
        cmocka_unit_test(test_blocked_fails_offloaded_output),
        cmocka_unit_test(test_title_timeout_objectives),
        cmocka_unit_test(test_objectives_from_facts),
        cmocka_unit_test(test_capture_types),
        cmocka_unit_test(test_capture_rejects),
        cmocka_unit_test(test_literal_text_and_braces),
        cmocka_unit_test(test_big_integer_capture),
        cmocka_unit_test(test_tolerances),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_relations),
        cmocka_unit_test(test_word_conditions),
        cmocka_unit_test(test_lets),
        cmocka_unit_test(test_machine_facts_derived),
        cmocka_unit_test(test_when_not_gradable),
        cmocka_unit_test(test_info_never_fails),
        cmocka_unit_test(test_missing_lines),
        cmocka_unit_test(test_first_fit_in_order),
        cmocka_unit_test(test_extra_lines),
        cmocka_unit_test(test_any_order),
        cmocka_unit_test(test_any_order_follows_previous_match),
        cmocka_unit_test(test_crlf_and_trailing_spaces),
        cmocka_unit_test(test_partial_matching),
        cmocka_unit_test(test_hint_interpolation),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_count_hint_names_load_then_store),
        cmocka_unit_test(test_division_by_zero),
        cmocka_unit_test(test_result_outlives_file),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_error_limits),
        cmocka_unit_test(test_load_from_disk),
        cmocka_unit_test(test_comments_blank_and_indentation),
        cmocka_unit_test(test_garbage_never_crashes),
        cmocka_unit_test(test_long_lines_and_backtracking),
        cmocka_unit_test(test_line_attributes_and_when_on_captures),
        cmocka_unit_test(test_random_bytes_never_crash),
        cmocka_unit_test(test_repeat_takes_every_line),
        cmocka_unit_test(test_repeat_rising_and_order),
        cmocka_unit_test(test_repeat_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
