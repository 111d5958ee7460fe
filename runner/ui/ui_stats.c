/*
 * The workbook measuring itself by what it teaches: how late its own loop runs (a
 * repeating timer that notes its lateness), how long the first frame took, and how
 * long a child's line takes to reach the screen. The status line shows the lag;
 * WORKBOOK_STATS receives all of it at exit, for `make bench`.
 */
#include "ui_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The lag probe's period, and how many samples the status line summarises. */
#define UI_PROBE_MS 50
#define UI_PROBE_WINDOW 200

static struct {
    bool headless;
    uv_timer_t probe_timer;

    /* The lag probe: how late each tick of a repeating timer ran, in µs. */
    uint64_t probe_last_ns;
    uint32_t *lags;
    size_t nlags, lags_cap;

    /* First frame and child-line-to-screen latency. */
    uint64_t start_ns, first_frame_ns;
    uint64_t line_pending_ns; /* the oldest line not yet on screen, or 0 */
    uint32_t *line_lat;
    size_t nline_lat, line_lat_cap;

    /* A knob change: Enter to its first line, and the program's own part of it. */
    double knob_total_ms, knob_program_ms;
    bool knob_seen;
} M;

void ui__stats_start(bool headless)
{
    memset(&M, 0, sizeof M);
    M.start_ns = uv_hrtime();
    M.headless = headless;
}

static void push_sample(uint32_t **arr, size_t *n, size_t *cap, uint32_t v)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        *arr = xrealloc(*arr, *cap * sizeof **arr);
    }
    (*arr)[(*n)++] = v;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) of the last `window` samples (0: all), in µs. */
static uint32_t percentile(const uint32_t *arr, size_t n, size_t window, double p)
{
    if (n == 0)
        return 0;
    size_t from = window && n > window ? n - window : 0;
    size_t m = n - from;
    uint32_t *tmp = xmalloc(m * sizeof *tmp);
    memcpy(tmp, arr + from, m * sizeof *tmp);
    qsort(tmp, m, sizeof *tmp, cmp_u32);
    size_t k = (size_t)(p / 100.0 * (double)(m - 1) + 0.5);
    uint32_t v = tmp[k < m ? k : m - 1];
    free(tmp);
    return v;
}

/* A repeating timer that measures its own lateness: whatever held the loop shows
   up as a tick that came late. */
static void on_probe(uv_timer_t *t)
{
    (void)t;
    uint64_t now = uv_hrtime();
    if (M.probe_last_ns) {
        int64_t late = (int64_t)(now - M.probe_last_ns) - (int64_t)UI_PROBE_MS * 1000000;
        if (late < 0)
            late = 0;
        push_sample(&M.lags, &M.nlags, &M.lags_cap, (uint32_t)(late / 1000));
        /* The status line shows it; a redraw every few ticks is enough. */
        if (M.nlags % 10 == 0 && !M.headless)
            ui_redraw();
    }
    M.probe_last_ns = now;
}

void ui_note_line(const char *text)
{
    uint64_t born = uv_hrtime();
    if (text && strncmp(text, "t_ns=", 5) == 0) {
        unsigned long long stamp = strtoull(text + 5, NULL, 10);
        if (stamp && stamp <= born)
            born = stamp;
    }
    if (!M.line_pending_ns || born < M.line_pending_ns)
        M.line_pending_ns = born;
}

void ui_note_knob_line(double total_ms, double program_ms)
{
    M.knob_total_ms = total_ms;
    M.knob_program_ms = program_ms;
    M.knob_seen = true;
}

void ui__probe_init(uv_loop_t *loop)
{
    uv_timer_init(loop, &M.probe_timer);
}

void ui__probe_start(void)
{
    uv_timer_start(&M.probe_timer, on_probe, UI_PROBE_MS, UI_PROBE_MS);
}

void ui__probe_close(void)
{
    ui__close((uv_handle_t *)&M.probe_timer);
}

void ui__probe_forget(void)
{
    M.probe_last_ns = 0;
}

void ui__stats_lag_text(char *buf, size_t size)
{
    buf[0] = '\0';
    if (M.nlags) {
        uint32_t last = M.lags[M.nlags - 1];
        uint32_t p99 = percentile(M.lags, M.nlags, UI_PROBE_WINDOW, 99);
        snprintf(buf, size, "lag %.1f ms (p99 %.1f)", last / 1000.0, p99 / 1000.0);
    }
}

void ui__stats_frame(void)
{
    uint64_t now = uv_hrtime();
    if (!M.first_frame_ns)
        M.first_frame_ns = now;
    if (M.line_pending_ns) {
        push_sample(&M.line_lat, &M.nline_lat, &M.line_lat_cap,
                    (uint32_t)((now - M.line_pending_ns) / 1000));
        M.line_pending_ns = 0;
    }
}

void ui__stats_write(const char *path)
{
    if (!path)
        return;
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "first_frame_ms %.1f\n",
            M.first_frame_ns ? (M.first_frame_ns - M.start_ns) / 1e6 : -1.0);
    /* On uv_hrtime's clock, so that a caller can count from before the exec. */
    fprintf(f, "first_frame_at_ns %llu\n", (unsigned long long)M.first_frame_ns);
    fprintf(f, "lag_samples %zu\n", M.nlags);
    fprintf(f, "lag_p50_ms %.2f\nlag_p99_ms %.2f\nlag_max_ms %.2f\n",
            percentile(M.lags, M.nlags, 0, 50) / 1000.0,
            percentile(M.lags, M.nlags, 0, 99) / 1000.0,
            percentile(M.lags, M.nlags, 0, 100) / 1000.0);
    fprintf(f, "line_samples %zu\n", M.nline_lat);
    fprintf(f, "line_to_screen_p50_ms %.2f\nline_to_screen_p95_ms %.2f\n",
            percentile(M.line_lat, M.nline_lat, 0, 50) / 1000.0,
            percentile(M.line_lat, M.nline_lat, 0, 95) / 1000.0);
    if (M.knob_seen)
        fprintf(f, "knob_first_line_ms %.2f\nknob_program_first_ms %.2f\n", M.knob_total_ms,
                M.knob_program_ms);
    fclose(f);
}

void ui__stats_free(void)
{
    free(M.lags);
    free(M.line_lat);
}
