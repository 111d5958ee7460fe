/*
 * The quiz screen: a workload, four answers on the digits 1-4, then the verdict and
 * the reason; n or Enter for the next one, a score at the end.
 */
#include "ui_quiz.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "ui.h"
#include "util.h"

typedef struct quiz_screen {
    ui_screen base;
    quiz *q;
    size_t cur;
    int *given; /* per item: the answer given, or -1 */
} quiz_screen;

/* Draws text wrapped at word boundaries; returns the rows used. */
static int draw_wrapped(int y, int x, int w, const char *text, int attr)
{
    int rows = 0;
    const char *p = text;
    while (*p && w > 0) {
        size_t n = strlen(p), cut = n;
        if (ui_width(p) > w) {
            /* The last space that keeps the row within w (bytes ≈ columns here). */
            cut = (size_t)w < n ? (size_t)w : n;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = (size_t)w;
        }
        ui_putn(y + rows, x, w, p, cut, attr);
        rows++;
        p += cut;
        while (*p == ' ')
            p++;
    }
    return rows;
}

static void quiz_draw(ui_screen *s, int rows, int cols)
{
    quiz_screen *qs = (quiz_screen *)s;
    (void)rows;
    size_t n = qs->q->nitems;
    int score = 0, answered = 0;
    for (size_t i = 0; i < n; i++)
        if (qs->given[i] >= 0) {
            answered++;
            score += qs->given[i] == (int)qs->q->items[i].answer;
        }
    ui_putf(0, 1, cols - 2, ui_attr(UI_TITLE), "Quiz: wait, work, plain or offload?  %zu of %zu",
            qs->cur + 1, n);
    ui_putf(0, cols - 16, 15, ui_attr(UI_DIM), "score %d/%d", score, answered);
    const quiz_item *it = &qs->q->items[qs->cur];
    int w = cols - 4 < 80 ? cols - 4 : 80;
    int y = 2;
    y += draw_wrapped(y, 2, w, it->workload, A_BOLD) + 1;
    int given = qs->given[qs->cur];
    for (int a = 0; a <= QUIZ_OFFLOAD; a++) {
        int attr = 0;
        if (given >= 0 && a == (int)it->answer)
            attr = ui_attr(UI_PASS);
        else if (given == a)
            attr = ui_attr(UI_FAIL);
        ui_putf(y++, 4, cols - 5, attr, "%d  %-8s %s", a + 1, quiz_answer_name((quiz_answer)a),
                quiz_answer_meaning((quiz_answer)a));
    }
    y++;
    if (given >= 0) {
        bool right = given == (int)it->answer;
        ui_putf(y++, 2, cols - 3, ui_attr(right ? UI_PASS : UI_FAIL), "%s %s",
                right ? "✓ right:" : "✗ the answer is", quiz_answer_name(it->answer));
        draw_wrapped(y, 4, w - 2, it->why, 0);
    }
}

static bool quiz_key(ui_screen *s, int k)
{
    quiz_screen *qs = (quiz_screen *)s;
    size_t n = qs->q->nitems;
    if (k >= '1' && k <= '4') {
        if (qs->given[qs->cur] < 0)
            qs->given[qs->cur] = k - '1';
        return true;
    }
    switch (k) {
    case 'n':
    case ' ':
    case '\n':
    case '\r':
    case KEY_DOWN:
    case 'j':
        if (qs->cur + 1 < n)
            qs->cur++;
        else
            ui_message("that was the last one: Esc goes back");
        return true;
    case 'p':
    case KEY_UP:
    case 'k':
        if (qs->cur > 0)
            qs->cur--;
        return true;
    default:
        return false;
    }
}

static void quiz_close(ui_screen *s)
{
    quiz_screen *qs = (quiz_screen *)s;
    quiz_free(qs->q);
    free(qs->given);
    free(qs);
}

void ui_quiz_open(const char *path)
{
    char *text;
    size_t len;
    int rc = util_read_file(path, UTIL_FILE_MAX, &text, &len);
    if (rc < 0) {
        ui_message("cannot read %s", path);
        return;
    }
    quiz *q = NULL;
    char err[256];
    const char *name = util_base_name(path);
    rc = quiz_parse(text, len, name, &q, err, sizeof err);
    free(text);
    if (rc < 0) {
        ui_message("%s", err);
        return;
    }
    quiz_screen *qs = xcalloc(1, sizeof *qs);
    qs->base = (ui_screen){
        .name = "quiz",
        .hints = "1-4 answer  n next  p previous  Esc back  ? help",
        .draw = quiz_draw,
        .key = quiz_key,
        .close = quiz_close,
    };
    qs->q = q;
    qs->given = xmalloc(q->nitems * sizeof *qs->given);
    for (size_t i = 0; i < q->nitems; i++)
        qs->given[i] = -1;
    ui_push(&qs->base);
}
