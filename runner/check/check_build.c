/*
 * The step before the program runs: compiling the file.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_internal.h"
#include "toolchain.h"
#include "util.h"

const char *check__libuv_flags(void)
{
    static char flags[512];
    if (flags[0])
        return flags;
    FILE *p = popen("pkg-config --cflags --libs libuv 2>/dev/null", "r");
    if (p) {
        if (!fgets(flags, sizeof flags, p))
            flags[0] = '\0';
        pclose(p);
    }
    flags[strcspn(flags, "\n")] = '\0';
    if (!flags[0])
        snprintf(flags, sizeof flags, "-luv");
    return flags;
}

void check_strip_color(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\033' && r[1] == '[') {
            r += 2;
            while (*r && !(*r >= 0x40 && *r <= 0x7e))
                r++;
            if (*r)
                r++;
        } else if (r[0] == '\033' && r[1] == ']') {
            r += 2;
            while (*r && *r != '\a' && !(r[0] == '\033' && r[1] == '\\'))
                r++;
            if (*r == '\a')
                r++;
            else if (*r)
                r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

int check__start_compile(check *c)
{
    /* The compiler and flags lesson.mk uses (toolchain.c), then what every build of the
       file shares (check__argv_tail); check_start has made sure the toolchain is usable.
       The toolchain's libraries also come before the file, for what the tail lacks (Apple
       clang's -lomp); libuv's are repeated after it, where a linker that drops unneeded
       libraries wants them. */
    const toolchain *t = toolchain_cached();
    if (!t)
        return UV_EINVAL;
    const char *argv[CHECK_ARGV_MAX];
    int n = 0;
    char *words = xasprintf("%s %s %s", t->cc, t->cflags, t->libs), *save;
    for (char *w = strtok_r(words, " ", &save); w && n < CHECK_ARGV_MAX - 16;
         w = strtok_r(NULL, " ", &save))
        argv[n++] = w;
    char *keep[CHECK_ARGV_KEEP];
    check__argv_tail(c, argv, n, c->binary, keep);
    c->step = STEP_COMPILE;
    int r = check__spawn(c, argv, NULL, CHECK_COMPILE_TIMEOUT, CHILD_COMPILE, NULL);
    check__argv_free(keep);
    free(words);
    return r;
}

void check__argv_tail(const check *c, const char **argv, int n, const char *out,
                      char *keep[CHECK_ARGV_KEEP])
{
    argv[n++] = "-fdiagnostics-color=never";
    char *inc = keep[0] = c->include_dir ? xasprintf("-I%s", c->include_dir) : NULL;
    if (inc)
        argv[n++] = inc;
    /* The program runs in the build folder, so a relative __FILE__ (a program that
       opens its own source, as exercise 5 does) is made to name the file from anywhere;
       the compiler's messages still name it the way the student does. */
    char *abs = keep[1] = c->display[0] != '/' ? realpath(c->display, NULL) : NULL;
    char *prefix_map = keep[2] =
        abs ? xasprintf("-fmacro-prefix-map=%s=%s", c->display, abs) : NULL;
    if (prefix_map)
        argv[n++] = prefix_map;
    argv[n++] = "-o";
    argv[n++] = out;
    /* The compiler runs in our folder and names the file the way the student does. */
    argv[n++] = c->display;
    char *flags = keep[3] = xstrdup(check__libuv_flags());
    char *save;
    for (char *f = strtok_r(flags, " ", &save); f && n < CHECK_ARGV_MAX - 2;
         f = strtok_r(NULL, " ", &save))
        argv[n++] = f;
    argv[n++] = "-lm";
    argv[n] = NULL;
}

void check__argv_free(char *keep[CHECK_ARGV_KEEP])
{
    for (int i = 0; i < CHECK_ARGV_KEEP; i++)
        free(keep[i]);
}

void check__after_compile(check *c, const child_status *st)
{
    if (st->spawn_failed) {
        char *msg = xasprintf("cannot run the C compiler (%s): %s; install it (make deps) or "
                              "choose another with CC=gcc or CC=clang",
                              toolchain_cached()->cc, uv_strerror(st->spawn_error));
        check__finish(c, msg);
        free(msg);
        return;
    }
    check__hide_foreign(c, &c->build);
    c->compiled = check__status_ok(st) && access(c->binary, X_OK) == 0;
    if (!c->compiled) {
        char *m = NULL;
        if (st->timed_out)
            m = xasprintf("the compiler did not finish in %g s", CHECK_COMPILE_TIMEOUT);
        else if (st->memory_capped)
            m = xasprintf("the compiler was stopped at its memory limit (%llu MiB): does the file "
                          "#include a device or a very large file?",
                          (unsigned long long)(st->rss_limit >> 20));
        if (m) {
            check__strlist_add(&c->build, m, strlen(m));
            free(m);
        }
        check__finish(c, NULL);
        return;
    }
    check__start_run(c);
}
