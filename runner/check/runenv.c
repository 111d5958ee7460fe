/*
 * The checker's environment for a run (runenv.h).
 */
#include "runenv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "words.h"

extern char **environ;

/* Cleared: they change what a correct program does, and the exercise decides them.
   OpenMP's settings (GNU's and LLVM's runtimes read OMP_; GOMP_ and KMP_ are their own),
   libuv's pool size (exercise 5's program sets it itself, with setenv; a shell's value
   would make the default pool of lesson 10 and every other exercise a different one),
   the locale, which setlocale(LC_ALL, "") would turn into other decimal points, and
   libuv's io_uring switch, which the checker sets itself (below). */
static const char *const dropped_prefixes[] = {"OMP_", "GOMP_", "KMP_", "LC_"};
static const char *const dropped_names[] = {"UV_THREADPOOL_SIZE", "LANG", "LANGUAGE",
                                            "UV_USE_IO_URING"};

/* Kept, but said: it matters, and the checker has reasons to leave it: a libuv picked
   through LD_LIBRARY_PATH is how another version is tried. */
static const char *const kept_names[] = {"LD_LIBRARY_PATH"};

static bool has_name(const char *entry, const char *name)
{
    size_t n = strlen(name);
    return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

bool runenv_drops(const char *entry)
{
    for (size_t i = 0; i < sizeof dropped_prefixes / sizeof dropped_prefixes[0]; i++)
        if (strncmp(entry, dropped_prefixes[i], strlen(dropped_prefixes[i])) == 0)
            return true;
    for (size_t i = 0; i < sizeof dropped_names / sizeof dropped_names[0]; i++)
        if (has_name(entry, dropped_names[i]))
            return true;
    return false;
}

const char *const *runenv_sets(void)
{
    /* The C locale: "." for a decimal point, bytes for characters, whatever the shell's.
       File calls on libuv's pool on every libuv: 1.45 to 1.48 send them to io_uring on
       Linux 5.10.186 and newer unless UV_USE_IO_URING=0 (src/unix/linux.c at v1.48.0), so a
       stat that should wait behind the pool's jobs (exercise 5) would not, whether or not
       the program kept its own setenv line. */
    static const char *const sets[] = {"LC_ALL=C", "UV_USE_IO_URING=0", NULL};
    return sets;
}

int runenv_omp_threads(int cores)
{
    return cores < 2 ? 2 : cores;
}

char **runenv_apply(char **env, int cores)
{
    size_t n = 0, k = 0;
    while (env[n])
        n++;
    const char *const *sets = runenv_sets();
    size_t nsets = 0;
    while (sets[nsets])
        nsets++;
    char **out = xcalloc(n + nsets + 2, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (runenv_drops(env[i]))
            free(env[i]);
        else
            out[k++] = env[i];
    }
    for (size_t i = 0; i < nsets; i++)
        out[k++] = xstrdup(sets[i]);
    /* OpenMP's default is a team of one per core: on one core, two, said outright. */
    if (cores < 2)
        out[k++] = xasprintf("OMP_NUM_THREADS=%d", runenv_omp_threads(cores));
    out[k] = NULL;
    free(env);
    return out;
}

/* Appends "sep entry" to *s. */
static void add_entry(char **s, const char *sep, const char *entry)
{
    char *t = *s ? xasprintf("%s%s%s", *s, sep, entry) : xstrdup(entry);
    free(*s);
    *s = t;
}

char *runenv_describe(void)
{
    char *ignored = NULL, *kept = NULL;
    for (size_t i = 0; environ[i]; i++) {
        const char *e = environ[i];
        /* The locale is set for every run; a shell's own is no news worth a line. */
        if (runenv_drops(e) && strncmp(e, "LC_", 3) != 0 && !has_name(e, "LANG") &&
            !has_name(e, "LANGUAGE"))
            add_entry(&ignored, ", ", e);
        for (size_t j = 0; j < sizeof kept_names / sizeof kept_names[0]; j++)
            if (has_name(e, kept_names[j]))
                add_entry(&kept, ", ", e);
    }
    char *s = words_environment(ignored, kept);
    free(ignored);
    free(kept);
    return s;
}
