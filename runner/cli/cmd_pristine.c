/*
 * The programs as the workbook shipped them (cmd_exercise.h): from git when the
 * workbook is a checkout, else from a first copy kept in the progress folder the first
 * time a verb saw the file. `reset` restores from here.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

/* Where the first copy of source (in folder dirname) is kept. */
static char *pristine_path(app *a, const char *dirname, const char *source)
{
    progress *p = cmd_open_progress(a);
    char *path = xasprintf("%s/pristine/%s/%s", progress_dir(p), dirname, util_base_name(source));
    progress_free(p);
    return path;
}

char *cmd_original(app *a, const char *dirname, const char *source, size_t *len, const char **from)
{
    size_t root_len = strlen(a->root);
    const char *rel = strncmp(source, a->root, root_len) == 0 && source[root_len] == '/'
                          ? source + root_len + 1
                          : source;
    char *spec = xasprintf("HEAD:%s", rel);
    const char *argv[] = {"git", "-C", a->root, "show", spec, NULL};
    char *text = capture(argv, len);
    free(spec);
    if (text) {
        *from = "git (the last commit)";
        return text;
    }
    char *copy = pristine_path(a, dirname, source);
    int r = util_read_file(copy, UTIL_FILE_MAX, &text, len);
    free(copy);
    if (r == 0) {
        *from = "the copy kept when the workbook first saw it";
        return text;
    }
    return NULL;
}

void cmd_keep_pristine(app *a, const char *dirname, const char *source)
{
    char *git = xasprintf("%s/.git", a->root);
    bool has_git = access(git, F_OK) == 0;
    free(git);
    if (has_git)
        return;
    char *copy = pristine_path(a, dirname, source);
    if (!cmd_is_file(copy)) {
        char *text;
        size_t len;
        if (util_read_file(source, UTIL_FILE_MAX, &text, &len) == 0) {
            char *dir = xstrndup(copy, (size_t)(strrchr(copy, '/') - copy));
            if (util_mkdirs(dir, 0755) == 0)
                util_write_file_atomic(copy, text, len);
            free(dir);
            free(text);
        }
    }
    free(copy);
}
