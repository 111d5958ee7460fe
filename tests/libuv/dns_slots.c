/*
 * What lesson 10 says of DNS lookups, checked on each libuv: they share the thread pool
 * through a queue of their own, "slow I/O", of which at most (threads + 1) / 2 run at
 * once (slow_work_thread_threshold in src/threadpool.c, since libuv 1.23.1).
 *
 * A lookup of localhost is answered in microseconds, too quickly to show a limit, so this
 * program stands in for a slow name server: its own getaddrinfo, which libuv's pool
 * threads call instead of the C library's (the program's definition comes first in the
 * symbol lookup), waits 100 ms and then asks the real one. On a pool of 4, four such
 * lookups take two rounds (~200 ms) where four 100 ms jobs take one (~100 ms): two slots.
 * It prints both times and the ratio's verdict; exit 0 when the lookups took two rounds.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define LOOKUPS 4
#define WAIT_MS 100

typedef int (*getaddrinfo_fn)(const char *, const char *, const struct addrinfo *,
                              struct addrinfo **);

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res)
{
    getaddrinfo_fn real = (getaddrinfo_fn)dlsym(RTLD_NEXT, "getaddrinfo");
    uv_sleep(WAIT_MS); /* the slow name server */
    return real(node, service, hints, res);
}

static uint64_t start;
static uint64_t last_lookup, last_job;
static int lookups_ok;

static void looked_up(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
    (void)req;
    last_lookup = uv_hrtime() / 1000000 - start;
    lookups_ok += status == 0;
    uv_freeaddrinfo(res);
}

static void job(uv_work_t *req)
{
    (void)req;
    uv_sleep(WAIT_MS);
}

static void job_done(uv_work_t *req, int status)
{
    (void)req;
    (void)status;
    last_job = uv_hrtime() / 1000000 - start;
}

int main(void)
{
    setenv("UV_THREADPOOL_SIZE", "4", 1);
    uv_loop_t loop;
    uv_loop_init(&loop);

    /* Four lookups alone on the pool, then four jobs alone: each round on an idle pool. */
    uv_getaddrinfo_t lookups[LOOKUPS];
    start = uv_hrtime() / 1000000;
    for (int i = 0; i < LOOKUPS; i++)
        uv_getaddrinfo(&loop, &lookups[i], looked_up, "localhost", NULL, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);

    uv_work_t jobs[LOOKUPS];
    start = uv_hrtime() / 1000000;
    for (int i = 0; i < LOOKUPS; i++)
        uv_queue_work(&loop, &jobs[i], job, job_done);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);

    /* Two slots: the lookups take two rounds, the jobs one. Halfway between is 1.5. */
    int two_rounds = last_lookup >= last_job * 3 / 2;
    printf("libuv %s: %d lookups done at %llu ms, %d jobs at %llu ms: %s\n", uv_version_string(),
           LOOKUPS, (unsigned long long)last_lookup, LOOKUPS, (unsigned long long)last_job,
           two_rounds ? "two lookups at a time" : "the lookups were not limited to two");
    return two_rounds && lookups_ok == LOOKUPS ? 0 : 1;
}
