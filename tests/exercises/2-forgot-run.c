/*
 * Known-wrong program for exercise 2: uv_run forgotten.
 *
 * Everything is set up correctly, the heartbeat armed and the hash queued with
 * uv_queue_work, but main never calls uv_run. Timers and after-work callbacks only
 * run inside uv_run, so nothing is printed at all; C does not warn, and the program
 * exits 0 (only uv_loop_close notices, with UV_EBUSY, and this program ignores it).
 *
 * The loop and the job are static here on purpose. With them on main's stack, as in
 * the stub, the same mistake ends differently on libuv 1.44: at exit, libuv waits
 * for the queued hash to finish, and its pool thread then reaches for a request and
 * a loop that no longer exist, so the program dies of SIGABRT or SIGSEGV about
 * 150 ms after it started. Static ones outlive main, so this fixture always exits 0
 * with no output.
 *
 * expect-verdict: uv_run
 * expect-exit: 1
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

static uint64_t start_ms;

static uint64_t elapsed_ms(void)
{
    return uv_hrtime() / 1000000 - start_ms;
}

static uint64_t slow_hash(const char *password)
{
    uv_sleep(150);
    uint64_t h = 0;
    for (const unsigned char *p = (const unsigned char *)password; *p != '\0'; p++)
        h = h * 31 + *p;
    return h;
}

struct hash_job {
    uv_work_t req;
    const char *password;
    uint64_t hash;
};

static void hash_work(uv_work_t *req)
{
    struct hash_job *job = req->data;
    job->hash = slow_hash(job->password);
}

static void hash_done(uv_work_t *req, int status)
{
    struct hash_job *job = req->data;
    if (status == 0)
        printf("hash = %" PRIu64 " at %" PRIu64 " ms\n", job->hash, elapsed_ms());
}

static int beats;

static void on_heartbeat(uv_timer_t *timer)
{
    beats++;
    printf("heartbeat %d at %" PRIu64 " ms\n", beats, elapsed_ms());
    if (beats == 2)
        uv_close((uv_handle_t *)timer, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    static uv_loop_t loop;
    uv_loop_init(&loop);
    uv_update_time(&loop);
    start_ms = uv_now(&loop);

    uv_timer_t heartbeat;
    uv_timer_init(&loop, &heartbeat);
    uv_timer_start(&heartbeat, on_heartbeat, 50, 50);

    static struct hash_job job = {.password = "hunter2"};
    job.req.data = &job;
    uv_queue_work(&loop, &job.req, hash_work, hash_done);

    /* Missing: uv_run(&loop, UV_RUN_DEFAULT); */
    uv_loop_close(&loop);
    return 0;
}
