/*
 * The child for runner_line_latency_ms_p95: it prints lines that carry the moment
 * they were written, "t_ns=N line K", N on CLOCK_MONOTONIC (the clock uv_hrtime()
 * reads), one every 10 ms. The workbook runs it as a lesson and, for each line,
 * measures from that stamp to the frame that drew it.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define LINES 60
#define GAP_MS 10

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct timespec gap = {.tv_sec = 0, .tv_nsec = GAP_MS * 1000000L};
    for (int k = 1; k <= LINES; k++) {
        printf("t_ns=%llu line %d\n", (unsigned long long)now_ns(), k);
        nanosleep(&gap, NULL);
    }
    return 0;
}
