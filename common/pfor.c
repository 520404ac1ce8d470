/* pfor.c - patched frame-of-reference block codec (see pfor.h). */
#include "pfor.h"

#include "bytes.h"
#include "err.h"

#include <endian.h>
#include <string.h>

static int bits_of(uint32_t v)
{
    return v ? 32 - __builtin_clz(v) : 0;
}

/* Pick the width that minimises the block's size: n*b/8 bytes packed plus,
 * for each value wider than b, one index byte and a varint of its high
 * bits, counted exactly: a value of k bits has a high part of k - b bits,
 * ceil((k - b) / 7) varint bytes.  (Charging every exception the varint
 * of the widest value instead chose too wide a b for blocks with one far
 * outlier: real100's postings were 0.2 % larger, 65.89 MB for 65.76.) */
static int best_width(const uint32_t *v, size_t n)
{
    size_t count[33] = {0};
    for (size_t i = 0; i < n; i++) count[bits_of(v[i])]++;
    int maxb = 32;
    while (maxb > 0 && count[maxb] == 0) maxb--;
    /* the widths that occur (a block has few): the sums below skip the
     * others, which add nothing (this loop ran over all 33 for each b) */
    int width[33];
    size_t nw = 0;
    for (int k = 0; k <= maxb; k++)
        if (count[k]) width[nw++] = k;
    size_t best = (size_t)-1;
    int bestb = maxb;
    size_t wider = 0; /* values with more than b bits */
    for (int b = maxb; b >= 0; b--) {
        if (b < maxb) wider += count[b + 1];
        if (wider > 255) break;
        size_t exc = wider;
        for (size_t j = nw; j > 0 && width[j - 1] > b; j--)
            exc += count[width[j - 1]] * (size_t)((width[j - 1] - b + 6) / 7);
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

/* Unpack n values of width b (1..32) from `in`, whose ceil(n * b / 8)
 * packed bytes are followed by others that may be read (`avail` bytes in
 * all, from `in` to the end of the caller's bounds).  Values are read from
 * 64-bit little-endian words, and the bits of a word past the packed ones
 * are masked off, so a word may reach into the bytes after them (the
 * exceptions, the next block); only the last few values of a block that
 * ends its bounds are read byte by byte.  (Bounding the words by the
 * packed bytes instead sent the last 8 bytes' values down the slow path
 * in every block: 56 of 128 values at width 1, 21 at width 3, common
 * widths of doc gaps in dense lists and of tfs.)  Inlined with a constant
 * b (see unpack), the loop compiles to straight shifts and masks. */
static inline void unpack_const(const uint8_t *in, uint32_t *out, size_t n, const int b,
                                size_t avail)
{
    const uint64_t mask = b == 32 ? 0xFFFFFFFFu : ((1ull << b) - 1);
    size_t packed = (n * (size_t)b + 7) / 8, i = 0;
    for (; i < n; i++) {
        size_t bit = i * (size_t)b, byte = bit >> 3;
        if (byte + 8 > avail) break;
        uint64_t w;
        memcpy(&w, in + byte, 8);
        out[i] = (uint32_t)((le64toh(w) >> (bit & 7)) & mask);
    }
    for (; i < n; i++) {
        size_t bit = i * (size_t)b, byte = bit >> 3;
        uint64_t w = 0;
        for (size_t k = 0; byte + k < packed && k < 8; k++) w |= (uint64_t)in[byte + k] << (8 * k);
        out[i] = (uint32_t)((w >> (bit & 7)) & mask);
    }
}

/* One case per width, so each call sees b as a constant. */
static void unpack(const uint8_t *in, uint32_t *out, size_t n, int b, size_t avail)
{
    switch (b) {
    case 1:
        unpack_const(in, out, n, 1, avail);
        break;
    case 2:
        unpack_const(in, out, n, 2, avail);
        break;
    case 3:
        unpack_const(in, out, n, 3, avail);
        break;
    case 4:
        unpack_const(in, out, n, 4, avail);
        break;
    case 5:
        unpack_const(in, out, n, 5, avail);
        break;
    case 6:
        unpack_const(in, out, n, 6, avail);
        break;
    case 7:
        unpack_const(in, out, n, 7, avail);
        break;
    case 8:
        unpack_const(in, out, n, 8, avail);
        break;
    case 9:
        unpack_const(in, out, n, 9, avail);
        break;
    case 10:
        unpack_const(in, out, n, 10, avail);
        break;
    case 11:
        unpack_const(in, out, n, 11, avail);
        break;
    case 12:
        unpack_const(in, out, n, 12, avail);
        break;
    case 13:
        unpack_const(in, out, n, 13, avail);
        break;
    case 14:
        unpack_const(in, out, n, 14, avail);
        break;
    case 15:
        unpack_const(in, out, n, 15, avail);
        break;
    case 16:
        unpack_const(in, out, n, 16, avail);
        break;
    case 17:
        unpack_const(in, out, n, 17, avail);
        break;
    case 18:
        unpack_const(in, out, n, 18, avail);
        break;
    case 19:
        unpack_const(in, out, n, 19, avail);
        break;
    case 20:
        unpack_const(in, out, n, 20, avail);
        break;
    case 21:
        unpack_const(in, out, n, 21, avail);
        break;
    case 22:
        unpack_const(in, out, n, 22, avail);
        break;
    case 23:
        unpack_const(in, out, n, 23, avail);
        break;
    case 24:
        unpack_const(in, out, n, 24, avail);
        break;
    case 25:
        unpack_const(in, out, n, 25, avail);
        break;
    case 26:
        unpack_const(in, out, n, 26, avail);
        break;
    case 27:
        unpack_const(in, out, n, 27, avail);
        break;
    case 28:
        unpack_const(in, out, n, 28, avail);
        break;
    case 29:
        unpack_const(in, out, n, 29, avail);
        break;
    case 30:
        unpack_const(in, out, n, 30, avail);
        break;
    case 31:
        unpack_const(in, out, n, 31, avail);
        break;
    case 32:
        unpack_const(in, out, n, 32, avail);
        break;
    default:
        memset(out, 0, n * sizeof *out);
        break;
    }
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
    unpack(p, v, n, b, (size_t)(end - p));
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
