/*
 * The rows of a run's pane, drawn for the run screen (ui_run.c): the program's lines as
 * they arrived, each with the checks it completes, and what a finished run came to.
 * A pane is a list of rows; a ui_rows counts them or draws the visible ones.
 */
#ifndef UI_CHECKS_H
#define UI_CHECKS_H

#include <stdbool.h>

#include "expect.h"
#include "runjob.h"

/* Where the rows go, and how far they have got. */
typedef struct ui_rows {
    int y, x, h, w; /* the pane's area */
    int row;        /* the next row, counted from the pane's first */
    int skip;       /* rows scrolled off the top */
    bool draw;      /* false: only count */
} ui_rows;

/* The screen row for the current row, or -1 when it is not visible. */
int ui_rows_y(const ui_rows *o);
/* Text wrapped to the pane, a row at a time. */
void ui_rows_text(ui_rows *o, int indent, const char *s, int attr);
/* The job's output lines with their times, each followed (or accompanied, in a wide
   pane) by the checks it completes. */
void ui_rows_output(ui_rows *o, const runjob *j);
/* What a finished run came to: how many checks held, then each failure with its hint
   and each check that could not be graded here. */
void ui_rows_summary(ui_rows *o, const expect_result *res);

#endif
