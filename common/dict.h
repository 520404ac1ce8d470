/*
 * dict.h - the term dictionary of a segment: sorted terms with their
 * document frequency and the place of their postings list.
 *
 * Terms are byte strings (folded UTF-8 from the tokenizer, or field terms
 * with a reserved first byte), stored in sorted order in blocks of
 * DICT_BLOCK terms, front-coded against the previous term of the block
 * (the first term of a block is whole).  A block index gives, per block,
 * where it starts, where the postings of its first term start, and the
 * ordinal of its first term, so a lookup is a binary search over the
 * blocks' first terms and a scan of one block.  Postings offsets are not
 * stored per term: they are the running sum of the list lengths from the
 * block's base, which keeps an entry at about 8 bytes.
 *
 *   TERMS    block*; block = term*; term = varint shared, varint suffix
 *            length, suffix, varint df, varint (postings length << 2 |
 *            list flags)
 *   TERMIDX  u32 nblocks, u32 DICT_BLOCK, u64 nterms, then per block:
 *            u32 block offset in TERMS, u32 first ordinal, u64 postings
 *            offset of its first term
 *
 * Why blocks of 32: a scan of 32 front-coded entries costs about as much as
 * five more binary-search steps, and the index stays at 0.5 bytes per term.
 */
#ifndef ZS_DICT_H
#define ZS_DICT_H

#include "buf.h"
#include "err.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

#define DICT_BLOCK 32
/* Longest term the dictionary stores (bytes). */
#define DICT_TERM_MAX 255

/* ---- writing ------------------------------------------------------------ */

typedef struct dict_writer {
    buf terms; /* TERMS section being built */
    buf index; /* TERMIDX entries being built */
    char prev[DICT_TERM_MAX];
    size_t prev_len;
    uint64_t nterms;
    uint32_t nblocks;
    uint64_t post_off; /* postings offset of the next term */
} dict_writer;

void dict_writer_init(dict_writer *w);
void dict_writer_free(dict_writer *w);

/* Flag bits kept with each term (the postings list flags). */
#define DICT_FLAG_BITS 2

/* Add the next term (strictly greater than the previous one) whose postings
 * list of `post_len` bytes follows the previous term's; `flags` (below
 * 1 << DICT_FLAG_BITS) are the list's flags.  Errors: ZS_EINVAL (order,
 * length, flags), ZS_ENOMEM. */
int dict_add(dict_writer *w, const char *term, size_t len, uint32_t df, uint32_t flags,
             uint64_t post_len);

/* Write TERMS and TERMIDX as two sections of `zw`. */
int dict_write(dict_writer *w, zf_writer *zw, uint32_t sec_terms, uint32_t sec_index);

/* ---- reading ------------------------------------------------------------ */

typedef struct dict_reader {
    zf_reader *zr; /* borrowed */
    zf_slice terms;
    zf_slice index;
    uint32_t nblocks;
    uint64_t nterms;
} dict_reader;

typedef struct dict_entry {
    char term[DICT_TERM_MAX + 1]; /* NUL-terminated copy */
    size_t len;
    uint32_t df;
    uint32_t flags;              /* postings list flags */
    uint64_t post_off, post_len; /* in the postings section */
    uint64_t ord;                /* ordinal of the term */
} dict_entry;

/* Iterator over terms in order. */
typedef struct dict_iter {
    const dict_reader *d;
    uint32_t block;
    const uint8_t *p, *end; /* position in the current block */
    uint32_t in_block;      /* terms read from the current block */
    dict_entry e;           /* the current term */
    int valid;
} dict_iter;

/* Open the dictionary from the two sections of `zr` (borrowed until the
 * reader is closed); checks the index's pages.  Errors: ZS_ECORRUPT. */
int dict_open(dict_reader *d, zf_reader *zr, uint32_t sec_terms, uint32_t sec_index, zs_diag *dg);

/* Look up a term.  Returns ZS_OK and fills *e, ZS_ENOTFOUND, or
 * ZS_ECORRUPT. */
int dict_find(const dict_reader *d, const char *term, size_t len, dict_entry *e, zs_diag *dg);

/* Position `it` on the first term >= key (key may be empty: the first
 * term).  it->valid is 0 past the end.  Errors: ZS_ECORRUPT. */
int dict_seek(const dict_reader *d, const char *key, size_t len, dict_iter *it, zs_diag *dg);

/* Move to the next term. */
int dict_next(dict_iter *it, zs_diag *dg);

#endif
