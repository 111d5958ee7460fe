/*
 * A sweep (sweepjob.h): the runs one after another, each started from a timer so that a
 * runjob is never freed or started from inside its own callbacks.
 */
#include "sweepjob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct sweepjob {
    uv_loop_t *loop;
    runnable r;
    char root[4096];
    knobset_range range;
    knobset fixed;
    expect_machine machine;
    void (*changed)(void *ctx, size_t i);
    void *ctx;
    uv_timer_t next; /* starts the next run outside runjob's callbacks */
    runjob *job;
    plot_point pts[SWEEPJOB_MAX_POINTS];
    bool held[SWEEPJOB_MAX_POINTS];
    size_t n, total;
    bool done, closing;
    char error[512];
    char plot_name[64];
};

static void start_run(sweepjob *s);

static void on_next(uv_timer_t *t)
{
    sweepjob *s = t->data;
    runjob_free(s->job);
    s->job = NULL;
    start_run(s);
}

static void on_done(void *ctx)
{
    sweepjob *s = ctx;
    runjob *j = s->job;
    const child_status *st = runjob_status(j);
    const expect_result *res = runjob_result(j);
    if (!runjob_build_ok(j)) {
        snprintf(s->error, sizeof s->error, "%s did not build: `workbook run` shows why",
                 s->r.name);
        s->done = true;
        s->changed(s->ctx, s->n);
        return;
    }
    expect_plot_point v;
    expect_plot_values(runjob_expect(j), res, &s->machine, &v);
    const char *name = runjob_expect(j) ? expect_plot_name(runjob_expect(j)) : NULL;
    if (name)
        snprintf(s->plot_name, sizeof s->plot_name, "%s", name);
    size_t i = s->n++;
    s->pts[i] = (plot_point){.x = s->range.from + (int)i * s->range.step,
                             .has_measured = v.has_measured,
                             .has_expected = v.has_expected,
                             .has_ideal = v.has_ideal,
                             .measured = v.measured,
                             .expected = v.expected,
                             .ideal = v.ideal};
    s->held[i] = !st->spawn_failed && st->exit_code == 0 && !st->timed_out && res && res->passed;
    s->done = s->n == s->total;
    if (!s->done)
        uv_timer_start(&s->next, on_next, 0, 0);
    s->changed(s->ctx, i);
}

static void start_run(sweepjob *s)
{
    knobset k = s->fixed;
    char value[24];
    snprintf(value, sizeof value, "%d", s->range.from + (int)s->n * s->range.step);
    knobset_put(&k, s->range.name, value);
    runjob_options o = runnable_job_options(&s->r, s->root);
    o.cols = 100;
    o.rows = 30;
    o.machine = &s->machine;
    o.knobs = &k;
    /* Built by the first run: the others only change what the program reads. */
    if (s->n > 0)
        o.make_dir = NULL;
    runjob_events ev = {.on_done = on_done, .ctx = s};
    if (runjob_start(s->loop, &o, &ev, &s->job, s->error, sizeof s->error) < 0) {
        s->job = NULL;
        s->done = true;
        s->changed(s->ctx, s->n);
    }
}

static void on_first(uv_timer_t *t)
{
    start_run(t->data);
}

int sweepjob_start(uv_loop_t *loop, const sweepjob_options *o, sweepjob **out, char *err,
                   size_t errlen)
{
    int rc = knobset_range_fits(&o->range, SWEEPJOB_MAX_POINTS, err, errlen);
    if (rc < 0)
        return rc;
    size_t total = (size_t)((o->range.to - o->range.from) / o->range.step) + 1;
    sweepjob *s = xcalloc(1, sizeof *s);
    s->loop = loop;
    s->r = (runnable){
        .name = xstrdup(o->r->name),
        .source = o->r->source ? xstrdup(o->r->source) : NULL,
        .binary = xstrdup(o->r->binary),
        .arg = o->r->arg ? xstrdup(o->r->arg) : NULL,
        .make_dir = o->r->make_dir ? xstrdup(o->r->make_dir) : NULL,
        .makefile = o->r->makefile ? xstrdup(o->r->makefile) : NULL,
        .expect_path = o->r->expect_path ? xstrdup(o->r->expect_path) : NULL,
    };
    snprintf(s->root, sizeof s->root, "%s", o->root);
    s->range = o->range;
    if (o->fixed)
        s->fixed = *o->fixed;
    s->machine = *o->machine;
    s->machine.observed = NULL;
    s->changed = o->changed;
    s->ctx = o->ctx;
    s->total = total;
    uv_timer_init(loop, &s->next);
    s->next.data = s;
    /* The first run starts from the loop too, so that changed() never comes from here. */
    uv_timer_start(&s->next, on_first, 0, 0);
    *out = s;
    return 0;
}

size_t sweepjob_points(const sweepjob *s, const plot_point **pts, const bool **held)
{
    *pts = s->pts;
    if (held)
        *held = s->held;
    return s->n;
}

size_t sweepjob_total(const sweepjob *s)
{
    return s->total;
}

bool sweepjob_done(const sweepjob *s)
{
    return s->done;
}

const char *sweepjob_error(const sweepjob *s)
{
    return s->error;
}

const char *sweepjob_plot_name(const sweepjob *s)
{
    return s->plot_name[0] ? s->plot_name : NULL;
}

static void on_closed(uv_handle_t *h)
{
    sweepjob *s = h->data;
    runnable_free(&s->r);
    free(s);
}

void sweepjob_free(sweepjob *s)
{
    if (!s || s->closing)
        return;
    s->closing = true;
    s->done = true;
    runjob_free(s->job); /* a running job is killed and freed when it ends */
    s->job = NULL;
    uv_timer_stop(&s->next);
    uv_close((uv_handle_t *)&s->next, on_closed);
}
