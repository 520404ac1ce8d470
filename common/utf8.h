/*
 * utf8.h - UTF-8 encoding and decoding of single code points.
 *
 * u8_decode never reads past `end` and accepts only well-formed UTF-8
 * (shortest form, no surrogates, at most U+10FFFF).  Text inside the engine is
 * always well-formed: the decoder (decode.h) replaces anything else with
 * U+FFFD before it goes further.
 */
#ifndef ZS_UTF8_H
#define ZS_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define U8_REPLACEMENT 0xFFFDu /* U+FFFD REPLACEMENT CHARACTER */
#define U8_MAX_BYTES   4

/* Decode one code point at `p` (p < end).  Returns the number of bytes used
 * (1-4) and stores the code point in *cp; returns 0 when the bytes at p are
 * not a well-formed sequence (*cp is then left unspecified). */
int u8_decode(const uint8_t *p, const uint8_t *end, uint32_t *cp);

/* Like u8_decode on text already known to be well-formed (no checks beyond
 * the lead byte); used on hot paths over normalized text. */
static inline int u8_next(const uint8_t *p, uint32_t *cp)
{
    uint8_t c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    }
    *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
          ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
}

/* Encode `cp` (must be a valid scalar value) at `out`, which has room for
 * U8_MAX_BYTES; returns the number of bytes written.  Inline: the
 * normalizer writes every character of the input through it. */
static inline int u8_encode(uint32_t cp, uint8_t *out)
{
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* Bytes needed to encode `cp`. */
static inline int u8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Number of code points in well-formed UTF-8 text. */
size_t u8_count(const char *s, size_t len);

/* Byte offset of the code point with index `cpi` in well-formed text
 * (len when cpi is past the end). */
size_t u8_offset(const char *s, size_t len, size_t cpi);

/* Length of the longest prefix of [s, s+len) of at most `max` bytes made
 * of whole, well-formed characters: where to cut text to a byte limit
 * without splitting a character (an incomplete or bad sequence ends it). */
size_t u8_prefix(const char *s, size_t len, size_t max);

/* 1 if [s, s+len) is well-formed UTF-8, else 0. */
int u8_valid(const char *s, size_t len);

/* Is p the start of a well-formed 3-byte sequence whose lead byte is
 * E1-EC or EE-EF (every continuation byte allowed, so no overlong form or
 * surrogate is possible)?  That is most of CJK text: a fast path for
 * scanners that only need to know the bytes are valid. */
static inline int u8_plain3(const uint8_t *p, const uint8_t *end)
{
    if (end - p < 3) return 0;
    /* the tests combined without branches (E1-EF but ED, two continuation
     * bytes): the same answer for every three bytes, checked exhaustively,
     * in fewer instructions at each of the text's characters */
    unsigned c = p[0];
    unsigned lead = (c - 0xE1u <= 0xEu) & (c != 0xEDu);
    unsigned cont = (((unsigned)p[1] & 0xC0u) == 0x80u) & (((unsigned)p[2] & 0xC0u) == 0x80u);
    return (int)(lead & cont);
}

/* The code point of the 3-byte sequence at p, which u8_plain3 vouched
 * for: u8_next without its tests of the lead byte. */
static inline uint32_t u8_cp3(const uint8_t *p)
{
    return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
}

#endif
