/*
 * The help overlay (`?`): every key of the workbook, drawn over the current screen.
 */
#ifndef UI_HELP_H
#define UI_HELP_H

/* Draws the overlay inside rows [0, rows) of a screen cols wide. */
void ui_help_draw(int rows, int cols);

#endif
