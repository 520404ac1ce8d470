/*
 * query.h - the query language: text -> parsed query.
 *
 *   query   := conj
 *   conj    := disj (["AND"] disj)*        juxtaposition or AND: all must match
 *   disj    := unary ("OR" unary)*         OR binds tighter than AND
 *   unary   := ("-" | "NOT") unary         exclusion (-word, NOT word, -(a OR b))
 *            | primary
 *   primary := word | '"' text '"'
 *            | "NEAR(" word+ ["," N] ")"   proximity: all the words within N
 *            | '"' word+ '"~' N            code points (default 10), any order
 *            | "(" conj ")"                grouping
 *            | field ":" value             filter (city:, year:, date:, title:,
 *                                          kind:, doc:; docfilter.h)
 *            | cond                        numeric condition on facts
 *   cond    := name op number              托位数>3, 托位数 >= 3.4, 治愈率>=98%
 *            | number op name              3<托位数 (same as 托位数>3)
 *            | number op name op number    3<托位数<=5 (both '<' or both '>')
 *   op      := "<" | "<=" | ">" | ">=" | "=" (also full-width, ≤ ≥)
 *
 * Precedence, tightest first: - and NOT (they negate the one word, quoted
 * text or group that follows), OR, then AND (written or not).  So
 * `a b OR c` is a AND (b OR c), `a NOT b OR c` is a AND ((NOT b) OR c),
 * `(a b) OR c` needs its parentheses.  AND, OR and NOT are operators only
 * in upper case; `and`, `or`, `not` are words.  Parentheses are ASCII ( ).
 * Filters and conditions must hold for every match: they may stand only
 * where the query is a conjunction (at the top level or in a group that
 * is ANDed there), not under OR or NOT.  A name of ASCII letters before a
 * colon that is no field is an error ("did you mean"); text with a
 * full-width colon (通知：) is text.
 *
 * The parsed query is in conjunctive normal form, as the searcher runs it:
 * clauses that must all hold, each an OR of words; an exclusion clause
 * (`neg`) holds when its word does not occur; a `check` clause is an OR of
 * words and negated words (a OR -b), evaluated on the passages the other
 * clauses find.  A query needs a positive clause, a filter or a condition
 * to find passages from (the searcher says "nothing to match" otherwise).
 * Grouping is expanded by distribution, (a b) OR c = (a OR c) (b OR c),
 * up to QRY_MAX_CLAUSES clauses; a clause that holds always (a OR -a) is
 * dropped.

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

/* Most clauses once grouping is expanded. */
#define QRY_MAX_CLAUSES 64
/* Deepest nesting of parentheses. */
#define QRY_MAX_DEPTH 32

/* Distance of NEAR(a b) without a number, in code points. */
#define QRY_NEAR_DEFAULT 10
/* Largest NEAR distance accepted. */
#define QRY_NEAR_MAX_DIST 10000
/* Most words in one NEAR group. */
#define QRY_NEAR_MAX_WORDS 8

typedef struct qry_word {
    char *text; /* normalized, NUL-terminated; a NEAR group: its words and
                   distance, "医保 改革~10" */
    size_t len;
    int quoted;
    int neg;               /* in a check clause: the word must not occur */
    uint32_t col;          /* column of the word in the query */
    struct qry_word *near; /* a NEAR group's words (owned), else NULL */
    size_t nnear;
    uint32_t dist; /* NEAR: the largest gap, in code points */
} qry_word;

typedef struct qry_clause {
    int neg;        /* exclusion: its one word must not occur */
    int check;      /* an OR of words and negated words (alts[i].neg) */
    qry_word *alts; /* alternatives (OR); at least one */
    size_t nalts;
} qry_clause;

typedef struct qry_field {
    char name[16]; /* "city", "year", "date", "title", "kind", "doc" */
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

/* Is `name` a field this query language knows (city, year, date, title,
 * kind, doc)? */
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
