/*
 * index.h - an open index: the manifest's segments as one collection.
 *
 * Passages get global ids: the passages of segment i follow those of
 * segments 0..i-1 (seg_base[i] is the first global id of segment i),
 * deleted ones included.  The collection statistics that BM25 needs
 * (passage count, total tokens) are summed over the LIVE passages: the
 * tombstones the manifest names (tomb.h) are read on open, each segment
 * gets its deleted-passage bitmap (segment.h seg_dead), and the deleted
 * passages' lengths are subtracted, so that scores do not depend on what
 * was deleted before (docs/FORMAT.md "Tombstones").
 *
 * Opening races with a writer: a commit may remove the segments of the
 * manifest just read.  ix_open then reads the manifest again (a few times)
 * before giving up, so a search never fails because a rebuild finished.
 */
#ifndef ZS_INDEX_H
#define ZS_INDEX_H

#include "err.h"
#include "manifest.h"
#include "segment.h"

#include <stddef.h>
#include <stdint.h>

/* Manifest re-reads when a segment vanished while opening. */
#define IX_OPEN_RETRIES 5

typedef struct zindex {
    char *dir;
    manifest man;
    segment **segs;
    uint64_t *seg_base; /* first global passage id of each segment */
    uint8_t **deleted;  /* per segment: its deleted documents (tomb.h), NULL = none */
    size_t nsegs;
    uint64_t npassages;    /* live passages (BM25's N) */
    uint64_t ndocs;        /* live documents */
    uint64_t total_tokens; /* tokens of the live passages */
    uint64_t nids;         /* global passage ids: all passages, deleted ones too */
    uint64_t ndeleted;     /* deleted documents */
} zindex;

/* Open the index in directory `dir`.  Errors: ZS_ENOTFOUND ("DIR: no index
 * here"), ZS_ECORRUPT, ZS_EVERSION, ZS_EIO, ZS_ENOMEM. */
int ix_open(zindex **out, const char *dir, zs_diag *d);

/* A second handle on the same snapshot as `src`: the segments its
 * manifest named, opened again (their own maps and caches), so that two
 * threads can read the index at once, one handle each.  Segment files are
 * never rewritten under the same name, so the snapshot is the same.
 * Errors: ZS_ENOTFOUND when a commit has removed one of the segments since
 * `src` was opened (the caller reads with `src` alone), and ix_open's. */
int ix_reopen(const zindex *src, zindex **out, zs_diag *d);

/* Close (NULL is fine). */
void ix_close(zindex *ix);

/* Is document `doc` of segment `si` deleted? */
static inline int ix_doc_deleted(const zindex *ix, size_t si, uint32_t doc)
{
    const uint8_t *b = ix->deleted[si];
    return b && (b[doc >> 3] >> (doc & 7) & 1);
}

/* Average live passage length in tokens (1 for an empty index). */
double ix_avgdl(const zindex *ix);

/* The segment holding global passage `gid` and the local id there. */
size_t ix_segment_of(const zindex *ix, uint64_t gid, uint32_t *local);

#endif
