/*
 * Fuzz target: the matcher. The output lines are fuzzed; the expectations are a fixed
 * file that uses every kind of directive, or, when the input holds a line "%%", the
 * text before it (so both sides can vary). The first byte picks whether the run is
 * complete and whether the machine facts are known. Every row must be well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed[] =
    "title   Every directive at once.\n"
    "timeout 5\n"
    "objective omp_team >= 2\n"
    "line    start at {t0:ms} ms\n"
    "any-order\n"
    "line    result {id:int} = {val:num} ({tag:word})\n"
    "line    heartbeat {k:int} at {hb:ms} ms\n"
    "end\n"
    "line    note: {rest:text}\n"
    "line    literal {{braces}}\n"
    "repeat  tick {n:int} of {m:num}\n"
    "  rising n\n"
    "  count  ticks\n"
    "let     gap = hb - t0\n"
    "expect  t0 = 0 +5/-0\n"
    "  hint  started {t0} ms late\n"
    "expect  hb in [40, 60)\n"
    "  ref   50\n"
    "expect  val >= id * 2\n"
    "  hint  {val - id * 2} short\n"
    "expect  tag == ok\n"
    "info    gap <= hb / min(cores, 8) * 1.5\n"
    "  when  cores >= 2\n"
    "info    ticks <= n\n"
    "expect  abs(gap) != 0\n"
    "  when  load < 100\n";

static void check_row(const expect_row *row)
{
    if (!row->label || !row->actual || !row->expected)
        abort();
    (void)strlen(row->label);
    (void)strlen(row->actual);
    (void)strlen(row->expected);
    if (row->subject)
        (void)strlen(row->subject);
    if (row->hint)
        (void)strlen(row->hint);
    if (row->note)
        (void)strlen(row->note);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static expect_file *fixed_file;
    char err[256];

    if (size == 0)
        return 0;
    if (!fixed_file && expect_parse(fixed, sizeof fixed - 1, "fixed.expect", &fixed_file, err,
                                    sizeof err) != 0)
        abort();
    bool complete = data[0] & 1;
    bool machine = data[0] & 2;
    data++, size--;

    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    expect_file *f = fixed_file, *own = NULL;
    char *output = text;
    char *sep = strstr(text, "\n%%\n");
    if (sep) {
        if (expect_parse(text, (size_t)(sep - text) + 1, "fuzz.expect", &own, err, sizeof err) !=
            0) {
            free(text);
            return 0;
        }
        f = own;
        output = sep + 4;
    }

    size_t n = 0, cap = 16;
    const char **lines = malloc(cap * sizeof *lines);
    for (char *s = output; s;) {
        if (n == cap)
            lines = realloc(lines, (cap *= 2) * sizeof *lines);
        lines[n++] = s;
        s = strchr(s, '\n');
        if (s)
            *s++ = '\0';
    }
    expect_machine m = {.cores = 2, .omp_threads = 2, .load = 1.25};
    expect_result *r = expect_match(f, lines, n, complete, machine ? &m : NULL);
    if (r) {
        int failed = 0;
        for (size_t i = 0; i < r->nrows; i++) {
            check_row(&r->rows[i]);
            failed += r->rows[i].status == EXPECT_FAIL;
        }
        if (failed != r->failed || (r->passed && (!complete || failed)))
            abort();
        double v;
        (void)expect_result_capture(r, "hb", &v);
        (void)expect_result_capture_text(r, "val");
        expect_result_free(r);
    }
    free(lines);
    free(text);
    expect_free(own);
    return 0;
}
