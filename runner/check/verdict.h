/*
 * Verdicts for people and machines: the text a student reads (✓/✗, colours, the diff,
 * the hints), TAP for test harnesses, JSON for autograders, JUnit XML for CI servers.
 * Every byte that came from the student's program goes through text_visible(), so an
 * escape sequence it printed is shown, never obeyed, and the JSON is always valid UTF-8.
 *
 * Also the hints of an exercise, which are shown one at a time.
 */
#ifndef VERDICT_H
#define VERDICT_H

#include <stdio.h>

#include "check.h"
#include "report.h"

typedef enum verdict_format {
    VERDICT_TEXT,
    VERDICT_TAP,
    VERDICT_JSON,
    VERDICT_JUNIT
} verdict_format;

/* The expectation status a check item draws as, to share report.c's glyphs and
   colours; *held says how an information came out. */
expect_status verdict_item_status(const check_item *it, bool *held);

/* "text", "tap", "json" or "junit"; returns 0, or -1 for another word. */
int verdict_parse_format(const char *s, verdict_format *out);

/* The verdict as text: the compiler's messages, each check, the diff, stderr, a summary
   line. title names the exercise ("exercise 2, offload-hash"); may be NULL. */
void verdict_print_text(FILE *out, const check_verdict *v, const char *title,
                        const report_style *s);
/* A TAP version 13 stream: one test point per check, diagnostics as YAML. */
void verdict_print_tap(FILE *out, const check_verdict *v);
/* One JSON object (with a newline); exercise is its number (0: left out). */
void verdict_print_json(FILE *out, const check_verdict *v, int exercise);

/*
 * A JUnit XML document (verdict_junit.c): one <testsuite> per verdict, named by its file,
 * one <testcase> per check, a failed check's hint as its <failure> message. title names
 * the exercise ("exercise 2, offload-hash"); seconds is the time all n took.
 */
void verdict_print_junit(FILE *out, const char *title, const check_verdict *const *v, size_t n,
                         double seconds);

/* The JSON object alone, for embedding (no newline). */
void verdict_write_json_object(FILE *out, const check_verdict *v, int exercise);
/* A string as a JSON string literal, made visible first. */
void verdict_write_json_string(FILE *out, const char *s);
/* A TAP YAML block (indented two spaces) listing the failed checks with their hints. */
void verdict_write_tap_failures(FILE *out, const check_verdict *v);
/* The first failed check's label and hint in one line ("" when it passed); malloc'd. */
char *verdict_first_failure(const check_verdict *v);

/* A string with its control characters and invalid UTF-8 made visible (malloc'd). */
char *verdict_visible(const char *s);

/*
 * Splits hints.md into its hints: each starts at a "## Hint K" heading (any text may
 * follow the number) and runs to the next one; text before the first is left out.
 * Returns the count and sets *out to malloc'd strings (trimmed of blank lines at
 * either end); free them with verdict_hints_free.
 */
size_t verdict_hints_split(const char *md, size_t len, char ***out);
void verdict_hints_free(char **hints, size_t n);

#endif
