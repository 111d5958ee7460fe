/*
 * Observer fixture: a flood on both sides. The program calls uv_async_send 400,000 times
 * from the loop thread, each of which the observer logs: far more than its size cap, so
 * its log must stop at the cap and say "cut". Then it writes 200,000 numbered lines to
 * stdout, which must be the same bytes as unobserved. (The checker cuts the output at
 * its own cap and stops the program there: the sends come first so that the log is full
 * by then.)
 */
#include <stdio.h>
#include <uv.h>

#define SENDS 400000

static uv_async_t wake;

static void on_wake(uv_async_t *async)
{
    uv_close((uv_handle_t *)async, NULL);
}

static void on_tick(uv_timer_t *timer)
{
    for (int i = 0; i < SENDS; i++)
        uv_async_send(&wake);
    uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_async_init(&loop, &wake, on_wake);
    uv_timer_t tick;
    uv_timer_init(&loop, &tick);
    uv_timer_start(&tick, on_tick, 0, 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    for (int i = 0; i < 200000; i++)
        printf("line %d of the flood\n", i);
    return uv_loop_close(&loop) == 0 ? 0 : 1;
}
