/*
 * Missing tools and libraries, and the Debian packages that bring them.
 */
#include "advice.h"

#include <stddef.h>
#include <string.h>

typedef struct advice {
    const char *symptom; /* a piece of the compiler's or the shell's message */
    const char *say;
} advice;

static const advice advices[] = {
    {"uv.h: No such file", "libuv's headers are missing: install libuv1-dev (make deps does it)"},
    {"uv.h' file not found", /* clang's words */
     "libuv's headers are missing: install libuv1-dev (make deps does it)"},
    {"cannot find -luv", "libuv is missing: install libuv1-dev (make deps does it)"},
    {"omp.h' file not found",
     "OpenMP's header is missing: install LLVM's OpenMP runtime for clang (Debian: libomp-dev; "
     "make deps does it)"},
    {"cannot find -lomp",
     "LLVM's OpenMP runtime is missing: install libomp-dev (make deps does it)"},
    {"omp.h: No such file",
     "OpenMP's header is missing: install gcc's libgomp (Debian: gcc, build-essential)"},
    {"cannot find -lgomp",
     "OpenMP's runtime is missing: install libgomp1 (Debian: gcc, build-essential)"},
    {"pkg-config: not found", "pkg-config is missing: install pkg-config (make deps does it)"},
    {"cc: not found", "there is no C compiler: install build-essential (make deps does it)"},
    {"cc: command not found",
     "there is no C compiler: install build-essential (make deps does it)"},
    {"make: not found", "make is missing: install build-essential (make deps does it)"},
};

const char *advice_for_build_line(const char *line)
{
    for (size_t i = 0; line && i < sizeof advices / sizeof advices[0]; i++)
        if (strstr(line, advices[i].symptom))
            return advices[i].say;
    return NULL;
}
