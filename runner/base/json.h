/*
 * The little JSON the workbook writes (verdicts, traces): strings escaped by the
 * standard, so that any parser reads them back. Pure formatting: no allocation.
 */
#ifndef JSON_H
#define JSON_H

#include <stdio.h>

/* The inside of a JSON string: quotes and backslashes escaped, control bytes as \uXXXX. */
void json_write_chars(FILE *out, const char *s);
/* A JSON string in quotes, or null for NULL. */
void json_write_string(FILE *out, const char *s);

#endif
