/*
 * A stopwatch in whole milliseconds, shared by the lesson programs.
 *
 * Every program prints times as whole milliseconds since its start, truncated
 * (never rounded), so that the runner can compare them with the expected ones.
 *
 * Programs with a libuv loop take every reading from libuv's own clock. Timers
 * count from the loop's cached time (uv_now), which libuv takes from the clock
 * that uv_hrtime() reads (on Linux, CLOCK_MONOTONIC, or its coarse variant when
 * that one ticks at least every millisecond). Starting the stopwatch from uv_now
 * and reading it with uv_hrtime means a timer due at 50 ms can never print 49,
 * on any platform libuv runs on.
 */
#ifndef STOPWATCH_H
#define STOPWATCH_H

#include <stdint.h>
#include <time.h>

#ifdef UV_VERSION_MAJOR
/* The start of a loop program: the loop's clock, freshly updated. */
static inline uint64_t stopwatch_start_loop(uv_loop_t *loop)
{
    uv_update_time(loop);
    return uv_now(loop);
}
#endif

/* Whole milliseconds on a monotonic clock: libuv's when the program uses libuv,
   so that the times compare with uv_now(); CLOCK_MONOTONIC otherwise. */
static inline uint64_t stopwatch_now(void)
{
#ifdef UV_VERSION_MAJOR
    return uv_hrtime() / 1000000;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
#endif
}

/* The start of a program without a loop. */
static inline uint64_t stopwatch_start(void)
{
    return stopwatch_now();
}

/* Whole milliseconds since start, truncated. */
static inline uint64_t stopwatch_ms(uint64_t start)
{
    return stopwatch_now() - start;
}

#endif
