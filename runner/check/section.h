/*
 * Sections of a source file that must stay as the exercise gives them (the `unchanged`
 * directive): a digest of the lines from a marker to the end of the file. Pure: no I/O.
 */
#ifndef SECTION_H
#define SECTION_H

#include <stddef.h>
#include <stdint.h>

/*
 * The digest of the section of text that starts at the first line holding marker and
 * runs to the end: 64-bit FNV-1a over its lines, each without its trailing spaces, tabs
 * and \r and ended by \n, so that an editor's line endings never count as a change.
 * Returns the 1-based number of the line holding marker, or 0 when no line holds it.
 */
int section_digest(const char *text, size_t len, const char *marker, uint64_t *digest);

#endif
