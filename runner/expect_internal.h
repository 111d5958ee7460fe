/*
 * The parsed form of an expectation file, shared by the parser and the matcher
 * (runner/expect.c). Not part of the interface: the runner uses expect.h only.
 */
#ifndef EXPECT_INTERNAL_H
#define EXPECT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "expect.h"
#include "expr.h"

/* Bounds that keep hostile files cheap: the real ones have a few dozen directives. */
#define MAX_FILE_BYTES (1u << 20)
#define MAX_DIRECTIVES 2000
#define MAX_LINE_CAPTURES 32
#define MATCH_BUDGET 200000 /* backtracking steps per output line and pattern */

enum cap_type { CAP_MS, CAP_INT, CAP_NUM, CAP_WORD, CAP_TEXT };

enum fact_bits { FACT_CORES = 1, FACT_OMP = 2, FACT_LOAD = 4 };

struct piece {
    int cap; /* capture index, or -1 for literal text */
    char *lit;
    size_t litlen;
};

enum cond_kind { COND_TOL, COND_CMP, COND_RANGE, COND_WORD };
enum cmp_op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

/* A condition; the kind decides which fields count (see parse_cond in expect.c). */
struct cond {
    enum cond_kind kind;
    char *text, *lhs_text, *rhs_text, *hi_text;
    expr *lhs, *rhs, *hi; /* TOL: rhs is the centre; RANGE: rhs and hi are the bounds */
    char *rhs_err;        /* CMP: why the right side is no expression (fine against a word) */
    enum cmp_op op;
    double up, down;
    bool lo_closed, hi_closed;
    int word_lhs, word_rhs; /* COND_WORD: capture indices (word_rhs -1: rhs_text literally) */
    int *caps;              /* captures it needs, through lets too */
    size_t ncaps;
    unsigned facts;       /* fact_bits it names, through lets too */
    unsigned bound_facts; /* of those, the ones in the expected side */
};

struct attrs {
    char *hint;
    char *ref_text;
    double ref;
    bool has_ref;
    struct cond *when;
    int when_src;
};

struct pline {
    int src;
    char *text;
    struct piece *pieces;
    size_t npieces;
    int group; /* any-order group, or -1 */
    struct attrs at;
};

struct capture {
    char *name;
    enum cap_type type;
    int line;
};

struct check {
    int src;
    bool info;
    struct cond c;
    struct attrs at;
};

struct let {
    int src;
    char *name, *label, *expr_text;
    expr *e;
    struct cond deps; /* only caps and facts are used */
};

/* An `event` (a moment: name, wanted) or a `span` (work: from, to) for the timeline. */
struct mark {
    int src;
    bool span;
    char *name;  /* event: the capture or let it shows; NULL for a span */
    char *label; /* as shown: the `as` label, the event's name, or the span's label */
    expr *wanted, *from, *to;
    struct cond deps; /* only caps and facts are used */
};

enum item_kind { ITEM_LINE, ITEM_CHECK, ITEM_LET };
struct item {
    enum item_kind kind;
    int index;
};

struct expect_file {
    char *title;
    double timeout;
    bool has_timeout, extra_ok;
    char **objectives;
    size_t nobjectives, objectives_cap;
    struct pline *lines;
    size_t nlines, lines_cap;
    struct capture *caps;
    size_t ncaps, caps_cap;
    struct check *checks;
    size_t nchecks, checks_cap;
    struct let *lets;
    size_t nlets, lets_cap;
    struct item *items;
    size_t nitems, items_cap;
    struct mark *marks;
    size_t nmarks, marks_cap;
    int ngroups;
};

#endif
