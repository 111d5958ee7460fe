/*
 * Unit tests for runner/base/lines.c: the same bytes give the same lines whichever way
 * they are split into chunks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lines.h"

struct got {
    char text[16][64];
    size_t len[16];
    bool cut[16];
    int n;
};

static void collect(void *ctx, const char *line, size_t len, bool cut)
{
    struct got *g = ctx;

    assert_true(g->n < 16);
    assert_int_equal(line[len], '\0');
    assert_true(len < sizeof g->text[0]);
    memcpy(g->text[g->n], line, len + 1);
    g->len[g->n] = len;
    g->cut[g->n] = cut;
    g->n++;
}

/* Feeds s in chunks of the given size, then flushes. */
static void feed_in_chunks(struct got *g, size_t cap, const char *s, size_t n, size_t chunk)
{
    lines l;

    memset(g, 0, sizeof *g);
    assert_int_equal(lines_init(&l, cap, collect, g), 0);
    for (size_t at = 0; at < n; at += chunk)
        lines_feed(&l, s + at, n - at < chunk ? n - at : chunk);
    lines_flush(&l);
    lines_free(&l);
}

static void test_split_anywhere(void **state)
{
    (void)state;
    const char s[] = "first\nsecond line\n\nfourth\n";
    for (size_t chunk = 1; chunk <= sizeof s; chunk++) {
        struct got g;
        feed_in_chunks(&g, 0, s, sizeof s - 1, chunk);
        assert_int_equal(g.n, 4);
        assert_string_equal(g.text[0], "first");
        assert_string_equal(g.text[1], "second line");
        assert_string_equal(g.text[2], "");
        assert_string_equal(g.text[3], "fourth");
        for (int i = 0; i < 4; i++)
            assert_false(g.cut[i]);
    }
}

static void test_crlf_kept(void **state)
{
    (void)state;
    const char s[] = "a\r\nb\r\n\r\n";
    for (size_t chunk = 1; chunk <= 3; chunk++) {
        struct got g;
        feed_in_chunks(&g, 0, s, sizeof s - 1, chunk);
        assert_int_equal(g.n, 3);
        assert_string_equal(g.text[0], "a\r");
        assert_string_equal(g.text[1], "b\r");
        assert_string_equal(g.text[2], "\r");
    }
}

static void test_last_line_without_newline(void **state)
{
    (void)state;
    struct got g;

    feed_in_chunks(&g, 0, "one\ntwo", 7, 2);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.text[1], "two");

    /* Nothing after the last "\n": flush adds no empty line. */
    feed_in_chunks(&g, 0, "one\n", 4, 4);
    assert_int_equal(g.n, 1);

    /* Nothing at all: no line. */
    feed_in_chunks(&g, 0, "", 0, 1);
    assert_int_equal(g.n, 0);
}

static void test_cap(void **state)
{
    (void)state;
    const char s[] = "0123456789abcdef\nshort\n0123456789";
    for (size_t chunk = 1; chunk <= sizeof s; chunk++) {
        struct got g;
        feed_in_chunks(&g, 10, s, sizeof s - 1, chunk);
        assert_int_equal(g.n, 3);
        assert_string_equal(g.text[0], "0123456789");
        assert_true(g.cut[0]);
        assert_string_equal(g.text[1], "short");
        assert_false(g.cut[1]);
        /* Exactly the cap is not cut. */
        assert_string_equal(g.text[2], "0123456789");
        assert_false(g.cut[2]);
    }
}

static void test_nul_bytes(void **state)
{
    (void)state;
    struct got g;

    feed_in_chunks(&g, 0, "a\0b\n", 4, 1);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.len[0], 3);
    assert_memory_equal(g.text[0], "a\0b", 3);
}

/* A second flush delivers nothing, and a cut line leaves nothing behind for the next. */
static void test_flush_twice(void **state)
{
    (void)state;
    struct got g = {0};
    lines l;

    assert_int_equal(lines_init(&l, 4, collect, &g), 0);
    lines_feed(&l, "abcdefgh", 8);
    lines_flush(&l);
    lines_flush(&l);
    lines_feed(&l, "x\n", 2);
    lines_free(&l);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.text[0], "abcd");
    assert_true(g.cut[0]);
    assert_string_equal(g.text[1], "x");
    assert_false(g.cut[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_anywhere),
        cmocka_unit_test(test_crlf_kept),
        cmocka_unit_test(test_last_line_without_newline),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_flush_twice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
