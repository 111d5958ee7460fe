/*
 * The lesson screen: lesson.md rendered and scrollable, with keys to the code, to a
 * run and to the quiz.
 */
#ifndef UI_LESSON_H
#define UI_LESSON_H

#include "catalog.h"

void ui_lesson_open(const catalog_lesson *l);

/* Markdown drawing, shared with the exercise screen: the attributes of a style, and
   one rendered line at (y, x) cut at maxw columns. */
struct md_line;
int ui_md_attr(unsigned style);
void ui_md_draw_line(int y, int x, int maxw, const struct md_line *l);

#endif
