/*
 * fct.h - numeric facts in a passage: (field, value, unit, qualifier,
 * source span), as in "治愈率达到98.3%" -> (治愈率, 98.3, %, -).
 *
 * Input is one passage's text exactly as the indexer makes it (valid UTF-8,
 * spaces between Han characters removed; full-width digits, letters and
 * punctuation may or may not be folded: every code point is compared after
 * uc_fold, so both forms give the same facts).  Malformed bytes are read as
 * U+FFFD one byte at a time and never past `len`.
 *
 * The rules (which forms, what is not a fact, how a field is cut) are in
 * docs/FACTS.md; the number and unit grammar is in qty.h.  Briefly:
 *   FIELD 达到/为/提高到/控制在/... NUMBER UNIT      (治愈率达到98.3%)
 *   NUMBER UNIT FIELD                              (15个省级医学中心)
 *   FIELD NUMBER UNIT                              (总投资74.2亿元)
 *   F1、F2、F3分别...N1、N2、N3                     (pairs in order)
 *   FIELD由YEAR年的N1提高到YEAR年的N2               (two facts, with years)
 *   FIELD较上年提升N个百分点                        (a change: FCT_Q_DELTA)
 *
 * Invariants of a list: every fact's field and unit are [off, off+len) byte
 * ranges of `pool`; pool.data is NUL-terminated, and each field and unit is
 * followed by a NUL in the pool, so pool.data + off is a C string.  Spans are
 * code point offsets into the passage text, start <= num_start < num_end <=
 * end.  Facts are in text order of num_start.
 *
 * Ownership: a list owns its array and pool (fct_list_free releases both).
 * Nothing here keeps state between calls: any number of threads may extract
 * at once into their own lists.
 */
#ifndef ZS_FCT_H
#define ZS_FCT_H

#include "buf.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

enum {
    FCT_Q_ABOVE = 1, /* 以上 超过 不少于 逾 至少 (a range's low end) */
    FCT_Q_BELOW = 2, /* 以下 不到 低于 以内 不超过 (a range's high end) */
    FCT_Q_ABOUT = 4, /* 左右 约 近 */
    FCT_Q_PLUS = 8,  /* 余 多: "100余万元" */
    FCT_Q_DELTA = 16 /* the value is a change: 较上年提升1.27个百分点, 缩短15分钟 */
};

/* Longest canonical unit in bytes (with its NUL): "/10万", "百分点". */
#define FCT_UNIT_MAX 16

typedef struct fct_fact {
    uint32_t field_off, field_len;   /* UTF-8 bytes in list->pool */
    uint32_t unit_off, unit_len;     /* canonical unit in list->pool, "" when none */
    double value;                    /* multipliers applied */
    uint32_t qual;                   /* FCT_Q_* flags */
    uint32_t start, end;             /* evidence span, code points [start, end) */
    uint32_t num_start, num_end;     /* code point span of the number and unit */
    uint32_t place_start, place_end; /* place named in the fact's own clause; 0,0 if none */
    int year;                        /* year the fact itself names (由2016年的…), 0 if none */
} fct_fact;

typedef struct fct_list {
    fct_fact *v;
    size_t n, cap;
    buf pool;
} fct_list;

/* Make `l` an empty list (allocates nothing). */
void fct_list_init(fct_list *l);

/* Forget the facts, keeping the memory for the next passage. */
void fct_list_clear(fct_list *l);

/* Release the memory; `l` is an empty list afterwards (safe to call twice). */
void fct_list_free(fct_list *l);

/* The field / unit of a fact as a NUL-terminated string borrowed from the
 * list's pool (valid until the list is cleared or freed). */
static inline const char *fct_field(const fct_list *l, const fct_fact *f)
{
    return l->pool.data + f->field_off;
}
static inline const char *fct_unit(const fct_list *l, const fct_fact *f)
{
    return l->pool.data + f->unit_off;
}

/* Append the facts of one passage text[0, len) to `out` (which keeps what it
 * held).  Facts without a field are dropped.  Returns ZS_OK, ZS_ENOMEM (the
 * facts appended so far stay in `out`), ZS_ETOOBIG when the passage exceeds
 * FCT_MAX_TEXT bytes (offsets are 32-bit); `d` (may be NULL) says which. */
#define FCT_MAX_TEXT (64u << 20)
int fct_extract(const char *text, size_t len, fct_list *out, zs_diag *d);

/* Parse a query quantity at s[0, len): "3", "3.4", "98%", "70亿元",
 * "30万个", "三十万", "9.5/10万", "4.2‰", "1.27个百分点".  Gives the value
 * with multipliers applied and the canonical unit extraction gives for the
 * same text ("" when none) in unit[0, unitcap) NUL-terminated; *consumed is
 * the number of bytes used (number, multipliers, 余/多, unit).  Leading
 * spaces are skipped.  Errors: ZS_EINVAL when there is no number at s (after
 * spaces) or unitcap is 0; ZS_ETOOBIG when the unit does not fit in unitcap
 * (FCT_UNIT_MAX always fits).  Outputs are unspecified on error. */
int fct_parse_quantity(const char *s, size_t len, double *value, char *unit, size_t unitcap,
                       size_t *consumed);

#endif
