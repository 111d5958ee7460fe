/*
 * The sandbox around a student's build and run (bubblewrap; the choice and its reasons
 * are in runner/SANDBOX.md).
 *
 * A child in the sandbox sees the system's programs and libraries read-only (/usr and
 * the few files of /etc that programs need), a private /tmp, its scratch folder (the
 * only place it can write), and the read-only paths it is given; the user's home, the
 * folder of submissions and the checkout do not exist there. It has no network but its
 * own loopback, no view of other processes, and it dies with the runner. As root it runs
 * as a user of its own, so that no file the system keeps from other users is readable
 * and the process limit counts.
 *
 * This module only builds argv prefixes and answers whether the sandbox works here; the
 * children are started by child.c.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

/* Whether children can be sandboxed here. The first call tries it once (a few ms) and
   remembers; *why (when not NULL) names the reason it cannot, for a person. */
bool sandbox_available(const char **why);

/* One line for verdicts and doctor: "bubblewrap 0.8.0, as nobody" or the reason there is
   none ("not sandboxed: bwrap is not installed (make deps installs bubblewrap)"). */
const char *sandbox_describe(void);

/* Turns the sandbox off for this process (`--no-sandbox`); why is said in every verdict. */
void sandbox_disable(const char *why);

typedef struct sandbox_spec {
    const char *scratch;         /* the one writable folder (created by the caller) */
    const char *cwd;             /* where the child starts; NULL: scratch */
    const char *const *ro_paths; /* shown read-only at the same path (NULL-terminated) */
    const char *copy, *copy_at;  /* a file shown read-only at another path (the source) */
    bool devices;                /* /dev with null, zero, urandom...; false: /dev/null alone */
    int uid;                     /* the user it runs as (sandbox_new_uid), or -1 */
} sandbox_spec;

/* The argv prefix that runs a program in the sandbox: bwrap ... [setpriv ...], to be
   followed by the program's argv. NULL when the sandbox is not available. Free it with
   sandbox_argv_free. */
char **sandbox_argv(const sandbox_spec *s);
void sandbox_argv_free(char **argv);

/* As root: a user for one sandbox's children, of its own (the caller makes the scratch
   folder theirs); -1 when they run as the runner's user. */
int sandbox_new_uid(void);

/* Removes a folder and everything in it (the scratch folder after a check). 0 or -errno. */
int sandbox_remove_tree(const char *dir);

#endif
