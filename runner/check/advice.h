/*
 * What to install when a build fails for want of a tool or a library: compilers and
 * make say "uv.h: No such file or directory" or "cannot find -luv"; a newcomer needs
 * "install libuv1-dev (make deps does it)". Pure: no I/O.
 */
#ifndef ADVICE_H
#define ADVICE_H

/* For one line of a build's output that shows something missing, the sentence that
   names the Debian package to install; NULL for any other line. */
const char *advice_for_build_line(const char *line);

#endif
