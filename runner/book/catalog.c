/*
 * The catalog: lessons and exercises, found by reading their folders.
 */
#include "catalog.h"

#include <ctype.h>
#include <stdbool.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "util.h"

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The root holds lessons/common/lesson.mk (build/ has a lessons/ folder too). */
static bool looks_like_root(const char *dir)
{
    char *mk = xasprintf("%s/lessons/common/lesson.mk", dir);
    bool ok = is_file(mk);
    free(mk);
    return ok;
}

char *catalog_find_root(void)
{
    const char *env = getenv("WORKBOOK_ROOT");
    if (env && *env && looks_like_root(env))
        return realpath(env, NULL);

    /* build/workbook or build/sanitize/workbook: the root is above build/. */
    char exe[4096];
    size_t n = sizeof exe;
    if (uv_exepath(exe, &n) == 0 && n > 0) {
        char *dir = dirname(exe);
        for (int up = 0; up < 3; up++) {
            if (looks_like_root(dir))
                return realpath(dir, NULL);
            dir = dirname(dir);
        }
    }

    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
        char *dir = cwd;
        for (int up = 0; up < 3; up++) {
            if (looks_like_root(dir))
                return realpath(dir, NULL);
            dir = dirname(dir);
        }
    }
    return NULL;
}

/* The text of the first markdown heading of a file, or NULL. */
static char *first_heading(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char buf[512];
    char *title = NULL;
    while (fgets(buf, sizeof buf, f)) {
        if (buf[0] != '#')
            continue;
        char *s = buf;
        while (*s == '#')
            s++;
        while (*s == ' ')
            s++;
        s[strcspn(s, "\r\n")] = '\0';
        title = xstrdup(s);
        break;
    }
    fclose(f);
    return title;
}

/* The lesson an exercise follows: the N of the first "Follows lesson N" in its README,
   or 0. The course reads in that order: each exercise after the lesson it practises. */
static int readme_follows(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char buf[512];
    int n = 0;
    for (int line = 0; line < 20 && !n && fgets(buf, sizeof buf, f); line++) {
        const char *at = strstr(buf, "Follows lesson ");
        if (at)
            n = atoi(at + strlen("Follows lesson "));
    }
    fclose(f);
    return n > 0 && n < 100 ? n : 0;
}

const char *catalog_short_title(const char *title)
{
    const char *colon = strstr(title, ": ");
    if (colon && (strncmp(title, "Lesson ", 7) == 0 || strncmp(title, "Exercise ", 9) == 0))
        return colon + 2;
    return title;
}

/* path when it is a file, else NULL (path is freed). */
static char *existing_file(char *path)
{
    if (is_file(path))
        return path;
    free(path);
    return NULL;
}

/* The first heading of a markdown file, or the slug when it has none (malloc'd). */
static char *title_of(const char *markdown, const char *slug)
{
    char *title = first_heading(markdown);
    return title ? title : xstrdup(slug);
}

/* "04-starvation" → 4 and "starvation"; returns false for other names. */
static bool split_numbered(const char *name, int *number, const char **slug)
{
    if (!isdigit((unsigned char)name[0]))
        return false;
    char *end;
    long n = strtol(name, &end, 10);
    if (*end != '-' || end[1] == '\0' || n < 0 || n > 99)
        return false;
    *number = (int)n;
    *slug = end + 1;
    return true;
}

/* Numbered names by their number (9-deadline before 10-slices), then by name. */
static int cmp_names(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    if (isdigit((unsigned char)x[0]) && isdigit((unsigned char)y[0])) {
        long nx = strtol(x, NULL, 10), ny = strtol(y, NULL, 10);
        if (nx != ny)
            return nx < ny ? -1 : 1;
    }
    return strcmp(x, y);
}

/* The sorted names in dir whose name passes keep(), as a malloc'd array. */
static char **list_dir(const char *dir, bool (*keep)(const char *), size_t *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !keep(e->d_name))
            continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    *count = n;
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static bool is_numbered(const char *name)
{
    int n;
    const char *slug;
    return split_numbered(name, &n, &slug);
}

static bool is_c_source(const char *name)
{
    size_t len = strlen(name);
    return len > 2 && strcmp(name + len - 2, ".c") == 0;
}

static void load_variants(const char *root, catalog_lesson *l)
{
    size_t n;
    char **names = list_dir(l->dir, is_c_source, &n);
    l->variants = n ? xcalloc(n, sizeof *l->variants) : NULL;
    l->nvariants = n;
    for (size_t i = 0; i < n; i++) {
        catalog_variant *v = &l->variants[i];
        v->name = xstrndup(names[i], strlen(names[i]) - 2);
        v->source = xasprintf("%s/%s", l->dir, names[i]);
        v->expect_path = existing_file(xasprintf("%s/%s.expect", l->dir, v->name));
        v->binary = xasprintf("%s/build/lessons/%s/%s", root, l->dirname, v->name);
    }
    free_names(names, n);
}

/* The numbered folders (N-slug) of root/sub, n of them; *dir is root/sub (malloc'd). */
static char **numbered_folders(const char *root, const char *sub, char **dir, size_t *n)
{
    *dir = xasprintf("%s/%s", root, sub);
    return list_dir(*dir, is_numbered, n);
}

static void load_lessons(catalog *c)
{
    size_t n;
    char *dir, **names = numbered_folders(c->root, "lessons", &dir, &n);
    c->lessons = n ? xcalloc(n, sizeof *c->lessons) : NULL;
    for (size_t i = 0; i < n; i++) {
        char *ldir = xasprintf("%s/%s", dir, names[i]);
        if (!is_dir(ldir)) {
            free(ldir);
            continue;
        }
        catalog_lesson *l = &c->lessons[c->nlessons];
        const char *slug;
        split_numbered(names[i], &l->number, &slug);
        l->slug = xstrdup(slug);
        l->dirname = xstrdup(names[i]);
        l->dir = ldir;
        l->markdown = xasprintf("%s/lesson.md", l->dir);
        l->title = title_of(l->markdown, l->slug);
        l->quiz = existing_file(xasprintf("%s/quiz.txt", l->dir));
        load_variants(c->root, l);
        c->nlessons++;
    }
    free_names(names, n);
    free(dir);
}

/* The student's file: the one .c in the exercise's folder. */
static char *exercise_source(const char *dir)
{
    size_t n;
    char **names = list_dir(dir, is_c_source, &n);
    char *path = n ? xasprintf("%s/%s", dir, names[0]) : NULL;
    free_names(names, n);
    return path;
}

static void load_exercises(catalog *c)
{
    size_t n;
    char *dir, **names = numbered_folders(c->root, "exercises", &dir, &n);
    c->exercises = n ? xcalloc(n, sizeof *c->exercises) : NULL;
    for (size_t i = 0; i < n; i++) {
        catalog_exercise *e = &c->exercises[c->nexercises];
        const char *slug;
        split_numbered(names[i], &e->number, &slug);
        char *edir = xasprintf("%s/%s", dir, names[i]);
        char *source = is_dir(edir) ? exercise_source(edir) : NULL;
        if (!source) {
            free(edir);
            continue;
        }
        e->slug = xstrdup(slug);
        e->dirname = xstrdup(names[i]);
        e->dir = edir;
        e->source = source;
        e->readme = xasprintf("%s/README.md", edir);
        e->title = title_of(e->readme, e->slug);
        e->follows = readme_follows(e->readme);
        /* NAME.c → NAME.expect, and solutions/N-slug/NAME.c. */
        const char *base = strrchr(source, '/') + 1;
        size_t stem = strlen(base) - 2;
        e->expect_path = xasprintf("%s/%.*s.expect", edir, (int)stem, base);
        e->hints = xasprintf("%s/hints.md", edir);
        e->solution = xasprintf("%s/solutions/%s/%s", c->root, names[i], base);
        c->nexercises++;
    }
    free_names(names, n);
    free(dir);
}

int catalog_load(const char *root, catalog **out)
{
    if (!is_dir(root))
        return -ENOENT;
    catalog *c = xcalloc(1, sizeof *c);
    c->root = xstrdup(root);
    load_lessons(c);
    load_exercises(c);
    *out = c;
    return 0;
}

void catalog_free(catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nlessons; i++) {
        catalog_lesson *l = &c->lessons[i];
        for (size_t k = 0; k < l->nvariants; k++) {
            free(l->variants[k].name);
            free(l->variants[k].source);
            free(l->variants[k].expect_path);
            free(l->variants[k].binary);
        }
        free(l->variants);
        free(l->slug);
        free(l->dirname);
        free(l->dir);
        free(l->title);
        free(l->markdown);
        free(l->quiz);
    }
    for (size_t i = 0; i < c->nexercises; i++) {
        catalog_exercise *e = &c->exercises[i];
        free(e->slug);
        free(e->dirname);
        free(e->dir);
        free(e->title);
        free(e->readme);
        free(e->source);
        free(e->expect_path);
        free(e->hints);
        free(e->solution);
    }
    free(c->lessons);
    free(c->exercises);
    free(c->root);
    free(c);
}

/* Whether key names item number n, folder dirname or slug. */
static bool key_matches(const char *key, int n, const char *dirname, const char *slug)
{
    if (isdigit((unsigned char)key[0])) {
        char *end;
        long k = strtol(key, &end, 10);
        if (*end == '\0')
            return k == n;
    }
    return strcmp(key, dirname) == 0 || strcmp(key, slug) == 0;
}

const catalog_lesson *catalog_find_lesson(const catalog *c, const char *key)
{
    for (size_t i = 0; key && i < c->nlessons; i++) {
        const catalog_lesson *l = &c->lessons[i];
        if (key_matches(key, l->number, l->dirname, l->slug))
            return l;
    }
    return NULL;
}

const catalog_variant *catalog_find_variant(const catalog_lesson *l, const char *name)
{
    size_t len = strlen(name);
    if (len > 2 && strcmp(name + len - 2, ".c") == 0)
        len -= 2;
    for (size_t i = 0; i < l->nvariants; i++) {
        const char *v = l->variants[i].name;
        if (strlen(v) == len && strncmp(v, name, len) == 0)
            return &l->variants[i];
    }
    return NULL;
}

const catalog_exercise *catalog_find_exercise(const catalog *c, const char *key)
{
    if (!key)
        return NULL;
    if (strncmp(key, "ex", 2) == 0 && isdigit((unsigned char)key[2]))
        key += 2;
    for (size_t i = 0; i < c->nexercises; i++) {
        const catalog_exercise *e = &c->exercises[i];
        if (key_matches(key, e->number, e->dirname, e->slug))
            return e;
    }
    return NULL;
}
