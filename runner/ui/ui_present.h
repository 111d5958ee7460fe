/*
 * Presentation mode (`workbook present`, P in the workbook): the deck of
 * assets/present.txt, one step at a time, large and plain, legible from 60x18.
 * Keys: n or space next, p previous, r run again, K the knobs (s sweeps one), q quit.
 */
#ifndef UI_PRESENT_H
#define UI_PRESENT_H

#include <stdbool.h>

#include "ui.h"

/* Opens presentation mode; replay shows the recorded runs of assets/replay/. */
void ui_present_open(bool replay);

/* The keys presentation mode adds to every screen ('P', the live deck), for
   ui_options.global_keys. */
extern const ui_global_key ui_present_keys[];

#endif
