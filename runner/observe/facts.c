/*
 * The observation facts' names (facts.h).
 */
#include "facts.h"

#include <string.h>

#define FACTS_NAME(name, desc) #name,
#define FACTS_DESC(name, desc) desc,
static const char *const names[] = {FACTS_LIST(FACTS_NAME)};
static const char *const descs[] = {FACTS_LIST(FACTS_DESC)};

int facts_index(const char *name)
{
    for (int i = 0; i < FACTS_COUNT; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *facts_name(int i)
{
    return i >= 0 && i < FACTS_COUNT ? names[i] : NULL;
}

const char *facts_describe(int i)
{
    return i >= 0 && i < FACTS_COUNT ? descs[i] : NULL;
}

void facts_set(run_facts *f, int i, double v)
{
    f->has[i] = true;
    f->value[i] = v;
}
