/*
 * Formatting verdicts: text, TAP and JSON.
 */
#include "verdict.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"
#include "util.h"
#include "words.h"

/* The longest label padded into a column; longer ones push their value along. */
#define LABEL_COLUMN 40
/* Lines of the program's output put into JSON. */
#define JSON_OUTPUT_LINES 200

int verdict_parse_format(const char *s, verdict_format *out)
{
    if (strcmp(s, "text") == 0)
        *out = VERDICT_TEXT;
    else if (strcmp(s, "tap") == 0)
        *out = VERDICT_TAP;
    else if (strcmp(s, "json") == 0)
        *out = VERDICT_JSON;
    else if (strcmp(s, "junit") == 0)
        *out = VERDICT_JUNIT;
    else
        return -1;
    return 0;
}

char *verdict_visible(const char *s)
{
    if (!s)
        s = "";
    /* The widest rendering is a tab: up to 8 spaces for one byte. */
    size_t cap = strlen(s) * 8 + 16;
    char *buf = xmalloc(cap);
    text_visible(s, buf, cap);
    return buf;
}

expect_status verdict_item_status(const check_item *it, bool *held)
{
    *held = it->mark != CHECK_INFO || !it->hint;
    switch (it->mark) {
    case CHECK_OK:
        return EXPECT_PASS;
    case CHECK_FAIL:
        return EXPECT_FAIL;
    case CHECK_INFO:
        return EXPECT_INFO;
    case CHECK_SKIP:
        break;
    }
    return EXPECT_NOT_RUN;
}

/* Prints a multi-line block, each line made visible and indented. */
static void print_block(FILE *out, const char *text, const char *indent)
{
    const char *s = text;
    while (*s) {
        size_t n = strcspn(s, "\n");
        char *line = xstrndup(s, n);
        char *vis = verdict_visible(line);
        fprintf(out, "%s%s\n", indent, vis);
        free(vis);
        free(line);
        s += n;
        if (*s == '\n')
            s++;
    }
}

static void print_item(FILE *out, const check_item *it, const report_style *s, int width)
{
    bool held;
    expect_status st = verdict_item_status(it, &held);
    char *label = verdict_visible(it->label);
    /* Marks are one or two cells ("✓", "i✓"; "ok", "i ok"): padded to the widest, so that
       every label starts in the same column. */
    const char *mark = report_mark(s, st, held);
    int markw = s->utf8 ? 2 : 4;
    fprintf(out, "  %s%s%s%*s %s", report_color(s, st, held), mark, report_reset(s),
            markw - text_cells(mark) > 0 ? markw - text_cells(mark) : 0, "", label);
    int pad = width - text_cells(label);
    free(label);

    /* A line that came is its own label: saying it twice tells nothing. */
    bool line_as_label = it->kind == CHECK_LINE && it->mark == CHECK_OK && it->actual &&
                         strcmp(it->actual, it->label) == 0;
    char *actual = it->actual && !line_as_label ? verdict_visible(it->actual) : NULL;
    char *expected = it->expected && !line_as_label ? verdict_visible(it->expected) : NULL;
    if (actual || expected || it->note) {
        fprintf(out, "%*s  ", pad > 0 ? pad : 0, "");
        if (it->kind == CHECK_RELATION && actual && expected)
            fprintf(out, "%s (expected %s)", actual, expected);
        else if (it->kind == CHECK_LINE && it->mark == CHECK_OK && actual)
            fprintf(out, "\"%s\"", actual);
        else if (actual)
            fputs(actual, out);
        else if (expected)
            fprintf(out, "expected %s", expected);
        if (it->note)
            fprintf(out, "%s%s[%s]%s", actual || expected ? "  " : "",
                    report_paint_on(s, REPORT_DIM), it->note, report_reset(s));
    }
    fputc('\n', out);
    free(actual);
    free(expected);
    if (it->rule && words_rules()) {
        char *rule = verdict_visible(it->rule);
        fprintf(out, "      %srule: %s%s\n", report_paint_on(s, REPORT_DIM), rule, report_reset(s));
        free(rule);
    }
    if (it->hint) {
        char *hint = verdict_visible(it->hint);
        fprintf(out, "      %s%s %s%s\n", report_paint_on(s, REPORT_HINT), s->utf8 ? "→" : "->",
                hint, report_reset(s));
        free(hint);
    }
}

void verdict_print_text(FILE *out, const check_verdict *v, const char *title, const report_style *s)
{
    const char *bold = report_paint_on(s, REPORT_BOLD), *dim = report_paint_on(s, REPORT_DIM);
    const char *reset = report_reset(s);
    char *src = verdict_visible(v->source);
    if (title)
        fprintf(out, "%s%s%s  %s\n", bold, title, reset, src);
    else
        fprintf(out, "%s%s%s\n", bold, src, reset);
    free(src);
    if (v->error) {
        fprintf(out, "  cannot check: %s\n", v->error);
        return;
    }
    if (v->toolchain)
        fprintf(out, "%sbuilt with %s%s\n", dim, v->toolchain, reset);
    if (v->sandbox)
        fprintf(out, "%s%s%s\n", dim, v->sandbox, reset);
    if (v->environment)
        fprintf(out, "%s%s%s\n", dim, v->environment, reset);
    if (v->build_log[0]) {
        fprintf(out, "\n%sthe compiler says:%s\n", dim, reset);
        print_block(out, v->build_log, "  ");
    }
    fputc('\n', out);

    int width = 0;
    for (size_t i = 0; i < v->nitems; i++) {
        int w = text_cells(v->items[i].label);
        if (w > width && w <= LABEL_COLUMN)
            width = w;
    }
    for (size_t i = 0; i < v->nitems; i++)
        print_item(out, &v->items[i], s, width);

    if (v->ndiff) {
        fprintf(out, "\n%sthe output differs (- expected, + printed, unmarked: as expected):%s\n",
                dim, reset);
        for (size_t i = 0; i < v->ndiff; i++) {
            const check_diff_line *d = &v->diff[i];
            char *text = verdict_visible(d->text);
            const char *color = report_paint_on(s, d->op == '-'   ? REPORT_MISSING
                                                   : d->op == '+' ? REPORT_PASS
                                                                  : REPORT_DIM);
            if (d->op == '~')
                fprintf(out, "  %s… %s%s\n", color, text, reset);
            else
                fprintf(out, "  %s%c %s%s\n", color, d->op, text, reset);
            free(text);
        }
    }
    if (v->err_text[0]) {
        fprintf(out, "\n%sthe program's stderr (shown, not graded):%s\n", dim, reset);
        print_block(out, v->err_text, "  ");
        if (v->err_cut)
            fprintf(out, "  %s(cut: more was written)%s\n", dim, reset);
    }

    int total = v->checks_total;
    fputc('\n', out);
    if (v->passed)
        fprintf(out, "%s%s passed%s: %d of %d checks", report_paint_on(s, REPORT_PASSED),
                report_mark(s, EXPECT_PASS, true), reset, v->checks_passed, total);
    else
        fprintf(out, "%s%s not yet%s: %d of %d checks passed", report_paint_on(s, REPORT_FAIL),
                report_mark(s, EXPECT_FAIL, true), reset, v->checks_passed, total);
    if (v->runs > 1)
        fprintf(out, "; timing held in %d of %d runs", v->runs_passed, v->runs);
    fprintf(out, " %s(run %.2f s, check %.2f s)%s\n", dim, v->run_s, v->total_s, reset);
}

/* JSON. */

/* One line made visible, as the inside of a JSON string. */
static void json_escape_line(FILE *out, const char *line)
{
    char *vis = verdict_visible(line);
    json_write_chars(out, vis);
    free(vis);
}

void verdict_write_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    /* Line by line, so that a newline stays a newline and everything else is visible. */
    fputc('"', out);
    for (;;) {
        size_t n = strcspn(s, "\n");
        char *line = xstrndup(s, n);
        json_escape_line(out, line);
        free(line);
        if (!s[n])
            break;
        fputs("\\n", out);
        s += n + 1;
    }
    fputc('"', out);
}

static const char *kind_name(check_kind k)
{
    static const char *const names[] = {"compiles", "runs",      "line",      "extra",
                                        "relation", "objective", "unchanged", "race"};
    return names[k];
}

static const char *mark_name(check_mark m)
{
    static const char *const names[] = {"pass", "fail", "info", "skip"};
    return names[m];
}

static void json_field(FILE *out, const char *name, const char *value)
{
    fprintf(out, ",\"%s\":", name);
    verdict_write_json_string(out, value);
}

void verdict_write_json_object(FILE *out, const check_verdict *v, int exercise)
{
    fputs("{\"file\":", out);
    verdict_write_json_string(out, v->source);
    if (exercise > 0)
        fprintf(out, ",\"exercise\":%d", exercise);
    fprintf(out, ",\"passed\":%s", v->passed ? "true" : "false");
    json_field(out, "error", v->error);
    fprintf(out,
            ",\"checks_passed\":%d,\"checks_failed\":%d,\"checks_total\":%d,\"runs\":%d,\"runs_"
            "passed\":%d,"
            "\"timeout_seconds\":%g,\"run_seconds\":%.3f,\"check_seconds\":%.3f",
            v->checks_passed, v->checks_failed, v->checks_total, v->runs, v->runs_passed,
            v->timeout_s, v->run_s, v->total_s);
    fputs(",\"checks\":[", out);
    for (size_t i = 0; i < v->nitems; i++) {
        const check_item *it = &v->items[i];
        fprintf(out, "%s{\"kind\":\"%s\",\"status\":\"%s\",\"timing\":%s", i ? "," : "",
                kind_name(it->kind), mark_name(it->mark), it->timing ? "true" : "false");
        json_field(out, "label", it->label);
        json_field(out, "rule", it->rule);
        json_field(out, "actual", it->actual);
        json_field(out, "expected", it->expected);
        json_field(out, "hint", it->hint);
        json_field(out, "note", it->note);
        fputc('}', out);
    }
    fputs("],\"diff\":[", out);
    for (size_t i = 0; i < v->ndiff; i++) {
        fprintf(out, "%s{\"op\":\"%c\",\"text\":", i ? "," : "", v->diff[i].op);
        verdict_write_json_string(out, v->diff[i].text);
        fputc('}', out);
    }
    fputs("]", out);
    json_field(out, "compiler", v->build_log);
    json_field(out, "toolchain", v->toolchain);
    json_field(out, "sandbox", v->sandbox);
    json_field(out, "environment", v->environment);
    fputs(",\"stdout\":[", out);
    for (size_t i = 0; i < v->nout && i < JSON_OUTPUT_LINES; i++) {
        if (i)
            fputc(',', out);
        verdict_write_json_string(out, v->out_lines[i]);
    }
    fprintf(out, "],\"stdout_lines\":%zu", v->nout);
    json_field(out, "stderr", v->err_text);
    fputc('}', out);
}

void verdict_print_json(FILE *out, const check_verdict *v, int exercise)
{
    verdict_write_json_object(out, v, exercise);
    fputc('\n', out);
}

/* TAP. */

/* A one-line TAP description: no '#' (a directive) and nothing invisible. */
static void tap_description(FILE *out, const char *s)
{
    char *vis = verdict_visible(s);
    for (char *p = vis; *p; p++)
        if (*p == '#')
            *p = '%';
    fputs(vis, out);
    free(vis);
}

static void tap_comment_block(FILE *out, const char *text)
{
    print_block(out, text, "# ");
}

static void yaml_field(FILE *out, const char *indent, const char *name, const char *value)
{
    if (!value)
        return;
    fprintf(out, "%s%s: ", indent, name);
    verdict_write_json_string(out, value);
    fputc('\n', out);
}

void verdict_write_tap_failures(FILE *out, const check_verdict *v)
{
    fputs("  ---\n", out);
    yaml_field(out, "  ", "file", v->source);
    yaml_field(out, "  ", "error", v->error);
    bool any = false;
    for (size_t i = 0; i < v->nitems; i++) {
        const check_item *it = &v->items[i];
        if (it->mark != CHECK_FAIL)
            continue;
        if (!any)
            fputs("  failed:\n", out);
        any = true;
        fputs("    - check: ", out);
        verdict_write_json_string(out, it->label);
        fputc('\n', out);
        yaml_field(out, "      ", "rule", it->rule);
        yaml_field(out, "      ", "actual", it->actual);
        yaml_field(out, "      ", "expected", it->expected);
        yaml_field(out, "      ", "hint", it->hint);
    }
    fputs("  ...\n", out);
}

void verdict_print_tap(FILE *out, const check_verdict *v)
{
    fputs("TAP version 13\n", out);
    if (v->error) {
        fputs("1..1\nnot ok 1 - ", out);
        tap_description(out, v->source);
        fputs("\n", out);
        verdict_write_tap_failures(out, v);
        return;
    }
    fprintf(out, "1..%zu\n", v->nitems);
    if (v->toolchain)
        fprintf(out, "# built with %s\n", v->toolchain);
    if (v->sandbox)
        fprintf(out, "# %s\n", v->sandbox);
    if (v->environment)
        fprintf(out, "# %s\n", v->environment);
    if (v->build_log[0])
        tap_comment_block(out, v->build_log);
    for (size_t i = 0; i < v->nitems; i++) {
        const check_item *it = &v->items[i];
        fprintf(out, "%s %zu - ", it->mark == CHECK_FAIL ? "not ok" : "ok", i + 1);
        tap_description(out, it->label);
        if (it->mark == CHECK_SKIP) {
            fputs(" # SKIP ", out);
            tap_description(out, it->note ? it->note : "not run");
        }
        fputc('\n', out);
        if (it->mark == CHECK_FAIL || it->mark == CHECK_INFO || (it->rule && words_rules())) {
            fputs("  ---\n", out);
            yaml_field(out, "  ", "rule", it->rule);
            yaml_field(out, "  ", "actual", it->actual);
            yaml_field(out, "  ", "expected", it->expected);
            yaml_field(out, "  ", "hint", it->hint);
            yaml_field(out, "  ", "note", it->note);
            fputs("  ...\n", out);
        }
    }
    if (v->ndiff) {
        fputs("# the output differs (- expected, + printed):\n", out);
        for (size_t i = 0; i < v->ndiff; i++) {
            char *text = verdict_visible(v->diff[i].text);
            fprintf(out, "# %c %s\n", v->diff[i].op, text);
            free(text);
        }
    }
    if (v->err_text[0]) {
        fputs("# stderr (not graded):\n", out);
        tap_comment_block(out, v->err_text);
    }
    if (v->runs > 1)
        fprintf(out, "# timing held in %d of %d runs\n", v->runs_passed, v->runs);
}

char *verdict_first_failure(const check_verdict *v)
{
    if (v->error)
        return xstrdup(v->error);
    for (size_t i = 0; i < v->nitems; i++) {
        const check_item *it = &v->items[i];
        if (it->mark != CHECK_FAIL)
            continue;
        /* A race is best told by what raced where; its hint is the general fix. */
        const char *why = it->kind == CHECK_RACE && it->actual ? it->actual : it->hint;
        char *s = why ? xasprintf("%s: %s", it->label, why) : xstrdup(it->label);
        char *vis = verdict_visible(s);
        free(s);
        return vis;
    }
    return xstrdup("");
}

/* Hints. */

/* Whether the line is a "## Hint K" heading. */
static bool is_hint_heading(const char *line, size_t n)
{
    if (n < 9 || strncmp(line, "## ", 3) != 0)
        return false;
    const char *s = line + 3;
    while (*s == ' ')
        s++;
    return strncasecmp(s, "hint", 4) == 0 && s[4] == ' ' && s[5] >= '0' && s[5] <= '9';
}

/* A copy of [s, e) without blank lines at either end. */
static char *trimmed(const char *s, const char *e)
{
    while (s < e) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        const char *stop = nl ? nl : e;
        if (strspn(s, " \t\r") < (size_t)(stop - s))
            break;
        s = nl ? nl + 1 : e;
    }
    while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return xstrndup(s, (size_t)(e - s));
}

size_t verdict_hints_split(const char *md, size_t len, char ***out)
{
    char **hints = NULL;
    size_t n = 0;
    const char *start = NULL, *s = md, *end = md + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *stop = nl ? nl : end;
        if (is_hint_heading(s, (size_t)(stop - s))) {
            if (start) {
                hints = xrealloc(hints, (n + 1) * sizeof *hints);
                hints[n++] = trimmed(start, s);
            }
            start = nl ? nl + 1 : end;
        }
        s = nl ? nl + 1 : end;
    }
    if (start) {
        hints = xrealloc(hints, (n + 1) * sizeof *hints);
        hints[n++] = trimmed(start, end);
    }
    *out = hints;
    return n;
}

void verdict_hints_free(char **hints, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(hints[i]);
    free(hints);
}
