/*
 * cover.h - which stored documents the input PATHs of a build cover: the
 * rule against silent replacement (build.h).
 *
 * A document's stored path is covered by an input PATH when, both in
 * absolute, lexically normal form (cover_norm), the path equals PATH, lies
 * under it (PATH/...) or is one of its JSON Lines records (PATH#ID).
 * Relative paths are taken from the current directory, as the walk took
 * them when the index was built from there; symbolic links are not
 * resolved (a document whose file is gone must still be judged).  So
 * `corpus`, `./corpus/` and `/abs/corpus` (the cwd being /abs) are one
 * tree, and `corpus` given in another directory is another.
 */
#ifndef ZS_COVER_H
#define ZS_COVER_H

#include <stddef.h>

/* Longest path handled; a longer one is covered by nothing. */
#define COVER_PATH_MAX 4096

typedef struct cover {
    char **paths; /* the inputs, normalized */
    size_t n;
    char cwd[COVER_PATH_MAX]; /* "" when unknown: relative paths stay relative */
} cover;

/* The absolute, lexically normal form of p[0, n) into out[cap]: relative
 * to `cwd` (when not ""), empty and "." components dropped, ".." removing
 * the component before it, no trailing slash ("/" stays "/").  With
 * `keep_id`, the part from the first '#' on (a record's id, which may hold
 * slashes and dots) is kept as it is.  Returns the length, or 0 when the
 * result does not fit. */
size_t cover_norm(const char *cwd, const char *p, size_t n, int keep_id, char *out, size_t cap);

/* Normalize the inputs (borrowed only during the call).  Errors:
 * ZS_ENOMEM.  Free with cover_free (also after a failure). */
int cover_init(cover *c, char *const *inputs, size_t n);

/* Is the stored path p[0, len) covered by one of the inputs? */
int cover_has(const cover *c, const char *p, size_t len);

void cover_free(cover *c);

#endif
