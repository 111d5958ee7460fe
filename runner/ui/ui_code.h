/*
 * The code screen: a lesson variant's source with line numbers and light C
 * highlighting; Tab moves to the next variant, r runs the lesson.
 */
#ifndef UI_CODE_H
#define UI_CODE_H

#include <stddef.h>

#include "catalog.h"

void ui_code_open(const catalog_lesson *l, size_t variant);
/* Shows one file (an exercise's solution), with the title given. */
void ui_code_open_file(const char *path, const char *title);

#endif
