/*
 * Knob settings as typed, checked against an expectation file, and given to the program
 * through its environment (see knobset.h). The program reads KNOB_NAME with
 * lessons/common/knob.h; the file's formulas read the same values, so the two agree.
 */
#include "knobset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

extern char **environ;

static int find(const knobset *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0)
            return (int)i;
    return -1;
}

int knobset_put(knobset *s, const char *name, const char *value)
{
    int i = find(s, name);
    if (i < 0) {
        if (s->n >= KNOBSET_MAX)
            return -ENOSPC;
        i = (int)s->n++;
        snprintf(s->name[i], sizeof s->name[i], "%s", name);
    }
    snprintf(s->value[i], sizeof s->value[i], "%s", value);
    return 0;
}

bool knobset_has(const knobset *s, const char *name)
{
    return find(s, name) >= 0;
}

void knobset_drop(knobset *s, const char *name)
{
    int i = find(s, name);
    if (i < 0)
        return;
    for (size_t k = (size_t)i + 1; k < s->n; k++) {
        memcpy(s->name[k - 1], s->name[k], sizeof s->name[k]);
        memcpy(s->value[k - 1], s->value[k], sizeof s->value[k]);
    }
    s->n--;
}

int knobset_add(knobset *s, const char *setting, char *err, size_t errlen)
{
    const char *eq = strchr(setting, '=');
    size_t nn = eq ? (size_t)(eq - setting) : 0;
    if (!eq || nn == 0 || nn >= sizeof s->name[0]) {
        snprintf(err, errlen, "--set takes a knob and a value, like --set pool=8, not '%s'",
                 setting);
        return -EINVAL;
    }
    if (strlen(eq + 1) >= sizeof s->value[0]) {
        snprintf(err, errlen, "the value of knob %.*s is too long: give a whole number", (int)nn,
                 setting);
        return -EINVAL;
    }
    char name[48];
    snprintf(name, sizeof name, "%.*s", (int)nn, setting);
    if (knobset_put(s, name, eq + 1) < 0) {
        snprintf(err, errlen, "at most %d knobs can be set at once", KNOBSET_MAX);
        return -EINVAL;
    }
    return 0;
}

int knobset_apply(const knobset *s, expect_file *f, bool lenient, char *err, size_t errlen)
{
    for (size_t i = 0; i < s->n; i++) {
        if (lenient && expect_knob_find(f, s->name[i]) < 0)
            continue;
        int rc = expect_knob_set(f, s->name[i], s->value[i], err, errlen);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void knobset_text(const knobset *s, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->n && len < n; i++)
        len +=
            (size_t)snprintf(buf + len, n - len, "%s%s %s", i ? ", " : "", s->name[i], s->value[i]);
}

void knobset_describe(const expect_file *f, const expect_machine *m, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < expect_knob_count(f) && len < n; i++) {
        expect_knob k;
        expect_knob_info(f, i, m, &k);
        if (k.set && k.value != k.def)
            len +=
                (size_t)snprintf(buf + len, n - len, "%s%s %d", len ? ", " : "", k.name, k.value);
    }
}

int knobset_check_time(const expect_file *f, const expect_machine *m, double timeout_s, char *err,
                       size_t errlen)
{
    double ms;
    if (timeout_s <= 0 || expect_lasts(f, m, &ms) < 0 || ms < timeout_s * 1000)
        return 0;
    char set[256];
    knobset_describe(f, m, set, sizeof set);
    snprintf(err, errlen,
             "with %s the run takes at least %.1f s (%s ms), more than its time limit of %g s: "
             "choose smaller values",
             set[0] ? set : "these knobs", ms / 1000, expect_lasts_text(f), timeout_s);
    return -ETIME;
}

char **knobset_env(const char *const *base, const expect_file *f)
{
    if (!base)
        base = (const char *const *)environ;
    size_t n = 0;
    while (base[n])
        n++;
    size_t nk = f ? expect_knob_count(f) : 0;
    char **env = xcalloc(n + nk + 1, sizeof *env);
    size_t k = 0;
    /* A KNOB_ variable left in the user's environment would change the program behind
       the expectations' back: only the values the file knows of reach it. */
    for (size_t i = 0; i < n; i++)
        if (strncmp(base[i], "KNOB_", 5) != 0)
            env[k++] = xstrdup(base[i]);
    for (size_t i = 0; i < nk; i++) {
        expect_knob kb;
        expect_knob_info(f, i, NULL, &kb);
        char var[64];
        if (kb.set)
            env[k++] = xasprintf("%s=%d", expect_knob_env(kb.name, var, sizeof var), kb.value);
    }
    env[k] = NULL;
    return env;
}

void knobset_env_free(char **env)
{
    for (size_t i = 0; env && env[i]; i++)
        free(env[i]);
    free(env);
}

/* A whole number at *p, moving *p past it. */
static bool take_int(const char **p, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(*p, &end, 10);
    if (end == *p || errno || v < -1000000000 || v > 1000000000)
        return false;
    *out = (int)v;
    *p = end;
    return true;
}

int knobset_parse_range(const char *spec, knobset_range *out, char *err, size_t errlen)
{
    static const char help[] = "a sweep takes a knob and a range, like threads=1..8 or "
                               "pool=4..12:2";
    const char *eq = strchr(spec, '=');
    size_t nn = eq ? (size_t)(eq - spec) : 0;
    *out = (knobset_range){.step = 1};
    if (!eq || nn == 0 || nn >= sizeof out->name) {
        snprintf(err, errlen, "%s, not '%s'", help, spec);
        return -EINVAL;
    }
    snprintf(out->name, sizeof out->name, "%.*s", (int)nn, spec);
    const char *p = eq + 1;
    if (!take_int(&p, &out->from) || strncmp(p, "..", 2) != 0 ||
        (p += 2, !take_int(&p, &out->to)) || (*p == ':' && (p++, !take_int(&p, &out->step))) ||
        *p) {
        snprintf(err, errlen, "%s, not '%s'", help, spec);
        return -EINVAL;
    }
    if (out->step <= 0 || out->to < out->from) {
        snprintf(err, errlen, "the range of %s must rise, with a step of 1 or more: '%s'",
                 out->name, spec);
        return -EINVAL;
    }
    return 0;
}

int knobset_range_fits(const knobset_range *r, int max, char *err, size_t errlen)
{
    if ((r->to - r->from) / r->step + 1 <= max)
        return 0;
    snprintf(err, errlen, "a sweep runs at most %d values; take a larger step, like %s=%d..%d:%d",
             max, r->name, r->from, r->to, (r->to - r->from) / (max - 1) + 1);
    return -E2BIG;
}
