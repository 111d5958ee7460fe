/*
 * Observer fixture: handles used after their close callback ran, and handles made again.
 * Timer `gone` is closed; its close callback starts it again (libuv refuses: UV_EINVAL).
 * Timer `again` is closed, initialised anew at the same address in its close callback and
 * started: a handle again, not a call on a closed one. The observer must note exactly one
 * call on a closed handle (calls_on_closed_handles = 1), without reading the handle, and
 * the output must not change.
 */
#include <stdio.h>
#include <uv.h>

static uv_timer_t gone, again;

static void fired(uv_timer_t *t)
{
    printf("the timer made again fired\n");
    uv_close((uv_handle_t *)t, NULL);
}

static void gone_closed(uv_handle_t *h)
{
    int r = uv_timer_start((uv_timer_t *)h, fired, 1, 0);
    printf("starting a closed timer: %s\n", r == UV_EINVAL ? "refused" : "accepted");
}

static void again_closed(uv_handle_t *h)
{
    uv_timer_init(h->loop, (uv_timer_t *)h);
    uv_timer_start((uv_timer_t *)h, fired, 1, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_timer_init(&loop, &gone);
    uv_timer_init(&loop, &again);
    uv_close((uv_handle_t *)&gone, gone_closed);
    uv_close((uv_handle_t *)&again, again_closed);
    uv_run(&loop, UV_RUN_DEFAULT);
    printf("loop closed: %d\n", uv_loop_close(&loop));
    return 0;
}
