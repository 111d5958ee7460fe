/*
 * Finding clang, libomp and Archer (see race_tools.h).
 */
#include "race_tools.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* clang's path (WORKBOOK_CLANG, else "clang" in PATH), symlinks resolved; NULL if none. */
static char *find_clang(void)
{
    const char *want = getenv("WORKBOOK_CLANG");
    if (!want || !*want)
        want = "clang";
    if (strchr(want, '/'))
        return access(want, X_OK) == 0 ? realpath(want, NULL) : NULL;
    const char *path = getenv("PATH");
    char *dirs = xstrdup(path ? path : "/usr/bin:/bin");
    char *found = NULL;
    for (char *save, *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *p = xasprintf("%s/%s", *d ? d : ".", want);
        if (is_file(p) && access(p, X_OK) == 0)
            found = realpath(p, NULL);
        free(p);
    }
    free(dirs);
    return found;
}

/* LLVM's lib folder beside its clang: /usr/lib/llvm-14/bin/clang → /usr/lib/llvm-14/lib. */
static char *llvm_libdir(const char *clang)
{
    char *d = xstrdup(clang);
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(d, '/');
        if (slash)
            *slash = '\0';
    }
    char *lib = xasprintf("%s/lib", d);
    free(d);
    return lib;
}

/* The first of a glob's matches that is a file, or NULL. */
static char *glob_first(const char *pattern)
{
    glob_t g;
    char *found = NULL;
    if (glob(pattern, 0, NULL, &g) == 0) {
        /* The last in name order, usually the newest version. */
        for (size_t i = g.gl_pathc; i-- > 0 && !found;)
            if (is_file(g.gl_pathv[i]))
                found = xstrdup(g.gl_pathv[i]);
    }
    globfree(&g);
    return found;
}

/* A library beside clang, else in the usual places. */
static char *find_llvm_lib(const char *libdir, const char *name)
{
    char *p = xasprintf("%s/%s", libdir, name);
    if (is_file(p))
        return p;
    free(p);
    static const char *const dirs[] = {"/usr/lib/llvm-*/lib", "/usr/lib/*-linux-gnu",
                                       "/usr/local/lib", "/usr/lib"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char *pattern = xasprintf("%s/%s", dirs[i], name);
        char *found = glob_first(pattern);
        free(pattern);
        if (found)
            return found;
    }
    return NULL;
}

/* Archer: WORKBOOK_ARCHER (empty: none), else libarcher.so beside clang or in LLVM's lib. */
static char *find_archer(const char *libdir)
{
    const char *want = getenv("WORKBOOK_ARCHER");
    if (want)
        return *want && is_file(want) ? realpath(want, NULL) : NULL;
    return find_llvm_lib(libdir, "libarcher.so");
}

void race_tools_find(race_tools *t)
{
    *t = (race_tools){.clang = find_clang()};
    if (!t->clang)
        return;
    char *libdir = llvm_libdir(t->clang);
    char *libomp = find_llvm_lib(libdir, "libomp.so");
    t->libomp = libomp != NULL;
    t->archer = find_archer(libdir);
    free(libomp);
    free(libdir);
}

void race_tools_free(race_tools *t)
{
    free(t->clang);
    free(t->archer);
    *t = (race_tools){0};
}
