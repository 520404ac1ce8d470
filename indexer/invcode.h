/*
 * invcode.h - the coding end of inversion: the merged postings of each
 * term, in term order, in; the POSTINGS, TERMS, TERMIDX and CHARS sections
 * of a segment out (invert.h).
 *
 * The merge (inv_finish) gives each term, in term order, and its postings
 * (invcode_term, invcode_posting, invcode_term_end).  The coder writes
 * them into chunks of messages:
 *
 *   message  = TERM len:u8 term:byte*len
 *            | POSTINGS pad n:u32 posting*n
 *            | END
 *   posting  = passage:u32 tf:u32 position:u32*tf
 *
 * in the machine's byte order (the chunks never leave the process), `pad`
 * zero bytes making n 4-byte aligned from the start of the chunk.  A term
 * is TERM, POSTINGS messages (as many as the chunks it spans: a chunk is
 * handed over once it holds CODE_CHUNK bytes, in the middle of a term if
 * need be, so the memory a term takes does not grow with its postings),
 * then END.  Coding a term's postings with the block codec (postings.h),
 * writing its list, adding it to the dictionary and its first character's
 * passages to CHARS happen on END.  The terms of one first character come
 * one after the other (byte order), so the coder also sums their tfs a
 * passage (two bytes a passage, valid where the CHARS mark is the
 * character's) and, for a character in at least 1 / CHARLIST_SHARE of the
 * passages, writes its list to CHARLISTS (charlist.h).
 *
 * With two threads the chunks are coded by a second thread (relay.h)
 * while the caller's goes on merging: the two halves of the end of a build
 * run side by side, and the sections are the same byte for byte as when
 * the caller codes each chunk itself.  The coder alone writes to the
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
 * byte order).  Errors: ZS_ENOMEM, ZS_EINVAL. */
int invcode_term(invcode *c, const char *term, size_t len);

/* A posting of the open term: passage (after the one before), tf >= 1 and
 * tf positions, ascending.  May hand a chunk over (or code it).  Returns
 * the first error so far (message in `d`): ZS_ENOMEM, ZS_EIO, and
 * ZS_ECORRUPT for postings out of order. */
int invcode_posting(invcode *c, uint32_t passage, uint32_t tf, const uint32_t *pos, zs_diag *d);

/* End the open term (its list is coded and written).  Errors as
 * invcode_posting's. */
int invcode_term_end(invcode *c, zs_diag *d);

/* Code what is left, end POSTINGS, write TERMS, TERMIDX, CHARS and CHARLISTS, and
 * free `c`.  *terms and *postings get the counts of terms and (term,
 * passage) pairs written.  Returns the first error (message in `d`). */
int invcode_finish(invcode *c, uint64_t *terms, uint64_t *postings, zs_diag *d);

/* Stop and free `c` without writing more (NULL is fine). */
void invcode_abort(invcode *c);

#endif
