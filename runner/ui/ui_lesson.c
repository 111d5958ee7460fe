/*
 * The lesson screen: lesson.md rendered with mdrender and scrolled with the keys;
 * r runs the lesson's programs, v shows their code, Q opens the quiz of lesson 08.
 */
#include "ui_lesson.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "mdrender.h"
#include "ui.h"
#include "ui_code.h"
#include "ui_quiz.h"
#include "ui_run.h"
#include "util.h"

/* Lines longer than this are harder to read than they are useful. */
#define LESSON_MAX_WIDTH 88

typedef struct lesson_screen {
    ui_screen base;
    const catalog_lesson *lesson;
    char *markdown; /* the file's text, or NULL when it cannot be read */
    md_doc *doc;
    int doc_width; /* the width doc was laid out for */
    int top, page;
    char error[256];
} lesson_screen;

/* The curses attributes for a run of markdown styles. */
int ui_md_attr(unsigned style)
{
    int a = 0;
    if (style & MD_S_HEADING)
        a |= ui_attr(UI_HEADING);
    if (style & (MD_S_CODEBLOCK | MD_S_CODE))
        a |= ui_attr(UI_CODE);
    if (style & MD_S_STRONG)
        a |= A_BOLD;
    if (style & MD_S_EM)
        a |= A_ITALIC;
    if (style & MD_S_LINK)
        a |= A_UNDERLINE;
    if (style & (MD_S_TABLE | MD_S_QUOTE | MD_S_RULE))
        a |= ui_attr(UI_DIM);
    if (style & MD_S_TABLE_HEAD)
        a |= A_BOLD;
    if (style & MD_S_BULLET)
        a |= ui_attr(UI_ACCENT);
    return a;
}

void ui_md_draw_line(int y, int x, int maxw, const md_line *l)
{
    int used = 0;
    for (size_t i = 0; i < l->nspans && used < maxw; i++) {
        const md_span *sp = &l->spans[i];
        used +=
            ui_putn(y, x + used, maxw - used, l->text + sp->off, sp->len, ui_md_attr(sp->style));
    }
}

static void layout(lesson_screen *ls, int cols)
{
    int width = cols - 4 < LESSON_MAX_WIDTH ? cols - 4 : LESSON_MAX_WIDTH;
    if (ls->doc && width == ls->doc_width)
        return;
    md_doc_free(ls->doc);
    ls->doc = NULL;
    if (ls->markdown && mdrender(ls->markdown, strlen(ls->markdown), width, &ls->doc) < 0)
        snprintf(ls->error, sizeof ls->error, "%s cannot be read as markdown",
                 ls->lesson->markdown);
    ls->doc_width = width;
}

static void lesson_draw(ui_screen *s, int rows, int cols)
{
    lesson_screen *ls = (lesson_screen *)s;
    layout(ls, cols);
    ui_putf(0, 1, cols - 2, ui_attr(UI_TITLE), "%02d %s", ls->lesson->number, ls->lesson->slug);
    ls->page = rows - 2;
    if (!ls->doc) {
        ui_put(2, 2, cols - 3, ls->error, ui_attr(UI_FAIL));
        return;
    }
    int n = (int)ls->doc->nlines;
    if (ls->top > n - ls->page)
        ls->top = n - ls->page;
    if (ls->top < 0)
        ls->top = 0;
    if (n > ls->page)
        ui_putf(0, cols - 12, 11, ui_attr(UI_DIM), "%3d%%",
                (ls->top + ls->page) * 100 / (n ? n : 1) > 100
                    ? 100
                    : (ls->top + ls->page) * 100 / (n ? n : 1));
    for (int i = 0; i < ls->page && ls->top + i < n; i++)
        ui_md_draw_line(2 + i, 2, cols - 3, &ls->doc->lines[ls->top + i]);
}

static bool lesson_key(ui_screen *s, int k)
{
    lesson_screen *ls = (lesson_screen *)s;
    if (ui_scroll_key(k, &ls->top, ls->page))
        return true;
    switch (k) {
    case 'r':
        ui_run_open(ls->lesson, 0);
        return true;
    case 'v':
    case '\t':
    case '\n':
    case '\r':
        ui_code_open(ls->lesson, 0);
        return true;
    case 'Q':
        if (ls->lesson->quiz)
            ui_quiz_open(ls->lesson->quiz);
        else
            ui_message("this lesson has no quiz (lesson 08 has one)");
        return true;
    default:
        return false;
    }
}

static void lesson_close(ui_screen *s)
{
    lesson_screen *ls = (lesson_screen *)s;
    md_doc_free(ls->doc);
    free(ls->markdown);
    free(ls);
}

void ui_lesson_open(const catalog_lesson *l)
{
    lesson_screen *ls = xcalloc(1, sizeof *ls);
    ls->base = (ui_screen){
        .name = "lesson",
        .hints = l->quiz ? "↑↓ space scroll  r run  v code  Q quiz  Esc back  ? help"
                         : "↑↓ space scroll  r run  v code  Esc back  ? help",
        .draw = lesson_draw,
        .key = lesson_key,
        .close = lesson_close,
    };
    ls->lesson = l;
    size_t len;
    int rc = l->markdown ? util_read_file(l->markdown, UTIL_FILE_MAX, &ls->markdown, &len) : -2;
    if (rc < 0)
        snprintf(ls->error, sizeof ls->error, "no lesson text yet (%s): r runs the programs",
                 l->markdown ? l->markdown : "lesson.md");
    ui_push(&ls->base);
}
