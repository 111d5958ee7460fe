/*
 * Arithmetic expressions of expectation files: numbers, names, + - * /, parentheses,
 * min(a, b), max(a, b), abs(a), ceil(a), floor(a). Parsed once into a small tree, evaluated many times
 * with a callback that gives names their values.
 *
 * Pure functions: no I/O, no globals. Parsing is bounded (EXPR_MAX_NODES nodes,
 * EXPR_MAX_DEPTH levels of nesting), so hostile input can neither recurse deeply nor
 * allocate without limit.
 */
#ifndef EXPR_H
#define EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "expect.h"

enum {
    EXPR_ERR_SYNTAX = -1,  /* the text is not an expression; the message says why */
    EXPR_ERR_NOMEM = -2,   /* out of memory */
    EXPR_ERR_MISSING = -3, /* a name has no value (yet) */
    EXPR_ERR_DOMAIN = -4,  /* a division by zero or a result that is not finite */
};

#define EXPR_MAX_NODES 200
#define EXPR_MAX_DEPTH 24

/* Flags for expr_parse. */
enum {
    /* Stop before a tolerance ("+15/-0", "+-5", "± 5") instead of reading it as a sum. */
    EXPR_STOP_AT_TOLERANCE = 1,
};

typedef struct expr expr;

/* Gives a name its value: returns 0 and sets *value, or a negative error (EXPR_ERR_MISSING). */
typedef int (*expr_lookup_fn)(void *ctx, const char *name, double *value);

/*
 * Parses the longest expression at the start of text (leading spaces skipped) and stops at
 * the first character that cannot continue it (a comparison, a comma, the end). Sets *used
 * to the bytes read, trailing spaces included. Returns 0, or a negative error with a
 * message in err (always terminated).
 */
int expr_parse(const char *text, size_t len, int flags, expr **out, size_t *used, char *err,
               size_t errlen);
void expr_free(expr *e);

/* The distinct names the expression uses, in order of first appearance. */
size_t expr_name_count(const expr *e);
const char *expr_name(const expr *e, size_t i);
/* The name when the whole expression is one name, else NULL. */
const char *expr_single_name(const expr *e);

/* Evaluates; returns 0 and sets *out, or the lookup's error, or EXPR_ERR_DOMAIN. */
int expr_eval(const expr *e, expr_lookup_fn lookup, void *ctx, double *out);

/* Facts: the machine's (cores, omp_threads, load) and the run's (facts.h). */
bool expr_is_fact(const char *name);
int expr_fact(const expect_machine *m, const char *name, double *value);
/* Function names, which cannot be used as capture or let names. */
bool expr_is_function(const char *name);

/*
 * Formats a value without useless decimals: 300, 1.85, -0.5, 0.0012. Returns buf.
 * Integers up to 2^53 are written in full.
 */
char *expr_format(double v, char *buf, size_t n);

/*
 * Replaces each {EXPR} in text by its value; an expression that cannot be parsed or
 * evaluated is left as written, and {{ and }} stand for braces. Returns a malloc'd string,
 * or NULL when out of memory.
 */
char *expr_interpolate(const char *text, expr_lookup_fn lookup, void *ctx);

#endif
