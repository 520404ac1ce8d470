/*
 * postings.h - positional postings lists: encoding and cursors.
 *
 * A list holds, for one term, the passages (ids ascending) that contain it,
 * how often (tf), and at which positions.  docs/FORMAT.md has the grammar;
 * in short:
 *
 *   small list (df <= POST_BLOCK): the doc gaps-1, the tfs-1, the
 *       positions (per posting: first absolute, then gaps-1), each as
 *       varints when df < POST_PFOR_MIN, else as PFor blocks of up to
 *       POST_BLOCK values;
 *   block list: varint nblocks, varint skip table size, the skip table
 *       (per block: last doc gap, bytes of doc part, bytes of position
 *       part, max tf, min passage length), then the blocks: PFor(doc
 *       gaps-1) PFor(tf-1) and the positions as PFor chunks.
 *   When every tf of a list is 1 (flag POST_F_TF1, stored with the list's
 *   length in the dictionary) the tfs are not stored at all: two thirds of
 *   all lists, and most postings of rare terms.
 *
 * Why this shape: doc ids and tfs sit apart from positions, so counting,
 * intersecting and scoring decode no position at all, and phrase checks
 * decode positions only for blocks that hold a candidate.  The skip table
 * lets a cursor jump over whole blocks when intersecting, and its per-block
 * (max tf, min length) gives an upper bound of the block's BM25 score for
 * top-k pruning (block-max WAND, Ding and Suel, SIGIR 2011).  Gaps minus
 * one make runs of consecutive passages cost zero bits.
 *
 * Cursors never read outside the list they were given; damaged data makes
 * them stop with ZS_ECORRUPT in c->err.
 */
#ifndef ZS_POSTINGS_H
#define ZS_POSTINGS_H

#include "buf.h"
#include "err.h"
#include "pfor.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

#define POST_BLOCK PFOR_BLOCK
/* Doc id of an exhausted cursor. */
#define POST_END UINT32_MAX
/* Small lists with at least this many postings are PFor-coded, smaller
 * ones varint-coded: below it the header bytes of each PFor block cost
 * more than the bits saved (measured on the benchmark corpus; with the
 * one-byte headers of format 8, 4 or 6 would save 19 KB of 63.4 MB). */
#define POST_PFOR_MIN 8
/* List flags, kept in the dictionary. */
#define POST_F_TF1 1u /* every tf is 1: no tf data is stored */

/* ---- writing ------------------------------------------------------------ */

/* Passage lengths as the DL and DLX sections keep them (docs/FORMAT.md):
 * one byte each, FMT_DL_ESC for a length of 255 tokens or more, which is
 * then found among `x`: nx (passage, length) pairs in passage order.  A
 * byte a passage, not four: the lengths are kept whole until the postings
 * are written, and the long ones are few (210 of 683,047 in real100). */
typedef struct post_lengths {
    const uint8_t *b;
    const uint32_t *x;
    size_t nx;
} post_lengths;

/* The length of passage `doc` (which `l` must cover). */
uint32_t post_length(const post_lengths *l, uint32_t doc);

typedef struct post_writer {
    const post_lengths *dl; /* passage lengths, for the per-block minimum */
    uint32_t df;
    uint32_t last_doc; /* last doc added (valid when df > 0) */
    uint32_t bdocs[POST_BLOCK], btfs[POST_BLOCK];
    uint32_t n;          /* postings in the pending block */
    u32vec bpos;         /* positions of the pending block, already as gaps */
    uint32_t block_prev; /* last doc of the previous block, +1 (0 = none) */
    buf skip;            /* skip table so far */
    buf blocks;          /* encoded blocks so far */
    buf small;           /* the list as a small list, while df <= POST_BLOCK */
    buf smallpos;
    uint32_t nblocks;
    int tf1; /* every tf so far is 1 */
} post_writer;

/* `dl` (borrowed, may be NULL: lengths 0) gives passage lengths. */
void post_writer_init(post_writer *w, const post_lengths *dl);
void post_writer_free(post_writer *w);

/* Start a new list (forgets any unfinished one). */
void post_begin(post_writer *w);

/* Add a posting: docs strictly ascending, tf >= 1, `pos` ascending (tf
 * entries).  Errors: ZS_ENOMEM, ZS_EINVAL on order violations. */
int post_add(post_writer *w, uint32_t doc, uint32_t tf, const uint32_t *pos);

/* The same posting given a position at a time, for a caller that decodes
 * positions already held as gaps (the inverter's streams): post_doc opens
 * the posting of `doc`, then post_gap is called once per position with
 * the first position itself, then each position minus the one before
 * minus 1 (what the block stores, so nothing is computed again).  The
 * posting ends at the next post_doc or at post_end, and must have one
 * position at least.  The caller keeps the positions below 2^32.
 * Errors of post_doc: ZS_EINVAL when doc does not ascend or the posting
 * before has no position, ZS_ENOMEM; post_gap: ZS_ENOMEM (after a
 * post_doc that succeeded only). */
static inline int post_doc(post_writer *w, uint32_t doc);

/* Code the pending block, which holds POST_BLOCK postings: post_doc's
 * slow path (post_doc is inline, at every posting of a build's end), not
 * for callers.  Errors: ZS_ENOMEM. */
int post_flush(post_writer *w);

static inline int post_doc(post_writer *w, uint32_t doc)
{
    if (doc == POST_END || (w->df > 0 && (doc <= w->last_doc || w->btfs[w->n - 1] == 0)))
        return ZS_EINVAL;
    if (w->n == POST_BLOCK) {
        int rc = post_flush(w);
        if (rc) return rc;
    }
    w->bdocs[w->n] = doc;
    w->btfs[w->n] = 0;
    w->n++;
    w->df++;
    w->last_doc = doc;
    return ZS_OK;
}

static inline int post_gap(post_writer *w, uint32_t gap)
{
    if (++w->btfs[w->n - 1] == 2) w->tf1 = 0;
    return u32vec_push(&w->bpos, gap);
}

/* Append the finished list to `out`; returns its df and flags (POST_F_*).
 * A list with df 0 appends nothing.  Errors: ZS_ENOMEM, ZS_EINVAL when the
 * last posting (post_doc) has no position. */
int post_end(post_writer *w, buf *out, uint32_t *df, uint32_t *flags);

/* ---- reading ------------------------------------------------------------ */

typedef struct post_cursor {
    const uint8_t *p, *end; /* the list */
    uint32_t df;
    uint32_t flags;
    uint32_t ndocs; /* every doc id is below this (the segment's passages) */
    int small;
    int err;
    /* blocks */
    uint32_t nblocks, block; /* blocks in the list; index of the loaded one */
    const uint8_t *skip;     /* next unread skip entry */
    const uint8_t *data;     /* start of the next unloaded block */
    uint32_t next_last;      /* last doc of the next block, from the skip entry */
    uint32_t next_docbytes, next_posbytes, next_maxtf, next_mindl;
    int next_known;          /* the skip entry of block `block + 1` is read */
    uint32_t base;           /* last doc before the loaded block, + 1 */
    uint32_t max_tf, min_dl; /* of the loaded block */
    /* the loaded block */
    uint32_t n, i;
    uint32_t docs[POST_BLOCK], tfs[POST_BLOCK];
    const uint8_t *posdata; /* its positions */
    uint32_t posbytes;
    int pos_ready;
    u32vec pos; /* decoded positions of the loaded block */
    uint32_t posoff[POST_BLOCK + 1];
    uint64_t pos_abs[POST_BLOCK / 64]; /* postings whose positions are absolute yet */
    uint32_t doc;                      /* current doc, POST_END when exhausted */
} post_cursor;

/* Position the cursor on the first posting of the list (len bytes, df and
 * flags from the dictionary).  Doc ids are below `ndocs` (the passages of
 * the segment; POST_END when unknown): a list naming a larger one is
 * corrupt, so callers may index per-passage tables by c->doc.  Errors:
 * ZS_ECORRUPT. */
int post_open(post_cursor *c, const uint8_t *p, size_t len, uint32_t df, uint32_t flags,
              uint32_t ndocs);

/* Release the cursor's position buffer. */
void post_close(post_cursor *c);

/* Move to the next posting; c->doc is POST_END at the end.  Returns
 * c->err. */
int post_next(post_cursor *c);

/* Move to the first posting with doc >= target (never backwards). */
int post_advance(post_cursor *c, uint32_t target);

/* Postings post_seek looks at inside the loaded block before it hands
 * the search to post_advance's galloping.  Intersecting a phrase's lists,
 * the frequent list is probed every few postings (人民 every seventh in
 * 人民代表大会), where counting the next postings below the target
 * without a branch is cheaper than a search whose branches mispredict at
 * every probe (1 GB: 人民代表大会 −5 %, 生态环境 −10 %).  16 was slower
 * (15 comparisons on every probe of the rarer lists). */
#define POST_SEEK_WALK 8

/* post_advance, with the target found inline when it lies in the loaded
 * block at most POST_SEEK_WALK postings ahead (same result, same
 * errors). */
static inline int post_seek(post_cursor *c, uint32_t target)
{
    if (c->doc >= target) return c->err; /* POST_END too */
    uint32_t stop = c->i + POST_SEEK_WALK;
    if (stop >= c->n || c->docs[stop] < target) return post_advance(c, target);
    /* the docs rise: those below target are a prefix, counted without a
     * branch that mispredicts on every few-posting skip */
    uint32_t k = 1;
    for (uint32_t r = 1; r < POST_SEEK_WALK; r++) k += c->docs[c->i + r] < target;
    c->i += k;
    c->doc = c->docs[c->i];
    return 0;
}

/* post_seek for a list that leads an intersection: its target is most
 * often past its own match, the next posting, taken without the count. */
static inline int post_seek_lead(post_cursor *c, uint32_t target)
{
    if (c->doc < target && c->i + 1 < c->n && c->docs[c->i + 1] >= target) {
        c->doc = c->docs[++c->i];
        return 0;
    }
    return post_seek(c, target);
}

/* Add the tf of every posting from the current one up to (not including)
 * doc `end` into acc[doc - base], and stop on the first posting at or
 * after `end` (POST_END at the end of the list).  The current doc must be
 * at least `base`, and acc must have room for end - base entries.  Lets a
 * union of many lists be summed a window of passages at a time, the
 * window's accumulators staying in cache (Lucene's BooleanScorer scores
 * disjunctions in windows the same way).  Returns c->err. */
int post_accumulate(post_cursor *c, uint32_t end, uint32_t *acc, uint32_t base);

/* Term frequency of the current posting. */
static inline uint32_t post_tf(const post_cursor *c)
{
    return c->tfs[c->i];
}

/* Positions of the current posting (valid until the cursor moves).
 * Errors: ZS_ECORRUPT. */
int post_positions(post_cursor *c, const uint32_t **pos, uint32_t *n);

/* post_gaps when the block's positions are not decoded yet. */
int post_gaps_decode(post_cursor *c, const uint32_t **gaps, uint32_t *n);

/* The positions of the current posting as stored: the first, then each
 * gap minus one (valid until the cursor moves); post_positions must not
 * have been asked for this posting.  Inline: a phrase check asks for
 * three or four lists' positions in every passage its lists meet in.
 * Errors: ZS_ECORRUPT. */
static inline int post_gaps(post_cursor *c, const uint32_t **gaps, uint32_t *n)
{
    if (!c->pos_ready || c->doc == POST_END) return post_gaps_decode(c, gaps, n);
    *gaps = c->pos.v + c->posoff[c->i];
    *n = c->tfs[c->i];
    return 0;
}

/* Skip to the block holding `target` or later without decoding the blocks
 * passed over, and report the upper bounds of the block that would hold
 * it: its last doc, max tf and min length.  Used by block-max pruning.
 * Returns 0 when no block is left. */
int post_peek_block(post_cursor *c, uint32_t target, uint32_t *last, uint32_t *max_tf,
                    uint32_t *min_dl);

#endif
