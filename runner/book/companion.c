/*
 * Node beside C (companion.h).
 */
#include "companion.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

char *companion_script(const catalog_variant *v)
{
    size_t n = strlen(v->source);
    if (n < 2 || strcmp(v->source + n - 2, ".c") != 0)
        return NULL;
    char *path = xasprintf("%.*s.mjs", (int)(n - 2), v->source);
    if (access(path, R_OK) == 0)
        return path;
    free(path);
    return NULL;
}

char *companion_node(void)
{
    const char *env = getenv("PATH");
    if (!env || !*env)
        return NULL;
    char *copy = xstrdup(env), *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        char *path = xasprintf("%s/node", *dir ? dir : ".");
        if (access(path, X_OK) == 0) {
            free(copy);
            return path;
        }
        free(path);
    }
    free(copy);
    return NULL;
}

char *companion_name(const catalog_variant *v)
{
    return xasprintf("%s.mjs (node)", v->name);
}
