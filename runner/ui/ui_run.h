/*
 * The run screen: builds and runs a lesson's variants one after another, streams the
 * build log and then each output line with its arrival time, and puts the expected
 * value, the delta and ✓/✗ beside each line that completes a check. Two variants
 * side by side at 120 columns or more, stacked otherwise.
 */
#ifndef UI_RUN_H
#define UI_RUN_H

#include <stddef.h>

#include "catalog.h"

/* Opens the run screen and starts running the lesson's variants, first_variant first. */
void ui_run_open(const catalog_lesson *l, size_t first_variant);
/* The same for an exercise's program (the student's file), judged by its expectations. */
void ui_run_open_exercise(const catalog_exercise *e);

#endif
