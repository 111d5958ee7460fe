/*
 * The status line at the bottom of every screen: the screen's key hints, or the
 * latest message, and the runner's own loop lag on the right.
 */
#ifndef UI_STATUS_H
#define UI_STATUS_H

/* Draws row y, cols wide. message wins over hints when set; lag may be "". */
void ui_status_draw(int y, int cols, const char *hints, const char *message, const char *lag);

#endif
