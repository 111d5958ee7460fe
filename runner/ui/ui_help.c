/*
 * The help overlay: a box with the keys, centred over whatever screen is open.
 * Any key closes it.
 */
#include "ui_help.h"

#include <curses.h>

#include "ui.h"

static const char *const help_lines[] = {
    "↑ ↓  j k      move",
    "g G           top, bottom",
    "0-9           jump to that lesson",
    "Enter         open",
    "r             run the lesson or the exercise",
    "t             the timeline of the last run",
    "K             knobs: ←→ Enter, 0 defaults",
    "P             presentation mode (n, p, r, q)",
    "x  Esc        cancel a run; Esc goes back",
    "Tab           next variant (code view)",
    "v             the code of the lesson",
    "Q             the quiz (lesson 08)",
    "c             check the exercise",
    "h             the next hint",
    "w             watch: re-check on every save",
    "R             each check's rule, as written",
    "e             edit in $EDITOR",
    "s             the solution (after a pass)",
    "?             this help",
    "q             quit",
};

void ui_help_draw(int rows, int cols)
{
    int n = (int)(sizeof help_lines / sizeof help_lines[0]);
    int w = 50 < cols - 2 ? 50 : cols - 2;
    int h = n + 4 < rows ? n + 4 : rows;
    int y0 = (rows - h) / 2, x0 = (cols - w) / 2;
    int box = ui_attr(UI_SELECTED);
    for (int y = 0; y < h; y++)
        ui_fill(y0 + y, x0, w, box);
    ui_put(y0 + 1, x0 + 2, w - 4, "Keys", box | A_BOLD);
    for (int i = 0; i < n && i + 3 < h; i++)
        ui_put(y0 + 3 + i, x0 + 2, w - 4, help_lines[i], box);
}
