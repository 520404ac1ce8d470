/*
 * query.h - the query language: text -> parsed query.
 *
 *   query   := item*                       items are ANDed
 *   item    := alt ("OR" alt)*             OR binds tighter than AND
 *            | "-" alt                     exclusion
 *            | field ":" value             filter (city:, year:, date:)
 *            | cond                        numeric condition on facts
 *   alt     := word | '"' text '"'
 *   cond    := name op number              托位数>3, 托位数 >= 3.4, 治愈率>=98%
 *            | number op name              3<托位数 (same as 托位数>3)
 *            | number op name op number    3<托位数<=5 (both '<' or both '>')
 *   op      := "<" | "<=" | ">" | ">=" | "=" (also full-width, ≤ ≥)
 *
 * A word is a run of characters up to white space or a quote.  Each word
 * and each quoted text is normalized as documents are (normalize.h: spaces
 * next to CJK dropped, so "5G 医疗" is 5G医疗) and must then occur as one
 * contiguous sequence of tokens: a CJK word of n characters matches exactly
 * where its characters stand together (县域医疗中心 does not match
 * 县域医疗卫生次中心), Latin letters and digits match whole words (2024
 * matches 2024年 but not 20242024).  Quotes may be ASCII "..." or Chinese
 * “...”.  OR must be upper case; "or" is a word.  Punctuation is not
 * indexed: a word made only of punctuation is an error, punctuation inside
 * a word only separates its tokens.
 *
 * A condition matches passages with a numeric fact (fct.h) whose field
 * contains `name` and whose value satisfies it; a number may carry a unit
 * and multipliers, normalized as in documents (70亿元 is 7000000000 元), and
 * then only facts in that unit match.  Operators may stand apart from
 * their operands (托位数 > 3).  "=" allows a relative error of 1e-9.
 *
 * Errors carry the 1-based column (in characters) where the problem is.
 */
#ifndef ZS_QUERY_H
#define ZS_QUERY_H

#include <stddef.h>
#include <stdint.h>

/* Longest query accepted, in bytes. */
#define QRY_MAX_BYTES 4096
/* Most words (alternatives included) in one query. */
#define QRY_MAX_WORDS 64

typedef struct qry_word {
    char *text; /* normalized, NUL-terminated */
    size_t len;
    int quoted;
    uint32_t col; /* column of the word in the query */
} qry_word;

typedef struct qry_clause {
    int neg;        /* exclusion */
    qry_word *alts; /* alternatives (OR); at least one */
    size_t nalts;
} qry_clause;

typedef struct qry_field {
    char name[16]; /* "city", "year", "date" */
    char *value;   /* as typed */
    uint32_t col;
} qry_field;

/* Longest canonical unit kept, with its NUL. */
#define QRY_UNIT_MAX 24

typedef struct qry_cond {
    char *field; /* normalized, NUL-terminated; "" for a change of any subject (增长>10%) */
    size_t field_len;
    int dir;          /* FCT_D_NONE: levels (values, ranges, limits); FCT_D_UP / FCT_D_DOWN:
                         changes in that direction (进出口增长>10%, 下降>5%) */
    uint8_t min_conf; /* facts below this confidence (0..255) do not answer; set by the caller */
    double lo, hi;    /* -INFINITY / INFINITY when open */
    int lo_incl, hi_incl;    /* inclusive bounds */
    char unit[QRY_UNIT_MAX]; /* canonical unit, "" = any */
    uint32_t col;
} qry_cond;

typedef struct qry {
    qry_clause *clauses;
    size_t n;
    qry_field *fields;
    size_t nfields;
    qry_cond *conds;
    size_t nconds;
} qry;

typedef struct qry_error {
    uint32_t col; /* 0 when the whole query is at fault */
    char msg[256];
} qry_error;

/* Parse `len` bytes of UTF-8 (a NUL byte among them is an error at its
 * column).  Returns 0, ZS_EINVAL with *err filled, or
 * ZS_ENOMEM.  A query with no words, fields or conditions is an error
 * (empty query).  Free with qry_free (also after an error). */
int qry_parse(const char *s, size_t len, qry *q, qry_error *err);

void qry_free(qry *q);

/* Is `name` a field this query language knows (city, year, date)? */
int qry_is_field(const char *name, size_t len);

/* Do a series' field and unit answer condition c?  The field matches by
 * fct_field_matches (measure suffixes folded; any field when c->field is
 * empty); the unit must equal c's when c names one. */
int qry_cond_series(const qry_cond *c, const char *field, size_t flen, const char *unit,
                    size_t ulen);

/* Does a fact of that series with bounds [lo, hi], type, direction and
 * confidence (0..255) satisfy c?  A level condition takes values, ranges
 * and limits, a change condition takes changes of its direction; the
 * bounds must meet c's range (fct_bounds_meet: some value of the fact's
 * range satisfies it). */
int qry_cond_entry(const qry_cond *c, double lo, double hi, unsigned type, unsigned dir,
                   unsigned conf);

#endif
