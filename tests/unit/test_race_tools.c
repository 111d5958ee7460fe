/*
 * Unit tests for runner/check/race_tools.c: clang, libomp and Archer are found beside each
 * other in an LLVM folder, and the overrides make each one missing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "race_tools.h"
#include "util.h"

static char root[] = "/tmp/race-tools-XXXXXX";

static void put(const char *rel, mode_t mode)
{
    char *path = xasprintf("%s/%s", root, rel);
    char *dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    assert_int_equal(util_mkdirs(dir, 0755), 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    chmod(path, mode);
    free(dir);
    free(path);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(root))
        return -1;
    /* An LLVM folder, and a bin folder whose clang links into it, as Debian has them. */
    put("llvm-99/bin/clang", 0755);
    put("llvm-99/lib/libomp.so", 0644);
    put("llvm-99/lib/libarcher.so", 0644);
    char *link = xasprintf("%s/bin/clang", root), *target = xasprintf("%s/llvm-99/bin/clang", root);
    char *bin = xasprintf("%s/bin", root);
    util_mkdirs(bin, 0755);
    int rc = symlink(target, link);
    free(link);
    free(target);
    free(bin);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", root);
    int rc = system(cmd);
    free(cmd);
    unsetenv("WORKBOOK_CLANG");
    unsetenv("WORKBOOK_ARCHER");
    return rc;
}

static void test_found_beside_clang(void **state)
{
    (void)state;
    char *path = xasprintf("%s/bin", root);
    char *old = xstrdup(getenv("PATH") ? getenv("PATH") : "");
    setenv("PATH", path, 1);
    unsetenv("WORKBOOK_CLANG");
    unsetenv("WORKBOOK_ARCHER");
    race_tools t;
    race_tools_find(&t);
    setenv("PATH", old, 1);
    char *want = xasprintf("%s/llvm-99/bin/clang", root);
    assert_string_equal(t.clang, want);
    assert_true(t.libomp);
    char *archer = xasprintf("%s/llvm-99/lib/libarcher.so", root);
    assert_string_equal(t.archer, archer);
    race_tools_free(&t);
    free(archer);
    free(want);
    free(old);
    free(path);
}

static void test_overrides_make_them_missing(void **state)
{
    (void)state;
    race_tools t;
    setenv("WORKBOOK_CLANG", "/nonexistent/clang", 1);
    race_tools_find(&t);
    assert_null(t.clang);
    assert_false(t.libomp);
    assert_null(t.archer);
    race_tools_free(&t);

    char *clang = xasprintf("%s/llvm-99/bin/clang", root);
    setenv("WORKBOOK_CLANG", clang, 1);
    setenv("WORKBOOK_ARCHER", "", 1);
    race_tools_find(&t);
    assert_string_equal(t.clang, clang);
    assert_true(t.libomp);
    assert_null(t.archer);
    race_tools_free(&t);

    /* A clang that is not executable is no clang. */
    char *plain = xasprintf("%s/llvm-99/lib/libomp.so", root);
    setenv("WORKBOOK_CLANG", plain, 1);
    race_tools_find(&t);
    assert_null(t.clang);
    race_tools_free(&t);
    free(plain);
    free(clang);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_found_beside_clang),
        cmocka_unit_test(test_overrides_make_them_missing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
