/*
 * Presentation mode's model (present_show.h).
 */
#include "present_show.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "companion.h"
#include "knobset.h"
#include "machine.h"
#include "runjob.h"
#include "util.h"

#define REPLAY_GAP_MS 300 /* between two recorded programs */
#define SHOW_MAX_LINES 512

/* One program of the current item and its run. */
typedef struct program {
    struct present_show *show;
    runnable r;      /* its name as shown and as named in the deck: "blocked",
                        "busy_loop.mjs (node)"; its source for the code step */
    expect_file *ef; /* the expectations plus the deck's marks */
    runjob *job;     /* live */
    char **rlines;   /* recorded */
    double *rt;
    size_t rn;
    bool done;
} program;

struct present_show {
    const app *a;
    uv_loop_t *loop;
    bool replay;
    void (*changed)(void *ctx);
    void *ctx;
    present_deck deck;
    size_t item;
    program p[PRESENT_MAX_PROGRAMS];
    size_t n, next;
    bool ran;
    uint64_t replay_start; /* uv_hrtime() when the recorded run started */
    uv_timer_t timer;      /* live: starts the next program; recorded: ticks the replay */
    expect_machine machine;
    char error[256];
    knobset knobs; /* the values the current item's live runs take */
};

static const present_item *cur(const present_show *s)
{
    return &s->deck.items[s->item];
}

static void program_free(program *p)
{
    runjob_free(p->job); /* a running job is killed and freed when it ends */
    expect_free(p->ef);
    present_lines_free(p->rlines, p->rn);
    free(p->rt);
    runnable_free(&p->r);
    memset(p, 0, sizeof *p);
}

/* The current item's lesson or exercise, from the catalog. */
static void item_source(const present_show *s, const catalog_lesson **l, const catalog_exercise **e)
{
    char key[16];
    snprintf(key, sizeof key, "%d", cur(s)->number);
    *l = cur(s)->exercise ? NULL : catalog_find_lesson(s->a->cat, key);
    *e = cur(s)->exercise ? catalog_find_exercise(s->a->cat, key) : NULL;
}

/* Adds r (s owns it now) to the current item's programs. */
static void add_program(present_show *s, runnable *r)
{
    if (s->n >= PRESENT_MAX_PROGRAMS) {
        runnable_free(r);
        return;
    }
    program *p = &s->p[s->n++];
    p->show = s;
    p->r = *r;
    /* The expectations plus the deck's marks, parsed once for the timeline. */
    char err[256];
    if (r->expect_path && expect_load(r->expect_path, cur(s)->marks, &p->ef, err, sizeof err) < 0)
        snprintf(s->error, sizeof s->error, "%s", err);
}

/* The recorded run of a program: assets/replay/FOLDER/NAME.txt. */
static void load_replay(present_show *s, program *p, const char *folder)
{
    char *path = xasprintf("%s/assets/replay/%s/%s.txt", s->a->root, folder, p->r.name);
    char *text;
    size_t len;
    if (util_read_file(path, UTIL_FILE_MAX, &text, &len) == 0) {
        p->rn = present_replay_parse(text, len, &p->rlines, &p->rt);
        free(text);
    } else {
        snprintf(s->error, sizeof s->error, "no recorded run: %s", path);
    }
    free(path);
}

void present_show_load(present_show *s, size_t item)
{
    for (size_t i = 0; i < s->n; i++)
        program_free(&s->p[i]);
    s->item = item;
    s->n = s->next = 0;
    s->ran = false;
    s->knobs = (knobset){0}; /* a new item is shown as written */
    s->error[0] = '\0';
    if (s->replay)
        uv_timer_stop(&s->timer);
    const catalog_lesson *l;
    const catalog_exercise *e;
    item_source(s, &l, &e);
    char *node = companion_node();
    runnable r;
    for (size_t k = 0; l && k < l->nvariants; k++) {
        runnable_variant(l, &l->variants[k], &r);
        add_program(s, &r);
        if (runnable_twin(&l->variants[k], node, &r) && node)
            add_program(s, &r);
        else
            runnable_free(&r);
    }
    if (e) {
        /* The reference solution. */
        runnable_exercise(s->a->root, e, true, &r);
        add_program(s, &r);
    }
    free(node);
    if (s->replay) {
        const char *folder = l ? l->dirname : e ? e->dirname : "";
        for (size_t i = 0; i < s->n; i++)
            load_replay(s, &s->p[i], folder);
    }
}

const char *present_show_title(const present_show *s)
{
    const catalog_lesson *l;
    const catalog_exercise *e;
    item_source(s, &l, &e);
    return l ? l->title : e ? e->title : "?";
}

size_t present_show_lines(const present_show *s, size_t i, const char ***out, double **t)
{
    static const char *texts[SHOW_MAX_LINES];
    static double times[SHOW_MAX_LINES];
    const program *p = &s->p[i];
    size_t n = 0;
    if (s->replay) {
        double offset = 0;
        for (size_t k = 0; k < i; k++)
            offset += (s->p[k].rn ? s->p[k].rt[s->p[k].rn - 1] : 0) + REPLAY_GAP_MS;
        double now = s->ran ? (uv_hrtime() - s->replay_start) / 1e6 : -1;
        for (size_t k = 0; k < p->rn && n < SHOW_MAX_LINES; k++)
            if (p->rt[k] + offset <= now)
                texts[n] = p->rlines[k], times[n++] = p->rt[k];
    } else if (p->job) {
        size_t nl;
        const runjob_line *lines = runjob_lines(p->job, &nl);
        for (size_t k = 0; k < nl && n < SHOW_MAX_LINES; k++)
            texts[n] = lines[k].text, times[n++] = (double)lines[k].t_ms;
    }
    *out = texts;
    *t = times;
    return n;
}

bool present_show_finished(const present_show *s, size_t i)
{
    const char **l;
    double *t;
    if (s->replay)
        return present_show_lines(s, i, &l, &t) == s->p[i].rn && s->ran;
    return s->p[i].done;
}

expect_result *present_show_match(const present_show *s, size_t i)
{
    const char **lines;
    double *t;
    size_t n = present_show_lines(s, i, &lines, &t);
    if (!s->p[i].ef)
        return NULL;
    return expect_match(s->p[i].ef, lines, n, present_show_finished(s, i), &s->machine);
}

static void on_job_line(void *ctx, size_t index)
{
    (void)index;
    program *p = ctx;
    p->show->changed(p->show->ctx);
}

static void on_job_done(void *ctx)
{
    program *p = ctx;
    p->done = true;
    p->show->changed(p->show->ctx);
}

static void start_next(present_show *s)
{
    while (s->next < s->n) {
        program *p = &s->p[s->next++];
        runjob_options o = runnable_job_options(&p->r, s->a->root);
        o.cols = 80;
        o.rows = 24;
        o.machine = &s->machine;
        o.knobs = &s->knobs;
        o.knobs_lenient = true;
        runjob_events ev = {.on_line = on_job_line, .on_done = on_job_done, .ctx = p};
        char err[256];
        if (runjob_start(s->loop, &o, &ev, &p->job, err, sizeof err) < 0) {
            snprintf(s->error, sizeof s->error, "%s", err);
            p->done = true;
            continue;
        }
        return;
    }
}

/* Recorded: a tick shows the lines the replay's clock has reached, until all are shown. */
static void on_replay_tick(uv_timer_t *t)
{
    present_show *s = t->data;
    bool all = true;
    for (size_t i = 0; i < s->n; i++)
        all &= present_show_finished(s, i);
    if (all)
        uv_timer_stop(t);
    s->changed(s->ctx);
}

/* Live: when the running program is done, the next one starts (polled from the timer,
   outside runjob's callbacks). */
static void on_poll(uv_timer_t *t)
{
    present_show *s = t->data;
    bool running = false;
    for (size_t i = 0; i < s->n; i++)
        running |= s->p[i].job && !s->p[i].done;
    if (!running && s->ran && s->next < s->n)
        start_next(s);
}

/* Live runs go one after another: on two cores, two at once would disturb each other's
   timings. */
void present_show_run(present_show *s)
{
    for (size_t i = 0; i < s->n; i++) {
        runjob_free(s->p[i].job);
        s->p[i].job = NULL;
        s->p[i].done = false;
    }
    s->next = 0;
    s->ran = true;
    s->replay_start = uv_hrtime();
    if (s->replay)
        uv_timer_start(&s->timer, on_replay_tick, 20, 20);
    else
        start_next(s);
}

const expect_file *present_show_expect(const present_show *s, size_t i)
{
    return s->p[i].ef;
}

int present_show_set_knobs(present_show *s, const knobset *k, char *err, size_t errlen)
{
    if (s->replay && k->n) {
        snprintf(err, errlen,
                 "a recorded run keeps its knobs: change them in a live "
                 "presentation (workbook present)");
        return -EPERM;
    }
    /* The matches follow the values too: each program's own file, with the deck's marks. */
    for (size_t i = 0; i < s->n; i++) {
        if (!s->p[i].ef)
            continue;
        expect_knob_reset(s->p[i].ef);
        int rc = knobset_apply(k, s->p[i].ef, true, err, errlen);
        if (rc == 0)
            rc =
                knobset_check_time(s->p[i].ef, &s->machine,
                                   expect_timeout(s->p[i].ef, RUNJOB_DEFAULT_TIMEOUT), err, errlen);
        if (rc < 0) {
            for (size_t j = 0; j <= i; j++)
                if (s->p[j].ef)
                    knobset_apply(&s->knobs, s->p[j].ef, true, err, 0);
            return rc;
        }
    }
    s->knobs = *k;
    return 0;
}

bool present_show_ran(const present_show *s)
{
    return s->ran;
}

bool present_show_busy(const present_show *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->p[i].job && !s->p[i].done)
            return true;
    return s->ran && !s->replay && s->next < s->n;
}

bool present_show_number(const present_show *s, char *buf, size_t size)
{
    const present_item *it = cur(s);
    if (!it->num_variant || !s->ran)
        return false;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->p[i].r.name, it->num_variant) != 0)
            continue;
        expect_result *r = present_show_match(s, i);
        double v = 0;
        bool ok = r && expect_result_capture(r, it->num_name, &v);
        for (size_t k = 0; r && !ok && k < r->nrows; k++)
            if (r->rows[k].kind == EXPECT_ROW_LET && r->rows[k].has_value &&
                strcmp(r->rows[k].subject, it->num_name) == 0)
                v = r->rows[k].value, ok = true;
        expect_result_free(r);
        return ok && present_format_number(it->num_format, v, buf, size);
    }
    return false;
}

size_t present_show_timeline(const present_show *s, timeline_variant *tv)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char **lines;
        double *t;
        size_t nl = present_show_lines(s, i, &lines, &t);
        expect_result *r = present_show_match(s, i);
        if (r && timeline_variant_init(&tv[n], s->p[i].r.name, s->p[i].ef, r, &s->machine,
                                       nl ? t[nl - 1] : 0) == 0) {
            /* A live run has its threads; a replay has none recorded. */
            if (s->p[i].job)
                timeline_variant_add_lanes(&tv[n], runjob_observed(s->p[i].job));
            n++;
        }
        expect_result_free(r);
    }
    return n;
}

present_show *present_show_new(const app *a, uv_loop_t *loop, bool replay,
                               void (*changed)(void *ctx), void *ctx)
{
    present_show *s = xcalloc(1, sizeof *s);
    s->a = a;
    s->loop = loop;
    s->replay = replay;
    s->changed = changed;
    s->ctx = ctx;
    machine_facts(&s->machine);
    uv_timer_init(loop, &s->timer);
    s->timer.data = s;
    char *path = xasprintf("%s/assets/present.txt", a->root);
    char *text;
    size_t len;
    if (util_read_file(path, UTIL_FILE_MAX, &text, &len) < 0) {
        snprintf(s->error, sizeof s->error, "cannot read %s", path);
    } else {
        if (present_deck_parse(text, len, &s->deck, s->error, sizeof s->error) < 0)
            s->deck.n = 0;
        free(text);
    }
    free(path);
    if (s->deck.n)
        present_show_load(s, 0);
    /* Live runs: a poll starts the next program when one is done. */
    if (!replay)
        uv_timer_start(&s->timer, on_poll, 50, 50);
    return s;
}

static void on_closed(uv_handle_t *h)
{
    present_show *s = h->data;
    present_deck_free(&s->deck);
    free(s);
}

void present_show_close(present_show *s)
{
    for (size_t i = 0; i < s->n; i++)
        program_free(&s->p[i]);
    uv_close((uv_handle_t *)&s->timer, on_closed);
}

const present_deck *present_show_deck(const present_show *s)
{
    return &s->deck;
}

const char *present_show_error(const present_show *s)
{
    return s->error;
}

const expect_machine *present_show_machine(const present_show *s)
{
    return &s->machine;
}

size_t present_show_count(const present_show *s)
{
    return s->n;
}

const runnable *present_show_program(const present_show *s, size_t i)
{
    return &s->p[i].r;
}
