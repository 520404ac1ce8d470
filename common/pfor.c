/* pfor.c - patched frame-of-reference block codec (see pfor.h). */
#include "pfor.h"

#include "bytes.h"
#include "err.h"

#include <string.h>

static int bits_of(uint32_t v)
{
    return v ? 32 - __builtin_clz(v) : 0;
}

/* Pick the width that minimises the block's size: n*b/8 bytes packed plus,
 * for each value wider than b, one index byte and a varint of its high
 * bits. */
static int best_width(const uint32_t *v, size_t n)
{
    size_t count[33] = {0};
    for (size_t i = 0; i < n; i++) count[bits_of(v[i])]++;
    int maxb = 32;
    while (maxb > 0 && count[maxb] == 0) maxb--;
    size_t best = (size_t)-1;
    int bestb = maxb;
    size_t wider = 0; /* values with more than b bits */
    for (int b = maxb; b >= 0; b--) {
        if (b < maxb) wider += count[b + 1];
        if (wider > 255) break;
        /* exception cost: 1 index byte + varint of the high part, which
         * takes about (bits - b + 6) / 7 bytes; estimate with the widest */
        size_t exc = wider * (1 + (size_t)((maxb - b + 6) / 7));
        size_t size = (n * (size_t)b + 7) / 8 + exc;
        if (size < best) {
            best = size;
            bestb = b;
        }
    }
    return bestb;
}

int pfor_encode(const uint32_t *v, size_t n, buf *out)
{
    if (n == 0 || n > PFOR_BLOCK) return ZS_EINVAL;
    int b = best_width(v, n);
    uint64_t mask = b == 32 ? 0xFFFFFFFFu : ((1ull << b) - 1);
    size_t packed = (n * (size_t)b + 7) / 8;
    uint8_t exc_idx[PFOR_BLOCK];
    size_t ne = 0;
    for (size_t i = 0; i < n; i++)
        if ((uint64_t)v[i] > mask) exc_idx[ne++] = (uint8_t)i;
    int rc = buf_grow(out, 2 + packed + ne * (1 + VI_MAX_BYTES));
    if (rc) return rc;
    uint8_t *p = (uint8_t *)out->data + out->len;
    p[0] = (uint8_t)b;
    p[1] = (uint8_t)ne;
    uint8_t *q = p + 2;
    memset(q, 0, packed);
    uint64_t acc = 0;
    int accbits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= ((uint64_t)v[i] & mask) << accbits;
        accbits += b;
        while (accbits >= 8) {
            q[o++] = (uint8_t)acc;
            acc >>= 8;
            accbits -= 8;
        }
    }
    if (accbits > 0) q[o++] = (uint8_t)acc;
    q += packed;
    for (size_t k = 0; k < ne; k++) {
        *q++ = exc_idx[k];
        q += vi_encode(q, (uint64_t)v[exc_idx[k]] >> b);
    }
    out->len += (size_t)(q - p);
    out->data[out->len] = '\0';
    return ZS_OK;
}

int pfor_decode(const uint8_t **pp, const uint8_t *end, uint32_t *v, size_t n)
{
    const uint8_t *p = *pp;
    if (n == 0 || n > PFOR_BLOCK || end - p < 2) return ZS_ECORRUPT;
    int b = p[0];
    size_t ne = p[1];
    if (b > 32 || ne > n) return ZS_ECORRUPT;
    p += 2;
    size_t packed = (n * (size_t)b + 7) / 8;
    if ((size_t)(end - p) < packed) return ZS_ECORRUPT;
    if (b == 0) {
        memset(v, 0, n * sizeof *v);
    } else {
        uint64_t mask = b == 32 ? 0xFFFFFFFFu : ((1ull << b) - 1);
        uint64_t acc = 0;
        int accbits = 0;
        const uint8_t *q = p;
        for (size_t i = 0; i < n; i++) {
            while (accbits < b) {
                acc |= (uint64_t)(*q++) << accbits;
                accbits += 8;
            }
            v[i] = (uint32_t)(acc & mask);
            acc >>= b;
            accbits -= b;
        }
    }
    p += packed;
    for (size_t k = 0; k < ne; k++) {
        if (p >= end) return ZS_ECORRUPT;
        size_t idx = *p++;
        uint64_t high;
        if (idx >= n || vi_get(&p, end, &high)) return ZS_ECORRUPT;
        if (b >= 32 || high == 0 || high > (0xFFFFFFFFull >> b)) return ZS_ECORRUPT;
        v[idx] = (uint32_t)((uint64_t)v[idx] | (high << b));
    }
    *pp = p;
    return ZS_OK;
}
