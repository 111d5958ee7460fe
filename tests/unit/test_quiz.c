/*
 * quiz: the parser of lesson 08's quiz file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "quiz.h"
#include "util.h"

static void test_two_items(void **state)
{
    (void)state;
    const char *text = "# a comment\n"
                       "workload: A chat server\n"
                       "answer: wait\n"
                       "why: Mostly idle connections.\n"
                       "\n\n"
                       "workload: Thumbnails of 10,000 photos  \r\n"
                       "answer: work\n"
                       "why: Decoding is computation.\n";
    quiz *q = NULL;
    char err[256] = "";
    assert_int_equal(quiz_parse(text, strlen(text), "quiz.txt", &q, err, sizeof err), 0);
    assert_int_equal(q->nitems, 2);
    assert_string_equal(q->items[0].workload, "A chat server");
    assert_int_equal(q->items[0].answer, QUIZ_WAIT);
    assert_string_equal(q->items[0].why, "Mostly idle connections.");
    assert_string_equal(q->items[1].workload, "Thumbnails of 10,000 photos");
    assert_int_equal(q->items[1].answer, QUIZ_WORK);
    quiz_free(q);
}

static void expect_error(const char *text, const char *message)
{
    quiz *q = NULL;
    char err[256] = "";
    assert_true(quiz_parse(text, strlen(text), "quiz.txt", &q, err, sizeof err) < 0);
    assert_null(q);
    assert_string_equal(err, message);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("workload: x\nanswer: maybe\nwhy: y\n",
                 "quiz.txt:2: answer must be wait, work, plain or offload");
    expect_error("workload: x\nanswer: wait\n\n", "quiz.txt:1: a quiz item needs workload:, "
                                                  "answer: and why:");
    expect_error("workload: x\nanswer: wait\nwhy: y\nwhy: z\n",
                 "quiz.txt:4: unexpected 'why:' here");
    expect_error("just words\n", "quiz.txt:1: expected workload:, answer: or why:");
    expect_error("# nothing\n", "quiz.txt: the quiz has no items");
}

static void test_answer_names(void **state)
{
    (void)state;
    assert_int_equal(quiz_answer_parse("offload"), QUIZ_OFFLOAD);
    assert_int_equal(quiz_answer_parse("PLAIN"), QUIZ_PLAIN);
    assert_int_equal(quiz_answer_parse("p"), QUIZ_PLAIN);
    assert_int_equal(quiz_answer_parse("w"), -1);
    assert_string_equal(quiz_answer_name(QUIZ_WORK), "work");
}

static void test_lesson_quiz_file(void **state)
{
    (void)state;
    /* The real file, when the tests run from the project's root. */
    char *text;
    size_t len;
    if (util_read_file("lessons/08-choose/quiz.txt", 1 << 20, &text, &len) < 0)
        skip();
    quiz *q = NULL;
    char err[256] = "";
    assert_int_equal(quiz_parse(text, len, "quiz.txt", &q, err, sizeof err), 0);
    assert_true(q->nitems >= 4);
    int seen[4] = {0};
    for (size_t i = 0; i < q->nitems; i++)
        seen[q->items[i].answer]++;
    for (int a = 0; a < 4; a++)
        assert_true(seen[a] > 0); /* every kind of answer is asked at least once */
    quiz_free(q);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_items),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_answer_names),
        cmocka_unit_test(test_lesson_quiz_file),
    };
    return cmocka_run_group_tests_name("quiz", tests, NULL, NULL);
}
