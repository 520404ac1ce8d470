/*
 * hanfreq.h - the frequent Han characters, for telling encodings apart.
 *
 * One bit per unified ideograph (U+4E00..U+9FFF): set for the 3,000 most
 * frequent characters of the shared news and law corpora and the
 * traditional characters that fold to them (tools/gen_hanfreq.py, which
 * generates hanfreq.c).  Text decoded with the right encoding is mostly
 * such characters; the same bytes decoded with the wrong one are mostly
 * rare characters, symbols or invalid.  decode.c scores a sample both as
 * Big5 and as GB18030 with it.
 */
#ifndef ZS_HANFREQ_H
#define ZS_HANFREQ_H

#include <stdint.h>

#define HANFREQ_FIRST 0x4E00u
#define HANFREQ_LAST  0x9FFFu
#define HANFREQ_BYTES ((HANFREQ_LAST - HANFREQ_FIRST + 1 + 7) / 8)

/* Generated (hanfreq.c). */
extern const uint8_t hanfreq_bits[HANFREQ_BYTES];

/* 1 when cp is one of the frequent characters, else 0. */
static inline int hanfreq_common(uint32_t cp)
{
    if (cp < HANFREQ_FIRST || cp > HANFREQ_LAST) return 0;
    uint32_t i = cp - HANFREQ_FIRST;
    return (hanfreq_bits[i >> 3] >> (i & 7)) & 1;
}

#endif
