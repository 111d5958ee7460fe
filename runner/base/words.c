/*
 * The words a verdict is told in (words.h).
 */
#include "words.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

const char *words_compare(int op)
{
    static const char *const words[] = {"less than", "at most", "more than",
                                        "at least",  "exactly", "not"};
    return op >= 0 && op < (int)(sizeof words / sizeof words[0]) ? words[op] : "";
}

const char *words_capture_kind(int cap_type)
{
    static const char *const words[] = {"time", "number", "number", "word", "text"};
    return cap_type >= 0 && cap_type < (int)(sizeof words / sizeof words[0]) ? words[cap_type]
                                                                             : "value";
}

const char *words_computed(bool from_run)
{
    return from_run ? "a value computed from what the run did" : "a value computed from the output";
}

void words_capture(char *buf, size_t n, int cap_type, const char *pattern)
{
    snprintf(buf, n, "the %s in \"%s\"", words_capture_kind(cap_type), pattern);
}

void words_count(char *buf, size_t n, const char *pattern)
{
    snprintf(buf, n, "how many lines \"%s\" took", pattern);
}

void words_exactly(char *buf, size_t n, const char *value)
{
    snprintf(buf, n, "exactly %s", value);
}

void words_between(char *buf, size_t n, const char *lo, const char *hi)
{
    snprintf(buf, n, "between %s and %s", lo, hi);
}

/* The indices of words_compare's operators that a range's ends use. */
enum { CMP_LT, CMP_LE, CMP_GT, CMP_GE };

void words_compared(char *buf, size_t n, int op, const char *value)
{
    snprintf(buf, n, "%s %s", words_compare(op), value);
}

void words_range(char *buf, size_t n, bool lo_closed, const char *lo, bool hi_closed,
                 const char *hi)
{
    snprintf(buf, n, "%s %s and %s %s", words_compare(lo_closed ? CMP_GE : CMP_GT), lo,
             words_compare(hi_closed ? CMP_LE : CMP_LT), hi);
}

void words_word(char *buf, size_t n, bool negated, const char *word)
{
    snprintf(buf, n, "%s\"%s\"", negated ? "not " : "", word);
}

void words_condition(char *buf, size_t n, const char *subject, const char *bound)
{
    snprintf(buf, n, "%s: %s", subject, bound);
}

char *words_environment(const char *ignored, const char *kept)
{
    if (ignored && kept)
        return xasprintf("the run ignored %s from your environment (the checker decides them) "
                         "and kept %s",
                         ignored, kept);
    if (ignored)
        return xasprintf("the run ignored %s from your environment (the checker decides them)",
                         ignored);
    if (kept)
        return xasprintf("the run kept %s from your environment", kept);
    return NULL;
}

/* The one switch for raw rules: a process shows them everywhere or nowhere. */
static bool show_rules;

void words_set_rules(bool on)
{
    show_rules = on;
}

bool words_rules(void)
{
    return show_rules;
}
