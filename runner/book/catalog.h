/*
 * The catalog: the lessons and exercises found on disk, and where each file is.
 *
 * lessons/NN-slug/ holds lesson.md and one VARIANT.c (+ VARIANT.expect) per variant;
 * exercises/N-slug/ holds README.md, the student's NAME.c, NAME.expect and hints.md;
 * solutions/N-slug/NAME.c is the reference. Programs build into build/.
 * Reads directories only: no curses, no processes.
 */
#ifndef CATALOG_H
#define CATALOG_H

#include <stddef.h>

typedef struct catalog_variant {
    char *name;        /* "blocked" */
    char *source;      /* lessons/04-starvation/blocked.c */
    char *expect_path; /* lessons/04-starvation/blocked.expect, or NULL when there is none */
    char *binary;      /* build/lessons/04-starvation/blocked */
} catalog_variant;

typedef struct catalog_lesson {
    int number;     /* 4 */
    char *slug;     /* "starvation" */
    char *dirname;  /* "04-starvation" */
    char *dir;      /* ROOT/lessons/04-starvation */
    char *title;    /* the first heading of lesson.md, or the slug */
    char *markdown; /* ROOT/lessons/04-starvation/lesson.md */
    char *quiz;     /* ROOT/lessons/NN-slug/quiz.txt when present, else NULL */
    catalog_variant *variants;
    size_t nvariants;
} catalog_lesson;

typedef struct catalog_exercise {
    int number;
    char *slug;        /* "collatz" */
    char *dirname;     /* "1-collatz" */
    char *dir;         /* ROOT/exercises/1-collatz */
    char *title;       /* the first heading of README.md */
    char *readme;      /* ROOT/exercises/1-collatz/README.md */
    char *source;      /* the student's file: ROOT/exercises/1-collatz/collatz.c */
    char *expect_path; /* ROOT/exercises/1-collatz/collatz.expect */
    char *hints;       /* ROOT/exercises/1-collatz/hints.md */
    char *solution;    /* ROOT/solutions/1-collatz/collatz.c */
    int follows;       /* the lesson it follows ("Follows lesson 03" in README.md), or 0 */
} catalog_exercise;

typedef struct catalog {
    char *root;
    catalog_lesson *lessons;
    size_t nlessons;
    catalog_exercise *exercises;
    size_t nexercises;
} catalog;

/* The project's root: $WORKBOOK_ROOT, else the folder above the one holding this
   executable (build/workbook), else the current folder or one above it that has
   lessons/. Returns a malloc'd path, or NULL. */
char *catalog_find_root(void);

/* Reads the lessons and exercises under root. Returns 0 or a negative errno. */
int catalog_load(const char *root, catalog **out);
/* "Lesson 04: a blocking call starves the loop" → "a blocking call starves the loop", for
   lists that show the number in a column of their own. */
const char *catalog_short_title(const char *title);
void catalog_free(catalog *c);

/* A lesson by number ("4", "04"), folder name ("04-starvation") or slug ("starvation"). */
const catalog_lesson *catalog_find_lesson(const catalog *c, const char *key);
/* A variant by name ("blocked" or "blocked.c"). */
const catalog_variant *catalog_find_variant(const catalog_lesson *l, const char *name);
/* An exercise by number ("2", "ex2"), folder name or slug. */
const catalog_exercise *catalog_find_exercise(const catalog *c, const char *key);

#endif
