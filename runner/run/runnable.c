/*
 * What the runner builds and runs (runnable.h).
 */
#include "runnable.h"

#include <string.h>
#include <stdlib.h>

#include "companion.h"
#include "util.h"

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void runnable_variant(const catalog_lesson *l, const catalog_variant *v, runnable *out)
{
    *out = (runnable){
        .name = xstrdup(v->name),
        .source = xstrdup(v->source),
        .binary = xstrdup(v->binary),
        .make_dir = xstrdup(l->dir),
        .expect_path = dup_or_null(v->expect_path),
    };
}

bool runnable_twin(const catalog_variant *v, const char *node, runnable *out)
{
    char *script = companion_script(v);
    if (!script) {
        memset(out, 0, sizeof *out);
        return false;
    }
    *out = (runnable){
        .name = companion_name(v),
        .source = xstrdup(v->source),
        .binary = dup_or_null(node),
        .arg = script,
        .expect_path = dup_or_null(v->expect_path),
    };
    return true;
}

void runnable_exercise(const char *root, const catalog_exercise *e, bool solution, runnable *out)
{
    const char *source = solution ? e->solution : e->source;
    const char *base = util_base_name(source);
    const char *slash = base > source ? base - 1 : NULL;
    char *name = xstrndup(base, strcspn(base, "."));
    *out = (runnable){
        .name = name,
        .source = xstrdup(source),
        .binary = xasprintf("%s/build/%s/%s/%s", root, solution ? "solutions" : "exercises",
                            e->dirname, name),
        .make_dir =
            slash ? xstrndup(source, slash > source ? (size_t)(slash - source) : 1) : xstrdup("."),
        .makefile = xasprintf("%s/lessons/common/lesson.mk", root),
        .expect_path = xstrdup(e->expect_path),
    };
}

runjob_options runnable_job_options(const runnable *r, const char *root)
{
    return (runjob_options){
        .root = root,
        .make_dir = r->make_dir,
        .makefile = r->makefile,
        .binary = r->binary,
        .arg = r->arg,
        .expect_path = r->expect_path,
    };
}

void runnable_free(runnable *r)
{
    free(r->name);
    free(r->source);
    free(r->binary);
    free(r->arg);
    free(r->make_dir);
    free(r->makefile);
    free(r->expect_path);
    memset(r, 0, sizeof *r);
}
