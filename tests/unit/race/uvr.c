#include <stdio.h>
#include <uv.h>

static long result;

static void work(uv_work_t *req)
{
    (void)req;
    uv_sleep(20);
    result = 42;
}

static void done(uv_work_t *req, int status)
{
    (void)req; (void)status;
}

static void tick(uv_timer_t *t)
{
    printf("result so far %ld\n", result);
    uv_close((uv_handle_t *)t, NULL);
}

int main(void)
{
    uv_loop_t *loop = uv_default_loop();
    uv_work_t req;
    uv_queue_work(loop, &req, work, done);
    uv_timer_t t;
    uv_timer_init(loop, &t);
    uv_timer_start(&t, tick, 5, 0);
    uv_run(loop, UV_RUN_DEFAULT);
    return 0;
}
