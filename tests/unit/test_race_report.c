/*
 * Unit tests for runner/check/race_report.c and race_words.c: ThreadSanitizer's reports, as
 * clang 14 + Archer wrote them here (the logs in tests/unit/race/, with the programs that made
 * them), read into accesses, threads and variables, and put into a student's words.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "race_report.h"
#include "util.h"

/* The folder of this file, where the captured logs are (the tests run from the top). */
static char *fixture(const char *name)
{
    const char *slash = strrchr(__FILE__, '/');
    int dir = slash ? (int)(slash - __FILE__) : 0;
    char *path = xasprintf("%.*s%srace/%s", dir, __FILE__, dir ? "/" : "", name);
    char *text;
    size_t len;
    if (util_read_file(path, 1 << 20, &text, &len) < 0)
        fail_msg("cannot read %s", path);
    free(path);
    return text;
}

static race_log *parse_fixture(const char *name, const char *source)
{
    char *text = fixture(name);
    race_log *l = race_log_parse(text, strlen(text), source);
    free(text);
    return l;
}

/* The source's lines, split in place (the array and the text are freed together). */
static char **split_lines(char *text, size_t *n)
{
    char **lines = xcalloc(strlen(text) + 2, sizeof *lines);
    *n = 0;
    for (char *s = text; s && *s;) {
        lines[(*n)++] = s;
        s = strchr(s, '\n');
        if (s)
            *s++ = '\0';
    }
    return lines;
}

static void test_openmp_best_two_races(void **state)
{
    (void)state;
    race_log *l = parse_fixture("omp-best.log", "tests/exercises/1-racy-best.c");
    assert_int_equal(l->n, 2);
    assert_int_equal(race_log_races(l), 2);
    assert_null(l->fatal);

    const race_report *r = &l->reports[0];
    assert_string_equal(r->kind, "data race");
    assert_int_equal(r->memory, RACE_MEMORY_GLOBAL);
    assert_string_equal(r->global, "best_steps");
    assert_int_equal(r->naccess, 2);
    /* A read on a team thread, then the write on the main thread it raced with. */
    assert_false(r->access[0].write);
    assert_int_equal(r->access[0].line, 40);
    assert_int_equal(r->access[0].column, 21);
    assert_int_equal(r->access[0].tid, 1);
    assert_int_equal(r->access[0].who, RACE_THREAD_TEAM);
    assert_true(r->access[0].in_openmp);
    assert_string_equal(r->access[0].func, ".omp_outlined._debug__");
    assert_true(r->access[1].write);
    assert_int_equal(r->access[1].line, 41);
    assert_int_equal(r->access[1].who, RACE_THREAD_MAIN);

    r = &l->reports[1];
    assert_string_equal(r->global, "best_n");
    assert_true(r->access[0].write && r->access[1].write);
    assert_int_equal(r->access[0].line, 42);
    assert_int_equal(r->access[1].line, 42);

    char *what, *fix;
    race_log_describe(l, "1-racy-best.c", NULL, 0, &what, &fix);
    assert_string_equal(what, "`best_steps` is written at 1-racy-best.c:41 and read at "
                              "1-racy-best.c:40 by the main thread and an OpenMP thread with "
                              "nothing ordering them; `best_n` is written at 1-racy-best.c:42 "
                              "by the main thread and an OpenMP thread at once: the result "
                              "depends on timing");
    assert_non_null(strstr(fix, "reduction"));
    assert_non_null(strstr(fix, "#pragma omp critical"));
    assert_non_null(strstr(fix, "atomic"));
    assert_null(strstr(fix, "uv_mutex_t"));
    free(what);
    free(fix);
    race_log_free(l);
}

static void test_a_frame_is_the_students_by_its_file(void **state)
{
    (void)state;
    /* Another file of the same report's program: no line of the student's is named. */
    race_log *l = parse_fixture("omp-best.log", "exercises/1-collatz/collatz.c");
    assert_int_equal(race_log_races(l), 2);
    assert_int_equal(l->reports[0].access[0].line, 0);
    assert_null(l->reports[0].access[0].func);
    char *what, *fix;
    race_log_describe(l, "collatz.c", NULL, 0, &what, &fix);
    assert_non_null(strstr(what, "`best_steps` is written and read by the main thread"));
    free(what);
    free(fix);
    race_log_free(l);
}

static void test_openmp_sum_on_a_pool_thread(void **state)
{
    (void)state;
    race_log *l = parse_fixture("omp-sum-in-pool.log", "3-racy-sum.c");
    assert_int_equal(race_log_races(l), 1);
    const race_report *r = &l->reports[0];
    assert_int_equal(r->memory, RACE_MEMORY_STACK);
    assert_null(r->global);
    /* T5 came from libomp (a team member), T1 from libuv (the pool thread that started
       the parallel region). */
    assert_int_equal(r->access[0].who, RACE_THREAD_TEAM);
    assert_int_equal(r->access[1].who, RACE_THREAD_POOL);
    assert_int_equal(r->access[0].line, 60);
    assert_int_equal(r->access[0].column, 19);

    /* A local has no name in the report: the source line gives it. */
    const char *lines[60] = {0};
    for (int i = 0; i < 60; i++)
        lines[i] = "";
    lines[59] = "            total += x * x;";
    char *what, *fix;
    race_log_describe(l, "3-racy-sum.c", lines, 60, &what, &fix);
    assert_string_equal(what, "`total` is written at 3-racy-sum.c:60 by an OpenMP thread and a "
                              "libuv pool thread at once: the result depends on timing");
    assert_non_null(strstr(fix, "reduction(+: sum)"));
    assert_null(strstr(fix, "after-work"));
    free(what);
    free(fix);
    race_log_describe(l, "3-racy-sum.c", NULL, 0, &what, &fix);
    assert_non_null(strstr(what, "a local variable is written at 3-racy-sum.c:60"));
    free(what);
    free(fix);
    race_log_free(l);
}

/* A local of main() shared into an OpenMP region: ThreadSanitizer says "stack of main thread",
   then "global '??'" for the same memory; the verdict names the variable from its line. */
static void test_openmp_local_of_main(void **state)
{
    (void)state;
    race_log *l = parse_fixture("omp-local.log", "tests/unit/race/omp-local.c");
    assert_int_equal(race_log_races(l), 2);
    for (size_t i = 0; i < l->n; i++) {
        assert_int_equal(l->reports[i].memory, RACE_MEMORY_STACK);
        assert_null(l->reports[i].global);
    }
    char *text = fixture("omp-local.c");
    size_t n;
    char **lines = split_lines(text, &n);
    char *what, *fix;
    race_log_describe(l, "omp-local.c", (const char *const *)lines, n, &what, &fix);
    assert_null(strstr(what, "??"));
    assert_non_null(strstr(what, "`total` is written at omp-local.c:24"));
    assert_non_null(strstr(what, "`best_steps` is written at omp-local.c:29"));
    free(what);
    free(fix);
    free(lines);
    free(text);
    race_log_free(l);
}

static void test_pthreads_on_the_heap(void **state)
{
    (void)state;
    race_log *l = parse_fixture("pt.log", "/elsewhere/pt.c");
    assert_int_equal(race_log_races(l), 1);
    const race_report *r = &l->reports[0];
    assert_int_equal(r->memory, RACE_MEMORY_HEAP);
    assert_int_equal(r->alloc_line, 17);
    assert_int_equal(r->access[0].who, RACE_THREAD_OWN);
    assert_int_equal(r->access[1].who, RACE_THREAD_OWN);
    assert_int_equal(r->access[1].tid, 1);
    assert_false(r->access[0].in_openmp);

    char *src = fixture("pt.c");
    size_t n;
    char **lines = split_lines(src, &n);
    char *what, *fix;
    race_log_describe(l, "pt.c", (const char *const *)lines, n, &what, &fix);
    assert_string_equal(what, "`c->hits` is written at pt.c:11 by two of your threads at once: "
                              "the result depends on timing");
    assert_non_null(strstr(fix, "pthread_mutex_t"));
    assert_null(strstr(fix, "omp"));
    free(what);
    free(fix);
    race_log_describe(l, "pt.c", NULL, 0, &what, &fix);
    assert_non_null(strstr(what, "the memory allocated at pt.c:17 is written at pt.c:11"));
    free(what);
    free(fix);
    free(lines);
    free(src);
    race_log_free(l);
}

static void test_pool_against_the_loop(void **state)
{
    (void)state;
    race_log *l = parse_fixture("uvr.log", "uvr.c");
    assert_int_equal(race_log_races(l), 1);
    const race_report *r = &l->reports[0];
    assert_string_equal(r->global, "result");
    assert_true(r->access[0].write);
    assert_int_equal(r->access[0].who, RACE_THREAD_POOL);
    assert_false(r->access[1].write);
    assert_int_equal(r->access[1].who, RACE_THREAD_MAIN);
    assert_int_equal(r->access[1].line, 20);
    assert_string_equal(r->access[1].func, "tick");
    char *what, *fix;
    race_log_describe(l, "uvr.c", NULL, 0, &what, &fix);
    assert_string_equal(what, "`result` is written at uvr.c:10 and read at "
                              "uvr.c:20 by the main thread and a libuv pool thread "
                              "with nothing ordering them: the result depends on timing");
    assert_non_null(strstr(fix, "after-work callback"));
    assert_null(strstr(fix, "omp"));
    free(what);
    free(fix);
    race_log_free(l);
}

static void test_other_reports_and_fatal(void **state)
{
    (void)state;
    const char *text = "==================\n"
                       "WARNING: ThreadSanitizer: thread leak (pid=77)\n"
                       "  Thread T1 (tid=78, finished) created by main thread at:\n"
                       "    #0 pthread_create <null> (leak+0x513ad)\n"
                       "    #1 main /w/leak.c:9:5 (leak+0xd0120)\n"
                       "\n"
                       "SUMMARY: ThreadSanitizer: thread leak /w/leak.c:9:5 in main\n"
                       "==================\n"
                       "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f00-0x7f10\n";
    race_log *l = race_log_parse(text, strlen(text), "leak.c");
    assert_int_equal(l->n, 1);
    assert_int_equal(race_log_races(l), 0);
    assert_string_equal(l->reports[0].kind, "thread leak");
    assert_int_equal(l->reports[0].first_line, 9);
    assert_string_equal(l->fatal,
                        "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f00-0x7f10");
    char *what, *fix;
    race_log_describe(l, "leak.c", NULL, 0, &what, &fix);
    assert_string_equal(what, "ThreadSanitizer reports a thread leak at leak.c:9");
    assert_non_null(strstr(fix, "pthread_join"));
    free(what);
    free(fix);
    race_log_free(l);

    /* Nothing at all, or noise: no reports, never a crash. */
    l = race_log_parse("", 0, "x.c");
    assert_int_equal(l->n, 0);
    race_log_free(l);
    const char *noise = "    #0 main x.c:1:1\nLocation is global 'x'\nPrevious write of size\n";
    l = race_log_parse(noise, strlen(noise), "x.c");
    assert_int_equal(l->n, 0);
    race_log_free(l);
}

static void test_a_torn_report_is_still_read(void **state)
{
    (void)state;
    /* Cut off in the middle (the program was killed), and a report with more accesses
       and odd frames than expected. */
    const char *text = "WARNING: ThreadSanitizer: data race (pid=1)\n"
                       "  Write of size 4 at 0x1 by thread T2 (mutexes: write M0):\n"
                       "    #0 f /a/b/x.c (x+0x1)\n"
                       "    #1 g /a/b/./x.c:7:3 (x+0x2)\n"
                       "    #2 <null> <null> (libfoo.so+0x3)\n"
                       "  Previous atomic read of size 4 at 0x1 by main thread:\n"
                       "    #0 h /a/b/x.c:9 (x+0x4)\n"
                       "  Read of size 4 at 0x1 by thread T3:\n"
                       "    #0 h /a/b/x.c:99:1 (x+0x4)\n"
                       "  Location is heap block of size 4 at 0x1 allocated by thread T2:\n";
    race_log *l = race_log_parse(text, strlen(text), "x.c");
    assert_int_equal(l->n, 1);
    const race_report *r = &l->reports[0];
    assert_int_equal(r->naccess, 2);
    assert_int_equal(r->access[0].line, 7);
    assert_int_equal(r->access[0].column, 3);
    assert_string_equal(r->access[0].func, "g");
    assert_int_equal(r->access[0].who, RACE_THREAD_UNKNOWN);
    assert_true(r->access[1].atomic);
    assert_int_equal(r->access[1].line, 9);
    assert_int_equal(r->access[1].column, 0);
    assert_int_equal(r->memory, RACE_MEMORY_HEAP);
    char *what, *fix;
    race_log_describe(l, "x.c", NULL, 0, &what, &fix);
    assert_string_equal(what, "memory on the heap is written at x.c:7 and read at x.c:9 by "
                              "the main thread and another thread with nothing ordering them: "
                              "the result depends on timing");
    free(what);
    free(fix);
    race_log_free(l);
}

static void name_is(const char *line, int column, const char *want)
{
    char out[64];
    race_name_at(line, column, out, sizeof out);
    assert_string_equal(out, want);
}

static void test_names_from_the_source(void **state)
{
    (void)state;
    name_is("        if (s > best) {", 17, "best");
    name_is("            best = s;", 18, "best");
    name_is("            total += x * x;", 19, "total");
    name_is("        c->hits++;", 16, "c->hits");
    name_is("    *best_n = my_n;", 13, "best_n");
    name_is("    a[i].x = 1;", 12, "a[i].x");
    name_is("    y = s.f->g[2];", 9, "s.f->g[2]");
    name_is("    x = 1;", 1, "");
    name_is("    x = 1;", 40, "");
    name_is("    = 1;", 6, "");
    name_is("3 + 4", 3, "");
    name_is(NULL, 1, "");
    char tiny[4];
    race_name_at("    counter = 1;", 5, tiny, sizeof tiny);
    assert_string_equal(tiny, "cou");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openmp_best_two_races),
        cmocka_unit_test(test_a_frame_is_the_students_by_its_file),
        cmocka_unit_test(test_openmp_sum_on_a_pool_thread),
        cmocka_unit_test(test_openmp_local_of_main),
        cmocka_unit_test(test_pthreads_on_the_heap),
        cmocka_unit_test(test_pool_against_the_loop),
        cmocka_unit_test(test_other_reports_and_fatal),
        cmocka_unit_test(test_a_torn_report_is_still_read),
        cmocka_unit_test(test_names_from_the_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
