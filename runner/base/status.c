/*
 * How a check came out (status.h).
 */
#include "status.h"

bool expect_status_skipped(expect_status s)
{
    return s == EXPECT_NOT_GRADABLE || s == EXPECT_NOT_RUN || s == EXPECT_PENDING;
}

const char *expect_status_name(expect_status s)
{
    static const char *const names[] = {
        [EXPECT_PASS] = "pass",
        [EXPECT_FAIL] = "fail",
        [EXPECT_INFO] = "info",
        [EXPECT_NOT_GRADABLE] = "not_gradable",
        [EXPECT_NOT_RUN] = "not_run",
        [EXPECT_PENDING] = "pending",
    };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
