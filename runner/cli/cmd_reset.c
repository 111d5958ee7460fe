/*
 * `workbook reset N` and `workbook reset LESSON`: put an exercise's stub, or a lesson's
 * programs, back as the workbook shipped them, from git or else from a first copy
 * (cmd_pristine.c). It asks first, and keeps the student's versions in backups.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cmd_exercise.h"
#include "progress.h"
#include "util.h"
#include "verb.h"

/* The student's version is kept whatever it has grown to, up to this. */
#define RESET_MAX_FILE (16u << 20)

/* One file to restore: the original, the student's version, and where that is kept. */
typedef struct restore {
    const char *dirname, *path;
    char *original, *mine, *backup;
    size_t len, mine_len;
    const char *from;
    bool exists; /* the student's file is there (it may have been deleted) */
} restore;

static bool ask_yes(const char *question)
{
    printf("%s [y/N] ", question);
    fflush(stdout);
    char answer[64];
    if (!fgets(answer, sizeof answer, stdin))
        return false;
    return answer[0] == 'y' || answer[0] == 'Y';
}

/* Reads r's original and the student's version. Returns false after telling the user
   on stderr that there is no original. */
static bool restore_load(app *a, restore *r)
{
    r->original = cmd_original(a, r->dirname, r->path, &r->len, &r->from);
    if (!r->original) {
        fprintf(stderr,
                "workbook reset: cannot find the original of %s (not in git, and no "
                "kept copy)\n",
                r->path);
        return false;
    }
    r->exists = util_read_file(r->path, RESET_MAX_FILE, &r->mine, &r->mine_len) == 0;
    return true;
}

static bool restore_changed(const restore *r)
{
    return !r->exists || r->mine_len != r->len || memcmp(r->mine, r->original, r->len) != 0;
}

static void restore_free(restore *r)
{
    free(r->original);
    free(r->mine);
    free(r->backup);
}

/* Keeps the student's version in dir, then writes the original. Returns an exit code. */
static int restore_write(restore *r, const char *dir, const char *noun)
{
    int rc = 0;
    if (r->exists) {
        rc = util_mkdirs(dir, 0755);
        if (rc == 0)
            rc = util_write_file_atomic(r->backup, r->mine, r->mine_len);
    }
    if (rc < 0) {
        fprintf(stderr, "workbook reset: cannot keep a backup in %s: %s; %s unchanged\n", dir,
                strerror(-rc), r->path);
        return EXIT_USAGE;
    }
    if ((rc = util_write_file_atomic(r->path, r->original, r->len)) < 0) {
        fprintf(stderr, "workbook reset: cannot write %s: %s\n", r->path, strerror(-rc));
        return EXIT_USAGE;
    }
    printf("%s is the original %s again (from %s).\n", r->path, noun, r->from);
    if (r->exists)
        printf("Your version: %s\n", r->backup);
    return EXIT_PASS;
}

/* Restores the files of what ("exercise 2", "lesson 04"), asking first unless yes; noun
   says what one is ("stub", "program"). Returns an exit code. */
static int reset_files(app *a, const char *what, const char *noun, restore *rs, size_t n, bool yes)
{
    if (!yes && !isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "workbook reset: no terminal to ask on; add --yes to reset %s without asking\n",
                what);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        if (!restore_load(a, &rs[i]))
            return EXIT_USAGE;

    progress *p = cmd_open_progress(a);
    char *dir = xasprintf("%s/backups", progress_dir(p));
    progress_free(p);
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
    size_t changed = 0;
    char *names = xstrdup("");
    for (size_t i = 0; i < n; i++) {
        if (!restore_changed(&rs[i]))
            continue;
        const char *base = util_base_name(rs[i].path);
        const char *ext = strrchr(base, '.') ? strrchr(base, '.') : "";
        int stem = (int)(*ext ? (size_t)(ext - base) : strlen(base));
        rs[i].backup = xasprintf("%s/%s-%.*s-%s%s", dir, rs[i].dirname, stem, base, stamp, ext);
        char *more = xasprintf("%s%s%s", names, changed ? ", " : "", base);
        free(names);
        names = more;
        changed++;
    }

    int rc = EXIT_PASS;
    if (changed == 0) {
        if (n == 1)
            printf("%s is already the original %s: nothing to reset.\n", rs[0].path, noun);
        else
            printf("The %ss of %s are already the originals: nothing to reset.\n", noun, what);
    } else {
        char *q = n == 1 ? xasprintf("Reset %s to the original %s? Your version is kept in %s",
                                     rs[0].path, noun, rs[0].backup)
                         : xasprintf("Reset the changed %ss of %s (%s) to the originals? Your "
                                     "versions are kept in %s",
                                     noun, what, names, dir);
        if (!yes && !ask_yes(q)) {
            printf("Nothing changed.\n");
            rc = EXIT_FAILED;
        }
        for (size_t i = 0; i < n && rc == EXIT_PASS; i++)
            if (restore_changed(&rs[i]))
                rc = restore_write(&rs[i], dir, noun);
        free(q);
    }
    for (size_t i = 0; i < n; i++)
        restore_free(&rs[i]);
    free(names);
    free(dir);
    return rc;
}

/* A one-digit number names an exercise ("reset 2"); a lesson is named by its two-digit
   number, its folder or its slug ("reset 04", "reset 11", "reset starvation"). */
static const catalog_lesson *lesson_key(app *a, const char *key)
{
    if (!key)
        return NULL;
    size_t digits = strspn(key, "0123456789");
    if (digits == strlen(key))
        return digits >= 2 ? catalog_find_lesson(a->cat, key) : NULL;
    if (catalog_find_exercise(a->cat, key))
        return NULL;
    return catalog_find_lesson(a->cat, key);
}

static int cmd_reset(app *a, int argc, char **argv)
{
    bool yes;
    const char *key;
    if (cmd_flag_args(argc, argv, verb_reset.usage, "--yes", 'y', &yes, &key))
        return EXIT_USAGE;
    const catalog_lesson *l = lesson_key(a, key);
    if (l) {
        if (l->nvariants == 0) {
            fprintf(stderr, "workbook reset: lesson %02d has no programs\n", l->number);
            return EXIT_USAGE;
        }
        restore *rs = xcalloc(l->nvariants, sizeof *rs);
        for (size_t i = 0; i < l->nvariants; i++)
            rs[i] = (restore){.dirname = l->dirname, .path = l->variants[i].source};
        char *what = xasprintf("lesson %02d", l->number);
        int rc = reset_files(a, what, "program", rs, l->nvariants, yes);
        free(what);
        free(rs);
        return rc;
    }
    const catalog_exercise *e = cmd_exercise_arg(a, "reset", key);
    if (!e) {
        fprintf(stderr, "A lesson's programs: workbook reset 04 (its two-digit number or name)\n");
        return EXIT_USAGE;
    }
    restore r = {.dirname = e->dirname, .path = e->source};
    char *what = xasprintf("exercise %d", e->number);
    int rc = reset_files(a, what, "stub", &r, 1, yes);
    free(what);
    return rc;
}

const verb_entry verb_reset = {
    .name = "reset",
    .run = cmd_reset,
    .usage = "reset N|LESSON [--yes]",
    .help = {
        {"reset N [--yes]", "restore an exercise's stub (keeps a backup)"},
        {"reset LESSON [--yes]", "restore a lesson's programs after a try-it edit"},
    },
};
