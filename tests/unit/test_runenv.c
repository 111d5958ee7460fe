/* Unit tests for runner/runenv.c: the checker's environment for a run. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "runenv.h"
#include "util.h"

extern char **environ;

static void test_drops(void **state)
{
    (void)state;
    /* What changes an exercise's behaviour goes. */
    assert_true(runenv_drops("OMP_NUM_THREADS=1"));
    assert_true(runenv_drops("OMP_DYNAMIC=true"));
    assert_true(runenv_drops("OMP_THREAD_LIMIT=1"));
    assert_true(runenv_drops("OMP_PROC_BIND=close"));
    assert_true(runenv_drops("GOMP_SPINCOUNT=0"));
    assert_true(runenv_drops("KMP_BLOCKTIME=0"));
    assert_true(runenv_drops("UV_THREADPOOL_SIZE=2"));
    assert_true(runenv_drops("LANG=de_DE.UTF-8"));
    assert_true(runenv_drops("LC_NUMERIC=de_DE.UTF-8"));
    /* The rest stays, names that only begin alike too. */
    assert_false(runenv_drops("PATH=/usr/bin"));
    assert_true(runenv_drops("UV_USE_IO_URING=1"));
    assert_false(runenv_drops("UV_THREADPOOL_SIZE_X=2"));
    assert_false(runenv_drops("LANGX=1"));
    assert_false(runenv_drops("HOME=/root"));
}

static char **env_of(const char *const *entries)
{
    size_t n = 0;
    while (entries[n])
        n++;
    char **env = xcalloc(n + 1, sizeof *env);
    for (size_t i = 0; i < n; i++)
        env[i] = xstrdup(entries[i]);
    return env;
}

static size_t count(char **env, const char *prefix)
{
    size_t n = 0;
    for (; *env; env++)
        n += strncmp(*env, prefix, strlen(prefix)) == 0;
    return n;
}

static void free_env(char **env)
{
    for (size_t i = 0; env[i]; i++)
        free(env[i]);
    free(env);
}

static void test_apply(void **state)
{
    (void)state;
    const char *const shell[] = {"PATH=/usr/bin",        "OMP_NUM_THREADS=1", "LANG=de_DE.UTF-8",
                                 "UV_THREADPOOL_SIZE=3", "LD_PRELOAD=/x.so",  NULL};
    char **env = runenv_apply(env_of(shell), 4);
    assert_int_equal(count(env, "OMP_"), 0); /* OpenMP's default: a team per core */
    assert_int_equal(count(env, "UV_THREADPOOL_SIZE="), 0);
    assert_int_equal(count(env, "LANG="), 0);
    assert_int_equal(count(env, "LC_ALL=C"), 1);
    assert_int_equal(count(env, "UV_USE_IO_URING=0"), 1); /* the pool, on every libuv */
    assert_int_equal(count(env, "PATH=/usr/bin"), 1);
    assert_int_equal(count(env, "LD_PRELOAD=/x.so"), 1);
    free_env(env);

    /* One core: a team of two, said outright, whatever the shell said. */
    env = runenv_apply(env_of(shell), 1);
    assert_int_equal(count(env, "OMP_NUM_THREADS=2"), 1);
    assert_int_equal(count(env, "OMP_NUM_THREADS="), 1);
    free_env(env);
    assert_int_equal(runenv_omp_threads(1), 2);
    assert_int_equal(runenv_omp_threads(8), 8);
}

static void test_describe(void **state)
{
    (void)state;
    unsetenv("UV_USE_IO_URING");
    unsetenv("LD_LIBRARY_PATH");
    for (char **e = environ; *e;)
        if (runenv_drops(*e)) {
            char *name = xstrndup(*e, strcspn(*e, "="));
            unsetenv(name);
            free(name);
        } else {
            e++;
        }
    assert_null(runenv_describe());
    /* The locale is set for every run: a shell's own is no news. */
    setenv("LANG", "de_DE.UTF-8", 1);
    assert_null(runenv_describe());
    setenv("OMP_NUM_THREADS", "1", 1);
    char *s = runenv_describe();
    assert_non_null(s);
    assert_non_null(strstr(s, "ignored OMP_NUM_THREADS=1 from your environment"));
    free(s);
    setenv("UV_USE_IO_URING", "1", 1);
    s = runenv_describe();
    assert_non_null(strstr(s, ", UV_USE_IO_URING=1 from your environment"));
    free(s);
    unsetenv("OMP_NUM_THREADS");
    unsetenv("UV_USE_IO_URING");
    setenv("LD_LIBRARY_PATH", "/opt/libuv/lib", 1);
    s = runenv_describe();
    assert_string_equal(s, "the run kept LD_LIBRARY_PATH=/opt/libuv/lib from your environment");
    free(s);
    unsetenv("LD_LIBRARY_PATH");
    unsetenv("LANG");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drops),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
