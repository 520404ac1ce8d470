/*
 * invert.h - memory-bounded inversion: tokens of passages in, the postings
 * and the term dictionary of a segment out.
 *
 * Passages arrive in ascending id order.  Each term gets a byte stream of
 * its postings (varint passage gaps and position gaps) in a pool of slices
 * that grow as the term does (as Lucene's ByteBlockPool does), so a term
 * costs nothing until it is used and a frequent term never copies its
 * postings when it grows.  When the pool, the term table and the hash (with
 * the caller's columns, inv_share) reach the memory budget, or the tables
 * are about to grow past it, the terms are sorted and written to a run file
 * in the temporary directory, and the memory is reused.  inv_finish merges the
 * runs (and what is still in memory) term by term and hands each term's
 * postings to the coder (invcode.h), which re-encodes each list with the
 * block codec (postings.h) and writes the POSTINGS, TERMS, TERMIDX and
 * CHARS sections.
 *
 * CHARS gives, for every CJK character that starts a term, the number of
 * passages containing it: the document frequency of a one-character query,
 * counted exactly while merging (every character starts exactly one token,
 * see tokenize.h).
 *
 * Terms starting with a byte below 0x20 are field terms (city, year, ...):
 * no positions are needed for them, but they are stored like the others.
 */
#ifndef ZS_INVERT_H
#define ZS_INVERT_H

#include "err.h"
#include "invcode.h"
#include "postings.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

/* Smallest memory budget accepted: below this, runs get so small that
 * merging them costs more than it saves. */
#define INV_MEM_MIN (2u << 20)
/* Most tokens one passage may have (a 12 MB line of text). */
#define INV_MAX_PASSAGE_TOKENS (1u << 22)

typedef struct inv inv;

typedef struct inv_stats {
    uint64_t tokens;   /* all tokens added */
    uint64_t terms;    /* distinct terms written */
    uint64_t postings; /* (term, passage) pairs written */
    uint32_t runs;     /* run files written */
    uint64_t run_bytes;
} inv_stats;

/* Create an inverter with `mem_budget` bytes for its tables and pool; run
 * files go to `tmpdir` (which must exist).  Errors: ZS_ENOMEM, ZS_EINVAL. */
int inv_new(inv **out, size_t mem_budget, const char *tmpdir, zs_diag *d);

/* Free everything and remove the inverter's run files (NULL is fine). */
void inv_free(inv *v);

/* The caller holds `bytes` that grow with the input and are counted in the
 * budget (the columns of a segment kept until its end): runs are written
 * earlier as they grow.  Given again whenever they change. */
void inv_share(inv *v, size_t bytes);

/* Start passage `pid` (greater than any before). */
int inv_begin(inv *v, uint32_t pid);

/* Add a token of the open passage: term bytes (1..255) and position. */
int inv_token(inv *v, const char *term, size_t len, uint32_t pos);

/* inv_token for a CJK token given by its code points (as tok_token's cp:
 * the term is their UTF-8), which saves decoding the bytes again: `a`, and
 * `b` unless it is 0 (one character), of class UC_CJK (uchar.h), else
 * ZS_EINVAL.  The same term as inv_token with the bytes. */
int inv_token_cjk(inv *v, uint32_t a, uint32_t b, uint32_t pos);

/* Add a field term (FMT_FIELD_BYTE first) to the open passage: one
 * occurrence at position 0, not counted in the passage's length. */
int inv_field(inv *v, const char *term, size_t len);

/* End the open passage: its tokens become postings.  *ntok gets the number
 * of tokens (the passage length for BM25).  May write a run file.
 * Errors: ZS_ENOMEM, ZS_EIO, ZS_ETOOBIG (too many tokens). */
int inv_end(inv *v, uint32_t *ntok, zs_diag *d);

/* The passages are all in (the next call is inv_finish): when run files
 * were written, write what is still in memory as the last run and free the
 * pool and the tables, so that what is written before the postings, and
 * the merge, do not need that memory again on top of them.  The runs are
 * merged in the order written, so the postings are the same either way.
 * Without runs (everything fits the budget) nothing is done.  Errors:
 * ZS_ENOMEM, ZS_EIO, ZS_EINVAL (a passage is open). */
int inv_flush(inv *v, zs_diag *d);

/* Merge everything and write the POSTINGS, TERMS, TERMIDX and CHARS
 * sections (`sec`) to `zw` (invcode.h).  `dl` has the length of each of the
 * `npassages` passages.  threads > 1: the merged lists are coded by a
 * second thread while this one merges (the sections are the same).
 * Errors: ZS_ENOMEM, ZS_EIO, ZS_ECORRUPT (a run file changed under us). */
int inv_finish(inv *v, const post_lengths *dl, uint32_t npassages, zf_writer *zw,
               const invcode_sections *sec, int threads, zs_diag *d);

void inv_get_stats(const inv *v, inv_stats *st);

#endif
