/*
 * Knobs: the few numbers that carry a lesson's idea (how many threads, how long a wait),
 * which the workbook can change without editing the program.
 *
 *     int pool = knob("pool", 9);
 *
 * reads KNOB_POOL from the environment: `workbook run 10 --set pool=8` sets it, and the
 * expectations change with it (each lesson's .expect file declares its knobs and their
 * ranges). Run as it is, with no KNOB_ variable, a program keeps the value written here:
 * it is the lesson as written. A value that is not a whole number is ignored for the
 * same reason; the workbook has already refused it with a sentence saying why.
 */
#ifndef KNOB_H
#define KNOB_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

static inline int knob(const char *name, int value_as_written)
{
    char var[64];
    int n = snprintf(var, sizeof var, "KNOB_%s", name);
    for (int i = 5; i < n && i < (int)sizeof var; i++)
        var[i] = (char)toupper((unsigned char)var[i]);
    const char *text = getenv(var);
    if (!text || !*text)
        return value_as_written;
    char *end;
    long v = strtol(text, &end, 10);
    return *end == '\0' && v >= -1000000000L && v <= 1000000000L ? (int)v : value_as_written;
}

#endif
