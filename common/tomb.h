/*
 * tomb.h - tombstones: the deleted documents of one segment.
 *
 * Segments are never rewritten in place; deleting a document (zhindex
 * remove, or the old version of a changed file in add and sync) writes a
 * new tombstone file for its segment, named by the next manifest, as
 * Lucene's live-docs files are (docs/FORMAT.md "Tombstones").  A
 * tombstone file holds all the deletions of its segment so far, so a
 * manifest names at most one per segment and readers never combine files.
 *
 * File "del-SSSSSS-TTTTTT.zhd" (manifest.h man_tomb_name): a container
 * (zfile.h) of kind FMT_KIND_TOMB whose header id is the tombstone id T,
 * with one section TOMB_SECTION:
 *
 *   u64 segment_id, u32 ndocs, u32 ndeleted, bitmap[ceil(ndocs / 8)]
 *
 * bit (d & 7) of byte d / 8 set when document d is deleted; bits beyond
 * ndocs are zero; ndeleted is the number of bits set.
 */
#ifndef ZS_TOMB_H
#define ZS_TOMB_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

#define TOMB_SECTION 1

/* Bytes of a bitmap of n documents. */
static inline size_t tomb_bytes(uint32_t n)
{
    return ((size_t)n + 7) / 8;
}

static inline int tomb_has(const uint8_t *bits, uint32_t doc)
{
    return bits && (bits[doc >> 3] >> (doc & 7) & 1);
}

static inline void tomb_set(uint8_t *bits, uint32_t doc)
{
    bits[doc >> 3] |= (uint8_t)(1u << (doc & 7));
}

/* Read the tombstones `del_id` of segment `seg_id` in `dir`, which must
 * have `ndocs` documents.  On success *bits (tomb_bytes(ndocs) bytes,
 * caller frees) and *ndel; on error *bits is NULL and *ndel 0.  With
 * `verify`, every page and the body CRC are checked (zhindex check).
 * Errors: ZS_ENOTFOUND, ZS_ECORRUPT (another segment, count or size than
 * the manifest says; bits beyond ndocs), ZS_EVERSION, ZS_EIO, ZS_ENOMEM. */
int tomb_read(const char *dir, uint64_t seg_id, uint64_t del_id, uint32_t ndocs, int verify,
              uint8_t **bits, uint32_t *ndel, zs_diag *d);

/* Write the tombstones `del_id` of segment `seg_id`: under a temporary
 * name, fsynced, renamed (the commit protocol of manifest.h: the manifest
 * naming it is written after).  Errors: ZS_EIO, ZS_ENOMEM. */
int tomb_write(const char *dir, uint64_t seg_id, uint64_t del_id, uint32_t ndocs,
               const uint8_t *bits, zs_diag *d);

#endif
