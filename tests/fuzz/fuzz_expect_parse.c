/*
 * Fuzz target: the expectation parser. Any bytes must either parse or be refused
 * with a "FILE:LINE: what is wrong" message; a parsed file must answer every query
 * and survive a match against its own text as output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    expect_file *f = NULL;
    int rc = expect_parse((const char *)data, size, "fuzz.expect", &f, err, sizeof err);

    if (rc < 0) {
        /* A refusal always says where: the message starts with the file's name. */
        if (memchr(err, '\0', sizeof err) == NULL || strncmp(err, "fuzz.expect:", 12) != 0)
            abort();
        return 0;
    }
    (void)expect_title(f);
    (void)expect_timeout(f, 10);
    (void)expect_objective_count(f);
    (void)expect_line_count(f);

    /* The file's own lines as the program's output: patterns with literal text match. */
    char *copy = malloc(size + 1);
    const char *lines[64];
    size_t n = 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    for (char *s = copy; s && n < 64;) {
        lines[n++] = s;
        s = strchr(s, '\n');
        if (s)
            *s++ = '\0';
    }
    expect_machine m = {.cores = 2, .omp_threads = 2, .load = 0.5};
    expect_result *r = expect_match(f, lines, n, true, &m);
    if (r)
        expect_result_free(r);
    free(copy);
    expect_free(f);
    return 0;
}
