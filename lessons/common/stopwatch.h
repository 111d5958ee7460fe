/*
 * A stopwatch in whole milliseconds, shared by the lesson programs.
 *
 * Every program prints times as whole milliseconds since its start, truncated
 * (never rounded), so that the runner can compare them with the expected ones.
 *
 * Programs with a libuv loop start the stopwatch from the loop's own clock:
 * libuv counts timers from its cached time (uv_now), so taking the start from
 * that same clock means a timer due at 50 ms can never print 49.
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

/* Milliseconds on the monotonic clock, the one libuv's uv_now() also reads. */
static inline uint64_t stopwatch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
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
