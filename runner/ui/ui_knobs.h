/*
 * The knobs panel, on the run screen and in presentation mode: the knobs of what runs
 * (learnt from its expectation files), one of them selected; ←/→ change its value, ↑/↓
 * choose another, Enter runs again, 0 puts every knob back to its default, Esc closes.
 * A facilitator can ask the room "and with 8 pool threads?" before pressing Enter.
 * The model and its keys are here; drawing too (compact on the run screen, the value in
 * block digits in presentation mode).
 */
#ifndef UI_KNOBS_H
#define UI_KNOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "expect.h"
#include "knobset.h"

typedef struct ui_knob {
    char name[48], what[160];
    int lo, hi, def, value;
} ui_knob;

typedef struct ui_knobs {
    ui_knob k[KNOBSET_MAX];
    size_t n, sel;
    bool open;
    bool can_sweep; /* s sweeps the chosen knob (presentation mode) */
} ui_knobs;

/* Adds f's knobs (f may be NULL) to the panel; a knob already there keeps its value. */
void ui_knobs_learn(ui_knobs *p, const expect_file *f, const expect_machine *m);
/* Forgets every knob (another lesson). */
void ui_knobs_clear(ui_knobs *p);
/* The values that differ from their defaults, as a run takes them. */
void ui_knobs_settings(const ui_knobs *p, knobset *out);

typedef enum ui_knobs_action {
    UI_KNOBS_NONE,
    UI_KNOBS_HANDLED,
    UI_KNOBS_RUN,
    UI_KNOBS_SWEEP
} ui_knobs_action;
/* A key while the panel is open: UI_KNOBS_RUN when Enter asks to run again,
   UI_KNOBS_SWEEP when s asks for a sweep of the chosen knob. A closed panel takes no key. */
ui_knobs_action ui_knobs_key(ui_knobs *p, int key);

/* The values a sweep of the chosen knob takes: about eight around its value, within its
   range (5..13 for a pool of 9, 1..9 for 2 threads, 1..201 by 25 for 100 ms). */
void ui_knobs_sweep_range(const ui_knobs *p, knobset_range *out);

/* Draws the open panel as a box at the bottom of the area (y, x, h, w); large shows the
   selected value in block digits (presentation mode). Returns the rows it covers. */
int ui_knobs_draw(const ui_knobs *p, int y, int x, int h, int w, bool large);

#endif
