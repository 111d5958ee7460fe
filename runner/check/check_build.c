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
    /* `cc cflags ... -o OUT FILE libs`, the recipe lesson.mk uses (toolchain.sh);
       check_start has made sure the toolchain is usable. */
    const toolchain *t = toolchain_cached();
    if (!t)
        return UV_EINVAL;
    const char *argv[CHECK_ARGV_MAX];
    char *keep[CHECK_ARGV_KEEP] = {0};
    /* $CC may be "ccache gcc": its words are the command's first. */
    int n = check__argv_words(argv, 0, t->cc, &keep[3]);
    check__argv(c, argv, n, t->cflags, c->binary, t->libs, keep);
    c->step = STEP_COMPILE;
    int r = check__spawn(c, argv, NULL, CHECK_COMPILE_TIMEOUT, CHILD_COMPILE, NULL);
    check__argv_free(keep);
    return r;
}

int check__argv_words(const char **argv, int n, const char *words, char **keep)
{
    char *copy = *keep = xstrdup(words), *save;
    for (char *w = strtok_r(copy, " ", &save); w && n < CHECK_ARGV_MAX - 8;
         w = strtok_r(NULL, " ", &save))
        argv[n++] = w;
    return n;
}

void check__argv(const check *c, const char **argv, int n, const char *flags, const char *out,
                 const char *libs, char *keep[CHECK_ARGV_KEEP])
{
    n = check__argv_words(argv, n, flags, &keep[0]);
    argv[n++] = "-fdiagnostics-color=never";
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
    n = check__argv_words(argv, n, libs, &keep[4]);
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
