/*
 * The rows of a run's pane (ui_checks.h): the program's lines with their times, the
 * checks each line completes beside or beneath it, and the summary of a finished run.
 */
#include "ui_checks.h"

#include <stdio.h>
#include <stdlib.h>

#include "report.h"
#include "text.h"
#include "ui.h"
#include "util.h"
#include "words.h"

/* A pane at least this wide shows the checks beside the lines, else beneath them. */
#define RUN_BESIDE_MIN 84

int ui_rows_y(const ui_rows *o)
{
    int r = o->row - o->skip;
    if (!o->draw || r < 0 || r >= o->h)
        return -1;
    return o->y + r;
}

void ui_rows_text(ui_rows *o, int indent, const char *s, int attr)
{
    int w = o->w - indent > 10 ? o->w - indent : 10;
    do {
        const char *row = s;
        size_t n = ui_wrap_next(&s, w);
        int y = ui_rows_y(o);
        if (y >= 0)
            ui_putn(y, o->x + indent, w, row, n, attr);
        o->row++;
    } while (*s);
}

/* A check as its sentence ("heartbeat 1 came on time (52 ms)"), or with the rules shown,
   as its rule: "hb1 300  exp >= 300 (ref 300)  Δ +0". */
static void check_text(const expect_row *r, char *buf, size_t len)
{
    if (!words_rules()) {
        snprintf(buf, len, "%s", r->says ? r->says : r->label ? r->label : "");
        return;
    }
    char val[48] = "", delta[48] = "";
    if (r->has_value)
        report_format_number(r->value, val, sizeof val);
    else if (r->actual)
        snprintf(val, sizeof val, "%s", r->actual);
    if (r->has_delta) {
        char d[40];
        report_format_number(r->delta, d, sizeof d);
        snprintf(delta, sizeof delta, "  Δ %s%s", r->delta >= 0 ? "+" : "", d);
    }
    const char *subject = r->subject ? r->subject : r->label ? r->label : "";
    snprintf(buf, len, "%s %s  exp %s%s", subject, val, r->expected ? r->expected : "?", delta);
}

/* The columns of a check's glyph ("✓", "i✓") and the space after it: every check's
   text starts in one column, whatever its glyph. */
#define GLYPH_COLS 3

/* Draws one check on the current row: the glyph, then its text. */
static void out_check(ui_rows *o, int x, const expect_row *r)
{
    char text[256];
    check_text(r, text, sizeof text);
    int gattr;
    const char *g = ui_status_glyph(r->status, r->info_held, &gattr);
    int y = ui_rows_y(o);
    if (y >= 0 && x + GLYPH_COLS < o->w) {
        ui_put(y, o->x + x, GLYPH_COLS - 1, g, gattr);
        ui_put(y, o->x + x + GLYPH_COLS, o->w - x - GLYPH_COLS, text, ui_attr(UI_DIM));
    }
}

static bool shows_beside(const expect_row *r)
{
    /* Every condition, and a line only when something is wrong with it. */
    return r->kind == EXPECT_ROW_CHECK || (r->kind == EXPECT_ROW_LINE && r->status == EXPECT_FAIL);
}

/* The checks shown with each line, grouped by line in one pass over the rows (a
   flood has as many rows as lines: a search per line would be quadratic). The rows
   of line i are order[start..end), start = i ? ends[i - 1] : 0, end = ends[i]. */
static size_t group_rows(const expect_result *res, size_t n, size_t **ends, size_t **order)
{
    size_t *e = xcalloc(n + 1, sizeof *e), total = 0;
    for (size_t k = 0; res && k < res->nrows; k++) {
        const expect_row *r = &res->rows[k];
        if (r->output_index >= 0 && (size_t)r->output_index < n && shows_beside(r)) {
            e[r->output_index]++;
            total++;
        }
    }
    for (size_t i = 0, sum = 0; i < n; i++) {
        sum += e[i];
        e[i] = sum - e[i]; /* where line i's rows start */
    }
    size_t *ord = xmalloc((total ? total : 1) * sizeof *ord);
    for (size_t k = 0; res && k < res->nrows; k++) {
        const expect_row *r = &res->rows[k];
        if (r->output_index >= 0 && (size_t)r->output_index < n && shows_beside(r))
            ord[e[r->output_index]++] = k; /* after this, e[i] is where line i's rows end */
    }
    *ends = e, *order = ord;
    return total;
}

void ui_rows_output(ui_rows *o, const runjob *j)
{
    size_t n;
    const runjob_line *lines = runjob_lines(j, &n);
    const expect_result *res = runjob_result(j);
    size_t *ends, *order;
    size_t nbeside = group_rows(res, n, &ends, &order);
    /* The checks go in a column beside the lines when the pane is wide enough and some
       line has one; without any, the lines get the whole width. The column starts
       after the widest line, but never further right than o->w - 34, so the lines are
       measured (as shown) only until one reaches that. */
    bool beside = o->w >= RUN_BESIDE_MIN && nbeside > 0;
    int checkx = o->w - 34;
    if (beside) {
        int textw = 0;
        for (size_t i = 0; i < n && 10 + textw + 2 < checkx; i++) {
            char shown[1024];
            text_visible(lines[i].text, shown, sizeof shown);
            int w = ui_width(shown);
            if (w > textw)
                textw = w;
        }
        if (10 + textw + 2 < checkx)
            checkx = 10 + textw + 2;
        if (checkx < 30)
            beside = false;
    }
    for (size_t i = 0; i < n; i++) {
        int y = ui_rows_y(o);
        if (y >= 0) {
            ui_putf(y, o->x, 9, ui_attr(UI_DIM), "%5llu ms", (unsigned long long)lines[i].t_ms);
            char shown[1024];
            text_visible(lines[i].text, shown, sizeof shown);
            int room = (beside ? checkx - 1 : o->w) - 10;
            /* A line past the line cap was cut: say so where it shows, at its end. */
            if (lines[i].cut && room > 24) {
                int used = ui_put(y, o->x + 10, room - 11, shown, 0);
                ui_put(y, o->x + 10 + used + 1, 10, "[line cut]", ui_attr(UI_DIM));
            } else if (room > 2 && ui_width(shown) > room) {
                /* Wider than the pane: say there is more rather than cut it silently. */
                int used = ui_put(y, o->x + 10, room - 1, shown, 0);
                ui_put(y, o->x + 10 + used, 1, "…", ui_attr(UI_DIM));
            } else {
                ui_put(y, o->x + 10, room, shown, 0);
            }
        }
        /* The checks this line completes: the first beside it when it fits, the
           others beneath, each aligned where it fits. */
        bool row_used = false;
        for (size_t g = i ? ends[i - 1] : 0; g < ends[i]; g++) {
            const expect_row *r = &res->rows[order[g]];
            char text[256];
            check_text(r, text, sizeof text);
            bool fits = beside && checkx + GLYPH_COLS + ui_width(text) <= o->w;
            if (!fits || row_used)
                o->row++;
            out_check(o, fits ? checkx : 12, r);
            row_used = true;
        }
        o->row++;
    }
    free(ends);
    free(order);
}

/* A row as the summary names it: its sentence, or its rule when rules are shown. */
static const char *row_words(const expect_row *r)
{
    const char *s = words_rules() ? r->label : r->says;
    return s ? s : r->label ? r->label : "";
}

void ui_rows_summary(ui_rows *o, const expect_result *res)
{
    int checks = 0;
    for (size_t k = 0; k < res->nrows; k++)
        checks += res->rows[k].kind == EXPECT_ROW_CHECK && res->rows[k].status != EXPECT_INFO;
    int attr, dim;
    const char *pass = ui_status_glyph(EXPECT_PASS, true, &attr);
    const char *fail = ui_status_glyph(EXPECT_FAIL, true, &attr);
    const char *skip = ui_status_glyph(EXPECT_NOT_GRADABLE, true, &dim);
    char line[160];
    if (res->passed)
        snprintf(line, sizeof line, "%s all %d checks held", pass, checks);
    else
        snprintf(line, sizeof line, "%s %d of %d checks failed", fail, res->failed, checks);
    ui_rows_text(o, 0, line, ui_attr(res->passed ? UI_PASS : UI_FAIL));
    /* The objectives sit beside no output line: what the run did is said here. */
    for (size_t k = 0; k < res->nrows; k++) {
        const expect_row *r = &res->rows[k];
        if (r->objective && r->status == EXPECT_PASS) {
            if (words_rules())
                snprintf(line, sizeof line, "%s seen in the run: %s (%s)", pass, r->label,
                         r->actual);
            else
                snprintf(line, sizeof line, "%s seen in the run: %s", pass, r->says);
            ui_rows_text(o, 0, line, ui_attr(UI_PASS));
        }
    }
    for (size_t k = 0; k < res->nrows; k++) {
        const expect_row *r = &res->rows[k];
        if (r->status == EXPECT_FAIL) {
            char what[256];
            if (r->kind == EXPECT_ROW_LINE && r->output_index < 0)
                snprintf(what, sizeof what, "%s missing: %s", fail, row_words(r));
            else if (r->kind == EXPECT_ROW_EXTRA)
                snprintf(what, sizeof what, "%s unexpected: %s", fail, r->actual ? r->actual : "");
            else
                snprintf(what, sizeof what, "%s %s", fail, row_words(r));
            ui_rows_text(o, 0, what, ui_attr(UI_FAIL));
            if (r->hint)
                ui_rows_text(o, 2, r->hint, ui_attr(UI_ACCENT));
        } else if (r->kind == EXPECT_ROW_CHECK &&
                   (r->status == EXPECT_NOT_GRADABLE || (r->status == EXPECT_INFO && r->note))) {
            char what[256];
            snprintf(what, sizeof what, "%s %s: %s", skip, row_words(r),
                     r->note ? r->note : "not gradable here");
            ui_rows_text(o, 0, what, dim);
        }
    }
}
