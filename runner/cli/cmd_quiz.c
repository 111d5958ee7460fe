/*
 * `workbook quiz`: lesson 08's workloads, one at a time: wait, work, plain or offload?
 * Answers are read a line at a time from stdin, so the quiz also runs from a script
 * (`printf 'wait\nplain\n' | workbook quiz`); `--answers` prints the key instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "quiz.h"
#include "report.h"
#include "util.h"
#include "verb.h"

/* The quiz file of the first lesson that has one. */
static const catalog_lesson *quiz_lesson(const app *a)
{
    for (size_t i = 0; i < a->cat->nlessons; i++)
        if (a->cat->lessons[i].quiz)
            return &a->cat->lessons[i];
    return NULL;
}

/* Reads one answer: a word, or its number 1-4. Returns -1 at the end of input. */
static int read_answer(bool tty)
{
    char line[128];
    for (;;) {
        if (tty)
            printf("  your answer (1 wait, 2 work, 3 plain, 4 offload): ");
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin))
            return -1;
        line[strcspn(line, "\r\n")] = '\0';
        char *word = line;
        while (*word == ' ')
            word++;
        if (word[0] >= '1' && word[0] <= '4' && word[1] == '\0')
            return word[0] - '1';
        int a = quiz_answer_parse(word);
        if (a >= 0)
            return a;
        printf("  '%s' is not one of: wait, work, plain, offload (or 1-4)\n", word);
        if (!tty)
            return -2;
    }
}

static int cmd_quiz(app *a, int argc, char **argv)
{
    bool key_only = argc == 2 && strcmp(argv[1], "--answers") == 0;
    if (argc > 2 || (argc == 2 && !key_only)) {
        verb_print_usage(&verb_quiz, stderr);
        return EXIT_USAGE;
    }
    const catalog_lesson *l = quiz_lesson(a);
    if (!l) {
        fprintf(stderr, "workbook: no lesson has a quiz.txt\n");
        return EXIT_USAGE;
    }
    char *text;
    size_t len;
    int rc = util_read_file(l->quiz, UTIL_FILE_MAX, &text, &len);
    if (rc < 0) {
        fprintf(stderr, "workbook: %s: %s\n", l->quiz, strerror(-rc));
        return EXIT_USAGE;
    }
    quiz *q;
    char err[512];
    rc = quiz_parse(text, len, l->quiz, &q, err, sizeof err);
    free(text);
    if (rc < 0) {
        fprintf(stderr, "workbook: %s\n", err);
        return EXIT_USAGE;
    }

    report_style s = report_style_for(a->color);
    bool tty = isatty(STDIN_FILENO);
    size_t right = 0, asked = 0;
    printf("%s: is each workload waiting, working, plain, or a little blocking in a loop?\n\n",
           l->title);
    for (size_t i = 0; i < q->nitems; i++) {
        const quiz_item *it = &q->items[i];
        printf("%zu. %s\n", i + 1, it->workload);
        if (key_only) {
            printf("   %s: %s\n\n", quiz_answer_name(it->answer), it->why);
            continue;
        }
        int ans = read_answer(tty);
        if (ans == -1)
            break;
        asked++;
        bool ok = ans == (int)it->answer;
        right += ok;
        printf("  %s%s%s %s: %s\n\n", report_color(&s, ok ? EXPECT_PASS : EXPECT_FAIL, false),
               report_mark(&s, ok ? EXPECT_PASS : EXPECT_FAIL, false), report_reset(&s),
               quiz_answer_name(it->answer), it->why);
    }
    if (!key_only)
        printf("%zu of %zu right%s\n", right, asked,
               asked < q->nitems ? " (the input ended before the last question)" : "");
    quiz_free(q);
    return EXIT_PASS;
}

const verb_entry verb_quiz = {
    .name = "quiz",
    .run = cmd_quiz,
    .usage = "quiz [--answers]",
    .help = {{"quiz [--answers]", "lesson 08's quiz: wait, work, plain or offload?"}},
};
