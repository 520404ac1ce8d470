/* vec.c - growable integer arrays (see vec.h). */
#include "vec.h"

#include "err.h"

#include <stdlib.h>

/* Make room for `need` elements of size `elem` in the array `p` of capacity
 * *cap; the (possibly moved) array goes to *out. */
static int grow(void *p, size_t *cap, size_t need, size_t elem, void **out)
{
    *out = p;
    if (need <= *cap) return ZS_OK;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem) return ZS_ENOMEM;
        c *= 2;
    }
    void *q = realloc(p, c * elem);
    if (!q) return ZS_ENOMEM;
    *out = q;
    *cap = c;
    return ZS_OK;
}

void u32vec_init(u32vec *a)
{
    a->v = NULL;
    a->n = a->cap = 0;
}

void u32vec_free(u32vec *a)
{
    free(a->v);
    u32vec_init(a);
}

int u32vec_reserve(u32vec *a, size_t extra)
{
    if (extra > SIZE_MAX - a->n) return ZS_ENOMEM;
    void *p;
    int rc = grow(a->v, &a->cap, a->n + extra, sizeof *a->v, &p);
    if (rc == ZS_OK) a->v = p;
    return rc;
}

int u32vec_push_slow(u32vec *a, uint32_t x)
{
    int rc = u32vec_reserve(a, 1);
    if (rc) return rc;
    a->v[a->n++] = x;
    return ZS_OK;
}

void u64vec_init(u64vec *a)
{
    a->v = NULL;
    a->n = a->cap = 0;
}

void u64vec_free(u64vec *a)
{
    free(a->v);
    u64vec_init(a);
}

int u64vec_reserve(u64vec *a, size_t extra)
{
    if (extra > SIZE_MAX - a->n) return ZS_ENOMEM;
    void *p;
    int rc = grow(a->v, &a->cap, a->n + extra, sizeof *a->v, &p);
    if (rc == ZS_OK) a->v = p;
    return rc;
}

int u64vec_push_slow(u64vec *a, uint64_t x)
{
    int rc = u64vec_reserve(a, 1);
    if (rc) return rc;
    a->v[a->n++] = x;
    return ZS_OK;
}
