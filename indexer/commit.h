/*
 * commit.h - the writer's side of the commit protocol (docs/FORMAT.md
 * "Commit protocol"): the index directory, its lock, and what is removed
 * after a commit.
 *
 * Every command that changes an index (build, add, sync, remove, merge)
 * takes the lock (flock on INDEX/LOCK) for its whole run, removes the
 * temporary files of interrupted writers (cmt_sweep: with the lock held
 * none of them can be live), writes its new segment and tombstone files
 * complete under their final names, and then commits with cmt_commit: the
 * manifest is replaced atomically (manifest.h), and only then are the
 * files no manifest names any more removed.
 */
#ifndef ZS_COMMIT_H
#define ZS_COMMIT_H

#include "err.h"
#include "manifest.h"

#define CMT_LOCK_FILE "LOCK"

/* Create the index directory if needed; refuse one that holds other files
 * than an index's own (ZS_EINVAL).  Errors: ZS_EIO and the like. */
int cmt_prepare_dir(const char *dir, zs_diag *d);

/* Take the writers' lock of `dir` (which must exist); *fd_out holds it
 * until closed.  Errors: ZS_EBUSY (another zhindex holds it), ZS_EIO. */
int cmt_lock(const char *dir, int *fd_out, zs_diag *d);

/* Remove the temporary files of interrupted writes (man_is_leftover).
 * Call with the lock held.  Returns how many were removed. */
unsigned cmt_sweep(const char *dir);

/* Write `m` as the new manifest, then remove the segment and tombstone
 * files it does not name and any scratch directories.  Errors: those of
 * man_write (the old manifest is then in force). */
int cmt_commit(const char *dir, const manifest *m, zs_diag *d);

#endif
