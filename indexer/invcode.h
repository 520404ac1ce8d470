/*
 * invcode.h - the coding end of inversion: the merged postings of each
 * term, in term order, in; the POSTINGS, TERMS, TERMIDX and CHARS sections
 * of a segment out (invert.h).
 *
 * The merge (inv_finish) gives each term, in term order, and its
 * sources (invcode_term, invcode_source, invcode_term_end): the streams
 * of its postings that the inverter wrote, one a run file and one for the
 * terms in memory (invert.c, `term`):
 *
 *   stream   = posting*
 *   posting  = (passage gap << 1 | 1):varint position:varint
 *              ((position gap - 1) << 1):varint*
 *
 * the passage gap from the last passage + 1 of the same source (0 before
 * its first), the position gap from the posting's position before.  The
 * streams are not decoded by the merge: they go as they are into chunks
 * of messages,
 *
 *   message  = TERM len:u8 term:byte*len
 *            | SOURCE df:u32
 *            | BYTES n:u32 byte*n
 *            | END
 *
 * in the machine's byte order (the chunks never leave the process).  A
 * term is TERM, for each source SOURCE and BYTES messages (as many as the
 * chunks its stream spans: a chunk is handed over once it holds
 * CODE_CHUNK bytes, in the middle of a stream if need be, each piece
 * ending where a varint does, so the memory a term takes in the chunks
 * does not grow with its postings), then END.  The coder decodes the
 * streams straight into the block codec (postings.h; the stream's
 * position gaps are the block's, so a position is a varint read and a
 * store); coding a term's list, writing it, adding it to the dictionary
 * and its first character's passages to CHARS happen on END.  The terms
 * of one first character come one after the other (byte order), so the
 * coder also sums their tfs a passage (two bytes a passage, valid where
 * the CHARS mark is the character's) and, for a character in at least 1 /
 * CHARLIST_SHARE of the passages, writes its list to CHARLISTS
 * (charlist.h).
 *
 * With two threads the chunks are coded by a second thread (relay.h)
 * while the caller's goes on merging, and the sections are the same byte
 * for byte as when the caller codes each chunk itself.  Balance: merging
 * costs far less than coding, so when the coder falls a chunk behind
 * (relay_backlog) the merge codes the next terms itself (those of at most
 * CODE_SELF_MAX stream bytes), and hands over instead of their streams
 *
 *   CODED len:u8 term:byte*len df:u32 flags:u32 n:u32 m:u32 list:byte*n
 *         pad (passage:u32 tf:u32)*m
 *
 * (`pad` zero bytes making the pairs 4-byte aligned from the start of the
 * chunk; the pairs only for a term whose first character is CJK): the
 * coder writes the list and adds the postings to CHARS in term order.
 * Who codes a term depends on the timing; the bytes do not.  The coder alone writes to the
 * segment from invcode_new to invcode_finish.
 */
#ifndef ZS_INVCODE_H
#define ZS_INVCODE_H

#include "buf.h"
#include "err.h"
#include "postings.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

typedef struct invcode invcode;

/* The sections the coder writes. */
typedef struct invcode_sections {
    uint32_t post, terms, index, chars, charlists;
} invcode_sections;

/* Start coding for `npassages` passages of lengths `dl` (borrowed until
 * invcode_finish) into `zw`: begins the POSTINGS section.  threads > 1:
 * chunks are coded by a second thread (when one cannot be started, by the
 * caller's).  Errors: ZS_ENOMEM, ZS_EIO. */
int invcode_new(invcode **out, const post_lengths *dl, uint32_t npassages, zf_writer *zw,
                const invcode_sections *sec, int threads);

/* Start the next term (1..DICT_TERM_MAX bytes, after the one before in
 * byte order), whose sources hold `bytes` bytes of stream in all (it
 * decides where the term is coded, see "balance" above).  Errors:
 * ZS_ENOMEM, ZS_EINVAL. */
int invcode_term(invcode *c, const char *term, size_t len, uint64_t bytes);

/* A source of the open term: `n` bytes of stream (above; borrowed for the
 * call) holding `df` >= 1 postings, whose passages come after the term's
 * postings so far.  May hand chunks over (or code them).  Returns the
 * first error so far (message in `d`): ZS_ENOMEM, ZS_EIO, and ZS_ECORRUPT
 * for a stream that does not decode or postings out of order (found by
 * the coder: with two threads, maybe at a later call). */
int invcode_source(invcode *c, uint32_t df, const uint8_t *stream, size_t n, zs_diag *d);

/* End the open term (its list is coded and written).  Errors as
 * invcode_source's. */
int invcode_term_end(invcode *c, zs_diag *d);

/* Code what is left, end POSTINGS, write TERMS, TERMIDX, CHARS and CHARLISTS, and
 * free `c`.  *terms and *postings get the counts of terms and (term,
 * passage) pairs written.  Returns the first error (message in `d`). */
int invcode_finish(invcode *c, uint64_t *terms, uint64_t *postings, zs_diag *d);

/* Stop and free `c` without writing more (NULL is fine). */
void invcode_abort(invcode *c);

#endif
