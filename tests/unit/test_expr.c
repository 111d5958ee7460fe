/* Unit tests for runner/expect/expr.c: parsing, evaluation, formatting, interpolation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit_assert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

/* Names a..z have the values 1..26; "none" is missing; cores etc. come from a machine. */
static int lookup_letters(void *ctx, const char *name, double *value)
{
    const expect_machine *m = ctx;
    if (m && expr_fact(m, name, value) == 0)
        return 0;
    if (strlen(name) == 1 && name[0] >= 'a' && name[0] <= 'z') {
        *value = name[0] - 'a' + 1;
        return 0;
    }
    return EXPR_ERR_MISSING;
}

static double eval_text(const char *text)
{
    expr *e = NULL;
    char err[128];
    size_t used = 0;
    double v = -12345;
    expect_machine m = {.cores = 2, .omp_threads = 4, .load = 0.5};
    assert_int_equal(expr_parse(text, strlen(text), 0, &e, &used, err, sizeof err), 0);
    assert_int_equal(used, strlen(text));
    assert_int_equal(expr_eval(e, lookup_letters, &m, &v), 0);
    expr_free(e);
    return v;
}

static int parse_error(const char *text, char *err, size_t errlen)
{
    expr *e = NULL;
    size_t used = 0;
    int rc = expr_parse(text, strlen(text), 0, &e, &used, err, errlen);
    assert_null(e);
    return rc;
}

static void test_numbers(void **state)
{
    (void)state;
    assert_double_eq(eval_text("42"), 42);
    assert_double_eq(eval_text("1.85"), 1.85);
    assert_double_eq(eval_text("2e3"), 2000);
    assert_double_eq(eval_text("1.5E-1"), 0.15);
    assert_double_eq(eval_text(".5"), 0.5);
    assert_double_eq(eval_text("-3"), -3);
}

static void test_precedence_and_parentheses(void **state)
{
    (void)state;
    assert_double_eq(eval_text("1 + 2 * 3"), 7);
    assert_double_eq(eval_text("(1 + 2) * 3"), 9);
    assert_double_eq(eval_text("10 - 4 - 3"), 3);
    assert_double_eq(eval_text("100 / 10 / 2"), 5);
    assert_double_eq(eval_text("--4"), 4);
    assert_double_eq(eval_text("-(2 + 3) * 2"), -10);
    assert_double_eq(eval_text("  7\t*2  "), 14);
}

static void test_names_and_functions(void **state)
{
    (void)state;
    assert_double_eq(eval_text("b - a"), 1);
    assert_double_eq(eval_text("min(c, d)"), 3);
    assert_double_eq(eval_text("max(c, d)"), 4);
    assert_double_eq(eval_text("abs(a - j)"), 9);
    assert_double_eq(eval_text("min (max(a, b), abs(-7))"), 2);
    assert_double_eq(eval_text("ceil(8 / 3)"), 3);
    assert_double_eq(eval_text("ceil(8 / 4)"), 2);
    assert_double_eq(eval_text("floor(8 / 9)"), 0);
    assert_double_eq(eval_text("floor(8 / 3)"), 2);
    assert_double_eq(eval_text("floor(-0.5)"), -1);
}

static void test_machine_facts(void **state)
{
    (void)state;
    assert_double_eq(eval_text("cores"), 2);
    assert_double_eq(eval_text("omp_threads"), 4);
    assert_double_eq(eval_text("load"), 0.5);
    assert_double_eq(eval_text("460 / min(cores, 8)"), 230);
    assert_true(expr_is_fact("cores") && expr_is_fact("load") && expr_is_fact("omp_threads"));
    assert_false(expr_is_fact("core"));
    double v;
    assert_int_equal(expr_fact(NULL, "cores", &v), EXPR_ERR_MISSING);
}

static void test_names_listed_once(void **state)
{
    (void)state;
    expr *e;
    char err[64];
    size_t used;
    const char *t = "hb2 - hb1 + hb2 * max(hb1, cores)";
    assert_int_equal(expr_parse(t, strlen(t), 0, &e, &used, err, sizeof err), 0);
    assert_int_equal(expr_name_count(e), 3);
    assert_string_equal(expr_name(e, 0), "hb2");
    assert_string_equal(expr_name(e, 1), "hb1");
    assert_string_equal(expr_name(e, 2), "cores");
    assert_null(expr_name(e, 3));
    assert_null(expr_single_name(e));
    expr_free(e);
    assert_int_equal(expr_parse("  hb1 ", 6, 0, &e, &used, err, sizeof err), 0);
    assert_string_equal(expr_single_name(e), "hb1");
    expr_free(e);
}

static void test_stops_before_comparison(void **state)
{
    (void)state;
    expr *e;
    char err[64];
    size_t used;
    const char *t = "hb2 - hb1 >= 50";
    assert_int_equal(expr_parse(t, strlen(t), 0, &e, &used, err, sizeof err), 0);
    assert_int_equal(used, 10); /* "hb2 - hb1 " */
    expr_free(e);
    t = "a, b)";
    assert_int_equal(expr_parse(t, strlen(t), 0, &e, &used, err, sizeof err), 0);
    assert_int_equal(used, 1);
    expr_free(e);
}

static void test_stop_at_tolerance(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t used;
    } cases[] = {
        {"50 +15/-0", 3}, {"50 +-5", 3}, {"50 + -5", 3}, {"50 ± 5", 3},
        {"50 + 15", 7},   {"50 +15", 3}, {"a+15", 4},    {"seq / cores +5/-5", 12},
        {"(1 +2/-1)", 0}, /* error below */
    };
    for (size_t i = 0; i + 1 < sizeof cases / sizeof cases[0]; i++) {
        expr *e;
        char err[64];
        size_t used;
        const char *t = cases[i].text;
        assert_int_equal(
            expr_parse(t, strlen(t), EXPR_STOP_AT_TOLERANCE, &e, &used, err, sizeof err), 0);
        assert_int_equal(used, cases[i].used);
        expr_free(e);
    }
    /* Without the flag "+-5" is a sum with a negative number. */
    assert_double_eq(eval_text("50 +-5"), 45);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    char err[128];
    assert_int_equal(parse_error("", err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "expression ends too early");
    assert_int_equal(parse_error("1 +", err, sizeof err), EXPR_ERR_SYNTAX);
    assert_int_equal(parse_error("(1 + 2", err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "missing ')'");
    assert_int_equal(parse_error("min(1)", err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "min() takes 2 arguments");
    assert_int_equal(parse_error("abs(1, 2)", err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "abs() takes 1 argument");
    assert_int_equal(parse_error("ceil(1, 2)", err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "ceil() takes 1 argument");
    assert_int_equal(parse_error("* 3", err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "expected a number, a name or '(' at '*'");
    assert_int_equal(parse_error(".", err, sizeof err), EXPR_ERR_SYNTAX);
    /* A tiny buffer still gets a terminated message. */
    char tiny[4];
    assert_int_equal(parse_error(")", tiny, sizeof tiny), EXPR_ERR_SYNTAX);
    assert_int_equal(strlen(tiny), 3);
}

static void test_limits(void **state)
{
    (void)state;
    char err[128];
    char deep[200];
    memset(deep, '(', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    assert_int_equal(parse_error(deep, err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "expression nested too deeply");
    memset(deep, '-', sizeof deep - 1);
    assert_int_equal(parse_error(deep, err, sizeof err), EXPR_ERR_SYNTAX);
    char *longsum = malloc(4 * EXPR_MAX_NODES + 8);
    size_t n = 0;
    for (int i = 0; i < EXPR_MAX_NODES; i++)
        n += (size_t)sprintf(longsum + n, "1+");
    sprintf(longsum + n, "1");
    assert_int_equal(parse_error(longsum, err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "expression too long");
    free(longsum);
    char name[100];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    assert_int_equal(parse_error(name, err, sizeof err), EXPR_ERR_SYNTAX);
    assert_string_equal(err, "name too long");
}

static void test_eval_errors(void **state)
{
    (void)state;
    expr *e;
    char err[64];
    size_t used;
    double v = 7;
    assert_int_equal(expr_parse("a / (b - b)", 11, 0, &e, &used, err, sizeof err), 0);
    assert_int_equal(expr_eval(e, lookup_letters, NULL, &v), EXPR_ERR_DOMAIN);
    assert_double_eq(v, 7);
    expr_free(e);
    assert_int_equal(expr_parse("none + 1", 8, 0, &e, &used, err, sizeof err), 0);
    assert_int_equal(expr_eval(e, lookup_letters, NULL, &v), EXPR_ERR_MISSING);
    expr_free(e);
    assert_int_equal(expr_parse("1e308 * 1e308", 13, 0, &e, &used, err, sizeof err), 0);
    assert_int_equal(expr_eval(e, lookup_letters, NULL, &v), EXPR_ERR_DOMAIN);
    expr_free(e);
}

static void test_embedded_nul(void **state)
{
    (void)state;
    expr *e;
    char err[64];
    size_t used;
    const char t[] = "1 +\0 2";
    assert_int_equal(expr_parse(t, sizeof t - 1, 0, &e, &used, err, sizeof err), EXPR_ERR_SYNTAX);
    assert_int_equal(expr_parse(t, 1, 0, &e, &used, err, sizeof err), 0);
    expr_free(e);
}

static void test_format(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(expr_format(300, buf, sizeof buf), "300");
    assert_string_equal(expr_format(1.85, buf, sizeof buf), "1.85");
    assert_string_equal(expr_format(1.8, buf, sizeof buf), "1.8");
    assert_string_equal(expr_format(230.0 / 3, buf, sizeof buf), "76.67");
    assert_string_equal(expr_format(-0.5, buf, sizeof buf), "-0.5");
    assert_string_equal(expr_format(-0.0, buf, sizeof buf), "0");
    assert_string_equal(expr_format(-0.001, buf, sizeof buf), "-0.001");
    assert_string_equal(expr_format(0.0012, buf, sizeof buf), "0.0012");
    assert_string_equal(expr_format(95755137202.0, buf, sizeof buf), "95755137202");
    assert_string_equal(expr_format(1e300, buf, sizeof buf), "1e+300");
    assert_string_equal(expr_format(1.0 / 0.0, buf, sizeof buf), "inf");
    char small[3];
    assert_string_equal(expr_format(12345, small, sizeof small), "12");
}

static void test_interpolate(void **state)
{
    (void)state;
    expect_machine m = {.cores = 2};
    char *s = expr_interpolate("came {b - a} ms late on {cores} cores", lookup_letters, &m);
    assert_string_equal(s, "came 1 ms late on 2 cores");
    free(s);
    s = expr_interpolate("{none} and {1 +} and {{literal}} and {z/2}", lookup_letters, &m);
    assert_string_equal(s, "{none} and {1 +} and {literal} and 13");
    free(s);
    s = expr_interpolate("unclosed {a and }", lookup_letters, &m);
    assert_string_equal(s, "unclosed {a and }");
    free(s);
    s = expr_interpolate("", lookup_letters, &m);
    assert_string_equal(s, "");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_precedence_and_parentheses),
        cmocka_unit_test(test_names_and_functions),
        cmocka_unit_test(test_machine_facts),
        cmocka_unit_test(test_names_listed_once),
        cmocka_unit_test(test_stops_before_comparison),
        cmocka_unit_test(test_stop_at_tolerance),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_eval_errors),
        cmocka_unit_test(test_embedded_nul),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_interpolate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
