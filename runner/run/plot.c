/*
 * A chart in text cells (see plot.h). The y axis starts at 0 for values that are all
 * positive, so that a speedup of 2 looks twice a speedup of 1; the ideal is drawn as a
 * line between the points, the expected and measured values as marks on them, the
 * measured mark on top.
 */
#include "plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The plot area inside the chart: label column, axis, and three rows below. */
enum { LABEL_W = 7, ROWS_BELOW = 3 };

struct frame {
    double x_min, x_max, y_min, y_max;
    int pw, ph; /* the plot area in cells */
};

static void frame_of(const plot_point *pts, size_t n, const plot_options *o, struct frame *f)
{
    f->x_min = f->x_max = pts[0].x;
    f->y_min = 0;
    f->y_max = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        f->x_min = fmin(f->x_min, pts[i].x);
        f->x_max = fmax(f->x_max, pts[i].x);
        double v[3] = {pts[i].measured, pts[i].expected, pts[i].ideal};
        bool has[3] = {pts[i].has_measured, pts[i].has_expected, pts[i].has_ideal};
        for (int k = 0; k < 3; k++) {
            if (!has[k])
                continue;
            f->y_min = any ? fmin(f->y_min, v[k]) : fmin(0, v[k]);
            f->y_max = any ? fmax(f->y_max, v[k]) : v[k];
            any = true;
        }
    }
    if (f->y_max <= f->y_min)
        f->y_max = f->y_min + 1;
    f->pw = o->width - LABEL_W - 1;
    f->ph = o->height - ROWS_BELOW;
}

static int col_of(const struct frame *f, double x)
{
    if (f->x_max == f->x_min)
        return f->pw / 2;
    return (int)lround((x - f->x_min) / (f->x_max - f->x_min) * (f->pw - 1));
}

static int row_of(const struct frame *f, double y)
{
    return (int)lround((f->y_max - y) / (f->y_max - f->y_min) * (f->ph - 1));
}

bool plot_cell(const plot_point *pts, size_t n, const plot_options *o, double x, double y, int *row,
               int *col)
{
    if (n == 0 || o->width < PLOT_MIN_WIDTH || o->height < PLOT_MIN_HEIGHT)
        return false;
    struct frame f;
    frame_of(pts, n, o, &f);
    *row = row_of(&f, y);
    *col = LABEL_W + 1 + col_of(&f, x);
    return *row >= 0 && *row < f.ph && *col < o->width;
}

/* A row of cells, each one glyph (up to 4 bytes of UTF-8). */
typedef char cell[5];

static void put(cell *c, const char *g)
{
    snprintf(*c, sizeof *c, "%s", g);
}

/* Writes text into cells from col on (ASCII, one byte a cell). */
static void put_text(cell *row, int width, int col, const char *text)
{
    for (int i = 0; text[i] && col + i < width; i++)
        if (col + i >= 0)
            snprintf(row[col + i], sizeof row[col + i], "%c", text[i]);
}

static char *join(const cell *row, int width)
{
    char *s = xcalloc((size_t)width * 4 + 1, 1);
    size_t len = 0;
    for (int i = 0; i < width; i++) {
        size_t k = strlen(row[i]);
        memcpy(s + len, row[i], k);
        len += k;
    }
    while (len > 0 && s[len - 1] == ' ')
        s[--len] = '\0';
    return s;
}

static void label(double v, char *buf, size_t n)
{
    if (fabs(v) >= 100 || v == floor(v))
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.1f", v);
}

int plot_render(const plot_point *pts, size_t n, const plot_options *o, plot_chart *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || o->width < PLOT_MIN_WIDTH || o->height < PLOT_MIN_HEIGHT)
        return -EINVAL;
    struct frame f;
    frame_of(pts, n, o, &f);
    int w = o->width, h = o->height;
    cell *grid = xcalloc((size_t)w * (size_t)h, sizeof *grid);
    for (int i = 0; i < w * h; i++)
        put(&grid[i], " ");
    const char *g_meas = o->ascii ? "*" : "●", *g_exp = o->ascii ? "o" : "○",
               *g_ideal = o->ascii ? "." : "·", *g_axis = o->ascii ? "|" : "│",
               *g_base = o->ascii ? "-" : "─", *g_corner = o->ascii ? "+" : "└";
    char buf[32];
    /* The axes, and a value at the top, the middle and the bottom. */
    for (int r = 0; r < f.ph; r++)
        put(&grid[r * w + LABEL_W], g_axis);
    put(&grid[f.ph * w + LABEL_W], g_corner);
    for (int c = LABEL_W + 1; c < w; c++)
        put(&grid[f.ph * w + c], g_base);
    int marks[3] = {0, f.ph / 2, f.ph - 1};
    for (int k = 0; k < 3; k++) {
        double v = f.y_max - (f.y_max - f.y_min) * marks[k] / (f.ph - 1);
        label(v, buf, sizeof buf);
        int len = (int)strlen(buf);
        put_text(&grid[marks[k] * w], w, LABEL_W - 1 - len, buf);
    }
    /* The ideal, as a line through every column between its points. */
    for (size_t i = 0; i + 1 < n; i++) {
        if (!pts[i].has_ideal || !pts[i + 1].has_ideal)
            continue;
        int c0 = col_of(&f, pts[i].x), c1 = col_of(&f, pts[i + 1].x);
        for (int c = c0; c <= c1; c++) {
            double t = c1 == c0 ? 0 : (double)(c - c0) / (c1 - c0);
            double y = pts[i].ideal + t * (pts[i + 1].ideal - pts[i].ideal);
            put(&grid[row_of(&f, y) * w + LABEL_W + 1 + c], g_ideal);
        }
    }
    for (size_t i = 0; i < n; i++) {
        int c = LABEL_W + 1 + col_of(&f, pts[i].x);
        if (pts[i].has_ideal)
            put(&grid[row_of(&f, pts[i].ideal) * w + c], g_ideal);
        if (pts[i].has_expected)
            put(&grid[row_of(&f, pts[i].expected) * w + c], g_exp);
        if (pts[i].has_measured)
            put(&grid[row_of(&f, pts[i].measured) * w + c], g_meas);
        /* The knob's values under the axis, where they do not run into each other. */
        label(pts[i].x, buf, sizeof buf);
        int len = (int)strlen(buf), at = c - len / 2;
        bool free_here = at + len <= w;
        for (int k = at - 1; free_here && k < at + len + 1 && k < w; k++)
            free_here = k < 0 || strcmp(grid[(f.ph + 1) * w + k], " ") == 0;
        if (free_here)
            put_text(&grid[(f.ph + 1) * w], w, at, buf);
    }
    /* The legend names only the series there are. */
    bool has_exp = false, has_ideal = false;
    for (size_t i = 0; i < n; i++) {
        has_exp |= pts[i].has_expected;
        has_ideal |= pts[i].has_ideal;
    }
    char legend[256];
    snprintf(legend, sizeof legend, "%s %s%s%s%s%s%s%s   x: %s", g_meas,
             o->y_name ? o->y_name : "measured", has_exp ? "  " : "", has_exp ? g_exp : "",
             has_exp ? " expected" : "", has_ideal ? "  " : "", has_ideal ? g_ideal : "",
             has_ideal ? " ideal" : "", o->x_name ? o->x_name : "");
    /* The legend has UTF-8 glyphs, so it is one cell per character, not per byte. */
    cell *lrow = &grid[(h - 1) * w];
    for (int i = 0, c = 0; legend[i] && c < w; c++) {
        int k = 1;
        while ((legend[i + k] & 0xC0) == 0x80)
            k++;
        snprintf(lrow[c], sizeof lrow[c], "%.*s", k, legend + i);
        i += k;
    }
    out->rows = xcalloc((size_t)h, sizeof *out->rows);
    out->nrows = h;
    for (int r = 0; r < h; r++)
        out->rows[r] = join(&grid[r * w], w);
    out->y_min = f.y_min;
    out->y_max = f.y_max;
    free(grid);
    return 0;
}

void plot_print(FILE *out, const plot_chart *c)
{
    for (int r = 0; r < c->nrows; r++)
        fprintf(out, "%s\n", c->rows[r]);
}

void plot_free(plot_chart *c)
{
    for (int r = 0; r < c->nrows; r++)
        free(c->rows[r]);
    free(c->rows);
    memset(c, 0, sizeof *c);
}
