/*
 * The quiz screen (lesson 08): one workload at a time; the student answers wait,
 * work, plain or offload and sees why.
 */
#ifndef UI_QUIZ_H
#define UI_QUIZ_H

void ui_quiz_open(const char *path);

#endif
