/*
 * Reading an expectation file from disk (expect.h, expect_load): the one door through
 * which the checker, the runs and presentation mode get their expectations, so that an
 * unreadable or malformed file is reported the same way everywhere. The rest of the
 * expectation module stays pure: this is its only file that touches the file system.
 */
#include "expect.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int expect_load(const char *path, const char *extra, expect_file **out, char *err, size_t errlen)
{
    char *text;
    size_t len;
    *out = NULL;
    int rc = util_read_file(path, UTIL_FILE_MAX, &text, &len);
    if (rc < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(-rc));
        return rc;
    }
    if (extra) {
        char *all = xasprintf("%s\n%s", text, extra);
        free(text);
        text = all;
        len = strlen(all);
    }
    rc = expect_parse(text, len, path, out, err, errlen);
    free(text);
    if (rc == EXPECT_ERR_NOMEM)
        return -ENOMEM;
    return rc < 0 ? -EINVAL : 0;
}
