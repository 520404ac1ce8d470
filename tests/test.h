/*
 * test.h - the unit and end-to-end test harness (a few dozen lines, as in
 * Redis): tests are functions taking a t_ctx; a test fails when any check in
 * it fails; the runner prints each failure with file and line and ends with
 * the line "N passed, N failed".
 */
#ifndef ZS_TEST_H
#define ZS_TEST_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct t_ctx {
    int passed, failed;
    int cur_failed;       /* checks failed in the running test */
    const char *cur_name; /* name of the running test */
    const char *filter;   /* run only tests whose name contains this */
    const char *bindir;   /* where zhindex and zhsearch live (e2e tests) */
    const char *srcdir;   /* project root (corpus/, tests/data/) */
    const char *tmpdir;   /* scratch directory for this run */
} t_ctx;

typedef void (*t_fn)(t_ctx *t);

/* Run one test function under `name` (skipped when filtered out). */
void t_run(t_ctx *t, const char *name, t_fn fn);

/* Record a check; prints "FAIL name file:line: what" when !ok.  Returns ok. */
int t_check(t_ctx *t, int ok, const char *what, const char *file, int line);
int t_check_str(t_ctx *t, const char *got, const char *want, const char *what, const char *file,
                int line);
int t_check_int(t_ctx *t, long long got, long long want, const char *what, const char *file,
                int line);

#define T_OK(t, cond)       t_check((t), (cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define T_STR(t, got, want) t_check_str((t), (got), (want), #got, __FILE__, __LINE__)
#define T_INT(t, got, want)                                                                        \
    t_check_int((t), (long long)(got), (long long)(want), #got, __FILE__, __LINE__)

/* Read a whole file into a malloc'ed NUL-terminated buffer; NULL on error. */
char *t_read_file(const char *path, size_t *len);

/* Write bytes to a file; 0 on success. */
int t_write_file(const char *path, const void *data, size_t len);

/* Path helpers: format into a static-size caller buffer. */
void t_path(char *out, size_t cap, const char *dir, const char *name);

#endif
