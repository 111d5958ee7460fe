/*
 * Chrome trace-event JSON (trace.h).
 */
#include "trace.h"

#include <errno.h>
#include <math.h>

#include "json.h"

/* Microseconds, never negative (a span computed from a capture can start before 0). */
static long long us(double ms)
{
    return ms <= 0 ? 0 : llround(ms * 1000.0);
}

static void begin(FILE *out, bool *first, const char *ph, const char *name, int tid)
{
    fputs(*first ? "\n  {" : ",\n  {", out);
    *first = false;
    fprintf(out, "\"ph\": \"%s\", \"pid\": 1, \"tid\": %d, \"name\": ", ph, tid);
    json_write_string(out, name);
}

int trace_write(FILE *out, const char *process_name, const trace_thread *t, size_t n)
{
    bool first = true;
    fputs("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [", out);
    begin(out, &first, "M", "process_name", 0);
    fputs(", \"args\": {\"name\": ", out);
    json_write_string(out, process_name ? process_name : "workbook");
    fputs("}}", out);
    for (size_t i = 0; i < n; i++) {
        int tid = (int)i + 1;
        const timeline_variant *v = t[i].v;
        begin(out, &first, "M", "thread_name", tid);
        fputs(", \"args\": {\"name\": ", out);
        json_write_string(out, v && v->name ? v->name : "run");
        fputs("}}", out);
        for (size_t k = 0; v && k < v->nmarks; k++) {
            const expect_mark *m = &v->marks[k];
            if (m->span && m->has_from && m->has_to) {
                double a = fmin(m->from, m->to), b = fmax(m->from, m->to);
                begin(out, &first, "X", m->label, tid);
                fprintf(out, ", \"cat\": \"span\", \"ts\": %lld, \"dur\": %lld}", us(a),
                        us(b) - us(a));
            } else if (!m->span && m->has_at) {
                begin(out, &first, "i", m->label, tid);
                fprintf(out, ", \"cat\": \"event\", \"s\": \"t\", \"ts\": %lld", us(m->at));
                if (m->has_wanted)
                    fprintf(out, ", \"args\": {\"wanted_ms\": %.3f, \"late_ms\": %.3f}", m->wanted,
                            m->at - m->wanted);
                fputc('}', out);
            }
        }
        for (size_t k = 0; k < t[i].nlines; k++) {
            begin(out, &first, "i", t[i].lines[k].text, tid);
            fprintf(out, ", \"cat\": \"output\", \"s\": \"t\", \"ts\": %lld}",
                    us(t[i].lines[k].t_ms));
        }
    }
    fputs("\n]}\n", out);
    fflush(out);
    return ferror(out) ? -EIO : 0;
}
