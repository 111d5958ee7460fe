/* Unit tests for the timeline: the `event` and `span` directives (runner/expect/expect_marks.c) and
   the layout (runner/run/timeline.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit_assert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "timeline.h"

static const expect_machine two_cores = {.cores = 2, .omp_threads = 2, .load = 0.25};

static const char BLOCKED[] = "line blocking work done at {done:ms} ms\n"
                              "line heartbeat 1 at {hb1:ms} ms\n"
                              "line heartbeat 2 at {hb2:ms} ms\n"
                              "let late = hb1 - 50\n"
                              "event hb1 wanted 50 as heartbeat 1\n"
                              "event hb2 wanted 50 * 2\n"
                              "event late\n"
                              "span blocking call from done - 300 to done\n";

static expect_file *parse_ok(const char *text)
{
    expect_file *f = NULL;
    char err[256];
    int rc = expect_parse(text, strlen(text), "t.expect", &f, err, sizeof err);
    if (rc != 0)
        fail_msg("parse failed: %s", err);
    return f;
}

static void parse_fails(const char *text, const char *want)
{
    expect_file *f = NULL;
    char err[256];
    int rc = expect_parse(text, strlen(text), "t.expect", &f, err, sizeof err);
    assert_int_equal(rc, EXPECT_ERR_FORMAT);
    assert_null(f);
    if (!strstr(err, want))
        fail_msg("message '%s' lacks '%s'", err, want);
}

static void test_marks_parse_and_evaluate(void **state)
{
    (void)state;
    expect_file *f = parse_ok(BLOCKED);
    assert_int_equal(expect_mark_count(f), 4);
    const char *out[] = {"blocking work done at 301 ms", "heartbeat 1 at 302 ms",
                         "heartbeat 2 at 352 ms"};
    expect_result *r = expect_match(f, out, 3, true, &two_cores);
    expect_mark m[4];
    expect_marks(f, r, &two_cores, m);
    assert_false(m[0].span);
    assert_string_equal(m[0].label, "heartbeat 1");
    assert_string_equal(m[0].name, "hb1");
    assert_true(m[0].has_at && m[0].has_wanted);
    assert_double_eq(m[0].at, 302);
    assert_double_eq(m[0].wanted, 50);
    assert_string_equal(m[1].label, "hb2");
    assert_double_eq(m[1].wanted, 100);
    assert_double_eq(m[1].at, 352);
    assert_true(m[2].has_at);
    assert_double_eq(m[2].at, 252);
    assert_true(!m[2].has_wanted);
    assert_true(m[3].span);
    assert_string_equal(m[3].label, "blocking call");
    assert_null(m[3].name);
    assert_true(m[3].has_from);
    assert_double_eq(m[3].from, 1);
    assert_true(m[3].has_to);
    assert_double_eq(m[3].to, 301);
    expect_result_free(r);

    /* Without a result: labels only. A partial run: what has arrived. */
    expect_marks(f, NULL, NULL, m);
    assert_false(m[0].has_at || m[0].has_wanted || m[3].has_from);
    r = expect_match(f, out, 1, false, &two_cores);
    expect_marks(f, r, &two_cores, m);
    assert_false(m[0].has_at);
    assert_true(m[0].has_wanted);
    assert_true(m[3].has_from && m[3].has_to);
    expect_result_free(r);
    expect_free(f);
}

static void test_marks_parse_errors(void **state)
{
    (void)state;
    parse_fails("line a {x:ms}\nevent\n", "t.expect:2: expected 'event NAME");
    parse_fails("line a {x:ms}\nevent 1x\n", "t.expect:2:");
    parse_fails("line a {x:ms}\nevent y\n", "t.expect:2: event 'y' is neither a capture nor a let");
    parse_fails("line a {x:word}\nevent x\n", "'x' is a word capture");
    parse_fails("line a {x:ms}\nevent x wanted\n", "t.expect:2:");
    parse_fails("line a {x:ms}\nevent x wanted 50 as\n", "'as' needs a label");
    parse_fails("line a {x:ms}\nevent x soon\n", "unexpected 'soon'");
    parse_fails("line a {x:ms}\nevent x wanted zz\n", "unknown name 'zz'");
    parse_fails("line a {x:ms}\nspan work\n",
                "t.expect:2: expected 'span LABEL from EXPR to EXPR'");
    parse_fails("line a {x:ms}\nspan from 0 to x\n", "expected 'span LABEL");
    parse_fails("line a {x:ms}\nspan w from 0 x\n", "'to' is missing");
    parse_fails("line a {x:ms}\nspan w from 0 to\n", "t.expect:2:");
    parse_fails("line a {x:ms}\nspan w from 0 to q\n", "unknown name 'q'");
    parse_fails("line a {x:ms}\nevent x\n  hint no\n", "'hint' must follow");
    /* Machine facts and lets are fine; a span's times may use any expression. */
    expect_file *f = parse_ok("line a {x:ms}\nlet y = x * 2\nevent y wanted cores * 10\n"
                              "span a b c from min(x, 3) to max(y, 4)\n");
    expect_free(f);
}

/* A variant from literal marks. */
static timeline_variant variant(const char *name, expect_mark *m, size_t n)
{
    return (timeline_variant){.name = (char *)name, .marks = m, .nmarks = n};
}

static expect_mark event(const char *label, double wanted, double at)
{
    return (expect_mark){.label = label,
                         .name = label,
                         .has_at = at >= 0,
                         .at = at,
                         .has_wanted = wanted >= 0,
                         .wanted = wanted};
}

static expect_mark span(const char *label, double from, double to)
{
    return (expect_mark){
        .span = true, .label = label, .has_from = true, .from = from, .has_to = true, .to = to};
}

/* The column of the first cell on row y holding glyph g, or -1. */
static int find_glyph(const timeline_grid *g, int y, const char *glyph)
{
    for (int x = 0; x < g->width; x++)
        if (strcmp(g->cells[y * g->width + x].glyph, glyph) == 0)
            return x;
    return -1;
}

/* The number of UTF-8 characters of s. */
static int cells_of(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void assert_fits(const timeline_grid *g, int width)
{
    char buf[2048];
    for (int y = 0; y < g->nrows; y++) {
        timeline_row_text(g, y, buf, sizeof buf);
        if (cells_of(buf) > width)
            fail_msg("row %d is %d wide: '%s'", y, cells_of(buf), buf);
    }
}

static void test_scaling_and_ticks(void **state)
{
    (void)state;
    expect_mark m[] = {event("heartbeat 1", 50, 300), span("work", 0, 300)};
    timeline_variant v = variant(NULL, m, 2);
    timeline_grid g;
    assert_int_equal(timeline_render(&v, 1, 60, NULL, &g), 0);
    /* 300 ms is rounded up to a whole tick step: 300 itself here. */
    assert_true(g.axis_ms >= 300 && g.axis_ms <= 400);
    int wanted = find_glyph(&g, 0, "·"), actual = find_glyph(&g, 0, "●");
    assert_true(wanted > 0 && actual > wanted);
    /* The actual mark sits where 300 ms falls: the same column as the end of the span. */
    int span_end = -1;
    for (int x = 0; x < g.width; x++)
        if (strcmp(g.cells[g.width + x].glyph, "━") == 0)
            span_end = x;
    assert_int_equal(actual, span_end);
    /* Positions grow in proportion: the wanted mark at 50 / 300 of the way. */
    int axis0 = find_glyph(&g, 2, "┬");
    double frac = (double)(wanted - axis0) / (actual - axis0);
    assert_true(frac > 50.0 / 300 - 0.05);
    assert_true(frac < 50.0 / 300 + 0.05);
    char buf[512];
    timeline_row_text(&g, 3, buf, sizeof buf);
    assert_non_null(strstr(buf, "ms 0"));
    assert_non_null(strstr(buf, "100"));
    timeline_row_text(&g, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "heartbeat 1"));
    assert_non_null(strstr(buf, "+250"));
    assert_int_equal(g.cells[actual].style, TL_LATE);
    timeline_row_text(&g, 4, buf, sizeof buf);
    assert_non_null(strstr(buf, "wanted"));
    assert_fits(&g, 60);
    timeline_grid_free(&g);
}

static void test_overlapping_marks(void **state)
{
    (void)state;
    expect_mark m[] = {event("on time", 50, 51), event("early", 100, 40)};
    timeline_variant v = variant(NULL, m, 2);
    timeline_grid g;
    timeline_options o = {.max_ms = 400};
    assert_int_equal(timeline_render(&v, 1, 60, &o, &g), 0);
    /* Wanted and actual in one cell: one glyph for both, and no number. */
    assert_true(find_glyph(&g, 0, "◆") > 0);
    assert_int_equal(find_glyph(&g, 0, "·"), -1);
    assert_int_equal(find_glyph(&g, 0, "●"), -1);
    /* Early: the actual mark left of the wanted one. */
    assert_true(find_glyph(&g, 1, "●") < find_glyph(&g, 1, "·"));
    timeline_grid_free(&g);

    /* ASCII glyphs are as distinct. */
    o.ascii = true;
    assert_int_equal(timeline_render(&v, 1, 60, &o, &g), 0);
    assert_true(find_glyph(&g, 0, "*") > 0);
    assert_true(find_glyph(&g, 1, "o") > 0 && find_glyph(&g, 1, ".") > 0);
    timeline_grid_free(&g);
}

static void test_past_the_axis(void **state)
{
    (void)state;
    expect_mark m[] = {event("late", 50, 900), span("long", 100, 2000), span("later", 700, 800)};
    timeline_variant v = variant(NULL, m, 3);
    timeline_grid g;
    timeline_options o = {.max_ms = 500};
    assert_int_equal(timeline_render(&v, 1, 60, &o, &g), 0);
    assert_double_eq(g.axis_ms, 500);
    /* An arrow at the right end instead of a mark that would fall off the grid. */
    assert_int_equal(find_glyph(&g, 0, "▸"), 59);
    assert_int_equal(find_glyph(&g, 0, "●"), -1);
    assert_int_equal(find_glyph(&g, 1, "▸"), 59);
    assert_true(find_glyph(&g, 1, "━") > 0);
    assert_int_equal(find_glyph(&g, 2, "▸"), 59);
    assert_int_equal(find_glyph(&g, 2, "━"), -1);
    assert_fits(&g, 60);
    timeline_grid_free(&g);
}

static void test_variants_stacked_and_widths(void **state)
{
    (void)state;
    expect_mark a[] = {event("heartbeat 1", 50, 300), event("heartbeat 2", 100, 351),
                       span("blocking call", 0, 300)};
    expect_mark b[] = {event("heartbeat 1", 50, 50), event("heartbeat 2", 100, 101),
                       span("a label far too long to fit its column", 2, 302)};
    timeline_variant v[] = {variant("blocked", a, 3), variant("offloaded", b, 3),
                            variant("empty", NULL, 0)};
    for (int w = 40; w <= 120; w += 7) {
        timeline_grid g;
        assert_int_equal(timeline_render(v, 3, w, NULL, &g), 0);
        assert_int_equal(g.nrows, 3 + 3 + 3 + 1 + 2 + 1);
        assert_fits(&g, w);
        char buf[1024];
        timeline_row_text(&g, 0, buf, sizeof buf);
        assert_string_equal(buf, "blocked");
        timeline_row_text(&g, 4, buf, sizeof buf);
        assert_string_equal(buf, "offloaded");
        /* One shared axis: wanted marks of both variants in the same column. */
        assert_int_equal(find_glyph(&g, 1, "·"), find_glyph(&g, 5, "◆"));
        /* The variant with no events says so. */
        timeline_row_text(&g, 9, buf, sizeof buf);
        assert_non_null(strstr(buf, "(no events or spans)"));
        timeline_grid_free(&g);
    }
    timeline_grid g;
    assert_int_equal(timeline_render(v, 3, 39, NULL, &g), -1);
    /* Nothing at all still draws an axis. */
    assert_int_equal(timeline_render(NULL, 0, 60, NULL, &g), 0);
    assert_true(g.axis_ms > 0);
    timeline_grid_free(&g);
}

static void test_missing_values(void **state)
{
    (void)state;
    expect_mark m[] = {event("never", 50, -1), {.span = true, .label = "half", .has_from = true}};
    timeline_variant v = variant(NULL, m, 2);
    timeline_grid g;
    assert_int_equal(timeline_render(&v, 1, 60, NULL, &g), 0);
    char buf[512];
    timeline_row_text(&g, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "(not captured)"));
    timeline_row_text(&g, 1, buf, sizeof buf);
    assert_non_null(strstr(buf, "(not captured)"));
    timeline_grid_free(&g);
}

static void test_variant_copy(void **state)
{
    (void)state;
    expect_file *f = parse_ok(BLOCKED);
    const char *out[] = {"blocking work done at 300 ms", "heartbeat 1 at 300 ms"};
    expect_result *r = expect_match(f, out, 2, true, &two_cores);
    timeline_variant v;
    assert_int_equal(timeline_variant_init(&v, "blocked", f, r, &two_cores, 400), 0);
    expect_result_free(r);
    expect_free(f);
    assert_int_equal(v.nmarks, 4);
    assert_string_equal(v.marks[0].label, "heartbeat 1");
    assert_double_eq(v.marks[0].at, 300);
    assert_false(v.marks[1].has_at);
    timeline_variant_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marks_parse_and_evaluate),
        cmocka_unit_test(test_marks_parse_errors),
        cmocka_unit_test(test_scaling_and_ticks),
        cmocka_unit_test(test_overlapping_marks),
        cmocka_unit_test(test_past_the_axis),
        cmocka_unit_test(test_variants_stacked_and_widths),
        cmocka_unit_test(test_missing_values),
        cmocka_unit_test(test_variant_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
