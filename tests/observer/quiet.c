/*
 * Observer fixture: a program that prints nothing and calls every function the observer
 * wraps once: uv_run, uv_queue_work (whose job sleeps 5 ms and runs an OpenMP region of
 * two threads), a thread of its own that sleeps 5 ms and sends to an async handle and is
 * joined, and timers: two one-shot ones and a repeating one closed at its first tick,
 * all three waiting together, and a heartbeat that ticks three times (no wait). Observed,
 * it must still print nothing, on stdout or stderr; its facts are in quiet.expect.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <uv.h>

static uv_async_t wake;
static volatile int team;

static void work(uv_work_t *req)
{
    (void)req;
    uv_sleep(5);
#pragma omp parallel num_threads(2)
    {
#pragma omp atomic
        team++;
    }
}

static void after_work(uv_work_t *req, int status)
{
    (void)req;
    (void)status;
}

static void *own_thread(void *arg)
{
    (void)arg;
    usleep(5000);
    uv_async_send(&wake);
    return NULL;
}

static void on_wake(uv_async_t *async)
{
    uv_close((uv_handle_t *)async, NULL);
}

static void on_timer(uv_timer_t *timer)
{
    uv_close((uv_handle_t *)timer, NULL);
}

static int ticks;

static void on_tick(uv_timer_t *timer)
{
    if (++ticks == 3)
        uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_async_init(&loop, &wake, on_wake);
    pthread_t thread;
    if (pthread_create(&thread, NULL, own_thread, NULL) != 0)
        return 1;
    uv_work_t req;
    uv_queue_work(&loop, &req, work, after_work);
    uv_timer_t timers[3];
    for (int i = 0; i < 3; i++) {
        uv_timer_init(&loop, &timers[i]);
        uv_timer_start(&timers[i], on_timer, 10, i == 2 ? 10 : 0);
    }
    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_tick, 2, 2);
    uv_run(&loop, UV_RUN_DEFAULT);
    pthread_join(thread, NULL);
    return uv_loop_close(&loop) == 0 && team == 2 ? 0 : 1;
}
