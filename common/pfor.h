/*
 * pfor.h - patched frame-of-reference coding of small blocks of unsigned
 * 32-bit integers (doc id gaps, term frequencies, position gaps).
 *
 * A block of n <= PFOR_BLOCK values is written with one bit width b chosen
 * to minimise its size: every value's low b bits are packed LSB-first, and
 * the few values that need more ("exceptions") are patched with their high
 * bits afterwards.  This is the PForDelta family (Zukowski et al., "Super-
 * Scalar RAM-CPU Cache Compression", ICDE 2006; the per-block optimal width
 * of Yan, Ding and Suel, "Inverted index compression and query processing
 * with optimized document ordering", WWW 2009), which Lucene uses for its
 * postings as well.  Decoding is a tight unpack loop plus a patch loop.
 *
 * Layout of one block (all sizes in bytes):
 *   u8   b            bit width, 0..32
 *   u8   e            number of exceptions, 0..n
 *   ...  ceil(n*b/8)  packed low bits
 *   e x { u8 index; varint high } where value = low | high << b
 * n is not stored: the caller knows it.
 */
#ifndef ZS_PFOR_H
#define ZS_PFOR_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Values per block: small enough that one odd value does not widen many
 * others, large enough to amortise the two header bytes (Lucene uses 128). */
#define PFOR_BLOCK 128
/* The smallest encoded block: its two header bytes (width 0, no
 * exceptions).  Readers bound counts from disk with it. */
#define PFOR_MIN_BYTES 2

/* Append the encoding of v[0..n) (1 <= n <= PFOR_BLOCK) to `out`.
 * Errors: ZS_ENOMEM, ZS_EINVAL when n is out of range. */
int pfor_encode(const uint32_t *v, size_t n, buf *out);

/* Decode n values from [*p, end) into v and advance *p.  Never reads
 * outside [*p, end).  Errors: ZS_ECORRUPT (truncated block, bad width,
 * exception index out of range, high bits overflowing 32 bits). */
int pfor_decode(const uint8_t **p, const uint8_t *end, uint32_t *v, size_t n);

#endif
