/*
 * The status marks of lessons and exercises, kept through progress.h: an exercise
 * passed, a lesson seen or held, hints shown. Lessons passed this session are also
 * kept in memory, so a headless run without a state folder still shows its marks.
 */
#include "ui_internal.h"

#include <stdlib.h>
#include <string.h>

#include "progress.h"

static struct {
    progress *progress;
    bool save_progress;
    ui_mark lesson_marks[100], exercise_marks[100];
} P;

void ui__progress_open(app *a, bool headless, char **warning)
{
    memset(&P, 0, sizeof P);
    *warning = NULL;
    /* Headless runs are tests: they keep progress to themselves unless told where. */
    const char *state_dir = getenv("WORKBOOK_STATE_DIR");
    if (!headless || (state_dir && *state_dir)) {
        P.progress = progress_open(a->root, state_dir && *state_dir ? state_dir : NULL, warning);
        P.save_progress = true;
    } else {
        P.progress = progress_new("/nonexistent");
    }
}

void ui__progress_close(void)
{
    progress_free(P.progress);
}

static const catalog_lesson *lesson_by_number(int number)
{
    const catalog *c = ui_app()->cat;
    for (size_t i = 0; i < c->nlessons; i++)
        if (c->lessons[i].number == number)
            return &c->lessons[i];
    return NULL;
}

static void progress_store(void)
{
    if (!P.save_progress)
        return;
    int rc = progress_save(P.progress);
    if (rc < 0)
        ui_message("cannot save progress in %s: %s", progress_dir(P.progress), strerror(-rc));
}

ui_mark ui_progress_get(bool exercise, int number)
{
    if (number < 0 || number >= 100)
        return UI_NEW;
    ui_mark m = exercise ? P.exercise_marks[number] : P.lesson_marks[number];
    if (exercise && P.progress && progress_passed(P.progress, number))
        m = UI_PASSED;
    const catalog_lesson *l = exercise ? NULL : lesson_by_number(number);
    if (l && P.progress && m < UI_PASSED && progress_held(P.progress, l->dirname))
        m = UI_PASSED;
    if (l && P.progress && m == UI_NEW && progress_seen(P.progress, l->dirname))
        m = UI_SEEN;
    return m;
}

void ui_progress_set(bool exercise, int number, ui_mark m)
{
    if (number < 0 || number >= 100)
        return;
    ui_mark *p = exercise ? &P.exercise_marks[number] : &P.lesson_marks[number];
    if (m > *p)
        *p = m;
    if (!P.progress)
        return;
    if (exercise && m == UI_PASSED && !progress_passed(P.progress, number)) {
        progress_set_passed(P.progress, number);
        progress_store();
    }
    const catalog_lesson *l = exercise ? NULL : lesson_by_number(number);
    if (l && m == UI_PASSED && !progress_held(P.progress, l->dirname)) {
        progress_set_held(P.progress, l->dirname);
        progress_store();
    } else if (l && !progress_seen(P.progress, l->dirname)) {
        progress_set_seen(P.progress, l->dirname);
        progress_store();
    }
}

int ui_progress_hints(int exercise)
{
    return P.progress ? progress_hints(P.progress, exercise) : 0;
}

void ui_progress_hint(int exercise, int shown)
{
    if (P.progress && shown > progress_hints(P.progress, exercise)) {
        progress_set_hints(P.progress, exercise, shown);
        progress_store();
    }
}
