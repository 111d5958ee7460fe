/*
 * Unit tests for runner/base/text.c: whatever a program prints, what is shown holds no
 * byte a terminal would act on, and ordinary text is left alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Renders s (of length n) into a roomy buffer; checks that all of it fitted. */
static const char *show(const char *s, size_t n)
{
    static char out[1024];

    assert_int_equal(text_visible_n(s, n, out, sizeof out), n);
    return out;
}

#define SHOW(lit) show(lit, sizeof lit - 1)

static void test_plain_text_kept(void **state)
{
    (void)state;
    assert_string_equal(SHOW("heartbeat 1 at 50 ms"), "heartbeat 1 at 50 ms");
    assert_string_equal(SHOW(""), "");
    assert_string_equal(SHOW("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80 \xe4\xb8\xad"),
                        "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80 \xe4\xb8\xad");
}

static void test_controls_in_caret_form(void **state)
{
    (void)state;
    assert_string_equal(SHOW("\x1b[31mred\x1b[0m"), "^[[31mred^[[0m");
    assert_string_equal(SHOW("50%\r60%"), "50%^M60%");
    assert_string_equal(SHOW("ab\bc"), "ab^Hc");
    assert_string_equal(SHOW("del\x7f"), "del^?");
    assert_string_equal(SHOW("a\0b"), "a^@b");
    assert_string_equal(SHOW("bell\a"), "bell^G");
    assert_string_equal(SHOW("\n"), "^J");
}

static void test_invalid_utf8_as_hex(void **state)
{
    (void)state;
    assert_string_equal(SHOW("a\xff"
                             "b"),
                        "a\\xffb");
    /* A lone continuation byte, a truncated sequence, an overlong "/", a surrogate,
       and a code point above U+10FFFF. */
    assert_string_equal(SHOW("\x80"), "\\x80");
    assert_string_equal(SHOW("\xe2\x9c"), "\\xe2\\x9c");
    assert_string_equal(SHOW("\xc0\xaf"), "\\xc0\\xaf");
    assert_string_equal(SHOW("\xed\xa0\x80"), "\\xed\\xa0\\x80");
    assert_string_equal(SHOW("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
    /* A bad byte does not swallow the valid character after it. */
    assert_string_equal(SHOW("\xe2\xc3\xa9"), "\\xe2\xc3\xa9");
}

static void test_c1_and_bidi_as_hex(void **state)
{
    (void)state;
    assert_string_equal(SHOW("\xc2\x9b"
                             "31m"),
                        "\\xc2\\x9b31m");
    assert_string_equal(SHOW("x\xe2\x80\xaey"), "x\\xe2\\x80\\xaey");
    assert_string_equal(SHOW("\xe2\x80\xa8"), "\\xe2\\x80\\xa8");
    /* U+00A0, just past the C1 block, is an ordinary character. */
    assert_string_equal(SHOW("\xc2\xa0"), "\xc2\xa0");
}

static void test_tabs_expanded(void **state)
{
    (void)state;
    assert_string_equal(SHOW("\tx"), "        x");
    assert_string_equal(SHOW("ab\tx"), "ab      x");
    assert_string_equal(SHOW("12345678\tx"), "12345678        x");
    assert_string_equal(SHOW("^[\t"), "^[      ");
    assert_string_equal(SHOW("\x1b\t"), "^[      ");
}

static void test_bounded_output(void **state)
{
    (void)state;
    char out[8];

    assert_int_equal(text_visible_n("abcdefghij", 10, out, sizeof out), 7);
    assert_string_equal(out, "abcdefg");
    /* An escape is never cut in two. */
    assert_int_equal(text_visible_n("abcdef\x1b", 7, out, sizeof out), 6);
    assert_string_equal(out, "abcdef");
    assert_int_equal(text_visible_n("\xff\xff", 2, out, 5), 1);
    assert_string_equal(out, "\\xff");
    /* Nor a character. */
    assert_int_equal(text_visible_n("ab\xf0\x9f\x98\x80", 6, out, 4), 2);
    assert_string_equal(out, "ab");
    assert_int_equal(text_visible_n("abc", 3, out, 1), 0);
    assert_string_equal(out, "");
    assert_int_equal(text_visible_n("abc", 3, out, 0), 0);
}

/* An independent check of UTF-8 validity (RFC 3629, table 3-7 of Unicode). */
static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char b = s[i];
        size_t len = b < 0x80 ? 1 : b < 0xc2 ? 0 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf5 ? 4 : 0;
        if (len == 0 || i + len > n)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
        if ((b == 0xe0 && s[i + 1] < 0xa0) || (b == 0xed && s[i + 1] > 0x9f) ||
            (b == 0xf0 && s[i + 1] < 0x90) || (b == 0xf4 && s[i + 1] > 0x8f))
            return false;
        i += len;
    }
    return true;
}

/* Whether s holds a C1 control or a character that reorders or breaks lines. */
static bool acted_on(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
            return true;
        if (i + 2 < n && s[i] == 0xe2 && s[i + 1] == 0x80 && s[i + 2] >= 0xa8 && s[i + 2] <= 0xae)
            return true;
        if (i + 2 < n && s[i] == 0xe2 && s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9)
            return true;
    }
    return false;
}

/* Random bytes: the output holds no control byte, is valid UTF-8, and a smaller
   output buffer gives a prefix of the larger one. */
static void test_random_bytes(void **state)
{
    (void)state;
    unsigned seed = 12345;
    unsigned char in[64];
    char big[64 * 8 + 1], small[40];

    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(rand_r(&seed) % (int)sizeof in);
        for (size_t i = 0; i < n; i++)
            in[i] =
                (unsigned char)(round % 3 == 0
                                    ? rand_r(&seed) % 256
                                    : "a\x1b\t\r\xc3\xa9\xe2\x80\xae\xff\xc2\x9b"[rand_r(&seed) %
                                                                                  13]);
        assert_int_equal(text_visible_n((const char *)in, n, big, sizeof big), n);
        size_t len = strlen(big);
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)big[i];
            assert_true(c >= 0x20 && c != 0x7f);
        }
        assert_true(valid_utf8((const unsigned char *)big, len));
        assert_false(acted_on((const unsigned char *)big, len));
        size_t used = text_visible_n((const char *)in, n, small, sizeof small);
        assert_true(used <= n);
        assert_true(strlen(small) < sizeof small);
        assert_memory_equal(small, big, strlen(small));
    }
}

static void test_string_form(void **state)
{
    (void)state;
    char out[32];

    assert_int_equal(text_visible("a\x1b[0m", out, sizeof out), 5);
    assert_string_equal(out, "a^[[0m");
    assert_int_equal(text_visible(NULL, out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void test_rstrip(void **state)
{
    (void)state;
    assert_int_equal(text_rstrip("done  \r", 7), 4);
    assert_int_equal(text_rstrip("done\r", 5), 4);
    assert_int_equal(text_rstrip("done\t ", 6), 4);
    assert_int_equal(text_rstrip("  a b", 5), 5);
    assert_int_equal(text_rstrip(" \r ", 3), 0);
    assert_int_equal(text_rstrip("", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_kept),
        cmocka_unit_test(test_controls_in_caret_form),
        cmocka_unit_test(test_invalid_utf8_as_hex),
        cmocka_unit_test(test_c1_and_bidi_as_hex),
        cmocka_unit_test(test_tabs_expanded),
        cmocka_unit_test(test_bounded_output),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_string_form),
        cmocka_unit_test(test_rstrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
