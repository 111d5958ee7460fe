/*
 * The exercise screen: the task, check verdicts, hints, watch and edit; the solution
 * only after a pass.
 */
#ifndef UI_EXERCISE_H
#define UI_EXERCISE_H

#include <stdbool.h>

#include "catalog.h"

/* Opens the exercise; check_now starts a check at once. */
void ui_exercise_open(const catalog_exercise *e, bool check_now);

#endif
