/*
 * The quiz file parser: blocks of `workload:`, `answer:` and `why:` lines.
 */
#include "quiz.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

static const char *const answer_names[] = {"wait", "work", "plain", "offload"};
static const char *const answer_meanings[] = {
    "an event loop (libuv)",
    "threads or OpenMP",
    "plain sequential code",
    "a loop program, with uv_queue_work for the heavy part",
};

const char *quiz_answer_name(quiz_answer a)
{
    return a <= QUIZ_OFFLOAD ? answer_names[a] : "?";
}

const char *quiz_answer_meaning(quiz_answer a)
{
    return a <= QUIZ_OFFLOAD ? answer_meanings[a] : "?";
}

int quiz_answer_parse(const char *word)
{
    for (int i = 0; i <= QUIZ_OFFLOAD; i++)
        if (strcasecmp(word, answer_names[i]) == 0)
            return i;
    if (strlen(word) == 1) {
        /* "w" is ambiguous (wait, work); the screen uses digits instead. */
        int c = tolower((unsigned char)word[0]);
        if (c == 'p')
            return QUIZ_PLAIN;
        if (c == 'o')
            return QUIZ_OFFLOAD;
    }
    return -1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    s[text_rstrip(s, strlen(s))] = '\0';
    return s;
}

void quiz_free(quiz *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->nitems; i++) {
        free(q->items[i].workload);
        free(q->items[i].why);
    }
    free(q->items);
    free(q);
}

/* Closes the block being read: it must have all three fields. */
static int finish_item(quiz *q, quiz_item *cur, int *have, const char *filename, int line,
                       char *err, size_t errlen)
{
    if (*have == 0)
        return 0;
    if (*have != 7) {
        snprintf(err, errlen, "%s:%d: a quiz item needs workload:, answer: and why:", filename,
                 line);
        free(cur->workload);
        free(cur->why);
        memset(cur, 0, sizeof *cur);
        *have = 0;
        return -EINVAL;
    }
    q->items = xrealloc(q->items, (q->nitems + 1) * sizeof *q->items);
    q->items[q->nitems++] = *cur;
    memset(cur, 0, sizeof *cur);
    *have = 0;
    return 0;
}

int quiz_parse(const char *text, size_t len, const char *filename, quiz **out, char *err,
               size_t errlen)
{
    quiz *q = xcalloc(1, sizeof *q);
    quiz_item cur = {0};
    int have = 0; /* bits: 1 workload, 2 answer, 4 why */
    int block_line = 0, lineno = 0, rc = 0;
    char *copy = xstrndup(text, len);
    /* strtok_r would skip empty lines, which end blocks: split by hand. */
    for (char *p = copy; p && rc == 0;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *line = trim(p);
        p = nl ? nl + 1 : NULL;
        if (*line == '#')
            continue;
        if (*line == '\0') {
            rc = finish_item(q, &cur, &have, filename, block_line, err, errlen);
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon) {
            snprintf(err, errlen, "%s:%d: expected workload:, answer: or why:", filename, lineno);
            rc = -EINVAL;
            break;
        }
        *colon = '\0';
        char *key = trim(line), *value = trim(colon + 1);
        if (have == 0)
            block_line = lineno;
        if (strcmp(key, "workload") == 0 && !(have & 1) && *value) {
            cur.workload = xstrdup(value);
            have |= 1;
        } else if (strcmp(key, "answer") == 0 && !(have & 2)) {
            int a = -1;
            for (int i = 0; i <= QUIZ_OFFLOAD; i++)
                if (strcmp(value, answer_names[i]) == 0)
                    a = i;
            if (a < 0) {
                snprintf(err, errlen, "%s:%d: answer must be wait, work, plain or offload",
                         filename, lineno);
                rc = -EINVAL;
                break;
            }
            cur.answer = (quiz_answer)a;
            have |= 2;
        } else if (strcmp(key, "why") == 0 && !(have & 4) && *value) {
            cur.why = xstrdup(value);
            have |= 4;
        } else {
            snprintf(err, errlen, "%s:%d: unexpected '%s:' here", filename, lineno, key);
            rc = -EINVAL;
            break;
        }
    }
    if (rc == 0)
        rc = finish_item(q, &cur, &have, filename, block_line, err, errlen);
    free(cur.workload);
    free(cur.why);
    free(copy);
    if (rc == 0 && q->nitems == 0) {
        snprintf(err, errlen, "%s: the quiz has no items", filename);
        rc = -EINVAL;
    }
    if (rc < 0) {
        quiz_free(q);
        return rc;
    }
    *out = q;
    return 0;
}
