/*
 * Unit tests for runner/check/verdict.c (and the pure parts of runner/check/check.c): a verdict
 * reads right as text, TAP and JSON; what the program printed never reaches the
 * terminal raw; hints split on their headings.
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

#include "check.h"
#include "util.h"
#include "verdict.h"
#include "words.h"

static check_item item(check_kind kind, check_mark mark, const char *label, const char *actual,
                       const char *expected, const char *hint)
{
    return (check_item){
        .kind = kind,
        .mark = mark,
        .label = xstrdup(label),
        .actual = actual ? xstrdup(actual) : NULL,
        .expected = expected ? xstrdup(expected) : NULL,
        .hint = hint ? xstrdup(hint) : NULL,
    };
}

/* A failing verdict of exercise 2 whose program printed an escape sequence. */
static check_verdict *sample(void)
{
    check_verdict *v = xcalloc(1, sizeof *v);
    v->source = xstrdup("exercises/2-offload-hash/offload_hash.c");
    v->compiled = true;
    v->build_log = xstrdup("offload_hash.c:3:5: warning: unused variable 'x'\n");
    v->warnings = 1;
    v->nitems = 7;
    v->items = xcalloc(v->nitems, sizeof *v->items);
    v->items[0] = item(CHECK_COMPILES, CHECK_OK, "compiles", "with 1 warning", NULL, NULL);
    v->items[1] = item(CHECK_RUNS, CHECK_OK, "runs", "exited with status 0 in 0.25 s", NULL, NULL);
    v->items[2] =
        item(CHECK_LINE, CHECK_OK, "heartbeat 1 at 201 ms", "heartbeat 1 at 201 ms", NULL, NULL);
    v->items[2].rule = xstrdup("heartbeat 1 at {hb1:ms} ms");
    v->items[3] = item(CHECK_RELATION, CHECK_FAIL, "heartbeat 1 came on time", "201", "<= 80",
                       "heartbeat 1 came ~150 ms late: the hash ran on the loop thread");
    v->items[3].rule = xstrdup("hb1 <= 80");
    v->items[3].timing = true;
    v->items[4] = item(CHECK_EXTRA, CHECK_FAIL, "no line # expects this output",
                       "\x1b[31mred\x1b[0m\a", NULL, NULL);
    v->items[5] = item(CHECK_OBJECTIVE, CHECK_SKIP, "offloads work", NULL, NULL, NULL);
    v->items[5].note = xstrdup("not judged");
    v->items[6] = item(CHECK_RELATION, CHECK_INFO, "lines shown: 12", "12", "< 40", NULL);
    v->items[6].rule = xstrdup("shown < 40");
    v->checks_passed = 3;
    v->checks_failed = 2;
    v->checks_total = 6;
    v->ndiff = 2;
    v->diff = xcalloc(2, sizeof *v->diff);
    v->diff[0] = (check_diff_line){'-', xstrdup("hash = {hash:int} at {h:ms} ms")};
    v->diff[1] = (check_diff_line){'+', xstrdup("\x1b[31mred\x1b[0m\a\"quoted\"\\")};
    v->nout = 1;
    v->out_lines = xcalloc(1, sizeof *v->out_lines);
    v->out_lines[0] = xstrdup("\x1b[31mred\x1b[0m\a\xff");
    v->err_text = xstrdup("debug: \x1b]0;title\a\n");
    v->runs = 3;
    v->runs_passed = 0;
    v->timeout_s = 10;
    v->run_s = 0.25;
    v->total_s = 1.1;
    return v;
}

/* Runs a printer into a string. */
static char *render(void (*print)(FILE *, const check_verdict *, void *), const check_verdict *v,
                    void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    print(f, v, arg);
    fclose(f);
    return buf;
}

static void print_text(FILE *f, const check_verdict *v, void *arg)
{
    verdict_print_text(f, v, "exercise 2, offload-hash", arg);
}

static void print_tap(FILE *f, const check_verdict *v, void *arg)
{
    (void)arg;
    verdict_print_tap(f, v);
}

static void print_json(FILE *f, const check_verdict *v, void *arg)
{
    (void)arg;
    verdict_print_json(f, v, 2);
}

/* No byte a terminal acts on, other than newlines (and tabs when allowed). */
static void assert_no_raw_controls(const char *s, bool colors)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n' || (colors && *p == 0x1b))
            continue;
        assert_true(*p >= 0x20 && *p != 0x7f);
    }
}

static void test_text(void **state)
{
    (void)state;
    check_verdict *v = sample();
    report_style plain = {.color = false, .utf8 = true};
    char *out = render(print_text, v, &plain);
    assert_non_null(strstr(out, "exercise 2, offload-hash  exercises/2-offload-hash/"));
    assert_non_null(strstr(out, "the compiler says:\n  offload_hash.c:3:5: warning"));
    /* Every label starts in one column, whatever its mark's width ("✓", "i✓"). */
    assert_non_null(strstr(out, "\n  ✓  compiles"));
    assert_non_null(strstr(out, "\n  ✗  heartbeat 1 came on time"));
    assert_non_null(strstr(out, "\n  i✓ lines shown: 12"));
    assert_non_null(strstr(out, "201 (expected <= 80)"));
    /* A line that came is its own label, not said twice; no rule unless asked. */
    assert_null(strstr(out, "\"heartbeat 1 at 201 ms\""));
    assert_null(strstr(out, "{hb1:ms}"));
    assert_null(strstr(out, "hb1 <= 80"));
    assert_non_null(strstr(out, "      → heartbeat 1 came ~150 ms late"));
    assert_non_null(strstr(out, "  -  offloads work"));
    assert_non_null(strstr(out, "[not judged]"));
    assert_non_null(strstr(out, "  - hash = {hash:int} at {h:ms} ms\n"));
    assert_non_null(strstr(out, "  + ^[[31mred^[[0m^G\"quoted\"\\\n"));
    assert_non_null(strstr(out, "debug: ^[]0;title^G"));
    assert_non_null(strstr(out, "3 of 6 checks passed; timing held in 0 of 3 runs"));
    assert_no_raw_controls(out, false);
    free(out);

    /* Without UTF-8 the marks are words; with colour, only our own escapes appear. */
    report_style ascii = {.color = true, .utf8 = false};
    out = render(print_text, v, &ascii);
    assert_non_null(strstr(out, "FAIL\x1b[0m heartbeat 1 came on time"));
    assert_non_null(strstr(out, "ok\x1b[0m   compiles"));
    assert_non_null(strstr(out, "i ok\x1b[0m lines shown"));
    assert_non_null(strstr(out, "-> heartbeat 1"));
    assert_null(strstr(out, "\a"));
    assert_null(strstr(out, "\x1b]"));
    free(out);
    check_verdict_free(v);
}

/* --verbose (or R on a screen): each check's rule under its sentence. */
static void test_text_rules(void **state)
{
    (void)state;
    check_verdict *v = sample();
    report_style plain = {.color = false, .utf8 = true};
    words_set_rules(true);
    char *out = render(print_text, v, &plain);
    words_set_rules(false);
    assert_non_null(strstr(out, "  ✗  heartbeat 1 came on time"));
    assert_non_null(strstr(out, "\n      rule: hb1 <= 80\n"));
    assert_non_null(strstr(out, "\n      rule: heartbeat 1 at {hb1:ms} ms\n"));
    /* The checker's own items have no rule to show. */
    assert_null(strstr(out, "rule: compiles"));
    free(out);
    check_verdict_free(v);
}

static void test_text_passed_and_error(void **state)
{
    (void)state;
    check_verdict *v = sample();
    v->passed = true;
    v->runs = 1;
    report_style plain = {.color = false, .utf8 = true};
    char *out = render(print_text, v, &plain);
    assert_non_null(strstr(out, "✓ passed: 3 of 6 checks"));
    assert_null(strstr(out, "runs;"));
    free(out);
    v->error = xstrdup("cannot run the C compiler (cc)");
    out = render(print_text, v, &plain);
    assert_non_null(strstr(out, "cannot check: cannot run the C compiler"));
    free(out);
    check_verdict_free(v);
}

static void test_tap(void **state)
{
    (void)state;
    check_verdict *v = sample();
    char *out = render(print_tap, v, NULL);
    assert_int_equal(strncmp(out, "TAP version 13\n1..7\n", 20), 0);
    int points = 0;
    for (char *line = out; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, "ok ", 3) == 0 || strncmp(line, "not ok ", 7) == 0)
            points++;
    }
    assert_int_equal(points, 7);
    assert_non_null(
        strstr(out, "not ok 4 - heartbeat 1 came on time\n  ---\n  rule: \"hb1 <= 80\"\n"));
    assert_non_null(strstr(out, "  hint: \"heartbeat 1 came"));
    /* A '#' in a description would start a directive. */
    assert_non_null(strstr(out, "not ok 5 - no line % expects this output\n"));
    assert_non_null(strstr(out, "ok 6 - offloads work # SKIP not judged\n"));
    assert_non_null(strstr(out, "# - hash = {hash:int}"));
    assert_non_null(strstr(out, "# timing held in 0 of 3 runs"));
    assert_no_raw_controls(out, false);
    free(out);
    check_verdict_free(v);
}

static void test_json(void **state)
{
    (void)state;
    check_verdict *v = sample();
    char *out = render(print_json, v, NULL);
    assert_no_raw_controls(out, false);
    assert_true(out[0] == '{' && out[strlen(out) - 2] == '}');
    assert_non_null(strstr(out, "\"exercise\":2,\"passed\":false,\"error\":null"));
    assert_non_null(strstr(out, "\"checks_total\":6"));
    assert_non_null(strstr(out,
                           "{\"kind\":\"relation\",\"status\":\"fail\",\"timing\":true,\"label\":"
                           "\"heartbeat 1 came on time\",\"rule\":\"hb1 <= 80\",\"actual\":\"201\","
                           "\"expected\":\"<= 80\""));
    /* Quotes and backslashes escaped; invalid UTF-8 made visible, so the JSON is valid. */
    assert_non_null(strstr(out, "^G\\\"quoted\\\"\\\\\""));
    assert_non_null(strstr(out, "\"stdout\":[\"^[[31mred^[[0m^G\\\\xff\"]"));
    assert_non_null(strstr(out, "\"stderr\":\"debug: ^[]0;title^G\\n\""));
    free(out);
    check_verdict_free(v);
}

static void test_formats(void **state)
{
    (void)state;
    verdict_format f;
    assert_int_equal(verdict_parse_format("json", &f), 0);
    assert_int_equal(f, VERDICT_JSON);
    assert_int_equal(verdict_parse_format("tap", &f), 0);
    assert_int_equal(f, VERDICT_TAP);
    assert_int_equal(verdict_parse_format("text", &f), 0);
    assert_int_equal(f, VERDICT_TEXT);
    assert_int_equal(verdict_parse_format("xml", &f), -1);
}

static void test_first_failure(void **state)
{
    (void)state;
    check_verdict *v = sample();
    char *why = verdict_first_failure(v);
    assert_string_equal(
        why, "heartbeat 1 came on time: heartbeat 1 came ~150 ms late: the hash ran on the "
             "loop thread");
    free(why);
    check_verdict_free(v);
}

static void test_hints_split(void **state)
{
    (void)state;
    const char md[] = "# Hints for exercise 2\n\nRead the README first.\n\n"
                      "## Hint 1\n\nWhere does the hash run?\n\n"
                      "## Hint 2: the thread pool\n\nuv_queue_work takes\ntwo callbacks.\n"
                      "### Hint 9 is a sub-heading, not a hint\n\n"
                      "## Hint 3\r\n\r\nQueue it before uv_run.\r\n\r\n";
    char **hints;
    size_t n = verdict_hints_split(md, sizeof md - 1, &hints);
    assert_int_equal(n, 3);
    assert_string_equal(hints[0], "Where does the hash run?");
    assert_string_equal(hints[1], "uv_queue_work takes\ntwo callbacks.\n"
                                  "### Hint 9 is a sub-heading, not a hint");
    assert_string_equal(hints[2], "Queue it before uv_run.");
    verdict_hints_free(hints, n);

    n = verdict_hints_split("no hints here\n", 14, &hints);
    assert_int_equal(n, 0);
    verdict_hints_free(hints, n);
}

static void test_strip_color(void **state)
{
    (void)state;
    char s[] = "\x1b[01m\x1b[Kx.c:3:5:\x1b[m\x1b[K \x1b[01;31merror:\x1b[m ok\x1b]8;;u\x1b\\"
               "link\x1b]8;;\a";
    check_strip_color(s);
    assert_string_equal(s, "x.c:3:5: error: oklink");
    char cut[] = "tail \x1b[";
    check_strip_color(cut);
    assert_string_equal(cut, "tail ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_rules),
        cmocka_unit_test(test_text_passed_and_error),
        cmocka_unit_test(test_tap),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_first_failure),
        cmocka_unit_test(test_hints_split),
        cmocka_unit_test(test_strip_color),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
