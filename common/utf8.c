/* utf8.c - UTF-8 code point encoding and decoding (see utf8.h). */
#include "utf8.h"

#include "bytes.h"

#include <string.h>

int u8_decode(const uint8_t *p, const uint8_t *end, uint32_t *cp)
{
    uint8_t c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (end - p < n) return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

/* Words of 8 bytes u8_count adds up in one lane counter before summing:
 * each of its 8 byte lanes gains at most 1 a word, so 255 cannot carry. */
#define U8_COUNT_WORDS 255

size_t u8_count(const char *s, size_t len)
{
    /* every byte but a continuation byte (10xxxxxx) starts a code point;
     * eight bytes at a time: bit 7 set and bit 6 clear in each lane */
    const uint64_t high = 0x8080808080808080ULL;
    size_t cont = 0, i = 0;
    while (len - i >= 8) {
        uint64_t lanes = 0;
        for (int w = 0; w < U8_COUNT_WORDS && len - i >= 8; w++, i += 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            lanes += (x & ~(x << 1) & high) >> 7;
        }
        /* the 8 byte lanes into 4 of 16 bits (at most 510 each), summed */
        const uint64_t even = 0x00FF00FF00FF00FFULL, ones16 = 0x0001000100010001ULL;
        uint64_t pairs = (lanes & even) + ((lanes >> 8) & even);
        cont += (size_t)((pairs * ones16) >> 48);
    }
    for (; i < len; i++) cont += ((uint8_t)s[i] & 0xC0) == 0x80;
    return len - cont;
}

size_t u8_offset(const char *s, size_t len, size_t cpi)
{
    size_t i = 0;
    while (i < len && cpi > 0) {
        i++;
        while (i < len && ((uint8_t)s[i] & 0xC0) == 0x80) i++;
        cpi--;
    }
    return i;
}

size_t u8_prefix(const char *s, size_t len, size_t max)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    size_t n = 0;
    while (p + n < end) {
        uint32_t cp;
        int k = u8_decode(p + n, end, &cp);
        if (!k || n + (size_t)k > max) break;
        n += (size_t)k;
    }
    return n;
}

/* Bytes u8_valid looks at together: 8 ASCII bytes, or two 3-byte
 * sequences (6 of the 8 bytes loaded). */
#define U8_VALID_WORD 8

int u8_valid(const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    while (p < end) {
        if (end - p >= U8_VALID_WORD) {
            /* a word at a time (stored passage text, bulk export): eight
             * ASCII bytes, or two sequences of a lead byte E1-EC or EE-EF
             * and two continuation bytes, which need no other check
             * (u8_plain3); the byte order is fixed by le_get64 */
            uint64_t x = le_get64(p);
            if (!(x & 0x8080808080808080ULL)) {
                p += U8_VALID_WORD;
                continue;
            }
            if ((x & 0x0000C0C0F0C0C0F0ULL) == 0x00008080E08080E0ULL && p[0] != 0xE0 &&
                p[0] != 0xED && p[3] != 0xE0 && p[3] != 0xED) {
                p += 6;
                continue;
            }
        }
        if (*p < 0x80) {
            p++;
            continue;
        }
        if (u8_plain3(p, end)) {
            p += 3;
            continue;
        }
        uint32_t cp;
        int n = u8_decode(p, end, &cp);
        if (!n) return 0;
        p += n;
    }
    return 1;
}
