/*
 * qty.h - a number with its multipliers and measure word, read from
 * folded code points: "74.2亿元", "30 万个", "十四家", "100余万元",
 * "9.5/10万", "1.27个百分点".  Shared by fact extraction (fct.c) and query
 * quantities (fct_parse_quantity), so both give the same value and unit.
 *
 * Grammar (over uc_fold'ed code points; a single space may sit between the
 * number and what follows it):
 *   quantity  = number [余|多] {multiplier} [余|多] [unit]
 *   number    = arabic | chinese
 *   arabic    = digit+ {"," digit digit digit} ["." digit+]
 *   chinese   = 〇零一二两三四五六七八九 and 十百千万亿 in the usual grammar
 *               (一百零五, 三十万, 十四); a digit may not follow a digit
 *   multiplier= 十 百 千 万 亿 (after an arabic number; each multiplies)
 *   unit      = the longest entry of the unit table in qty.c; "个" before
 *               "百分点" is folded into it, "/10万" is one unit
 * The canonical unit is the table's spelling after multipliers are taken out
 * (亿元 -> 元, 万人次 -> 人次).
 *
 * No state: the unit strings are static.  qty_scan allocates nothing and
 * scans the unit tables entry by entry; qty_scan_ix reads them through an
 * index (qty_ix, wset.h) built once by its owner, with the same result.
 */
#ifndef ZS_QTY_H
#define ZS_QTY_H

#include <stddef.h>
#include <stdint.h>

/* What a unit measures; decides whether a quantity can be a fact. */
typedef enum qty_kind {
    QTY_NONE = 0, /* no unit */
    QTY_COUNT,    /* 个 家 所 项 人 次 ... */
    QTY_RATIO,    /* % ‰ /10万 百分点 */
    QTY_MONEY,    /* 元 */
    QTY_SPAN,     /* 岁 天 小时 分钟: durations and ages, facts only after a verb */
    QTY_DATE,     /* 年 月 日 号 时: dates, never facts */
    QTY_NAME      /* 周年 届 级 等: anniversaries, ordinals, grades: never facts */
} qty_kind;

typedef struct qty {
    double value;      /* multipliers applied */
    size_t start;      /* first code point of the number */
    size_t num_end;    /* after the number, multipliers and 余/多 */
    size_t end;        /* after the unit (num_end when none) */
    const char *unit;  /* canonical unit, static; "" when none */
    qty_kind kind;     /* of the unit */
    unsigned plus : 1; /* 余 or 多 */
    unsigned cjk : 1;  /* the number is written in Chinese numerals */
    unsigned mult : 1; /* a multiplier (万, 亿, ...) was applied */
    unsigned ndigit;   /* arabic digits before any '.', 0 for Chinese */
} qty;

/* 1 if cp (folded) is an ASCII digit. */
static inline int qty_is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* The Chinese numerals (〇零一二两三四五六七八九 十百千万亿) by Fibonacci
 * hashing of the code point into QTY_NUMERAL_SLOTS slots, no two in one
 * slot (qty.c builds the table with these slots as designated
 * initializers: a collision is a compile error under -Wextra
 * -Woverride-init); every other slot 0.  Asked at every code point of a
 * passage, so one load and compare instead of a switch. */
#define QTY_NUMERAL_SLOT_BITS 6
#define QTY_NUMERAL_SLOTS     (1u << QTY_NUMERAL_SLOT_BITS)
#define QTY_NUMERAL_SLOT(cp)                                                                       \
    ((uint32_t)((uint32_t)(cp)*2654435761u) >> (32 - QTY_NUMERAL_SLOT_BITS))
extern const uint32_t qty_numeral_slots[QTY_NUMERAL_SLOTS];

/* 1 if cp is a Chinese numeral character (digits and 十百千万亿). */
static inline int qty_is_cjk_numeral(uint32_t cp)
{
    return cp && qty_numeral_slots[QTY_NUMERAL_SLOT(cp)] == cp;
}

/* Read a quantity starting exactly at cp[i] (cp[0, n) folded code points).
 * Returns 1 and fills *q when a number starts there, else 0. */
int qty_scan(const uint32_t *cp, size_t n, size_t i, qty *q);

/* The unit tables (the one in qty.c and the mined lex_units) indexed by
 * first code point, for callers that scan many quantities (fact
 * extraction).  Immutable once built: any number of threads may share one. */
typedef struct qty_ix qty_ix;

/* Build the index into *out (caller frees with qty_ix_free).  Errors:
 * ZS_ENOMEM (*out is then NULL). */
int qty_ix_new(qty_ix **out);

/* Release an index (NULL is fine). */
void qty_ix_free(qty_ix *x);

/* qty_scan with the unit tables read through x (borrowed; NULL: scanned
 * entry by entry, which is qty_scan).  Same result either way. */
int qty_scan_ix(const qty_ix *x, const uint32_t *cp, size_t n, size_t i, qty *q);

/* Length in code points of the measure word at cp[j] (the unit table's
 * longest entry, then the mined units of fct_lex.h), its canonical spelling
 * in *canon and its kind in *kind; 0 when none starts there. */
size_t qty_unit_at(const uint32_t *cp, size_t n, size_t j, const char **canon, qty_kind *kind);

/* qty_word_at without its quick test: the whole comparison. */
size_t qty_word_rest(const uint32_t *cp, size_t n, size_t i, const char *w);

/* Length in code points of the UTF-8 word `w` when it occurs at cp[i] (cp
 * folded), else 0.  `w` is a short literal.  Inline: the word lists are
 * scanned at most positions of a passage and almost every entry fails on
 * the first two bytes of cp[i]'s UTF-8 form, tested without decoding `w`. */
static inline size_t qty_word_at(const uint32_t *cp, size_t n, size_t i, const char *w)
{
    if (i >= n || !w[0]) return 0;
    uint32_t c = cp[i];
    if (c >= 0x800 && c < 0x10000 &&
        ((uint8_t)w[0] != (0xE0 | (c >> 12)) || (uint8_t)w[1] != (0x80 | ((c >> 6) & 0x3F))))
        return 0;
    return qty_word_rest(cp, n, i, w);
}

/* Length in code points of the UTF-8 word `w` when it ends exactly at cp[i]
 * (the word occupies cp[i - len, i)), else 0. */
size_t qty_word_before(const uint32_t *cp, size_t i, const char *w);

#endif
