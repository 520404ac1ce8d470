/*
 * zfile.h - the container every index file uses: a checked header, a body of
 * sections, a section directory, and a CRC-32 for every page of the body.
 *
 *   header    64 bytes: magic "ZHSEARCH", format version, file kind, body
 *             length, page size, section count, file id, header CRC
 *   body      the sections back to back, each starting at a multiple of 8
 *   directory 32 bytes per section: id, offset, length
 *   page CRCs one CRC-32 (zlib) per ZF_PAGE bytes of the body
 *   footer    16 bytes: page count, CRC of directory + page CRCs, CRC of
 *             the whole body, "ZEND"
 *
 * docs/FORMAT.md gives every byte.  Why pages: a reader checks the header,
 * the directory and the page table when it opens a file (microseconds), and
 * each page's CRC the first time it touches that page, so a query on a
 * large index pays only for what it reads, while `zhindex check` verifies
 * everything, including the whole-body CRC.
 *
 * The writer streams: sections are appended in order and the CRCs are
 * computed as bytes go by.  Errors are sticky (as in SQLite's fts5 writer):
 * after a failed write every call returns the first error, so callers may
 * check once at the end.  A file is complete only after zf_finish, which
 * fsyncs it; zf_abort removes a partial file.
 *
 * The reader maps the file read-only.  Slices handed out point into the map
 * and stay valid until zf_close.  A reader is not safe for concurrent use
 * by several threads (the page-verified bitmap is updated on first use).
 */
#ifndef ZS_ZFILE_H
#define ZS_ZFILE_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

#define ZF_MAGIC          "ZHSEARCH"
#define ZF_HEADER_SIZE    64
#define ZF_FOOTER_SIZE    16
#define ZF_DIR_ENTRY_SIZE 32
/* Bytes covered by one page CRC: checking 64 KiB costs about 40 us, small
 * enough to verify on first touch, large enough that the CRC table is
 * 1/16384 of the file. */
#define ZF_PAGE 65536u
/* Sections per file; more would mean a format we do not write. */
#define ZF_MAX_SECTIONS 64

typedef struct zf_slice {
    const uint8_t *p; /* into the map */
    uint64_t off;     /* offset of p in the body */
    uint64_t len;
} zf_slice;

typedef struct zf_writer zf_writer;
typedef struct zf_reader zf_reader;

/* Create `path` (truncating) for a file of `kind` and format `version`.
 * Errors: ZS_EIO (message names the path), ZS_ENOMEM. */
int zf_create(zf_writer **out, const char *path, uint32_t kind, uint32_t version, uint64_t id,
              zs_diag *d);

/* Start section `id` (no section may be open).  ZS_EINVAL when one is open,
 * the id repeats, or there are too many sections. */
int zf_section_begin(zf_writer *w, uint32_t id);

/* Append bytes to the open section.  Sticky errors. */
int zf_write(zf_writer *w, const void *p, size_t n);

/* Bytes written to the open section so far. */
uint64_t zf_section_size(const zf_writer *w);

/* Close the open section. */
int zf_section_end(zf_writer *w);

/* Write directory, page CRCs, footer and header; fsync; close; free `w`.
 * On error the partial file is removed.  Either way `w` is freed. */
int zf_finish(zf_writer *w, zs_diag *d);

/* Close and remove a partial file; frees `w` (NULL is fine). */
void zf_abort(zf_writer *w);

/* Open and map `path`, checking magic, version (must equal `version`),
 * kind, sizes, header CRC and the CRC of directory + page table.
 * Errors: ZS_ENOTFOUND (no such file), ZS_EIO, ZS_ECORRUPT ("index corrupt:
 * PATH: reason"), ZS_EVERSION. */
int zf_open(zf_reader **out, const char *path, uint32_t kind, uint32_t version, zs_diag *d);

/* Unmap and free (NULL is fine); all slices become invalid. */
void zf_close(zf_reader *r);

/* The section `id`, without checking its pages.  ZS_ENOTFOUND if absent. */
int zf_section(const zf_reader *r, uint32_t id, zf_slice *out);

/* Make sure the pages covering body bytes [off, off+len) have been checked
 * (checking those not yet seen).  ZS_ECORRUPT with the page number when a
 * CRC does not match, or when the range leaves the body. */
int zf_need(zf_reader *r, uint64_t off, uint64_t len, zs_diag *d);

/* zf_section followed by zf_need on the whole section. */
int zf_section_checked(zf_reader *r, uint32_t id, zf_slice *out, zs_diag *d);

/* Check every page and the CRC of the whole body (zhindex check). */
int zf_verify_all(zf_reader *r, zs_diag *d);

/* Facts about an open file, for `zhindex stats`. */
uint64_t zf_file_size(const zf_reader *r);
uint64_t zf_id(const zf_reader *r);
size_t zf_nsections(const zf_reader *r);
/* Section i of the directory (0 <= i < zf_nsections). */
void zf_section_at(const zf_reader *r, size_t i, uint32_t *id, zf_slice *out);
const char *zf_path(const zf_reader *r);

#endif
