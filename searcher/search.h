/*
 * search.h - running a parsed query over an index: exact match count and
 * the best passages by BM25.
 *
 * A plan turns the query's words into tokens and looks up their document
 * frequencies over all segments (the idfs must be global).  Running it
 * visits each segment in turn: the positive clauses (each an OR of words)
 * are intersected passage by passage, led by the one with the fewest
 * candidates (leapfrog join); exclusions and check clauses (a OR -b) are
 * checked on each match; every
 * match is counted (counts are exact) and scored, and the best k are kept.
 * Phrases in such a join stop where their lists meet and check positions
 * only where every positive clause agrees (match.h mt_set_lazy), and a
 * match whose score at its blocks' smallest length cannot enter the top k
 * is counted without being scored.  Two shapes have paths of their own
 * with the same results: one word of one term (its df is the count; blocks
 * whose max tf and min length cannot enter are skipped, block-max
 * pruning) and one lone character (charscan.h).
 *
 * Score of a passage = sum over its distinct positive words that occur in
 * it of bm25(word) (bm25.h).  A NEAR group counts as one word: its idf is
 * the sum of its words', its tf the number of windows that hold them all
 * within the distance, and its score is multiplied by the proximity boost
 * 1 + 1 / (1 + gap), gap being the closest window's (2 when the words
 * touch).  Ties are broken by passage order.
 */
#ifndef ZS_SEARCH_H
#define ZS_SEARCH_H

#include "date.h"
#include "err.h"
#include "index.h"
#include "match.h"
#include "query.h"
#include "topk.h"

#include <stddef.h>
#include <stdint.h>

/* Kind of a filter on the documents' dates (not a field term). */
#define SRCH_FILTER_DATE 'd'

/* A filter: the passages that have any of these field terms, or (kind
 * SRCH_FILTER_DATE) whose document's date lies in any of these ranges
 * (date.h, date_in_range). */
typedef struct srch_filter {
    char kind;                /* FMT_FIELD_CITY, FMT_FIELD_YEAR or SRCH_FILTER_DATE */
    uint32_t *values;         /* place codes or years (owned by the caller) */
    size_t n;                 /* number of values, or of ranges */
    const date_range *ranges; /* SRCH_FILTER_DATE (owned by the caller) */
} srch_filter;

typedef struct srch_word {
    const qry_word *q;       /* borrowed from the query; NULL for a filter term */
    const qry_cond *cond;    /* a numeric condition (no tokens), borrowed */
    const srch_filter *date; /* a date filter (no tokens), borrowed */
    const qry_field *field;  /* a title:, kind: or doc: filter (docfilter.h), borrowed */
    mt_word w;
    uint64_t *tok_df; /* per token, over all segments */
    double *tok_idf;
    double idf;   /* sum of the token idfs */
    mt_word *sub; /* a NEAR group (q->nnear > 0): its words, tokenized; w is empty */
    size_t nsub;
    int neg; /* a negated word of a check clause: never scored or shown */
    int dup; /* the same word as an earlier one of the plan: scored once */
} srch_word;

typedef struct srch_clause {
    size_t first, n; /* words [first, first + n) of the plan */
    int neg;
    int check;  /* words and negated words (srch_word.neg): checked on matches */
    int filter; /* a filter: must match, adds nothing to the score */
} srch_clause;

typedef struct srch_plan {
    srch_word *words;
    size_t nwords;
    srch_clause *cl;
    size_t ncl;
    size_t npos;                /* positive clauses */
    const srch_filter *filters; /* borrowed: conditions check facts' own years and places */
    size_t nfilters;
    int exact_script; /* --exact-script: matches are checked on stored text (exact.h);
                         0 after srch_plan_build, set by the caller */
} srch_plan;

typedef struct srch_result {
    uint64_t total; /* matching passages */
    topk_hit *hits; /* best first; owned */
    size_t nhits;
} srch_result;

typedef struct searcher {
    zindex *ix;    /* borrowed */
    uint32_t *acc; /* zeroed scratch, one entry per passage of the largest segment */
} searcher;

/* Explanation of one word's part in one passage's score. */
typedef struct srch_explain_word {
    const srch_word *word;
    uint32_t tf;
    double norm;  /* k1 * (1 - b + b * dl / avgdl) */
    double boost; /* NEAR: 1 + 1 / (1 + gap), gap = the closest window's; else 1 */
    uint32_t gap;
    double score;
} srch_explain_word;

typedef struct srch_explain {
    uint64_t n; /* passages in the index */
    double avgdl;
    uint32_t dl;
    double score;
    srch_explain_word *words; /* one per word of the plan (negative ones with tf 0) */
    size_t nwords;
} srch_explain;

/* Does word j of clause c add to the score and to the highlights: a
 * positive word, the first of its kind, in a clause that is neither an
 * exclusion nor a filter? */
int srch_scored(const srch_plan *p, size_t c, size_t j);

/* The tokens of a plan word, those of every word of a NEAR group in
 * turn: their number, and the k-th (whose df and idf are tok_df[k] and
 * tok_idf[k]). */
size_t srch_word_ntoks(const srch_word *w);
const mt_tok *srch_word_tok(const srch_word *w, size_t k);

int srch_init(searcher *s, zindex *ix);
void srch_free(searcher *s);

/* Build the plan of `q` (borrowed until srch_plan_free) and the filters
 * (borrowed too).  Each condition of q (托位数>3) is a clause that must
 * match and adds nothing to the score (condition.h).  A query may have no words when it has
 * filters: its passages come in document order.  Errors: ZS_EINVAL (nothing to match), ZS_ENOMEM,
 * ZS_ECORRUPT. */
int srch_plan_build(searcher *s, const qry *q, const srch_filter *filters, size_t nfilters,
                    srch_plan *p, zs_diag *d);
void srch_plan_free(srch_plan *p);

/* Count all matches and keep the best `k` (k may be 0 for a count); when
 * `all` is not NULL, every matching passage's global id is appended to it,
 * ascending (for facets).  Free the result with srch_result_free. */
int srch_run(searcher *s, const srch_plan *p, size_t k, u64vec *all, srch_result *r, zs_diag *d);
void srch_result_free(srch_result *r);

/* How passage `gid` got its score.  Free with srch_explain_free. */
int srch_explain_hit(searcher *s, const srch_plan *p, uint64_t gid, srch_explain *e, zs_diag *d);
void srch_explain_free(srch_explain *e);

#endif
