/*
 * The student's verbs: `workbook check`, `hint`, `watch`, `reset` and `solution`.
 *
 * A student's file is read, compiled and run, never written, except by `reset`,
 * which asks first and keeps a backup.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "app.h"
#include "check.h"
#include "progress.h"
#include "report.h"
#include "util.h"
#include "verdict.h"

extern char **environ;

const catalog_exercise *cmd_exercise_arg(app *a, const char *verb, const char *key)
{
    const catalog_exercise *e = key ? catalog_find_exercise(a->cat, key) : NULL;
    if (e)
        return e;
    if (key)
        fprintf(stderr, "workbook %s: there is no exercise '%s'.", verb, key);
    else
        fprintf(stderr, "workbook %s: which exercise?", verb);
    fprintf(stderr, " The exercises are:\n");
    for (size_t i = 0; i < a->cat->nexercises; i++)
        fprintf(stderr, "  %d  %s\n", a->cat->exercises[i].number, a->cat->exercises[i].slug);
    if (!a->cat->nexercises)
        fprintf(stderr, "  (none: %s/exercises/ is empty)\n", a->root);
    return NULL;
}

/* Opens the progress, telling the user on stderr when it had to be rebuilt. */
static progress *open_progress(app *a)
{
    char *warning;
    progress *p = progress_open(a->root, NULL, &warning);
    if (warning) {
        fprintf(stderr, "workbook: %s\n", warning);
        free(warning);
    }
    return p;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether two paths name the same file. */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* The options every check of exercise e uses. The strings are the caller's to free
   (check_options_release). */
static void options_for(app *a, const catalog_exercise *e, const char *file, check_options *o)
{
    *o = (check_options){
        .source = file,
        .expect_path = e->expect_path,
        .build_dir = xasprintf("%s/build/check/%s", a->root, e->dirname),
        .include_dir = xasprintf("%s/lessons/common", a->root),
    };
}

static void options_release(check_options *o)
{
    free((char *)o->build_dir);
    free((char *)o->include_dir);
}

/* Remembers a pass of the student's own file. */
static void record_pass(app *a, const catalog_exercise *e, const char *file)
{
    if (!same_file(file, e->source))
        return;
    progress *p = open_progress(a);
    if (!progress_passed(p, e->number)) {
        progress_set_passed(p, e->number);
        progress_save(p);
    }
    progress_free(p);
}

static char *exercise_title(const catalog_exercise *e)
{
    return xasprintf("exercise %d, %s", e->number, e->slug);
}

static void print_verdict(app *a, const catalog_exercise *e, const check_verdict *v,
                          verdict_format f)
{
    if (f == VERDICT_TAP) {
        verdict_print_tap(stdout, v);
    } else if (f == VERDICT_JSON) {
        verdict_print_json(stdout, v, e->number);
    } else {
        report_style s = report_style_for(a->color);
        char *title = exercise_title(e);
        verdict_print_text(stdout, v, title, &s);
        free(title);
    }
    fflush(stdout);
}

static int exit_code_of(const check_verdict *v)
{
    return v->error ? EXIT_USAGE : v->passed ? EXIT_PASS : EXIT_FAILED;
}

/* Parses "N [FILE] [--format F]" (and --format=F). Returns 0 or EXIT_USAGE. */
static int parse_check_args(int argc, char **argv, const char *usage, const char **key,
                            const char **file, verdict_format *f)
{
    *key = *file = NULL;
    *f = VERDICT_TEXT;
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *fmt = NULL;
        if (options && strcmp(argv[i], "--") == 0)
            options = false;
        else if (!options && !*key)
            *key = argv[i];
        else if (!options && !*file)
            *file = argv[i];
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            fmt = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0)
            fmt = argv[i] + 9;
        else if (options && argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "workbook %s: unknown option '%s'\nusage: %s\n", argv[0], argv[i],
                    usage);
            return EXIT_USAGE;
        } else if (!*key)
            *key = argv[i];
        else if (!*file)
            *file = argv[i];
        else {
            fprintf(stderr, "workbook %s: too many arguments\nusage: %s\n", argv[0], usage);
            return EXIT_USAGE;
        }
        if (fmt && verdict_parse_format(fmt, f) < 0) {
            fprintf(stderr, "workbook %s: --format is text, tap or json, not '%s'\n", argv[0], fmt);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The file to check: FILE when given (it must exist), else the exercise's. */
static const char *file_arg(const catalog_exercise *e, const char *file, const char *verb)
{
    if (!file)
        file = e->source;
    if (!is_file(file)) {
        fprintf(stderr, "workbook %s: no file %s%s\n", verb, file,
                file == e->source ? " (restore it with: git checkout -- that path)" : "");
        return NULL;
    }
    return file;
}

static bool expectations_present(const catalog_exercise *e, const char *verb)
{
    if (is_file(e->expect_path))
        return true;
    fprintf(stderr, "workbook %s: exercise %d has no expectations (%s is missing)\n", verb,
            e->number, e->expect_path);
    return false;
}

static void keep_pristine(app *a, const catalog_exercise *e);

int cmd_check(app *a, int argc, char **argv)
{
    const char *usage = "workbook check N [FILE] [--format text|tap|json]";
    const char *key, *file;
    verdict_format f;
    if (parse_check_args(argc, argv, usage, &key, &file, &f))
        return EXIT_USAGE;
    const catalog_exercise *e = cmd_exercise_arg(a, "check", key);
    if (!e)
        return EXIT_USAGE;
    if (!(file = file_arg(e, file, "check")) || !expectations_present(e, "check"))
        return EXIT_USAGE;

    keep_pristine(a, e);
    check_options o;
    options_for(a, e, file, &o);
    check_verdict *v = check_file(&o);
    options_release(&o);
    print_verdict(a, e, v, f);
    if (v->error)
        fprintf(stderr, "workbook check: %s\n", v->error);
    if (v->passed) {
        record_pass(a, e, file);
        if (f == VERDICT_TEXT && same_file(file, e->source))
            printf("\nWell done. Compare with the reference: workbook solution %d\n", e->number);
    } else if (f == VERDICT_TEXT && !v->error) {
        printf("\nStuck? workbook hint %d shows the next hint.\n", e->number);
    }
    int rc = exit_code_of(v);
    check_verdict_free(v);
    return rc;
}

/* hint */

int cmd_hint(app *a, int argc, char **argv)
{
    bool all = false;
    const char *key = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--all") == 0)
            all = true;
        else if (!key && argv[i][0] != '-')
            key = argv[i];
        else {
            fprintf(stderr, "usage: workbook hint N [--all]\n");
            return EXIT_USAGE;
        }
    }
    const catalog_exercise *e = cmd_exercise_arg(a, "hint", key);
    if (!e)
        return EXIT_USAGE;
    char *md;
    size_t len;
    int r = util_read_file(e->hints, 1 << 20, &md, &len);
    if (r < 0) {
        fprintf(stderr, "workbook hint: cannot read %s: %s\n", e->hints, strerror(-r));
        return EXIT_USAGE;
    }
    char **hints;
    size_t n = verdict_hints_split(md, len, &hints);
    free(md);
    progress *p = open_progress(a);
    int shown = progress_hints(p, e->number);
    if (shown > (int)n)
        shown = (int)n;
    if (all) {
        if (!shown)
            printf("No hints shown yet for exercise %d. workbook hint %d shows the first.\n",
                   e->number, e->number);
        for (int i = 0; i < shown; i++)
            printf("%sHint %d of %zu\n\n%s\n", i ? "\n" : "", i + 1, n, hints[i]);
    } else if (shown >= (int)n) {
        printf("No more hints for exercise %d: you have seen all %zu (workbook hint %d --all "
               "shows them again).\nThe task itself: %s\n",
               e->number, n, e->number, e->readme);
    } else {
        printf("Hint %d of %zu for exercise %d, %s\n\n%s\n", shown + 1, n, e->number, e->slug,
               hints[shown]);
        if (shown + 1 < (int)n)
            printf("\n(workbook hint %d shows the next one.)\n", e->number);
        progress_set_hints(p, e->number, shown + 1);
        int w = progress_save(p);
        if (w < 0)
            fprintf(stderr, "workbook hint: cannot save progress in %s: %s\n", progress_dir(p),
                    strerror(-w));
    }
    progress_free(p);
    verdict_hints_free(hints, n);
    return EXIT_PASS;
}

/* solution */

int cmd_solution(app *a, int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: workbook solution N\n");
        return EXIT_USAGE;
    }
    const catalog_exercise *e = cmd_exercise_arg(a, "solution", argv[1]);
    if (!e)
        return EXIT_USAGE;
    progress *p = open_progress(a);
    bool passed = progress_passed(p, e->number);
    progress_free(p);
    if (!passed) {
        printf("The reference solution of exercise %d opens once your own passes.\n"
               "Check it with: make check-exercise %d   (or: workbook check %d)\n"
               "Stuck? workbook hint %d\n",
               e->number, e->number, e->number, e->number);
        return EXIT_FAILED;
    }
    char *text;
    size_t len;
    int r = util_read_file(e->solution, 1 << 20, &text, &len);
    if (r < 0) {
        fprintf(stderr, "workbook solution: cannot read %s: %s\n", e->solution, strerror(-r));
        return EXIT_USAGE;
    }
    printf("The reference solution of exercise %d (%s):\n\n", e->number, e->solution);
    fwrite(text, 1, len, stdout);
    free(text);
    return EXIT_PASS;
}

/* reset */

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
    progress *p = open_progress(a);
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
    int r = util_read_file(copy, 1 << 20, &text, len);
    free(copy);
    if (r == 0) {
        *from = "the copy kept when the workbook first saw it";
        return text;
    }
    return NULL;
}

/* Keeps a first copy of the stub where there is no git to restore it from. */
static void keep_pristine(app *a, const catalog_exercise *e)
{
    char *git = xasprintf("%s/.git", a->root);
    bool has_git = access(git, F_OK) == 0;
    free(git);
    if (has_git)
        return;
    char *copy = pristine_path(a, e);
    if (!is_file(copy)) {
        char *text;
        size_t len;
        if (util_read_file(e->source, 1 << 20, &text, &len) == 0) {
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
    bool yes = false;
    const char *key = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
            yes = true;
        else if (!key && argv[i][0] != '-')
            key = argv[i];
        else {
            fprintf(stderr, "usage: workbook reset N [--yes]\n");
            return EXIT_USAGE;
        }
    }
    const catalog_exercise *e = cmd_exercise_arg(a, "reset", key);
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

    progress *p = open_progress(a);
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

/* watch */

typedef struct watcher {
    app *a;
    const catalog_exercise *e;
    const char *file;
    char *base; /* the file's name in its folder */
    check_options o;
    uv_loop_t *loop;
    uv_fs_event_t event;
    uv_fs_poll_t poll;
    bool polling;
    uv_timer_t debounce;
    uv_signal_t sigint, sigterm;
    check *running;
    bool again; /* a save came while a check ran */
    bool stopping;
    int checks;
} watcher;

static void start_watch_check(watcher *w);

static void watch_done(void *ctx, check_verdict *v)
{
    watcher *w = ctx;
    w->running = NULL;
    if (w->stopping) {
        check_verdict_free(v);
        return;
    }
    if (isatty(STDOUT_FILENO))
        fputs("\033[H\033[2J", stdout);
    w->checks++;
    print_verdict(w->a, w->e, v, VERDICT_TEXT);
    if (v->passed)
        record_pass(w->a, w->e, w->file);
    char when[16];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%H:%M:%S", localtime(&now));
    printf("\n[%s] watching %s%s: save it to check again, Ctrl-C to stop.\n", when, w->file,
           w->polling ? " (polling)" : "");
    fflush(stdout);
    check_verdict_free(v);
    if (w->again) {
        w->again = false;
        start_watch_check(w);
    }
}

static void start_watch_check(watcher *w)
{
    if (w->stopping)
        return;
    if (w->running) {
        w->again = true;
        return;
    }
    if (!is_file(w->file)) {
        /* An editor is between deleting and writing: the next event brings it back. */
        return;
    }
    char err[512];
    if (check_start(w->loop, &w->o, watch_done, w, &w->running, err, sizeof err) < 0) {
        printf("cannot check: %s\n", err);
        fflush(stdout);
    }
}

static void on_debounce(uv_timer_t *t)
{
    start_watch_check(t->data);
}

/* Editors save in bursts (write, rename, chmod): wait for the burst to end. */
static void saw_change(watcher *w)
{
    uv_timer_start(&w->debounce, on_debounce, 150, 0);
}

static void on_fs_event(uv_fs_event_t *h, const char *name, int events, int status)
{
    (void)events;
    watcher *w = h->data;
    if (status < 0 || (name && strcmp(name, w->base) != 0))
        return;
    saw_change(w);
}

static void on_fs_poll(uv_fs_poll_t *h, int status, const uv_stat_t *prev, const uv_stat_t *curr)
{
    (void)status;
    (void)prev;
    (void)curr;
    saw_change(h->data);
}

static void on_stop_signal(uv_signal_t *s, int signum)
{
    (void)signum;
    watcher *w = s->data;
    if (w->stopping)
        return;
    w->stopping = true;
    if (w->running)
        check_cancel(w->running);
    uv_close((uv_handle_t *)&w->debounce, NULL);
    uv_close((uv_handle_t *)&w->sigint, NULL);
    uv_close((uv_handle_t *)&w->sigterm, NULL);
    if (w->polling)
        uv_close((uv_handle_t *)&w->poll, NULL);
    else
        uv_close((uv_handle_t *)&w->event, NULL);
    printf("\nStopped watching %s.\n", w->file);
    fflush(stdout);
}

int cmd_watch(app *a, int argc, char **argv)
{
    const char *usage = "workbook watch N [FILE]";
    const char *key, *file;
    verdict_format f;
    if (parse_check_args(argc, argv, usage, &key, &file, &f))
        return EXIT_USAGE;
    const catalog_exercise *e = cmd_exercise_arg(a, "watch", key);
    if (!e)
        return EXIT_USAGE;
    if (!(file = file_arg(e, file, "watch")) || !expectations_present(e, "watch"))
        return EXIT_USAGE;
    keep_pristine(a, e);

    uv_loop_t loop;
    if (uv_loop_init(&loop) < 0) {
        fprintf(stderr, "workbook watch: cannot start an event loop\n");
        return EXIT_USAGE;
    }
    watcher w = {.a = a, .e = e, .file = file, .loop = &loop};
    options_for(a, e, file, &w.o);
    const char *slash = strrchr(file, '/');
    w.base = xstrdup(slash ? slash + 1 : file);
    char *dir = slash ? xstrndup(file, (size_t)(slash - file)) : xstrdup(".");
    if (!*dir) {
        free(dir);
        dir = xstrdup("/");
    }

    uv_timer_init(&loop, &w.debounce);
    w.debounce.data = &w;
    uv_signal_init(&loop, &w.sigint);
    uv_signal_init(&loop, &w.sigterm);
    w.sigint.data = w.sigterm.data = &w;
    uv_signal_start(&w.sigint, on_stop_signal, SIGINT);
    uv_signal_start(&w.sigterm, on_stop_signal, SIGTERM);

    /* Watch the folder, not the file: editors save by writing a new file and renaming
       it over the old one, which a watch on the old file would miss. */
    uv_fs_event_init(&loop, &w.event);
    w.event.data = &w;
    if (!getenv("WORKBOOK_WATCH_POLL") && uv_fs_event_start(&w.event, on_fs_event, dir, 0) == 0) {
        w.polling = false;
    } else {
        uv_close((uv_handle_t *)&w.event, NULL);
        uv_fs_poll_init(&loop, &w.poll);
        w.poll.data = &w;
        uv_fs_poll_start(&w.poll, on_fs_poll, file, 500);
        w.polling = true;
    }
    free(dir);

    start_watch_check(&w);
    uv_run(&loop, UV_RUN_DEFAULT);
    int r = uv_loop_close(&loop);
    options_release(&w.o);
    free(w.base);
    if (r < 0) {
        fprintf(stderr, "workbook watch: handles left open (%s)\n", uv_strerror(r));
        return EXIT_USAGE;
    }
    return EXIT_PASS;
}
