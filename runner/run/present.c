/*
 * Presentation mode's pure parts (present.h).
 */
#include "present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

static char *trimmed(const char *s, size_t n)
{
    n = text_rstrip(s, n);
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    return xstrndup(s, n);
}

/* Splits "A B REST" into words; the last gets the rest of the line. */
static int split(const char *s, char **w, int nw)
{
    int k = 0;
    while (k < nw) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        size_t n = k == nw - 1 ? strlen(s) : strcspn(s, " \t");
        w[k++] = trimmed(s, n);
        s += n;
    }
    return k;
}

static int deck_line(present_deck *d, const char *kw, const char *arg)
{
    if (strcmp(kw, "lesson") == 0 || strcmp(kw, "exercise") == 0) {
        d->items = xrealloc(d->items, (d->n + 1) * sizeof *d->items);
        present_item *it = &d->items[d->n++];
        memset(it, 0, sizeof *it);
        it->exercise = kw[0] == 'e';
        char *end;
        it->number = (int)strtol(arg, &end, 10);
        return end != arg && *end == '\0' ? 0 : -1;
    }
    if (d->n == 0)
        return -1;
    present_item *it = &d->items[d->n - 1];
    if (strcmp(kw, "question") == 0 && !it->question)
        return (it->question = xstrdup(arg)), 0;
    if (strcmp(kw, "takeaway") == 0 && !it->takeaway)
        return (it->takeaway = xstrdup(arg)), 0;
    if (strcmp(kw, "mark") == 0) {
        char *m = xasprintf("%s%s\n", it->marks ? it->marks : "", arg);
        free(it->marks);
        it->marks = m;
        return 0;
    }
    if (strcmp(kw, "code") == 0 && !it->code_variant) {
        char *w[3] = {0};
        if (split(arg, w, 3) < 2) {
            free(w[0]);
            return -1;
        }
        it->code_variant = w[0], it->code_from = w[1], it->code_to = w[2];
        return 0;
    }
    if (strcmp(kw, "number") == 0 && !it->num_variant) {
        const char *bar = strchr(arg, '|');
        char *w[3] = {0};
        char *head = xstrndup(arg, bar ? (size_t)(bar - arg) : strlen(arg));
        int k = split(head, w, 3);
        free(head);
        it->num_variant = w[0], it->num_name = w[1], it->num_format = w[2];
        it->num_caption = bar ? trimmed(bar + 1, strlen(bar + 1)) : xstrdup("");
        char probe[64];
        return k == 3 && present_format_number(w[2], 1, probe, sizeof probe) ? 0 : -1;
    }
    return -1;
}

int present_deck_parse(const char *text, size_t len, present_deck *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    int lineno = 0;
    for (size_t off = 0; off < len;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - text) : len;
        char *line = trimmed(text + off, end - off);
        off = end + 1;
        lineno++;
        if (!*line || line[0] == '#') {
            free(line);
            continue;
        }
        size_t k = strcspn(line, " \t");
        char *kw = xstrndup(line, k), *arg = trimmed(line + k, strlen(line + k));
        int rc = deck_line(out, kw, arg);
        if (rc < 0)
            snprintf(err, errlen, "present.txt:%d: cannot read '%.40s'", lineno, line);
        free(kw);
        free(arg);
        free(line);
        if (rc < 0) {
            present_deck_free(out);
            return -1;
        }
    }
    return 0;
}

void present_deck_free(present_deck *d)
{
    for (size_t i = 0; i < d->n; i++) {
        present_item *it = &d->items[i];
        free(it->question);
        free(it->takeaway);
        free(it->code_variant);
        free(it->code_from);
        free(it->code_to);
        free(it->num_variant);
        free(it->num_name);
        free(it->num_format);
        free(it->num_caption);
        free(it->marks);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

/* One source line with its tabs expanded to 4 columns. */
static char *expand_tabs(const char *s, size_t n)
{
    size_t tabs = 0;
    for (size_t i = 0; i < n; i++)
        tabs += s[i] == '\t';
    char *out = xmalloc(n + tabs * 3 + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t') {
            memcpy(o, "    ", 4);
            o += 4;
        } else if (s[i] != '\r') {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

size_t present_excerpt(const char *source, const char *from, const char *to, size_t max,
                       char ***out, int *first)
{
    *out = NULL;
    *first = 0;
    size_t n = 0;
    bool in = false;
    int lineno = 0;
    for (const char *p = source; *p && n < max;) {
        size_t len = strcspn(p, "\n");
        char *line = expand_tabs(p, len);
        lineno++;
        p += len + (p[len] == '\n');
        if (!in && strstr(line, from)) {
            in = true;
            *first = lineno;
        }
        if (!in) {
            free(line);
            continue;
        }
        *out = xrealloc(*out, (n + 1) * sizeof **out);
        (*out)[n++] = line;
        if (to && n > 1 && strstr(line, to))
            break;
    }
    return n;
}

void present_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static const struct {
    char c;
    const char *rows[PRESENT_BIG_ROWS];
} font[] = {
    {'0', {"###", "# #", "# #", "# #", "###"}}, {'1', {" # ", "## ", " # ", " # ", "###"}},
    {'2', {"###", "  #", "###", "#  ", "###"}}, {'3', {"###", "  #", "###", "  #", "###"}},
    {'4', {"# #", "# #", "###", "  #", "  #"}}, {'5', {"###", "#  ", "###", "  #", "###"}},
    {'6', {"###", "#  ", "###", "# #", "###"}}, {'7', {"###", "  #", "  #", "  #", "  #"}},
    {'8', {"###", "# #", "###", "# #", "###"}}, {'9', {"###", "# #", "###", "  #", "###"}},
    {'+', {"   ", " # ", "###", " # ", "   "}}, {'-', {"   ", "   ", "###", "   ", "   "}},
    {'.', {" ", " ", " ", " ", "#"}},           {'x', {"   ", "# #", " # ", "# #", "   "}},
    {'%', {"# #", "  #", " # ", "#  ", "# #"}}, {' ', {" ", " ", " ", " ", " "}},
};

int present_big(const char *text, bool ascii, char rows[PRESENT_BIG_ROWS][512])
{
    const char *block = ascii ? "#" : "█";
    size_t lens[PRESENT_BIG_ROWS] = {0};
    int width = 0;
    for (int r = 0; r < PRESENT_BIG_ROWS; r++)
        rows[r][0] = '\0';
    for (const char *s = text; *s; s++) {
        char c = *s;
        if (strncmp(s, "×", strlen("×")) == 0) {
            c = 'x';
            s += strlen("×") - 1;
        }
        size_t g = 0;
        while (g < sizeof font / sizeof font[0] && font[g].c != c)
            g++;
        if (g == sizeof font / sizeof font[0])
            continue;
        int w = (int)strlen(font[g].rows[0]);
        for (int r = 0; r < PRESENT_BIG_ROWS; r++) {
            for (int x = 0; x <= w; x++) {
                const char *cell = x < w && font[g].rows[r][x] == '#' ? block : " ";
                size_t cl = strlen(cell);
                if (lens[r] + cl < 512) {
                    memcpy(rows[r] + lens[r], cell, cl + 1);
                    lens[r] += cl;
                }
            }
        }
        width += w + 1;
    }
    return width > 0 ? width - 1 : 0;
}

bool present_format_number(const char *format, double value, char *buf, size_t size)
{
    int conversions = 0;
    for (const char *p = format; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        p++;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9')
                return false;
            p++;
        }
        if (*p != 'f')
            return false;
        conversions++;
    }
    if (conversions != 1)
        return false;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(buf, size, format, value);
#pragma GCC diagnostic pop
    return true;
}

size_t present_replay_parse(const char *text, size_t len, char ***lines, double **t_ms)
{
    size_t n = 0;
    *lines = NULL;
    *t_ms = NULL;
    for (size_t off = 0; off < len;) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *tab = memchr(text + off, '\t', end - off);
        if (tab) {
            *lines = xrealloc(*lines, (n + 1) * sizeof **lines);
            *t_ms = xrealloc(*t_ms, (n + 1) * sizeof **t_ms);
            (*t_ms)[n] = strtod(text + off, NULL);
            (*lines)[n] = xstrndup(tab + 1, (size_t)(text + end - tab - 1));
            n++;
        }
        off = end + 1;
    }
    return n;
}
