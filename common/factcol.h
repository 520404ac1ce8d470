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
 *   FACTVALS  per entry, 8 bytes: the value, an IEEE-754 double, little
 *             endian; within a series ascending by (value, passage).
 *   FACTREFS  per entry, 12 bytes: u32 passage id, u32 place code the fact
 *             names itself (0: it has its passage's places), u16 year the
 *             fact names itself (0: its passage's years), u16 qualifier
 *             flags (facts.h FCT_Q_*).
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

#define FCOL_VAL_BYTES 8
#define FCOL_REF_BYTES 12
/* Longest field or unit kept, in bytes (longer ones are cut). */
#define FCOL_NAME_MAX 96

typedef struct fcol_entry {
    double value;
    uint32_t passage;
    uint32_t place; /* 0 = the passage's */
    uint16_t year;  /* 0 = the passage's */
    uint16_t qual;
} fcol_entry;

typedef struct fcol_writer fcol_writer;

/* Errors: ZS_ENOMEM. */
int fcol_writer_new(fcol_writer **out);
void fcol_writer_free(fcol_writer *w);

/* Record a fact of `field` (UTF-8, flen bytes) in `unit` (ulen bytes, may
 * be 0).  Passages may come in any order.  Errors: ZS_ENOMEM, ZS_EINVAL
 * (an empty field, a value that is not finite). */
int fcol_add(fcol_writer *w, const char *field, size_t flen, const char *unit, size_t ulen,
             const fcol_entry *e);

/* Facts recorded so far. */
uint64_t fcol_count(const fcol_writer *w);

/* Write FACTKEYS, FACTVALS and FACTREFS as sections sec_keys, sec_vals,
 * sec_refs.  Errors: ZS_ENOMEM, ZS_EIO. */
int fcol_write(fcol_writer *w, zf_writer *zw, uint32_t sec_keys, uint32_t sec_vals,
               uint32_t sec_refs);

/* One series as read. */
typedef struct fcol_series {
    const char *field, *unit; /* into the mapped file, not NUL-terminated */
    uint32_t field_len, unit_len;
    uint64_t first, count; /* its entries */
} fcol_series;

typedef struct fcol_reader {
    fcol_series *s; /* owned */
    size_t n;
    const uint8_t *vals, *refs;
    uint64_t nentries;
    uint32_t npassages;
} fcol_reader;

/* Read the three sections: the series are parsed and checked (sizes agree,
 * series sorted and non-empty); entries are checked by fcol_verify (a
 * linear pass, for zhindex check) and, for passage ids, by users of
 * fcol_get.  Errors: ZS_ECORRUPT "index corrupt: FILE: facts: ...",
 * ZS_ENOMEM. */
int fcol_open(fcol_reader *r, zf_reader *zr, uint32_t sec_keys, uint32_t sec_vals,
              uint32_t sec_refs, uint32_t npassages, zs_diag *d);
void fcol_close(fcol_reader *r);

/* Check every entry: values finite and ascending within each series,
 * passage ids in range.  Errors: ZS_ECORRUPT. */
int fcol_verify(const fcol_reader *r, zf_reader *zr, zs_diag *d);

/* Entry i (i < r->nentries). */
void fcol_get(const fcol_reader *r, uint64_t i, fcol_entry *e);

/* Entries of series `si` with lo <(=) value <(=) hi, as [*from, *to):
 * inclusive bounds where lo_incl / hi_incl; -INFINITY / INFINITY for an
 * open side. */
void fcol_range(const fcol_reader *r, size_t si, double lo, int lo_incl, double hi, int hi_incl,
                uint64_t *from, uint64_t *to);

#endif
