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

#include "child.h"
#include "status.h"

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

/*
 * The checker's own sentences, for its checks (compiles, runs, the sections kept, the
 * output no line expects), the notes of checks not judged, and the summary: the text
 * verdict, TAP, JSON, JUnit and the exercise screen all take them from here. (The race
 * check's words are its own, in check/race_words.c; the missing tools' advice is
 * words_advice.c.)
 */
#define WORDS_COMPILES "compiles"
#define WORDS_RUNS "runs"
#define WORDS_COMPILE_ERRORS "the compiler reported errors (shown above)"
#define WORDS_FIRST_ERROR "fix the first error first: the ones after it often follow from it"
#define WORDS_NOT_RUN "not run"
#define WORDS_NOT_COMPILED "not run: it did not compile"
#define WORDS_MISSING "missing"
#define WORDS_EXTRA_LINE "no line expects this output"
#define WORDS_EXTRA_MORE "more output no line expects"
#define WORDS_NOT_OBSERVED "not judged: the run was not observed"
#define WORDS_NEVER_HAPPENED "it never happened in this run"
#define WORDS_FACTS_UNKNOWN "not gradable here: the machine's facts are unknown"
#define WORDS_NOT_COMPUTED "could not be computed (a division by zero?)"
/* The parts of a verdict, the same in text, TAP and on the screen. */
#define WORDS_CANNOT_CHECK "cannot check"
#define WORDS_BUILT_WITH "built with"
#define WORDS_COMPILER_SAYS "the compiler says"
#define WORDS_DIFF "the output differs (- expected, + printed, unmarked: as expected)"
#define WORDS_STDERR "the program's stderr (shown, not graded)"
/* A verdict's title: "exercise 2, offload-hash" (malloc'd). */
char *words_exercise_title(int number, const char *slug);
/* A grading's total: "3 of 5 passed" (into buf). */
void words_files_passed(char *buf, size_t n, size_t passed, size_t total);
/* After a text verdict, with the exercise's number (printf formats). */
#define WORDS_WELL_DONE "Well done. Compare with the reference: workbook solution %d"
#define WORDS_STUCK "Stuck? workbook hint %d shows the next hint."

/* Why a check was not judged, when it has no note of its own: "not gradable on this
   machine", "not run", "pending: the run has not ended". */
const char *words_not_judged(expect_status st);
/* The compile's result: "no warnings", "with 2 warnings (shown above)" (malloc'd). */
char *words_warnings(int warnings);
/* "3 more lines" (malloc'd). */
char *words_more_lines(size_t n);
/* "timing held in 1 of 3 runs" (malloc'd). */
char *words_timing_runs(int held, int runs);
/* How a child ended, for a person: "exited with status 3", "killed by SIGSEGV
   (segmentation fault)", "timed out after 10 s", ... (into buf). */
void words_exit(const child_status *st, double timeout_s, char *buf, size_t len);
/* What to do about a run that did not end well (malloc'd); output_cap is the checker's
   limit on its output, in bytes; left_open names the handles the observer saw left open
   when uv_loop_close failed ("a handle" when it could not name them), or is NULL. */
char *words_run_hint(const child_status *st, double timeout_s, unsigned output_cap,
                     const char *left_open);
/* A section kept as the exercise gives it (`unchanged`): its label, and what was found
   (line: where it starts, 0 when no line holds it, -1 when the file could not be read;
   hint set when it is not as given). malloc'd. */
char *words_section_label(const char *marker);
char *words_section_found(const char *marker, int line, unsigned long long digest,
                          unsigned long long want, char **hint);
/* A note of the matcher: a capture that never came ("not run: 'hb1' (line 4) is missing"),
   a `when` this machine does not meet ("not gradable here: needs 2 cores (this machine:
   1 core)"; machine "" or NULL: not said). Into buf. */
void words_capture_missing(char *buf, size_t n, const char *capture, int line);
void words_needs(char *buf, size_t n, const char *needs, const char *machine);
/* The verdict's summary: "passed" or "not yet", then "3 of 6 checks" (passed) or "3 of 6
   checks passed" (not yet), "; timing held in 1 of 3 runs" when it ran more than once. */
const char *words_verdict(bool passed);
void words_checks(char *buf, size_t n, bool passed, int checks_passed, int checks_total,
                  int runs_passed, int runs);

/* "Show the rules": the raw rule (`hb1 <= 80`, `{ha:int}`) beside each sentence. Set by
   `--verbose`, toggled by a key on the screens; off by default. */
void words_set_rules(bool on);
bool words_rules(void);

#endif
