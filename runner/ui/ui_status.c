/*
 * The status line: what the keys do here, what just happened, and how late the
 * runner's own loop is (the workbook measures itself by what it teaches).
 */
#include "ui_status.h"

#include <curses.h>
#include <string.h>

#include "ui.h"

void ui_status_draw(int y, int cols, const char *hints, const char *message, const char *lag)
{
    int bar = ui_attr(UI_STATUS);
    ui_fill(y, 0, cols, bar);
    int lagw = lag && *lag ? ui_width(lag) + 1 : 0;
    if (lagw > cols / 2)
        lagw = 0;
    const char *left = message && *message ? message : hints ? hints : "";
    ui_put(y, 1, cols - 2 - lagw, left, bar | (message && *message ? A_BOLD : 0));
    if (lagw)
        ui_put(y, cols - lagw, lagw, lag, bar);
}
