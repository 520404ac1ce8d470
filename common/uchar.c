/* uchar.c - character class and fold lookups, punctuation sets (see uchar.h). */
#include "uchar.h"

#include "utf8.h"

/* The index of cp in the fast tables (uchar.h UC_FAST_*), or UC_FAST_N
 * when cp lies outside their blocks. */
static size_t fast_index(uint32_t cp)
{
    if (cp >= UC_FAST1_FIRST && cp < UC_FAST1_END) return cp - UC_FAST1_FIRST;
    if (cp >= UC_FAST2_FIRST && cp < UC_FAST2_END)
        return UC_FAST1_END - UC_FAST1_FIRST + (cp - UC_FAST2_FIRST);
    return UC_FAST_N;
}

uc_class uc_class_slow(uint32_t cp)
{
    size_t f = fast_index(cp);
    if (f < UC_FAST_N) return (uc_class)uc_fast_class[f];
    size_t lo = 0, hi = uc_class_nruns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp > uc_class_runs[mid].last)
            lo = mid + 1;
        else if (cp < uc_class_runs[mid].first)
            hi = mid;
        else
            return (uc_class)uc_class_runs[mid].klass;
    }
    return UC_PUNCT; /* unassigned beyond the table */
}

/* The `to` of cp in a table of pairs sorted by `from`, else cp. */
static uint32_t pair_lookup(const uc_fold_pair *v, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].from == cp ? v[lo].to : cp;
}

uint32_t uc_fold_slow(uint32_t cp)
{
    size_t f = fast_index(cp);
    if (f < UC_FAST_N) return uc_fast_fold[f];
    return pair_lookup(uc_fold_pairs, uc_fold_npairs, cp);
}

uint32_t uc_t2s_slow(uint32_t cp)
{
    return pair_lookup(uc_t2s_pairs, uc_t2s_npairs, cp);
}

/* Is p, with at least 3 bytes left, a well-formed 3-byte sequence of a
 * unified ideograph (U+4E00 .. U+9FFF: leads E4 to E9) that uc_t2s keeps?
 * Read from the bytes and the ideograph's bit (uc_t2s_uro_bits) without
 * u8_decode; 0 sends everything else (other leads, a traditional
 * character, a malformed sequence) to the walk's general path, which
 * answers as before. */
static int plain_uro_kept(const uint8_t *p)
{
    if (p[0] < 0xE4 || p[0] > 0xE9) return 0;
    if ((p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    uint32_t cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    if (cp < 0x4E00) return 0;
    uint32_t i = cp - 0x4E00;
    return !((uc_t2s_uro_bits[i >> 3] >> (i & 7)) & 1);
}

/* Walk UTF-8 for characters uc_t2s changes: rewrite them when `w` is
 * given (same length), stop at the first one when not.  Returns the count. */
static size_t t2s_walk(const char *s, size_t len, char *w)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    size_t changed = 0;
    while (p < end) {
        if (*p < 0xE3) { /* ASCII, 2-byte forms, and lead bytes below U+3000 */
            p++;
            continue;
        }
        if (end - p >= 3 && plain_uro_kept(p)) { /* most Han: no decode, one bit */
            p += 3;
            continue;
        }
        uint32_t cp; /* a plain 3-byte sequence (most Han) skips u8_decode's checks */
        int k = u8_plain3(p, end) ? u8_next(p, &cp) : u8_decode(p, end, &cp);
        if (k == 0) {
            p++;
            continue;
        }
        uint32_t f = uc_t2s(cp);
        if (f != cp) {
            if (!w) return 1;
            u8_encode(f, (uint8_t *)w + (p - (const uint8_t *)s)); /* same length (gen_t2s.py) */
            changed++;
        }
        p += k;
    }
    return changed;
}

size_t uc_t2s_utf8(char *s, size_t len)
{
    return t2s_walk(s, len, s);
}

int uc_t2s_any(const char *s, size_t len)
{
    return t2s_walk(s, len, NULL) != 0;
}

int uc_is_sentence_end_slow(uint32_t cp)
{
    switch (cp) {
    case 0x3002: /* 。 */
    case 0xFF0E: /* ． */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case 0xFF1B: /* ； */
    case '!':
    case '?':
    case ';':
    case 0x2026: /* … */
    case 0xFF61: /* ｡ half-width ideographic full stop */
        return 1;
    default:
        return 0;
    }
}

int uc_is_closing_slow(uint32_t cp)
{
    switch (cp) {
    case 0x201D: /* ” */
    case 0x2019: /* ’ */
    case 0x300D: /* 」 */
    case 0x300F: /* 』 */
    case 0xFF09: /* ） */
    case 0x3011: /* 】 */
    case 0x300B: /* 》 */
    case 0x3009: /* 〉 */
    case 0x3015: /* 〕 */
    case 0x3017: /* 〗 */
    case 0xFF3D: /* ］ */
    case 0xFF02: /* ＂ */
    case 0xFF07: /* ＇ */
    case '"':
    case '\'':
    case ')':
    case ']':
        return 1;
    default:
        return 0;
    }
}

int uc_is_opening_slow(uint32_t cp)
{
    switch (cp) {
    case 0x201C: /* “ */
    case 0x2018: /* ‘ */
    case 0x300C: /* 「 */
    case 0x300E: /* 『 */
    case 0xFF08: /* （ */
    case 0x3010: /* 【 */
    case 0x300A: /* 《 */
    case 0x3008: /* 〈 */
    case 0x3014: /* 〔 */
    case 0x3016: /* 〖 */
    case 0xFF3B: /* ［ */
    case '(':
    case '[':
        return 1;
    default:
        return 0;
    }
}

int uc_is_continuing_slow(uint32_t cp)
{
    switch (cp) {
    case 0xFF0C: /* ， */
    case 0x3001: /* 、 */
    case 0xFF1A: /* ： */
    case 0xFF64: /* ､ */
    case ',':
    case ':':
    case 0x2014: /* — (a dash at a line end continues on the next line) */
    case '-':
    case 0x00B7: /* · */
    case '~':
    case 0xFF5E: /* ～ ranges: 2020～2030 */
    case 0x301C: /* 〜 */
        return 1;
    default:
        return 0;
    }
}
