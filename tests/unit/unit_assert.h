/*
 * Asserts that say what they saw. cmocka 1.1's assert_true(a == b) fails with the
 * expression alone; these print both values, so a failure in CI needs no rerun.
 * Include after <cmocka.h>.
 */
#ifndef UNIT_ASSERT_H
#define UNIT_ASSERT_H

/* Two numbers equal, compared as doubles: facts, captures, deltas and expression
 * values are all doubles, and every wanted value here is exact in one. */
#define assert_double_eq(actual, wanted)                                                   \
    do {                                                                                   \
        double unit_actual_ = (actual), unit_wanted_ = (wanted);                           \
        if (unit_actual_ != unit_wanted_)                                                  \
            fail_msg("%s is %.17g, wanted %.17g", #actual, unit_actual_, unit_wanted_);    \
    } while (0)

#endif
