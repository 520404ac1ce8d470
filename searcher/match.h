/*
 * match.h - where a query word occurs in one segment.
 *
 * A word is tokenized in query mode (tokenize.h) into tokens with relative
 * positions.  In a segment it becomes a matcher that walks the passages
 * where the whole word occurs, exactly, in passage id order, and reports
 * how often (tf):
 *
 *   MT_TERM    one token (a bigram, a lone character inside the word, a
 *              Latin word): its postings list; tf from the list.
 *   MT_PHRASE  several tokens: the postings of a cover of the word (for a
 *              CJK word of n characters the bigrams at 0, 2, 4, ... and
 *              n-2: two bigrams that stand two apart fix four characters,
 *              so about half the bigrams prove an exact occurrence) are
 *              intersected, led by the rarest list, and positions are
 *              checked only where all lists meet.  When a token outside
 *              the cover is rarer than every cover token (生健 in 卫生健康:
 *              19,915 passages at 1 GB, against 72,721 for 健康), its list
 *              joins the intersection as a filter and leads it: every
 *              occurrence of the word holds all its exact tokens (a
 *              bigram inside the cover's span stands on two characters
 *              the cover fixes, adjacent, so in one CJK run), so the
 *              filter drops no match; its positions are never read.
 *   MT_LIST    a single CJK character: the union of all terms that start
 *              with it (every character starts exactly one token in a
 *              document), gathered once into a sorted list of passages
 *              and tfs.
 *   MT_DATES   a date filter: every passage of the documents whose date
 *              (DOCDATES) lies in one of the ranges, found lazily: an
 *              advance looks up the target's document and walks on to the
 *              next matching one, so a filter led by a rarer word costs a
 *              lookup per candidate, never a pass over the segment.
 *   MT_NEAR    several words within a distance of each other (NEAR, "a b"~N):
 *              their matchers joined, then the positions checked.
 *   MT_NONE    some token does not occur in the segment.
 *
 * A word that ends in a lone character after other tokens ("5G医") also
 * needs that character's occurrences with positions, gathered the same
 * way, to check the last position.
 */
#ifndef ZS_MATCH_H
#define ZS_MATCH_H

#include "date.h"
#include "err.h"
#include "postings.h"
#include "segment.h"
#include "tokenize.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>

typedef struct mt_tok {
    char term[TOK_TERM_MAX];
    uint32_t len;
    uint32_t rel; /* position relative to the word's first token */
    uint32_t ncp; /* code points covered */
    tok_kind kind;
} mt_tok;

/* A query word, tokenized once and shared by all segments. */
typedef struct mt_word {
    mt_tok *toks;
    size_t n;
} mt_word;

/* Tokenize `text` (normalized query word).  Errors: ZS_ENOMEM, ZS_EINVAL
 * (no tokens). */
int mt_word_init(mt_word *w, const char *text, size_t len);
void mt_word_free(mt_word *w);

/* Is the word a single CJK character (answered by MT_LIST)? */
int mt_word_is_char(const mt_word *w);

/* Gathered postings of all terms with a given first character. */
typedef struct mt_list {
    uint32_t *docs, *tfs;
    uint32_t *posoff, *pos; /* positions of docs[i]: pos[posoff[i] .. posoff[i+1]) */
    size_t n;
} mt_list;

typedef enum mt_kind { MT_NONE, MT_TERM, MT_PHRASE, MT_LIST, MT_DATES, MT_NEAR } mt_kind;

/* Most words in one NEAR group. */
#define MT_NEAR_MAX 8

typedef struct mt_matcher {
    mt_kind kind;
    post_cursor *cur; /* cover tokens [0, npos), then at most one filter token */
    uint32_t *rel;
    size_t ncur, lead;  /* lead: the rarest list */
    size_t npos, plead; /* the cover, whose positions are checked; its rarest list */
    size_t *order;      /* the lists but the lead, rarest first: the order they join */
    mt_list list;       /* MT_LIST, or the trailing character of a phrase */
    size_t li;
    int has_tail; /* a trailing lone character to check */
    uint32_t tail_rel;
    uint32_t doc, tf; /* current passage (POST_END at the end) and tf */
    uint64_t cost;    /* upper bound of the passages it can match */
    u32vec cand, tmp;
    const uint8_t *dl; /* MT_PHRASE: the segment's DL column, fetched ahead */
    segment *seg;      /* MT_DATES; words and NEAR: to name the file in errors */
    /* MT_DATES */
    const date_range *ranges;
    size_t nranges;
    uint32_t dend; /* end of the matching document the matcher is in */
    /* MT_NEAR: one matcher per word; tf counts the windows that hold every
     * word within `dist` code points; gap is the smallest such gap */
    struct mt_matcher *kids;
    size_t nkids;
    uint32_t *kid_len; /* code points of each word */
    uint32_t dist, gap;
    int with_pos; /* MT_LIST of a single character keeps its positions */
    int lazy;     /* MT_PHRASE: stop where the lists meet, positions unchecked */
    int pending;  /* lazy: the current passage's positions are not checked yet */
    int err;
    zs_diag *diag;
} mt_matcher;

/* Prepare a matcher for word `w` in segment `s` and move it to the first
 * match.  `acc` is scratch of at least s->npassages zeroed u32 entries,
 * returned zeroed.  Errors: ZS_ECORRUPT, ZS_ENOMEM. */
int mt_open(mt_matcher *m, segment *s, const mt_word *w, uint32_t *acc, zs_diag *d);

/* Passages where all `n` words occur (2 <= n <= MT_NEAR_MAX), some
 * occurrence of each inside one window whose gap - its length minus the
 * words' lengths, in code points - is at most `dist` (in any order).  tf is
 * the number of such windows, m->gap the smallest gap in the passage.
 * Errors: those of mt_open, ZS_EINVAL (n out of range). */
int mt_open_near(mt_matcher *m, segment *s, const mt_word *w, size_t n, uint32_t dist,
                 uint32_t *acc, zs_diag *d);

/* A matcher over a ready list of passages (ascending, no duplicates), each
 * with tf 1; it takes ownership of `ids` (malloc'ed), also on error.
 * Errors: ZS_ENOMEM. */
int mt_open_ids(mt_matcher *m, uint32_t *ids, size_t n);

/* A matcher over the passages of segment `s` whose document's date lies
 * in any of `ranges` (borrowed until mt_close), each with tf 1.  Errors:
 * none beyond those of mt_advance. */
int mt_open_dates(mt_matcher *m, segment *s, const date_range *ranges, size_t n);

/* Move to the first match at or after `target` (never backwards). */
int mt_advance(mt_matcher *m, uint32_t target);

/* Make a phrase matcher stop at every passage where its lists meet,
 * without checking positions (m->pending then set, m->tf 0), until
 * mt_confirm checks them: the two phases of Lucene's TwoPhaseIterator.
 * In a conjunction the other clauses then drop most candidates before
 * their positions are decoded (`高质量发展 city:郑州 year:2023`: 49,502
 * phrase matches, 18 hits).  Other matchers are left as they are. */
void mt_set_lazy(mt_matcher *m);

/* Check the positions at a pending passage: *ok is 1 and m->tf set when
 * the word occurs there; else *ok is 0 and the matcher has moved on to
 * its next candidate (pending again, or POST_END).  Without a pending
 * passage *ok tells whether the matcher is on one.  Errors: those of
 * mt_advance. */
int mt_confirm(mt_matcher *m, int *ok);

/* A lower bound of the length of the passage the matcher is on: the
 * largest of its lists' block minimums (FORMAT.md, skip entries), 0 when
 * it knows none.  Lets the search skip the length lookup and the score of
 * a match that cannot enter the top k. */
uint32_t mt_min_dl(const mt_matcher *m);

void mt_close(mt_matcher *m);

#endif
