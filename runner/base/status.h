/*
 * How a check came out: the one vocabulary from the matcher (expect.h's rows) through the
 * checker's verdict (check.h's items) to every output, the screens, text, TAP, JSON and
 * JUnit. Nothing converts it on the way, so nothing is lost: a check not gradable on this
 * machine stays apart from one that did not run.
 */
#ifndef STATUS_H
#define STATUS_H

#include <stdbool.h>

typedef enum expect_status {
    EXPECT_PASS,         /* held */
    EXPECT_FAIL,         /* did not hold: fails the run */
    EXPECT_INFO,         /* informational: shown, never fails (info_held says how it went) */
    EXPECT_NOT_GRADABLE, /* a `when` did not hold on this machine */
    EXPECT_NOT_RUN,      /* a capture it needs is missing from the output */
    EXPECT_PENDING,      /* the run is not complete and its captures have not all arrived */
} expect_status;

/* Whether it was not judged (not gradable here, not run, pending): TAP and JUnit skip it. */
bool expect_status_skipped(expect_status s);
/* Its name in the machine formats (JSON): "pass", "fail", "info", "not_gradable", "not_run",
   "pending". */
const char *expect_status_name(expect_status s);

#endif
