/*
 * Progress, kept as a few lines of text that a person can read and fix.
 */
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "util.h"

#define PROGRESS_HEADER "# wait-or-work progress 1"

typedef struct hint_count {
    int exercise;
    int shown;
} hint_count;

/* Lesson names, in the order they were added. */
typedef struct name_set {
    char **names;
    size_t n;
} name_set;

struct progress {
    char *dir;
    char *path;
    int *passed;
    size_t npassed;
    name_set seen; /* lessons opened */
    name_set held; /* lessons whose last run met every expectation */
    hint_count *hints;
    size_t nhints;
};

static bool name_set_has(const name_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return true;
    return false;
}

static void name_set_add(name_set *s, const char *name)
{
    if (name_set_has(s, name))
        return;
    s->names = xrealloc(s->names, (s->n + 1) * sizeof *s->names);
    s->names[s->n++] = xstrdup(name);
}

static void name_set_free(name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
}

progress *progress_new(const char *dir)
{
    progress *p = xcalloc(1, sizeof *p);
    p->dir = xstrdup(dir);
    p->path = xasprintf("%s/progress", dir);
    return p;
}

void progress_free(progress *p)
{
    if (!p)
        return;
    name_set_free(&p->seen);
    name_set_free(&p->held);
    free(p->passed);
    free(p->hints);
    free(p->dir);
    free(p->path);
    free(p);
}

const char *progress_dir(const progress *p)
{
    return p->dir;
}

bool progress_passed(const progress *p, int exercise)
{
    for (size_t i = 0; i < p->npassed; i++)
        if (p->passed[i] == exercise)
            return true;
    return false;
}

void progress_set_passed(progress *p, int exercise)
{
    if (progress_passed(p, exercise))
        return;
    p->passed = xrealloc(p->passed, (p->npassed + 1) * sizeof *p->passed);
    p->passed[p->npassed++] = exercise;
}

bool progress_seen(const progress *p, const char *lesson)
{
    return name_set_has(&p->seen, lesson);
}

void progress_set_seen(progress *p, const char *lesson)
{
    name_set_add(&p->seen, lesson);
}

bool progress_held(const progress *p, const char *lesson)
{
    return name_set_has(&p->held, lesson);
}

void progress_set_held(progress *p, const char *lesson)
{
    name_set_add(&p->seen, lesson);
    name_set_add(&p->held, lesson);
}

int progress_hints(const progress *p, int exercise)
{
    for (size_t i = 0; i < p->nhints; i++)
        if (p->hints[i].exercise == exercise)
            return p->hints[i].shown;
    return 0;
}

void progress_set_hints(progress *p, int exercise, int shown)
{
    for (size_t i = 0; i < p->nhints; i++) {
        if (p->hints[i].exercise == exercise) {
            p->hints[i].shown = shown;
            return;
        }
    }
    p->hints = xrealloc(p->hints, (p->nhints + 1) * sizeof *p->hints);
    p->hints[p->nhints++] = (hint_count){exercise, shown};
}

/* A whole decimal number in [0, 9999] that fills the word; -1 otherwise. */
static int parse_count(const char *s)
{
    if (!*s || strlen(s) > 4 || strspn(s, "0123456789") != strlen(s))
        return -1;
    return atoi(s);
}

/* A lesson name: letters, digits, '-' and '_'. */
static bool is_lesson_name(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n < 128 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

/* One line of progress; false when it is not one. */
static bool parse_line(progress *p, char *line)
{
    char *words[4];
    int n = 0;
    for (char *w = strtok(line, " \t"); w; w = strtok(NULL, " \t")) {
        if (n == 4)
            return false;
        words[n++] = w;
    }
    if (n == 0)
        return true;
    if (strcmp(words[0], "passed") == 0 && n == 2 && parse_count(words[1]) >= 0) {
        progress_set_passed(p, parse_count(words[1]));
        return true;
    }
    if (strcmp(words[0], "seen") == 0 && n == 2 && is_lesson_name(words[1])) {
        progress_set_seen(p, words[1]);
        return true;
    }
    if (strcmp(words[0], "held") == 0 && n == 2 && is_lesson_name(words[1])) {
        progress_set_held(p, words[1]);
        return true;
    }
    if (strcmp(words[0], "hints") == 0 && n == 3 && parse_count(words[1]) >= 0 &&
        parse_count(words[2]) >= 0) {
        int ex = parse_count(words[1]), shown = parse_count(words[2]);
        /* Two workbooks may both have shown hints: keep the larger count. */
        if (shown > progress_hints(p, ex))
            progress_set_hints(p, ex, shown);
        return true;
    }
    return false;
}

int progress_parse(progress *p, const char *text, size_t len)
{
    if (memchr(text, '\0', len))
        return 1;
    int lineno = 0;
    const char *s = text, *end = text + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *stop = nl ? nl : end;
        lineno++;
        char *line = xstrndup(s, (size_t)(stop - s));
        line[strcspn(line, "\r")] = '\0';
        bool ok = line[0] == '#' || parse_line(p, line);
        free(line);
        if (!ok)
            return lineno;
        s = nl ? nl + 1 : end;
    }
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

char *progress_format(const progress *p)
{
    /* qsort must not be given NULL, even for no elements (UBSan says so). */
    if (p->npassed > 0)
        qsort(p->passed, p->npassed, sizeof *p->passed, cmp_int);
    size_t cap = 64 + p->npassed * 16 + p->nhints * 24, n = 0;
    for (size_t i = 0; i < p->seen.n; i++)
        cap += strlen(p->seen.names[i]) + 8;
    for (size_t i = 0; i < p->held.n; i++)
        cap += strlen(p->held.names[i]) + 8;
    char *out = xmalloc(cap);
    n += (size_t)snprintf(out + n, cap - n, "%s\n", PROGRESS_HEADER);
    for (size_t i = 0; i < p->npassed; i++)
        n += (size_t)snprintf(out + n, cap - n, "passed %d\n", p->passed[i]);
    for (size_t i = 0; i < p->seen.n; i++)
        n += (size_t)snprintf(out + n, cap - n, "seen %s\n", p->seen.names[i]);
    for (size_t i = 0; i < p->held.n; i++)
        n += (size_t)snprintf(out + n, cap - n, "held %s\n", p->held.names[i]);
    for (size_t i = 0; i < p->nhints; i++)
        n += (size_t)snprintf(out + n, cap - n, "hints %d %d\n", p->hints[i].exercise,
                              p->hints[i].shown);
    return out;
}

/* Reads the file into p. Returns 0, or the damaged line's number (-errno when the
   file exists but cannot be read). */
static int load_file(progress *p)
{
    char *text;
    size_t len;
    int r = util_read_file(p->path, UTIL_FILE_MAX, &text, &len);
    if (r == -ENOENT)
        return 0;
    if (r == -EFBIG)
        return 1;
    if (r < 0)
        return r;
    r = progress_parse(p, text, len);
    free(text);
    return r;
}

/* The folder for the state: .workbook/ in a writable checkout, else XDG's. */
static char *state_dir_for(const char *root)
{
    char *dir = xasprintf("%s/.workbook", root);
    if (access(dir, W_OK) == 0 || (access(dir, F_OK) != 0 && access(root, W_OK) == 0))
        return dir;
    free(dir);
    const char *xdg = getenv("XDG_STATE_HOME");
    if (xdg && *xdg == '/')
        return xasprintf("%s/wait-or-work", xdg);
    const char *home = getenv("HOME");
    return xasprintf("%s/.local/state/wait-or-work", home && *home ? home : "/tmp");
}

progress *progress_open(const char *root, const char *state_dir, char **warning)
{
    *warning = NULL;
    const char *env = getenv("WORKBOOK_STATE_DIR");
    if (!state_dir && env && *env)
        state_dir = env;
    char *dir = state_dir ? xstrdup(state_dir) : state_dir_for(root);
    progress *p = progress_new(dir);
    free(dir);
    int bad = load_file(p);
    if (bad == 0)
        return p;

    /* Damaged: keep the file for a person to look at, and start again from nothing. */
    char *keep = xasprintf("%s.corrupt", p->path);
    if (bad < 0) {
        *warning = xasprintf("cannot read the progress file %s (%s); starting with no progress",
                             p->path, strerror(-bad));
    } else if (rename(p->path, keep) == 0) {
        *warning = xasprintf("the progress file %s was damaged (line %d); it is kept as %s and "
                             "progress starts afresh",
                             p->path, bad, keep);
    } else {
        *warning = xasprintf("the progress file %s was damaged (line %d); progress starts afresh",
                             p->path, bad);
    }
    free(keep);
    progress *fresh = progress_new(p->dir);
    progress_free(p);
    return fresh;
}

int progress_save(progress *p)
{
    int r = util_mkdirs(p->dir, 0755);
    if (r < 0)
        return r;
    /* Another workbook may save at the same moment. Holding the lock from reading the
       file to renaming the new one over it makes the two saves one after the other, so
       neither loses what the other wrote. Without the lock (a place that refuses it),
       saving goes on: progress is a convenience and must never stop a run. */
    char *lock_path = xasprintf("%s/progress.lock", p->dir);
    int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(lock_path);
    if (lock >= 0)
        while (flock(lock, LOCK_EX) < 0 && errno == EINTR)
            ;
    /* Merge what another workbook may have written since we read the file. */
    progress *disk = progress_new(p->dir);
    if (load_file(disk) == 0) {
        for (size_t i = 0; i < disk->npassed; i++)
            progress_set_passed(p, disk->passed[i]);
        for (size_t i = 0; i < disk->seen.n; i++)
            progress_set_seen(p, disk->seen.names[i]);
        for (size_t i = 0; i < disk->held.n; i++)
            progress_set_held(p, disk->held.names[i]);
        for (size_t i = 0; i < disk->nhints; i++)
            if (disk->hints[i].shown > progress_hints(p, disk->hints[i].exercise))
                progress_set_hints(p, disk->hints[i].exercise, disk->hints[i].shown);
    }
    progress_free(disk);
    char *text = progress_format(p);
    r = util_write_file_atomic(p->path, text, strlen(text));
    free(text);
    if (lock >= 0)
        close(lock); /* and with it the lock */
    return r;
}
