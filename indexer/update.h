/*
 * update.h - `zhindex add`, `sync` and `remove`: changing an index in
 * place, in one atomic commit each (commit.h).
 *
 * Identity.  A document is known by its stored path (FILE, or FILE#ID for
 * a JSON Lines record), compared as an absolute, lexically normal path
 * (cover.h cover_norm).  With it the segment stores its source's size,
 * mtime and content hash (segment.h seg_doc_info: for a record, its file's
 * size and mtime and its line's hash).
 *
 * - add: a file whose size and mtime are as stored is unchanged and not
 *   read.  One whose mtime changed but size did not is hashed: the same
 *   hash is unchanged too (not read further).  A file whose mtime was
 *   the second it was read in, the one before or later is stored with
 *   the mtime FMT_MTIME_RACY (format.h), which no file has: it is hashed
 *   every time, so an edit within that second that kept its size is
 *   seen.  Every other file is indexed into one new segment, and the old
 *   version of a document it replaces is deleted (a tombstone, tomb.h): a
 *   changed document is replaced, never doubled.  A JSON Lines file is unchanged when its
 *   size and mtime are those stored with any of its records; otherwise it
 *   is read, and each record is indexed unless a record of that name with
 *   the same line hash is live.
 * - sync: add, then delete the live documents that lie under the input
 *   PATHs (cover.h) but were not met: files gone from the trees, records
 *   gone from their files.  A PATH that does not exist is refused
 *   (ZS_ENOTFOUND): it would delete everything under it.
 * - remove: delete the documents covered by the PATHs, or (by_id) those
 *   whose stored name or record id (the part after '#') is one of the
 *   inputs.
 *
 * Nothing changes when there is nothing to do: no segment is written and
 * no manifest (the generation stays); a no-op sync only stats the files.
 * After a commit the merge policy runs (merge.h), unless o->no_merge (the
 * segments then stay as they are until a later command merges them, as
 * with Lucene's NoMergePolicy).  A segment all of whose
 * documents are deleted leaves the manifest at once.
 */
#ifndef ZS_UPDATE_H
#define ZS_UPDATE_H

#include "build.h"
#include "err.h"

typedef enum upd_mode { UPD_ADD, UPD_SYNC, UPD_REMOVE } upd_mode;

typedef struct upd_report {
    build_report b;         /* what was read and indexed (files_unchanged: skipped) */
    uint64_t docs_replaced; /* old versions of changed documents deleted */
    uint64_t docs_removed;  /* documents deleted: vanished (sync), asked for (remove) */
    uint64_t generation;    /* of the last commit; 0 when nothing was committed */
    unsigned merges;        /* merges the policy ran after the commit */
    int merge_rc;           /* the policy's error after a commit (0: none; then upd_run
                               returns 0, the change stays committed and d says why) */
    unsigned leftovers;     /* temporary files of interrupted writers removed */
    double seconds;
} upd_report;

/* Run `mode` on the index o->index_dir with `inputs` (add and sync
 * create the index when there is none, as build would; remove needs one)
 * and `inputs` (PATHs; for remove with by_id, ids).  Errors: ZS_ENOTFOUND (no index
 * there; add: no usable input; sync: a PATH does not exist; remove:
 * nothing matched), ZS_EBUSY (another writer), ZS_ECORRUPT, ZS_EVERSION,
 * ZS_EIO, ZS_ENOMEM; the index is then as it was.  A merge of the policy
 * that fails after the commit does not undo it: upd_run then returns 0 with
 * rep->merge_rc set and the reason in d (the index holds the change, with
 * the merges that did commit; a later command merges the rest). */
int upd_run(const build_opts *o, upd_mode mode, char *const *inputs, size_t ninputs, int by_id,
            const build_events *ev, upd_report *rep, zs_diag *d);

#endif
