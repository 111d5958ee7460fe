/*
 * Lesson 08's quiz: a text file of blocks, each a workload, its answer (wait, work,
 * plain or offload) and why, separated by blank lines; `#` starts a comment line.
 *
 *   workload: A chat server holding 10,000 mostly idle connections
 *   answer: wait
 *   why: Each connection spends nearly all its time waiting for the network.
 *
 * Pure: no I/O, no curses. The quiz screen and `workbook quiz` both use it.
 */
#ifndef QUIZ_H
#define QUIZ_H

#include <stddef.h>

typedef enum quiz_answer { QUIZ_WAIT, QUIZ_WORK, QUIZ_PLAIN, QUIZ_OFFLOAD } quiz_answer;

typedef struct quiz_item {
    char *workload;
    quiz_answer answer;
    char *why;
} quiz_item;

typedef struct quiz {
    quiz_item *items;
    size_t nitems;
} quiz;

/* Parses quiz text. Returns 0 and sets *out, or a negative number with
   "FILE:LINE: what is wrong" in err. */
int quiz_parse(const char *text, size_t len, const char *filename, quiz **out, char *err,
               size_t errlen);
void quiz_free(quiz *q);

/* "wait", "work", "plain", "offload". */
const char *quiz_answer_name(quiz_answer a);
/* The answer a word names (also its first letter), or -1. */
int quiz_answer_parse(const char *word);
/* What each answer means, in a few words. */
const char *quiz_answer_meaning(quiz_answer a);

#endif
