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

/* No rank (textpack_enc.rank). */
#define NO_RANK UINT16_MAX
/* Bytes of an escape: the escape byte and three of the code point. */
#define ESC_BYTES 4
/* Longest UTF-8 a code byte stands for: three bytes from a one-byte rank
 * (an escape's four bytes stand for at most four). */
#define UTF8_PER_BYTE 3

static_assert(TEXTPACK_RANKS < NO_RANK, "ranks fit in u16 beside NO_RANK");

/* ---- the table ----------------------------------------------------------- */

/* A character and its count in the sample. */
typedef struct cp_count {
    uint32_t cp, n;
} cp_count;

/* Most frequent first, then by code point: the table is a pure function
 * of the sample. */
static int by_count(const void *a, const void *b)
{
    const cp_count *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

/* Count the BMP characters of the texts of a run of blocks into n[]. */
static int count_chars(const uint8_t *p, const uint8_t *e, uint32_t *n)
{
    while (p < e) {
        uint64_t len;
        if (vi_get(&p, e, &len) || len > (uint64_t)(e - p)) return ZS_EINVAL;
        for (const uint8_t *q = p, *end = p + len; q < end;) {
            uint32_t cp;
            int k = u8_decode(q, end, &cp);
            if (k == 0) return ZS_EINVAL;
            if (cp < TEXTPACK_BMP && n[cp] < UINT32_MAX) n[cp]++;
            q += k;
        }
        p += len;
    }
    return ZS_OK;
}

/* Fill e's ranks from the counts n[]. */
static int rank_chars(const uint32_t *n, textpack_enc *e)
{
    size_t distinct = 0;
    for (uint32_t cp = 0; cp < TEXTPACK_BMP; cp++) distinct += n[cp] > 0;
    cp_count *all = malloc((distinct ? distinct : 1) * sizeof *all);
    e->cp = malloc(TEXTPACK_RANKS * sizeof *e->cp);
    if (!all || !e->cp) {
        free(all);
        return ZS_ENOMEM;
    }
    size_t k = 0;
    for (uint32_t cp = 0; cp < TEXTPACK_BMP; cp++)
        if (n[cp]) all[k++] = (cp_count){cp, n[cp]};
    qsort(all, distinct, sizeof *all, by_count);
    e->n = (uint32_t)(distinct < TEXTPACK_RANKS ? distinct : TEXTPACK_RANKS);
    for (uint32_t r = 0; r < e->n; r++) {
        e->cp[r] = all[r].cp;
        e->rank[all[r].cp] = (uint16_t)r;
    }
    free(all);
    return ZS_OK;
}

int textpack_train(const char *blocks, size_t len, textpack_enc *e)
{
    memset(e, 0, sizeof *e);
    uint32_t *n = calloc(TEXTPACK_BMP, sizeof *n);
    e->rank = malloc(TEXTPACK_BMP * sizeof *e->rank);
    if (!n || !e->rank) {
        free(n);
        return ZS_ENOMEM;
    }
    for (uint32_t cp = 0; cp < TEXTPACK_BMP; cp++) e->rank[cp] = NO_RANK;
    const uint8_t *p = (const uint8_t *)blocks;
    int rc = count_chars(p, p + len, n);
    if (!rc) rc = rank_chars(n, e);
    free(n);
    return rc;
}

void textpack_enc_free(textpack_enc *e)
{
    free(e->rank);
    free(e->cp);
    memset(e, 0, sizeof *e);
}

int textpack_enc_write(const textpack_enc *e, buf *out)
{
    int rc = ZS_OK;
    for (uint32_t r = 0; r < e->n && !rc; r++) rc = vi_put(out, e->cp[r]);
    return rc;
}

static int is_surrogate(uint32_t cp)
{
    return cp >= 0xD800 && cp <= 0xDFFF;
}

/* The UTF-8 of cp as textpack_dec keeps it. */
static uint32_t utf8_entry(uint32_t cp)
{
    uint8_t b[U8_MAX_BYTES] = {0};
    int k = u8_encode(cp, b);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)k << 24;
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
        uint32_t cp;
        if (d->n == cap || vi_get32(&p, e, &cp) || cp >= TEXTPACK_BMP || is_surrogate(cp) ||
            (seen[cp >> 3] >> (cp & 7) & 1)) {
            rc = ZS_ECORRUPT;
            break;
        }
        seen[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        d->utf8[d->n++] = utf8_entry(cp);
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

/* Write the code of cp at o; returns its length. */
static int put_code(const textpack_enc *e, uint32_t cp, uint8_t *o)
{
    uint32_t r = cp < TEXTPACK_BMP ? e->rank[cp] : NO_RANK;
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

/* Append one text (UTF-8, len bytes) as its codes and the end code. */
static int pack_text(const textpack_enc *e, const uint8_t *p, size_t len, buf *out)
{
    int rc = buf_grow(out, ESC_BYTES * len + 1);
    if (rc) return rc;
    uint8_t *o0 = (uint8_t *)out->data + out->len, *o = o0;
    for (const uint8_t *end = p + len; p < end;) {
        uint32_t cp;
        int k = u8_decode(p, end, &cp);
        if (k == 0) return ZS_EINVAL;
        o += put_code(e, cp, o);
        p += k;
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
 * (room for UTF8_PER_BYTE a code byte and one more); returns the bytes
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
        uint32_t u = d->utf8[r];
        o[0] = (uint8_t)u;
        o[1] = (uint8_t)(u >> 8);
        o[2] = (uint8_t)(u >> 16);
        o += u >> 24;
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
        int rc = buf_grow(out, VI_MAX_BYTES + UTF8_PER_BYTE * (size_t)(e - p) + 1);
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
