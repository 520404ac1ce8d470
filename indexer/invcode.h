/*
 * invcode.h - the coding end of inversion: the merged postings of each
 * term, in term order, in; the POSTINGS, TERMS, TERMIDX and CHARS sections
 * of a segment out (invert.h).
 *
 * The merge (inv_finish) appends one record a term to the chunk the coder
 * gives (invcode_chunk) and hands it over (invcode_push):
 *
 *   record  = len:u8 term:byte*len pad n:u32 posting*n
 *   posting = passage:u32 tf:u32 position:u32*tf
 *
 * in the machine's byte order (the records never leave the process), `pad`
 * zero bytes making n 4-byte aligned from the start of the chunk, the
 * postings in passage order and the positions of each ascending.  The
 * merge decodes the runs into records (the varints of invert.c); the coder
 * codes each list with the block codec (postings.h), writes it, and adds
 * the term to the dictionary and its first character's passages to CHARS.
 *
 * With two threads the records are coded by a second thread (relay.h)
 * while the caller's goes on merging: the two halves of the end of a build
 * run side by side, and the sections are the same byte for byte as when
 * the caller codes each record itself.  The coder alone writes to the
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
    uint32_t post, terms, index, chars;
} invcode_sections;

/* Start coding for `npassages` passages of lengths `dl` (borrowed until
 * invcode_finish) into `zw`: begins the POSTINGS section.  threads > 1:
 * records are coded by a second thread (when one cannot be started, by
 * the caller's).  Errors: ZS_ENOMEM, ZS_EIO. */
int invcode_new(invcode **out, const post_lengths *dl, uint32_t npassages, zf_writer *zw,
                const invcode_sections *sec, int threads);

/* The buffer to append records to (owned by the coder; valid until the
 * next invcode_push, invcode_finish or invcode_abort). */
buf *invcode_chunk(invcode *c);

/* Append the start of a record: the term (1..DICT_TERM_MAX bytes) and a
 * count of 0 postings, whose offset in `b` goes to *count_at. */
int invcode_put_term(buf *b, const char *term, size_t len, size_t *count_at);

/* Append a posting of the record: passage, tf (>= 1) and tf positions,
 * and count it at `count_at`.  Returns the buffer's error. */
int invcode_put_posting(buf *b, size_t count_at, uint32_t passage, uint32_t tf,
                        const uint32_t *pos);

/* The chunk holds whole records: code them now (one thread), or hand the
 * chunk over once it is large enough.  Returns the first error so far
 * (message in `d`); postings out of order are ZS_ECORRUPT. */
int invcode_push(invcode *c, zs_diag *d);

/* Code what is left, end POSTINGS, write TERMS, TERMIDX and CHARS, and
 * free `c`.  *terms and *postings get the counts of terms and (term,
 * passage) pairs written.  Returns the first error (message in `d`). */
int invcode_finish(invcode *c, uint64_t *terms, uint64_t *postings, zs_diag *d);

/* Stop and free `c` without writing more (NULL is fine). */
void invcode_abort(invcode *c);

#endif
