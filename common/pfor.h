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
 *   u8   h            bit width b (0..32) in the low 6 bits; PFOR_F_EXC
 *                     when exceptions follow
 *   ...  ceil(n*b/8)  packed low bits
 *   if PFOR_F_EXC:
 *   u8   e - 1        number of exceptions, 1..n
 *   u8   hb           bits of their high parts, 1..32-b
 *   ...  ceil(e*(7+hb)/8)  e x { 7-bit index, hb-bit high }, packed like
 *                     the low bits; indices strictly increasing, highs not
 *                     zero; value = low | high << b
 *
 * Why exceptions packed and not as { u8 index, varint high } (format 7):
 * a varint high takes at least a byte and the index another, where 7 + hb
 * bits will do, and a block without exceptions needs no count byte.  On
 * real100's postings and passage columns (993,322 blocks) the exceptions
 * were 6.28 MB of 62.07 MB; packed, -2.0 MB, and -0.4 more for the count
 * byte of blocks without exceptions (measured offline on the encoder's
 * input).
 * n is not stored: the caller knows it.
 */
#ifndef ZS_PFOR_H
#define ZS_PFOR_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Values per block: small enough that one odd value does not widen many
 * others, large enough to amortise the header (Lucene uses 128). */
#define PFOR_BLOCK 128
/* The smallest encoded block: its header byte (width 0, no exceptions).
 * Readers bound counts from disk with it. */
#define PFOR_MIN_BYTES 1
/* The header byte: the width, and the flag of a block with exceptions. */
#define PFOR_WIDTH_MASK 0x3F
#define PFOR_F_EXC      0x80
/* Bytes after the packed bits of a block with exceptions: e - 1 and hb. */
#define PFOR_EXC_HEADER 2
/* Bits of an exception's index: PFOR_BLOCK values. */
#define PFOR_INDEX_BITS 7

/* Append the encoding of v[0..n) (1 <= n <= PFOR_BLOCK) to `out`.
 * Errors: ZS_ENOMEM, ZS_EINVAL when n is out of range. */
int pfor_encode(const uint32_t *v, size_t n, buf *out);

_Static_assert(PFOR_BLOCK <= 1 << PFOR_INDEX_BITS, "an exception's index fits its bits");

/* Decode n values from [*p, end) into v and advance *p.  Never reads
 * outside [*p, end).  Errors: ZS_ECORRUPT (truncated block, bad width or
 * header bits, more exceptions than values, exception indices out of
 * range or not increasing, a zero high part, high bits overflowing 32
 * bits). */
int pfor_decode(const uint8_t **p, const uint8_t *end, uint32_t *v, size_t n);

/* pfor_decode of a block that lies in [*p, end) and is followed by bytes
 * that may be read up to `readable` (>= end): the unpacking reads 64-bit
 * words and masks off the bits past the block, so the last values of a
 * block need not be read byte by byte when other data follows it (a
 * list's doc gaps by its tfs and positions; the byte loop's exit
 * mispredicted in every block).  Never reads outside [*p, readable);
 * decodes the same values and fails the same ways as pfor_decode. */
int pfor_decode_within(const uint8_t **p, const uint8_t *end, const uint8_t *readable, uint32_t *v,
                       size_t n);

#endif
