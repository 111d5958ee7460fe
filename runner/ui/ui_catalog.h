/*
 * The catalog screen: the lessons and exercises with their progress; the first
 * screen of the workbook and the bottom of the screen stack.
 */
#ifndef UI_CATALOG_H
#define UI_CATALOG_H

void ui_catalog_open(void);

#endif
