/*
 * decode.h - turn the bytes of an input file into UTF-8, remembering for every
 * output code point the byte offset in the file where it came from, so that
 * passages and matches can point at the exact bytes of the source.
 *
 * Streaming: the caller feeds the file in pieces of any size (even one byte);
 * a character cut by the end of a piece is kept and completed by the next one.
 * Feeding a file in any split gives the same output and offsets as feeding it
 * whole.  Memory held by a decoder is bounded (at most DEC_DETECT_MAX bytes,
 * and only while the encoding is still being detected).
 *
 * Detection (no encoding given) looks at the first DEC_DETECT_MAX bytes, in
 * this order:
 *   1. BOM EF BB BF -> "UTF-8 (BOM)"; FF FE -> "UTF-16LE"; FE FF -> "UTF-16BE";
 *   2. no BOM, but more than half of the even (odd) byte positions are NUL
 *      and not of the other parity -> UTF-16BE (UTF-16LE);
 *   3. well-formed UTF-8 -> "UTF-8".  A sequence cut by the end of the looked-at
 *      window is fine unless that is the end of the file.  A few damaged
 *      sequences are also fine: at least DEC_UTF8_MIN_RATIO well-formed
 *      multi-byte sequences per ill-formed one still means UTF-8, so one stray
 *      byte does not turn a UTF-8 file into GB18030 mojibake;
 *   4. "BIG5" when the bytes decode as Big5 with at most one invalid
 *      sequence in DEC_BIG5_INVALID_MAX characters, and a larger share of
 *      the characters are frequent Han characters (hanfreq.h) decoded as
 *      Big5 than decoded as GB18030 (measured error rates: docs/VARIANTS.md);
 *   5. otherwise "GB18030" (a superset of GBK and GB2312).
 *
 * Invariants of the output:
 *   - it is well-formed UTF-8 and never contains U+0000 (a NUL in the input
 *     becomes a space), so the text is a valid C string;
 *   - offs gets exactly one entry per code point appended: the absolute
 *     byte offset in the file (counting a BOM) of the first byte of the
 *     source character.  Offsets increase strictly, except that when one
 *     source character yields several code points (rare, e.g. some
 *     BIG5-HKSCS codes) they share its offset;
 *   - a BOM (U+FEFF at offset 0) is not output under the native UTF-8 and
 *     UTF-16 decoders, whether detected or named.
 *
 * Invalid input: in replacement mode each invalid sequence becomes one
 * U+FFFD and is counted (dec_report).  What one "sequence" is:
 *   UTF-8    a maximal subpart (Unicode 15, section 3.9, table 3-8) or one
 *            byte that cannot start a sequence;
 *   UTF-16   a lone surrogate (two bytes);
 *   GB18030  one byte that cannot start a character here (the next byte is
 *            decoded afresh, as in the WHATWG gb18030 decoder), or a whole
 *            well-formed 2- or 4-byte character that iconv does not map;
 *   other    one byte that iconv rejects;
 *   any      a character cut off by the end of the file.
 * A U+FFFD that is really in the input is not counted.
 *
 * Thread safety: a dec is used by one thread at a time; distinct decoders are
 * independent (no global state).
 */
#ifndef ZS_DECODE_H
#define ZS_DECODE_H

#include "buf.h"
#include "err.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

/* How much of the start of a file detection looks at.  Callers should feed at
 * least this much (or the whole file) first; smaller first pieces are held in
 * the decoder until this much (or the end of the file) has arrived. */
#define DEC_DETECT_MAX (64 * 1024)

/* Detection still picks UTF-8 with this many well-formed multi-byte
 * sequences per ill-formed one.  GB18030 text read as UTF-8 has far fewer
 * than one well-formed sequence per ill-formed one (its trail bytes are
 * mostly not UTF-8 continuation bytes), so 16 leaves a wide margin. */
#define DEC_UTF8_MIN_RATIO 16

/* Detection takes Big5 only with fewer invalid sequences than one in this
 * many characters: real Big5 text has none (a Hong Kong text may hold a few
 * HKSCS characters, which standard Big5 lacks: U+FFFD, reported, or read
 * with --encoding BIG5-HKSCS), while GB18030 text read as Big5 runs into
 * codes Big5 leaves unassigned (C6A1-C8FE and more) within a few lines. */
#define DEC_BIG5_INVALID_MAX 100

/* Longest encoding name accepted (iconv names are short: "UTF-16LE",
 * "BIG5-HKSCS", "ISO-2022-JP-3"). */
#define DEC_NAME_MAX 64

typedef struct dec dec; /* opaque decoder state for one input */

typedef struct dec_opts {
    /* NULL or "" = detect; else any iconv name ("GBK", "BIG5", "UTF-16LE"...).
     * "UTF-8", "UTF-16LE", "UTF-16BE" (any case, with or without '-' or '_')
     * are decoded natively; "GB18030", "GBK", "CP936", "GB2312", "EUC-CN" use
     * iconv for long runs with natively computed boundaries; any other name
     * goes through iconv one character at a time.  "UTF-16" without a byte
     * order is left to iconv, which reads the BOM. */
    const char *encoding;
    /* 1: an invalid sequence is an error (ZS_EENCODING);
     * 0: replace it with U+FFFD and count it. */
    int strict;
} dec_opts;

typedef struct dec_info {
    /* Encoding used: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE",
     * "GB18030", "BIG5", or the name given in dec_opts as given; "" while detection
     * is still waiting for input.  Borrowed: valid until dec_free. */
    const char *encoding;
    uint64_t ninvalid;      /* invalid sequences replaced by U+FFFD */
    uint64_t first_invalid; /* source offset of the first one (0 when none) */
    uint64_t nbytes;        /* total bytes fed */
} dec_info;

/* Make a decoder.  `o` may be NULL (detect, replacement mode).
 * Out: *out, which the caller frees with dec_free (NULL on error).
 * Errors: ZS_EENCODING for an encoding name iconv does not know or longer
 * than DEC_NAME_MAX (d->msg names it); ZS_ENOMEM. */
int dec_new(dec **out, const dec_opts *o, zs_diag *d);

/* Decode the next `n` bytes of the file (they follow the previous feed);
 * `last` = 1 on the final feed (which may have n = 0; `in` may then be NULL).
 * Appends UTF-8 to `out` and, for each code point appended, its source start
 * offset to `offs` (see the invariants above).  Bytes of an incomplete
 * character at the end of a non-last feed are kept by the decoder and decoded
 * with the next feed; a feed may thus append nothing.  While detection waits
 * for DEC_DETECT_MAX bytes, nothing is appended either.
 * Errors:
 *   ZS_EENCODING  strict mode and an invalid sequence: d->msg is
 *                 "offset 1234: invalid GB18030 sequence" (or "truncated ...
 *                 at end of input"); the caller adds the file name;
 *                 also when the detected encoding is missing from iconv;
 *   ZS_ENOMEM;
 *   ZS_EINVAL     bad arguments, a feed after the last one, or a feed after
 *                 an error.
 * On error `out` and `offs` are left exactly as they were on entry, and the
 * decoder is spent: only dec_report and dec_free may follow.
 * Ownership: `in` is only read during the call; `out` and `offs` stay the
 * caller's. */
int dec_feed(dec *dc, const uint8_t *in, size_t n, int last, buf *out, u64vec *offs, zs_diag *d);

/* What happened so far (complete after the last feed).  Never fails. */
void dec_report(const dec *dc, dec_info *info);

/* Release the decoder and its iconv descriptor.  NULL is fine. */
void dec_free(dec *dc);

#endif
