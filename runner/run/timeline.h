/*
 * The timeline of one or more runs: a time axis in ms scaled to the runs, one row per
 * event (a mark where the code wanted it, a mark where it happened) and per span of
 * work (a bar), then, where the run was observed, one lane per thread (the loop thread,
 * each pool thread, the OpenMP team, the program's own threads) with its work and its
 * blocking as bars; the variants stacked on one shared axis, and a legend.
 *
 * Pure layout: the result is a grid of cells, each a glyph and a style, which the TUI
 * colours with curses and the plain `workbook run --timeline` prints. The glyphs are
 * distinct without colour: `·` wanted, `●` actual, `◆` both in one cell, `━` work,
 * `▓` blocked (ASCII: `.`, `o`, `*`, `=`, `#`).
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "expect.h"
#include "observe.h"

#define TIMELINE_MIN_WIDTH 40

typedef enum timeline_style {
    TL_BLANK,
    TL_HEADING, /* a variant's name */
    TL_LABEL,   /* an event's or span's label */
    TL_AXIS,    /* the axis, its ticks and numbers */
    TL_WANTED,  /* where the code wanted an event */
    TL_ACTUAL,  /* where it happened, on time */
    TL_LATE,    /* where it happened, late; and the gap from the wanted mark */
    TL_SPAN,    /* a bar of work */
    TL_BLOCKED, /* a thread blocked (a sleep) */
    TL_DIM,     /* the legend, notes */
} timeline_style;

typedef struct timeline_cell {
    char glyph[5]; /* one UTF-8 character, "" for a blank */
    unsigned char style;
} timeline_cell;

typedef struct timeline_grid {
    int width, nrows;
    timeline_cell *cells; /* nrows * width */
    double axis_ms;       /* the time at the right end of the axis */
} timeline_grid;

/* A thread's lane: what it did, from the observation. */
typedef struct timeline_lane {
    char name[24];      /* "loop", "pool 1", "team 1", "thread 2", "main" */
    long tid;           /* the thread's id in the run */
    observe_span *bars; /* its spans (sleeps, work, OpenMP shares), by start */
    size_t nbars;
} timeline_lane;

/* One variant's marks, deep-copied so that it outlives the run it came from. */
typedef struct timeline_variant {
    char *name;
    expect_mark *marks; /* labels owned by this variant */
    size_t nmarks;
    timeline_lane *lanes; /* one per thread seen doing something; none when not observed */
    size_t nlanes;
    double end_ms; /* when the run ended (its last line), or 0 */
} timeline_variant;

/* Copies the marks of file f as matched in r into v (name may be NULL). Returns 0 or
   -1 when out of memory. */
int timeline_variant_init(timeline_variant *v, const char *name, const expect_file *f,
                          const expect_result *r, const expect_machine *m, double end_ms);
void timeline_variant_free(timeline_variant *v);
/* Adds a lane per thread of what the observer saw (obs may be NULL: nothing is added).
   Returns 0 or -1 when out of memory. */
int timeline_variant_add_lanes(timeline_variant *v, const observe_run *obs);

/* Options; zero means the default. */
typedef struct timeline_options {
    bool ascii;    /* ASCII glyphs instead of UTF-8 */
    double max_ms; /* the axis' end; 0: scaled to the runs (marks past it are arrows) */
    bool no_legend;
} timeline_options;

/* Lays out the variants on one axis, width columns wide (at least TIMELINE_MIN_WIDTH).
   Returns 0, or -1 when out of memory or width is too small. */
int timeline_render(const timeline_variant *v, size_t nv, int width, const timeline_options *o,
                    timeline_grid *out);
void timeline_grid_free(timeline_grid *g);

/* Row y as UTF-8 text without trailing blanks, into buf (always terminated). */
void timeline_row_text(const timeline_grid *g, int y, char *buf, size_t size);

/* Prints the grid, with ANSI colours when color is set. */
void timeline_print(FILE *out, const timeline_grid *g, bool color);

#endif
