/*
 * The words a verdict is told in: how a condition reads as a sentence when its file gives
 * it no `label`, and whether a screen or a report shows the raw rules beside the
 * sentences. One home, so that a sentence reads the same on the screen, in the text
 * verdict, in TAP, JSON and JUnit.
 */
#ifndef WORDS_H
#define WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* What stands for a value that is not known (yet): "heartbeat 1 at … ms". */
#define WORDS_UNKNOWN "…"

/* A comparison as words, in the order of the expectation format's operators
   (<, <=, >, >=, ==, !=): "less than", "at most", ... */
const char *words_compare(int op);

/* What a capture is, by its type (ms, int, num, word, text): "time", "number", "word". */
const char *words_capture_kind(int cap_type);

/*
 * A rule without a `label`, in words: "SUBJECT: BOUND". Each writes into buf (cut to n).
 * Values are text already formatted; WORDS_UNKNOWN stands for one not known.
 */
/* A subject that is an expression: "a value computed from the output" (or "from what the
   run did" when it names a fact of the run). */
const char *words_computed(bool from_run);
/* A capture by the line it comes from: "the time in "heartbeat 1 at … ms"". */
void words_capture(char *buf, size_t n, int cap_type, const char *pattern);
/* A repeat's count: "how many lines "progress …/40" took". */
void words_count(char *buf, size_t n, const char *pattern);
/* Bounds: "exactly 0", "between 40 and 80", "at most 80" (op as in words_compare),
   "at least 2 and less than 8", ""ok"" or "not "ok"". */
void words_exactly(char *buf, size_t n, const char *value);
void words_between(char *buf, size_t n, const char *lo, const char *hi);
void words_compared(char *buf, size_t n, int op, const char *value);
void words_range(char *buf, size_t n, bool lo_closed, const char *lo, bool hi_closed,
                 const char *hi);
void words_word(char *buf, size_t n, bool negated, const char *word);
/* The two together: "blocking sleeps on the loop thread: exactly 0". */
void words_condition(char *buf, size_t n, const char *subject, const char *bound);

/* What the checker did with the shell's variables that matter, for the verdict: ignored
   and kept are ", "-separated "NAME=value" lists, either NULL. malloc'd; NULL when both are. */
char *words_environment(const char *ignored, const char *kept);

/* "Show the rules": the raw rule (`hb1 <= 80`, `{ha:int}`) beside each sentence. Set by
   `--verbose`, toggled by a key on the screens; off by default. */
void words_set_rules(bool on);
bool words_rules(void);

#endif
