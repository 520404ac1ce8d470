/*
 * merge.h - merging segments: the merge policy that runs after every
 * add, sync and remove, and `zhindex merge`.
 *
 * A merge writes the live documents of a run of ADJACENT segments, in
 * their order, into one new segment and commits a manifest in which that
 * segment stands where the run stood (commit.h).  Deleted documents are
 * left out, so a merge reclaims their space, and since documents keep
 * their order, global passage order (and with it every tie-break) is
 * that of a fresh build of the same documents.  The documents are not
 * read again from their sources: each live passage is written again from
 * what the segment stores (text, source offsets, kind, places, years,
 * chapter and article, facts) through the segment writer, which tokenizes
 * the text as the build did, so the merged segment holds what a build of
 * those documents would.
 *
 * Policy (log-structured, after Lucene's LogMergePolicy): a segment's
 * level is 0 below MRG_BASE live passages, else 1 + floor(log10(live /
 * MRG_BASE)).  The first level L (from 0 up) that has MRG_FACTOR segments
 * of level L inside one run of adjacent segments of level <= L merges that
 * whole run; this repeats until no level qualifies.  A segment with more
 * than half its passages deleted is rewritten alone.  The merged segment
 * holds at least MRG_FACTOR times a level-L segment's minimum, so it lies
 * at least one level higher: without deletions a passage is written at
 * most once per level, and the write amplification of n passages added in
 * small batches is at most 1 + (1 + log10(n / MRG_BASE)): 6 for 10^7
 * passages.  Segments per index stay below about MRG_FACTOR per level.
 *
 * A search that opened the index before a merge committed keeps its
 * segments mapped and sees the old snapshot (manifest.h).
 */
#ifndef ZS_MERGE_H
#define ZS_MERGE_H

#include "err.h"
#include "segwrite.h"

#include <stddef.h>
#include <stdint.h>

/* Live passages below which a segment is of level 0 (one day of news is
 * a few hundred to a few thousand passages). */
#define MRG_BASE 1000
/* Segments of one level merged at once, and the size ratio of levels. */
#define MRG_FACTOR 10

/* Run the policy on the index `dir` (the caller holds its lock): merge
 * while a level qualifies.  *merges counts the merges; *generation is
 * the last committed generation (unchanged when none).  Errors: those of
 * ix_open, the segment writer and the commit; a failed merge leaves the
 * index as the last commit left it: with the *merges merges before it
 * (each merge is its own commit), which an error after them does not
 * undo. */
int mrg_policy_run(const char *dir, const sw_opts *so, unsigned *merges, uint64_t *generation,
                   zs_diag *d);

/* zhindex merge: with the lock held, merge until at most max_segments
 * (>= 1) segments remain, merging the adjacent run of the least live
 * passages each time, then rewrite the segments that still hold deleted
 * documents.  Same errors. */
int mrg_force(const char *dir, const sw_opts *so, size_t max_segments, unsigned *merges,
              uint64_t *generation, zs_diag *d);

#endif
