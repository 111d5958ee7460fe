/*
 * Text a child printed, made safe to show: a program may print anything, and a
 * terminal acts on some of it (ESC starts a command, "\r" moves the cursor, "\b"
 * erases). Pure functions: no locale, and no allocation but in text_line_dup().
 *
 * The convention of text_visible():
 *   - valid UTF-8 is kept as it is (accents, emoji);
 *   - an ASCII control character or DEL is shown in caret notation: ESC as "^[",
 *     "\r" as "^M", "\b" as "^H", NUL as "^@", DEL as "^?";
 *   - a tab becomes spaces up to the next multiple of 8 columns (a column per
 *     character shown, which is exact for the programs' ASCII output);
 *   - every other byte a terminal should not see is shown as "\xNN" (lowercase hex):
 *     bytes that are not valid UTF-8, C1 control characters (U+0080..U+009F, so
 *     "\xc2\x9b" for U+009B), and the characters that reorder text (U+202A..U+202E,
 *     U+2066..U+2069) or break it (U+2028, U+2029).
 * A literal "^[" or "\x1b" the program printed looks the same as an escaped one;
 * that is the price of a readable form.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>

/* Renders the string s by the convention above into out: at most out_size - 1
   bytes and a '\0' (the result holds no other NUL), never cutting an escape or a
   character in two. Returns how many bytes of s were rendered: strlen(s) when all of
   it fitted. Callers strip a trailing "\r" first (text_rstrip), or it shows as "^M". */
size_t text_visible(const char *s, char *out, size_t out_size);

/* The same for n bytes that may hold NULs (a child's line: its length is what counts). */
size_t text_visible_n(const char *in, size_t n, char *out, size_t out_size);

/* A child's line of n bytes as a C string (malloc'd). A NUL byte in it would end the
   string early and hide the rest of the line, so each becomes "^@", the form
   text_visible() shows a NUL in; everything else is kept as it is, for matching. */
char *text_line_dup(const char *in, size_t n);

/* The cells a UTF-8 string takes on a terminal, one per code point (the glyphs the
   workbook prints are narrow). */
int text_cells(const char *s);

/* The length of s[0..n) without its trailing spaces, tabs and "\r". */
size_t text_rstrip(const char *s, size_t n);

#endif
