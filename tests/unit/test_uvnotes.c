/*
 * What `workbook doctor` says a libuv version changes: io_uring for file calls from 1.45
 * to 1.48 on Linux 5.10.186 and newer, unless UV_USE_IO_URING=0; the timer order from 1.45.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "uvnotes.h"

#define V(major, minor, patch) ((unsigned)((major) << 16 | (minor) << 8 | (patch)))

/* Whether one of the notes for these facts contains text. */
static int says(unsigned version, const char *kernel, const char *env, const char *text)
{
    const char *notes[4];
    size_t n = uvnotes_for(version, kernel, env, notes, 4);
    for (size_t i = 0; i < n; i++)
        if (strstr(notes[i], text))
            return 1;
    return 0;
}

static void test_io_uring_only_from_1_45_to_1_48(void **state)
{
    (void)state;
    assert_false(says(V(1, 40, 0), "6.1.0", NULL, "io_uring"));
    assert_false(says(V(1, 44, 2), "6.1.0", NULL, "io_uring"));
    assert_true(says(V(1, 45, 0), "6.1.0", NULL, "go to the kernel's io_uring"));
    assert_true(says(V(1, 48, 0), "6.18.44-fc-v1300", NULL, "go to the kernel's io_uring"));
    assert_false(says(V(1, 49, 0), "6.1.0", NULL, "io_uring"));
    assert_false(says(V(1, 52, 1), "6.1.0", NULL, "io_uring"));
}

static void test_io_uring_needs_the_kernel_and_no_opt_out(void **state)
{
    (void)state;
    assert_true(says(V(1, 48, 0), "5.10.185", NULL, "stay on the thread pool"));
    assert_true(says(V(1, 48, 0), "5.10.186", NULL, "go to the kernel's io_uring"));
    assert_true(says(V(1, 48, 0), "6.1.0", "0", "off (UV_USE_IO_URING=0"));
    assert_true(says(V(1, 48, 0), "6.1.0", "1", "go to the kernel's io_uring"));
    /* Not Linux: no io_uring at all. */
    assert_false(says(V(1, 48, 0), NULL, NULL, "io_uring"));
}

static void test_kernel_versions(void **state)
{
    (void)state;
    assert_false(uvnotes_kernel_has_io_uring("4.19.0-25-amd64"));
    assert_false(uvnotes_kernel_has_io_uring("5.10.0"));
    assert_true(uvnotes_kernel_has_io_uring("5.15"));
    assert_true(uvnotes_kernel_has_io_uring("6.1.0-18-amd64"));
    assert_false(uvnotes_kernel_has_io_uring("garbage"));
    assert_false(uvnotes_kernel_has_io_uring(NULL));
}

static void test_timer_order_from_1_45(void **state)
{
    (void)state;
    assert_false(says(V(1, 44, 2), "6.1.0", NULL, "timers"));
    assert_true(says(V(1, 45, 0), "6.1.0", NULL, "after the poll"));
    assert_true(says(V(1, 52, 1), NULL, NULL, "after the poll"));
}

static void test_max_is_kept(void **state)
{
    (void)state;
    const char *notes[1] = {NULL};
    assert_int_equal(uvnotes_for(V(1, 48, 0), "6.1.0", NULL, notes, 1), 1);
    assert_int_equal(uvnotes_for(V(1, 48, 0), "6.1.0", NULL, notes, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_io_uring_only_from_1_45_to_1_48),
        cmocka_unit_test(test_io_uring_needs_the_kernel_and_no_opt_out),
        cmocka_unit_test(test_kernel_versions),
        cmocka_unit_test(test_timer_order_from_1_45),
        cmocka_unit_test(test_max_is_kept),
    };
    return cmocka_run_group_tests_name("uvnotes", tests, NULL, NULL);
}
