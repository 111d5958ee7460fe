/*
 * Progress: which exercises passed, which lessons were seen, how many hints each
 * exercise has shown. Kept in ROOT/.workbook/progress, or in
 * $XDG_STATE_HOME/wait-or-work/ (~/.local/state/wait-or-work/) when the checkout is
 * read-only; $WORKBOOK_STATE_DIR overrides both (the tests use it).
 *
 * The file is plain text, one fact a line ("passed 2", "seen 04-starvation",
 * "held 04-starvation", "hints 2 1"), written atomically (a temporary file, then rename). Saving merges
 * with what is on disk, so two workbooks running at once lose nothing. A file that
 * cannot be read as progress is kept aside as progress.corrupt, reported, and rebuilt.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct progress progress;

/*
 * Opens the progress of the workbook at root (state_dir NULL: the usual place; tests
 * pass a folder). Never fails for lack of a file: a missing file is no progress yet.
 * When the file was damaged, *warning is set to a malloc'd sentence saying so and
 * where the damaged copy is kept (else NULL); the caller shows it.
 */
progress *progress_open(const char *root, const char *state_dir, char **warning);
void progress_free(progress *p);

/* The folder the state lives in (.workbook/ or the XDG state folder). */
const char *progress_dir(const progress *p);

bool progress_passed(const progress *p, int exercise);
void progress_set_passed(progress *p, int exercise);
bool progress_seen(const progress *p, const char *lesson);
void progress_set_seen(progress *p, const char *lesson);
/* Whether the lesson's last full run met every expectation (a lesson "passed"). */
bool progress_held(const progress *p, const char *lesson);
void progress_set_held(progress *p, const char *lesson);
/* How many hints of the exercise were shown. */
int progress_hints(const progress *p, int exercise);
void progress_set_hints(progress *p, int exercise, int shown);

/* Writes the progress (merged with the file's current content). Returns 0 or -errno. */
int progress_save(progress *p);

/*
 * Parses progress text into p (added to what it holds). Returns 0, or the 1-based
 * number of the first line that is not progress. Exposed for the unit tests.
 */
int progress_parse(progress *p, const char *text, size_t len);
/* The text progress_save writes (malloc'd). */
char *progress_format(const progress *p);
/* An empty progress that lives in dir (for the unit tests). */
progress *progress_new(const char *dir);

#endif
