/*
 * Presentation mode's pure parts: the deck (assets/present.txt: what to show of each
 * program), the key lines of a source file, the block digits of the key numbers, and
 * recorded runs (assets/replay/). No curses, no processes: ui_present.c draws.
 *
 * The deck, one block per program, in the order shown:
 *   lesson 04                   (or: exercise 2, whose reference solution runs)
 *   question  TEXT              the question the program answers
 *   code      VARIANT FROM TO   the key lines: from the first line of VARIANT.c holding
 *                               FROM through the first line after it holding TO
 *   number    VARIANT NAME FORMAT | CAPTION
 *                               the key number: capture or let NAME of VARIANT's run,
 *                               printed with FORMAT (one %f, e.g. "+%.0f") in block
 *                               digits, CAPTION beneath ({cores} is this machine's cores)
 *   takeaway  TEXT              what to remember
 *   mark      DIRECTIVE         an `event` or `span` directive added to the program's
 *                               expectations for the timeline (exercises have none)
 */
#ifndef PRESENT_H
#define PRESENT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct present_item {
    bool exercise;
    int number;
    char *question, *takeaway;
    char *code_variant, *code_from, *code_to;
    char *num_variant, *num_name, *num_format, *num_caption;
    char *marks; /* the `mark` directives, one a line, or NULL */
} present_item;

typedef struct present_deck {
    present_item *items;
    size_t n;
} present_deck;

/* Parses a deck. Returns 0, or -1 with "present.txt:LINE: what is wrong" in err. */
int present_deck_parse(const char *text, size_t len, present_deck *out, char *err, size_t errlen);
void present_deck_free(present_deck *d);

/* The key lines of a source: from the first line holding from through the first line
   after it holding to (at most max lines; to NULL or not found: max lines). Returns the
   number of lines, with *out a malloc'd array of malloc'd lines (tabs expanded) and
   *first the 1-based line number of the first. 0 when from is not found. */
size_t present_excerpt(const char *source, const char *from, const char *to, size_t max,
                       char ***out, int *first);
void present_lines_free(char **lines, size_t n);

/* Renders text in 3x5 block digits (0-9 + - . x % and space; other characters are
   skipped) into five rows of UTF-8 (or ASCII '#') text. Returns the width in cells. */
#define PRESENT_BIG_ROWS 5
int present_big(const char *text, bool ascii, char rows[PRESENT_BIG_ROWS][512]);

/* Formats value with a deck FORMAT: exactly one %f conversion, with an optional
   precision, and no other '%' but "%%". Returns false for any other format. */
bool present_format_number(const char *format, double value, char *buf, size_t size);

/* A recorded run: lines of "MS<TAB>TEXT" (ms since the program's start). Returns the
   number of lines, with malloc'd arrays (free with present_lines_free and free). */
size_t present_replay_parse(const char *text, size_t len, char ***lines, double **t_ms);

#endif
