/*
 * manifest.h - the list of live segments of an index, replaced atomically.
 *
 * An index is a directory holding MANIFEST and the segment files it names.
 * A commit writes the new segment files, fsyncs them, writes
 * MANIFEST.tmp, fsyncs it, renames it over MANIFEST and fsyncs the
 * directory: rename(2) is atomic, so a reader (or a crash) sees the old
 * manifest or the new one, and either names only complete segments.
 * Segments no longer named are removed after the commit; readers that
 * still have them mapped keep reading them (unlinked files live on while
 * mapped).
 *
 * MANIFEST is a container file (zfile.h) of kind FMT_KIND_MANIFEST with one
 * section: u64 generation, u64 next segment id, u32 segment count, then per
 * segment u64 id, u32 passages, u32 documents, u64 tombstone id (0: none),
 * u32 deleted documents, u32 deleted passages.  The file name of segment ID
 * is "seg-ID.zhs" with ID in at least six decimal digits; its tombstones
 * (tomb.h), when it has some, are "del-ID-T.zhd", T the tombstone id (the
 * generation of the commit that wrote them).
 */
#ifndef ZS_MANIFEST_H
#define ZS_MANIFEST_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

#define MAN_FILE    "MANIFEST"
#define MAN_SECTION 1
/* Segments an index may have; a commit with more is refused. */
#define MAN_MAX_SEGMENTS 4096

typedef struct man_segment {
    uint64_t id;
    uint32_t npassages;
    uint32_t ndocs;
    uint64_t del_id;        /* its tombstone file (tomb.h); 0 = nothing deleted */
    uint32_t ndel_docs;     /* documents deleted (what the tombstones hold) */
    uint32_t ndel_passages; /* their passages */
} man_segment;

typedef struct manifest {
    uint64_t generation;
    uint64_t next_id;
    man_segment *segs;
    size_t nsegs;
} manifest;

/* Read DIR/MANIFEST.  Errors: ZS_ENOTFOUND (no manifest: not an index, or
 * an empty one), ZS_ECORRUPT, ZS_EVERSION, ZS_EIO, ZS_ENOMEM.  Free with
 * man_free. */
int man_read(const char *dir, manifest *m, zs_diag *d);

/* Check every page CRC and the whole-body CRC of DIR/MANIFEST (zhindex
 * check; man_read checks only what it reads).  Errors: as man_read. */
int man_verify(const char *dir, zs_diag *d);

/* Write `m` as DIR/MANIFEST atomically (see above). */
int man_write(const char *dir, const manifest *m, zs_diag *d);

void man_free(manifest *m);

/* File name of a segment: "seg-000042.zhs" (out: at least 32 bytes). */
void man_segment_name(uint64_t id, char *out, size_t cap);

/* File name of the tombstones `del_id` of segment `id`:
 * "del-000042-000007.zhd" (out: at least 48 bytes). */
void man_tomb_name(uint64_t id, uint64_t del_id, char *out, size_t cap);

/* Is `name` (a file name in an index directory) a temporary file of a
 * write that did not finish: a build's scratch directory (tmp-NNNNNN), a
 * segment, tombstone or manifest file being written (*.tmp)?  A killed build leaves these;
 * the next build removes them once it holds the lock, and `zhindex check`
 * reports them. */
int man_is_leftover(const char *name);

#endif
