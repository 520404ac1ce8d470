/* topk.c - bounded heap of the best hits (see topk.h). */
#include "topk.h"

#include "err.h"

#include <stdlib.h>

/* a is worse than b: lower score, or the same score and later in order */
static int worse(const topk_hit *a, const topk_hit *b)
{
    return a->score < b->score || (a->score == b->score && a->gid > b->gid);
}

int topk_init(topk *t, size_t k)
{
    t->n = 0;
    t->k = k;
    t->h = malloc((k ? k : 1) * sizeof *t->h);
    return t->h ? ZS_OK : ZS_ENOMEM;
}

void topk_free(topk *t)
{
    free(t->h);
    t->h = NULL;
    t->n = t->k = 0;
}

static void sift_down(topk_hit *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && worse(&h[l], &h[m])) m = l;
        if (r < n && worse(&h[r], &h[m])) m = r;
        if (m == i) return;
        topk_hit x = h[i];
        h[i] = h[m];
        h[m] = x;
        i = m;
    }
}

void topk_push(topk *t, double score, uint64_t gid)
{
    topk_hit x = {score, gid};
    if (t->n < t->k) {
        size_t i = t->n++;
        t->h[i] = x;
        while (i > 0) {
            size_t p = (i - 1) / 2;
            if (!worse(&t->h[i], &t->h[p])) break;
            topk_hit y = t->h[i];
            t->h[i] = t->h[p];
            t->h[p] = y;
            i = p;
        }
        return;
    }
    if (t->k == 0 || !worse(&t->h[0], &x)) return;
    t->h[0] = x;
    sift_down(t->h, t->n, 0);
}

void topk_sort(topk *t)
{
    /* heap sort: repeatedly move the worst to the end */
    for (size_t n = t->n; n > 1; n--) {
        topk_hit x = t->h[0];
        t->h[0] = t->h[n - 1];
        t->h[n - 1] = x;
        sift_down(t->h, n - 1, 0);
    }
}
