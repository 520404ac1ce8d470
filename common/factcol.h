/*
 * factcol.h - the numeric facts of a segment, stored for range queries: a
 * dictionary of series (a series is one field with one unit: 托位数 in 个,
 * 总投资 in 元) and, per series, its facts sorted by value, so a condition
 * such as 托位数 > 3 costs a binary search per series plus the hits.
 *
 *   FACTKEYS  u32 nunits, then per unit (strictly ascending by bytes):
 *             varint len, bytes.  u32 nseries, then per series (ascending
 *             by field bytes, then unit): varint shared (bytes of the field
 *             equal to the previous series' field), varint suffix_len,
 *             suffix bytes, varint unit index << 2 | kinds (1: it holds
 *             facts other than changes, 2: changes), varint count, varint
 *             vals_len, varint refs_len.  A series' entries follow those
 *             of the series before it, in FACTVALS and FACTREFS alike.
 *   FACTVALS  per entry, its bounds, within a series ascending by (lo, hi,
 *             passage): varint tag = code << 3 | shape; shape SAME (the
 *             previous entry's bounds; code 0), EXACT (lo = hi = code's
 *             number), RANGE (lo = code's number, then varint code of hi),
 *             BELOW (-inf, code's number), ABOVE (code's number, +inf).  A
 *             number code is zigzag(m) << 4 | (x + 6): m * 10^x, x in
 *             -6 .. 8, or 15: an IEEE-754 double follows, 8 bytes LE.
 *   FACTREFS  per entry: varint passage id (after SAME: the increase over
 *             the previous entry's), varint meta = type | dir << 2 |
 *             has_place << 4 | has_year << 5 | qualifier flags << 6, u8
 *             confidence (0..255 for 0..1), then varint place code if
 *             has_place, varint year if has_year (0 when absent: the
 *             passage's places and years).
 *
 * A condition's range [clo, chi] selects the entries whose bounds overlap
 * it (fct_bounds_meet): those with lo <= chi, a prefix of the series found
 * by binary search, then checked one by one for hi >= clo.
 *
 * Why variable-width entries decoded a series at a time (format 7; 6 had
 * 32 fixed bytes per entry): most values are short decimals (3, 70亿 =
 * 70 * 10^8, 12.5) and most series are small (3 in 4 hold one fact), so a
 * fact takes about 7 bytes; a condition decodes only the series whose
 * field it names (factcol_load), on first use, then binary searches the
 * decoded entries as before.
 */
#ifndef ZS_FACTCOL_H
#define ZS_FACTCOL_H

#include "buf.h"
#include "err.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

/* FACTVALS shapes, in the low FACTCOL_SHAPE_BITS of an entry's tag. */
#define FACTCOL_SHAPE_BITS  3
#define FACTCOL_SHAPE_SAME  0
#define FACTCOL_SHAPE_EXACT 1
#define FACTCOL_SHAPE_RANGE 2
#define FACTCOL_SHAPE_BELOW 3
#define FACTCOL_SHAPE_ABOVE 4
/* Number codes: the exponent x in the low 4 bits, -6 .. 8 (亿 is 10^8,
 * 1.5亿 is 15 * 10^7; a value is m * 10^x or m / 10^-x, one correctly
 * rounded operation with an exact power of ten); code 15 escapes to a raw
 * double. */
#define FACTCOL_EXP_BITS 4
#define FACTCOL_EXP_MIN  (-6)
#define FACTCOL_EXP_MAX  8
#define FACTCOL_NUM_RAW  15u
/* Mantissas below 2^53: every such integer is exact in a double. */
#define FACTCOL_MANT_LIMIT 9007199254740992.0
/* FACTVALS and FACTREFS are below 4 GiB, so that a series keeps its
 * offsets in 32 bits (a segment holds far fewer facts: 130,953 facts take
 * 0.9 MB at 100 MB of text). */
#define FACTCOL_SECTION_MAX UINT32_MAX

/* The kinds of a series' entries, in the low FACTCOL_KIND_BITS of its unit
 * varint: a change condition (增长>10%) names no field, so it would decode
 * every series; it skips those without changes, and a plain one those
 * holding only changes. */
#define FACTCOL_KIND_BITS   2
#define FACTCOL_KIND_PLAIN  1 /* an entry of type other than FCT_T_CHANGE */
#define FACTCOL_KIND_CHANGE 2 /* an entry of type FCT_T_CHANGE */

/* The qualifier flags' place in a reference's meta varint. */
#define FACTCOL_META_QUAL_SHIFT 6
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

/* FACTCOL_KIND_CHANGE for type FCT_T_CHANGE, else FACTCOL_KIND_PLAIN. */
uint8_t factcol_kind(unsigned type);

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
 * back), ZS_EINVAL (values or references beyond FACTCOL_SECTION_MAX). */
int factcol_write(factcol_writer *w, zf_writer *zw, uint32_t sec_keys, uint32_t sec_vals,
                  uint32_t sec_refs);

/* One series as read. */
typedef struct factcol_series {
    const char *field, *unit;     /* not NUL-terminated; the field owned by the reader, the
                                     unit in the mapped file */
    uint16_t field_len, unit_len; /* at most FACTCOL_NAME_MAX */
    uint8_t kinds;                /* FACTCOL_KIND_*: of its entries */
    uint64_t first;               /* its entries' index for factcol_get, once loaded */
    uint64_t count;               /* its entries */
    uint32_t vals_off, refs_off;  /* its first bytes in FACTVALS, FACTREFS */
} factcol_series;

typedef struct factcol_unit {
    const char *p; /* into the mapped file */
    uint32_t len;
} factcol_unit;

typedef struct factcol_reader {
    factcol_series *s; /* owned */
    size_t n;
    factcol_unit *units; /* owned */
    size_t nunits;
    char *names; /* owned: the fields, rebuilt from their front coding */
    const uint8_t *vals, *refs;
    uint64_t vals_len, refs_len;
    uint64_t nentries;
    uint32_t npassages;
    factcol_entry *dec; /* owned: the loaded series' entries, in the order loaded */
    uint64_t ndec;
    uint8_t *loaded; /* owned: per series */
    zf_reader *zr;   /* for messages */
} factcol_reader;

/* Read the three sections: the series are parsed and checked (byte
 * lengths agree, series sorted and non-empty); a series' entries are
 * decoded and checked by factcol_load.  The reader borrows zr's map until
 * factcol_close.  Errors: ZS_ECORRUPT "index corrupt: FILE: facts: ...",
 * ZS_ENOMEM. */
int factcol_open(factcol_reader *r, zf_reader *zr, uint32_t sec_keys, uint32_t sec_vals,
                 uint32_t sec_refs, uint32_t npassages, zs_diag *d);
void factcol_close(factcol_reader *r);

/* Decode series si (si < r->n) unless done already, checking
 * every entry: bounds valid (as factcol_add requires) and ascending by lo,
 * type and direction known, passage ids below npassages, the series' bytes
 * used exactly.  Its entries are then r->s[si].first .. + count, packed
 * beside the series loaded before it (a condition touches only the memory
 * of the series it names; loading all in order numbers the entries of
 * series 0, 1, ... from 0).  Not thread-safe.  Errors: ZS_ECORRUPT,
 * ZS_ENOMEM. */
int factcol_load(factcol_reader *r, size_t si, zs_diag *d);

/* factcol_load every series, in order: every entry checked (zhindex
 * check, merging).  Errors: ZS_ECORRUPT, ZS_ENOMEM. */
int factcol_load_all(factcol_reader *r, zs_diag *d);

/* Entry i (i < r->nentries) of a loaded series. */
void factcol_get(const factcol_reader *r, uint64_t i, factcol_entry *e);

/* The entries of loaded series `si` that may meet a condition whose upper end is
 * chi (inclusive when chi_incl; INFINITY when open): those with lo <= chi
 * (< when not inclusive), as [*from, *to).  The caller checks each entry's
 * hi against the lower end with fct_bounds_meet. */
void factcol_range(const factcol_reader *r, size_t si, double chi, int chi_incl, uint64_t *from,
                   uint64_t *to);

#endif
