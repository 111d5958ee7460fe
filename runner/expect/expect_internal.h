/*
 * What the files of the expectation module share: the parsed form of a file, the
 * parser's state, a match's result and the helpers between them. Not part of the
 * interface: the runner uses expect.h only.
 *
 *   expect_state.c    what the parser's files share: errors "FILE:LINE: ...", growing
 *                     arrays, names
 *   expect_parse.c    reading a file into its directives, a line at a time
 *   expect_pattern.c  `line` patterns: their pieces, and fitting one output line
 *   expect_cond.c     conditions and expressions as written
 *   expect_resolve.c  names checked once the whole file is read
 *   expect_marks.c    the timeline: `event` and `span`
 *   expect_repeat.c   `repeat` lines: their attributes (`rising`, `count`) and their rows
 *   expect_knob.c     `knob`, `lasts` and `plot`: the program's parameters, their values and
 *                     what a sweep draws
 *   expect_file.c     the parsed file: names, accessors, freeing
 *   expect_match.c    matching output lines, captures, any-order groups, extra lines
 *   expect_pool.c     the strings of a result, freed with it
 *   expect_eval.c     values after a match: names, lets, conditions
 *   expect_rows.c     the rows of the table: expected text, deltas, hints, notes
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

/* CAP_INTS, a list of integers, is numeric (its sum) though it comes after the words. */
enum cap_type { CAP_MS, CAP_INT, CAP_NUM, CAP_WORD, CAP_TEXT, CAP_INTS };

/* FACT_RUN: a fact of the run (facts.h), known only once the observer's log is read. */
/* FACT_KNOB: a knob of the program (expect_knob.c), set for a run or at its default. */
enum fact_bits { FACT_CORES = 1, FACT_OMP = 2, FACT_LOAD = 4, FACT_RUN = 8, FACT_KNOB = 16 };
#define FACT_MACHINE (FACT_CORES | FACT_OMP | FACT_LOAD)

struct piece {
    int cap; /* capture index, or -1 for literal text */
    char *lit;
    size_t litlen;
};

enum cond_kind { COND_TOL, COND_CMP, COND_RANGE, COND_WORD };
enum cmp_op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

/* A condition; the kind decides which fields count (see expect__parse_cond in expect_cond.c). */
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
    char *label; /* the check as a sentence; {EXPR} filled in when the row is made */
    char *hint;
    char *ref_text;
    double ref;
    bool has_ref;
    struct cond *when;
    int when_src;
};

/* What a `repeat` adds to a line: it fits one or more output lines (expect_repeat.c). */
struct repeat {
    bool on;
    int rising; /* the capture that must rise from one of its lines to the next, or -1 */
    int count;  /* the capture bound to how many lines it took, or -1 */
};

struct pline {
    int src;
    char *text;
    struct piece *pieces;
    size_t npieces;
    int group; /* any-order group, or -1 */
    struct attrs at;
    struct repeat rep;
};

struct capture {
    char *name;
    enum cap_type type;
    int line;
    bool counted; /* a `count` of a repeat, not a piece of its pattern */
};

struct check {
    int src;
    bool info;
    bool objective;
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

/* A `knob`: a parameter the program reads from its environment (expect_knob.c). */
struct knob {
    int src;
    char *name, *what, *def_text;
    expr *def; /* the default: a number, or a formula of the machine facts */
    int lo, hi;
    bool set; /* a value was given for this run; else the default holds */
    int value;
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
    size_t nobjectives;
    bool race_check; /* `race-check`: also run a ThreadSanitizer build */
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
    struct unchanged {
        uint64_t digest;
        char *marker;
    } * unchanged;
    size_t nunchanged, unchanged_cap;
    int ngroups;
    struct knob *knobs;
    size_t nknobs, knobs_cap;
    expr *lasts; /* `lasts EXPR`: the least time a run takes, in ms */
    char *lasts_text;
    int lasts_src;
    char *plot_name; /* `plot NAME [expected EXPR] [ideal EXPR]`: what a sweep draws */
    expr *plot_expected, *plot_ideal;
    char *plot_expected_text, *plot_ideal_text;
    struct cond plot_deps; /* only caps and facts are used */
    int plot_src;
};

/* The names of enum cap_type and enum cmp_op, as written in a file. */
extern const char *const expect__cap_type_names[];
extern const char *const expect__op_names[];

static inline bool expect__is_space(char c)
{
    return c == ' ' || c == '\t';
}

static inline bool expect__is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline bool expect__is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline size_t expect__trim_right(const char *s, size_t n)
{
    while (n > 0 && (expect__is_space(s[n - 1]) || s[n - 1] == '\r'))
        n--;
    return n;
}

static inline size_t expect__skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && expect__is_space(s[i]))
        i++;
    return i;
}

/* Quoted text in messages is cut short: a message is one line on a terminal. */
static inline int expect__quote_len(size_t n)
{
    return n > 40 ? 40 : (int)n;
}

/* The index of the capture or let of that name, or -1. */
int expect__find_capture(const expect_file *f, const char *name);
int expect__find_let(const expect_file *f, const char *name);

/* Where the parser is; the attribute target is an index, as arrays move when they grow. */
struct parse_state {
    expect_file *f;
    const char *filename;
    int lineno;
    char *err;
    size_t errlen;
    enum item_kind target_kind;
    int target;     /* -1: no directive takes attributes here */
    unsigned takes; /* the attributes the directive just read takes (expect_parse.c) */
    int group, group_src;
};

/* Writes "FILE:LINE: message" into the parser's err; returns EXPECT_ERR_FORMAT. */
int expect__perr_at(struct parse_state *ps, int line, const char *fmt, ...);
/* Writes "FILE: out of memory"; returns EXPECT_ERR_NOMEM. */
int expect__nomem(struct parse_state *ps);
/* Makes room for one more element; returns the (maybe moved) array, or NULL. */
void *expect__grow(void *arr, size_t n, size_t *cap, size_t elem);
/* Whether s[0..n) is a name: a letter, then letters, digits and _. */
bool expect__is_name(const char *s, size_t n);
/* Why a name cannot be bound, or NULL when it can. */
const char *expect__reserved_name(const char *name);

/* A non-negative decimal of a tolerance: "15", "2.5". */
bool expect__scan_decimal(const char *s, size_t n, size_t *i, double *v);
/* Parses an expression that must fill s[0..n) exactly (or *used gets how much it took). */
int expect__parse_expr(struct parse_state *ps, const char *s, size_t n, int flags, expr **e,
                       size_t *used, char **text);
/* Parses a condition ("x = 50 +15/-0", "x >= y", "x in [150, 200)") into c. */
int expect__parse_cond(struct parse_state *ps, struct cond *c, const char *s, size_t n);
/* Binds a capture to the line being read; returns its index or a negative error. */
int expect__add_capture(struct parse_state *ps, const char *name, size_t n, enum cap_type type);
/* Splits a `line` pattern into literal pieces and captures, which it binds. */
int expect__parse_pattern(struct parse_state *ps, struct pline *l, const char *s, size_t n);
/* Parses an `event` or a `span` directive. */
int expect__parse_mark(struct parse_state *ps, bool span, const char *arg, size_t n);
/* Makes the line just read a `repeat`. */
void expect__repeat_begin(struct parse_state *ps);
/* Parses `rising NAME` or `count NAME` under a `repeat`. */
int expect__parse_repeat_attr(struct parse_state *ps, const char *kw, const char *arg, size_t n);
/* The index of the knob of that name, or -1. */
int expect__find_knob(const expect_file *f, const char *name);
/* A knob's value for this run (its default on machine m when not set); 0 or an error. */
int expect__knob_value(const expect_file *f, size_t i, const expect_machine *m, double *value);
/* Whether some knob is set to other than its default on m: the file's refs, taken from a
   run of the program as written, then say nothing. */
bool expect__knobs_moved(const expect_file *f, const expect_machine *m);
/* Parses a `knob`, `lasts` or `plot` directive. */
int expect__parse_knob(struct parse_state *ps, const char *kw, const char *arg, size_t n);
/* Checks the names e uses (as a let's expression) and records what it needs into c. */
int expect__resolve_expr(struct parse_state *ps, struct cond *c, const expr *e, int src,
                         const char *what);
/* Checks the names `lasts` and `plot` use, and that no knob is also a capture or a let. */
int expect__resolve_knobs(struct parse_state *ps);
/* Frees the knobs, `lasts` and `plot`. */
void expect__free_knobs(expect_file *f);
/* Checks the names of the whole file and records what each condition needs. */
int expect__resolve(struct parse_state *ps);

/* Where a capture is in an output line. */
struct span {
    size_t start, len;
};

/* Whether the output line s[0..n) fits l; spans gets where its captures are. */
bool expect__match_line(const expect_file *f, const struct pline *l, const char *s, size_t n,
                        struct span *spans);

/* Every string of a result lives in its pool, freed with it. */
struct pool_block {
    struct pool_block *next;
    char data[];
};

/* What a `repeat` took from the output. */
struct repeat_seen {
    int count;    /* output lines it took */
    int broke;    /* the output line whose rising capture did not rise, or -1 */
    double prev;  /* the value before that line (the last value when it never broke) */
    double value; /* the value on that line */
};

struct result_impl {
    expect_result pub;            /* first, so that the public pointer is this one */
    struct repeat_seen *rep_seen; /* one per `line` of the file */
    struct pool_block *pool;
    bool nomem;
    size_t ncaps;
    const char **cap_name;
    const char **cap_text;
    double *cap_val;
    bool *cap_has;
    bool *cap_numeric;
    int *cap_out;
};

/* Copies of strings into r's pool; NULL (and r->nomem set) when out of memory. */
char *expect__pool_strndup(struct result_impl *r, const char *s, size_t n);
char *expect__pool_printf(struct result_impl *r, const char *fmt, ...);
char *expect__pool_format(struct result_impl *r, double v);
/* Frees every string in r's pool. */
void expect__pool_free(struct result_impl *r);

/* What names mean after a match. */
struct eval_ctx {
    const expect_file *f;
    const expect_machine *m;
    struct result_impl *r;
    bool *let_has;
    double *let_val;
};

struct cond_values {
    bool has_lhs, has_rhs, has_hi;
    double lhs, rhs, hi;
};

/* The expr_lookup_fn of a match (vctx is a struct eval_ctx): facts, captures, lets. */
int expect__lookup(void *vctx, const char *name, double *value);
/* Computes every let of the file in order, into x->let_has and x->let_val. */
void expect__eval_lets(struct eval_ctx *x);
/* Evaluates c: 0 and *held, or an EXPR_ERR_*; v gets every part it could compute. */
int expect__cond_eval(struct eval_ctx *x, const struct cond *c, bool *held, struct cond_values *v);

/* Keeps the captures of line l from the output line s, which it fits at spans. */
void expect__take_captures(struct result_impl *r, const expect_file *f, const struct pline *l,
                           const char *s, const struct span *spans, int out_index);
/* Takes the further output lines of the repeat line k, whose first is at j; returns the last. */
size_t expect__take_repeats(struct result_impl *r, const expect_file *f, size_t k,
                            const char *const *lines, const size_t *lens, size_t nlines, bool *used,
                            size_t j);
/* Sets the row of a repeat line that took output (status, actual text, note, hint). */
void expect__repeat_row(struct eval_ctx *x, expect_row *row, const struct pline *l);
/* Whether c needs a capture of a repeat, whose value may still change while the run goes on. */
bool expect__repeat_open(const struct eval_ctx *x, const struct cond *c);
/* The row's sentence: its `label` with values filled in, or one made from its rule. */
void expect__row_says_line(struct eval_ctx *x, expect_row *row, const struct pline *l);
/* Sets a row's hint from the attributes, interpolated. */
void expect__row_hint(struct eval_ctx *x, expect_row *row, const struct attrs *at);

/* Fills the row of one `line`, `expect`/`info` or `let` directive. */
void expect__item_row(struct eval_ctx *x, expect_row *row, const struct item *it,
                      const int *line_out, const char *const *lines, const size_t *lens,
                      bool complete);

#endif
