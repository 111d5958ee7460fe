/*
 * `workbook reset N`: put an exercise's stub back as the workbook shipped it, from git
 * or else from a pristine copy kept the first time a check saw it. It asks first, and
 * keeps the student's version in a backup.
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

static bool ask_yes(const char *question)
{
    printf("%s [y/N] ", question);
    fflush(stdout);
    char answer[64];
    if (!fgets(answer, sizeof answer, stdin))
        return false;
    return answer[0] == 'y' || answer[0] == 'Y';
}

int cmd_reset(app *a, int argc, char **argv)
{
    bool yes;
    const catalog_exercise *e =
        cmd_exercise_flag_args(a, argc, argv, "reset", "reset N [--yes]", "--yes", "-y", &yes);
    if (!e)
        return EXIT_USAGE;
    if (!yes && !isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "workbook reset: no terminal to ask on; add --yes to reset exercise %d "
                "without asking\n",
                e->number);
        return EXIT_USAGE;
    }
    size_t len;
    const char *from;
    char *stub = cmd_original(a, e->dirname, e->source, &len, &from);
    if (!stub) {
        fprintf(stderr,
                "workbook reset: cannot find the original of %s (not in git, and no "
                "kept copy)\n",
                e->source);
        return EXIT_USAGE;
    }
    char *mine = NULL;
    size_t mine_len = 0;
    bool exists = util_read_file(e->source, 16 << 20, &mine, &mine_len) == 0;
    if (exists && mine_len == len && memcmp(mine, stub, len) == 0) {
        printf("%s is already the original stub: nothing to reset.\n", e->source);
        free(mine);
        free(stub);
        return EXIT_PASS;
    }

    progress *p = cmd_open_progress(a);
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
    const char *base = strrchr(e->source, '/') + 1;
    char *dir = xasprintf("%s/backups", progress_dir(p));
    char *backup =
        xasprintf("%s/%s-%.*s-%s.c", dir, e->dirname, (int)(strlen(base) - 2), base, stamp);
    progress_free(p);

    int rc = EXIT_PASS;
    char *q =
        xasprintf("Reset %s to the original stub? Your version is kept in %s", e->source, backup);
    if (!yes && !ask_yes(q)) {
        printf("Nothing changed.\n");
        rc = EXIT_FAILED;
    } else {
        int r = 0;
        if (exists) {
            r = util_mkdirs(dir, 0755);
            if (r == 0)
                r = util_write_file_atomic(backup, mine, mine_len);
        }
        if (r < 0) {
            fprintf(stderr, "workbook reset: cannot keep a backup in %s: %s; nothing changed\n",
                    dir, strerror(-r));
            rc = EXIT_USAGE;
        } else if ((r = util_write_file_atomic(e->source, stub, len)) < 0) {
            fprintf(stderr, "workbook reset: cannot write %s: %s\n", e->source, strerror(-r));
            rc = EXIT_USAGE;
        } else {
            printf("%s is the original stub again (from %s).\n", e->source, from);
            if (exists)
                printf("Your version: %s\n", backup);
        }
    }
    free(q);
    free(dir);
    free(backup);
    free(mine);
    free(stub);
    return rc;
}
