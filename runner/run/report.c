/*
 * The plain-text table of a run.
 */
#include "report.h"

#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "words.h"

report_style report_style_for(bool color)
{
    setlocale(LC_CTYPE, "");
    const char *cs = nl_langinfo(CODESET);
    report_style s = {.color = color, .utf8 = cs && strcmp(cs, "UTF-8") == 0};
    return s;
}

const char *report_mark(const report_style *s, expect_status st, bool info_held)
{
    switch (st) {
    case EXPECT_PASS:
        return s->utf8 ? "✓" : "ok";
    case EXPECT_FAIL:
        return s->utf8 ? "✗" : "FAIL";
    case EXPECT_INFO:
        return info_held ? (s->utf8 ? "i✓" : "i ok") : (s->utf8 ? "i✗" : "i no");
    case EXPECT_PENDING:
        return s->utf8 ? "…" : "..";
    case EXPECT_NOT_GRADABLE:
    case EXPECT_NOT_RUN:
        break;
    }
    return "-";
}

const char *report_paint_on(const report_style *s, report_paint p)
{
    static const char *const escapes[] = {
        [REPORT_PLAIN] = "",        [REPORT_BOLD] = "\033[1m",      [REPORT_DIM] = "\033[2m",
        [REPORT_PASS] = "\033[32m", [REPORT_PASSED] = "\033[1;32m", [REPORT_FAIL] = "\033[1;31m",
        [REPORT_INFO] = "\033[36m", [REPORT_HINT] = "\033[33m",     [REPORT_MISSING] = "\033[31m",
    };
    return s->color ? escapes[p] : "";
}

const char *report_color(const report_style *s, expect_status st, bool info_held)
{
    switch (st) {
    case EXPECT_PASS:
        return report_paint_on(s, REPORT_PASS);
    case EXPECT_FAIL:
        return report_paint_on(s, REPORT_FAIL);
    case EXPECT_INFO:
        return report_paint_on(s, info_held ? REPORT_INFO : REPORT_HINT);
    default:
        return report_paint_on(s, REPORT_DIM);
    }
}

const char *report_reset(const report_style *s)
{
    return s->color ? "\033[0m" : "";
}

void report_format_number(double v, char *buf, size_t len)
{
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15)
        snprintf(buf, len, "%.0f", v);
    else
        snprintf(buf, len, "%.2f", v);
}

/* Prints s in a column of width cells; a longer s still gets two spaces after it. */
static void pad(FILE *out, const char *s, int width)
{
    fputs(s, out);
    int n = text_cells(s);
    for (int i = n; i < width; i++)
        fputc(' ', out);
    if (n >= width)
        fputs("  ", out);
}

/* What a row is about, in a few words. */
static const char *row_subject(const expect_row *row)
{
    switch (row->kind) {
    case EXPECT_ROW_LINE:
        return "line";
    case EXPECT_ROW_EXTRA:
        return "extra line";
    default:
        /* The sentence; the rules, when asked, name the subject as written. */
        if (!words_rules() && row->says)
            return row->says;
        return row->subject ? row->subject : row->label;
    }
}

static void row_actual(const expect_row *row, char *buf, size_t len)
{
    if (row->kind == EXPECT_ROW_LINE || row->kind == EXPECT_ROW_EXTRA) {
        if (row->status == EXPECT_FAIL && row->kind == EXPECT_ROW_LINE)
            snprintf(buf, len, "missing");
        else
            text_visible(row->actual ? row->actual : "", buf, len);
    } else if (row->has_value) {
        report_format_number(row->value, buf, len);
    } else {
        snprintf(buf, len, "%s", row->status == EXPECT_PENDING ? "pending" : "-");
    }
}

static bool row_shown(const expect_row *row)
{
    /* Matched lines are the output itself: the table is about numbers and failures. */
    return row->kind != EXPECT_ROW_LINE || row->status == EXPECT_FAIL;
}

int report_print_table(FILE *out, const expect_result *r, const report_style *s)
{
    int wsubj = 5, wact = 6, wexp = 8;
    char buf[512];
    for (size_t i = 0; i < r->nrows; i++) {
        const expect_row *row = &r->rows[i];
        if (!row_shown(row))
            continue;
        int n = text_cells(row_subject(row));
        if (n > wsubj && n <= 60)
            wsubj = n;
        row_actual(row, buf, sizeof buf);
        n = text_cells(buf);
        if (n > wact && n <= 24)
            wact = n;
        n = row->expected ? text_cells(row->expected) : 0;
        if (n > wexp && n <= 44)
            wexp = n;
    }

    fprintf(out, "     ");
    pad(out, "check", wsubj + 2);
    pad(out, "actual", wact + 2);
    pad(out, "expected", wexp + 2);
    fprintf(out, "delta\n");

    int failed = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const expect_row *row = &r->rows[i];
        if (!row_shown(row))
            continue;
        bool let = row->kind == EXPECT_ROW_LET;
        bool info = row->status == EXPECT_INFO && !let;
        fprintf(out, "  %s", let ? "" : report_color(s, row->status, row->info_held));
        pad(out, let ? "=" : report_mark(s, row->status, row->info_held), 3);
        pad(out, row_subject(row), wsubj + 2);
        row_actual(row, buf, sizeof buf);
        pad(out, buf, wact + 2);
        if (row->kind == EXPECT_ROW_LINE)
            text_visible(words_rules() || !row->says ? row->label : row->says, buf, sizeof buf);
        else
            snprintf(buf, sizeof buf, "%s", row->expected ? row->expected : "");
        pad(out, buf, wexp + 2);
        if (row->has_delta) {
            report_format_number(row->delta, buf, sizeof buf);
            fprintf(out, "%s%s", row->delta > 0 ? "+" : "", buf);
        }
        if (info)
            fprintf(out, "  (info: never fails)");
        fprintf(out, "%s\n", report_reset(s));
        if (row->derived && row->note)
            fprintf(out, "       derived from this machine: %s\n", row->note);
        else if (row->note && (row->status == EXPECT_NOT_GRADABLE || row->status == EXPECT_NOT_RUN))
            fprintf(out, "       %s\n", row->note);
        if (row->status == EXPECT_FAIL) {
            failed++;
            if (row->hint)
                fprintf(out, "       %shint:%s %s\n", s->color ? "\033[1m" : "", report_reset(s),
                        row->hint);
        }
    }
    return failed;
}
