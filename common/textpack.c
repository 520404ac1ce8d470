/* textpack.c - stored text as ranks of frequent characters for deflate
 * (see textpack.h). */
#include "textpack.h"

#include "bytes.h"
#include "err.h"
#include "utf8.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* No rank (textpack_enc.rank, pair_rank). */
#define NO_RANK UINT16_MAX
/* Bytes of an escape: the escape byte and three of the code point. */
#define ESC_BYTES 4
/* Longest UTF-8 a code byte stands for: a pair of three-byte characters
 * from a one-byte rank (an escape's four bytes stand for at most four). */
#define UTF8_PER_BYTE 6
/* Bytes written past the UTF-8 of a symbol (it is stored as 8 bytes). */
#define UTF8_SLACK 8

static_assert(TEXTPACK_RANKS < NO_RANK, "ranks fit in u16 beside NO_RANK");
static_assert((TEXTPACK_PAIR_SLOTS & (TEXTPACK_PAIR_SLOTS - 1)) == 0 &&
                  TEXTPACK_PAIR_SLOTS >= 2 * TEXTPACK_RANKS,
              "the pair hash is a power of two with room to spare");

/* ---- the table ----------------------------------------------------------- */

/* A symbol and its count in the sample. */
typedef struct sym_count {
    uint64_t sym; /* a code point, or a pair's key | TEXTPACK_PAIR */
    uint32_t n;
} sym_count;

/* Most frequent first, then characters before pairs, then by code points:
 * the table is a pure function of the sample. */
static int by_count(const void *a, const void *b)
{
    const sym_count *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return x->sym < y->sym ? -1 : x->sym > y->sym;
}

/* Sort v[0, n) ascending: a least-significant-digit radix sort, two
 * passes of 16 bits through a buffer of n keys (Knuth, TAOCP 5.2.5).  The
 * pairs of a 4 MiB sample are over a million keys, where qsort with a
 * comparator took 8 % of a build; equal keys are equal, so the order is
 * the same whatever the sort.  Errors: ZS_ENOMEM (v unchanged). */
static int sort_keys(uint32_t *v, size_t n)
{
    enum { DIGIT = 16, BUCKETS = 1u << DIGIT };
    uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    size_t *count = malloc(BUCKETS * sizeof *count);
    int rc = tmp && count ? ZS_OK : ZS_ENOMEM;
    for (unsigned shift = 0; shift < 32 && !rc; shift += DIGIT) {
        uint32_t *from = shift ? tmp : v, *to = shift ? v : tmp;
        memset(count, 0, BUCKETS * sizeof *count);
        for (size_t i = 0; i < n; i++) count[(from[i] >> shift) & (BUCKETS - 1)]++;
        for (size_t b = 0, at = 0; b < BUCKETS; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++) to[count[(from[i] >> shift) & (BUCKETS - 1)]++] = from[i];
    }
    free(tmp);
    free(count);
    return rc;
}

/* The counts of a sample: of each BMP character, and the key of each
 * pair of BMP characters in a text, once per occurrence. */
typedef struct sample_counts {
    uint32_t *chars; /* TEXTPACK_BMP counts */
    uint32_t *pairs; /* npairs keys, first << 16 | second */
    size_t npairs, cap;
} sample_counts;

static int add_pair(sample_counts *c, uint32_t key)
{
    if (c->npairs == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4096;
        uint32_t *p = realloc(c->pairs, cap * sizeof *p);
        if (!p) return ZS_ENOMEM;
        c->pairs = p;
        c->cap = cap;
    }
    c->pairs[c->npairs++] = key;
    return ZS_OK;
}

/* u8_decode, with ASCII and the 3-byte sequences u8_plain3 vouches for
 * (most Chinese text) read without its checks: the same code points.
 * Returns the bytes used, 0 for a malformed sequence. */
static inline int next_cp(const uint8_t *p, const uint8_t *end, uint32_t *cp)
{
    if (*p < 0x80) {
        *cp = *p;
        return 1;
    }
    if (u8_plain3(p, end)) {
        *cp = u8_cp3(p);
        return 3;
    }
    return u8_decode(p, end, cp);
}

/* Count the characters and pairs of the texts of a run of blocks. */
static int count_sample(const uint8_t *p, const uint8_t *e, sample_counts *c)
{
    while (p < e) {
        uint64_t len;
        if (vi_get(&p, e, &len) || len > (uint64_t)(e - p)) return ZS_EINVAL;
        uint32_t prev = TEXTPACK_BMP; /* none */
        for (const uint8_t *q = p, *end = p + len; q < end;) {
            uint32_t cp;
            int k = next_cp(q, end, &cp), rc = ZS_OK;
            if (k == 0) return ZS_EINVAL;
            q += k;
            if (cp >= TEXTPACK_BMP) {
                prev = TEXTPACK_BMP;
                continue;
            }
            if (c->chars[cp] < UINT32_MAX) c->chars[cp]++;
            if (prev < TEXTPACK_BMP) rc = add_pair(c, prev << 16 | cp);
            if (rc) return rc;
            prev = cp;
        }
        p += len;
    }
    return ZS_OK;
}

/* The candidate symbols of a sample: its characters, then its pairs seen
 * TEXTPACK_PAIR_MIN times or more, each with its count.  Sorts c->pairs. */
static int candidates(sample_counts *c, sym_count **out, size_t *nout, size_t *nchars)
{
    size_t nc = 0, np = 0;
    for (uint32_t cp = 0; cp < TEXTPACK_BMP; cp++) nc += c->chars[cp] > 0;
    int rc = c->npairs ? sort_keys(c->pairs, c->npairs) : ZS_OK; /* NULL when none */
    if (rc) return rc;
    for (size_t i = 0, j; i < c->npairs; i = j) {
        for (j = i + 1; j < c->npairs && c->pairs[j] == c->pairs[i];) j++;
        np += j - i >= TEXTPACK_PAIR_MIN;
    }
    sym_count *all = malloc((nc + np ? nc + np : 1) * sizeof *all);
    if (!all) return ZS_ENOMEM;
    size_t k = 0;
    for (uint32_t cp = 0; cp < TEXTPACK_BMP; cp++)
        if (c->chars[cp]) all[k++] = (sym_count){cp, c->chars[cp]};
    for (size_t i = 0, j; i < c->npairs; i = j) {
        for (j = i + 1; j < c->npairs && c->pairs[j] == c->pairs[i];) j++;
        if (j - i >= TEXTPACK_PAIR_MIN)
            all[k++] = (sym_count){c->pairs[i] | TEXTPACK_PAIR,
                                   j - i > UINT32_MAX ? UINT32_MAX : (uint32_t)(j - i)};
    }
    *out = all;
    *nout = k;
    *nchars = nc;
    return ZS_OK;
}

/* log2 of TEXTPACK_PAIR_SLOTS. */
#define PAIR_SLOT_BITS 14
static_assert((1u << PAIR_SLOT_BITS) == TEXTPACK_PAIR_SLOTS, "PAIR_SLOT_BITS matches the slots");

/* The first slot of pair `key` (first << 16 | second): Fibonacci hashing,
 * the product's high bits.  (Its low bits, which the hash took first,
 * depend only on the key's low bits, the second character: the pairs
 * ending in one character met in one cluster, and the probes of a real
 * text took 17 times the instructions they take now.  Where a pair lies
 * changes no code written.) */
static size_t pair_slot(uint32_t key)
{
    return (uint32_t)(key * 2654435761u) >> (32 - PAIR_SLOT_BITS);
}

/* Enter pair `key` with rank r in e's hash. */
static void hash_pair(textpack_enc *e, uint32_t key, uint16_t r)
{
    size_t slot = pair_slot(key);
    while (e->pair_rank[slot] != NO_RANK) slot = (slot + 1) & (TEXTPACK_PAIR_SLOTS - 1);
    e->pair_key[slot] = key;
    e->pair_rank[slot] = r;
    e->pair_first[key >> 16 >> 3] |= (uint8_t)(1u << (key >> 16 & 7));
}

/* Does some pair of the table begin with the BMP character cp? */
static int begins_pair(const textpack_enc *e, uint32_t cp)
{
    return e->pair_first[cp >> 3] >> (cp & 7) & 1;
}

/* The rank of pair `key`, or NO_RANK. */
static uint32_t find_pair(const textpack_enc *e, uint32_t key)
{
    size_t slot = pair_slot(key);
    for (; e->pair_rank[slot] != NO_RANK; slot = (slot + 1) & (TEXTPACK_PAIR_SLOTS - 1))
        if (e->pair_key[slot] == key) return e->pair_rank[slot];
    return NO_RANK;
}

/* Fill e's table from the candidates: every character (the most frequent
 * when there are more than ranks), the most frequent pairs in the room
 * left, then all of them by count. */
static int rank_symbols(sym_count *all, size_t n, size_t nchars, textpack_enc *e)
{
    /* characters come first in `all`, pairs after: rank each group */
    qsort(all, nchars, sizeof *all, by_count);
    qsort(all + nchars, n - nchars, sizeof *all, by_count);
    size_t keep_chars = nchars < TEXTPACK_RANKS ? nchars : TEXTPACK_RANKS;
    size_t keep_pairs =
        n - nchars < TEXTPACK_RANKS - keep_chars ? n - nchars : TEXTPACK_RANKS - keep_chars;
    memmove(all + keep_chars, all + nchars, keep_pairs * sizeof *all);
    e->n = (uint32_t)(keep_chars + keep_pairs);
    qsort(all, e->n, sizeof *all, by_count);
    e->sym = malloc((e->n ? e->n : 1) * sizeof *e->sym);
    if (!e->sym) return ZS_ENOMEM;
    for (uint32_t r = 0; r < e->n; r++) {
        e->sym[r] = all[r].sym;
        if (all[r].sym & TEXTPACK_PAIR)
            hash_pair(e, (uint32_t)all[r].sym, (uint16_t)r);
        else
            e->rank[all[r].sym] = (uint16_t)r;
    }
    return ZS_OK;
}

int textpack_train(const char *blocks, size_t len, textpack_enc *e)
{
    memset(e, 0, sizeof *e);
    sample_counts c = {calloc(TEXTPACK_BMP, sizeof *c.chars), NULL, 0, 0};
    e->rank = malloc(TEXTPACK_BMP * sizeof *e->rank);
    e->pair_key = calloc(TEXTPACK_PAIR_SLOTS, sizeof *e->pair_key);
    e->pair_rank = malloc(TEXTPACK_PAIR_SLOTS * sizeof *e->pair_rank);
    e->pair_first = calloc(TEXTPACK_BMP / 8, 1);
    int rc = c.chars && e->rank && e->pair_key && e->pair_rank && e->pair_first ? ZS_OK : ZS_ENOMEM;
    if (!rc) {
        for (uint32_t cp = 0; cp < TEXTPACK_BMP; cp++) e->rank[cp] = NO_RANK;
        for (size_t i = 0; i < TEXTPACK_PAIR_SLOTS; i++) e->pair_rank[i] = NO_RANK;
        const uint8_t *p = (const uint8_t *)blocks;
        rc = count_sample(p, p + len, &c);
    }
    sym_count *all = NULL;
    size_t n = 0, nchars = 0;
    if (!rc) rc = candidates(&c, &all, &n, &nchars);
    if (!rc) rc = rank_symbols(all, n, nchars, e);
    free(all);
    free(c.chars);
    free(c.pairs);
    return rc;
}

void textpack_enc_free(textpack_enc *e)
{
    free(e->rank);
    free(e->pair_key);
    free(e->pair_rank);
    free(e->pair_first);
    free(e->sym);
    memset(e, 0, sizeof *e);
}

int textpack_enc_write(const textpack_enc *e, buf *out)
{
    int rc = ZS_OK;
    for (uint32_t r = 0; r < e->n && !rc; r++) {
        uint64_t s = e->sym[r];
        if (s & TEXTPACK_PAIR) {
            rc = vi_put(out, (s >> 16 & 0xFFFF) << 1 | 1);
            if (!rc) rc = vi_put(out, s & 0xFFFF);
        } else {
            rc = vi_put(out, s << 1);
        }
    }
    return rc;
}

static int is_surrogate(uint32_t cp)
{
    return cp >= 0xD800 && cp <= 0xDFFF;
}

/* A BMP scalar value from TEXTCHARS. */
static int table_cp(const uint8_t **p, const uint8_t *e, uint64_t *cp)
{
    return vi_get(p, e, cp) == ZS_OK && *cp < TEXTPACK_BMP && !is_surrogate((uint32_t)*cp);
}

/* Append the UTF-8 of cp to the entry *u of length *len. */
static void utf8_append(uint64_t *u, int *len, uint32_t cp)
{
    uint8_t b[U8_MAX_BYTES];
    int k = u8_encode(cp, b);
    for (int i = 0; i < k; i++) *u |= (uint64_t)b[i] << (8 * (*len + i));
    *len += k;
}

/* Read one TEXTCHARS entry into *u (textpack_dec.utf8); seen[] marks the
 * characters listed alone. */
static int load_entry(const uint8_t **p, const uint8_t *e, uint8_t *seen, uint64_t *u)
{
    uint64_t head, cp, second;
    if (vi_get(p, e, &head)) return ZS_ECORRUPT;
    cp = head >> 1;
    if (cp >= TEXTPACK_BMP || is_surrogate((uint32_t)cp)) return ZS_ECORRUPT;
    int len = 0;
    *u = 0;
    utf8_append(u, &len, (uint32_t)cp);
    if (head & 1) {
        if (!table_cp(p, e, &second)) return ZS_ECORRUPT;
        utf8_append(u, &len, (uint32_t)second);
    } else {
        if (seen[cp >> 3] >> (cp & 7) & 1) return ZS_ECORRUPT;
        seen[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    }
    *u |= (uint64_t)len << 56;
    return ZS_OK;
}

int textpack_dec_load(textpack_dec *d, const uint8_t *p, size_t len)
{
    memset(d, 0, sizeof *d);
    const uint8_t *e = p + len;
    /* each entry takes at least one byte */
    size_t cap = len < TEXTPACK_RANKS ? len : TEXTPACK_RANKS;
    d->utf8 = malloc((cap ? cap : 1) * sizeof *d->utf8);
    uint8_t *seen = calloc(TEXTPACK_BMP / 8, 1);
    int rc = d->utf8 && seen ? ZS_OK : ZS_ENOMEM;
    while (!rc && p < e) {
        if (d->n == cap) rc = ZS_ECORRUPT;
        if (!rc) rc = load_entry(&p, e, seen, &d->utf8[d->n]);
        if (!rc) d->n++;
    }
    free(seen);
    return rc;
}

void textpack_dec_free(textpack_dec *d)
{
    free(d->utf8);
    memset(d, 0, sizeof *d);
}

/* ---- packing ------------------------------------------------------------- */

/* Write the code of rank r (or, for NO_RANK, the escape of cp) at o;
 * returns its length. */
static int put_code(uint32_t r, uint32_t cp, uint8_t *o)
{
    if (r < TEXTPACK_RANKS1) {
        o[0] = (uint8_t)(r + 1);
        return 1;
    }
    if (r != NO_RANK) {
        r -= TEXTPACK_RANKS1;
        o[0] = (uint8_t)(TEXTPACK_ONE + (r >> 8));
        o[1] = (uint8_t)r;
        return 2;
    }
    o[0] = TEXTPACK_ESC;
    o[1] = (uint8_t)cp;
    o[2] = (uint8_t)(cp >> 8);
    o[3] = (uint8_t)(cp >> 16);
    return ESC_BYTES;
}

/* The rank of the character cp alone. */
static uint32_t char_rank(const textpack_enc *e, uint32_t cp)
{
    return cp < TEXTPACK_BMP ? e->rank[cp] : NO_RANK;
}

/* Append one text (UTF-8, len bytes) as its codes and the end code: from
 * the start, the pair of a character and the next when the table has it,
 * else the character alone. */
static int pack_text(const textpack_enc *e, const uint8_t *p, size_t len, buf *out)
{
    int rc = buf_grow(out, ESC_BYTES * len + 1);
    if (rc) return rc;
    uint8_t *o0 = (uint8_t *)out->data + out->len, *o = o0;
    const uint8_t *end = p + len;
    uint32_t cp = 0, next = 0;
    int have = 0, k;
    if (p < end) {
        if ((k = next_cp(p, end, &cp)) == 0) return ZS_EINVAL;
        p += k;
        have = 1;
    }
    while (have) {
        int have_next = p < end;
        if (have_next) {
            if ((k = next_cp(p, end, &next)) == 0) return ZS_EINVAL;
            p += k;
        }
        uint32_t r = NO_RANK;
        if (have_next && cp < TEXTPACK_BMP && next < TEXTPACK_BMP && begins_pair(e, cp))
            r = find_pair(e, cp << 16 | next);
        if (r != NO_RANK) {
            o += put_code(r, 0, o);
            if (p < end) { /* the pair took `next`: read the one after */
                if ((k = next_cp(p, end, &next)) == 0) return ZS_EINVAL;
                p += k;
            } else {
                have_next = 0;
            }
        } else {
            o += put_code(char_rank(e, cp), cp, o);
        }
        cp = next;
        have = have_next;
    }
    *o++ = TEXTPACK_END;
    out->len += (size_t)(o - o0);
    out->data[out->len] = '\0';
    return ZS_OK;
}

int textpack_pack(const textpack_enc *e, const char *block, size_t len, buf *out)
{
    const uint8_t *p = (const uint8_t *)block, *end = p + len;
    while (p < end) {
        uint64_t n;
        if (vi_get(&p, end, &n) || n > (uint64_t)(end - p)) return ZS_EINVAL;
        int rc = pack_text(e, p, (size_t)n, out);
        if (rc) return rc;
        p += n;
    }
    return ZS_OK;
}

/* ---- unpacking ----------------------------------------------------------- */

/* Write the UTF-8 of the codes at *c (before end) up to the end code to o
 * (room for UTF8_PER_BYTE a code byte and UTF8_SLACK more); returns the bytes
 * written and leaves *c after the end code, or returns -1 when the codes
 * are damaged.  The common case first: unpacking is on the path of every
 * snippet. */
static ptrdiff_t codes_to_utf8(const textpack_dec *d, const uint8_t **cp_, const uint8_t *end,
                               uint8_t *o)
{
    uint8_t *o0 = o;
    const uint8_t *c = *cp_;
    for (;;) {
        if (c == end) return -1;
        uint32_t r = *c++;
        if (r < TEXTPACK_ONE) {
            if (r == TEXTPACK_END) break;
            r--;
        } else if (r != TEXTPACK_ESC) {
            if (c == end) return -1;
            r = TEXTPACK_RANKS1 + ((r - TEXTPACK_ONE) << 8) + *c++;
        } else {
            if (end - c < ESC_BYTES - 1) return -1;
            uint32_t cp = (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16;
            if (cp > 0x10FFFF || is_surrogate(cp)) return -1;
            o += u8_encode(cp, o);
            c += ESC_BYTES - 1;
            continue;
        }
        if (r >= d->n) return -1;
        uint64_t u = d->utf8[r];
        le_put64(o, u & 0x00FFFFFFFFFFFFFFull);
        o += u >> 56;
    }
    *cp_ = c;
    return o - o0;
}

int textpack_unpack(const textpack_dec *d, const uint8_t *p, size_t len, buf *out)
{
    const uint8_t *e = p + len;
    while (p < e) {
        /* room for the text as if all the rest were its codes; the text is
         * written after room for the longest varint and moved back once its
         * length is known */
        int rc = buf_grow(out, VI_MAX_BYTES + UTF8_PER_BYTE * (size_t)(e - p) + UTF8_SLACK);
        if (rc) return rc;
        uint8_t *at = (uint8_t *)out->data + out->len;
        ptrdiff_t bytes = codes_to_utf8(d, &p, e, at + VI_MAX_BYTES);
        if (bytes < 0) return ZS_ECORRUPT;
        int vl = vi_encode(at, (uint64_t)bytes);
        memmove(at + vl, at + VI_MAX_BYTES, (size_t)bytes);
        out->len += (size_t)vl + (size_t)bytes;
        out->data[out->len] = '\0';
    }
    return ZS_OK;
}
