/*
 * textpack.h - the form in which stored text is deflated: UTF-16LE.
 *
 * A text block (docs/FORMAT.md "TEXT") is a run of passages, each a varint
 * byte length and its UTF-8 text.  Before deflate, the writer packs it to
 * the same run with each text as UTF-16LE code units (a varint count of
 * units, then the units; code points beyond U+FFFF as surrogate pairs), and
 * the reader unpacks the inflated bytes back to the UTF-8 block, byte for
 * byte.
 *
 * Why: Chinese takes three bytes a character in UTF-8, two in UTF-16, and
 * deflate's byte-wise Huffman codes and matches do better on the shorter
 * form: real100's stored text is 31.75 MB deflated from UTF-8 and 28.7 MB
 * from UTF-16LE (10 % less; UTF-16BE 29.1, a one-byte form for ASCII 28.7:
 * no better).  Inflating to two thirds of the bytes and unpacking cost
 * about what inflating the UTF-8 did.
 *
 * Invariant: unpack(pack(block)) == block for every block of well-formed
 * UTF-8 texts; unpack rejects anything pack cannot have written (a lone
 * surrogate, a count running past the end) as corrupt.
 */
#ifndef ZS_TEXTPACK_H
#define ZS_TEXTPACK_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Append to `out` the packed form of the UTF-8 block `block` (len bytes).
 * Errors: ZS_EINVAL (a length running past the end, text that is not
 * well-formed UTF-8), ZS_ENOMEM. */
int textpack_pack(const char *block, size_t len, buf *out);

/* Append to `out` the UTF-8 block that packed bytes `p` (len bytes) stand
 * for.  Errors: ZS_ECORRUPT (a count running past the end, a lone
 * surrogate), ZS_ENOMEM. */
int textpack_unpack(const uint8_t *p, size_t len, buf *out);

#endif
