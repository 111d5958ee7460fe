/*
 * The timeline screen (`t` after a run): the runs' events and spans on one time axis,
 * laid out by timeline.c and coloured here when the terminal allows.
 */
#ifndef UI_TIMELINE_H
#define UI_TIMELINE_H

#include <stddef.h>

#include "timeline.h"

/* Opens the timeline of finished runs; takes v[0..n) (freed with the screen). */
void ui_timeline_open(const char *title, timeline_variant *v, size_t n);

/* Draws rows [first, first + maxrows) of a laid-out timeline at (y, x). */
void ui_timeline_draw_grid(const timeline_grid *g, int y, int x, int first, int maxrows);

/* Whether timeline glyphs should be ASCII here (the locale is not UTF-8). */
bool ui_timeline_ascii(void);

#endif
