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

/* Bytes of a block of n values at width b whose e exceptions have high
 * parts of hb bits. */
static size_t block_size(size_t n, int b, size_t e, int hb)
{
    size_t size = PFOR_MIN_BYTES + (n * (size_t)b + 7) / 8;
    if (e) size += PFOR_EXC_HEADER + (e * (size_t)(PFOR_INDEX_BITS + hb) + 7) / 8;
    return size;
}

/* Pick the width that minimises the block's size, counted exactly (ties go
 * to the wider b: fewer exceptions to patch). */
static int best_width(const uint32_t *v, size_t n)
{
    size_t count[33] = {0};
    for (size_t i = 0; i < n; i++) count[bits_of(v[i])]++;
    int maxb = 32;
    while (maxb > 0 && count[maxb] == 0) maxb--;
    size_t best = block_size(n, maxb, 0, 0);
    int bestb = maxb;
    size_t wider = 0; /* values with more than b bits */
    for (int b = maxb - 1; b >= 0; b--) {
        wider += count[b + 1];
        size_t size = block_size(n, b, wider, maxb - b);
        if (size < best) {
            best = size;
            bestb = b;
        }
    }
    return bestb;
}

/* Append `width` bits of v at bit *at of q (zeroed beforehand). */
static void put_bits(uint8_t *q, size_t *at, uint64_t v, int width)
{
    for (int done = 0; done < width;) {
        size_t byte = *at >> 3;
        int shift = (int)(*at & 7), take = 8 - shift;
        if (take > width - done) take = width - done;
        q[byte] |= (uint8_t)(((v >> done) & ((1u << take) - 1)) << shift);
        done += take;
        *at += (size_t)take;
    }
}

int pfor_encode(const uint32_t *v, size_t n, buf *out)
{
    if (n == 0 || n > PFOR_BLOCK) return ZS_EINVAL;
    int b = best_width(v, n);
    uint64_t mask = b == 32 ? 0xFFFFFFFFu : ((1ull << b) - 1);
    uint8_t exc_idx[PFOR_BLOCK];
    size_t ne = 0;
    int hb = 0; /* bits of the widest high part */
    for (size_t i = 0; i < n; i++)
        if ((uint64_t)v[i] > mask) {
            exc_idx[ne++] = (uint8_t)i;
            if (bits_of(v[i]) - b > hb) hb = bits_of(v[i]) - b;
        }
    size_t size = block_size(n, b, ne, hb);
    int rc = buf_grow(out, size);
    if (rc) return rc;
    uint8_t *p = (uint8_t *)out->data + out->len;
    memset(p, 0, size);
    p[0] = (uint8_t)(b | (ne ? PFOR_F_EXC : 0));
    /* packed 32 bits at a time (a value of b <= 32 bits lands in an
     * accumulator holding fewer than 32): one test a value, not a loop of
     * byte stores; the bytes are the same, little-endian */
    uint8_t *q = p + PFOR_MIN_BYTES;
    uint64_t acc = 0;
    int accbits = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= ((uint64_t)v[i] & mask) << accbits;
        accbits += b;
        if (accbits >= 32) {
            le_put32(q, (uint32_t)acc);
            q += 4;
            acc >>= 32;
            accbits -= 32;
        }
    }
    for (; accbits > 0; accbits -= 8) {
        *q++ = (uint8_t)acc;
        acc >>= 8;
    }
    if (ne) {
        uint8_t *x = p + PFOR_MIN_BYTES + (n * (size_t)b + 7) / 8;
        x[0] = (uint8_t)(ne - 1);
        x[1] = (uint8_t)hb;
        size_t at = 0;
        for (size_t k = 0; k < ne; k++) {
            uint64_t high = (uint64_t)v[exc_idx[k]] >> b;
            put_bits(x + PFOR_EXC_HEADER, &at, exc_idx[k] | high << PFOR_INDEX_BITS,
                     PFOR_INDEX_BITS + hb);
        }
    }
    out->len += size;
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
    /* groups of 8 values are b bytes: within a group every offset and
     * shift is a constant, and no word is checked against the bounds when
     * the group's last word ends inside them (every group but the last
     * one or two of a list's last block) */
    for (; i + 8 <= n && (i / 8 + 1) * (size_t)b + 8 <= avail; i += 8) {
        const uint8_t *g = in + i / 8 * (size_t)b;
#pragma GCC unroll 8
        for (int r = 0; r < 8; r++) {
            uint64_t w;
            memcpy(&w, g + (r * b >> 3), 8);
            out[i + (size_t)r] = (uint32_t)((le64toh(w) >> (r * b & 7)) & mask);
        }
    }
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

/* `width` (<= 39) bits at bit `at` of in[0, avail): a 64-bit word where
 * 8 bytes may be read (as unpack_const does), else byte by byte. */
static inline uint64_t get_bits(const uint8_t *in, size_t avail, size_t at, int width)
{
    size_t byte = at >> 3;
    uint64_t w = 0;
    if (byte + 8 <= avail) {
        memcpy(&w, in + byte, 8);
        w = le64toh(w);
    } else {
        for (size_t k = 0; byte + k < avail; k++) w |= (uint64_t)in[byte + k] << (8 * k);
    }
    return (w >> (at & 7)) & ((1ull << width) - 1);
}

/* Patch the e exceptions packed at `in` (avail bytes may be read) into
 * v[0, n): indices strictly increasing and below n, high parts not zero. */
static int patch(const uint8_t *in, size_t avail, size_t e, int hb, int b, uint32_t *v, size_t n)
{
    int width = PFOR_INDEX_BITS + hb;
    size_t at = 0;
    for (size_t k = 0, next = 0; k < e; k++, at += (size_t)width) {
        uint64_t x = get_bits(in, avail, at, width);
        size_t idx = (size_t)(x & ((1u << PFOR_INDEX_BITS) - 1));
        uint64_t high = x >> PFOR_INDEX_BITS;
        if (idx < next || idx >= n || high == 0) return ZS_ECORRUPT;
        v[idx] = (uint32_t)((uint64_t)v[idx] | (high << b));
        next = idx + 1;
    }
    return ZS_OK;
}

int pfor_decode_within(const uint8_t **pp, const uint8_t *end, const uint8_t *readable, uint32_t *v,
                       size_t n)
{
    const uint8_t *p = *pp;
    if (n == 0 || n > PFOR_BLOCK || end - p < PFOR_MIN_BYTES || readable < end) return ZS_ECORRUPT;
    int b = p[0] & PFOR_WIDTH_MASK, has_exc = p[0] & PFOR_F_EXC;
    if (b > 32 || (p[0] & ~(PFOR_WIDTH_MASK | PFOR_F_EXC))) return ZS_ECORRUPT;
    p += PFOR_MIN_BYTES;
    size_t packed = (n * (size_t)b + 7) / 8;
    if ((size_t)(end - p) < packed) return ZS_ECORRUPT;
    unpack(p, v, n, b, (size_t)(readable - p));
    p += packed;
    if (has_exc) {
        if (end - p < PFOR_EXC_HEADER) return ZS_ECORRUPT;
        size_t e = (size_t)p[0] + 1;
        int hb = p[1];
        if (e > n || hb == 0 || hb > 32 - b) return ZS_ECORRUPT;
        p += PFOR_EXC_HEADER;
        size_t bytes = (e * (size_t)(PFOR_INDEX_BITS + hb) + 7) / 8;
        /* the bits past the last exception are masked off: patch may read
         * the bytes after them, up to `readable` */
        if ((size_t)(end - p) < bytes || patch(p, (size_t)(readable - p), e, hb, b, v, n))
            return ZS_ECORRUPT;
        p += bytes;
    }
    *pp = p;
    return ZS_OK;
}

int pfor_decode(const uint8_t **pp, const uint8_t *end, uint32_t *v, size_t n)
{
    return pfor_decode_within(pp, end, end, v, n);
}
