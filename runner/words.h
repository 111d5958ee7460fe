/*
 * The words a verdict is told in: how a condition reads as a sentence when its file gives
 * it no `label`, and whether a screen or a report shows the raw rules beside the
 * sentences. One home, so that a sentence reads the same on the screen, in the text
 * verdict, in TAP, JSON and JUnit.
 */
#ifndef WORDS_H
#define WORDS_H

#include <stdbool.h>

/* What stands for a value that is not known (yet): "heartbeat 1 at … ms". */
#define WORDS_UNKNOWN "…"

/* A comparison as words, in the order of the expectation format's operators
   (<, <=, >, >=, ==, !=): "less than", "at most", ... */
const char *words_compare(int op);

/* What a capture is, by its type (ms, int, num, word, text): "time", "number", "word". */
const char *words_capture_kind(int cap_type);

/* What the checker did with the shell's variables that matter, for the verdict: ignored
   and kept are ", "-separated "NAME=value" lists, either NULL. malloc'd; NULL when both are. */
char *words_environment(const char *ignored, const char *kept);

/* "Show the rules": the raw rule (`hb1 <= 80`, `{ha:int}`) beside each sentence. Set by
   `--verbose`, toggled by a key on the screens; off by default. */
void words_set_rules(bool on);
bool words_rules(void);

#endif
