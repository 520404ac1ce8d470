/*
 * factcol.h - the numeric facts of a segment, stored for range queries: a
 * dictionary of series (a series is one field with one unit: 托位数 in 个,
 * 总投资 in 元) and, per series, its facts sorted by value, so a condition
 * such as 托位数 > 3 costs a binary search per series plus the hits.
 *
 *   FACTKEYS  u32 nseries, then per series (ascending by field bytes, then
 *             unit bytes): varint field_len, field bytes, varint unit_len,
 *             unit bytes, varint count.  The entries of series i are those
 *             after the counts of series 0 .. i-1.
 *   FACTVALS  per entry, 16 bytes: the fact's bounds lo and hi, IEEE-754
 *             doubles, little endian (lo = hi for an exact value; -inf /
 *             +inf for an open end; lo <= hi); within a series ascending by
 *             (lo, hi, passage).
 *   FACTREFS  per entry, 16 bytes: u32 passage id, u32 place code the fact
 *             names itself (0: it has its passage's places), u16 year the
 *             fact names itself (0: its passage's years), u16 qualifier
 *             flags (fct.h FCT_Q_*), u8 type (FCT_T_*), u8 direction
 *             (FCT_D_*), u8 confidence (0..255 for 0..1), u8 zero.
 *
 * A condition's range [clo, chi] selects the entries whose bounds overlap
 * it (fct_bounds_meet): those with lo <= chi, a prefix of the series found
 * by binary search, then checked one by one for hi >= clo.
 *
 * Why fixed-width entries: values are read by binary search without
 * decoding, and a hit is one read; facts are a small part of an index (a
 * few per passage at most).
 */
#ifndef ZS_FACTCOL_H
#define ZS_FACTCOL_H

#include "buf.h"
#include "err.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

#define FACTCOL_VAL_BYTES 16
#define FACTCOL_REF_BYTES 16
/* Longest field or unit kept, in bytes (longer ones are cut). */
#define FACTCOL_NAME_MAX 96

typedef struct factcol_entry {
    double lo, hi; /* bounds (fct.h): -INFINITY / INFINITY for an open end */
    uint32_t passage;
    uint32_t place; /* 0 = the passage's */
    uint16_t year;  /* 0 = the passage's */
    uint16_t qual;  /* FCT_Q_* */
    uint8_t type;   /* FCT_T_* */
    uint8_t dir;    /* FCT_D_* */
    uint8_t conf;   /* confidence * 255, rounded */
} factcol_entry;

typedef struct factcol_writer factcol_writer;

/* Errors: ZS_ENOMEM. */
int factcol_writer_new(factcol_writer **out);
void factcol_writer_free(factcol_writer *w);

/* Record a fact of `field` (UTF-8, flen bytes) in `unit` (ulen bytes, may
 * be 0).  Passages may come in any order.  Errors: ZS_ENOMEM, ZS_EINVAL
 * (an empty field, a NaN bound, lo > hi, lo = +inf or hi = -inf, a type or
 * direction out of range), ZS_EIO (writing the spill file). */
int factcol_add(factcol_writer *w, const char *field, size_t flen, const char *unit, size_t ulen,
                const factcol_entry *e);

/* Bytes the writer holds (its entries, series and hash, as allocated). */
size_t factcol_writer_mem(const factcol_writer *w);

/* Entries kept in memory before they go to the spill file: 16,384 of 40
 * bytes, a 640 KiB write, nothing next to extracting them. */
#define FACTCOL_SPILL_ENTRIES 16384

/* Keep the entries in a new temporary file `path` instead of memory (in
 * blocks of FACTCOL_SPILL_ENTRIES) until factcol_write, which reads them
 * back: a segment's facts then cost memory only while they are sorted
 * and written, at the end.  The file is removed by factcol_writer_free.
 * Call before the first factcol_add.  Errors: ZS_EIO (cannot create it),
 * ZS_ENOMEM, ZS_EINVAL (facts already added, or called twice). */
int factcol_writer_spill(factcol_writer *w, const char *path);

/* Facts recorded so far. */
uint64_t factcol_count(const factcol_writer *w);

/* Write FACTKEYS, FACTVALS and FACTREFS as sections sec_keys, sec_vals,
 * sec_refs.  Errors: ZS_ENOMEM, ZS_EIO (the spill file could not be read
 * back). */
int factcol_write(factcol_writer *w, zf_writer *zw, uint32_t sec_keys, uint32_t sec_vals,
                  uint32_t sec_refs);

/* One series as read. */
typedef struct factcol_series {
    const char *field, *unit; /* into the mapped file, not NUL-terminated */
    uint32_t field_len, unit_len;
    uint64_t first, count; /* its entries */
} factcol_series;

typedef struct factcol_reader {
    factcol_series *s; /* owned */
    size_t n;
    const uint8_t *vals, *refs;
    uint64_t nentries;
    uint32_t npassages;
} factcol_reader;

/* Read the three sections: the series are parsed and checked (sizes agree,
 * series sorted and non-empty); entries are checked by factcol_verify (a
 * linear pass, for zhindex check) and, for passage ids, by users of
 * factcol_get.  Errors: ZS_ECORRUPT "index corrupt: FILE: facts: ...",
 * ZS_ENOMEM. */
int factcol_open(factcol_reader *r, zf_reader *zr, uint32_t sec_keys, uint32_t sec_vals,
                 uint32_t sec_refs, uint32_t npassages, zs_diag *d);
void factcol_close(factcol_reader *r);

/* Check every entry: bounds valid (as factcol_add requires) and ascending
 * by lo within each series, type and direction known, passage ids in
 * range.  Errors: ZS_ECORRUPT. */
int factcol_verify(const factcol_reader *r, zf_reader *zr, zs_diag *d);

/* Entry i (i < r->nentries). */
void factcol_get(const factcol_reader *r, uint64_t i, factcol_entry *e);

/* The entries of series `si` that may meet a condition whose upper end is
 * chi (inclusive when chi_incl; INFINITY when open): those with lo <= chi
 * (< when not inclusive), as [*from, *to).  The caller checks each entry's
 * hi against the lower end with fct_bounds_meet. */
void factcol_range(const factcol_reader *r, size_t si, double chi, int chi_incl, uint64_t *from,
                   uint64_t *to);

#endif
