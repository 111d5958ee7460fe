/*
 * Places in a program, from its debug information: an offset into the executable (as the
 * observer writes them) to "server.c:141", or to the function around it. Built on elfutils'
 * libdw where it is (HAVE_LIBDW); elsewhere every lookup says "not known".
 */
#ifndef SRCLINE_H
#define SRCLINE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct srcline srcline;

/* Opens an executable's debug information; NULL when it cannot be read. */
srcline *srcline_open(const char *exe);
void srcline_close(srcline *s);

/*
 * Names the place at offset: with is_return, the call just before a return address; with
 * function, "NAME (FILE:LINE)" of the function that holds it, else "FILE:LINE" (the file
 * without its folder). False when the executable says nothing of it. The signature is
 * observe_where_fn's (observe.h).
 */
bool srcline_where(void *s, unsigned long offset, bool is_return, bool function, char *out,
                   size_t size);

#endif
