/*
 * A small chart in text cells: what `workbook sweep` draws, the measured value of each
 * run, the expected one and the ideal line, against the knob that was swept. The one
 * place that draws a chart; it only fills rows of text (no curses, no I/O but
 * plot_print), so the command line and the screens show the same picture.
 */
#ifndef PLOT_H
#define PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One run of a sweep: the knob's value x, and what was measured and expected there. */
typedef struct plot_point {
    double x;
    bool has_measured, has_expected, has_ideal;
    double measured, expected, ideal;
} plot_point;

typedef struct plot_options {
    int width, height;           /* the whole chart in cells, axes and legend included */
    bool ascii;                  /* * o . rather than ● ○ · */
    const char *x_name, *y_name; /* "threads", "speedup" */
} plot_options;

/* The chart as rows of UTF-8 text, each at most width cells; free with plot_free. */
typedef struct plot_chart {
    char **rows;
    int nrows;
    double y_min, y_max; /* the value of the bottom and the top row */
} plot_chart;

/* The smallest chart that still reads: an axis, a few rows, the legend. */
#define PLOT_MIN_WIDTH 24
#define PLOT_MIN_HEIGHT 6

/*
 * Draws the points (in order of x) into out. Returns 0, or -EINVAL when the size is
 * below the minimum or there is no point, -ENOMEM.
 */
int plot_render(const plot_point *pts, size_t n, const plot_options *o, plot_chart *out);
/* The row (0 = top) and column (from the left edge) where value (x, y) lands in a chart
   drawn from pts with o: what a test compares the drawing with. Returns false when the
   point is outside the chart. */
bool plot_cell(const plot_point *pts, size_t n, const plot_options *o, double x, double y, int *row,
               int *col);
void plot_print(FILE *out, const plot_chart *c);
void plot_free(plot_chart *c);

#endif
