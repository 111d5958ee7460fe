/*
 * The compiler and its flags, as lessons/common/toolchain.sh answers (see toolchain.h).
 */
#include "toolchain.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "catalog.h"
#include "util.h"

/* Asked once per process; the screen asks on a thread of libuv's pool at start, so that its
   loop never waits for the script, and a check that comes first waits on the lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static toolchain cached;
static bool asked;
static atomic_bool usable;
static char *cached_err;

/* The value of "key=value" in text, malloc'd, or NULL. */
static char *value_of(const char *text, const char *key)
{
    size_t n = strlen(key);
    for (const char *l = text; l && *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        if (len > n && strncmp(l, key, n) == 0 && l[n] == '=')
            return xstrndup(l + n + 1, len - n - 1);
        l = end ? end + 1 : NULL;
    }
    return NULL;
}

int toolchain_parse(const char *text, toolchain *t)
{
    *t = (toolchain){
        .cc = value_of(text, "cc"),
        .kind = value_of(text, "kind"),
        .name = value_of(text, "name"),
        .openmp = value_of(text, "openmp"),
        .libuv = value_of(text, "libuv"),
        .cflags = value_of(text, "cflags"),
        .libs = value_of(text, "libs"),
    };
    if (t->cc && t->kind && t->name && t->openmp && t->libuv && t->cflags && t->libs && *t->cc)
        return 0;
    toolchain_release(t);
    return -1;
}

void toolchain_release(toolchain *t)
{
    free(t->cc);
    free(t->kind);
    free(t->name);
    free(t->openmp);
    free(t->libuv);
    free(t->cflags);
    free(t->libs);
    *t = (toolchain){0};
}

/* Runs the script with its stderr joined to its stdout; returns its exit status (-1 when
   it could not run) and sets *out to everything it printed. */
static int run_script(const char *common_dir, char **out)
{
    char *cmd = xasprintf("sh '%s/toolchain.sh' 2>&1", common_dir);
    FILE *p = popen(cmd, "r");
    free(cmd);
    size_t len = 0, cap = 1024;
    *out = xmalloc(cap);
    (*out)[0] = '\0';
    if (!p)
        return -1;
    size_t got;
    while ((got = fread(*out + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 256)
            *out = xrealloc(*out, cap *= 2);
    }
    (*out)[len] = '\0';
    int st = pclose(p);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

const toolchain *toolchain_get(const char *common_dir, const char **err)
{
    pthread_mutex_lock(&lock);
    if (!asked) {
        asked = true;
        char *root = common_dir ? NULL : catalog_find_root();
        char *found = root ? xasprintf("%s/lessons/common", root) : NULL;
        if (!common_dir)
            common_dir = found ? found : "lessons/common";
        char *text;
        int st = run_script(common_dir, &text);
        if (st == 0 && toolchain_parse(text, &cached) == 0) {
            usable = true;
        } else if (st > 0 && text[0]) {
            /* The script's own words: what is wrong and the command that fixes it. */
            text[strcspn(text, "\n")] = '\0';
            cached_err = xstrdup(text);
        } else {
            cached_err = xasprintf("cannot ask %s/toolchain.sh which compiler to use (is sh "
                                   "installed and the workbook's folder whole?)",
                                   common_dir);
        }
        free(text);
        free(found);
        free(root);
    }
    pthread_mutex_unlock(&lock);
    if (err)
        *err = usable ? NULL : cached_err;
    return usable ? &cached : NULL;
}

const toolchain *toolchain_cached(void)
{
    return usable ? &cached : NULL;
}

char *toolchain_describe(const toolchain *t)
{
    /* The flags that change what the compiler does; the folders (-I, -L) only where. */
    char *flags = xstrdup(""), *copy = xstrdup(t->cflags);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
        if (strncmp(w, "-I", 2) == 0 || strncmp(w, "-L", 2) == 0)
            continue;
        char *more = xasprintf("%s%s%s", flags, *flags ? " " : "", w);
        free(flags);
        flags = more;
    }
    free(copy);
    char *s = xasprintf("%s (CC=%s) %s", t->name, t->cc, flags);
    free(flags);
    return s;
}

const char *toolchain_openmp_version(const toolchain *t)
{
    /* The spec's release dates, as _OPENMP reports them. */
    static const struct {
        long date;
        const char *name;
    } versions[] = {{202111, "5.2 (202111)"}, {202011, "5.1 (202011)"}, {201811, "5.0 (201811)"},
                    {201511, "4.5 (201511)"}, {201307, "4.0 (201307)"}, {201107, "3.1 (201107)"},
                    {200805, "3.0 (200805)"}};
    long date = strtol(t->openmp, NULL, 10);
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        if (date >= versions[i].date)
            return versions[i].name;
    return t->openmp;
}
