/*
 * A sweep: one program run once per value of one knob, one run after another on the
 * caller's loop (never two at once: they would disturb each other's timings), each
 * run's `plot` values kept as a point of the chart. `workbook sweep` waits for it on a
 * loop of its own; presentation mode draws it as it grows. Nothing here draws.
 */
#ifndef SWEEPJOB_H
#define SWEEPJOB_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "expect.h"
#include "knobset.h"
#include "plot.h"
#include "runnable.h"

#define SWEEPJOB_MAX_POINTS 64

typedef struct sweepjob sweepjob;

typedef struct sweepjob_options {
    const char *root;     /* the project's */
    const runnable *r;    /* what runs (copied) */
    knobset_range range;  /* the knob and its values */
    const knobset *fixed; /* the other knobs, the same in every run, or NULL */
    const expect_machine *machine;
    /* A run ended (point i is in), or the sweep stopped; never called from inside
       sweepjob_start or sweepjob_free. */
    void (*changed)(void *ctx, size_t i);
    void *ctx;
} sweepjob_options;

/* Starts the first run. Returns 0, or a negative error with one sentence in err (more
   values than SWEEPJOB_MAX_POINTS). */
int sweepjob_start(uv_loop_t *loop, const sweepjob_options *o, sweepjob **out, char *err,
                   size_t errlen);
/* The points so far, in the order of the values; *held says, for each, whether every
   expectation held and the program ended cleanly. */
size_t sweepjob_points(const sweepjob *s, const plot_point **pts, const bool **held);
/* How many runs the sweep makes in all. */
size_t sweepjob_total(const sweepjob *s);
/* Whether every run is over (or the sweep stopped on an error). */
bool sweepjob_done(const sweepjob *s);
/* Why the sweep stopped early (a run that could not start or build), or "". */
const char *sweepjob_error(const sweepjob *s);
/* The plotted value's name (`plot NAME`), once the first run has read its file, or NULL. */
const char *sweepjob_plot_name(const sweepjob *s);
/* Stops what runs and frees the sweep (once its handles have closed). */
void sweepjob_free(sweepjob *s);

#endif
