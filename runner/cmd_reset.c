/*
 * `workbook reset N`: put an exercise's stub back as the workbook shipped it, from git
 * or else from a pristine copy kept the first time a check saw it. It asks first, and
 * keeps the student's version in a backup.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cmd_exercise.h"
#include "progress.h"
#include "util.h"

extern char **environ;

/* Runs argv and returns what it wrote on stdout (malloc'd), or NULL when it failed. */
static char *capture(const char *const *argv, size_t *len)
{
    int fds[2];
    if (pipe(fds) < 0)
        return NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid;
    int r = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (r != 0) {
        close(fds[0]);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 == cap)
            buf = xrealloc(buf, cap *= 2);
        ssize_t got = read(fds[0], buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static char *pristine_path(app *a, const catalog_exercise *e)
{
    progress *p = cmd_open_progress(a);
    const char *base = strrchr(e->source, '/') + 1;
    char *path = xasprintf("%s/pristine/%s/%s", progress_dir(p), e->dirname, base);
    progress_free(p);
    return path;
}

/* The stub as the workbook shipped it: from git, else from the pristine copy. */
static char *original_stub(app *a, const catalog_exercise *e, size_t *len, const char **from)
{
    const char *rel = e->source + strlen(a->root) + 1;
    char *spec = xasprintf("HEAD:%s", rel);
    const char *argv[] = {"git", "-C", a->root, "show", spec, NULL};
    char *text = capture(argv, len);
    free(spec);
    if (text) {
        *from = "git (the last commit)";
        return text;
    }
    char *copy = pristine_path(a, e);
    int r = util_read_file(copy, UTIL_FILE_MAX, &text, len);
    free(copy);
    if (r == 0) {
        *from = "the copy kept when the workbook first saw it";
        return text;
    }
    return NULL;
}

/* Keeps a first copy of the stub where there is no git to restore it from. */
void cmd_keep_pristine(app *a, const catalog_exercise *e)
{
    char *git = xasprintf("%s/.git", a->root);
    bool has_git = access(git, F_OK) == 0;
    free(git);
    if (has_git)
        return;
    char *copy = pristine_path(a, e);
    if (!cmd_is_file(copy)) {
        char *text;
        size_t len;
        if (util_read_file(e->source, UTIL_FILE_MAX, &text, &len) == 0) {
            char *dir = xstrndup(copy, (size_t)(strrchr(copy, '/') - copy));
            if (util_mkdirs(dir, 0755) == 0)
                util_write_file_atomic(copy, text, len);
            free(dir);
            free(text);
        }
    }
    free(copy);
}

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
    char *stub = original_stub(a, e, &len, &from);
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
