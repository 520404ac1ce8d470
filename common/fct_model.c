/*
 * fct_model.c - the learned field-boundary model (see fct_model.h).
 *
 * Each cut's features are template ids mixed with their values by FNV-1a
 * (Fowler-Noll-Vo) and reduced to FCT_MODEL_BUCKETS: the "hashing trick"
 * of Weinberger et al. (2009), so the weights are one flat array and no
 * feature dictionary ships with the binary.  tools/train_fields.py never
 * recomputes a feature: it reads the ids this file gives (tools/fct_cuts),
 * so training and inference cannot drift apart.
 */
#include "fct_model.h"

#include "fct_lex.h"
#include "qty.h"
#include "uchar.h"

#include <assert.h>

/* Offsets from the proposed edge beyond this share one feature: the cuts
 * inside a long field (up to FIELD_MAX, 24) are rarely that far. */
#define OFFSET_MAX 12

/* Feature templates: a hash of (template, values). */
enum {
    T_OFFSET = 1, /* cut - proposed edge, with the field's side of the number */
    T_L1,         /* character before the cut */
    T_R1,         /* character after the cut */
    T_L1R1,       /* the bigram across the cut */
    T_L2L1,       /* the two characters before */
    T_R1R2,       /* the two characters after */
    T_CLASS,      /* classes of the characters on both sides */
    T_VERB_AFTER, /* a mined verb starts at the cut */
    T_VERB_BEFORE,
    T_WORD_ACROSS, /* a cohesive word spans the cut */
    T_WORD_AFTER,
    T_WORD_BEFORE,
    T_LENGTH,     /* length of the field the cut leaves (bucketed) */
    T_DISTANCE,   /* distance from the number (bucketed) */
    T_PLACE_,     /* (retired: a gazetteer place at the cut changed nothing) */
    T_OFF_L1,     /* the offset with the character before */
    T_OFF_R1,     /* the offset with the character after */
    T_CLASS_R,    /* mined predicate class of the bigram after the cut */
    T_CLASS_L,    /* ... before the cut */
    T_POS_R,      /* part of speech of the bigram after the cut */
    T_POS_L,      /* ... before the cut */
    T_VEND_L,     /* the bigram before the cut often ends the noun of a value */
    T_KIND_POS_R, /* the fact's kind with the part of speech after the cut */
    T_KIND_POS_L, /* ... before the cut */
    T_KIND_OFF    /* the fact's kind with the offset */
};

/* What the features see beyond the text's edges: a full stop (U+3002). */
#define TEXT_EDGE 0x3002u

/* The FNV-1a prime and its powers (mod 2^32): a zero byte only multiplies
 * by the prime, so the zero high bytes of a small value are one multiply. */
#define FNV_PRIME   16777619u
#define FNV_PRIME_3 1055306571u /* FNV_PRIME^3 mod 2^32 */
#define FNV_PRIME_4 1345077009u /* FNV_PRIME^4 mod 2^32 */

/* FNV-1a of h over the four bytes of v, low byte first.  Most values are
 * a byte (template ids, offsets, classes) or a BMP code point (two bytes):
 * their zero bytes are taken in one multiply by a power of the prime, the
 * same hash with fewer dependent multiplies. */
static inline uint32_t mix(uint32_t h, uint32_t v)
{
    if (v < 0x100u) return (h ^ v) * FNV_PRIME_4;
    if (v < 0x10000u) return (((h ^ (v & 0xFF)) * FNV_PRIME) ^ (v >> 8)) * FNV_PRIME_3;
    for (int i = 0; i < 4; i++) {
        h ^= (v >> (8 * i)) & 0xFF;
        h *= FNV_PRIME;
    }
    return h;
}

/* The hash of a cut's feature: template t of side `side` with values a
 * and b.  side * 64 + t is below 0x100 (static_assert below), so its mix
 * is written out as mix() computes it, (h ^ v) * FNV_PRIME_4: the compiler
 * folds it to a constant per template where mix()'s test of v it did not,
 * and b, a constant for most templates, folds too. */
static_assert(64 + T_KIND_OFF < 0x100, "a side and template mix as one byte");
static inline uint32_t feat(int side, uint32_t t, uint32_t a, uint32_t b)
{
    uint32_t h = (2166136261u ^ ((uint32_t)side * 64 + t)) * FNV_PRIME_4;
    return mix(mix(h, a), b) & (FCT_MODEL_BUCKETS - 1);
}

/* 0 outside the text, 1 Han, 2 digit or Chinese numeral, 3 letter, 4
 * punctuation, 5 space or other. */
static uint32_t cls(uint32_t x)
{
    if (!x) return 0;
    if (qty_is_digit(x) || qty_is_cjk_numeral(x)) return 2;
    switch (uc_class_of(x)) {
    case UC_CJK:
        return 1;
    case UC_WORD:
        return 3;
    case UC_PUNCT:
        return 4;
    default:
        return 5;
    }
}

/* 0, 1, 2, 3, 4, 5-6, 7-9, 10+ */
static uint32_t bucket(size_t d)
{
    return d < 5 ? (uint32_t)d : d < 7 ? 5 : d < 10 ? 6 : 7;
}

/* Lexicon bits at position k: LEX_VERB when a mined verb is cp[k, k+2),
 * LEX_WORD when a cohesive word is, and from bit LEX_CLASS_SHIFT the
 * bigram's mined class (fct_lex.h lex_class_of), CLASS_NOT_HAN when it is
 * no Han bigram. */
enum { LEX_VERB = 1, LEX_WORD = 2, LEX_CLASS_SHIFT = 2 };
#define CLASS_NOT_HAN 0x7Fu

static unsigned lexbits(const fct_model_span *m, size_t k)
{
    if (k + 1 >= m->n) return CLASS_NOT_HAN << LEX_CLASS_SHIFT;
    uint32_t a = m->cp[k], b = m->cp[k + 1];
    if (uc_class_of(a) != UC_CJK || uc_class_of(b) != UC_CJK)
        return CLASS_NOT_HAN << LEX_CLASS_SHIFT;
    return (lex_is_verb(a, b) ? LEX_VERB : 0) | (lex_is_word(a, b) ? LEX_WORD : 0) |
           lex_class_of(a, b) << LEX_CLASS_SHIFT;
}

/* The lexicon bits of the positions a field's cuts look at, both sides:
 * bits[k - base] for k in [base, base + n).  The two sides' ranges overlap
 * over the whole field, so a position's bits are computed once, not once a
 * side; and the class table's slots (lex_class_of: 640 KiB of table, a
 * cache miss a probe) are prefetched for the whole row before the first
 * probe, so the misses overlap instead of following one another. */
#define ROW_MAX 64
typedef struct lexrow {
    size_t base, n;
    unsigned bits[ROW_MAX];
} lexrow;

/* Fill r with the bits of [first, last] (at most ROW_MAX positions; the
 * others are computed when asked, row_bits). */
static void row_fill(const fct_model_span *m, size_t first, size_t last, lexrow *r)
{
    r->base = first;
    r->n = last - first + 1 < ROW_MAX ? last - first + 1 : ROW_MAX;
    for (size_t k = first; k < first + r->n && k + 1 < m->n; k++) {
        uint32_t a = m->cp[k], b = m->cp[k + 1];
        if (a >= 0x4E00u && a <= 0x9FFFu && b >= 0x4E00u && b <= 0x9FFFu)
            __builtin_prefetch(&lex_class_keys[lex_class_slot(lex_class_key(a, b))]);
    }
    for (size_t i = 0; i < r->n; i++) r->bits[i] = lexbits(m, first + i);
}

/* The lexicon bits at k: from the row, or computed when k is outside it. */
static unsigned row_bits(const fct_model_span *m, const lexrow *r, size_t k)
{
    return k >= r->base && k - r->base < r->n ? r->bits[k - r->base] : lexbits(m, k);
}

/* The features of cut p, given the lexicon bits at p - 2, p - 1 and p
 * (0 for a position before the text). */
static size_t features(const fct_model_span *m, int side, size_t p, const unsigned bits[3],
                       uint32_t *ids)
{
    const uint32_t *cp = m->cp;
    /* the text's edges read as sentence ends: a passage that starts with
     * its field (婴儿死亡率下降到4.2‰) looks like a sentence that does,
     * which the training paragraphs have after a 。 */
    uint32_t l2 = p > 1 ? cp[p - 2] : p == 1 ? TEXT_EDGE : 0;
    uint32_t l1 = p > 0 ? cp[p - 1] : TEXT_EDGE;
    uint32_t r1 = p < m->n ? cp[p] : TEXT_EDGE;
    uint32_t r2 = p + 1 < m->n ? cp[p + 1] : p < m->n ? TEXT_EDGE : 0;
    size_t edge = side == FCT_MODEL_START ? m->s : m->e;
    uint32_t back = m->e <= m->num_s; /* the field stands before the number */
    /* the offset from the proposed edge, clamped to +-OFFSET_MAX */
    size_t d = p > edge ? p - edge : edge - p;
    if (d > OFFSET_MAX) d = OFFSET_MAX;
    uint32_t off = (uint32_t)(p >= edge ? OFFSET_MAX + d : OFFSET_MAX - d) + 64 * back;
    size_t n = 0;
    ids[n++] = feat(side, T_OFFSET, off, 0);
    ids[n++] = feat(side, T_L1, l1, 0);
    ids[n++] = feat(side, T_R1, r1, 0);
    ids[n++] = feat(side, T_L1R1, l1, r1);
    ids[n++] = feat(side, T_L2L1, l2, l1);
    ids[n++] = feat(side, T_R1R2, r1, r2);
    ids[n++] = feat(side, T_CLASS, cls(l2) * 8 + cls(l1), cls(r1) * 8 + cls(r2));
    int across = (bits[1] & LEX_WORD) != 0;
    if ((bits[2] & LEX_VERB) && !across) ids[n++] = feat(side, T_VERB_AFTER, back, 0);
    if (bits[0] & LEX_VERB) ids[n++] = feat(side, T_VERB_BEFORE, back, 0);
    if (across) ids[n++] = feat(side, T_WORD_ACROSS, back, 0);
    if (bits[2] & LEX_WORD) ids[n++] = feat(side, T_WORD_AFTER, back, 0);
    if (bits[0] & LEX_WORD) ids[n++] = feat(side, T_WORD_BEFORE, back, 0);
    size_t len = side == FCT_MODEL_START ? (m->e > p ? m->e - p : 0) : (p > m->s ? p - m->s : 0);
    ids[n++] = feat(side, T_LENGTH, bucket(len), back);
    size_t num = back ? m->num_s : m->num_e;
    ids[n++] = feat(side, T_DISTANCE, bucket(p > num ? p - num : num - p), back);
    ids[n++] = feat(side, T_OFF_L1, off, l1);
    ids[n++] = feat(side, T_OFF_R1, off, r1);
    uint32_t lc = bits[0] >> LEX_CLASS_SHIFT, rc = bits[2] >> LEX_CLASS_SHIFT;
    uint32_t sides = back * 2 + (p >= edge);
    ids[n++] = feat(side, T_CLASS_R, rc >> LEX_CLASS_MINED_SHIFT, sides);
    ids[n++] = feat(side, T_CLASS_L, lc >> LEX_CLASS_MINED_SHIFT, sides);
    ids[n++] = feat(side, T_POS_R, rc & LEX_POS_MASK, sides);
    ids[n++] = feat(side, T_POS_L, lc & LEX_POS_MASK, sides);
    if (lc != CLASS_NOT_HAN && (lc & LEX_CLASS_VALUE_END))
        ids[n++] = feat(side, T_VEND_L, sides, 0);
    ids[n++] = feat(side, T_KIND_POS_R, m->kind * 8 + (rc & LEX_POS_MASK), sides);
    ids[n++] = feat(side, T_KIND_POS_L, m->kind * 8 + (lc & LEX_POS_MASK), sides);
    ids[n++] = feat(side, T_KIND_OFF, m->kind, off);
    return n;
}

size_t fct_model_features(const fct_model_span *m, int side, size_t p, uint32_t *ids)
{
    unsigned none = CLASS_NOT_HAN << LEX_CLASS_SHIFT;
    unsigned bits[3] = {p >= 2 ? lexbits(m, p - 2) : none, p >= 1 ? lexbits(m, p - 1) : none,
                        lexbits(m, p)};
    return features(m, side, p, bits, ids);
}

void fct_model_range(const fct_model_span *m, int side, size_t *first, size_t *last)
{
    if (side == FCT_MODEL_START) {
        *first = m->s > m->lo + FCT_MODEL_WINDOW ? m->s - FCT_MODEL_WINDOW : m->lo;
        *last = m->e - 1;
    } else {
        *first = m->s + 1;
        *last = m->e + FCT_MODEL_WINDOW < m->hi ? m->e + FCT_MODEL_WINDOW : m->hi;
    }
}

int fct_model_cut_ok(const fct_model_span *m, int side, size_t p)
{
    size_t edge = side == FCT_MODEL_START ? m->s : m->e;
    if (p == edge || p == 0 || p >= m->n) return 1;
    uint32_t a = m->cp[p - 1], b = m->cp[p];
    return uc_class_of(a) != UC_CJK || uc_class_of(b) != UC_CJK || !lex_is_word(a, b);
}

/* The best cut of one side: the highest score, the proposed edge on ties.
 * The lexicon bits of a position (from the row r) serve the three cuts
 * that look at it. */
static size_t best(const fct_model_span *m, const float *w, int side, const lexrow *r)
{
    size_t first, last, edge = side == FCT_MODEL_START ? m->s : m->e, at = edge;
    fct_model_range(m, side, &first, &last);
    uint32_t ids[FCT_MODEL_NFEAT];
    unsigned none = CLASS_NOT_HAN << LEX_CLASS_SHIFT;
    unsigned bits[3] = {first >= 2 ? row_bits(m, r, first - 2) : none,
                        first >= 1 ? row_bits(m, r, first - 1) : none, 0};
    float top = 0;
    int have = 0;
    for (size_t p = first; p <= last; p++) {
        bits[2] = row_bits(m, r, p);
        int ok = fct_model_cut_ok(m, side, p);
        size_t k = ok ? features(m, side, p, bits, ids) : 0;
        bits[0] = bits[1];
        bits[1] = bits[2];
        if (!ok) continue;
        float z = 0;
        for (size_t i = 0; i < k; i++) z += w[(size_t)side * FCT_MODEL_BUCKETS + ids[i]];
        if (!have || z > top || (z == top && p == edge)) {
            top = z;
            at = p;
            have = 1;
        }
    }
    return at;
}

void fct_model_cut(const fct_model_span *m, size_t *s, size_t *e)
{
    fct_model_cut_w(m, NULL, s, e);
}

void fct_model_cut_w(const fct_model_span *m, const float *w, size_t *s, size_t *e)
{
    if (!w) w = &fct_model_weights[0][0];
    *s = m->s;
    *e = m->e;
    if (m->e <= m->s) return;
    size_t fs, ls, fe, le;
    fct_model_range(m, FCT_MODEL_START, &fs, &ls);
    fct_model_range(m, FCT_MODEL_END, &fe, &le);
    size_t first = fs < fe ? fs : fe, last = ls > le ? ls : le;
    lexrow r;
    row_fill(m, first >= 2 ? first - 2 : 0, last, &r);
    size_t bs = best(m, w, FCT_MODEL_START, &r), be = best(m, w, FCT_MODEL_END, &r);
    if (be > bs) {
        *s = bs;
        *e = be;
    }
}

/* ---- the direction chooser --------------------------------------------- */

enum {
    D_BIAS,
    D_BACK_LAST,  /* last character of the backward field */
    D_BACK_LAST2, /* its last two */
    D_BACK_FIRST, /* its first */
    D_BACK_LEN,   /* its length (bucketed) */
    D_FWD_FIRST,  /* first character of the forward field */
    D_FWD_FIRST2, /* its first two */
    D_FWD_LAST,   /* its last */
    D_FWD_LEN,    /* its length */
    D_BEFORE_NUM, /* the character before the number */
    D_AFTER_NUM,  /* the character after the number and unit */
    D_FWD_NEXT,   /* the character after the forward field */
    D_UNIT,       /* the unit */
    D_FLAGS,      /* the rules' flags */
    D_GAP,        /* code points between the backward field and the number */
    D_LAST_FIRST, /* back's last with fwd's first */
    D_BACK_VERB,  /* a mined verb ends the backward field */
    D_FWD_VERB    /* a mined verb inside the forward field */
};

static uint32_t dfeat(uint32_t t, uint32_t a, uint32_t b)
{
    return mix(mix(mix(2166136261u, 128 + t), a), b) & (FCT_MODEL_DIR_BUCKETS - 1);
}

static uint32_t at(const fct_model_dir *d, size_t k)
{
    return k < d->n ? d->cp[k] : 0;
}

size_t fct_model_dir_features(const fct_model_dir *d, uint32_t *ids)
{
    uint32_t uh = 2166136261u;
    for (const char *u = d->unit; *u; u++) uh = mix(uh, (uint8_t)*u);
    size_t n = 0, bl = d->be - d->bs, fl = d->fe - d->fs;
    uint32_t blast = d->be ? at(d, d->be - 1) : 0, bprev = d->be > 1 ? at(d, d->be - 2) : 0;
    ids[n++] = dfeat(D_BIAS, 0, 0);
    ids[n++] = dfeat(D_BACK_LAST, blast, 0);
    ids[n++] = dfeat(D_BACK_LAST2, bprev, blast);
    ids[n++] = dfeat(D_BACK_FIRST, at(d, d->bs), 0);
    ids[n++] = dfeat(D_BACK_LEN, bucket(bl), 0);
    ids[n++] = dfeat(D_FWD_FIRST, at(d, d->fs), 0);
    ids[n++] = dfeat(D_FWD_FIRST2, at(d, d->fs), at(d, d->fs + 1));
    ids[n++] = dfeat(D_FWD_LAST, d->fe ? at(d, d->fe - 1) : 0, 0);
    ids[n++] = dfeat(D_FWD_LEN, bucket(fl), 0);
    ids[n++] = dfeat(D_BEFORE_NUM, d->num_s ? at(d, d->num_s - 1) : 0, 0);
    ids[n++] = dfeat(D_AFTER_NUM, at(d, d->num_e), 0);
    ids[n++] = dfeat(D_FWD_NEXT, cls(at(d, d->fe)), 0);
    ids[n++] = dfeat(D_UNIT, uh, 0);
    ids[n++] = dfeat(D_FLAGS, d->flags, 0);
    ids[n++] = dfeat(D_GAP, bucket(d->num_s > d->be ? d->num_s - d->be : 0), 0);
    ids[n++] = dfeat(D_LAST_FIRST, blast, at(d, d->fs));
    if (bl >= 2 && lex_is_verb(bprev, blast)) ids[n++] = dfeat(D_BACK_VERB, 0, 0);
    for (size_t k = d->fs; k + 1 < d->fe; k++)
        if (lex_is_verb(d->cp[k], d->cp[k + 1])) {
            ids[n++] = dfeat(D_FWD_VERB, bucket(k - d->fs), 0);
            break;
        }
    return n;
}

float fct_model_dir_score(const fct_model_dir *d, const float *w)
{
    if (!w) w = fct_model_dir_weights;
    uint32_t ids[FCT_MODEL_DIR_NFEAT];
    size_t k = fct_model_dir_features(d, ids);
    float z = 0;
    for (size_t i = 0; i < k; i++) z += w[ids[i]];
    return z;
}
