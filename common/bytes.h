/*
 * bytes.h - little-endian integers and LEB128 varints, read and written byte
 * by byte (never by casting structs), with bounds-checked readers.
 *
 * Writers append to a `buf`.  Readers take a cursor `*p` and the end of the
 * readable range; they advance `*p` on success and return ZS_ECORRUPT (leaving
 * `*p` unchanged) when the value would run past `end` or a varint is longer
 * than 10 bytes, so a damaged file can never make us read outside its map.
 *
 * Varint: unsigned LEB128, 7 bits per byte, low group first, high bit set on
 * every byte but the last (the encoding used by SQLite FTS5 and protobuf).
 */
#ifndef ZS_BYTES_H
#define ZS_BYTES_H

#include "buf.h"
#include "err.h"

#include <stdint.h>

/* Longest varint for a 64-bit value. */
#define VI_MAX_BYTES 10

/* FNV-1a, 32 bits: the hash of the writers' small hash tables. */
static inline uint32_t fnv1a32(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
    return h;
}

static inline void le_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void le_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void le_put64(uint8_t *p, uint64_t v)
{
    le_put32(p, (uint32_t)v);
    le_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t le_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t le_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t le_get64(const uint8_t *p)
{
    return (uint64_t)le_get32(p) | ((uint64_t)le_get32(p + 4) << 32);
}

/* Encode `v` at `p` (room for VI_MAX_BYTES); returns the number of bytes. */
static inline int vi_encode(uint8_t *p, uint64_t v)
{
    int n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* Bytes needed to encode `v`. */
static inline int vi_len(uint64_t v)
{
    int n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static inline int vi_put(buf *b, uint64_t v)
{
    uint8_t tmp[VI_MAX_BYTES];
    return buf_add(b, tmp, (size_t)vi_encode(tmp, v));
}

static inline int le_buf32(buf *b, uint32_t v)
{
    uint8_t tmp[4];
    le_put32(tmp, v);
    return buf_add(b, tmp, 4);
}

static inline int le_buf64(buf *b, uint64_t v)
{
    uint8_t tmp[8];
    le_put64(tmp, v);
    return buf_add(b, tmp, 8);
}

static inline int le_buf16(buf *b, uint16_t v)
{
    uint8_t tmp[2];
    le_put16(tmp, v);
    return buf_add(b, tmp, 2);
}

/* Read a varint from [*p, end). */
static inline int vi_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    const uint8_t *q = *p;
    if (q < end && *q < 0x80) { /* the common one-byte case */
        *v = *q;
        *p = q + 1;
        return ZS_OK;
    }
    uint64_t r = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (q >= end) return ZS_ECORRUPT;
        uint8_t c = *q++;
        if (shift == 63 && c > 1) return ZS_ECORRUPT; /* overflows 64 bits */
        r |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = r;
            *p = q;
            return ZS_OK;
        }
    }
    return ZS_ECORRUPT;
}

/* Read a varint that must fit in 32 bits. */
static inline int vi_get32(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
    uint64_t x;
    const uint8_t *save = *p;
    int rc = vi_get(p, end, &x);
    if (rc) return rc;
    if (x > UINT32_MAX) {
        *p = save;
        return ZS_ECORRUPT;
    }
    *v = (uint32_t)x;
    return ZS_OK;
}

/* Read fixed-width little-endian integers with a bounds check. */
static inline int le_read32(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
    if (end - *p < 4) return ZS_ECORRUPT;
    *v = le_get32(*p);
    *p += 4;
    return ZS_OK;
}

static inline int le_read64(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    if (end - *p < 8) return ZS_ECORRUPT;
    *v = le_get64(*p);
    *p += 8;
    return ZS_OK;
}

static inline int le_read16(const uint8_t **p, const uint8_t *end, uint16_t *v)
{
    if (end - *p < 2) return ZS_ECORRUPT;
    *v = le_get16(*p);
    *p += 2;
    return ZS_OK;
}

#endif
