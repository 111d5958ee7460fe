/*
 * The observation facts' names (facts.h).
 */
#include "facts.h"

#include <stdlib.h>
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

static const char *const text_names[] = {FACTS_TEXT_LIST(FACTS_NAME)};
static const char *const text_descs[] = {FACTS_TEXT_LIST(FACTS_DESC)};

int facts_text_index(const char *name)
{
    for (int i = 0; i < FACTS_TEXT_COUNT; i++)
        if (strcmp(text_names[i], name) == 0)
            return i;
    return -1;
}

const char *facts_text_name(int i)
{
    return i >= 0 && i < FACTS_TEXT_COUNT ? text_names[i] : NULL;
}

const char *facts_text_describe(int i)
{
    return i >= 0 && i < FACTS_TEXT_COUNT ? text_descs[i] : NULL;
}

char *facts_text_interpolate(const char *hint, const run_facts *f)
{
    size_t cap = strlen(hint) + 1, len = 0;
    if (f)
        cap += FACTS_TEXT_COUNT * FACTS_TEXT_MAX * 4; /* each may appear a few times */
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *s = hint; *s;) {
        const char *close = s[0] == '{' && s[1] != '{' ? strchr(s + 1, '}') : NULL;
        int i = -1;
        if (close && f && f->valid) {
            char name[64];
            size_t n = (size_t)(close - s - 1);
            if (n < sizeof name) {
                memcpy(name, s + 1, n);
                name[n] = '\0';
                i = facts_text_index(name);
            }
        }
        if (i >= 0 && f->text[i][0] && len + strlen(f->text[i]) < cap - 1) {
            size_t n = strlen(f->text[i]);
            memcpy(out + len, f->text[i], n);
            len += n;
            s = close + 1;
        } else if (s[0] == '{' && s[1] == '{' && len + 2 < cap) {
            out[len++] = *s++; /* an escaped brace stays escaped for what comes next */
            out[len++] = *s++;
        } else if (len + 1 < cap) {
            out[len++] = *s++;
        } else
            break;
    }
    out[len] = '\0';
    return out;
}
