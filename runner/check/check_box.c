/*
 * Where a check's children run: a scratch folder of their own, the sandbox around them
 * (sandbox.h) and the limits they run under, for the compiler as for the program.
 *
 * The file is handed in as a copy: the sandbox shows the copy, read-only, at the path
 * of the original, so the compiler's messages and __FILE__ name it as the student does,
 * while the folder it came from (the other submissions, the student's home) is absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_internal.h"
#include "sandbox.h"
#include "toolchain.h"
#include "util.h"

/* A source file larger than this is not an exercise (the largest solution is ~10 KB). */
#define CHECK_SOURCE_MAX (1u << 20)

int check_source_problem(const char *path, char *msg, size_t len)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        int e = errno;
        snprintf(msg, len, "no file %s: %s", path, strerror(e));
        return -e;
    }
    if (S_ISDIR(sb.st_mode)) {
        snprintf(msg, len, "%s is a folder, not a C file: name the .c file inside it", path);
        return -EISDIR;
    }
    if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode)) {
        snprintf(msg, len, "%s is a %s, not a C file: save the program to a file and name that",
                 path, S_ISFIFO(sb.st_mode) ? "named pipe (FIFO)" : "socket");
        return -EINVAL;
    }
    if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode)) {
        snprintf(msg, len, "%s is a device, not a C file: name the .c file to check", path);
        return -EINVAL;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(msg, len, "%s is not a regular file: name the .c file to check", path);
        return -EINVAL;
    }
    if (sb.st_size > (off_t)CHECK_SOURCE_MAX) {
        snprintf(msg, len,
                 "%s is %.1f MB, too large for a C exercise (at most %u KB): is it the right file?",
                 path, (double)sb.st_size / 1e6, CHECK_SOURCE_MAX >> 10);
        return -EFBIG;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        snprintf(msg, len, "%s cannot be read (%s): check its permissions (chmod u+r)", path,
                 strerror(e));
        return -e;
    }
    char buf[8192];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n > 0 && memchr(buf, '\0', (size_t)n)) {
        snprintf(msg, len,
                 "%s is a binary file (it holds NUL bytes), not C source: name the .c file, not "
                 "the program built from it",
                 path);
        return -EINVAL;
    }
    return 0;
}

/* Copies src to dst (mode 0644): the copy the sandbox shows. 0 or -errno. */
static int copy_file(const char *src, const char *dst)
{
    char *text;
    size_t len;
    int r = util_read_file(src, CHECK_SOURCE_MAX, &text, &len);
    if (r < 0)
        return r;
    int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        free(text);
        return -errno;
    }
    ssize_t w = write(fd, text, len);
    int e = w == (ssize_t)len ? 0 : -EIO;
    free(text);
    if (close(fd) < 0 && e == 0)
        e = -errno;
    return e;
}

static void ro_add(strlist *l, const char *path)
{
    if (path && path[0] == '/')
        check__strlist_add(l, path, strlen(path));
}

/* The absolute paths the toolchain names (-I, -L, -Wl,-rpath, the compiler itself) and
   LD_LIBRARY_PATH's folders: a libuv built outside /usr must be visible inside. */
static void ro_from_words(strlist *l, const char *words)
{
    char *copy = xstrdup(words ? words : ""), *save;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (strncmp(w, "-I", 2) == 0 || strncmp(w, "-L", 2) == 0)
            ro_add(l, w + 2);
        else if (strncmp(w, "-Wl,-rpath,", 11) == 0)
            ro_add(l, w + 11);
        else
            ro_add(l, w);
    }
    free(copy);
}

static void ro_from_path_list(strlist *l, const char *list)
{
    char *copy = xstrdup(list ? list : ""), *save;
    for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save))
        ro_add(l, d);
    free(copy);
}

int check__box_init(check *c, char *err, size_t errlen)
{
    char *tmpl = xasprintf("%s/box-XXXXXX", c->build_dir);
    if (!mkdtemp(tmpl)) {
        snprintf(err, errlen, "cannot create a scratch folder in %s: %s", c->build_dir,
                 strerror(errno));
        free(tmpl);
        return -EACCES;
    }
    free(c->build_dir);
    c->build_dir = tmpl;
    c->box_scratch = xstrdup(tmpl);
    const char *why;
    c->sandboxed = sandbox_available(&why);
    c->sandbox_note = xstrdup(sandbox_describe());
    if (!c->sandboxed)
        return 0;

    c->box_uid = sandbox_new_uid();
    if (c->box_uid >= 0 && chown(tmpl, (uid_t)c->box_uid, (gid_t)c->box_uid) < 0) {
        snprintf(err, errlen, "cannot give the scratch folder %s to the sandbox's user: %s", tmpl,
                 strerror(errno));
        return -errno;
    }
    c->box_at = realpath(c->source, NULL);
    c->box_copy = xasprintf("%s/%s", tmpl, util_base_name(c->source));
    int r = c->box_at ? copy_file(c->source, c->box_copy) : -errno;
    if (r < 0) {
        snprintf(err, errlen, "cannot copy %s into the scratch folder: %s", c->display,
                 strerror(-r));
        return r;
    }

    strlist *ro = &c->box_ro;
    ro_add(ro, c->include_dir);
    ro_add(ro, c->observer);
    const toolchain *t = toolchain_cached();
    if (t) {
        ro_from_words(ro, t->cc);
        ro_from_words(ro, t->cflags);
        ro_from_words(ro, t->libs);
    }
    ro_from_words(ro, check__libuv_flags());
    ro_from_path_list(ro, getenv("LD_LIBRARY_PATH"));
    check__box_show(c, NULL);
    return 0;
}

void check__box_show(check *c, const char *path)
{
    strlist *ro = &c->box_ro;
    ro_add(ro, path);
    /* Kept NULL-terminated for sandbox_spec: room for one more, then the NULL. */
    check__strlist_add(ro, "", 0);
    free(ro->s[--ro->n]);
    ro->s[ro->n] = NULL;
}

void check__box_options(check *c, child_options *o, check_child kind)
{
    bool compile = kind == CHILD_COMPILE || kind == CHILD_RACE_COMPILE;
    /* The limits, measured in SANDBOX.md: the largest need plus a margin. */
    o->rss_limit = compile                  ? CHECK_COMPILE_MEM
                   : kind == CHILD_RACE_RUN ? CHECK_RACE_MEM
                                            : CHECK_RUN_MEM;
    o->mem_limit = compile ? CHECK_COMPILE_AS : kind == CHILD_RUN ? CHECK_RUN_AS : 0;
    o->file_limit = CHECK_FILE_LIMIT;
    o->no_core = true;
    if (!c->sandboxed)
        return;
    /* The process limit counts the sandbox's own processes only there (a user namespace
       of its own, or a user of its own as root): outside, it would count the student's
       desktop too. */
    o->proc_limit = compile ? CHECK_COMPILE_PROCS : CHECK_RUN_PROCS;
    char cwd[PATH_MAX];
    sandbox_spec s = {
        .scratch = c->box_scratch,
        /* The compiler names the file as the student does, from the runner's folder. */
        .cwd = compile && getcwd(cwd, sizeof cwd) ? cwd : c->box_scratch,
        .ro_paths = (const char *const *)c->box_ro.s,
        .copy = c->box_copy,
        .copy_at = c->box_at,
        .devices = !compile,
        .uid = c->box_uid,
    };
    sandbox_argv_free(c->box_argv[kind]);
    c->box_argv[kind] = sandbox_argv(&s);
    o->wrapper = (const char *const *)c->box_argv[kind];
}

void check__box_free(check *c)
{
    for (int i = 0; i < CHILD_KINDS; i++)
        sandbox_argv_free(c->box_argv[i]);
    if (c->box_scratch)
        sandbox_remove_tree(c->box_scratch);
    free(c->box_scratch);
    free(c->box_copy);
    free(c->box_at);
    free(c->sandbox_note);
    check__strlist_clear(&c->box_ro);
}

/* Whether a file the compiler names may be quoted in a verdict: the submission's folder,
   the include folder we add and the system's headers; nothing else (a secret it was made
   to #include, where no sandbox hides it). */
static bool may_quote(const check *c, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return strcmp(path, c->display) == 0;
    bool ok = strncmp(real, "/usr/", 5) == 0;
    char *src = realpath(c->source, NULL);
    if (src) {
        char *slash = strrchr(src, '/');
        size_t n = (size_t)(slash - src) + 1;
        ok |= strncmp(real, src, n) == 0;
        free(src);
    }
    if (c->include_dir) {
        char *inc = realpath(c->include_dir, NULL);
        size_t n = inc ? strlen(inc) : 0;
        ok |= inc && strncmp(real, inc, n) == 0 && real[n] == '/';
        free(inc);
    }
    free(real);
    return ok;
}

/* The file a compiler message is about ("path:line:col: ..." or "path: ..."), or NULL. */
static char *message_file(const char *line)
{
    static const char included[] = "In file included from ";
    if (strncmp(line, included, sizeof included - 1) == 0)
        line += sizeof included - 1;
    if (line[0] == ' ' || line[0] == '\0')
        return NULL;
    const char *colon = strchr(line, ':');
    if (!colon || colon == line || (colon[1] != ' ' && !(colon[1] >= '0' && colon[1] <= '9')))
        return NULL;
    char *path = xstrndup(line, (size_t)(colon - line));
    /* "collect2: ...", "(.text+0x17): ...": not files. */
    struct stat sb;
    if (stat(path, &sb) != 0) {
        free(path);
        return NULL;
    }
    return path;
}

static bool is_quote_line(const char *line)
{
    size_t i = strspn(line, " ");
    size_t d = strspn(line + i, "0123456789");
    return line[i + d] == ' ' ? line[i + d + 1] == '|' : line[i + d] == '|';
}

void check__hide_foreign(const check *c, strlist *l)
{
    bool hiding = false;
    size_t w = 0;
    for (size_t i = 0; i < l->n; i++) {
        char *line = l->s[i];
        char *file = message_file(line);
        if (file) {
            hiding = !may_quote(c, file);
            if (hiding) {
                free(line);
                line = xasprintf("%s: a message about a file outside the submission's folder "
                                 "(not shown: the file may be private); does the file #include it?",
                                 file);
            }
            free(file);
        } else if (hiding && is_quote_line(line)) {
            free(line);
            continue;
        }
        l->s[w++] = line;
    }
    l->n = w;
}
