/*
 * mdrender: markdown to styled, wrapped lines.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdrender.h"

static md_doc *render(const char *md, int width)
{
    md_doc *d = NULL;
    assert_int_equal(mdrender(md, strlen(md), width, &d), 0);
    assert_non_null(d);
    return d;
}

/* The style of the byte at off in line l. */
static unsigned style_at(const md_line *l, size_t off)
{
    for (size_t i = 0; i < l->nspans; i++)
        if (off >= l->spans[i].off && off < l->spans[i].off + l->spans[i].len)
            return l->spans[i].style;
    return 0;
}

static void test_heading_and_paragraph(void **state)
{
    (void)state;
    md_doc *d = render("# Starvation\n\nA *blocking* call holds the **loop**.\n", 80);
    assert_int_equal(d->nlines, 3);
    assert_string_equal(d->lines[0].text, "Starvation");
    assert_int_equal(d->lines[0].level, 1);
    assert_true(style_at(&d->lines[0], 0) & MD_S_HEADING);
    assert_string_equal(d->lines[1].text, "");
    assert_string_equal(d->lines[2].text, "A blocking call holds the loop.");
    assert_true(style_at(&d->lines[2], 2) & MD_S_EM);
    assert_true(style_at(&d->lines[2], 26) & MD_S_STRONG);
    assert_int_equal(style_at(&d->lines[2], 0), 0);
    md_doc_free(d);
}

static void test_wrapping(void **state)
{
    (void)state;
    md_doc *d = render("one two three four five six seven eight nine ten\n", 14);
    for (size_t i = 0; i < d->nlines; i++)
        assert_true(md_text_width(d->lines[i].text, strlen(d->lines[i].text)) <= 14);
    assert_string_equal(d->lines[0].text, "one two three");
    assert_string_equal(d->lines[1].text, "four five six");
    assert_string_equal(d->lines[2].text, "seven eight");
    assert_string_equal(d->lines[3].text, "nine ten");
    md_doc_free(d);
}

static void test_long_word_is_broken(void **state)
{
    (void)state;
    md_doc *d = render("abcdefghijklmnopqrstuvwxyz\n", 10);
    assert_int_equal(d->nlines, 3);
    assert_string_equal(d->lines[0].text, "abcdefghij");
    assert_string_equal(d->lines[2].text, "uvwxyz");
    md_doc_free(d);
}

static void test_lists(void **state)
{
    (void)state;
    md_doc *d = render("- waiting: an event loop\n- working: threads that wrap around\n\n"
                       "1. first\n2. second\n",
                       20);
    assert_string_equal(d->lines[0].text, "• waiting: an event");
    assert_string_equal(d->lines[1].text, "  loop");
    assert_true(style_at(&d->lines[0], 0) & MD_S_BULLET);
    assert_string_equal(d->lines[2].text, "• working: threads");
    assert_string_equal(d->lines[4].text, "");
    assert_string_equal(d->lines[5].text, "1. first");
    assert_string_equal(d->lines[6].text, "2. second");
    md_doc_free(d);
}

static void test_code_block_is_kept(void **state)
{
    (void)state;
    md_doc *d = render("Run it:\n\n```c\nuv_run(loop, UV_RUN_DEFAULT);  /* a long line */\n"
                       "  return 0;\n```\n",
                       20);
    assert_string_equal(d->lines[0].text, "Run it:");
    assert_string_equal(d->lines[2].text, "    uv_run(loop, UV_RUN_DEFAULT);  /* a long line */");
    assert_string_equal(d->lines[3].text, "      return 0;");
    assert_true(style_at(&d->lines[3], 6) & MD_S_CODEBLOCK);
    assert_int_equal(d->nlines, 4);
    md_doc_free(d);
}

static void test_inline_code(void **state)
{
    (void)state;
    md_doc *d = render("Call `uv_queue_work` here.\n", 80);
    assert_string_equal(d->lines[0].text, "Call uv_queue_work here.");
    assert_true(style_at(&d->lines[0], 5) & MD_S_CODE);
    md_doc_free(d);
}

static void test_table(void **state)
{
    (void)state;
    md_doc *d = render("| work | model |\n|---|---|\n| waiting | loop |\n| cpu | threads |\n", 80);
    assert_int_equal(d->nlines, 4);
    assert_string_equal(d->lines[0].text, "work    │ model");
    assert_true(style_at(&d->lines[0], 0) & MD_S_TABLE_HEAD);
    assert_string_equal(d->lines[1].text, "────────┼────────");
    assert_string_equal(d->lines[2].text, "waiting │ loop");
    assert_string_equal(d->lines[3].text, "cpu     │ threads");
    md_doc_free(d);
}

static void test_wide_table_wraps_its_cells(void **state)
{
    (void)state;
    md_doc *d = render("| a | b |\n|---|---|\n| one two three four | x |\n", 16);
    /* 16 columns: "b" needs 1 and the border 3, so the long cell narrows to 12. */
    assert_int_equal(d->nlines, 4);
    assert_string_equal(d->lines[0].text, "a            │ b");
    assert_string_equal(d->lines[2].text, "one two      │ x");
    assert_string_equal(d->lines[3].text, "three four   │");
    for (size_t i = 0; i < d->nlines; i++)
        assert_true(md_text_width(d->lines[i].text, strlen(d->lines[i].text)) <= 16);
    md_doc_free(d);
}

static void test_quote_and_entities(void **state)
{
    (void)state;
    md_doc *d = render("> a &lt;b&gt; &amp; c\n", 80);
    assert_string_equal(d->lines[0].text, "│ a <b> & c");
    assert_true(style_at(&d->lines[0], 0) & MD_S_QUOTE);
    md_doc_free(d);
}

static void test_utf8_width(void **state)
{
    (void)state;
    assert_int_equal(md_text_width("✓ ok", strlen("✓ ok")), 4);
    md_doc *d = render("ééé ééé ééé\n", 7);
    assert_string_equal(d->lines[0].text, "ééé ééé");
    assert_string_equal(d->lines[1].text, "ééé");
    md_doc_free(d);
}

static void test_empty(void **state)
{
    (void)state;
    md_doc *d = render("", 40);
    assert_int_equal(d->nlines, 0);
    md_doc_free(d);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading_and_paragraph),
        cmocka_unit_test(test_wrapping),
        cmocka_unit_test(test_long_word_is_broken),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_code_block_is_kept),
        cmocka_unit_test(test_inline_code),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_wide_table_wraps_its_cells),
        cmocka_unit_test(test_quote_and_entities),
        cmocka_unit_test(test_utf8_width),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests_name("mdrender", tests, NULL, NULL);
}
