/*
 * The timeline's layout (timeline.h): a grid of glyphs and styles, no curses, no I/O
 * but timeline_print.
 */
#include "timeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "report.h"

enum glyph { G_WANTED, G_ACTUAL, G_BOTH, G_SPAN, G_GAP, G_AXIS, G_TICK, G_PAST, G_BLOCK, G_COUNT };

static const char *const glyphs_utf8[G_COUNT] = {"·", "●", "◆", "━", "─", "─", "┬", "▸", "▓"};
static const char *const glyphs_ascii[G_COUNT] = {".", "o", "*", "=", "-", "-", "+", ">", "#"};

struct layout {
    timeline_grid *g;
    const char *const *glyph;
    int label_w, axis_x, axis_w;
    double axis_ms;
};

int timeline_variant_init(timeline_variant *v, const char *name, const expect_file *f,
                          const expect_result *r, const expect_machine *m, double end_ms)
{
    memset(v, 0, sizeof *v);
    v->end_ms = end_ms;
    v->nmarks = f ? expect_mark_count(f) : 0;
    if (name && !(v->name = strdup(name)))
        return -1;
    if (v->nmarks == 0)
        return 0;
    if (!(v->marks = calloc(v->nmarks, sizeof *v->marks)))
        goto fail;
    expect_marks(f, r, m, v->marks);
    for (size_t i = 0; i < v->nmarks; i++) {
        expect_mark *k = &v->marks[i];
        k->label = k->label ? strdup(k->label) : NULL;
        k->name = k->name ? strdup(k->name) : NULL;
    }
    for (size_t i = 0; i < v->nmarks; i++)
        if (!v->marks[i].label)
            goto fail;
    return 0;
fail:
    timeline_variant_free(v);
    return -1;
}

int timeline_variant_add_lanes(timeline_variant *v, const observe_run *obs)
{
    if (!obs || !obs->valid || obs->nthreads == 0)
        return 0;
    timeline_lane *lanes = calloc(obs->nthreads, sizeof *lanes);
    if (!lanes)
        return -1;
    for (size_t t = 0; t < obs->nthreads; t++) {
        timeline_lane *l = &lanes[t];
        snprintf(l->name, sizeof l->name, "%s", obs->threads[t].name);
        l->tid = obs->threads[t].tid;
        for (size_t i = 0; i < obs->nspans; i++)
            l->nbars += obs->spans[i].thread == (int)t;
        if (l->nbars && !(l->bars = calloc(l->nbars, sizeof *l->bars)))
            goto fail;
        size_t k = 0;
        for (size_t i = 0; i < obs->nspans; i++)
            if (obs->spans[i].thread == (int)t)
                l->bars[k++] = obs->spans[i];
    }
    v->lanes = lanes;
    v->nlanes = obs->nthreads;
    return 0;
fail:
    for (size_t t = 0; t < obs->nthreads; t++)
        free(lanes[t].bars);
    free(lanes);
    return -1;
}

void timeline_variant_free(timeline_variant *v)
{
    for (size_t i = 0; v->lanes && i < v->nlanes; i++)
        free(v->lanes[i].bars);
    free(v->lanes);
    for (size_t i = 0; v->marks && i < v->nmarks; i++) {
        free((char *)v->marks[i].label);
        free((char *)v->marks[i].name);
    }
    free(v->marks);
    free(v->name);
    memset(v, 0, sizeof *v);
}

/* The length in bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t utf8_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

static void put_glyph(struct layout *L, int y, int x, const char *glyph, timeline_style st)
{
    timeline_grid *g = L->g;
    if (x < 0 || x >= g->width || y < 0 || y >= g->nrows)
        return;
    timeline_cell *c = &g->cells[y * g->width + x];
    size_t n = utf8_len(glyph);
    memcpy(c->glyph, glyph, n);
    c->glyph[n] = '\0';
    c->style = (unsigned char)st;
}

/* Writes text from column x, one character per cell, at most maxw cells; returns the
   cells used. Control characters become '?'. */
static int put_text(struct layout *L, int y, int x, int maxw, const char *s, timeline_style st)
{
    int used = 0;
    while (*s && used < maxw) {
        size_t n = utf8_len(s);
        put_glyph(L, y, x + used, (unsigned char)*s < 0x20 ? "?" : s, st);
        s += n;
        used++;
    }
    return used;
}

static int text_cells(const char *s)
{
    int n = 0;
    for (; *s; s += utf8_len(s))
        n++;
    return n;
}

/* The column of time t, or -1 when it is past the axis. */
static int column(const struct layout *L, double t)
{
    if (t > L->axis_ms * 1.0001)
        return -1;
    if (t < 0)
        t = 0;
    return L->axis_x + (int)lround(t / L->axis_ms * (L->axis_w - 1));
}

/* A time's column, with the past-the-axis arrow drawn at the right end when it is. */
static int place(struct layout *L, int y, double t)
{
    int x = column(L, t);
    if (x < 0) {
        put_glyph(L, y, L->axis_x + L->axis_w - 1, L->glyph[G_PAST], TL_LATE);
        return L->axis_x + L->axis_w - 1;
    }
    return x;
}

static void draw_event(struct layout *L, int y, const expect_mark *k)
{
    if (!k->has_at) {
        put_text(L, y, L->axis_x, L->axis_w, "(not captured)", TL_DIM);
        return;
    }
    bool past = column(L, k->at) < 0;
    int ax = place(L, y, k->at);
    if (!k->has_wanted) {
        if (!past)
            put_glyph(L, y, ax, L->glyph[G_ACTUAL], TL_ACTUAL);
        return;
    }
    int wx = place(L, y, k->wanted);
    bool late = ax > wx + 1 || past;
    for (int x = wx + 1; x < ax; x++)
        put_glyph(L, y, x, L->glyph[G_GAP], TL_LATE);
    put_glyph(L, y, wx, L->glyph[G_WANTED], TL_WANTED);
    if (!past)
        put_glyph(L, y, ax, L->glyph[ax == wx ? G_BOTH : G_ACTUAL], late ? TL_LATE : TL_ACTUAL);
    /* The lateness in numbers, beside the mark where there is room. */
    double d = k->at - k->wanted;
    if (ax == wx || fabs(d) < 1)
        return;
    char buf[32], num[24];
    expr_format(round(d), num, sizeof num);
    snprintf(buf, sizeof buf, "%s%s", d > 0 ? "+" : "", num);
    int len = text_cells(buf), end = L->axis_x + L->axis_w;
    int left = (ax < wx ? ax : wx) - 1 - len, right = (ax > wx ? ax : wx) + 2;
    if (!past && right + len <= end)
        put_text(L, y, right, len, buf, late ? TL_LATE : TL_DIM);
    else if (left >= L->axis_x)
        put_text(L, y, left, len, buf, late ? TL_LATE : TL_DIM);
}

static void draw_span(struct layout *L, int y, const expect_mark *k)
{
    if (!k->has_from || !k->has_to) {
        put_text(L, y, L->axis_x, L->axis_w, "(not captured)", TL_DIM);
        return;
    }
    double from = k->from < k->to ? k->from : k->to, to = k->from < k->to ? k->to : k->from;
    if (column(L, from) < 0) {
        place(L, y, from);
        return;
    }
    int fx = column(L, from), tx = column(L, to);
    bool past = tx < 0;
    if (past)
        tx = L->axis_x + L->axis_w - 2;
    for (int x = fx; x <= tx; x++)
        put_glyph(L, y, x, L->glyph[G_SPAN], TL_SPAN);
    if (past)
        place(L, y, to);
}

/* A thread's lane: work as bars, and blocking drawn over it (a sleep inside a job). */
static void draw_lane(struct layout *L, int y, const timeline_lane *l)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < l->nbars; i++) {
            const observe_span *b = &l->bars[i];
            bool blocked = b->kind == OBSERVE_SLEEP;
            if (blocked != (pass == 1) || b->kind == OBSERVE_RUN)
                continue;
            int fx = column(L, b->from_ms), tx = column(L, b->to_ms);
            if (fx < 0)
                continue;
            if (tx < 0)
                tx = L->axis_x + L->axis_w - 1;
            for (int x = fx; x <= tx; x++)
                put_glyph(L, y, x, L->glyph[blocked ? G_BLOCK : G_SPAN],
                          blocked ? TL_BLOCKED : TL_SPAN);
        }
    }
}

/* A step of 1, 2 or 5 times a power of ten that gives at most maxticks intervals. */
static double nice_step(double t, int maxticks)
{
    if (maxticks < 1)
        maxticks = 1;
    double raw = t / maxticks, p = pow(10, floor(log10(raw)));
    static const double m[] = {1, 2, 5, 10};
    for (size_t i = 0; i < 4; i++)
        if (m[i] * p >= raw)
            return m[i] * p;
    return 10 * p;
}

static void draw_axis(struct layout *L, int y, double step)
{
    put_text(L, y + 1, L->label_w - 2, 2, "ms", TL_AXIS);
    for (int x = 0; x < L->axis_w; x++)
        put_glyph(L, y, L->axis_x + x, L->glyph[G_AXIS], TL_AXIS);
    int last_end = -1;
    for (double t = 0; t <= L->axis_ms + step / 2; t += step) {
        int x = column(L, t);
        if (x < 0)
            x = L->axis_x + L->axis_w - 1;
        put_glyph(L, y, x, L->glyph[G_TICK], TL_AXIS);
        char num[24];
        expr_format(t, num, sizeof num);
        int len = (int)strlen(num), at = x - len / 2;
        if (at + len > L->axis_x + L->axis_w)
            at = L->axis_x + L->axis_w - len;
        if (at < L->axis_x)
            at = L->axis_x;
        if (at <= last_end)
            continue;
        put_text(L, y + 1, at, len, num, TL_AXIS);
        last_end = at + len;
    }
}

static void draw_legend(struct layout *L, int y, bool lanes)
{
    static const struct {
        enum glyph g;
        timeline_style st;
        const char *text;
    } items[] = {{G_WANTED, TL_WANTED, "wanted"},
                 {G_ACTUAL, TL_ACTUAL, "happened"},
                 {G_BOTH, TL_ACTUAL, "on time"},
                 {G_SPAN, TL_SPAN, "work"},
                 {G_BLOCK, TL_BLOCKED, "blocked"}};
    int x = 0;
    size_t n = sizeof items / sizeof items[0] - (lanes ? 0 : 1);
    for (size_t i = 0; i < n; i++) {
        put_glyph(L, y, x, L->glyph[items[i].g], items[i].st);
        x += 2;
        x += put_text(L, y, x, L->g->width - x, items[i].text, TL_DIM) + 2;
    }
}

static double max_time(const timeline_variant *v, size_t nv)
{
    double t = 0;
    for (size_t i = 0; i < nv; i++) {
        t = fmax(t, v[i].end_ms);
        for (size_t j = 0; j < v[i].nmarks; j++) {
            const expect_mark *k = &v[i].marks[j];
            t = fmax(t, k->has_at ? k->at : 0);
            t = fmax(t, k->has_wanted ? k->wanted : 0);
            t = fmax(t, k->has_from ? k->from : 0);
            t = fmax(t, k->has_to ? k->to : 0);
        }
        for (size_t j = 0; j < v[i].nlanes; j++)
            for (size_t b = 0; b < v[i].lanes[j].nbars; b++)
                t = fmax(t, v[i].lanes[j].bars[b].to_ms);
    }
    return t;
}

int timeline_render(const timeline_variant *v, size_t nv, int width, const timeline_options *o,
                    timeline_grid *out)
{
    static const timeline_options defaults = {0};
    if (!o)
        o = &defaults;
    memset(out, 0, sizeof *out);
    if (width < TIMELINE_MIN_WIDTH)
        return -1;
    bool headings = nv > 1 || (nv == 1 && v[0].name);
    int rows = 2 + (o->no_legend ? 0 : 1);
    bool lanes = false;
    for (size_t i = 0; i < nv; i++) {
        rows += (headings ? 1 : 0) + (v[i].nmarks || v[i].nlanes ? (int)v[i].nmarks : 1);
        rows += (int)v[i].nlanes;
        lanes |= v[i].nlanes > 0;
    }
    out->width = width;
    out->nrows = rows;
    if (!(out->cells = calloc((size_t)rows * (size_t)width, sizeof *out->cells)))
        return -1;

    struct layout L = {.g = out, .glyph = o->ascii ? glyphs_ascii : glyphs_utf8};
    L.label_w = width / 4 < 10 ? 10 : width / 4 > 20 ? 20 : width / 4;
    L.axis_x = L.label_w + 1;
    L.axis_w = width - L.axis_x;
    /* A tick label needs about 6 columns with its gap. */
    int maxticks = L.axis_w / 7;
    double t = o->max_ms > 0 ? o->max_ms : max_time(v, nv);
    if (t <= 0)
        t = 100;
    double step = nice_step(t, maxticks);
    L.axis_ms = o->max_ms > 0 ? o->max_ms : ceil(t / step - 1e-9) * step;
    out->axis_ms = L.axis_ms;

    int y = 0;
    for (size_t i = 0; i < nv; i++) {
        if (headings)
            put_text(&L, y++, 0, width, v[i].name ? v[i].name : "", TL_HEADING);
        if (v[i].nmarks == 0 && v[i].nlanes == 0)
            put_text(&L, y++, L.axis_x, L.axis_w, "(no events or spans)", TL_DIM);
        for (size_t j = 0; j < v[i].nmarks; j++, y++) {
            const expect_mark *k = &v[i].marks[j];
            int indent = headings ? 1 : 0;
            put_text(&L, y, indent, L.label_w - indent - 1, k->label, TL_LABEL);
            if (k->span)
                draw_span(&L, y, k);
            else
                draw_event(&L, y, k);
        }
        /* The threads, from what the observer saw: "⋮ loop", "⋮ pool 1". */
        for (size_t j = 0; j < v[i].nlanes; j++, y++) {
            const timeline_lane *l = &v[i].lanes[j];
            int indent = headings ? 1 : 0;
            char label[40];
            snprintf(label, sizeof label, "%s %s", o->ascii ? "|" : "┆", l->name);
            put_text(&L, y, indent, L.label_w - indent - 1, label, TL_DIM);
            draw_lane(&L, y, l);
        }
    }
    draw_axis(&L, y, step);
    if (!o->no_legend)
        draw_legend(&L, y + 2, lanes);
    return 0;
}

void timeline_grid_free(timeline_grid *g)
{
    free(g->cells);
    memset(g, 0, sizeof *g);
}

void timeline_row_text(const timeline_grid *g, int y, char *buf, size_t size)
{
    size_t n = 0, keep = 0;
    if (size == 0)
        return;
    for (int x = 0; y >= 0 && y < g->nrows && x < g->width; x++) {
        const char *s = g->cells[y * g->width + x].glyph;
        if (!*s)
            s = " ";
        size_t len = strlen(s);
        if (n + len >= size)
            break;
        memcpy(buf + n, s, len);
        n += len;
        if (strcmp(s, " ") != 0)
            keep = n;
    }
    buf[keep] = '\0';
}

void timeline_print(FILE *out, const timeline_grid *g, bool color)
{
    /* The cells' styles in report.h's palette, the one table of terminal colours. */
    static const report_paint paint[] = {
        [TL_BLANK] = REPORT_PLAIN,     [TL_HEADING] = REPORT_BOLD, [TL_LABEL] = REPORT_PLAIN,
        [TL_AXIS] = REPORT_DIM,        [TL_WANTED] = REPORT_INFO,  [TL_ACTUAL] = REPORT_PASSED,
        [TL_LATE] = REPORT_FAIL,       [TL_SPAN] = REPORT_HINT,    [TL_DIM] = REPORT_DIM,
        [TL_BLOCKED] = REPORT_BLOCKED,
    };
    const report_style st = {.color = true};
    char buf[4096];
    for (int y = 0; y < g->nrows; y++) {
        if (!color) {
            timeline_row_text(g, y, buf, sizeof buf);
            fprintf(out, "%s\n", buf);
            continue;
        }
        timeline_row_text(g, y, buf, sizeof buf);
        int visible = (int)strlen(buf) > 0 ? g->width : 0;
        int style = -1;
        for (int x = 0; x < visible; x++) {
            const timeline_cell *c = &g->cells[y * g->width + x];
            if (c->style != style) {
                fputs(report_reset(&st), out);
                fputs(report_paint_on(&st, paint[c->style]), out);
                style = c->style;
            }
            fputs(c->glyph[0] ? c->glyph : " ", out);
        }
        fprintf(out, "%s\n", style >= 0 ? report_reset(&st) : "");
    }
}
