/*
 * Presentation mode's model: the deck read from assets/present.txt, and for its current
 * item the programs to show (a lesson's variants and their Node twins, or an exercise's
 * reference solution), their runs (live, one after another, or recorded ones from
 * assets/replay/ played at their own pace) and what the runs are matched to. The
 * screen (ui_present.c) only draws what this says and passes the keys on; nothing here
 * draws. Runs on the caller's libuv loop; changed() is called when there is something
 * new to show.
 */
#ifndef PRESENT_SHOW_H
#define PRESENT_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "app.h"
#include "expect.h"
#include "present.h"
#include "runnable.h"
#include "timeline.h"

/* The most programs an item shows. */
#define PRESENT_MAX_PROGRAMS 6

typedef struct present_show present_show;

/* Reads the deck of a's workbook; replay plays recorded runs instead of live ones.
   Never NULL: a deck that cannot be read is empty, with present_show_error saying why. */
present_show *present_show_new(const app *a, uv_loop_t *loop, bool replay,
                               void (*changed)(void *ctx), void *ctx);
/* Kills what runs and frees s once its timer has closed. */
void present_show_close(present_show *s);

const present_deck *present_show_deck(const present_show *s);
/* Makes item i of the deck the current one: its programs, set up; nothing runs yet. */
void present_show_load(present_show *s, size_t item);
/* The current item's title, from the catalog ("?" when the catalog lacks it). */
const char *present_show_title(const present_show *s);
/* What went wrong last (a deck, an expectation file, a recorded run that cannot be read,
   a run that cannot start), or "". */
const char *present_show_error(const present_show *s);
const expect_machine *present_show_machine(const present_show *s);

size_t present_show_count(const present_show *s);
const runnable *present_show_program(const present_show *s, size_t i);
/* Program i's output so far (live: its job's lines; recorded: those the replay's clock
   has reached), valid until the next call. Returns the number of lines. */
size_t present_show_lines(const present_show *s, size_t i, const char ***lines, double **t_ms);
bool present_show_finished(const present_show *s, size_t i);
/* Program i's output matched against its expectations plus the deck's marks (free it
   with expect_result_free), or NULL without expectations. */
expect_result *present_show_match(const present_show *s, size_t i);

/* Program i's expectations (with the deck's marks), or NULL: where its knobs are read. */
const expect_file *present_show_expect(const present_show *s, size_t i);
struct knobset;
/* The knob values for the current item's next runs and matches (cleared when another
   item is loaded). Returns 0, or a negative errno with one sentence in err (a recorded
   run cannot change; a value out of range; a run too long for its limit). */
int present_show_set_knobs(present_show *s, const struct knobset *k, char *err, size_t errlen);
/* Runs the current item's programs (again). */
void present_show_run(present_show *s);
/* Whether the item has been run since it was loaded. */
bool present_show_ran(const present_show *s);
/* Whether a live run is going, or waits for its turn. */
bool present_show_busy(const present_show *s);

/* The item's key number (the deck's `number`) from its run, formatted; false when there
   is none yet. */
bool present_show_number(const present_show *s, char *buf, size_t size);
/* The runs so far on one time axis: fills tv[0, n) (free each with
   timeline_variant_free) and returns n, at most PRESENT_MAX_PROGRAMS. */
size_t present_show_timeline(const present_show *s, timeline_variant *tv);

#endif
