/*
 * walk.h - the input files named on the command line: files as given,
 * directories searched recursively for names matching a glob ("*.txt" by
 * default), in a stable sorted order so that an index of the same inputs
 * is always the same.  Hidden files and directories (names starting with a
 * dot) inside directories are skipped; symbolic links are not followed into
 * directories (no cycles).  Unreadable paths are reported, not fatal.
 *
 * The metadata sidecars met inside directories (names ending in
 * WALK_SIDECAR, meta.h) are listed apart, whatever the glob, so that the
 * build can name those that belong to no input file (walk_orphan).
 */
#ifndef ZS_WALK_H
#define ZS_WALK_H

#include "err.h"

#include <stddef.h>

#define WALK_DEFAULT_GLOB "*.txt"
#define WALK_SIDECAR      ".meta.json"

typedef struct walk_list {
    char **paths;
    size_t n, cap;
    char **sidecars; /* FILE.meta.json found in directories */
    size_t nside, side_cap;
} walk_list;

/* Called for each path that could not be read (name and reason). */
typedef void (*walk_warn_fn)(void *ctx, const char *path, const char *why);

/* Add the files for `path` to `out` (files given directly are added
 * whatever their name).  Returns ZS_ENOTFOUND when `path` does not exist
 * (after calling warn), ZS_ENOMEM; other problems go to warn. */
int walk_add(walk_list *out, const char *path, const char *glob, walk_warn_fn warn, void *ctx);

/* Sort paths (and sidecars) and drop duplicates. */
void walk_finish(walk_list *l);

/* Is sidecar `side` (one of l->sidecars) the sidecar of no file in
 * l->paths?  Call after walk_finish.  When it is, *likely is the input
 * file it was probably meant for (FILE.meta.json beside FILE.txt: the
 * first path that starts with "FILE."), or NULL; borrowed from l. */
int walk_orphan(const walk_list *l, const char *side, const char **likely);

void walk_free(walk_list *l);

#endif
