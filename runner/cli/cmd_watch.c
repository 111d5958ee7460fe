/*
 * `workbook watch N [FILE]`: check the file again each time it is saved, on one libuv
 * loop, until Ctrl-C. The folder is watched with uv_fs_event, or the file polled with
 * uv_fs_poll where events do not work (or WORKBOOK_WATCH_POLL is set).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "app.h"
#include "check.h"
#include "cmd_exercise.h"
#include "util.h"
#include "verb.h"
#include "verdict.h"

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
    cmd_print_verdict(w->a, w->e, v, VERDICT_TEXT);
    if (v->passed)
        cmd_record_pass(w->a, w->e, w->file);
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
    if (!cmd_is_file(w->file)) {
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

static int cmd_watch(app *a, int argc, char **argv)
{
    cmd_request req;
    if (cmd_check_args(a, argc, argv, &verb_watch, &req))
        return EXIT_USAGE;
    cmd_keep_pristine(a, req.e->dirname, req.e->source);
    const catalog_exercise *e = req.e;
    const char *file = req.file;

    uv_loop_t loop;
    if (uv_loop_init(&loop) < 0) {
        fprintf(stderr, "workbook watch: cannot start an event loop\n");
        return EXIT_USAGE;
    }
    watcher w = {.a = a, .e = e, .file = file, .loop = &loop};
    cmd_options_for(a, e, file, &w.o);
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
    cmd_options_release(&w.o);
    free(w.base);
    if (r < 0) {
        fprintf(stderr, "workbook watch: handles left open (%s)\n", uv_strerror(r));
        return EXIT_USAGE;
    }
    return EXIT_PASS;
}

const verb_entry verb_watch = {
    .name = "watch",
    .run = cmd_watch,
    .usage = "watch N [FILE]",
    .help = {{"watch N [FILE]", "check again on every save"}},
};
