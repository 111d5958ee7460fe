/*
 * Chrome trace-event JSON (trace.h).
 */
#include "trace.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "json.h"
#include "util.h"

/* Microseconds, never negative (a span computed from a capture can start before 0). */
static long long us(double ms)
{
    return ms <= 0 ? 0 : llround(ms * 1000.0);
}

static void begin(FILE *out, bool *first, const char *ph, const char *name, int pid, long tid)
{
    fputs(*first ? "\n  {" : ",\n  {", out);
    *first = false;
    fprintf(out, "\"ph\": \"%s\", \"pid\": %d, \"tid\": %ld, \"name\": ", ph, pid, tid);
    json_write_string(out, name);
}

static void name_meta(FILE *out, bool *first, const char *what, int pid, long tid, const char *name)
{
    begin(out, first, "M", what, pid, tid);
    fputs(", \"args\": {\"name\": ", out);
    json_write_string(out, name);
    fputs("}}", out);
}

static const char *const span_kinds[] = {[OBSERVE_SLEEP] = "blocked",
                                         [OBSERVE_WORK] = "job",
                                         [OBSERVE_OMP] = "openmp",
                                         [OBSERVE_RUN] = "loop"};

/* The variant's threads as the observer saw them, under their real ids. */
static void write_lanes(FILE *out, bool *first, int pid, const timeline_variant *v)
{
    for (size_t j = 0; v && j < v->nlanes; j++) {
        const timeline_lane *l = &v->lanes[j];
        name_meta(out, first, "thread_name", pid, l->tid, l->name);
        for (size_t b = 0; b < l->nbars; b++) {
            const observe_span *s = &l->bars[b];
            begin(out, first, "X", s->label, pid, l->tid);
            fprintf(out, ", \"cat\": \"%s\", \"ts\": %lld, \"dur\": %lld}", span_kinds[s->kind],
                    us(s->from_ms), us(s->to_ms) - us(s->from_ms));
        }
    }
}

int trace_write(FILE *out, const char *process_name, const trace_thread *t, size_t n)
{
    bool first = true;
    fputs("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [", out);
    for (size_t i = 0; i < n; i++) {
        /* A process per variant: its threads' real ids cannot collide with another run's. */
        int pid = (int)i + 1;
        const timeline_variant *v = t[i].v;
        const char *vname = v && v->name ? v->name : "run";
        char *pname = process_name ? xasprintf("%s: %s", process_name, vname) : xstrdup(vname);
        name_meta(out, &first, "process_name", pid, 0, pname);
        free(pname);
        /* Thread 0: what the expectations say (events, spans) and the output lines. */
        name_meta(out, &first, "thread_name", pid, 0, vname);
        for (size_t k = 0; v && k < v->nmarks; k++) {
            const expect_mark *m = &v->marks[k];
            if (m->span && m->has_from && m->has_to) {
                double a = fmin(m->from, m->to), b = fmax(m->from, m->to);
                begin(out, &first, "X", m->label, pid, 0);
                fprintf(out, ", \"cat\": \"span\", \"ts\": %lld, \"dur\": %lld}", us(a),
                        us(b) - us(a));
            } else if (!m->span && m->has_at) {
                begin(out, &first, "i", m->label, pid, 0);
                fprintf(out, ", \"cat\": \"event\", \"s\": \"t\", \"ts\": %lld", us(m->at));
                if (m->has_wanted)
                    fprintf(out, ", \"args\": {\"wanted_ms\": %.3f, \"late_ms\": %.3f}", m->wanted,
                            m->at - m->wanted);
                fputc('}', out);
            }
        }
        for (size_t k = 0; k < t[i].nlines; k++) {
            begin(out, &first, "i", t[i].lines[k].text, pid, 0);
            fprintf(out, ", \"cat\": \"output\", \"s\": \"t\", \"ts\": %lld}",
                    us(t[i].lines[k].t_ms));
        }
        write_lanes(out, &first, pid, v);
    }
    fputs("\n]}\n", out);
    fflush(out);
    return ferror(out) ? -EIO : 0;
}
