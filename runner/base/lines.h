/*
 * Line assembly: turns the byte chunks a child writes into whole lines, whatever
 * way the chunks happen to split them. Pure: no I/O, no clock, no libuv.
 *
 * A line is delivered without its "\n"; a "\r" before it is kept (the caller
 * decides what a CRLF means). A line longer than the cap is delivered with its
 * first cap bytes and flagged cut; the rest of it is dropped. Every byte sequence is
 * valid input, including NUL bytes.
 */
#ifndef LINES_H
#define LINES_H

#include <stdbool.h>
#include <stddef.h>

/* The cap used when 0 is given. */
#define LINES_DEFAULT_CAP (64 * 1024)

/* Called once per line. line[len] is '\0' for convenience, but the line may hold
   NUL bytes itself: len is what counts. The buffer is reused after the call. */
typedef void (*lines_fn)(void *ctx, const char *line, size_t len, bool cut);

typedef struct lines {
    char *buf;    /* the line being assembled, cap + 1 bytes */
    size_t len;   /* bytes of it kept so far (never more than cap) */
    size_t cap;   /* the longest line kept whole */
    bool cut;     /* bytes of this line were dropped */
    bool pending; /* a line has started (so flush has something to deliver) */
    lines_fn fn;
    void *ctx;
} lines;

/* Prepares l with a line cap (0: LINES_DEFAULT_CAP). Returns 0 or -ENOMEM. */
int lines_init(lines *l, size_t cap, lines_fn fn, void *ctx);
/* Feeds n bytes; calls fn for each line the bytes complete. */
void lines_feed(lines *l, const char *data, size_t n);
/* Delivers a last line that has no "\n" yet, if any bytes of one arrived. */
void lines_flush(lines *l);
/* Frees the buffer; l may be initialised again afterwards. */
void lines_free(lines *l);

#endif
