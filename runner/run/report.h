/*
 * The expected-beside-actual table of a finished run, as plain text for a terminal
 * or a pipe (`workbook run`). No curses: the TUI draws its own from the same rows.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "expect.h"

typedef struct report_style {
    bool color; /* ANSI colours */
    bool utf8;  /* ✓ ✗ · rather than ok FAIL - */
} report_style;

/* The style for stdout: colour as asked, UTF-8 glyphs when the locale has them. */
report_style report_style_for(bool color);

/* The mark of a status, the one map of statuses to glyphs (the screens use it too):
   "✓", "✗", "i✓"/"i✗" (info), "-" (not gradable, not run), "…" (pending); their ASCII
   forms without UTF-8. */
const char *report_mark(const report_style *s, expect_status st, bool info_held);

/* The colours of plain text, one table in report.c (the screens have theirs in
   ui_draw.c). Named for what they mark. */
typedef enum report_paint {
    REPORT_PLAIN,   /* the terminal's own */
    REPORT_BOLD,    /* headings */
    REPORT_DIM,     /* times, notes, what matters less */
    REPORT_PASS,    /* a check that held */
    REPORT_PASSED,  /* the line that says the whole file passed */
    REPORT_FAIL,    /* a check that failed, a bad exit, the line that says so */
    REPORT_INFO,    /* an information that held */
    REPORT_HINT,    /* a hint, an information that did not hold */
    REPORT_MISSING, /* an expected line that is missing, in a diff */
    REPORT_BLOCKED  /* a thread blocked (the timeline's lanes) */
} report_paint;

/* The escape that starts paint p, or "" without colour; report_reset() ends it. */
const char *report_paint_on(const report_style *s, report_paint p);
/* The colour escape for a status, or "" without colour. */
const char *report_color(const report_style *s, expect_status st, bool info_held);
const char *report_reset(const report_style *s);

/* Prints the table: one row per check, let and missing or extra line, with the
   hints of the failures underneath. Returns the number of failed rows. */
int report_print_table(FILE *out, const expect_result *r, const report_style *s);

/* A value as a person reads it: 300, 1.85, -3. */
void report_format_number(double v, char *buf, size_t len);

#endif
