/*
 * Node beside C: a variant may have a JavaScript twin, VARIANT.mjs next to VARIANT.c,
 * that prints the same lines and is judged by the same expectation file (lesson 01:
 * Node's event loop is libuv, so its timer is held hostage the same way). It runs with
 * `node` when node is on PATH. Reads the file system only.
 */
#ifndef COMPANION_H
#define COMPANION_H

#include "catalog.h"

/* The twin's path (malloc'd), or NULL when the variant has none. */
char *companion_script(const catalog_variant *v);

/* node's path on PATH (malloc'd), or NULL when it is not installed. */
char *companion_node(void);

/* The name a twin's run is shown under: "busy_loop.mjs (node)" (malloc'd). */
char *companion_name(const catalog_variant *v);

/* What to say when a variant has a twin but node is not installed. */
#define COMPANION_NO_NODE "node is not installed: only the C program ran"

#endif
