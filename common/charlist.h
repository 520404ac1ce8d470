/*
 * charlist.h - lists of the passages of a frequent character, with block
 * impacts (the CHARLISTS section, docs/FORMAT.md).
 *
 * A lone character matches every term that starts with it, so its tf in a
 * passage is a sum over those terms (match.h MT_LIST): for 的 at 1 GB,
 * 2,591 lists and 6.1 M postings must be read to rank its 3.8 M passages.
 * A segment therefore keeps, for each character in at least
 * 1 / CHARLIST_SHARE of its passages, one list of (passage, tf) without
 * positions, in blocks of CHARLIST_BLOCK postings.  Each block starts with
 * its impacts: the (tf, length) pairs of its passages that no other
 * passage of the block beats on both (a larger or equal tf and a smaller
 * or equal length), as Lucene's impacts (Grand et al., "From MaxScore to
 * Block-Max WAND: the story of how Lucene significantly improved query
 * evaluation performance", ECIR 2020).  BM25 rises with tf and falls with
 * the length, so the best score of a block is that of one of its impacts,
 * exactly, whatever the average length; blocks whose best cannot enter
 * the top k are passed over without decoding (block-max pruning, Ding and
 * Suel, SIGIR 2011).  With (max tf, min length) alone, as the skip
 * entries of term lists have, 29,549 of 29,585 blocks of 的 at 1 GB would
 * still be read; with impacts, 14 can hold one of its best 10.
 *
 * Invariants of a cursor: it never reads outside the list it was given;
 * damaged data stops it with ZS_ECORRUPT in c->err.
 */
#ifndef ZS_CHARLIST_H
#define ZS_CHARLIST_H

#include "buf.h"
#include "postings.h"

#include <stddef.h>
#include <stdint.h>

/* A character gets a list when at least 1 / CHARLIST_SHARE of the
 * segment's passages hold it: at 1 GB 的 and 人, 6.0 M postings in 4.49
 * MB (0.45 % of the index; at 100 MB 的, 0.28 MB).  A quarter would take
 * 7 characters and 11.26 MB, and the index past 1.0 x its input (1000.27
 * MB for 1000.00); rarer characters are ranked from their terms' lists
 * (charscan.h). */
#define CHARLIST_SHARE 3
/* Postings per block (one PFor block of gaps, one of tfs). */
#define CHARLIST_BLOCK POST_BLOCK
/* Largest tf a list can hold: the writer sums tfs in 16 bits a passage;
 * a character with a larger tf in some passage gets no list. */
#define CHARLIST_TF_MAX UINT16_MAX

/* ---- writing ------------------------------------------------------------ */

typedef struct charlist_writer {
    const post_lengths *dl; /* passage lengths (borrowed) */
    buf dir;                /* directory entries so far */
    buf lists;              /* the lists so far */
    uint32_t n, prev_cp;
    /* the open list */
    uint32_t cp, df, nb; /* its character, postings, postings in the block */
    uint32_t prev_last;  /* last passage of the previous block + 1 (0: none) */
    size_t list_at;      /* where it starts in `lists` */
    uint32_t docs[CHARLIST_BLOCK], tfs[CHARLIST_BLOCK];
    int err; /* sticky: the first error */
} charlist_writer;

/* `dl` gives the passage lengths (borrowed until charlist_writer_free). */
void charlist_writer_init(charlist_writer *w, const post_lengths *dl);
void charlist_writer_free(charlist_writer *w);

/* Start the list of code point `cp` (above every earlier one).  Its
 * postings follow (charlist_posting), then charlist_end.  Errors
 * (sticky, also returned by the calls after): ZS_ENOMEM, ZS_EINVAL. */
int charlist_begin(charlist_writer *w, uint32_t cp);

/* Add passage `doc` (above the one before) with tf 1..CHARLIST_TF_MAX. */
int charlist_posting(charlist_writer *w, uint32_t doc, uint32_t tf);

/* End the open list (a list without postings is left out). */
int charlist_end(charlist_writer *w);

/* Append the section's bytes (count, directory, lists) to `out`. */
int charlist_write(charlist_writer *w, buf *out);

/* ---- reading ------------------------------------------------------------ */

/* The directory of a CHARLISTS section, parsed on open (segment.h). */
typedef struct charlist_dir {
    uint32_t n;
    uint32_t *cp, *df; /* ascending by code point */
    uint64_t *off;     /* offset of each list in the section, and off[n] = end */
} charlist_dir;

/* Parse the section [p, p + len) of a segment of `npassages` passages.
 * Errors: ZS_ECORRUPT (counts, order, lengths beyond the section),
 * ZS_ENOMEM.  Free with charlist_dir_free (also after an error). */
int charlist_dir_load(charlist_dir *dir, const uint8_t *p, size_t len, uint32_t npassages);
void charlist_dir_free(charlist_dir *dir);

/* Index of code point `cp`'s list in `dir`, or -1 when it has none. */
long charlist_find(const charlist_dir *dir, uint32_t cp);

typedef struct charlist_cursor {
    const uint8_t *p, *end;
    uint32_t ndocs; /* passages of the segment: every id is below */
    uint32_t left;  /* postings in the blocks not yet entered */
    uint32_t base;  /* last passage of the previous block + 1 */
    int err;
    /* the entered block */
    uint32_t n, last;
    uint32_t nimp;
    uint32_t imp_tf[CHARLIST_BLOCK], imp_dl[CHARLIST_BLOCK];
    const uint8_t *data; /* its postings, data_len bytes */
    uint32_t data_len;
} charlist_cursor;

/* Open a cursor on a list of df postings at [p, p + len).  Errors: none
 * (damage shows on charlist_block). */
void charlist_open(charlist_cursor *c, const uint8_t *p, size_t len, uint32_t df, uint32_t ndocs);

/* Enter the next block: its size, last passage and impacts are set; its
 * postings are not decoded.  *has is 0 at the end of the list.  Errors:
 * ZS_ECORRUPT (also in c->err). */
int charlist_block(charlist_cursor *c, int *has);

/* Decode the entered block's passages and tfs (c->n each).  Errors:
 * ZS_ECORRUPT (a gap beyond the block's last passage, a tf above its
 * largest impact). */
int charlist_decode(charlist_cursor *c, uint32_t *docs, uint32_t *tfs);

#endif
