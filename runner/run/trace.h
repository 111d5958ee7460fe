/*
 * Trace export: a run's events, spans and output lines as Chrome trace-event JSON
 * (the format Perfetto and chrome://tracing open). One process per variant: thread 0
 * holds what its expectations mark and its output lines, and each thread the observer
 * saw (loop, pool, OpenMP team, the program's own) is a thread under its real id, with
 * its blocking and work as spans. Times in microseconds since the program's start.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "timeline.h"

/* One output line and when it arrived. */
typedef struct trace_line {
    const char *text;
    double t_ms;
} trace_line;

/* One variant's run: its marks (name, events, spans) and its output lines. */
typedef struct trace_thread {
    const timeline_variant *v;
    const trace_line *lines;
    size_t nlines;
} trace_thread;

/* Writes the JSON object {"traceEvents": [...], "displayTimeUnit": "ms"} to out:
   a span is a complete event (ph "X", ts and dur; category "span" for the expectations',
   "blocked", "job" or "openmp" for a thread's), an event an instant (ph "i") with its
   wanted time and lateness in args, an output line an instant in category "output", and
   metadata (ph "M") names each process and thread. Returns 0 or -errno. */
int trace_write(FILE *out, const char *process_name, const trace_thread *t, size_t n);

#endif
