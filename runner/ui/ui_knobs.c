/*
 * The knobs panel (ui_knobs.h). Values move one step at a time within the knob's range;
 * nothing runs until Enter, so that the room can be asked first.
 */
#include "ui_knobs.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "present.h"
#include "ui.h"
#include "ui_timeline.h"

void ui_knobs_learn(ui_knobs *p, const expect_file *f, const expect_machine *m)
{
    for (size_t i = 0; f && i < expect_knob_count(f); i++) {
        expect_knob kb;
        expect_knob_info(f, i, m, &kb);
        bool known = false;
        for (size_t j = 0; j < p->n; j++)
            known |= strcmp(p->k[j].name, kb.name) == 0;
        if (known || p->n >= KNOBSET_MAX)
            continue;
        ui_knob *k = &p->k[p->n++];
        snprintf(k->name, sizeof k->name, "%s", kb.name);
        snprintf(k->what, sizeof k->what, "%s", kb.what);
        k->lo = kb.lo;
        k->hi = kb.hi;
        k->def = kb.def;
        k->value = kb.def;
    }
}

void ui_knobs_clear(ui_knobs *p)
{
    *p = (ui_knobs){0};
}

void ui_knobs_settings(const ui_knobs *p, knobset *out)
{
    *out = (knobset){0};
    for (size_t i = 0; i < p->n; i++) {
        char v[24];
        snprintf(v, sizeof v, "%d", p->k[i].value);
        if (p->k[i].value != p->k[i].def)
            knobset_put(out, p->k[i].name, v);
    }
}

ui_knobs_action ui_knobs_key(ui_knobs *p, int key)
{
    if (!p->open)
        return UI_KNOBS_NONE;
    ui_knob *k = p->n ? &p->k[p->sel] : NULL;
    switch (key) {
    case KEY_LEFT:
    case 'h':
        if (k && k->value > k->lo)
            k->value--;
        return UI_KNOBS_HANDLED;
    case KEY_RIGHT:
    case 'l':
        if (k && k->value < k->hi)
            k->value++;
        return UI_KNOBS_HANDLED;
    case KEY_UP:
        if (p->sel > 0)
            p->sel--;
        return UI_KNOBS_HANDLED;
    case KEY_DOWN:
        if (p->sel + 1 < p->n)
            p->sel++;
        return UI_KNOBS_HANDLED;
    case '0':
        for (size_t i = 0; i < p->n; i++)
            p->k[i].value = p->k[i].def;
        return UI_KNOBS_HANDLED;
    case '\n':
    case '\r':
    case KEY_ENTER:
        return p->n ? UI_KNOBS_RUN : UI_KNOBS_HANDLED;
    case 's':
        return p->n && p->can_sweep ? UI_KNOBS_SWEEP : UI_KNOBS_HANDLED;
    case 27:
    case 'K':
        p->open = false;
        return UI_KNOBS_HANDLED;
    default:
        return UI_KNOBS_NONE;
    }
}

void ui_knobs_sweep_range(const ui_knobs *p, knobset_range *out)
{
    const ui_knob *k = &p->k[p->sel];
    /* Small counts one by one, so that a cliff (a pool of 8 against 9) shows; lengths
       by a quarter of their value. */
    int step = k->value > 16 ? k->value / 4 : 1;
    int from = k->value - 4 * step < k->lo ? k->lo : k->value - 4 * step;
    int to = from + 8 * step > k->hi ? k->hi : from + 8 * step;
    *out = (knobset_range){.from = from, .to = to, .step = step};
    snprintf(out->name, sizeof out->name, "%s", k->name);
}

int ui_knobs_draw(const ui_knobs *p, int y, int x, int h, int w, bool large)
{
    if (!p->open)
        return 0;
    int box = ui_attr(UI_SELECTED);
    int need = p->n ? (int)p->n + 3 : 3;
    if (large && p->n)
        need += PRESENT_BIG_ROWS + 1;
    if (need > h)
        need = h;
    int top = y + h - need;
    for (int r = top; r < y + h; r++)
        ui_fill(r, x, w, box);
    ui_put(top, x + 1, w - 2,
           p->can_sweep ? "knobs: ←→ change  ↑↓ choose  Enter run  s sweep  0 defaults  Esc close"
                        : "knobs: ←→ change  ↑↓ choose  Enter run  0 defaults  Esc close",
           box | A_BOLD);
    if (p->n == 0) {
        ui_put(top + 1, x + 1, w - 2, "this program has no knobs", box);
        return need;
    }
    int row = top + 1;
    if (large) {
        /* The selected value, large enough to read from the back of the room. */
        const ui_knob *k = &p->k[p->sel];
        char num[32], big[PRESENT_BIG_ROWS][512];
        snprintf(num, sizeof num, "%d", k->value);
        int bw = present_big(num, ui_timeline_ascii(), big);
        for (int r = 0; r < PRESENT_BIG_ROWS && row < y + h; r++)
            ui_put(row++, x + (bw < w ? (w - bw) / 2 : 1), w - 2, big[r], box | A_BOLD);
        row++;
    }
    for (size_t i = 0; i < p->n && row < y + h - 1; i++, row++) {
        const ui_knob *k = &p->k[i];
        int attr = i == p->sel ? (int)(box | A_REVERSE | A_BOLD) : box;
        ui_putf(row, x + 1, w - 2, attr, "%s %-10s %5d  [%d..%d]%s  %s", i == p->sel ? "▸" : " ",
                k->name, k->value, k->lo, k->hi, k->value != k->def ? "*" : " ", k->what);
    }
    return need;
}
