/*
 * The words a verdict is told in (words.h).
 */
#include "words.h"

#include <stddef.h>
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
