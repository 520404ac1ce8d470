/*
 * fct.h - numeric facts in a passage: (field, bounds, unit, type,
 * direction, source span, confidence), as in "治愈率达到98.3%" -> (治愈率,
 * [98.3, 98.3], %, value).
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
 *   FIELD较上年提升N个百分点                        (a change, direction up)
 *   处N1元以上N2元以下的FIELD                        (one range, a limit)
 *   自…之日起N日内FIELD                             (a time limit)
 * Word lists that are open classes (verbs, units, cohesive bigrams) and the
 * confidence weights are learned (fct_lex.h).
 *
 * Fact model: a fact has a field, bounds lo/hi, a unit, a type (value,
 * range, limit, change), a direction for a change, its own year and place,
 * an evidence span and a confidence.  A range is ONE fact with two bounds
 * (处一万元以上五万元以下的罚款 -> 罚款 in [10000, 50000] 元).
 *
 * Invariants of a list: every fact's field and unit are [off, off+len) byte
 * ranges of `pool`; pool.data is NUL-terminated, and each field and unit is
 * followed by a NUL in the pool, so pool.data + off is a C string.  Spans are
 * code point offsets into the passage text, start <= num_start < num_end <=
 * end.  Facts are in text order of num_start.  No two facts of a passage
 * are equal (field, unit, bounds, type, direction, year, place: fct.c
 * duplicate()).
 *
 * Ownership: a list owns its array and pool (fct_list_free releases both),
 * and the word lists indexed for lookup, built once at the first extraction
 * into it (35 lists, about 760 words: about 25 us) and reused
 * for every passage after: a caller that extracts many passages keeps one
 * list and clears it between them.  Nothing else keeps state between calls:
 * any number of threads may extract at once into their own lists.
 */
#ifndef ZS_FCT_H
#define ZS_FCT_H

#include "buf.h"
#include "err.h"
#include "gazetteer.h"

#include <stddef.h>
#include <stdint.h>

enum {
    FCT_Q_ABOVE = 1, /* 以上 超过 不少于 逾 至少: the value is a lower bound */
    FCT_Q_BELOW = 2, /* 以下 不到 低于 以内 不超过: the value is an upper bound */
    FCT_Q_ABOUT = 4, /* 左右 约 近 */
    FCT_Q_PLUS = 8,  /* 余 多: "100余万元" */
    FCT_Q_DELTA = 16 /* the value is a change: 较上年提升1.27个百分点, 缩短15分钟 */
};

/* What a fact states (docs/FACTS.md "Fact model"). */
typedef enum fct_type {
    FCT_T_VALUE = 0, /* a stated amount, exact, approximate or one-sided (超过300万人) */
    FCT_T_RANGE = 1, /* two bounds stated together: 3至5名, 五十米至二百米 */
    FCT_T_LIMIT = 2, /* a legal or administrative limit: 十五日内作出决定, 处三年以下有期徒刑 */
    FCT_T_CHANGE = 3, /* an increase or decrease of the field: 进出口总值增长13.3% */
    FCT_T_COUNT_ = 4  /* number of types (a bound for readers) */
} fct_type;

/* Direction of a change. */
typedef enum fct_dir {
    FCT_D_NONE = 0, /* not a change */
    FCT_D_UP = 1,   /* 增长 增加 提高 提升 上升 扩大 延长 */
    FCT_D_DOWN = 2, /* 下降 减少 降低 缩短 回落 */
    FCT_D_COUNT_ = 3
} fct_dir;

/* Longest canonical unit in bytes (with its NUL): "/10万", "个/千人口". */
#define FCT_UNIT_MAX 24

typedef struct fct_fact {
    uint32_t field_off, field_len; /* UTF-8 bytes in list->pool */
    uint32_t unit_off, unit_len;   /* canonical unit in list->pool, "" when none */
    double lo, hi;       /* bounds, multipliers applied: lo = hi for an exact value; -INFINITY /
                            INFINITY for an open end (以上: [v, inf), 以下: (-inf, v]); a change
                            holds its magnitude (>= 0) and dir its sign */
    uint32_t qual;       /* FCT_Q_* flags as written (informative beside lo/hi) */
    uint8_t type;        /* fct_type */
    uint8_t dir;         /* fct_dir, FCT_D_NONE unless type is FCT_T_CHANGE */
    float confidence;    /* 0..1, how sure the extractor is (docs/FACTS.md "Confidence") */
    uint32_t start, end; /* evidence span, code points [start, end) */
    uint32_t num_start, num_end;     /* code point span of the number and unit */
    uint32_t place_start, place_end; /* place named in the fact's own clause; 0,0 if none */
    int year;                        /* year the fact itself names (由2016年的…), 0 if none */
} fct_fact;

/* One number standing for a fact with bounds [lo, hi] in statistics: the
 * value, a range's midpoint, or the finite bound of a one-sided fact. */
double fct_point(double lo, double hi);

/* Does some value of the fact's bounds [lo, hi] lie within the condition
 * range (clo, chi), inclusive where clo_incl / chi_incl?  This is how a range
 * fact answers a condition: [10000, 50000] answers both >= 50000 and
 * <= 20000, and 以上 10000 answers > 1000000. */
int fct_bounds_meet(double lo, double hi, double clo, int clo_incl, double chi, int chi_incl);

/* Does a fact field answer a query field?  Both are UTF-8; the query field
 * is folded first (a trailing 数 数量 量 总数 is dropped when at least two
 * code points stay: 托位数 and 托位数量 both become 托位) and then looked
 * for as a substring of the fact field (每千人口托位数 contains 托位). */
int fct_field_matches(const char *field, size_t flen, const char *want, size_t wlen);

/* The change direction a query field names by itself or at its end: 增长
 * 增加 提高 上升 ... -> FCT_D_UP, 下降 减少 降低 ... -> FCT_D_DOWN, else
 * FCT_D_NONE.  *stem_len gets the length of the field before the verb
 * (0 for 增长 alone: any subject). */
int fct_change_word(const char *want, size_t wlen, size_t *stem_len);

/* Names of types and directions for display: "value", "range", "limit",
 * "change"; "", "up", "down". */
const char *fct_type_name(unsigned type);
const char *fct_dir_name(unsigned dir);

/* The extractor's word and unit lists indexed for lookup (wset.h, qty_ix),
 * built at the first extraction into a list and kept by it (fct_list). */
struct fct_words;

typedef struct fct_list {
    fct_fact *v;
    size_t n, cap;
    buf pool;
    struct fct_words *words; /* the indexed lists and a passage's working
                                memory: NULL until the first extraction
                                into this list makes them; kept by
                                fct_list_clear, freed by fct_list_free */
} fct_list;

/* Make `l` an empty list (allocates nothing). */
void fct_list_init(fct_list *l);

/* Forget the facts, keeping the memory (and the indexed lists) for the next
 * passage. */
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

/* fct_extract with a gazetteer (borrowed, may be NULL): the place names a
 * field starts with (山东菏泽去年投资 -> 投资, 浚县12家) are the gazetteer's
 * (gazetteer.h, gaz_scan and its edge rules) and countries written X国;
 * without one, a suffix rule (1-4 characters and 省/市/县/区) stands in,
 * which also takes 中型引黄灌区 for a place. */
int fct_extract_gaz(const char *text, size_t len, const gaz *g, fct_list *out, zs_diag *d);

/* fct_extract_gaz with the boundary model (fct_model.h) switched off,
 * calling trace(arg, m, out, i) for every fact whose field it would cut:
 * m is what the model sees (the rules' field and how far its cuts may
 * move, valid during the call), dir the direction choice of the fact
 * (fct_model.h; NULL when there was none), i the index of the fact in
 * `out`, or -1
 * when it was dropped as a duplicate.  The facts are the rules' alone, so
 * the training data of tools/fct_cuts do not depend on the weights being
 * fitted.  trace may be NULL (then this is fct_extract_gaz). */
struct fct_model_span;
struct fct_model_dir;
typedef void (*fct_trace_fn)(void *arg, const struct fct_model_span *m,
                             const struct fct_model_dir *dir, const fct_list *out, long i);
int fct_extract_trace(const char *text, size_t len, const gaz *g, fct_list *out, fct_trace_fn trace,
                      void *arg, zs_diag *d);

/* fct_extract_gaz with the boundary model's weights w (borrowed; layout
 * w[side * FCT_MODEL_BUCKETS + bucket], fct_model.h) instead of the
 * compiled ones; w NULL is fct_extract_gaz.  tools/fct_cuts -w uses it to
 * score weights fitted without the set being scored (cross-validation). */
int fct_extract_weights(const char *text, size_t len, const gaz *g, const float *w, fct_list *out,
                        zs_diag *d);

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
