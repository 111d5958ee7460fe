/*
 * The catalog: lessons, variants and exercises found in a folder tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "util.h"

static char root[] = "/tmp/catalog-test-XXXXXX";

static void put(const char *rel, const char *text)
{
    char *path = xasprintf("%s/%s", root, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    assert_int_equal(util_mkdirs(path, 0755), 0);
    *slash = '/';
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static int make_tree(void **state)
{
    (void)state;
    if (!mkdtemp(root))
        return -1;
    put("lessons/common/lesson.mk", "");
    put("lessons/04-starvation/lesson.md", "# Lesson 04: starving\n\ntext\n");
    put("lessons/04-starvation/offloaded.c", "");
    put("lessons/04-starvation/blocked.c", "");
    put("lessons/04-starvation/blocked.expect", "line x\n");
    put("lessons/04-starvation/notes.txt", "");
    put("lessons/08-choose/lesson.md", "no heading here\n");
    put("lessons/08-choose/quiz.txt", "");
    put("lessons/README.md", "not a lesson\n");
    put("exercises/2-offload-hash/README.md",
        "# Exercise 2: keep time\n\n**Follows lesson 04, starvation.**\n");
    put("exercises/2-offload-hash/offload_hash.c", "");
    put("exercises/9-empty/README.md", "# no source: not an exercise\n");
    put("exercises/10-slices/README.md", "# Exercise 10: slices\n");
    put("exercises/10-slices/slices.c", "");
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", root);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static void test_lessons_in_order_with_titles(void **state)
{
    (void)state;
    catalog *c;
    assert_int_equal(catalog_load(root, &c), 0);
    assert_int_equal(c->nlessons, 2);
    assert_int_equal(c->lessons[0].number, 4);
    assert_string_equal(c->lessons[0].slug, "starvation");
    assert_string_equal(c->lessons[0].title, "Lesson 04: starving");
    /* Without a heading the slug stands in for the title. */
    assert_string_equal(c->lessons[1].title, "choose");
    assert_non_null(c->lessons[1].quiz);
    assert_null(c->lessons[0].quiz);
    catalog_free(c);
}

static void test_variants_sorted_with_expectations(void **state)
{
    (void)state;
    catalog *c;
    assert_int_equal(catalog_load(root, &c), 0);
    const catalog_lesson *l = &c->lessons[0];
    assert_int_equal(l->nvariants, 2);
    assert_string_equal(l->variants[0].name, "blocked");
    assert_string_equal(l->variants[1].name, "offloaded");
    assert_non_null(l->variants[0].expect_path);
    assert_null(l->variants[1].expect_path);
    assert_non_null(strstr(l->variants[0].binary, "/build/lessons/04-starvation/blocked"));
    catalog_free(c);
}

static void test_find_lesson_by_number_folder_or_slug(void **state)
{
    (void)state;
    catalog *c;
    assert_int_equal(catalog_load(root, &c), 0);
    const catalog_lesson *l = &c->lessons[0];
    assert_ptr_equal(catalog_find_lesson(c, "4"), l);
    assert_ptr_equal(catalog_find_lesson(c, "04"), l);
    assert_ptr_equal(catalog_find_lesson(c, "04-starvation"), l);
    assert_ptr_equal(catalog_find_lesson(c, "starvation"), l);
    assert_null(catalog_find_lesson(c, "5"));
    assert_null(catalog_find_lesson(c, "4x"));
    assert_null(catalog_find_lesson(c, ""));
    assert_null(catalog_find_lesson(c, NULL));
    assert_ptr_equal(catalog_find_variant(l, "blocked.c"), &l->variants[0]);
    assert_ptr_equal(catalog_find_variant(l, "offloaded"), &l->variants[1]);
    assert_null(catalog_find_variant(l, "block"));
    catalog_free(c);
}

static void test_exercises_need_a_source(void **state)
{
    (void)state;
    catalog *c;
    assert_int_equal(catalog_load(root, &c), 0);
    assert_int_equal(c->nexercises, 2);
    const catalog_exercise *e = &c->exercises[0];
    assert_string_equal(e->title, "Exercise 2: keep time");
    assert_non_null(strstr(e->expect_path, "exercises/2-offload-hash/offload_hash.expect"));
    assert_non_null(strstr(e->solution, "solutions/2-offload-hash/offload_hash.c"));
    assert_int_equal(e->follows, 4); /* "Follows lesson 04" in its README */
    assert_ptr_equal(catalog_find_exercise(c, "2"), e);
    assert_ptr_equal(catalog_find_exercise(c, "ex2"), e);
    assert_ptr_equal(catalog_find_exercise(c, "offload-hash"), e);
    assert_null(catalog_find_exercise(c, "9"));
    catalog_free(c);
}

static void test_exercises_in_number_order(void **state)
{
    (void)state;
    catalog *c;
    assert_int_equal(catalog_load(root, &c), 0);
    /* 10-slices sorts after 2-offload-hash by number, though "1" < "2" as text. */
    assert_int_equal(c->nexercises, 2);
    assert_int_equal(c->exercises[0].number, 2);
    assert_int_equal(c->exercises[1].number, 10);
    catalog_free(c);
}

static void test_missing_root(void **state)
{
    (void)state;
    catalog *c = NULL;
    assert_true(catalog_load("/nonexistent/workbook", &c) < 0);
    assert_null(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lessons_in_order_with_titles),
        cmocka_unit_test(test_variants_sorted_with_expectations),
        cmocka_unit_test(test_find_lesson_by_number_folder_or_slug),
        cmocka_unit_test(test_exercises_need_a_source),
        cmocka_unit_test(test_exercises_in_number_order),
        cmocka_unit_test(test_missing_root),
    };
    return cmocka_run_group_tests_name("catalog", tests, make_tree, remove_tree);
}
