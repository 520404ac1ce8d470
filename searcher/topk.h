/*
 * topk.h - the k best hits by score, ties broken by passage id (document
 * order), so results are deterministic.  A binary min-heap of size k whose
 * root is the worst hit kept: a new hit replaces it when better.
 */
#ifndef ZS_TOPK_H
#define ZS_TOPK_H

#include <stddef.h>
#include <stdint.h>

typedef struct topk_hit {
    double score;
    uint64_t gid; /* global passage id */
} topk_hit;

typedef struct topk {
    topk_hit *h;
    size_t n, k;
} topk;

/* Room for k hits (k may be 0: then nothing is kept).  ZS_ENOMEM. */
int topk_init(topk *t, size_t k);
void topk_free(topk *t);

/* Offer a hit. */
void topk_push(topk *t, double score, uint64_t gid);

/* Is a hit with this score (and a larger gid than any seen) still worth
 * offering?  Lets callers skip work for hits that cannot enter. */
static inline int topk_wants(const topk *t, double score)
{
    return t->n < t->k || score > t->h[0].score;
}

/* Sort the kept hits best first (the heap is consumed). */
void topk_sort(topk *t);

#endif
